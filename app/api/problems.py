"""RFC 9457 problem+json for every error; no stack trace or SQL ever reaches a client.

Faults are answered here too: `FaultBarrier` turns an unhandled exception into a 500 (a database that is
down or out of connections into a 503 with Retry-After) inside `SecurityHeaders`, so the answer carries
them, and without re-raising, so the server keeps the client's keep-alive connection.
"""

from __future__ import annotations

import html
import json
import logging
import sys
from collections.abc import MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import DomainError

log = logging.getLogger("app.errors")
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://portal.invalid/problems/"
# A restarted or failed-over PostgreSQL is usually back within seconds.
DATABASE_RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError,  # connection refused or lost, server shutting down, …
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,  # no connection free in the pool
)


def _database_unavailable() -> tuple[type[BaseException], ...]:
    # psycopg used directly (the job queue; psycopg_pool.PoolTimeout is an OperationalError). Looked
    # up, not imported: an embedded (SQLite) process never loads it, so none of its errors can occur.
    psycopg = sys.modules.get("psycopg")
    if psycopg is None:
        return DATABASE_UNAVAILABLE
    return (*DATABASE_UNAVAILABLE, psycopg.OperationalError, psycopg.InterfaceError)


class ProblemResponse(JSONResponse):
    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        # An echoed input may hold a lone surrogate, which UTF-8 cannot encode: replaced, never a 500.
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8", "replace")


def problem_response(
    status: int,
    title: str,
    detail: str | None,
    slug: str,
    instance: str,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """A problem+json response; also for ASGI middleware, which has no Request."""
    body: dict[str, Any] = {"type": TYPE_BASE + slug, "title": title, "status": status, "instance": instance}
    if detail:
        body["detail"] = detail
    # Extras never override the RFC 9457 members.
    body.update({k: v for k, v in (extra or {}).items() if v is not None and k not in body})
    return ProblemResponse(body, status_code=status, headers=headers)


def problem(
    status: int,
    title: str,
    detail: str | None,
    slug: str,
    request: Request,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    return problem_response(status, title, detail, slug, request.url.path, headers, extra)


def _loc(loc: Any) -> list[Any]:
    return [str(x) if not isinstance(x, int) else x for x in loc]


def _safe_input(value: Any) -> Any:
    # Echo small scalar inputs only: a rejected password or a huge blob must not come back.
    if isinstance(value, (int, float, bool)) or (isinstance(value, str) and len(value) <= 200):
        return value
    return None


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>{title}</h1><p>{detail}</p><p><a href="/">Back to the portal</a></p></body></html>
"""


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept and "problem+json" not in accept


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        if exc.as_page and _wants_html(request):
            return HTMLResponse(
                PAGE.format(title=html.escape(exc.title), detail=html.escape(exc.detail)),
                status_code=exc.status_code,
                headers=exc.headers or None,
            )
        return problem(
            exc.status_code,
            exc.title,
            exc.detail,
            exc.type_slug,
            request,
            exc.headers or None,
            {"errors": exc.errors or None, **exc.extra},
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for e in exc.errors():
            item: dict[str, Any] = {
                "loc": _loc(e.get("loc", ())),
                "msg": e.get("msg", ""),
                "type": e.get("type"),
            }
            if "password" not in str(item["loc"]):
                safe = _safe_input(e.get("input"))
                if safe is not None:
                    item["input"] = safe
            errors.append(item)
        paths = ", ".join(".".join(str(x) for x in err["loc"]) for err in errors[:5])
        return problem(
            422,
            "Unprocessable content",
            f"Invalid request: {paths}",
            "validation-error",
            request,
            extra={"errors": errors},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem(
            exc.status_code, title, detail, "http-error", request, dict(exc.headers) if exc.headers else None
        )

    # Added after the input guards (it wraps them) and before SecurityHeaders (which wraps it).
    app.add_middleware(FaultBarrier)


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception, what it was raised from or during, and the members of exception groups."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo and len(seen) < 50:
        e = todo.pop()
        if any(e is s for s in seen):
            continue
        seen.append(e)
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)
        if isinstance(e, BaseExceptionGroup):
            todo.extend(e.exceptions)
    return seen


def fault_response(exc: Exception, method: str, path: str) -> JSONResponse:
    """The answer to an exception nothing else handled; logged without the SQL parameters (case content)."""
    causes = _causes(exc)
    for cause in causes:
        if isinstance(cause, sa_exc.StatementError):
            cause.hide_parameters = True  # its message then leaves the bound values out
    unavailable = _database_unavailable()
    db_fault = next((e for e in causes if isinstance(e, unavailable)), None)
    if db_fault is not None:
        log.warning("database unavailable on %s %s: %s", method, path, type(db_fault).__name__)
        return problem_response(
            503,
            "Service unavailable",
            "The database is unavailable; try again shortly.",
            "database-unavailable",
            path,
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )
    log.error("unhandled error on %s %s", method, path, exc_info=exc)
    return problem_response(
        500, "Internal server error", "An unexpected error occurred; it has been logged.", "internal", path
    )


class FaultBarrier:
    """Answers unhandled exceptions as problem+json instead of letting them reach the server.

    Starlette's own last resort (ServerErrorMiddleware) sits outside every middleware, so its 500 had
    no security headers, and it re-raises, on which uvicorn closes the connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = complete = False

        async def tracking_send(message: MutableMapping[str, Any]) -> None:
            nonlocal started, complete
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                complete = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if complete:  # the client has its whole answer (a failing background task): keep it
                log.error("error after the response on %s %s", scope["method"], scope["path"], exc_info=exc)
                return
            if started:  # a truncated answer must not look whole: the server closes the connection
                raise
            response = fault_response(exc, scope["method"], scope["path"])
            await response(scope, receive, send)
