"""Issue #14, observability: request ids, JSON logs, Prometheus metrics at /metrics (not public)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app import telemetry
from app.jobs import queue
from app.main import create_app
from tests.conftest import make_settings


def test_request_id_is_accepted_if_sane_else_generated(app: Any) -> None:
    client = TestClient(app)
    given = "req-1234abcd.ef"
    assert client.get("/api/v1/health", headers={"X-Request-Id": given}).headers["x-request-id"] == given
    for bad in ("short", "x" * 200, "has space inside", "<script>alert(1)</script>"):
        got = client.get("/api/v1/health", headers={"X-Request-Id": bad}).headers["x-request-id"]
        assert got != bad and telemetry.REQUEST_ID_RE.match(got)
    a = client.get("/api/v1/health").headers["x-request-id"]
    b = client.get("/api/v1/nope").headers["x-request-id"]  # errors carry one too
    assert a != b


def test_access_log_is_json_with_the_request_id_and_route(app: Any, caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(app)
    with caplog.at_level(logging.INFO, logger="app.access"):
        client.get("/api/v1/cases/abc123", headers={"X-Request-Id": "trace-0001-abcd"})
    record = next(r for r in caplog.records if r.name == "app.access")
    line = json.loads(telemetry.JsonFormatter().format(record))
    assert line["request_id"] == "trace-0001-abcd"
    assert line["route"] == "/api/v1/cases/{case_id}"  # the template, never the ids in the path
    assert line["status"] == 401 and line["method"] == "GET"
    assert isinstance(line["duration_ms"], float)
    assert "abc123" not in json.dumps(line)


def test_log_records_written_during_a_request_carry_its_id() -> None:
    logger = logging.getLogger("app.test_scale")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(telemetry.RequestIdFilter())
    logger.addHandler(handler)
    try:
        with telemetry.bound_request_id("abcdef-123456"):
            logger.warning("inside")
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)
    assert [getattr(r, "request_id", None) for r in records] == ["abcdef-123456", "-"]
    cfg = telemetry.logging_config("json")
    assert cfg["formatters"]["portal"]["()"] == "app.telemetry.JsonFormatter"
    assert "format" in telemetry.logging_config("text")["formatters"]["portal"]


def test_jobs_carry_the_deferring_requests_id(app: Any, sm: sessionmaker[Session]) -> None:
    """Procrastinate stores the id beside the job; the worker runs the job under it."""
    from app.jobs.procrastinate_runner import _request_id

    seen: list[str | None] = []

    @queue.task("test.scale.capture")
    def capture(ctx: queue.JobContext, **payload: Any) -> None:
        seen.append(telemetry.current_request_id())

    try:
        assert _request_id() == {}
        with telemetry.bound_request_id("job-trace-0042"):
            assert _request_id() == {"request_id": "job-trace-0042"}
        # What `portal.run` does with the stored id, in the worker's own context:
        ctx = queue.JobContext(make_settings("sqlite://", Path("/tmp/unused")), sm)
        with telemetry.bound_request_id("job-trace-0042"):
            queue.run_task(ctx, "test.scale.capture", {})
        queue.run_task(ctx, "test.scale.capture", {})
        assert seen == ["job-trace-0042", None]
        assert telemetry.job_counts()[("test.scale.capture", "ok")] >= 2
    finally:
        queue.TASKS.pop("test.scale.capture", None)


def test_failed_jobs_are_counted(app: Any, sm: sessionmaker[Session]) -> None:
    assert telemetry.count_job in queue.JOB_OBSERVERS  # create_app (the `app` fixture) registered it

    @queue.task("test.scale.fails")
    def fails(ctx: queue.JobContext, **payload: Any) -> None:
        raise RuntimeError("no")

    try:
        before = telemetry.job_counts().get(("test.scale.fails", "failed"), 0)
        queue.run_task(
            queue.JobContext(make_settings("sqlite://", Path("/tmp/unused")), sm), "test.scale.fails", {}
        )
        assert telemetry.job_counts()[("test.scale.fails", "failed")] == before + 1
    finally:
        queue.TASKS.pop("test.scale.fails", None)


def _samples(text: str) -> dict[str, float]:
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


def test_metrics_from_loopback_only_by_default(app: Any, login: Any) -> None:
    researcher = login("researcher_a")
    researcher.get("/api/v1/me")
    researcher.get("/api/v1/cases/unknown-case")
    outside = TestClient(app, client=("203.0.113.5", 1))
    r = outside.get("/metrics")
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    local = TestClient(app, client=("127.0.0.1", 1))
    r = local.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    s = _samples(r.text)
    assert s['portal_http_requests_total{method="GET",route="/api/v1/me",status="200"}'] == 1
    assert s['portal_http_requests_total{method="GET",route="/api/v1/cases/{case_id}",status="404"}'] == 1
    assert s['portal_http_request_duration_seconds_count{method="GET",route="/api/v1/me"}'] == 1
    assert 'portal_db_pool_connections{state="in_use"}' in s
    assert s['portal_db_pool_connections{state="limit"}'] == 64 + 8  # max_in_flight (test settings) + reserve
    assert s["portal_http_in_flight"] == 0
    assert s["portal_uploads_in_flight"] == 0
    assert "portal_http_refused_total" in s
    assert local.post("/metrics").status_code == 405


def test_metrics_with_a_token(pg_url: str, tmp_path: Path, sm: sessionmaker[Session]) -> None:
    token_file = tmp_path / "metrics-token"
    token_file.write_text("scrape-secret-0123456789\n")
    app = create_app(
        make_settings(pg_url, tmp_path / "var", metrics_token_file=token_file), sessionmaker_override=sm
    )
    local = TestClient(app, client=("127.0.0.1", 1))
    assert local.get("/metrics").status_code == 403  # with a token, loopback alone is not enough
    assert local.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    remote = TestClient(app, client=("198.51.100.8", 1))
    r = remote.get("/metrics", headers={"Authorization": "Bearer scrape-secret-0123456789"})
    assert r.status_code == 200 and "portal_http_requests" in r.text


def test_metrics_through_a_trusted_proxy_from_outside_are_refused(
    pg_url: str, tmp_path: Path, sm: sessionmaker[Session]
) -> None:
    app = create_app(
        make_settings(pg_url, tmp_path / "var", proxy_headers=True, trusted_proxies="127.0.0.1"),
        sessionmaker_override=sm,
    )
    via_proxy = TestClient(app, client=("127.0.0.1", 1))
    assert via_proxy.get("/metrics", headers={"X-Forwarded-For": "198.51.100.8"}).status_code == 403
    assert via_proxy.get("/metrics").status_code == 200


def test_procrastinate_queue_depth_is_exposed(pg_url: str, tmp_path: Path, sm: sessionmaker[Session]) -> None:
    from app.api.telemetry_http import RequestTelemetry
    from app.db import make_engine

    engine = make_engine(pg_url)
    try:
        layer = RequestTelemetry(
            lambda *a: None,  # type: ignore[arg-type,return-value]
            make_settings(pg_url, tmp_path / "var", jobs_backend="procrastinate"),
            engine,
        )
        depth = layer.queued_jobs()
        # The test database may not carry procrastinate's schema: then the scrape still works, empty.
        assert depth == {} or set(depth) == {"todo", "doing", "failed"}
    finally:
        engine.dispose()
