"""Request ids, the access log and Prometheus metrics, as one pure ASGI layer.

Every HTTP request gets an id (`X-Request-Id` if sane, else generated: app/telemetry.py), returned in
the `X-Request-Id` response header and set on every log line written while it works; the access log
(logger `app.access`) has one line per request with its method, route template, status, duration
and client address.

`GET /metrics` is the Prometheus exposition of this process: requests by route template and status,
a latency histogram per route, requests in flight and refused (admission), the database pool's
connections in use, evidence uploads in flight, jobs run and failed here, and (procrastinate) jobs
queued, running and failed in the database. It is not public: with `PORTAL_METRICS_TOKEN` it needs
`Authorization: Bearer <token>`, without one it answers only to loopback clients (after the trusted
proxy rewrite, so a request through the proxy from outside is refused).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, MutableMapping
from typing import Any

import anyio.to_thread
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, text
from starlette.types import ASGIApp, Receive, Scope, Send

from app import telemetry
from app.api import admission_http
from app.api.problems import problem_response
from app.config import Settings
from app.security.tokens import constant_time_equal
from app.workflows import admission

access_log = logging.getLogger("app.access")
log = logging.getLogger(__name__)
METRICS_PATH = "/metrics"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
UNROUTED = "<unrouted>"  # refused before routing (admission, input guards) or no route matched
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_LOOPBACK_PREFIXES = ("127.", "::1", "::ffff:127.")


class RouteTemplates:
    """The full path template ("/api/v1/cases/{case_id}") of the route that served a request.

    scope["route"] is the route object itself, whose own template lacks the prefixes of the routers
    that include it; the app's route contexts know the full one."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._by_route: dict[int, str] | None = None

    def __call__(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is None or self.app is None:
            return UNROUTED
        if self._by_route is None:
            from fastapi.routing import iter_route_contexts

            self._by_route = {
                id(ctx.original_route): ctx.path_format
                for ctx in iter_route_contexts(self.app.router.routes)
                if ctx.path_format
            }
        found = self._by_route.get(id(route))
        if found is None:
            found = getattr(route, "path_format", None)
        return found if isinstance(found, str) else UNROUTED


class _StateCollector(Collector):
    """Gauges read when scraped: pool, in flight, uploads, jobs."""

    def __init__(self, layer: RequestTelemetry) -> None:
        self.layer = layer

    def collect(self) -> Iterable[Metric]:
        layer = self.layer
        pool = GaugeMetricFamily("portal_db_pool_connections", "Database pool connections", labels=["state"])
        engine_pool: Any = layer.engine.pool if layer.engine is not None else None
        if engine_pool is not None and hasattr(engine_pool, "checkedout"):
            pool.add_metric(["in_use"], engine_pool.checkedout())
            pool.add_metric(["idle"], engine_pool.checkedin())
            pool.add_metric(["limit"], layer.settings.db_pool_total)
        yield pool
        gate = layer.admission()
        in_flight = GaugeMetricFamily("portal_http_in_flight", "HTTP requests at work (admitted)")
        in_flight.add_metric([], gate.in_flight if gate else 0)
        yield in_flight
        limit = GaugeMetricFamily("portal_http_max_in_flight", "PORTAL_MAX_IN_FLIGHT")
        limit.add_metric([], layer.settings.max_in_flight)
        yield limit
        refused = CounterMetricFamily("portal_http_refused", "Requests refused with 503 (overload)")
        refused.add_metric([], gate.refused if gate else 0)
        yield refused
        uploads = GaugeMetricFamily("portal_uploads_in_flight", "Evidence uploads at work in this process")
        uploads.add_metric([], admission.for_settings(layer.settings).held())
        yield uploads
        runs = CounterMetricFamily("portal_jobs_run", "Jobs run in this process", labels=["job", "outcome"])
        for (name, outcome), n in sorted(telemetry.job_counts().items()):
            runs.add_metric([name, outcome], n)
        yield runs
        queued = GaugeMetricFamily("portal_jobs", "Jobs queued by state (procrastinate)", labels=["state"])
        for state, n in layer.queued_jobs().items():
            queued.add_metric([state], n)
        yield queued


class RequestTelemetry:
    def __init__(
        self, app: ASGIApp, settings: Settings, engine: Engine | None = None, fastapi_app: Any = None
    ) -> None:
        self.app = app
        self.route_template = RouteTemplates(fastapi_app)
        self.settings = settings
        self.engine = engine
        self._admission: admission_http.RequestAdmission | None = None
        # auto_describe off: registering must not collect (that would query the job queue).
        self.registry = CollectorRegistry(auto_describe=False)
        self.requests = Counter(
            "portal_http_requests",
            "HTTP requests answered, by route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "portal_http_request_duration_seconds",
            "Time to the end of the response, by route template",
            ["method", "route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_StateCollector(self))

    def admission(self) -> admission_http.RequestAdmission | None:
        if self._admission is None:
            self._admission = admission_http.find(self.app)
        return self._admission

    def queued_jobs(self) -> dict[str, int]:
        if self.settings.jobs_backend != "procrastinate" or self.engine is None:
            return {}
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    text(
                        "SELECT status::text, count(*) FROM procrastinate_jobs "
                        "WHERE status IN ('todo', 'doing', 'failed') GROUP BY status"
                    )
                ).all()
        except Exception:  # noqa: BLE001  (a scrape must not fail because the queue cannot be read)
            log.warning("metrics: procrastinate_jobs unreadable")
            return {}
        counts = {"todo": 0, "doing": 0, "failed": 0}
        counts.update({str(s): int(n) for s, n in rows})
        return counts

    def _may_scrape(self, scope: Scope) -> bool:
        token = self.settings.metrics_token
        if token is not None:
            sent = next((v for k, v in scope["headers"] if k == b"authorization"), b"").decode("latin-1")
            scheme, _, value = sent.partition(" ")
            return scheme.lower() == "bearer" and constant_time_equal(value.strip(), token.get_secret_value())
        client = scope.get("client")
        host = client[0] if client else ""
        return isinstance(host, str) and (host.startswith(_LOOPBACK_PREFIXES) or host == "localhost")

    async def _metrics(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in ("GET", "HEAD"):
            response: Any = problem_response(
                405, "Method not allowed", None, "http-error", METRICS_PATH, headers={"Allow": "GET, HEAD"}
            )
        elif not self._may_scrape(scope):
            response = problem_response(
                403,
                "Forbidden",
                "Metrics are served to loopback clients or with the metrics token",
                "forbidden",
                METRICS_PATH,
            )
        else:
            from starlette.responses import Response

            body = await anyio.to_thread.run_sync(generate_latest, self.registry)
            response = Response(body, media_type=CONTENT_TYPE)
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = next((v for k, v in scope["headers"] if k == b"x-request-id"), None)
        rid = telemetry.accept_request_id(sent.decode("latin-1") if sent is not None else None)
        token = telemetry.request_id.set(rid)
        started = time.perf_counter()
        status = 500  # if the app fails before it answers (the fault barrier normally answers)

        async def send_with_id(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [
                    *[(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"],
                    (b"x-request-id", rid.encode()),
                ]
            await send(message)

        try:
            if scope["path"] == METRICS_PATH:
                await self._metrics(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = METRICS_PATH if scope["path"] == METRICS_PATH else self.route_template(scope)
            method = scope["method"]
            self.requests.labels(method, route, str(status)).inc()
            self.latency.labels(method, route).observe(elapsed)
            client = scope.get("client")
            access_log.info(
                "%s %s %s %.1f ms",
                method,
                route,
                status,
                elapsed * 1000,
                extra={
                    "request_id": rid,
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "client": client[0] if client else None,
                },
            )
            telemetry.request_id.reset(token)
