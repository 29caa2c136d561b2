"""Who sends a request, for the ASGI layers that must know before (or without) authentication, and
the plumbing those layers share.

Only the Idempotency-Key claim (before the route) and the rate limit of a request that never reached
authentication (app/api/rate_limits.py) identify the caller here (app/workflows/callers.py); what they
found is kept on the request's rate-limit hit, so nobody asks twice. It is an identification, not an
authentication: the route still authenticates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import cookie_parser
from starlette.types import Receive, Scope, Send

from app.api.problems import problem_response
from app.config import Settings
from app.errors import DomainError
from app.workflows.callers import Caller, identify


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def sessionmaker_of(scope: Scope) -> sessionmaker[Session]:
    made: sessionmaker[Session] = scope["app"].state.sessionmaker
    return made


def credentials(scope: Scope, settings: Settings) -> tuple[str | None, str | None]:
    """(bearer token, session cookie) as authentication reads them: the header first."""
    authorization = header(scope, b"authorization")
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip(), None
        return None, None
    return None, cookie_parser(header(scope, b"cookie") or "").get(settings.session_cookie) or None


def identify_in(db: Session, scope: Scope, settings: Settings) -> Caller | None:
    """Look the caller up in `db` (a layer's own short session, on a worker thread)."""
    bearer, cookie = credentials(scope, settings)
    return identify(db, bearer=bearer, session_token=cookie) if bearer or cookie else None


async def answer_problem(exc: DomainError, scope: Scope, receive: Receive, send: Send) -> None:
    """A domain error as problem+json, from ASGI middleware (which has no Request)."""
    extra: dict[str, Any] = {**exc.extra, "errors": exc.errors or None}
    response = problem_response(
        exc.status_code, exc.title, exc.detail, exc.type_slug, scope["path"], exc.headers, extra
    )
    await response(scope, receive, send)


def encoded(headers: Iterable[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
