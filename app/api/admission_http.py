"""Admission control for the whole HTTP API: a bounded number of requests at work, the rest refused at once.

Why (issue #14): sync endpoints and their sync dependencies run on AnyIO's worker threads (40 by
default), one after the other, and each request's session holds a pooled connection from its first
query to its commit. With SQLAlchemy's default pool (5 + 10, 30 s wait) and more than ~55 concurrent
requests, all 40 threads sat in the pool's wait (in the session check of requests that had a thread)
while the 15 connections were held by requests waiting for a thread: nothing moved for 30 s, the
waits ended in 500s, and `/health` queued behind them.

The remedy is to never admit more work than the process has resources for:

- `RequestAdmission` (pure ASGI, outside everything but the proxy and telemetry layers) counts the
  requests in flight; beyond `PORTAL_MAX_IN_FLIGHT` it answers 503 problem+json with `Retry-After`
  straight away, without reading the body or touching the database. Health, readiness and /metrics
  are exempt, so probes never wait behind other work.
- `pool_options` sizes the connection pool to `max_in_flight + db_pool_reserve` (the reserve serves
  the exempt probes, the inline job ticker and after-commit jobs) with a short wait
  (`PORTAL_DB_POOL_TIMEOUT_SECONDS`, 3 s): a pool that is still exhausted is a 503 with Retry-After
  (app/api/problems.py), never a 30-second hang.
- `size_thread_pool` gives AnyIO's default limiter at least as many threads as there are
  connections: every admitted request (it needs one thread at a time) finds a thread and a
  connection, so the circular wait cannot form.

Each API process counts its own requests: with `--workers N` the host admits N × max_in_flight.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.problems import problem_response
from app.config import Settings

log = logging.getLogger(__name__)

# Never wait behind other work: the probes and the scrape endpoint.
EXEMPT_PATHS = frozenset({"/api/v1/health", "/api/v1/ready", "/metrics"})
POOL_KEPT_OPEN = 10  # connections kept when idle; the rest of the pool opens on demand


def pool_options(settings: Settings) -> dict[str, Any]:
    """make_engine keyword arguments: a pool as large as the concurrency the process admits."""
    total = settings.db_pool_total
    kept = min(POOL_KEPT_OPEN, total)
    return {
        "pool_size": kept,
        "max_overflow": total - kept,
        "pool_timeout": settings.db_pool_timeout_seconds,
    }


def size_thread_pool(settings: Settings) -> int:
    """Raise AnyIO's default thread limiter to the pool's size (never lower it); must run in the loop."""
    limiter = anyio.to_thread.current_default_thread_limiter()
    if limiter.total_tokens < settings.db_pool_total:
        limiter.total_tokens = settings.db_pool_total
    return int(limiter.total_tokens)


class RequestAdmission:
    """At most `max_in_flight` HTTP requests at work in this process; the next ones get 503 at once.

    Under uvicorn every call arrives on the one event loop; a lock still guards the counter, since test
    clients run the app on several loops in several threads."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.limit = settings.max_in_flight
        self.retry_after = settings.overload_retry_after_seconds
        self.in_flight = 0
        self.refused = 0  # since the start, for the metrics
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size_thread_pool(self.settings)  # cheap; per event loop (tests run several loops)
        if scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        with self._lock:
            admitted = self.in_flight < self.limit
            if admitted:
                self.in_flight += 1
            else:
                self.refused += 1
        if not admitted:
            response = problem_response(
                503,
                "Service unavailable",
                "The server is busy; try again shortly.",
                "overloaded",
                scope["path"],
                headers={"Retry-After": str(self.retry_after)},
                extra={"retry_after": self.retry_after},
            )
            await response(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                self.in_flight -= 1


def find(app: Any) -> RequestAdmission | None:
    """The admission layer of a built middleware stack (for the metrics), or None."""
    seen = 0
    while app is not None and seen < 50:
        if isinstance(app, RequestAdmission):
            return app
        app = getattr(app, "app", None)
        seen += 1
    return None
