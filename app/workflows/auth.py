"""Sign-in, sessions, login throttling and API tokens."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, delete, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from app.config import Settings
from app.db import utcnow
from app.errors import Forbidden, Invalid, NotFound, TooManyRequests, Unauthorized
from app.models.auth import ApiToken, AuthSession, LoginThrottle
from app.models.identity import Membership, Organization, Role, User
from app.models.mfa import UserMfa
from app.security import tokens
from app.security.passwords import hash_password, needs_rehash, verify_password
from app.security.permissions import ROLE_PERMISSIONS, SCOPES, Principal, grantable_scopes, token_permissions
from app.workflows import audit, scoping

BAD_CREDENTIALS = "The e-mail address or password is not correct"
LOCKED = "Too many failed sign-in attempts. Try again later."
TOUCH_EVERY = timedelta(seconds=60)
# Roles that must pass a second factor (TOTP, or SSO) when Settings.enforce_2fa_for_privileged is on.
PRIVILEGED_ROLES = frozenset({Role.org_admin, Role.coordinator, Role.coalition_admin})


def normalise_email(email: str) -> str:
    return email.strip().lower()


@dataclass
class NewSession:
    session: AuthSession
    token: str
    user: User


# ---- throttling -------------------------------------------------------------------------------------
#
# An attempt is checked (check_throttle) before any secret work, then settled once the secret is checked:
# register_failure or register_success. Both settle in single statements that take the counter rows'
# locks, so concurrent attempts settle one after another: once `login_lock_after` failures are counted,
# every attempt still in flight is answered 429 (a right password too) and nothing more is counted.
# Rows are locked account first, then address, and before audit.record takes the audit head: one order
# on every path, so concurrent sign-ins cannot deadlock.


def _throttle_keys(email: str, ip: str | None) -> list[str]:
    keys = [f"acct:{normalise_email(email)}"]
    if ip:
        keys.append(f"ip:{ip}")
    return keys


def _locked() -> TooManyRequests:
    return TooManyRequests(LOCKED, headers={"Retry-After": "60"})


def _is_locked(until: datetime | None, now: datetime) -> bool:
    return until is not None and until > now


def _count_failure(db: Session, key: str, settings: Settings, now: datetime) -> int | None:
    """Count one failure on `key` in one statement; None if the key was locked meanwhile (not counted).

    INSERT … ON CONFLICT DO UPDATE … WHERE not locked … RETURNING: the first failure creates the row
    (two at once cannot both insert), later ones wait for the row lock and see the latest count."""
    upsert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    at = LoginThrottle.first_failure_at.type
    window_start = literal(now - timedelta(minutes=settings.login_window_minutes), at)
    lock_until = literal(now + timedelta(minutes=settings.login_lock_minutes), at)
    stale = LoginThrottle.first_failure_at < window_start  # the window passed: count from 1 again
    failures = case((stale, 1), else_=LoginThrottle.failures + 1)
    statement = (
        upsert(LoginThrottle)
        .values(
            key=key,
            failures=1,
            first_failure_at=now,
            locked_until=lock_until if settings.login_lock_after <= 1 else None,
        )
        .on_conflict_do_update(
            index_elements=[LoginThrottle.key],
            set_={
                "failures": failures,
                "first_failure_at": case((stale, literal(now, at)), else_=LoginThrottle.first_failure_at),
                "locked_until": case((failures >= settings.login_lock_after, lock_until), else_=None),
            },
            where=or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now),
        )
        .returning(LoginThrottle.failures)
    )
    count: int | None = db.execute(statement).scalar_one_or_none()
    return count


def _slow_down(failures: int, settings: Settings) -> None:
    over = failures - settings.login_slowdown_after
    if over >= 0:
        time.sleep(min(settings.login_slowdown_seconds * (2**over), 5.0))


def check_throttle(db: Session, email: str, ip: str | None) -> None:
    """Raise 429 if the account or the address is locked (used before checking any secret)."""
    now = utcnow()
    keys = _throttle_keys(email, ip)
    locks = db.execute(select(LoginThrottle.locked_until).where(LoginThrottle.key.in_(keys))).scalars()
    if any(_is_locked(until, now) for until in locks):
        raise _locked()


def register_failure(db: Session, email: str, ip: str | None, settings: Settings) -> None:
    """A wrong secret: counted against the account and the address (locked at `login_lock_after`).

    If concurrent failures reached the lock first, this attempt is refused as locked instead (429, and
    its transaction rolled back, as if check_throttle had refused it)."""
    now = utcnow()
    worst = 0
    for key in _throttle_keys(email, ip):
        count = _count_failure(db, key, settings, now)
        if count is None:
            raise _locked()
        worst = max(worst, count)
    _slow_down(worst, settings)


def clear_account_failures(db: Session, email: str) -> None:
    """A right secret: the account's counter goes (429 instead if concurrent failures locked it meanwhile).

    Only the account's counter: a valid login must not wash an address that is guessing others."""
    until = db.execute(
        delete(LoginThrottle)
        .where(LoginThrottle.key == f"acct:{normalise_email(email)}")
        .returning(LoginThrottle.locked_until)
    ).scalar_one_or_none()
    if _is_locked(until, utcnow()):
        raise _locked()  # rolled back: the lock stays


