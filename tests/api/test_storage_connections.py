"""No database connection, let alone a transaction, is held while a request talks to S3 (issue 13):
evidence downloads, package downloads and tus terminations, over HTTP against real S3 (moto server) and
real PostgreSQL connections.

At the moment the request calls S3, the probe checks that the app's pool has no connection checked
out and that no backend of the test database is "idle in transaction". Before the fix each of these
requests held its transaction (and so a pooled connection) across the S3 call: a stalled S3 then
drained the pool.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import psycopg
import pytest
from sqlalchemy.orm import Session

from app.errors import Unavailable
from app.jobs.procrastinate_runner import libpq_conninfo
from app.storage import S3BlobStore
from app.workflows import evidence, tus
from tests.api.test_concurrency import as_, make_app, signed_in
from tests.support.flows import force_status
from tests.support.moto_server import s3_endpoint
from tests.support.package_format import assert_valid_package
from tests.support.review_flow import new_case

__all__ = ["make_app", "s3_endpoint"]  # the fixtures, registered by importing them

TUS = {"Tus-Resumable": "1.0.0"}


class Probe:
    """What the pool and the database look like while the app is inside an S3 call."""

    def __init__(self, app: Any, pg_url: str) -> None:
        self.app, self.pg_url = app, pg_url
        self.seen: list[dict[str, Any]] = []

    def __call__(self, call: str) -> None:
        with psycopg.connect(libpq_conninfo(self.pg_url), autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
            ).fetchone()
        self.seen.append(
            {
                "call": call,
                "checked_out": self.app.state.engine.pool.checkedout(),
                "idle_in_transaction": row[0] if row else None,
            }
        )

    def assert_free(self, call: str) -> None:
        seen = [s for s in self.seen if s["call"] == call]
        assert seen, f"the request never called S3 {call}"
        for s in seen:
            assert s["checked_out"] == 0, s
            assert s["idle_in_transaction"] == 0, s


@pytest.fixture
def probed(make_app: Callable[..., Any], pg_url: str) -> Callable[[], tuple[Any, Probe]]:
    """probed() → an app (its own connections and S3 bucket) and its probe."""

    def make() -> tuple[Any, Probe]:
        app = make_app()
        return app, Probe(app, pg_url)

    return make


def uploaded(api: Any, case_id: str, data: bytes) -> dict[str, Any]:
    r = api.post(
        f"/api/v1/cases/{case_id}/evidence",
        data={"title": "Witness statement"},
        files={"file": ("statement.pdf", data, "application/octet-stream")},
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


STATEMENT = b"%PDF-1.4\n% a statement of the witness\n" + b"x" * 50_000


def test_an_evidence_download_holds_no_connection_while_s3_opens_it(probed):
    app, probe = probed()
    api = as_(app, signed_in(app, "researcher_a"))
    case = new_case(api)
    data = STATEMENT
    ev = uploaded(api, case["id"], data)

    with probing(probe, "open_stream"):
        got = api.get(f"/api/v1/evidence/{ev['id']}/content")
    assert got.status_code == 200, got.text
    assert got.content == data and got.headers["etag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    probe.assert_free("open_stream")
    # The download is in the chain of custody, committed before the bytes left.
    custody = api.get(f"/api/v1/evidence/{ev['id']}/custody").json()
    assert [e["action"] for e in custody].count("downloaded") == 1


def test_an_item_deleted_while_its_download_opens_is_refused_and_not_recorded(probed, monkeypatch):
    """The download's checks run again once S3 has opened the object: deleted meanwhile (which nothing
    held up: no lock, no transaction), it is 410 and no `downloaded` custody event is written."""
    app, _ = probed()
    who = signed_in(app, "researcher_a")
    api = as_(app, who)
    ev = uploaded(api, new_case(api)["id"], STATEMENT)
    deletions: list[int] = []
    real = S3BlobStore.open_stream

    def open_stream(store: S3BlobStore, key: str) -> Any:
        chunks = real(store, key)
        if not deletions:  # the owner deletes the item while this download is being opened
            deletions.append(as_(app, who).delete(f"/api/v1/evidence/{ev['id']}").status_code)
        return chunks

    monkeypatch.setattr(S3BlobStore, "open_stream", open_stream)
    got = api.get(f"/api/v1/evidence/{ev['id']}/content")
    assert deletions == [204]
    assert got.status_code == 410, got.text
    actions = [e["action"] for e in api.get(f"/api/v1/evidence/{ev['id']}/custody").json()]
    assert "downloaded" not in actions and "deleted" in actions


def test_a_package_download_holds_no_connection_while_s3_opens_it(probed, engine):
    app, probe = probed()
    researcher = as_(app, signed_in(app, "researcher_a"))
    coordinator = as_(app, signed_in(app, "coordinator_a"))
    case = new_case(researcher)
    with Session(engine) as db:
        force_status(db, case["id"], "approved")
    r = coordinator.post(f"/api/v1/cases/{case['id']}/packages", json={"jurisdictions": ["us"]})
    assert r.status_code == 202, r.text
    (pkg,) = r.json()["packages"]
    assert pkg["state"] == "built", pkg
    with probing(probe, "open_stream"):
        got = coordinator.get(f"/api/v1/packages/{pkg['id']}/download")
    assert got.status_code == 200, got.text
    assert hashlib.sha256(got.content).hexdigest() == pkg["sha256"]
    assert_valid_package(got.content)
    probe.assert_free("open_stream")


def test_a_tus_termination_holds_no_connection_while_s3_aborts_it(probed):
    app, probe = probed()
    api = as_(app, signed_in(app, "researcher_a"))
    case = new_case(api)
    r = api.post(f"/api/v1/cases/{case['id']}/uploads", headers={**TUS, "Upload-Length": "100000"})
    assert r.status_code == 201, r.text
    url = r.headers["location"]
    first = b"%PDF-1.4\n" + b"y" * 991
    r = api.patch(
        url,
        content=first,
        headers={**TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
    )
    assert r.status_code == 204 and r.headers["upload-offset"] == str(len(first)), r.text
    assert _staged(app) == 1

    with probing(probe, "abort_staged"):
        assert api.delete(url, headers=TUS).status_code == 204
    probe.assert_free("abort_staged")
    assert _staged(app) == 0  # aborted: nothing of it is left in S3
    assert api.head(url, headers=TUS).status_code == 404
    assert api.delete(url, headers=TUS).status_code == 404


def test_a_termination_whose_abort_fails_is_done_and_the_cleanup_sweeps_its_bytes(
    probed, engine, monkeypatch
):
    """S3 failing after the row is gone: the upload is terminated all the same (204, then 404), and the
    periodic cleanup aborts the staging that has no row."""
    app, _ = probed()
    api = as_(app, signed_in(app, "researcher_a"))
    case = new_case(api)
    r = api.post(f"/api/v1/cases/{case['id']}/uploads", headers={**TUS, "Upload-Length": "5000"})
    url = r.headers["location"]
    real = S3BlobStore.abort_staged

    def unreachable(store: S3BlobStore, upload_id: str) -> None:
        raise Unavailable("Evidence storage is unreachable", headers={"Retry-After": "5"})

    monkeypatch.setattr(S3BlobStore, "abort_staged", unreachable)
    assert api.delete(url, headers=TUS).status_code == 204
    assert api.head(url, headers=TUS).status_code == 404
    assert _staged(app) == 1  # left behind by the failed abort
    monkeypatch.setattr(S3BlobStore, "abort_staged", real)
    # The periodic cleanup (here with no grace: staging begun before now counts) aborts it.
    swept = app.state.settings.model_copy(update={"upload_expiry_hours": 0})
    with Session(engine) as db:
        assert tus.cleanup_expired(db, evidence.blob_store(app.state.settings), swept) >= 1
        db.commit()
    assert _staged(app) == 0


# ---- helpers -----------------------------------------------------------------------------------------------


@contextmanager
def probing(probe: Probe, name: str) -> Iterator[None]:
    """Within the block, `probe` runs as each call of S3BlobStore.<name> starts."""
    real = getattr(S3BlobStore, name)

    def probed_call(store: S3BlobStore, *args: Any, **kw: Any) -> Any:
        probe(name)
        return real(store, *args, **kw)

    setattr(S3BlobStore, name, probed_call)
    try:
        yield
    finally:
        setattr(S3BlobStore, name, real)


def _staged(app: Any) -> int:
    settings = app.state.settings
    s3 = boto3.client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    return len(s3.list_multipart_uploads(Bucket=settings.s3_bucket).get("Uploads", []))
