"""Organisations, members and invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.jobs.queue import defer
from app.models.auth import ApiToken, AuthSession
from app.models.identity import (
    COALITION_ROLES,
    NGO_ROLES,
    Invitation,
    Membership,
    Organization,
    OrgKind,
    Role,
    User,
)
from app.security import tokens
from app.security.passwords import hash_password, password_problem
from app.security.permissions import Principal
from app.workflows import audit, scoping
from app.workflows.auth import normalise_email, revoke_sessions, revoke_user_sessions


def roles_for(kind: OrgKind) -> frozenset[Role]:
    return NGO_ROLES if kind == OrgKind.ngo else COALITION_ROLES


def list_orgs(db: Session, p: Principal) -> list[Organization]:
    return list(db.execute(scoping.organizations(p).order_by(Organization.name)).scalars())


def get_org(db: Session, p: Principal, org_id: str) -> Organization:
    org = db.execute(scoping.organizations(p).where(Organization.id == org_id)).scalar_one_or_none()
    if org is None:
        raise NotFound("No such organisation")
    return org


def _check_role(org: Organization, role: Role) -> None:
    if role not in roles_for(org.kind):
        raise Invalid(
            "This role does not exist in this kind of organisation",
            errors=[
                {
                    "loc": ["body", "role"],
                    "msg": f"allowed: {', '.join(sorted(r.value for r in roles_for(org.kind)))}",
                }
            ],
        )


ALREADY_MEMBER = "This person already belongs to an organisation"


def _account_without_org(db: Session, email: str) -> User | None:
    """The account for this address, if any; Conflict if it already belongs to an organisation."""
    user = db.execute(select(User).where(User.email == email)).scalar_one_or_none()
    if user is not None and db.execute(scoping.unscoped_membership_of_user(user.id)).first():
        raise Conflict(ALREADY_MEMBER)
    return user


def manageable_org(db: Session, p: Principal, org_id: str) -> Organization:
    org = get_org(db, p, org_id)
    if not p.can("members:manage"):
        raise Forbidden("You may not manage this organisation's members")
    return org


def create_org(
    db: Session,
    p: Principal,
    name: str,
    kind: OrgKind,
    country: str | None,
    email_domains: list[str],
    ip: str | None,
) -> Organization:
    name = name.strip()
    if db.execute(select(Organization).where(func.lower(Organization.name) == name.lower())).first():
        raise Conflict(f"An organisation named {name!r} already exists")
    org = Organization(
        name=name,
        kind=kind,
        country=country.upper() if country else None,
        email_domains=",".join(d.lower() for d in email_domains) or None,
    )
    db.add(org)
    db.flush()
    audit.record(
        db,
        "org.created",
        principal=p,
        ip=ip,
        target_type="organization",
        target_id=org.id,
        data={"name": name, "kind": kind.value},
    )
    return org


@dataclass
class MemberView:
    user: User
    membership: Membership


def list_members(db: Session, p: Principal, org_id: str) -> list[MemberView]:
    org = manageable_org(db, p, org_id)
    rows = db.execute(
        scoping.memberships(p)
        .add_columns(User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.org_id == org.id)
        .order_by(User.email)
    ).all()
    return [MemberView(u, m) for m, u in rows]


def member(db: Session, p: Principal, org_id: str, user_id: str) -> tuple[Organization, Membership]:
    """A member of an organisation this principal manages (NotFound otherwise)."""
    org = manageable_org(db, p, org_id)
    m = db.execute(
        scoping.memberships(p).where(Membership.org_id == org.id, Membership.user_id == user_id)
    ).scalar_one_or_none()
    if m is None:
        raise NotFound("No such member")
    return org, m


def _admins_left(db: Session, p: Principal, org: Organization, excluding_user: str) -> int:
    admin_role = Role.org_admin if org.kind == OrgKind.ngo else Role.coalition_admin
    admins = scoping.memberships(p).where(
        Membership.org_id == org.id, Membership.role == admin_role, Membership.user_id != excluding_user
    )
    return db.execute(select(func.count()).select_from(admins.subquery())).scalar_one()


def change_role(
    db: Session, p: Principal, org_id: str, user_id: str, role: Role, ip: str | None
) -> MemberView:
    org, m = member(db, p, org_id, user_id)
    _check_role(org, role)
    user = db.get(User, user_id)
    assert user is not None  # the membership references it
    if m.role == role:
        return MemberView(user, m)
    if m.role in (Role.org_admin, Role.coalition_admin) and _admins_left(db, p, org, user_id) == 0:
        raise Conflict("An organisation must keep at least one administrator")
    old = m.role
    m.role = role
    # Privileges changed: existing sessions of that person must sign in again.
    _revoke_user_credentials(db, p, user_id)
    audit.record(
        db,
        "member.role_changed",
        principal=p,
        ip=ip,
        org_id=org.id,
        target_type="user",
        target_id=user_id,
        data={"from": old.value, "to": role.value},
    )
    return MemberView(user, m)


def _revoke_user_credentials(db: Session, p: Principal, user_id: str) -> None:
    revoke_user_sessions(db, user_id)
    now = utcnow()
    for t in db.execute(
        scoping.manageable_api_tokens(p).where(ApiToken.created_by == user_id, ApiToken.revoked_at.is_(None))
    ).scalars():
        t.revoked_at = now


def remove_member(db: Session, p: Principal, org_id: str, user_id: str, ip: str | None) -> None:
    org, m = member(db, p, org_id, user_id)
    if m.role in (Role.org_admin, Role.coalition_admin) and _admins_left(db, p, org, user_id) == 0:
        raise Conflict("An organisation must keep at least one administrator")
    db.delete(m)
    _revoke_user_credentials(db, p, user_id)
    user = db.get(User, user_id)
    if user is not None:
        user.is_active = False
    audit.record(
        db, "member.removed", principal=p, ip=ip, org_id=org.id, target_type="user", target_id=user_id
    )


# ---- invitations ----------------------------------------------------------------------------------


def invite(
    db: Session, p: Principal, settings: Settings, org_id: str, email: str, role: Role, ip: str | None
) -> Invitation:
    org = manageable_org(db, p, org_id)
    _check_role(org, role)
    email = normalise_email(email)
    _account_without_org(db, email)
    raw = tokens.random_token()
    inv = Invitation(
        org_id=org.id,
        email=email,
        role=role,
        token_hash=tokens.token_hash(raw),
        invited_by=p.user_id,
        expires_at=utcnow() + timedelta(days=settings.invitation_days),
    )
    db.add(inv)
    db.flush()
    link = f"{settings.public_base_url.rstrip('/')}/invitations/accept#token={raw}"
    defer(
        db,
        "mail.send",
        to=email,
        subject=f"Invitation to join {org.name} on the coalition portal",
        body=(
            f"You have been invited to join {org.name} as {role.value.replace('_', ' ')}.\n\n"
            f"Accept the invitation within {settings.invitation_days} days:\n{link}\n\n"
            "If you did not expect this message, ignore it."
        ),
    )
    audit.record(
        db,
        "invitation.created",
        principal=p,
        ip=ip,
        org_id=org.id,
        target_type="invitation",
        target_id=inv.id,
        data={"email": email, "role": role.value},
    )
    return inv


def list_invitations(db: Session, p: Principal, org_id: str) -> list[Invitation]:
    org = manageable_org(db, p, org_id)
    return list(
        db.execute(
            scoping.invitations(p).where(Invitation.org_id == org.id).order_by(Invitation.created_at.desc())
        ).scalars()
    )


def revoke_invitation(db: Session, p: Principal, org_id: str, invitation_id: str, ip: str | None) -> None:
    org = manageable_org(db, p, org_id)
    inv = db.execute(
        scoping.invitations(p).where(Invitation.id == invitation_id, Invitation.org_id == org.id)
    ).scalar_one_or_none()
    if inv is None:
        raise NotFound("No such invitation")
    if inv.accepted_at is None and inv.revoked_at is None:
        inv.revoked_at = utcnow()
        audit.record(
            db,
            "invitation.revoked",
            principal=p,
            ip=ip,
            org_id=org.id,
            target_type="invitation",
            target_id=inv.id,
        )


INVALID_INVITATION = "This invitation link is not valid, has expired or has already been used"


def _usable_invitation(db: Session, raw: str) -> Invitation:
    inv = db.execute(
        scoping.unscoped_invitation_by_token(tokens.token_hash(raw)).with_for_update()
    ).scalar_one_or_none()
    if inv is None or inv.accepted_at or inv.revoked_at or inv.expires_at <= utcnow():
        raise NotFound(INVALID_INVITATION)
    return inv


def invitation_info(db: Session, raw: str) -> tuple[Invitation, Organization]:
    inv = _usable_invitation(db, raw)
    org = db.get(Organization, inv.org_id)
    assert org is not None
    return inv, org


def accept_invitation(db: Session, raw: str, display_name: str, password: str | None, ip: str | None) -> User:
    return accept_invitation_row(db, _usable_invitation(db, raw), display_name, password, ip)


def usable_invitation_for_email(db: Session, email: str) -> Invitation | None:
    """The newest open invitation for this address (single sign-on matches by verified e-mail)."""
    return (
        db.execute(
            scoping.unscoped_invitations_for(normalise_email(email))
            .where(
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc())
            .limit(1)
            .with_for_update()
        )
        .scalars()
        .first()
    )


def accept_invitation_row(
    db: Session,
    inv: Invitation,
    display_name: str,
    password: str | None,
    ip: str | None,
    *,
    via: str | None = None,
) -> User:
    user = _account_without_org(db, inv.email)
    if password is not None:
        problem = password_problem(password)
        if problem:
            raise Invalid(problem, errors=[{"loc": ["body", "password"], "msg": problem}])
    if user is None:
        user = User(
            email=inv.email,
            display_name=display_name.strip(),
            password_hash=hash_password(password) if password else None,
            password_changed_at=utcnow() if password else None,
        )
        db.add(user)
    else:
        user.is_active = True
        user.display_name = display_name.strip() or user.display_name
        if password:
            user.password_hash = hash_password(password)
            user.password_changed_at = utcnow()
    db.flush()
    db.add(Membership(user_id=user.id, org_id=inv.org_id, role=inv.role))
    inv.accepted_at = utcnow()
    try:
        db.flush()
    except IntegrityError as exc:
        raise Conflict(ALREADY_MEMBER) from exc
    audit.record(
        db,
        "invitation.accepted",
        actor_user_id=user.id,
        org_id=inv.org_id,
        ip=ip,
        target_type="invitation",
        target_id=inv.id,
        data={"role": inv.role.value, **({"via": via} if via else {})},
    )
    return user


def org_domains(org: Organization) -> list[str]:
    return [d for d in (org.email_domains or "").split(",") if d]


def update_org(
    db: Session,
    p: Principal,
    settings: Settings,
    org_id: str,
    ip: str | None,
    *,
    require_sso: bool | None = None,
    email_domains: list[str] | None = None,
) -> Organization:
    """Organisation settings. `require_sso`: its own admins (or coalition admins); `email_domains`,
    which let single sign-on create accounts in the organisation: coalition admins only."""
    org = get_org(db, p, org_id)
    changes: dict[str, object] = {}
    if email_domains is not None:
        if not p.can("orgs:manage"):
            raise Forbidden(
                "Only coalition administrators may set an organisation's e-mail domains "
                "(they let single sign-on create accounts in it)"
            )
        domains = sorted({d.strip().lower().lstrip("@") for d in email_domains if d.strip()})
        bad = [d for d in domains if "." not in d or "@" in d or " " in d]
        if bad:
            raise Invalid(
                "Not an e-mail domain",
                errors=[{"loc": ["body", "email_domains"], "msg": f"not a domain: {', '.join(bad)}"}],
            )
        if domains != org_domains(org):
            changes["email_domains"] = {"from": org_domains(org), "to": domains}
            org.email_domains = ",".join(domains) or None
    if require_sso is not None and require_sso != org.require_sso:
        if not p.can("members:manage"):
            raise Forbidden("You may not change this organisation's sign-in rules")
        if require_sso and not settings.oidc_providers:
            raise Conflict("No single sign-on provider is configured, so single sign-on cannot be required")
        changes["require_sso"] = {"from": org.require_sso, "to": require_sso}
        org.require_sso = require_sso
        if require_sso:
            # Password sessions of its members end now (the person changing it keeps theirs).
            changes["sessions_revoked"] = revoke_sessions(
                db,
                AuthSession.user_id.in_(
                    scoping.memberships(p)
                    .where(Membership.org_id == org.id)
                    .with_only_columns(Membership.user_id)
                ),
                AuthSession.auth_method != "oidc",
                keep=p.session_id,
            )
    if changes:
        audit.record(
            db,
            "org.updated",
            principal=p,
            ip=ip,
            org_id=org.id,
            target_type="organization",
            target_id=org.id,
            data=changes,
        )
    return org


def create_user_direct(
    db: Session, org: Organization, email: str, display_name: str, password: str, role: Role
) -> User:
    """For the CLI and the demo seed: a user with a password and a membership, no invitation."""
    if role not in roles_for(org.kind):
        raise Invalid(f"Role {role.value} does not exist in a {org.kind.value} organisation")
    problem = password_problem(password)
    if problem:
        raise Invalid(problem)
    user = User(
        email=normalise_email(email),
        display_name=display_name,
        password_hash=hash_password(password),
        password_changed_at=utcnow(),
    )
    db.add(user)
    db.flush()
    db.add(Membership(user_id=user.id, org_id=org.id, role=role))
    db.flush()
    audit.record(
        db,
        "user.created",
        actor_user_id=None,
        org_id=org.id,
        target_type="user",
        target_id=user.id,
        data={"role": role.value, "via": "cli"},
    )
    return user
