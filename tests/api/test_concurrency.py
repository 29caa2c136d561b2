"""Races, on real separate connections (committed data) and real S3 over HTTP (moto server):

- many simultaneous tus creations against a small case quota: never more reserved than the quota,
  the excess answered 413 or 429 (problem+json), no 500, nothing staged in S3 for a refused one;
- no database connection is held while a creation talks to S3 (the pool stays free for the rest);
- admission control: concurrent uploads bounded per person, per organisation and per process (429
  with Retry-After), permits released whatever happens;
- 20 simultaneous wrong passwords over HTTP: no more than the lockout limit are answered "wrong
  password" before "locked".
"""

from __future__ import annotations

import base64
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select, text

from app.errors import TooManyRequests
from app.main import create_app
from app.models.auth import LoginThrottle
from app.models.evidence import Upload
from app.storage import S3BlobStore
from app.workflows import admission
from app.workflows.admission import Admission
from tests.api.test_faults import serve
from tests.conftest import DEMO, PASSWORD, make_settings
from tests.support.moto_server import s3_endpoint
from tests.support.review_flow import new_case

__all__ = ["s3_endpoint"]

MiB = 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}
PROBLEM = "application/problem+json"


@pytest.fixture
def make_app(pg_url: str, tmp_path, engine, seeded, s3_endpoint: str) -> Iterator[Callable[..., Any]]:
    """make_app(**settings) → an app on its own connections and S3 bucket; its cases go at the end."""
    made: list[Any] = []
    with engine.connect() as conn:
        before = {r[0] for r in conn.execute(text("SELECT id FROM case_files"))}

    def make(**overrides: Any) -> Any:
        settings = make_settings(
            pg_url,
            tmp_path / f"var{len(made)}",
            storage_backend="s3",
            s3_endpoint_url=s3_endpoint,
            s3_bucket=f"race-{uuid.uuid4().hex[:12]}",
            s3_access_key_id="testing",
            s3_secret_access_key="testing",
            jobs_tick_seconds=0,
            **overrides,
        )
        app = create_app(settings)
        made.append(app)
        return app

    yield make
    with engine.begin() as conn:
        after = {r[0] for r in conn.execute(text("SELECT id FROM case_files"))}
        for case_id in after - before:
            conn.execute(text("DELETE FROM case_files WHERE id = :id"), {"id": case_id})
    for app in made:
        app.state.engine.dispose()


def signed_in(app: Any, who: str) -> dict[str, str]:
    """Headers of a fresh session of `who` (cookie and CSRF), for clients in other threads."""
    client = TestClient(app)
    r = client.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
    assert r.status_code == 200, r.text
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    return {"Cookie": cookies, "X-CSRF-Token": r.json()["csrf_token"]}


def as_(app: Any, headers: dict[str, str]) -> Any:
    client = TestClient(app)
    client.headers.update(headers)
    return client


def all_at_once(app: Any, requests: list[tuple[dict[str, str], str, int]]) -> list[Any]:
    """(credentials, case id, length) creations released together; their responses, in order."""
    start = threading.Barrier(len(requests))

    def create(headers: dict[str, str], case_id: str, length: int) -> Any:
        client = as_(app, headers)
        start.wait()
        return client.post(
            f"/api/v1/cases/{case_id}/uploads",
            headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": "filename " + _b64("x.pdf")},
        )

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(lambda r: create(*r), requests))


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def slow_staging(monkeypatch: pytest.MonkeyPatch, seconds: float, during: Callable[[], None] | None = None):
    """S3 that takes `seconds` to begin a staged upload (`during` runs in the request meanwhile)."""
    real = S3BlobStore.begin_staged

    def begin_staged(self: S3BlobStore, upload_id: str, key: str) -> None:
        if during is not None:
            during()
        time.sleep(seconds)
        real(self, upload_id, key)

    monkeypatch.setattr(S3BlobStore, "begin_staged", begin_staged)


