"""API tokens for integrations: shown once, stored hashed, scoped, expiring, revocable."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from app.api.deps import Permission, PrincipalDep, SessionDep, client_ip
from app.models.auth import ApiToken
from app.schemas.identity import TokenCreatedOut, TokenCreateIn, TokenOut
from app.security.permissions import grantable_scopes
from app.workflows import auth

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


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(token_id: str, request: Request, p: PrincipalDep, db: SessionDep) -> ApiToken:
    return auth.revoke_token(db, p, token_id, client_ip(request))
