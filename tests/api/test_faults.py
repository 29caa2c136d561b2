"""Faults injected into real parts while the portal serves requests over HTTP (uvicorn):

- a private PostgreSQL cluster (`tests/support/pg_cluster.py`) stopped and started again: every
  request is answered 503 + Retry-After (problem+json, never 500) while it is down, the same app
  recovers on its own once it is back, and nothing that was answered 2xx is lost, nothing is
  half-written (the audit chain verifies);
- the S3 emulator (a moto server in a child process) paused with SIGSTOP in the middle of a tus
  PATCH, during a download and a tus creation: 503 within a bound set by the S3 timeouts; after
  SIGCONT the upload resumes from the persisted offset to the same SHA-256; killed: 503 at once,
  and once a store is back the same app works again.

Every wait is bounded; the child processes and the cluster are ended by the fixtures.
"""

from __future__ import annotations

import base64
import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from app import migrate
from app.main import create_app
from app.models.cases import CaseFile
from app.models.evidence import Evidence, Upload
from app.workflows import audit
from tests.conftest import DEMO, PASSWORD, make_settings
from tests.support import pg_cluster

MiB = 1024 * 1024
PROBLEM = "application/problem+json"
TUS = {"Tus-Resumable": "1.0.0"}
# S3 bounds for these tests: a stalled call fails after ~S3_ATTEMPTS x S3_READ_TIMEOUT seconds.
S3_READ_TIMEOUT = 1.0
S3_ATTEMPTS = 2
# What a request may take when the store stalls: a few bounded S3 calls (the failed one, the offset
# re-read after it) plus backoff, far below any client's patience.
S3_FAULT_BOUND = 15.0
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


