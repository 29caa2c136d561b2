"""A database outage at the moment a tus upload completes loses nothing (issue 16, item 4).

A private PostgreSQL cluster (`tests/support/pg_cluster.py`) serves the app behind uvicorn, on the local
store and on S3 (moto). The cluster is stopped for real at the two moments that matter:

- while the last PATCH streams its final bytes: every byte is staged, but the database is gone before
  the mark "complete" is written;
- right after the store made the staged bytes the finished object, before the Evidence item is recorded.

Each time the client is answered 503 + Retry-After (never 410), HEAD answers 503 while the database is
down, the stored bytes are kept, and once the database is back the recording is finished by the next
HEAD, the next PATCH or the periodic job: the item appears exactly once with the file's SHA-256, its
`uploaded` custody event once, the quota counts the file once and no upload permit is left held.
"""

from __future__ import annotations

import base64
import hashlib
import random
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from app import migrate
from app.db import utcnow
from app.jobs import queue
from app.jobs.evidence import cleanup_expired_uploads
from app.jobs.uploads import finish_unrecorded_uploads
from app.main import create_app
from app.models.evidence import CustodyEvent, Evidence, Upload
from app.workflows import admission, evidence, tus
from tests.api.test_faults import assert_unavailable, new_case, serve, signed_in
from tests.conftest import make_settings
from tests.support import pg_cluster
from tests.support.moto_server import s3_endpoint

__all__ = ["s3_endpoint"]

MiB = 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}
LENGTH = 3 * MiB + 321


@pytest.fixture(scope="module")
def cluster() -> Iterator[pg_cluster.PrivateCluster]:
    why = pg_cluster.available()
    if why is not None:
        pytest.skip(f"no private PostgreSQL cluster: {why}")
    with pg_cluster.private_cluster("portal_tus_outage") as c:
        yield c


