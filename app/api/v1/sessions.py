"""Your sessions (device, address, last seen), revoking them, and changing your password."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.api.deps import PrincipalDep, SessionDep, SettingsDep, client_ip
from app.api.v1.auth import clear_session_cookies
from app.schemas.mfa import PasswordChangeIn, RevokeAllIn, RevokedOut, SessionOut
from app.workflows import sessions

router = APIRouter(tags=["sessions"])


@router.get("/auth/sessions", response_model=list[SessionOut])
def list_sessions(p: PrincipalDep, db: SessionDep, settings: SettingsDep) -> list[SessionOut]:
    return [
        SessionOut(
            id=s.id,
            device=s.user_agent,
            ip=s.ip,
            auth_method=s.auth_method,
            mfa_passed=s.mfa_passed,
            created_at=s.created_at,
            last_seen_at=s.last_seen_at,
            expires_at=s.expires_at,
            current=s.id == p.session_id,
        )
        for s in sessions.list_sessions(db, p, settings)
    ]


@router.delete("/auth/sessions/{session_id}", status_code=204)
def revoke_session(
    session_id: str,
    request: Request,
    response: Response,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
) -> None:
    sessions.revoke_session(db, p, session_id, client_ip(request))
    if session_id == p.session_id:
        clear_session_cookies(response, settings)


@router.post("/auth/sessions/revoke-all", response_model=RevokedOut)
def revoke_all_sessions(
    request: Request,
    response: Response,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    body: RevokeAllIn | None = None,
) -> RevokedOut:
    """Sign out everywhere; `{"keep_current": false}` ends this session too."""
    keep = body.keep_current if body is not None else True
    count = sessions.revoke_all(db, p, client_ip(request), keep_current=keep)
    if not keep:
        clear_session_cookies(response, settings)
    return RevokedOut(revoked=count)


@router.post("/auth/password", response_model=RevokedOut)
def change_password(
    body: PasswordChangeIn, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> RevokedOut:
    """Needs the current password; every other session of yours ends."""
    return RevokedOut(
        revoked=sessions.change_password(
            db, p, settings, body.current_password, body.new_password, client_ip(request)
        )
    )