# ---- a real HTTP server -----------------------------------------------------------------------------------


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """The app behind uvicorn on a free loopback port, in a thread; its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    srv = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        srv.should_exit = True
        thread.join(10)
        sock.close()


def signed_in(base: str, who: str = "researcher_a") -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    r = client.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


def copy_of(client: httpx.Client) -> httpx.Client:
    """Another client with the same session: httpx clients are not shared between threads here."""
    return httpx.Client(
        base_url=client.base_url, timeout=30, cookies=client.cookies, headers=dict(client.headers)
    )


def assert_unavailable(r: httpx.Response) -> None:
    assert r.status_code == 503, (r.status_code, r.text[:300])
    assert r.headers["content-type"] == PROBLEM and int(r.headers["retry-after"]) > 0
    assert r.headers["x-content-type-options"] == "nosniff"


def new_case(client: httpx.Client, title: str) -> dict[str, Any]:
    r = client.post("/api/v1/cases", json={"title": title, "target_jurisdictions": ["us"], "content": {}})
    assert r.status_code == 201, r.text
    return r.json()


# ---- PostgreSQL stopped and started -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[pg_cluster.PrivateCluster]:
    why = pg_cluster.available()
    if why is not None:
        pytest.skip(f"no private PostgreSQL cluster: {why}")
    with pg_cluster.private_cluster() as c:
        yield c


@pytest.fixture
def cluster_app(cluster: pg_cluster.PrivateCluster, tmp_path: Path) -> Iterator[Any]:
    url = cluster.create_database("portal")
    migrate.upgrade(url)
    settings = make_settings(url, tmp_path / "var", jobs_tick_seconds=0)
    app = create_app(settings)
    from app.workflows.demo import seed

    with app.state.sessionmaker() as db:
        seed(db, settings, with_cases=False)
        db.commit()
    yield app
    app.state.engine.dispose()


@dataclass
class Answer:
    at: float
    kind: str
    status: int
    seconds: float
    content_type: str
    retry_after: str | None
    case_id: str | None = None


def hammer(client: httpx.Client, stop: threading.Event, answers: list[Answer]) -> None:
    """Reads and writes, one after the other, until told to stop."""
    i = 0
    while not stop.is_set():
        i += 1
        started = time.monotonic()
        try:
            if i % 2:
                body = {"title": f"fault-test {i}", "target_jurisdictions": ["us"], "content": {}}
                r = client.post("/api/v1/cases", json=body)
                kind = "write"
            else:
                r = client.get("/api/v1/cases", params={"limit": 5})
                kind = "read"
        except httpx.TransportError as exc:  # a dropped connection is a failure too
            answers.append(Answer(started, type(exc).__name__, 0, time.monotonic() - started, "", None))
            continue
        case_id = r.json()["id"] if r.status_code == 201 else None
        answers.append(
            Answer(
                started,
                kind,
                r.status_code,
                time.monotonic() - started,
                r.headers.get("content-type", ""),
                r.headers.get("retry-after"),
                case_id,
            )
        )
        time.sleep(0.02)


def test_database_stopped_and_started_while_serving(cluster, cluster_app):
    with serve(cluster_app) as base:
        client = signed_in(base)
        kept = new_case(client, "Stored before the outage")
        answers: list[Answer] = []
        stop = threading.Event()
        worker = threading.Thread(target=hammer, args=(copy_of(client), stop, answers), daemon=True)
        worker.start()
        try:
            time.sleep(0.5)
            stopped_at = time.monotonic()
            cluster.stop("fast")  # sessions are ended at once, in-flight transactions roll back
            time.sleep(1.5)
            outage = client.get("/api/v1/cases")
            assert_unavailable(outage)
            assert client.get("/api/v1/ready").status_code == 503
            restarted_at = time.monotonic()
            cluster.start()
            started_at = time.monotonic()
            deadline = started_at + 20
            while not any(a.at > started_at and a.status in (200, 201) for a in answers):
                assert time.monotonic() < deadline, "no success after the database came back"
                time.sleep(0.05)
            recovered_at = time.monotonic()
            time.sleep(0.3)
        finally:
            stop.set()
            worker.join(30)

        statuses = {a.status for a in answers}
        assert statuses <= {200, 201, 503}, [a for a in answers if a.status not in (200, 201, 503)]
        down = [a for a in answers if a.status == 503]
        assert down, "no request saw the outage"
        assert all(a.content_type == PROBLEM and a.retry_after for a in down)
        assert max(a.seconds for a in down) < 5  # refused at once, not after a pool timeout
        assert any(a.status in (200, 201) and a.at < stopped_at for a in answers)

        # Recovered without restarting the app; what was stored is there, all of it and only it.
        assert client.get(f"/api/v1/cases/{kept['id']}").status_code == 200
        created = {a.case_id for a in answers if a.case_id}
        for case_id in created:
            assert client.get(f"/api/v1/cases/{case_id}").status_code == 200
        assert client.get("/api/v1/ready").status_code == 200
    with cluster_app.state.sessionmaker() as db:
        titles = db.execute(select(CaseFile.id).where(CaseFile.title.like("fault-test %"))).scalars()
        assert set(titles) == created  # a write answered 503 left nothing behind
        result = audit.verify(db)
        assert result.ok, result
    print(
        f"\nPostgreSQL outage: {len(answers)} requests, {len(down)} answered 503 "
        f"(slowest {max(a.seconds for a in down):.2f} s); start took {started_at - restarted_at:.1f} s, "
        f"first success {recovered_at - started_at:.2f} s after it"
    )


# ---- S3 paused and killed ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MotoProcess:
    """moto's S3 server in a child process, so it can be paused and killed like a real store."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **FAKE_AWS},
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.url}/moto-api/", timeout=1)
                return
            except httpx.TransportError:
                assert self.proc.poll() is None, "moto server exited"
                assert time.monotonic() < deadline, "moto server did not start"
                time.sleep(0.1)

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait(10)

    def bucket(self, name: str) -> None:
        client = boto3.client("s3", endpoint_url=self.url, region_name="us-east-1", **_boto_credentials())
        client.create_bucket(Bucket=name)


