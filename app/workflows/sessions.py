"""A person's own sessions: list, revoke one, sign out everywhere; changing the password."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.models.auth import AuthSession
from app.security.passwords import hash_password, password_problem, verify_password
from app.security.permissions import Principal
from app.workflows import audit, auth
from app.workflows.mfa import person


def list_sessions(db: Session, p: Principal, settings: Settings) -> list[AuthSession]:
    """Open sessions: not revoked, not past their absolute or idle limit. Newest activity first."""
    user = person(db, p)
    now = utcnow()
    return list(
        db.execute(
            select(AuthSession)
            .where(
                AuthSession.user_id == user.id,
                AuthSession.revoked_at.is_(None),
                AuthSession.expires_at > now,
                AuthSession.last_seen_at > now - timedelta(minutes=settings.session_idle_minutes),
            )
            .order_by(AuthSession.last_seen_at.desc(), AuthSession.created_at.desc())
        ).scalars()
    )


def revoke_session(db: Session, p: Principal, session_id: str, ip: str | None) -> AuthSession:
    user = person(db, p)
    session = db.execute(
        select(AuthSession).where(AuthSession.id == session_id, AuthSession.user_id == user.id)
    ).scalar_one_or_none()
    if session is None:
        raise NotFound("No such session")
    if session.revoked_at is None:
        session.revoked_at = utcnow()
        audit.record(
            db,
            "auth.session_revoked",
            principal=p,
            ip=ip,
            target_type="session",
            target_id=session.id,
            data={"current": session.id == p.session_id},
        )
    return session


def revoke_all(db: Session, p: Principal, ip: str | None, *, keep_current: bool) -> int:
    """Sign out everywhere (optionally keeping this session); returns how many sessions ended."""
    user = person(db, p)
    count = auth.revoke_user_sessions(db, user.id, keep=p.session_id if keep_current else None)
    audit.record(
        db,
        "auth.sessions_revoked",
        principal=p,
        ip=ip,
        target_type="user",
        target_id=user.id,
        data={"count": count, "kept_current": keep_current},
    )
    return count


def change_password(
    db: Session, p: Principal, settings: Settings, current: str, new: str, ip: str | None
) -> int:
    """Needs the current password (wrong ones count towards the sign-in lockout). Every other session
    of the person ends; returns how many."""
    user = person(db, p)
    auth.check_throttle(db, user.email, ip)
    if user.password_hash is None:
        raise Conflict("Your account signs in through single sign-on and has no password to change")
    if not verify_password(user.password_hash, current):
        auth.register_failure(db, user.email, ip, settings)
        audit.record(
            db,
            "auth.password_change_failed",
            principal=p,
            ip=ip,
            target_type="user",
            target_id=user.id,
            data={"reason": "wrong_password"},
        )
        raise Forbidden(
            "Your current password is not correct",
            errors=[{"loc": ["body", "current_password"], "msg": "not correct"}],
            keep_changes=True,
        )
    problem = password_problem(new)
    if problem:
        raise Invalid(problem, errors=[{"loc": ["body", "new_password"], "msg": problem}])
    if verify_password(user.password_hash, new):
        raise Invalid(
            "The new password must differ from the current one",
            errors=[{"loc": ["body", "new_password"], "msg": "same as the current password"}],
        )
    auth.register_success(db, user.email, ip)  # also re-checks a lock on the address taken meanwhile
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    revoked = auth.revoke_user_sessions(db, user.id, keep=p.session_id)
    audit.record(
        db,
        "auth.password_changed",
        principal=p,
        ip=ip,
        target_type="user",
        target_id=user.id,
        data={"sessions_revoked": revoked},
    )
    return revoked