def register_success(db: Session, email: str, ip: str | None) -> None:
    """A right secret: clear_account_failures, and 429 if the address was locked meanwhile."""
    clear_account_failures(db, email)
    if ip:
        until = db.execute(
            select(LoginThrottle.locked_until)
            .where(LoginThrottle.key == f"ip:{ip}")
            .with_for_update(read=True)  # waits for failures in flight from this address
        ).scalar_one_or_none()
        if _is_locked(until, utcnow()):
            raise _locked()


# ---- password sign-in -------------------------------------------------------------------------------


def authenticate(db: Session, email: str, password: str, ip: str | None, settings: Settings) -> User:
    """Check a password. Unknown users cost the same work and get the same answer as wrong passwords."""
    check_throttle(db, email, ip)
    user = db.execute(select(User).where(User.email == normalise_email(email))).scalar_one_or_none()
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        register_failure(db, email, ip, settings)
        audit.record(
            db,
            "auth.login_failed",
            actor_user_id=user.id if user else None,
            ip=ip,
            data={"email": normalise_email(email)},
        )
        raise Unauthorized(BAD_CREDENTIALS, keep_changes=True)
    register_success(db, email, ip)
    if user.password_hash is not None and needs_rehash(user.password_hash):
        # Hashed with older (weaker) Argon2 parameters: the verified password is hashed again with the
        # current ones, so raising them upgrades every account on its next sign-in.
        user.password_hash = hash_password(password)
    return user


def start_session(
    db: Session,
    user: User,
    settings: Settings,
    *,
    ip: str | None,
    user_agent: str | None,
    method: str = "password",
    mfa_passed: bool = False,
    audit_data: dict[str, Any] | None = None,
) -> NewSession:
    raw = tokens.random_token()
    now = utcnow()
    session = AuthSession(
        token_hash=tokens.token_hash(raw),
        csrf_token=tokens.random_token(24),
        user_id=user.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=settings.session_absolute_hours),
        ip=ip,
        user_agent=(user_agent or "")[:300] or None,
        auth_method=method,
        mfa_passed=mfa_passed,
    )
    db.add(session)
    db.flush()
    audit.record(
        db,
        "auth.login",
        actor_user_id=user.id,
        org_id=org_of(db, user.id),
        ip=ip,
        target_type="session",
        target_id=session.id,
        data={"method": method, "mfa_passed": mfa_passed, **(audit_data or {})},
    )
    return NewSession(session, raw, user)


def revoke_sessions(db: Session, *criteria: ColumnElement[bool], keep: str | None = None) -> int:
    """End every open session matching `criteria` except `keep`; returns how many ended."""
    now = utcnow()
    count = 0
    for s in db.execute(select(AuthSession).where(AuthSession.revoked_at.is_(None), *criteria)).scalars():
        if s.id != keep:
            s.revoked_at = now
            count += 1
    return count


def revoke_user_sessions(db: Session, user_id: str, *, keep: str | None = None) -> int:
    """End every open session of this person except `keep`; returns how many ended."""
    return revoke_sessions(db, AuthSession.user_id == user_id, keep=keep)


def sso_required_org(db: Session, user_id: str) -> Organization | None:
    """The person's organisation if it requires single sign-on (no password sign-in then)."""
    org_ids = scoping.unscoped_membership_of_user(user_id).with_only_columns(Membership.org_id)
    return db.execute(
        select(Organization).where(Organization.id.in_(org_ids), Organization.require_sso.is_(True))
    ).scalar_one_or_none()


def org_of(db: Session, user_id: str) -> str | None:
    """The person's organisation (for audit records), if they still belong to one."""
    return db.execute(
        scoping.unscoped_membership_of_user(user_id).with_only_columns(Membership.org_id)
    ).scalar_one_or_none()


def end_session(db: Session, principal: Principal, ip: str | None) -> None:
    if principal.session_id:
        db.execute(
            update(AuthSession).where(AuthSession.id == principal.session_id).values(revoked_at=utcnow())
        )
        audit.record(
            db,
            "auth.logout",
            principal=principal,
            ip=ip,
            target_type="session",
            target_id=principal.session_id,
        )


