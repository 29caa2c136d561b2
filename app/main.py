"""create_app(): the FastAPI application."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api import (
    admission_http,
    guards,
    idempotency,
    openapi,
    problems,
    rate_limits,
    recipient_page,
    serving,
)
from app.api.v1 import (
    analytics,
    audit,
    auth,
    cases,
    designations,
    evidence,
    handoff,
    health,
    integrations,
    mfa,
    notifications,
    orgs,
    packages,
    password_reset,
    review,
    sessions,
    sso,
    tokens,
    uploads,
    word,
)
from app.config import Settings, check_startup, get_settings
from app.db import make_engine, make_sessionmaker
from app.errors import NotFound
from app.jobs import queue, registry
from app.memory import tune_malloc
from app.workflows.designations import screening

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"
SPA_PATH = "/{path}"  # the template of the frontend's catch-all route

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    # No inline scripts; the API's own docs page loads its bundle from a CDN, so it is relaxed there.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp, production: bool) -> None:
        self.app = app
        self.production = production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith("/api/docs")

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for k, v in SECURITY_HEADERS.items():
                    if docs and k == "Content-Security-Policy":
                        continue
                    if k.lower().encode() not in present:
                        headers.append((k.lower().encode(), v.encode()))
                if self.production:
                    headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
                if scope["path"].startswith("/api/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _warm_matcher(ctx: queue.JobContext) -> None:
    try:
        screening.warm_up_if_lists(ctx)
    except Exception:  # a failed warm-up only means the first save pays for it
        log.exception("matcher warm-up failed")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Inline jobs: this process runs the @periodic functions every PORTAL_JOBS_TICK_SECONDS."""
    settings: Settings = app.state.settings
    stop = None
    if settings.jobs_backend == "inline" and settings.jobs_tick_seconds > 0:
        ctx = queue.JobContext(settings, app.state.sessionmaker)
        stop = queue.start_inline_ticker(ctx, settings.jobs_tick_seconds)
    if settings.jobs_backend == "inline" and settings.env != "test":
        # Inline screening runs in the saving request: load the matcher's name data (~15 s) now, in the
        # background, rather than in a researcher's first save after a start. (Not under tests: their
        # sessions share one connection, which a second thread must not use.)
        warm_ctx = queue.JobContext(settings, app.state.sessionmaker)
        threading.Thread(target=_warm_matcher, args=(warm_ctx,), name="portal-warm-up", daemon=True).start()
    try:
        yield
    finally:
        if stop is not None:
            await asyncio.to_thread(stop)


def create_app(
    settings: Settings | None = None, sessionmaker_override: sessionmaker[Session] | None = None
) -> FastAPI:
    settings = settings or get_settings()
    check_startup(settings)
    tune_malloc()
    settings.secret()  # development: create and keep the secret now, not on first use
    app = FastAPI(
        title="Sanctions coalition case-file portal",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=_lifespan,
        generate_unique_id_function=openapi.operation_id,
    )
    app.state.settings = settings
    engine = make_engine(settings.effective_database_url, **admission_http.pool_options(settings))
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker_override or make_sessionmaker(engine)
    # The job runner travels with the app's sessionmaker (its sessions carry it to `defer`).
    registry.install(settings, app.state.sessionmaker)
    # Middleware order: the last added is the outermost. Input guards, problems' fault barrier (so an
    # error in a guard is still answered), SecurityHeaders (last, so every answer carries them).
    idempotency.install(app, settings)  # inside the input guards (issue #21)
    guards.install(app, settings)
    rate_limits.install(app, settings)  # outside the input guards, inside the fault barrier
    problems.install(app)

    api = APIRouter(prefix="/api/v1")
    for module in (
        health,
        auth,
        password_reset,
        orgs,
        tokens,
        audit,
        cases,
        review,
        notifications,
        mfa,
        sessions,
        sso,
        packages,
        evidence,
        uploads,
        designations,
        handoff,
        word,
        integrations,
        analytics,
    ):
        api.include_router(module.router)
    app.include_router(api)
    recipient_page.install(app)  # /r/{token} and the receipt key, before the frontend's catch-all
    openapi.install(app)  # every operation's problem+json answers, declared in one place
    _mount_frontend(app)
    _install_method_not_allowed(app)
    app.add_middleware(SecurityHeaders, production=settings.is_production)
    serving.install(app, settings)  # proxy headers, telemetry, admission: outside everything above
    return app


def _mount_frontend(app: FastAPI) -> None:
    index = STATIC_DIR / "index.html"

    @app.get("/{path:path}", include_in_schema=False, response_model=None)  # template: SPA_PATH
    def spa(path: str) -> Response:
        if path.startswith("api/"):
            # GET on an API path that only takes other methods: 405 naming them, as for any other method.
            if _api_methods(app, "/" + path):
                raise StarletteHTTPException(405)  # answered by method_not_allowed, with Allow
            raise NotFound("No such API endpoint")
        candidate = (STATIC_DIR / path).resolve()
        if path and candidate.is_file() and STATIC_DIR.resolve() in candidate.parents:
            if path == "sw.js":  # the service worker: always revalidated (docs/offline.md)
                return FileResponse(candidate, headers={"Cache-Control": "no-cache"})
            return FileResponse(candidate)
        if index.exists():
            return FileResponse(index)
        return Response("The frontend is not built yet: run `make run`.", media_type="text/plain")


def _install_method_not_allowed(app: FastAPI) -> None:
    """405s name every method the path takes: Starlette's `Allow` names only the first route's, and
    a path served by several routes (GET and POST /cases) would seem to take one method."""

    async def method_not_allowed(request: Request, exc: Exception) -> Response:
        allowed = _api_methods(app, request.url.path)
        headers = {"Allow": ", ".join(sorted(allowed))} if allowed else None
        return problems.problem(405, "Method not allowed", None, "http-error", request, headers)

    app.add_exception_handler(405, method_not_allowed)


def _api_methods(app: FastAPI, path: str) -> set[str]:
    """The methods of the routes that serve `path` (the frontend's catch-all aside); empty if none.

    Of the routes whose template matches, the most specific: `/cases/import` is its own resource,
    not a case called "import"."""
    matches: list[tuple[int, set[str]]] = []
    for context in iter_route_contexts(app.router.routes):
        template = context.path_format or ""
        if isinstance(context.original_route, APIRoute) and template != SPA_PATH:
            if context.path_regex.match(path):
                matches.append((template.count("{"), set(context.methods or ())))
    fewest = min((n for n, _ in matches), default=0)
    return {m for n, methods in matches if n == fewest for m in methods}
