"""Two-factor authentication: TOTP enrolment, recovery codes, and the two-step password sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid, Unauthorized
from app.models.auth import AuthSession
from app.models.identity import User
from app.models.mfa import MfaChallenge, RecoveryCode, UserMfa
from app.security import secretbox, tokens, totp
from app.security.passwords import verify_password
from app.security.permissions import Principal
from app.workflows import audit, auth, orgs

SECRET_PURPOSE = "totp-secret"  # noqa: S105  (a key-derivation label, not a secret)
RECOVERY_CODE_COUNT = 10
CHALLENGE_GONE = "This sign-in step has expired or was already used. Enter your password again."
WRONG_CODE = "The authentication code is not correct."
REPLAYED_CODE = "This code has already been used. Wait for the next code from your authenticator app."


def person(db: Session, p: Principal) -> User:
    """The signed-in person (API tokens have no second factor, sessions or password)."""
    if p.user_id is None or p.session_id is None:
        raise Forbidden("Only a person signed in to the portal can do this, not an API token")
    user = db.get(User, p.user_id)
    if user is None:
        raise Unauthorized("Your account no longer exists")
    return user


def _seal(settings: Settings, secret: str) -> str:
    return secretbox.seal(settings.secret(), SECRET_PURPOSE, secret)


def _secret(settings: Settings, mfa: UserMfa) -> str:
    try:
        return secretbox.unseal(settings.secret(), SECRET_PURPOSE, mfa.totp_secret_enc)
    except secretbox.SecretUnreadable as exc:
        raise Conflict(
            "Your authenticator secret cannot be read (the portal's secret key changed). Use a recovery "
            "code, or ask an administrator to reset your two-factor authentication."
        ) from exc


# ---- status and enrolment ---------------------------------------------------------------------------


@dataclass
class MfaStatus:
    enabled: bool
    pending: bool
    confirmed_at: datetime | None
    recovery_codes_left: int
    required: bool


def status(db: Session, p: Principal, settings: Settings) -> MfaStatus:
    user = person(db, p)
    mfa = db.get(UserMfa, user.id)
    left = db.execute(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).scalar_one()
    return MfaStatus(
        enabled=mfa is not None and mfa.confirmed_at is not None,
        pending=mfa is not None and mfa.confirmed_at is None,
        confirmed_at=mfa.confirmed_at if mfa else None,
        recovery_codes_left=left,
        required=auth.second_factor_policy(settings, p.role) or p.mfa_required,
    )


@dataclass
class Enrolment:
    secret: str
    otpauth_uri: str
    qr_svg: str


def begin_enrolment(db: Session, p: Principal, settings: Settings, ip: str | None) -> Enrolment:
    """A new secret for the authenticator app; two-factor is on once a code confirms it."""
    user = person(db, p)
    if user.password_hash is None:
        raise Conflict(
            "Your account signs in through single sign-on only; your identity provider is where a second "
            "factor is set up."
        )
    mfa = db.get(UserMfa, user.id, with_for_update=True)
    if mfa is not None and mfa.confirmed_at is not None:
        raise Conflict(
            "Two-factor authentication is already on. To move it to another device, turn it off first "
            "(with your password and a code), then enrol again."
        )
    secret = totp.new_secret()
    if mfa is None:
        mfa = UserMfa(user_id=user.id, totp_secret_enc=_seal(settings, secret))
        db.add(mfa)
    else:  # a restarted enrolment replaces the unconfirmed secret
        mfa.totp_secret_enc = _seal(settings, secret)
        mfa.created_at = utcnow()
        mfa.last_used_step = None
    db.flush()
    audit.record(db, "mfa.enrolment_started", principal=p, ip=ip, target_type="user", target_id=user.id)
    uri = totp.provisioning_uri(secret, user.email, settings.totp_issuer)
    return Enrolment(secret=secret, otpauth_uri=uri, qr_svg=totp.qr_svg(uri))


def _new_recovery_codes(db: Session, user_id: str) -> list[str]:
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = totp.generate_recovery_codes(RECOVERY_CODE_COUNT)
    db.add_all(RecoveryCode(user_id=user_id, code_hash=totp.hash_recovery_code(c)) for c in codes)
    db.flush()
    return codes


def confirm_enrolment(db: Session, p: Principal, settings: Settings, code: str, ip: str | None) -> list[str]:
    """Turn two-factor on with a first code; returns the recovery codes (shown once, stored hashed).

    This session counts as having passed two-factor; the person's other sessions end."""
    user = person(db, p)
    mfa = db.get(UserMfa, user.id, with_for_update=True)
    if mfa is None:
        raise Conflict("No enrolment in progress: start with POST /api/v1/auth/mfa/totp")
    if mfa.confirmed_at is not None:
        raise Conflict("Two-factor authentication is already on")
    step = totp.verify(_secret(settings, mfa), code, mfa.last_used_step)
    if step is None:
        raise Invalid(
            "The code does not match. Check the time on your phone and enter the current code.",
            errors=[{"loc": ["body", "code"], "msg": "wrong code"}],
        )
    mfa.confirmed_at = utcnow()
    mfa.last_used_step = step
    codes = _new_recovery_codes(db, user.id)
    if p.session_id:
        current = db.get(AuthSession, p.session_id)
        if current is not None:
            current.mfa_passed = True
    revoked = auth.revoke_user_sessions(db, user.id, keep=p.session_id)
    audit.record(
        db,
        "mfa.enabled",
        principal=p,
        ip=ip,
        target_type="user",
        target_id=user.id,
        data={"method": "totp", "recovery_codes": len(codes), "sessions_revoked": revoked},
    )
    return codes