def _principal_for(db: Session, user_id: str, session_id: str | None, mfa_passed: bool) -> Principal:
    row = db.execute(
        scoping.unscoped_membership_of_user(user_id)
        .add_columns(Organization)
        .join(Organization, Organization.id == Membership.org_id)
    ).one_or_none()
    if row is None:
        raise Forbidden("Your account does not belong to any organisation")
    membership, org = row
    _hold(db, org)
    return Principal(
        org_id=org.id,
        org_kind=org.kind,
        role=membership.role,
        permissions=ROLE_PERMISSIONS[membership.role],
        user_id=user_id,
        session_id=session_id,
        mfa_passed=mfa_passed,
    )


# ---- what one request has read about its caller ---------------------------------------------------
#
# Authentication reads the session, the person, their organisation and their second factor once; the
# endpoint then asks again through `db.get` (me_view, mfa.person, ...). The ORM answers `db.get` from its
# identity map, but that map holds unmodified objects weakly: once authentication returned, they were
# gone and every `db.get` was another SELECT. `_hold` keeps them for the transaction, so those asks cost
# nothing and still see this transaction's own changes (the map is the session's one copy of a row).
# Nothing outlives the transaction: a commit or rollback starts a new one and the held rows are dropped,
# so the next request (a new DB session anyway) reads everything again: revocation, expiry and idle
# timeout are decided on fresh rows every time.

_HELD = "portal.auth.held"
_NO_MFA = "portal.auth.no_mfa"


def _request_cache(db: Session) -> dict[str, Any]:
    """Per-transaction scratch space in `db.info` (reset when the transaction changes)."""
    transaction = db.get_transaction()
    cache: dict[str, Any] | None = db.info.get(_HELD)
    if cache is None or cache["transaction"] is not transaction:
        cache = {"transaction": transaction, "rows": [], _NO_MFA: set()}
        db.info[_HELD] = cache
    return cache


def _hold(db: Session, *rows: object) -> None:
    held: list[object] = _request_cache(db)["rows"]
    held.extend(r for r in rows if r is not None)


def session_principal(db: Session, raw_token: str, settings: Settings) -> tuple[Principal, AuthSession]:
    # One statement for the session, its person and their authenticator (outer joins: a missing person
    # or no authenticator keep their own answers below).
    row = db.execute(
        select(AuthSession, User, UserMfa)
        .outerjoin(User, User.id == AuthSession.user_id)
        .outerjoin(UserMfa, UserMfa.user_id == AuthSession.user_id)
        .where(AuthSession.token_hash == tokens.token_hash(raw_token))
    ).one_or_none()
    session, user, mfa = row if row is not None else (None, None, None)
    if session is not None:
        _hold(db, session, user, mfa)
        if user is not None and mfa is None:
            _request_cache(db)[_NO_MFA].add(user.id)
    now = utcnow()
    if session is None or session.revoked_at is not None:
        raise Unauthorized("Your session has ended. Please sign in again.")
    if session.expires_at <= now:
        raise Unauthorized(
            f"Your session reached its maximum length ({settings.session_absolute_hours} hours). "
            "Please sign in again."
        )
    if now - session.last_seen_at > timedelta(minutes=settings.session_idle_minutes):
        session.revoked_at = now
        audit.record(
            db,
            "auth.session_timed_out",
            actor_user_id=session.user_id,
            org_id=org_of(db, session.user_id),
            target_type="session",
            target_id=session.id,
            data={"idle_minutes": settings.session_idle_minutes},
        )
        raise Unauthorized(
            "Your session timed out after inactivity. Please sign in again.", keep_changes=True
        )
    if user is None or not user.is_active:
        raise Unauthorized("Your account is disabled")
    if now - session.last_seen_at > TOUCH_EVERY:
        session.last_seen_at = now
    principal = _principal_for(db, user.id, session_id=session.id, mfa_passed=session.mfa_passed)
    if second_factor_policy(settings, principal.role) or (
        not session.mfa_passed and has_second_factor(db, user.id)
    ):
        principal = replace(principal, mfa_required=True)
    return principal, session


# ---- second factor policy ---------------------------------------------------------------------------


def second_factor_policy(settings: Settings, role: Role) -> bool:
    """Whether this role must pass a second factor (TOTP) or sign in through SSO."""
    return settings.require_2fa_for_all or (settings.enforce_2fa_for_privileged and role in PRIVILEGED_ROLES)


def has_second_factor(db: Session, user_id: str) -> bool:
    if _known_without_mfa(db, user_id):
        return False
    mfa = db.get(UserMfa, user_id)  # from the identity map when authentication read it
    if mfa is None:
        _request_cache(db)[_NO_MFA].add(user_id)
    else:
        _hold(db, mfa)
    return mfa is not None and mfa.confirmed_at is not None


