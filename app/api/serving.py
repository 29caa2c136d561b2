"""The outer layers of the HTTP stack, for serving at scale (issue #14; docs/deploy.md).

From the outside in: `TrustedProxyHeaders` (the client's real address, when behind a trusted proxy),
`RequestTelemetry` (request id, access log, metrics, `/metrics`), `RequestAdmission` (at most
`PORTAL_MAX_IN_FLIGHT` requests at work, the next ones 503 at once). They wrap the security headers,
the fault barrier and the input guards that `create_app` installs first.
"""

from __future__ import annotations

from fastapi import FastAPI

from app import telemetry
from app.api.admission_http import RequestAdmission
from app.api.proxy_headers import TrustedProxyHeaders
from app.api.telemetry_http import RequestTelemetry
from app.config import Settings
from app.jobs import queue


def install(app: FastAPI, settings: Settings) -> None:
    """Call last in create_app: the last middleware added is the outermost."""
    if telemetry.count_job not in queue.JOB_OBSERVERS:
        queue.JOB_OBSERVERS.append(telemetry.count_job)  # jobs run and failed, for /metrics
    app.add_middleware(RequestAdmission, settings=settings)
    app.add_middleware(RequestTelemetry, settings=settings, engine=app.state.engine, fastapi_app=app)
    if settings.proxy_headers:
        app.add_middleware(TrustedProxyHeaders, trusted=settings.trusted_proxies)
