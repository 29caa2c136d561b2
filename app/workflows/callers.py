"""Who sends a request, as far as idempotency keys and rate limits need to know.

Mostly authentication says it (`of_principal`: the principal it has just read, no query more). Only a
layer that must know before the route runs (an Idempotency-Key claim), or a request that never reached
authentication (an unknown path, a body refused by the input guards), asks `identify`: an API token's id
and organisation, or a session's person and organisation, without side effects. Nothing is touched (no
last-use, no session refresh, no audit) and nothing is decided there: a credential that does not resolve
is simply no caller, and authentication refuses it as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.models.auth import AuthSession
from app.security import tokens
from app.security.permissions import Principal
from app.workflows import scoping


@dataclass(frozen=True)
class Caller:
    key: str  # "token:<id>" or "user:<id>": whose idempotency keys and whose rate limit
    org_id: str
    token_id: str | None = None


def of_principal(principal: Principal) -> Caller:
    """The caller authentication found: a token, or a person (whichever session they use)."""
    if principal.token_id is not None:
        return Caller(key=f"token:{principal.token_id}", org_id=principal.org_id, token_id=principal.token_id)
    return Caller(key=f"user:{principal.user_id}", org_id=principal.org_id)


def identify(db: Session, *, bearer: str | None, session_token: str | None) -> Caller | None:
    """The caller a bearer token (preferred, as in authentication) or a session cookie names, or None."""
    now = utcnow()
    if bearer is not None:
        token = db.execute(scoping.unscoped_api_token_by_hash(tokens.token_hash(bearer))).scalar_one_or_none()
        if token is None or token.revoked_at is not None or token.expires_at <= now:
            return None
        return Caller(key=f"token:{token.id}", org_id=token.org_id, token_id=token.id)
    if session_token is not None:
        session = db.execute(
            select(AuthSession).where(AuthSession.token_hash == tokens.token_hash(session_token))
        ).scalar_one_or_none()
        if session is None or session.revoked_at is not None or session.expires_at <= now:
            return None
        membership = db.execute(scoping.unscoped_membership_of_user(session.user_id)).scalars().first()
        if membership is None:
            return None
        return Caller(key=f"user:{session.user_id}", org_id=membership.org_id)
    return None