# ---- checking a second factor ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Checked:
    kind: str | None  # "totp" | "recovery_code" when accepted
    reason: str = ""  # why not, when refused
    remaining: int = 0  # recovery codes left after this one


def _check_code(settings: Settings, db: Session, user: User, mfa: UserMfa, code: str) -> _Checked:
    """Accepting consumes the code: the TOTP step is remembered (no replay in its window), the recovery
    code is spent. Nothing is audited here: the caller settles the throttle first (its lock order)."""
    compact = "".join(code.split())
    if compact.isdigit() and len(compact) == totp.DIGITS:
        secret = _secret(settings, mfa)
        step = totp.verify(secret, compact, mfa.last_used_step)
        if step is not None:
            mfa.last_used_step = step
            return _Checked("totp")
        if mfa.last_used_step is not None and totp.verify(secret, compact, None) is not None:
            return _Checked(None, "code_replayed")
        return _Checked(None, "wrong_code")
    unused = list(
        db.execute(
            select(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
            .order_by(RecoveryCode.id)
            .with_for_update()
        ).scalars()
    )
    index = totp.verify_recovery_code(code, [r.code_hash for r in unused])
    if index is None:
        return _Checked(None, "wrong_code")
    unused[index].used_at = utcnow()
    return _Checked("recovery_code", remaining=len(unused) - 1)


def _accepted(db: Session, user: User, checked: _Checked, ip: str | None) -> None:
    """A right code, after the throttle is settled: the account's failures go; a recovery code's use is
    audited."""
    auth.register_success(db, user.email, ip)
    if checked.kind == "recovery_code":
        audit.record(
            db,
            "auth.recovery_code_used",
            actor_user_id=user.id,
            org_id=auth.org_of(db, user.id),
            ip=ip,
            target_type="user",
            target_id=user.id,
            data={"remaining": checked.remaining},
        )


def _confirmed(db: Session, user_id: str) -> UserMfa | None:
    mfa = db.get(UserMfa, user_id, with_for_update=True)
    return mfa if mfa is not None and mfa.confirmed_at is not None else None


def _reauthenticate(
    db: Session, p: Principal, settings: Settings, password: str, code: str, ip: str | None, action: str
) -> tuple[User, UserMfa]:
    """Password and a current code (or a recovery code), for changing the second factor itself."""
    user = person(db, p)
    auth.check_throttle(db, user.email, ip)
    mfa = _confirmed(db, user.id)
    if mfa is None:
        raise Conflict("Two-factor authentication is not on")
    reason = "wrong_password"
    if verify_password(user.password_hash, password):  # the code is only spent after the password
        checked = _check_code(settings, db, user, mfa, code)
        if checked.kind is not None:
            _accepted(db, user, checked, ip)
            return user, mfa
        reason = checked.reason
    auth.register_failure(db, user.email, ip, settings)
    audit.record(
        db,
        f"{action}_failed",
        principal=p,
        ip=ip,
        target_type="user",
        target_id=user.id,
        data={"reason": reason},
    )
    raise Forbidden(
        REPLAYED_CODE
        if reason == "code_replayed"
        else "The password or the authentication code is not correct.",
        extra={"reason": reason},
        keep_changes=True,
    )


def disable(db: Session, p: Principal, settings: Settings, password: str, code: str, ip: str | None) -> int:
    """Turn two-factor off (password + code). The person's other sessions end, and this one no longer
    counts as having passed two-factor. Returns how many sessions ended."""
    user, _ = _reauthenticate(db, p, settings, password, code, ip, "mfa.disable")
    revoked = _remove(db, user.id, keep=p.session_id)
    if p.session_id:
        current = db.get(AuthSession, p.session_id)
        if current is not None and current.auth_method != "oidc":
            current.mfa_passed = False
    audit.record(
        db,
        "mfa.disabled",
        principal=p,
        ip=ip,
        target_type="user",
        target_id=user.id,
        data={"sessions_revoked": revoked},
    )
    return revoked


def _remove(db: Session, user_id: str, keep: str | None) -> int:
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.execute(delete(UserMfa).where(UserMfa.user_id == user_id))
    db.execute(delete(MfaChallenge).where(MfaChallenge.user_id == user_id))
    return auth.revoke_user_sessions(db, user_id, keep=keep)


def regenerate_recovery_codes(
    db: Session, p: Principal, settings: Settings, password: str, code: str, ip: str | None
) -> list[str]:
    user, _ = _reauthenticate(db, p, settings, password, code, ip, "mfa.recovery_codes")
    codes = _new_recovery_codes(db, user.id)
    audit.record(
        db,
        "mfa.recovery_codes_regenerated",
        principal=p,
        ip=ip,
        target_type="user",
        target_id=user.id,
        data={"recovery_codes": len(codes)},
    )
    return codes


def reset_for_member(db: Session, p: Principal, org_id: str, user_id: str, ip: str | None) -> int:
    """An administrator resets a member's two-factor (a lost phone and lost recovery codes): the
    member's every session ends and they enrol again at their next sign-in."""
    org, _ = orgs.member(db, p, org_id, user_id)
    if user_id == p.user_id:
        raise Conflict("Turn off your own two-factor authentication with your password and a code")
    had = db.get(UserMfa, user_id) is not None
    revoked = _remove(db, user_id, keep=None)
    audit.record(
        db,
        "mfa.reset",
        principal=p,
        ip=ip,
        org_id=org.id,
        target_type="user",
        target_id=user_id,
        data={"had_second_factor": had, "sessions_revoked": revoked},
    )
    return revoked


# ---- two-step password sign-in ---------------------------------------------------------------------


@dataclass
class PendingSecondFactor:
    challenge: str  # shown once; only its hash is stored
    expires_at: datetime


def password_sign_in(
    db: Session, settings: Settings, email: str, password: str, ip: str | None, user_agent: str | None
) -> auth.NewSession | PendingSecondFactor:
    """Step one. A person with two-factor gets a short-lived challenge (no session yet)."""
    user = auth.authenticate(db, email, password, ip, settings)
    sso_org = auth.sso_required_org(db, user.id)
    if sso_org is not None:
        names = [pr.name for pr in settings.oidc_providers]
        audit.record(
            db,
            "auth.login_refused",
            actor_user_id=user.id,
            org_id=sso_org.id,
            ip=ip,
            data={"reason": "sso_required"},
        )
        raise Forbidden(
            f"{sso_org.name} requires single sign-on: sign in through your organisation's identity "
            f"provider ({', '.join(names) or 'none configured'}), not with a password.",
            extra={"reason": "sso_required", "providers": names},
            keep_changes=True,
        )
    if not auth.has_second_factor(db, user.id):
        return auth.start_session(db, user, settings, ip=ip, user_agent=user_agent)
    now = utcnow()
    db.execute(delete(MfaChallenge).where(MfaChallenge.user_id == user.id, MfaChallenge.expires_at <= now))
    raw = tokens.random_token()
    challenge = MfaChallenge(
        token_hash=tokens.token_hash(raw),
        user_id=user.id,
        created_at=now,
        expires_at=now + timedelta(minutes=settings.mfa_challenge_minutes),
        ip=ip,
    )
    db.add(challenge)
    db.flush()
    audit.record(
        db,
        "auth.mfa_challenged",
        actor_user_id=user.id,
        org_id=auth.org_of(db, user.id),
        ip=ip,
        target_type="user",
        target_id=user.id,
    )
    return PendingSecondFactor(challenge=raw, expires_at=challenge.expires_at)


def complete_sign_in(
    db: Session,
    settings: Settings,
    challenge_token: str,
    code: str,
    ip: str | None,
    user_agent: str | None,
) -> auth.NewSession:
    """Step two: a TOTP code or a recovery code. Wrong codes count towards the sign-in lockout."""
    now = utcnow()
    challenge = db.execute(
        select(MfaChallenge)
        .where(MfaChallenge.token_hash == tokens.token_hash(challenge_token))
        .with_for_update()
    ).scalar_one_or_none()
    if challenge is None or challenge.used_at is not None or challenge.expires_at <= now:
        raise Unauthorized(CHALLENGE_GONE, extra={"reason": "challenge_invalid"})
    user = db.get(User, challenge.user_id)
    mfa = _confirmed(db, challenge.user_id)
    if user is None or not user.is_active or mfa is None:
        raise Unauthorized(CHALLENGE_GONE, extra={"reason": "challenge_invalid"})
    auth.check_throttle(db, user.email, ip)
    checked = _check_code(settings, db, user, mfa, code)
    if checked.kind is None:
        reason = checked.reason
        challenge.failures += 1
        spent = challenge.failures >= settings.mfa_challenge_attempts
        if spent:
            challenge.used_at = now
        auth.register_failure(db, user.email, ip, settings)
        audit.record(
            db,
            "auth.mfa_failed",
            actor_user_id=user.id,
            org_id=auth.org_of(db, user.id),
            ip=ip,
            target_type="user",
            target_id=user.id,
            data={"reason": reason, "attempt": challenge.failures},
        )
        message = REPLAYED_CODE if reason == "code_replayed" else WRONG_CODE
        if spent:
            message += " Too many wrong codes: enter your password again."
        raise Unauthorized(message, extra={"reason": reason}, keep_changes=True)
    challenge.used_at = now
    _accepted(db, user, checked, ip)
    return auth.start_session(
        db,
        user,
        settings,
        ip=ip,
        user_agent=user_agent,
        mfa_passed=True,
        audit_data={"second_factor": checked.kind},
    )