@pytest.fixture
def storage(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The local store, or S3 (moto) for a test parametrized with "s3"."""
    if getattr(request, "param", "local") == "local":
        return {}
    return {
        "storage_backend": "s3",
        "s3_endpoint_url": request.getfixturevalue("s3_endpoint"),
        "s3_bucket": f"outage-{uuid.uuid4().hex[:12]}",
        "s3_access_key_id": "testing",
        "s3_secret_access_key": "testing",
    }


@pytest.fixture
def cluster_app(cluster: pg_cluster.PrivateCluster, storage: dict[str, Any], tmp_path: Path) -> Iterator[Any]:
    url = cluster.create_database("portal_tus")
    migrate.upgrade(url)
    settings = make_settings(url, tmp_path / "var", jobs_tick_seconds=0, **storage)
    app = create_app(settings)
    from app.workflows.demo import seed

    with app.state.sessionmaker() as db:
        seed(db, settings, with_cases=False)
        db.commit()
    yield app
    app.state.engine.dispose()


def pdf(size: int, seed: int) -> bytes:
    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size - 9)


def create(client: httpx.Client, case_id: str, length: int) -> str:
    meta = "filename " + base64.b64encode(b"testimony.pdf").decode()
    r = client.post(
        f"/api/v1/cases/{case_id}/uploads",
        headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": meta},
    )
    assert r.status_code == 201, r.text
    return str(r.headers["location"])


def patch(client: httpx.Client, url: str, offset: int, content: Any) -> httpx.Response:
    headers = {**TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
    return client.patch(url, content=content, headers=headers)


def head(client: httpx.Client, url: str) -> httpx.Response:
    return client.head(url, headers=TUS)


def restarted(cluster: pg_cluster.PrivateCluster) -> None:
    cluster.start()
    time.sleep(0.2)


def assert_recorded_once(app: Any, client: httpx.Client, case_id: str, upload_id: str, data: bytes) -> str:
    """One Evidence item of the whole file, one `uploaded` event, the quota counting it once, no upload
    permit held."""
    sm = app.state.sessionmaker
    settings = app.state.settings
    with sm() as db:
        items = list(db.execute(select(Evidence).where(Evidence.case_id == case_id)).scalars())
        assert [ev.id for ev in items] == [upload_id]  # the item's id is the upload's: it cannot be doubled
        ev = items[0]
        assert ev.sha256 == hashlib.sha256(data).hexdigest() and ev.size == len(data)
        uploaded = db.execute(
            select(func.count())
            .select_from(CustodyEvent)
            .where(CustodyEvent.evidence_id == ev.id, CustodyEvent.action == "uploaded")
        ).scalar_one()
        assert uploaded == 1
        upload = db.get(Upload, upload_id)
        assert upload is not None and upload.completed_at is not None and upload.evidence_id == ev.id
        actor = tus._principal_of(upload)
        assert actor is not None
        assert evidence.quota_used(db, actor[0], case_id) == len(
            data
        )  # reservation released, file counted once
    assert admission.for_settings(settings).held() == 0
    got = client.get(f"/api/v1/evidence/{upload_id}/content")
    assert got.status_code == 200 and hashlib.sha256(got.content).digest() == hashlib.sha256(data).digest()
    again = head(client, f"/api/v1/cases/{case_id}/uploads/{upload_id}")
    assert again.status_code == 200 and again.headers["upload-offset"] == str(len(data))
    assert again.headers["evidence-id"] == upload_id
    return upload_id


def recover(how: str, app: Any, client: httpx.Client, url: str, length: int) -> None:
    if how == "head":
        r = head(client, url)
        assert r.status_code == 200, r.status_code
        assert r.headers["upload-offset"] == str(length) and r.headers["evidence-id"] == url.rsplit("/", 1)[1]
    elif how == "patch":  # what a client that only retries its last request does
        r = patch(client, url, length, b"")
        assert r.status_code == 204, r.text
        assert r.headers["upload-offset"] == str(length) and r.headers["evidence-id"] == url.rsplit("/", 1)[1]
    else:
        ctx = queue.JobContext(app.state.settings, app.state.sessionmaker)
        finish_unrecorded_uploads(ctx)  # quiet for less than a minute: not yet its turn
        with app.state.sessionmaker() as db:
            assert db.get(Upload, url.rsplit("/", 1)[1]).completed_at is None  # type: ignore[union-attr]
        assert tus.finish_unrecorded(app.state.sessionmaker, app.state.settings, grace=timedelta(0)) == 1
        assert tus.finish_unrecorded(app.state.sessionmaker, app.state.settings, grace=timedelta(0)) == 0


def during_outage(client: httpx.Client, url: str) -> None:
    for _ in range(2):
        r = head(client, url)
        assert r.status_code == 503, r.status_code  # never 410 for bytes the server holds
        assert int(r.headers["retry-after"]) > 0


@pytest.mark.parametrize(
    ("storage", "recover_by"), [("local", "head"), ("local", "patch"), ("s3", "head")], indirect=["storage"]
)
def test_database_stops_while_the_last_patch_streams(cluster, cluster_app, recover_by):
    data = pdf(LENGTH, seed=5)
    first = 2 * MiB
    with serve(cluster_app) as base:
        client = signed_in(base)
        case = new_case(client, "Outage during the last PATCH")
        url = create(client, case["id"], len(data))
        upload_id = url.rsplit("/", 1)[1]
        assert patch(client, url, 0, data[:first]).status_code == 204

        stopped: list[float] = []

        def body() -> Iterator[bytes]:
            yield data[first : first + MiB]
            time.sleep(0.3)  # the server is appending these bytes, its transaction open
            cluster.stop("fast")
            stopped.append(time.monotonic())
            yield data[first + MiB :]

        try:
            r = patch(client, url, first, body())
            answered = time.monotonic() - stopped[0]
            assert_unavailable(r)
            during_outage(client, url)
        finally:
            restarted(cluster)
        started = time.monotonic()
        recover(recover_by, cluster_app, client, url, len(data))
        recovered = time.monotonic() - started
        assert_recorded_once(cluster_app, client, case["id"], upload_id, data)
        print(
            f"\nlast PATCH answered 503 {answered:.2f} s after the database stopped; "
            f"recorded by {recover_by} {recovered:.2f} s after it was back"
        )
        # Replays stay harmless: the item is not recorded twice.
        r = patch(client, url, len(data), b"")
        assert r.status_code == 204 and r.headers["evidence-id"] == upload_id
        assert_recorded_once(cluster_app, client, case["id"], upload_id, data)


@pytest.mark.parametrize(
    ("storage", "recover_by"),
    [("local", "head"), ("local", "patch"), ("local", "job"), ("s3", "patch"), ("s3", "job")],
    indirect=["storage"],
)
def test_database_stops_after_the_object_is_complete(cluster, cluster_app, monkeypatch, recover_by):
    data = pdf(LENGTH, seed=9)
    settings = cluster_app.state.settings
    store = evidence.blob_store(settings)
    real_commit = store.commit_staged
    committed: list[str] = []

    def commit_then_outage(upload_id: str, key: str, *, sha256: str | None = None) -> Any:
        stored = real_commit(upload_id, key, sha256=sha256)
        committed.append(key)
        cluster.stop("fast")  # the object is whole in the store; the Evidence row is not written yet
        return stored

    with serve(cluster_app) as base:
        client = signed_in(base)
        case = new_case(client, "Outage after the store completed")
        url = create(client, case["id"], len(data))
        upload_id = url.rsplit("/", 1)[1]
        assert patch(client, url, 0, data[: 2 * MiB]).status_code == 204
        monkeypatch.setattr(store, "commit_staged", commit_then_outage)
        try:
            r = patch(client, url, 2 * MiB, data[2 * MiB :])
            assert_unavailable(r)
            assert committed == [evidence.original_key(case["id"], upload_id)]
            assert store.exists(committed[0]) and store.size(committed[0]) == len(data)  # kept
            during_outage(client, url)
        finally:
            monkeypatch.undo()
            restarted(cluster)
        with cluster_app.state.sessionmaker() as db:
            row = db.get(Upload, upload_id)
            assert row is not None and row.completed_at is None and row.offset == len(data)  # the mark
            assert db.get(Evidence, upload_id) is None
        recover(recover_by, cluster_app, client, url, len(data))
        assert_recorded_once(cluster_app, client, case["id"], upload_id, data)
        # The scan was queued with the item (inline jobs; no scanner configured here).
        with cluster_app.state.sessionmaker() as db:
            assert db.get(Evidence, upload_id).scan_status.value != "pending"  # type: ignore[union-attr]


def test_unrecorded_upload_past_its_expiry_is_recorded_not_dropped(cluster, cluster_app, monkeypatch):
    """The expiry sweep never drops bytes the server holds; the periodic job records them instead."""
    data = pdf(LENGTH, seed=13)
    settings = cluster_app.state.settings
    store = evidence.blob_store(settings)
    real_commit = store.commit_staged

    def commit_then_outage(upload_id: str, key: str, *, sha256: str | None = None) -> Any:
        stored = real_commit(upload_id, key, sha256=sha256)
        cluster.stop("fast")
        return stored

    with serve(cluster_app) as base:
        client = signed_in(base)
        case = new_case(client, "Outage, then expiry")
        url = create(client, case["id"], len(data))
        upload_id = url.rsplit("/", 1)[1]
        monkeypatch.setattr(store, "commit_staged", commit_then_outage)
        try:
            assert_unavailable(patch(client, url, 0, data))
        finally:
            monkeypatch.undo()
            restarted(cluster)
        sm = cluster_app.state.sessionmaker
        with sm() as db:
            db.execute(
                update(Upload).where(Upload.id == upload_id).values(expires_at=utcnow() - timedelta(hours=1))
            )
            db.commit()
        ctx = queue.JobContext(settings, sm)
        cleanup_expired_uploads(ctx)
        with sm() as db:
            assert db.get(Upload, upload_id) is not None  # not swept: every byte is stored
        assert store.exists(evidence.original_key(case["id"], upload_id))
        finish_unrecorded_uploads(ctx)  # expired ones are taken at once
        assert_recorded_once(cluster_app, client, case["id"], upload_id, data)


# ---- the S3 bucket deleted under a running server ----------------------------------------------------------


def _empty_and_delete(client: Any, bucket: str) -> None:
    for mpu in client.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
        client.abort_multipart_upload(Bucket=bucket, Key=mpu["Key"], UploadId=mpu["UploadId"])
    for obj in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        client.delete_object(Bucket=bucket, Key=obj["Key"])
    client.delete_bucket(Bucket=bucket)


def test_bucket_deleted_under_a_running_server_is_503_never_410(s3_endpoint, pg_url, seeded, tmp_path):
    import boto3

    settings = make_settings(
        pg_url,
        tmp_path / "var",
        jobs_tick_seconds=0,
        storage_backend="s3",
        s3_endpoint_url=s3_endpoint,
        s3_bucket=f"gone-{uuid.uuid4().hex[:12]}",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
    )
    app = create_app(settings)
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    data = pdf(2 * MiB, seed=17)
    try:
        with serve(app) as base:
            client = signed_in(base)
            case = new_case(client, "Bucket deleted")
            stored = client.post(
                f"/api/v1/cases/{case['id']}/evidence",
                files={"file": ("kept.pdf", data, "application/octet-stream")},
            )
            assert stored.status_code == 201, stored.text
            url = create(client, case["id"], len(data))
            assert patch(client, url, 0, data[:MiB]).status_code == 204

            _empty_and_delete(s3, settings.s3_bucket)  # under the running server, after its first check

            assert_unavailable(head(client, url))  # not 410: the store is out, not the upload
            assert_unavailable(patch(client, url, MiB, data[MiB:]))
            assert_unavailable(create_raw(client, case["id"], len(data)))
            assert_unavailable(
                client.post(
                    f"/api/v1/cases/{case['id']}/evidence",
                    files={"file": ("new.pdf", data, "application/octet-stream")},
                )
            )
            assert_unavailable(client.get(f"/api/v1/evidence/{stored.json()['id']}/content"))
            assert admission.for_settings(settings).held() == 0
    finally:
        app.state.engine.dispose()


def create_raw(client: httpx.Client, case_id: str, length: int) -> httpx.Response:
    meta = "filename " + base64.b64encode(b"testimony.pdf").decode()
    return client.post(
        f"/api/v1/cases/{case_id}/uploads",
        headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": meta},
    )
