"""Who sends a request, resolved once before routing for the integration layers (rate limits,
idempotency keys), and the plumbing those ASGI layers share.

The caller (app/workflows/callers.py) is kept in the ASGI scope's state, so the second layer to ask does
not query again. It is an identification, not an authentication: the route still authenticates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import cookie_parser
from starlette.types import Receive, Scope, Send

from app.api.problems import problem_response
from app.config import Settings
from app.errors import DomainError
from app.workflows.callers import Caller, identify

STATE_KEY = "portal.caller"


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def sessionmaker_of(scope: Scope) -> sessionmaker[Session]:
    made: sessionmaker[Session] = scope["app"].state.sessionmaker
    return made


_UNKNOWN = object()


def credentials(scope: Scope, settings: Settings) -> tuple[str | None, str | None]:
    """(bearer token, session cookie) as authentication reads them: the header first."""
    authorization = header(scope, b"authorization")
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip(), None
        return None, None
    return None, cookie_parser(header(scope, b"cookie") or "").get(settings.session_cookie) or None


def known(scope: Scope) -> object:
    """The caller found earlier in this request, None, or `_UNKNOWN` if nobody looked yet."""
    found: object = scope.get("state", {}).get(STATE_KEY, _UNKNOWN)
    return found


def remember(scope: Scope, caller: Caller | None) -> None:
    scope.setdefault("state", {})[STATE_KEY] = caller


def identify_in(db: Session, scope: Scope, settings: Settings) -> Caller | None:
    """Look the caller up in `db` (a layer's own short session, on a worker thread) and remember it."""
    bearer, cookie = credentials(scope, settings)
    caller = identify(db, bearer=bearer, session_token=cookie) if bearer or cookie else None
    remember(scope, caller)
    return caller


def _identify(sm: sessionmaker[Session], scope: Scope, settings: Settings) -> Caller | None:
    with sm() as db:
        return identify_in(db, scope, settings)


async def caller_of(scope: Scope, settings: Settings) -> Caller | None:
    """The request's caller (a token or a person with a session), or None; looked up once per request."""
    found = known(scope)
    if found is not _UNKNOWN:
        return found if isinstance(found, Caller) else None
    if credentials(scope, settings) == (None, None):
        remember(scope, None)
        return None
    return await run_in_threadpool(_identify, sessionmaker_of(scope), scope, settings)


async def answer_problem(exc: DomainError, scope: Scope, receive: Receive, send: Send) -> None:
    """A domain error as problem+json, from ASGI middleware (which has no Request)."""
    extra: dict[str, Any] = {**exc.extra, "errors": exc.errors or None}
    response = problem_response(
        exc.status_code, exc.title, exc.detail, exc.type_slug, scope["path"], exc.headers, extra
    )
    await response(scope, receive, send)


def encoded(headers: Iterable[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