def staged_in_bucket(app: Any) -> int:
    settings = app.state.settings
    s3 = boto3.client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    uploads = s3.list_multipart_uploads(Bucket=settings.s3_bucket).get("Uploads", [])
    markers = s3.list_objects_v2(Bucket=settings.s3_bucket, Prefix="staging/").get("Contents", [])
    assert len(uploads) == len(markers)
    return len(uploads)


def reserved(engine: Any, case_id: str) -> tuple[int, int]:
    with engine.connect() as conn:
        row = conn.execute(
            select(func.count(), func.coalesce(func.sum(Upload.length), 0)).where(Upload.case_id == case_id)
        ).one()
    return int(row[0]), int(row[1])


# ---- the quota ---------------------------------------------------------------------------------------------


def test_simultaneous_creations_never_reserve_more_than_the_quota(make_app, engine, monkeypatch):
    quota, length, width = 5 * MiB, MiB, 24
    app = make_app(case_quota_bytes=quota, uploads_per_user=12, uploads_per_org=12, uploads_per_process=12)
    who = signed_in(app, "researcher_a")
    case = new_case(as_(app, who))
    slow_staging(monkeypatch, 0.2)  # every admitted creation passes the early check before any reserves

    answers = all_at_once(app, [(who, case["id"], length)] * width)

    codes = sorted(r.status_code for r in answers)
    assert set(codes) <= {201, 413, 429}, codes
    assert codes.count(201) == quota // length, codes
    assert codes.count(413) >= 12 - quota // length  # refused at the reservation, under the lock
    for r in answers:
        if r.status_code != 201:
            assert r.headers["content-type"] == PROBLEM and r.headers["tus-resumable"] == "1.0.0"
        if r.status_code == 429:
            assert int(r.headers["retry-after"]) > 0
    assert reserved(engine, case["id"]) == (quota // length, quota)
    assert staged_in_bucket(app) == quota // length  # refused creations left nothing staged
    assert admission.for_settings(app.state.settings).held() == 0


def test_no_connection_is_held_while_a_creation_talks_to_s3(make_app, engine, monkeypatch):
    width = 4
    app = make_app()
    who = signed_in(app, "researcher_a")
    case = new_case(as_(app, who))
    inside = threading.Barrier(width)
    checked_out: list[int] = []
    ready_seconds: list[float] = []

    def during() -> None:
        if inside.wait() == 0:  # every creation is now in S3: the pool must be idle
            checked_out.append(app.state.engine.pool.checkedout())
            started = time.monotonic()
            assert TestClient(app).get("/api/v1/ready").status_code == 200
            ready_seconds.append(time.monotonic() - started)

    slow_staging(monkeypatch, 0.5, during)
    answers = all_at_once(app, [(who, case["id"], MiB)] * width)
    assert [r.status_code for r in answers] == [201] * width
    assert checked_out == [0]
    assert ready_seconds[0] < 1.0


# ---- admission ---------------------------------------------------------------------------------------------

LIMITS = {
    "per user": ({"uploads_per_user": 2}, ["researcher_a"]),
    "per organisation": ({"uploads_per_org": 2}, ["researcher_a", "org_admin_a"]),
    "per process": ({"uploads_per_process": 2}, ["researcher_a", "researcher_b"]),
}


@pytest.mark.parametrize("bound", LIMITS, ids=LIMITS.keys())
def test_concurrent_uploads_are_bounded(make_app, monkeypatch, bound):
    limits, people = LIMITS[bound]
    app = make_app(**limits)
    people_in = [signed_in(app, who) for who in people]
    cases = [new_case(as_(app, h))["id"] for h in people_in]
    slow_staging(monkeypatch, 1.0)  # the two admitted ones hold their permits while the rest arrive
    width = 8
    answers = all_at_once(
        app, [(people_in[i % len(people)], cases[i % len(cases)], MiB) for i in range(width)]
    )
    codes = sorted(r.status_code for r in answers)
    assert codes == [201] * 2 + [429] * (width - 2), codes
    refused = [r for r in answers if r.status_code == 429]
    assert all(r.headers["content-type"] == PROBLEM and int(r.headers["retry-after"]) > 0 for r in refused)
    assert all(r.headers["tus-resumable"] == "1.0.0" for r in refused)
    # Permits are released: the next upload goes through.
    monkeypatch.undo()
    r = as_(app, people_in[0]).post(
        f"/api/v1/cases/{cases[0]}/uploads", headers={**TUS, "Upload-Length": "10"}
    )
    assert r.status_code == 201, r.text


def test_a_patch_holds_a_permit_while_it_streams(make_app):
    app = make_app(uploads_per_user=1)
    who = signed_in(app, "researcher_a")
    api = as_(app, who)
    case = new_case(api)
    url = api.post(f"/api/v1/cases/{case['id']}/uploads", headers={**TUS, "Upload-Length": str(MiB)})
    url = url.headers["location"]
    release = threading.Event()

    def slow_body() -> Iterator[bytes]:
        yield b"%PDF-1.7\n" + b"\0" * 4096
        release.wait(10)
        yield b"\0" * (MiB - 4096 - 9)

    with serve(app) as base, ThreadPoolExecutor(1) as pool:
        headers = {
            **TUS,
            **who,
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(MiB),
        }
        pending = pool.submit(httpx.patch, f"{base}{url}", content=slow_body(), headers=headers, timeout=30)
        deadline = time.monotonic() + 10
        while admission.for_settings(app.state.settings).held() == 0:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        r = api.post(f"/api/v1/cases/{case['id']}/uploads", headers={**TUS, "Upload-Length": "10"})
        assert r.status_code == 429 and "retry-after" in r.headers
        release.set()
        assert pending.result().status_code == 204
    assert admission.for_settings(app.state.settings).held() == 0


def test_admission_bounds_and_release():
    gate = Admission(per_user=2, per_org=3, per_process=4, retry_after=7)
    with gate.admitted("u1", "o1"), gate.admitted("u1", "o1"):
        with pytest.raises(TooManyRequests, match="You already have 2") as refused, gate.admitted("u1", "o1"):
            pass
        assert refused.value.status_code == 429 and refused.value.headers == {"Retry-After": "7"}
        with gate.admitted("u2", "o1"):
            with pytest.raises(TooManyRequests, match="organisation"), gate.admitted("u3", "o1"):
                pass  # the organisation's three are taken
            with gate.admitted("u4", "o2"):
                with pytest.raises(TooManyRequests, match="server is busy"), gate.admitted("u5", "o3"):
                    pass  # the process's four are taken
    assert gate.held() == 0
    with pytest.raises(RuntimeError), gate.admitted("u1", "o1"):
        raise RuntimeError("the upload failed")
    assert gate.held() == 0  # released on error too


# ---- lockout -----------------------------------------------------------------------------------------------


@pytest.fixture
def throttle_keys(engine) -> Iterator[list[str]]:
    keys: list[str] = []
    yield keys
    with engine.begin() as conn:
        conn.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))


def test_twenty_simultaneous_wrong_passwords_over_http(make_app, throttle_keys):
    app = make_app()
    settings = app.state.settings
    email, width, limit = DEMO["researcher_b"], 20, settings.login_lock_after
    throttle_keys += [f"acct:{email}", "ip:127.0.0.1"]
    with serve(app) as base:
        start = threading.Barrier(width)

        def attempt(_: int) -> int:
            with httpx.Client(base_url=base, timeout=30) as client:
                start.wait()
                r = client.post("/api/v1/auth/login", json={"email": email, "password": "wrong-password"})
                return r.status_code

        with ThreadPoolExecutor(width) as pool:
            codes = sorted(pool.map(attempt, range(width)))
        assert codes == [401] * limit + [429] * (width - limit), codes
        r = httpx.post(f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert r.status_code == 429 and r.headers["content-type"] == PROBLEM and "retry-after" in r.headers