def _boto_credentials() -> dict[str, str]:
    return {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture
def moto() -> Iterator[MotoProcess]:
    server = MotoProcess(_free_port())
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def settings(pg_url: str, tmp_path: Path, moto: MotoProcess) -> Any:
    return make_settings(
        pg_url,
        tmp_path / "var",
        storage_backend="s3",
        s3_endpoint_url=moto.url,
        s3_bucket=f"faults-{uuid.uuid4().hex[:12]}",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
        s3_connect_timeout_seconds=1.0,
        s3_read_timeout_seconds=S3_READ_TIMEOUT,
        s3_max_attempts=S3_ATTEMPTS,
        jobs_tick_seconds=0,
    )


@contextmanager
def paused(moto: MotoProcess) -> Iterator[None]:
    moto.signal(signal.SIGSTOP)
    try:
        yield
    finally:
        moto.signal(signal.SIGCONT)


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    r = fn(*args, **kwargs)
    return r, time.monotonic() - started


def pdf(size: int, seed: int) -> bytes:
    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size - 9)


def sha256_header(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


def tus_create(client: httpx.Client, case_id: str, length: int) -> httpx.Response:
    meta = "filename " + base64.b64encode(b"testimony.pdf").decode()
    return client.post(
        f"/api/v1/cases/{case_id}/uploads",
        headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": meta},
    )


def tus_patch(client: httpx.Client, url: str, offset: int, data: bytes) -> httpx.Response:
    headers = {**TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
    return client.patch(url, content=data, headers=headers)


def raw_patch(base: str, client: httpx.Client, path: str, offset: int, data: bytes) -> socket.socket:
    """A PATCH whose headers and first MiB are sent now; the rest with `sock.sendall` later."""
    host, port = base.removeprefix("http://").split(":")
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    conn = socket.create_connection((host, int(port)), timeout=S3_FAULT_BOUND * 2)
    head = (
        f"PATCH {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookies}\r\n"
        f"X-CSRF-Token: {client.headers['X-CSRF-Token']}\r\nTus-Resumable: 1.0.0\r\n"
        f"Upload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    conn.sendall(head.encode() + data[:MiB])
    return conn


def read_status(conn: socket.socket) -> tuple[int, bytes]:
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = conn.recv(65536)
        assert chunk, answer
        answer += chunk
    return int(answer.split(b" ", 2)[1]), answer


def test_s3_paused_mid_upload_and_download_then_resumed(seeded, live_app, moto, settings, engine):
    data = pdf(17 * MiB + 123, seed=11)
    with serve(live_app) as base:
        client = signed_in(base)
        case = new_case(client, "S3 faults")
        small = pdf(200_000, seed=3)
        r = client.post(
            f"/api/v1/cases/{case['id']}/evidence", files={"file": ("before.pdf", small, "application/pdf")}
        )
        assert r.status_code == 201, r.text
        stored = r.json()
        url = tus_create(client, case["id"], len(data)).headers["location"]
        assert tus_patch(client, url, 0, data[: 8 * MiB]).status_code == 204

        # Paused while a PATCH streams: its part upload stalls, and the answer is 503 in bounded time.
        conn = raw_patch(base, client, url, 8 * MiB, data[8 * MiB :])
        time.sleep(0.5)  # the server has read the offset from S3 and is streaming the body
        with paused(moto):
            started = time.monotonic()
            conn.sendall(data[9 * MiB :])
            status, answer = read_status(conn)
            mid_patch = time.monotonic() - started
            conn.close()
            assert status == 503 and b"retry-after" in answer.lower(), answer[:300]

            # While it is paused: a download, a resume probe and a new upload are 503 too.
            r, download = timed(client.get, f"/api/v1/evidence/{stored['id']}/content")
            assert_unavailable(r)
            r, head = timed(client.head, url, headers=TUS)
            assert r.status_code == 503 and "retry-after" in r.headers
            uploads_before = _count(engine, Upload, case["id"])
            r, creation = timed(tus_create, client, case["id"], 1000)
            assert_unavailable(r)
            assert _count(engine, Upload, case["id"]) == uploads_before  # nothing reserved
        for seconds in (mid_patch, download, head, creation):
            assert seconds < S3_FAULT_BOUND

        # Resumed: the upload continues from what the store persisted, to the same bytes.
        offset = _settled_offset(client, url)
        assert offset in range(8 * MiB, len(data) + 1)
        r = tus_patch(client, url, offset, data[offset:])
        assert r.status_code == 204, r.text
        ev = client.get(f"/api/v1/evidence/{r.headers['evidence-id']}").json()
        assert ev["sha256"] == hashlib.sha256(data).hexdigest() and ev["size"] == len(data)
        got = client.get(f"/api/v1/evidence/{ev['id']}/content")
        assert hashlib.sha256(got.content).hexdigest() == ev["sha256"]
        got = client.get(f"/api/v1/evidence/{stored['id']}/content")
        assert got.status_code == 200 and got.content == small  # stored before the pause: intact
        assert _count(engine, Evidence, case["id"]) == 2
    print(
        f"\nS3 paused: mid-PATCH 503 after {mid_patch:.2f} s, download {download:.2f} s, "
        f"HEAD {head:.2f} s, creation {creation:.2f} s (read timeout {S3_READ_TIMEOUT} s x {S3_ATTEMPTS})"
    )


def test_s3_killed_then_back(seeded, live_app, moto, settings, engine):
    data = pdf(300_000, seed=5)
    with serve(live_app) as base:
        client = signed_in(base)
        case = new_case(client, "S3 killed")
        r = client.post(
            f"/api/v1/cases/{case['id']}/evidence", files={"file": ("a.pdf", data, "application/pdf")}
        )
        assert r.status_code == 201, r.text
        stored = r.json()
        url = tus_create(client, case["id"], len(data)).headers["location"]

        moto.kill()
        r, download = timed(client.get, f"/api/v1/evidence/{stored['id']}/content")
        assert_unavailable(r)
        r, upload = timed(
            client.post,
            f"/api/v1/cases/{case['id']}/evidence",
            files={"file": ("b.pdf", data, "application/pdf")},
        )
        assert_unavailable(r)
        r, patch = timed(tus_patch, client, url, 0, data)
        assert_unavailable(r)
        r, creation = timed(tus_create, client, case["id"], 1000)
        assert_unavailable(r)
        for seconds in (download, upload, patch, creation):
            assert seconds < 5  # connection refused: no timeout to wait for
        assert _count(engine, Evidence, case["id"]) == 1 and _count(engine, Upload, case["id"]) == 1

        # A store is back at the same address (the emulator keeps nothing: its bucket is made again).
        moto.start()
        moto.bucket(settings.s3_bucket)
        r = client.post(
            f"/api/v1/cases/{case['id']}/evidence", files={"file": ("c.pdf", data, "application/pdf")}
        )
        assert r.status_code == 201, r.text
        got = client.get(f"/api/v1/evidence/{r.json()['id']}/content")
        assert got.status_code == 200 and got.content == data
        fresh = tus_create(client, case["id"], len(data))
        assert fresh.status_code == 201
        assert tus_patch(client, fresh.headers["location"], 0, data).status_code == 204
    print(
        f"\nS3 killed: download {download:.2f} s, upload {upload:.2f} s, PATCH {patch:.2f} s, "
        f"creation {creation:.2f} s"
    )


def _count(engine: Any, model: Any, case_id: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(model).where(model.case_id == case_id)).scalar_one()
        )


def _settled_offset(client: httpx.Client, url: str) -> int:
    """The offset once the store has finished what it was sent before the pause."""
    last, deadline = -1, time.monotonic() + 20
    while time.monotonic() < deadline:
        r = client.head(url, headers=TUS)
        assert r.status_code == 200, r.status_code
        offset = int(r.headers["upload-offset"])
        if offset == last:
            return offset
        last = offset
        time.sleep(0.5)
    raise AssertionError("offset never settled")
