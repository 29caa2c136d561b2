"""API tokens for integrations: shown once, stored hashed, scoped, expiring, revocable."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.models.auth import ApiToken
from app.schemas.identity import TokenCreatedOut, TokenCreateIn, TokenOut
from app.schemas.integrations import TokenRotatedOut, TokenRotateIn
from app.security.permissions import grantable_scopes
from app.workflows import auth, token_rotation

router = APIRouter(tags=["api tokens"], dependencies=[Depends(Permission("tokens:manage"))])


@router.get("/tokens/scopes")
def list_scopes(p: PrincipalDep) -> dict[str, list[str]]:
    """The scopes you may grant (those your role holds), with the permissions each gives."""
    return {scope: sorted(perms) for scope, perms in grantable_scopes(p.role).items()}


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(p: PrincipalDep, db: SessionDep) -> list[ApiToken]:
    return auth.list_tokens(db, p)


@router.post("/tokens", response_model=TokenCreatedOut, status_code=201)
def create_token(body: TokenCreateIn, request: Request, p: PrincipalDep, db: SessionDep) -> TokenCreatedOut:
    token, raw = auth.create_token(db, p, body.name, body.scopes, body.expires_in_days, client_ip(request))
    return TokenCreatedOut.model_validate({**TokenOut.model_validate(token).model_dump(), "token": raw})


@router.post("/tokens/{token_id}/rotate", response_model=TokenRotatedOut, status_code=201)
def rotate_token(
    token_id: str,
    body: TokenRotateIn,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
) -> TokenRotatedOut:
    """A successor with the same scopes (shown once); the old token keeps working for `overlap_hours`."""
    new, raw, old = token_rotation.rotate(db, settings, p, token_id, body.overlap_hours, client_ip(request))
    out = {**TokenOut.model_validate(new).model_dump(), "token": raw, "previous_expires_at": old.expires_at}
    return TokenRotatedOut.model_validate(out)


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(token_id: str, request: Request, p: PrincipalDep, db: SessionDep) -> ApiToken:
    return auth.revoke_token(db, p, token_id, client_ip(request))
