"""Single sign-on through OpenID Connect providers (authorization code flow with PKCE)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from app.api.deps import SessionDep, SettingsDep, client_ip
from app.api.v1.auth import set_session_cookies
from app.config import Settings
from app.errors import DomainError
from app.schemas.mfa import OidcProviderOut
from app.workflows import sso

router = APIRouter(tags=["single sign-on"])
OIDC_PATH = "/api/v1/auth/oidc"


def _state_cookie(settings: Settings) -> str:
    return f"{settings.session_cookie}_oidc"


@router.get("/auth/oidc/providers", response_model=list[OidcProviderOut], tags=["public"])
def list_providers(settings: SettingsDep) -> list[OidcProviderOut]:
    return [
        OidcProviderOut(name=p.name, login_url=f"{OIDC_PATH}/{p.name}/login") for p in settings.oidc_providers
    ]


@router.get("/auth/oidc/{provider}/login", status_code=303, response_class=RedirectResponse)
def oidc_login(
    provider: str,
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    login_hint: Annotated[str | None, Query(max_length=320)] = None,
) -> RedirectResponse:
    """Sends the browser to the provider; it comes back to the callback below."""
    try:
        started = sso.begin(db, settings, provider, login_hint)
    except DomainError as exc:
        exc.as_page = True
        raise
    response = RedirectResponse(started.authorization_url, status_code=303)
    response.set_cookie(
        _state_cookie(settings),
        started.cookie_value,
        max_age=started.max_age,
        httponly=True,
        secure=settings.is_production,
        samesite="lax",  # sent on the provider's top-level redirect back, not on cross-site subrequests
        path=OIDC_PATH,
    )
    return response


@router.get("/auth/oidc/{provider}/callback", status_code=303, response_class=RedirectResponse)
def oidc_callback(provider: str, request: Request, db: SessionDep, settings: SettingsDep) -> RedirectResponse:
    """Verifies the provider's answer, signs the person in and sends the browser to the portal.
    Refusals say why: a problem+json, or a short page for a browser."""
    try:
        new = sso.complete(
            db,
            settings,
            provider,
            request.cookies.get(_state_cookie(settings)),
            dict(request.query_params),
            client_ip(request),
            request.headers.get("user-agent"),
        )
    except DomainError as exc:
        exc.as_page = True
        raise
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(_state_cookie(settings), path=OIDC_PATH)
    set_session_cookies(response, settings, new.token, new.session.csrf_token)
    return response