def _known_without_mfa(db: Session, user_id: str) -> bool:
    """This transaction already read that the person has no authenticator row, and has not added one
    since (pending in `db.new`, or flushed into the identity map)."""
    if user_id not in _request_cache(db)[_NO_MFA]:
        return False
    if db.identity_map.get(identity_key(UserMfa, user_id)) is not None or any(
        isinstance(o, UserMfa) and o.user_id == user_id for o in db.new
    ):
        _request_cache(db)[_NO_MFA].discard(user_id)
        return False
    return True


MFA_ENROL_PATH = "/api/v1/auth/mfa/totp"


def require_second_factor(db: Session, principal: Principal) -> None:
    """The one gate: a session that has not passed a second factor where one is required may only
    enrol (or sign out and see who it is); everything else is refused with what to do."""
    if not principal.needs_second_factor:
        return
    if principal.user_id and has_second_factor(db, principal.user_id):
        raise Forbidden(
            "This session has not passed two-factor authentication. Sign out, then sign in again with "
            "your authentication code.",
            extra={"reason": "mfa_not_passed"},
        )
    raise Forbidden(
        "Two-factor authentication is required for your account: enrol two-factor authentication "
        f"(an authenticator app, POST {MFA_ENROL_PATH}) or sign in through single sign-on, then continue.",
        extra={"reason": "mfa_enrolment_required", "enrol": MFA_ENROL_PATH},
    )


# ---- API tokens -------------------------------------------------------------------------------------


def token_principal(db: Session, raw_token: str) -> Principal:
    token = db.execute(scoping.unscoped_api_token_by_hash(tokens.token_hash(raw_token))).scalar_one_or_none()
    now = utcnow()
    if token is None:
        raise Unauthorized("The API token is not valid")
    if token.revoked_at is not None:
        raise Unauthorized("The API token has been revoked")
    if token.expires_at <= now:
        raise Unauthorized("The API token has expired")
    org = db.get(Organization, token.org_id)
    if org is None:
        raise Unauthorized("The API token is not valid")
    _hold(db, token, org)
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
    role = Role(token.acting_role)
    return Principal(
        org_id=org.id,
        org_kind=org.kind,
        role=role,
        permissions=token_permissions(token.scopes, role),
        token_id=token.id,
        user_id=None,
        scopes=tuple(token.scopes),
    )


def create_token(
    db: Session, principal: Principal, name: str, scopes: list[str], expires_in_days: int, ip: str | None
) -> tuple[ApiToken, str]:
    if principal.token_id is not None:
        raise Forbidden("API tokens cannot create API tokens")
    if principal.needs_second_factor:
        raise Forbidden(
            "API tokens can only be created from a session that passed two-factor authentication.",
            extra={"reason": "mfa_required"},
        )
    unknown = sorted(set(scopes) - SCOPES.keys())
    if unknown:
        raise Invalid(
            "Unknown scopes",
            errors=[
                {
                    "loc": ["body", "scopes"],
                    "msg": f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(sorted(SCOPES))}",
                }
            ],
        )
    if not scopes:
        raise Invalid(
            "A token needs at least one scope",
            errors=[{"loc": ["body", "scopes"], "msg": "at least one scope is required"}],
        )
    grantable = grantable_scopes(principal.role)
    useless = [s for s in scopes if s not in grantable]
    if useless:
        raise Invalid(
            "Scopes beyond your role",
            errors=[{"loc": ["body", "scopes"], "msg": f"your role cannot grant: {', '.join(useless)}"}],
        )
    raw, prefix = tokens.new_api_token()
    token = ApiToken(
        org_id=principal.org_id,
        created_by=principal.user_id,
        acting_role=principal.role.value,
        name=name,
        prefix=prefix,
        token_hash=tokens.token_hash(raw),
        scopes=sorted(set(scopes)),
        expires_at=utcnow() + timedelta(days=expires_in_days),
    )
    db.add(token)
    db.flush()
    audit.record(
        db,
        "token.created",
        principal=principal,
        ip=ip,
        target_type="api_token",
        target_id=token.id,
        data={"name": name, "scopes": token.scopes, "expires_at": token.expires_at.isoformat()},
    )
    return token, raw


def list_tokens(db: Session, principal: Principal) -> list[ApiToken]:
    return list(db.execute(scoping.api_tokens(principal).order_by(ApiToken.created_at.desc())).scalars())


def revoke_token(db: Session, principal: Principal, token_id: str, ip: str | None) -> ApiToken:
    token = db.execute(scoping.api_tokens(principal).where(ApiToken.id == token_id)).scalar_one_or_none()
    if token is None:
        raise NotFound("No such API token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(
            db, "token.revoked", principal=principal, ip=ip, target_type="api_token", target_id=token.id
        )
    return token
