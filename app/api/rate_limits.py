"""API rate limits on the wire (the rules: app/workflows/rate_limits.py).

Outside the input guards and inside the fault barrier: every request of a known caller under /api/
counts, whatever becomes of it, and every answer to it carries `RateLimit-Policy` and `RateLimit`;
beyond a limit the answer is 429 problem+json with `Retry-After`, before the route runs. Anonymous
requests are not counted here (sign-in has its own throttle, hand-off links theirs); the probes are
exempt.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.caller import answer_problem, credentials, encoded, identify_in, sessionmaker_of
from app.config import Settings
from app.errors import DomainError
from app.workflows import rate_limits

EXEMPT_PATHS = frozenset({"/api/v1/health", "/api/v1/ready"})


def install(app: FastAPI, settings: Settings) -> None:
    """Call after `guards.install` and before `problems.install` (the last added is the outermost)."""
    app.add_middleware(RateLimitLayer, settings=settings)


class RateLimitLayer:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/") or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        if credentials(scope, self.settings) == (None, None):
            await self.app(scope, receive, send)
            return
        windows = await run_in_threadpool(self._count, scope)
        if windows is None:  # not a caller we know: authentication will refuse it
            await self.app(scope, receive, send)
            return
        extra = encoded(rate_limits.fields(windows))

        async def send_with_fields(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            rate_limits.check(windows)
        except DomainError as exc:
            await answer_problem(exc, scope, receive, send_with_fields)
            return
        await self.app(scope, receive, send_with_fields)

    def _count(self, scope: Scope) -> list[rate_limits.Window] | None:
        """Who calls and one more request of theirs, in one short transaction (one thread hop)."""
        with sessionmaker_of(scope)() as db:
            caller = identify_in(db, scope, self.settings)
            if caller is None:
                return None
            windows = rate_limits.count(db, self.settings, caller)
            db.commit()
            return windows


# ---- the OpenAPI document ------------------------------------------------------------------------------

HEADERS: dict[str, Any] = {
    "RateLimit-Policy": {
        "description": 'The limits that apply (IETF httpapi-ratelimit-headers): `"caller";q=<requests>;'
        'w=<seconds>, "org";q=<requests>;w=<seconds>`.',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What is left of each: `"caller";r=<remaining>;t=<seconds to reset>, "org";…`.',
        "schema": {"type": "string"},
    },
    "Retry-After": {"description": "Seconds to wait (429, 503).", "schema": {"type": "integer"}},
}


def declare(document: dict[str, Any], path: str, authenticated: bool, operation: dict[str, Any]) -> None:
    """On an operation of `document`: the rate-limit fields on every answer of an authenticated route."""
    if not authenticated or path in EXEMPT_PATHS:
        return
    components = document.setdefault("components", {}).setdefault("headers", {})
    components.update(HEADERS)
    for code, response in operation.get("responses", {}).items():
        headers = response.setdefault("headers", {})
        for name in ("RateLimit-Policy", "RateLimit"):
            headers[name] = {"$ref": f"#/components/headers/{name}"}
        if code == "429":
            headers["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
