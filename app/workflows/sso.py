"""Single sign-on through OpenID Connect providers (the relying party is app.security.oidc).

Who may sign in: a provider account already linked to a portal user; otherwise only by an e-mail
address the provider has verified, and then only if
  - an open invitation exists for that address (the invitation is accepted: its organisation, its role),
  - or the address's domain is registered by the person's own organisation (an existing account is
    linked), or by exactly one NGO (a new *researcher* account is created there; nothing more).
Everything else is refused with a message saying why and what to do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.config import OidcProviderConfig, Settings
from app.db import utcnow
from app.errors import DomainError, Forbidden, NotFound, Unauthorized
from app.models.identity import Membership, Organization, OrgKind, Role, User
from app.models.mfa import OidcIdentity, OidcLoginState
from app.security import oidc, secretbox, tokens
from app.workflows import audit, auth, orgs, scoping

STATE_PURPOSE = "oidc-login-state"
CALLBACK_PATH = "/api/v1/auth/oidc/{name}/callback"


def provider(settings: Settings, name: str) -> OidcProviderConfig:
    for p in settings.oidc_providers:
        if p.name == name:
            return p
    raise NotFound(f"No single sign-on provider is called {name!r}")


def callback_url(settings: Settings, name: str) -> str:
    return settings.public_base_url.rstrip("/") + CALLBACK_PATH.format(name=name)


@dataclass
class Started:
    authorization_url: str
    cookie_value: str  # goes into an HttpOnly cookie: only this browser can finish the sign-in
    max_age: int


def begin(db: Session, settings: Settings, name: str, login_hint: str | None) -> Started:
    import httpx  # here, not at module level: keeps the idle API process small (SSO sign-ins are rare)

    prov = provider(settings, name)
    with httpx.Client(timeout=oidc.HTTP_TIMEOUT) as http:
        url, state = oidc.begin_login(prov, callback_url(settings, name), http=http, login_hint=login_hint)
    now = utcnow()
    db.execute(delete(OidcLoginState).where(OidcLoginState.expires_at <= now))  # housekeeping
    raw = tokens.random_token()
    db.add(
        OidcLoginState(
            id=tokens.token_hash(raw),
            provider=name,
            data_enc=secretbox.seal(settings.secret(), STATE_PURPOSE, json.dumps(state.to_dict())),
            created_at=now,
            expires_at=now + timedelta(seconds=oidc.LOGIN_STATE_MAX_AGE_SECONDS),
        )
    )
    db.flush()
    return Started(url, raw, oidc.LOGIN_STATE_MAX_AGE_SECONDS)


def _refusal(
    db: Session,
    exc: DomainError,
    provider_name: str,
    ip: str | None,
    email: str | None = None,
    user_id: str | None = None,
) -> DomainError:
    """Audit the refusal and keep it (and the spent login state) despite the error."""
    audit.record(
        db,
        "auth.sso_refused",
        actor_user_id=user_id,
        ip=ip,
        data={"provider": provider_name, "reason": exc.extra.get("reason"), "email": email},
    )
    exc.keep_changes = True
    return exc


def _forbid(message: str, reason: str) -> Forbidden:
    return Forbidden(message, extra={"reason": reason})


def complete(
    db: Session,
    settings: Settings,
    name: str,
    cookie_value: str | None,
    params: Mapping[str, str],
    ip: str | None,
    user_agent: str | None,
) -> auth.NewSession:
    import httpx  # here, not at module level: keeps the idle API process small (SSO sign-ins are rare)

    prov = provider(settings, name)
    row = (
        db.get(OidcLoginState, tokens.token_hash(cookie_value), with_for_update=True)
        if cookie_value
        else None
    )
    if row is None or row.expires_at <= utcnow() or row.provider != name:
        raise _refusal(
            db,
            Unauthorized(
                "No sign-in through this provider is in progress in this browser, or it took too long. "
                "Please start the sign-in again.",
                extra={"reason": "no_login_state"},
            ),
            name,
            ip,
        )
    db.delete(row)  # used once, whatever happens next
    db.flush()
    try:
        try:
            state = oidc.LoginState.from_dict(
                json.loads(secretbox.unseal(settings.secret(), STATE_PURPOSE, row.data_enc))
            )
        except (secretbox.SecretUnreadable, ValueError) as exc:
            raise Unauthorized(
                "The sign-in could not be resumed (its saved state is unreadable). Please start again.",
                extra={"reason": "bad_login_state"},
            ) from exc
        with httpx.Client(timeout=oidc.HTTP_TIMEOUT) as http:
            identity = oidc.complete_login(prov, state, params, http)
    except DomainError as exc:
        raise _refusal(db, exc, name, ip) from None
    user, how = _resolve_user(db, prov, identity, ip)
    return auth.start_session(
        db,
        user,
        settings,
        ip=ip,
        user_agent=user_agent,
        method="oidc",
        mfa_passed=True,
        audit_data={"provider": name, "matched_by": how},
    )


def _resolve_user(
    db: Session, prov: OidcProviderConfig, identity: oidc.VerifiedIdentity, ip: str | None
) -> tuple[User, str]:
    now = utcnow()
    link = db.execute(
        select(OidcIdentity).where(
            OidcIdentity.issuer == identity.issuer, OidcIdentity.subject == identity.subject
        )
    ).scalar_one_or_none()
    if link is not None:
        user = db.get(User, link.user_id)
        if user is None or not user.is_active or _membership(db, user.id) is None:
            raise _refusal(
                db,
                _forbid(
                    "Your portal account is disabled or no longer belongs to an organisation.",
                    "account_disabled",
                ),
                prov.name,
                ip,
                user_id=link.user_id,
            )
        link.last_login_at = now
        return user, "linked_identity"

    if not identity.email:
        raise _refusal(
            db,
            _forbid(
                f"{prov.name} did not share your e-mail address, which the portal needs to find your "
                "account. Allow the portal to see your e-mail address and sign in again.",
                "no_email",
            ),
            prov.name,
            ip,
        )
    email = auth.normalise_email(identity.email)
    if not identity.email_verified:
        raise _refusal(
            db,
            _forbid(
                f"{prov.name} has not verified your e-mail address {email}. The portal only accepts "
                "verified addresses: verify it with your identity provider, then sign in again.",
                "email_unverified",
            ),
            prov.name,
            ip,
            email=email,
        )
    domain = email.rpartition("@")[2]
    user = db.execute(select(User).where(User.email == email)).scalar_one_or_none()
    membership = _membership(db, user.id) if user is not None else None

    if user is not None and membership is not None:
        org = db.get(Organization, membership.org_id)
        if not user.is_active:
            raise _refusal(
                db, _forbid("Your portal account is disabled.", "account_disabled"), prov.name, ip, email
            )
        if org is not None and domain in orgs.org_domains(org):
            _link(db, prov, identity, user, email, "org_domain", ip)
            return user, "org_domain"
        raise _refusal(
            db,
            _forbid(
                f"A portal account for {email} exists, but single sign-on through {prov.name} is not set "
                f"up for it: its organisation has not registered the e-mail domain {domain}. Sign in "
                "with your password, or ask a coalition administrator to register the domain.",
                "not_linkable",
            ),
            prov.name,
            ip,
            email,
        )

    invitation = orgs.usable_invitation_for_email(db, email)
    if invitation is not None:
        user = orgs.accept_invitation_row(
            db, invitation, identity.name or email.partition("@")[0], None, ip, via=f"oidc:{prov.name}"
        )
        _link(db, prov, identity, user, email, "invitation", ip)
        return user, "invitation"

    if user is None:
        ngos = [
            o
            for o in db.execute(
                select(Organization).where(
                    Organization.kind == OrgKind.ngo, Organization.email_domains.is_not(None)
                )
            ).scalars()
            if domain in orgs.org_domains(o)
        ]
        if len(ngos) == 1:
            user = _provision_researcher(db, ngos[0], email, identity, prov, ip)
            _link(db, prov, identity, user, email, "org_domain", ip)
            return user, "org_domain"
        if len(ngos) > 1:
            raise _refusal(
                db,
                _forbid(
                    f"Several organisations registered the e-mail domain {domain}, so the portal cannot "
                    "tell which one you belong to. Ask your organisation's administrator for an invitation.",
                    "ambiguous_domain",
                ),
                prov.name,
                ip,
                email,
            )
    raise _refusal(
        db,
        _forbid(
            f"No invitation or organisation matches {email}. Ask your organisation's administrator to "
            "invite this address, then sign in again.",
            "no_invitation",
        ),
        prov.name,
        ip,
        email,
    )


def _membership(db: Session, user_id: str) -> Membership | None:
    return db.execute(scoping.unscoped_membership_of_user(user_id)).scalar_one_or_none()


def _provision_researcher(
    db: Session,
    org: Organization,
    email: str,
    identity: oidc.VerifiedIdentity,
    prov: OidcProviderConfig,
    ip: str | None,
) -> User:
    user = User(
        email=email, display_name=(identity.name or email.partition("@")[0])[:200], password_hash=None
    )
    db.add(user)
    db.flush()
    db.add(Membership(user_id=user.id, org_id=org.id, role=Role.researcher))
    db.flush()
    audit.record(
        db,
        "user.created",
        actor_user_id=user.id,
        org_id=org.id,
        ip=ip,
        target_type="user",
        target_id=user.id,
        data={"role": Role.researcher.value, "via": f"oidc:{prov.name}", "matched_by": "org_domain"},
    )
    return user


def _link(
    db: Session,
    prov: OidcProviderConfig,
    identity: oidc.VerifiedIdentity,
    user: User,
    email: str,
    how: str,
    ip: str | None,
) -> None:
    link = OidcIdentity(
        user_id=user.id,
        provider=prov.name,
        issuer=identity.issuer,
        subject=identity.subject,
        email=email,
        last_login_at=utcnow(),
    )
    db.add(link)
    db.flush()
    audit.record(
        db,
        "auth.sso_linked",
        actor_user_id=user.id,
        org_id=auth.org_of(db, user.id),
        ip=ip,
        target_type="user",
        target_id=user.id,
        data={
            "provider": prov.name,
            "issuer": identity.issuer,
            "subject": identity.subject,
            "matched_by": how,
        },
    )
