"""Sign-in, sign-out, and who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from app.api.deps import EnrollingPrincipalDep, SessionDep, SettingsDep, client_ip
from app.config import Settings
from app.models.auth import AuthSession
from app.models.identity import Organization, User
from app.schemas.identity import LoginIn, LoginMfaIn, LoginOut, MeOut, MfaChallengeOut, OrgOut
from app.security.permissions import Principal
from app.workflows import auth, mfa

router = APIRouter(tags=["auth"])


def set_session_cookies(response: Response, settings: Settings, raw: str, csrf: str) -> None:
    secure = settings.is_production
    max_age = settings.session_absolute_hours * 3600
    response.set_cookie(
        settings.session_cookie, raw, max_age=max_age, httponly=True, secure=secure, samesite="lax", path="/"
    )
    # Readable by the frontend, which echoes it in X-CSRF-Token (double submit, checked server-side).
    response.set_cookie(
        settings.csrf_cookie, csrf, max_age=max_age, httponly=False, secure=secure, samesite="lax", path="/"
    )


def clear_session_cookies(response: Response, settings: Settings) -> None:
    response.delete_cookie(settings.session_cookie, path="/")
    response.delete_cookie(settings.csrf_cookie, path="/")


def me_view(db: Session, p: Principal, csrf: str | None = None) -> MeOut:
    org = db.get(Organization, p.org_id)
    assert org is not None
    user = db.get(User, p.user_id) if p.user_id else None
    session = db.get(AuthSession, p.session_id) if p.session_id else None
    if csrf is None and session is not None:
        csrf = session.csrf_token
    return MeOut(
        id=user.id if user else None,
        email=user.email if user else None,
        display_name=user.display_name if user else None,
        organization=OrgOut.model_validate(org),
        role=p.role,
        permissions=sorted(p.permissions),
        auth="token" if p.token_id else "session",
        token_scopes=list(p.scopes) if p.token_id else None,
        csrf_token=csrf,
        mfa_passed=p.mfa_passed,
        mfa_required=p.needs_second_factor,
        mfa_enrolled=auth.has_second_factor(db, user.id) if user else False,
        auth_method=session.auth_method if session else None,
    )


def _signed_in(db: Session, settings: Settings, response: Response, new: auth.NewSession) -> LoginOut:
    set_session_cookies(response, settings, new.token, new.session.csrf_token)
    principal, _ = auth.session_principal(db, new.token, settings)
    return LoginOut(me=me_view(db, principal, new.session.csrf_token), csrf_token=new.session.csrf_token)


@router.post(
    "/auth/login",
    response_model=LoginOut | MfaChallengeOut,
    description="With two-factor authentication on, the answer is `{mfa_required: true, challenge}` "
    "and no session yet: send the challenge with a code to POST /auth/login/mfa.",
)
def login(
    body: LoginIn, request: Request, response: Response, db: SessionDep, settings: SettingsDep
) -> LoginOut | MfaChallengeOut:
    result = mfa.password_sign_in(
        db, settings, body.email, body.password, client_ip(request), request.headers.get("user-agent")
    )
    if isinstance(result, mfa.PendingSecondFactor):
        return MfaChallengeOut(challenge=result.challenge, expires_at=result.expires_at)
    return _signed_in(db, settings, response, result)


@router.post("/auth/login/mfa", response_model=LoginOut)
def login_mfa(
    body: LoginMfaIn, request: Request, response: Response, db: SessionDep, settings: SettingsDep
) -> LoginOut:
    new = mfa.complete_sign_in(
        db, settings, body.challenge, body.code, client_ip(request), request.headers.get("user-agent")
    )
    return _signed_in(db, settings, response, new)


@router.post("/auth/logout", status_code=204)
def logout(
    request: Request, response: Response, p: EnrollingPrincipalDep, db: SessionDep, settings: SettingsDep
) -> None:
    auth.end_session(db, p, client_ip(request))
    clear_session_cookies(response, settings)


@router.get("/me", response_model=MeOut)
def get_me(p: EnrollingPrincipalDep, db: SessionDep) -> MeOut:
    return me_view(db, p)
