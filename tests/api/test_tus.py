"""tus 1.0 resumable uploads to S3 over HTTP (moto server): tuspy against a real uvicorn server, a PATCH
cut off mid-body and resumed, checksums, refusals, termination and expiry cleanup."""

from __future__ import annotations

import base64
import hashlib
import socket
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import boto3
import httpx
import pytest
from sqlalchemy import func, select, update
from tusclient.client import TusClient
from tusclient.exceptions import TusUploadFailed
from tusclient.uploader import Uploader

from app.db import utcnow
from app.jobs.evidence import cleanup_expired_uploads
from app.jobs.queue import JobContext
from app.models.evidence import Evidence, Upload
from tests.conftest import make_settings
from tests.support.live_server import served
from tests.support.moto_server import s3_endpoint
from tests.support.review_flow import new_case

__all__ = ["s3_endpoint"]

MiB = 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}


class Sha256Uploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


class LyingUploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("sha256", lambda _chunk: hashlib.sha256(b"not these bytes"))


class LazyLogins(dict):
    """`as_["coordinator_a"]` signs that person in on first use (the shared fixture signs in all seven)."""

    def __init__(self, login: Any) -> None:
        super().__init__()
        self._login = login

    def __missing__(self, who: str) -> Any:
        self[who] = api = self._login(who)
        return api


@pytest.fixture
def as_(login: Any) -> LazyLogins:
    return LazyLogins(login)


@pytest.fixture
def settings(pg_url: str, tmp_path, s3_endpoint: str) -> Any:
    return make_settings(
        pg_url,
        tmp_path / "var",
        storage_backend="s3",
        s3_endpoint_url=s3_endpoint,
        s3_bucket=f"tus-{uuid.uuid4().hex[:12]}",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
        jobs_tick_seconds=0,
    )


def s3(settings) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def pdf_bytes(size: int, seed: int = 7) -> bytes:
    import random

    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size - 9)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def create(api, case_id: str, length: int, **meta: str) -> Any:
    headers = {**TUS, "Upload-Length": str(length)}
    if meta:
        headers["Upload-Metadata"] = ",".join(f"{k} {b64(v)}" for k, v in meta.items())
    return api.post(f"/api/v1/cases/{case_id}/uploads", headers=headers)


def patch(api, url: str, offset: int, data: bytes, checksum: str | None = None, **extra: str) -> Any:
    headers = {
        **TUS,
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
        **extra,
    }
    if checksum is not None:
        headers["Upload-Checksum"] = checksum
    return api.patch(url, content=data, headers=headers)


def sha256_b64(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


# ---- a real HTTP server (uvicorn) over committed data ----------------------------------------------------


@pytest.fixture
def server(live_app, seeded) -> Iterator[str]:
    with served(live_app) as url:
        yield url


@pytest.fixture
def token(server: str, live_login) -> str:
    admin = live_login("org_admin_a")
    r = admin.post(
        "/api/v1/tokens",
        json={
            "name": "tus test",
            "scopes": ["cases:read", "cases:write", "evidence:write"],
            "expires_in_days": 1,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["token"]


def cut_off_patch(base: str, path: str, token: str, offset: int, data: bytes, send: int) -> None:
    """A PATCH announcing all of `data` whose connection dies after `send` bytes of body."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as conn:
        head = (
            f"PATCH {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Tus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\n"
            f"Content-Type: application/offset+octet-stream\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        conn.sendall(head.encode())
        conn.sendall(data[:send])
        time.sleep(0.2)


def stable_offset(client: httpx.Client, url: str) -> int:
    last, deadline = -1, time.monotonic() + 20
    while time.monotonic() < deadline:
        r = client.head(url, headers=TUS)
        assert r.status_code == 200, r.status_code
        offset = int(r.headers["upload-offset"])
        if offset == last and offset > 0:
            return offset
        last = offset
        time.sleep(0.3)
    raise AssertionError("offset never settled")


def test_tuspy_upload_cut_off_and_resumed_gives_the_same_sha256(server, token, settings, engine, tmp_path):
    client = httpx.Client(base_url=server, headers={"Authorization": f"Bearer {token}"})
    case = new_case(client)
    data = pdf_bytes(13 * MiB)
    path = tmp_path / "testimony.pdf"
    path.write_bytes(data)

    tus = TusClient(
        f"{server}/api/v1/cases/{case['id']}/uploads", headers={"Authorization": f"Bearer {token}"}
    )
    first = Sha256Uploader(
        file_path=str(path),
        client=tus,
        chunk_size=4 * MiB,
        upload_checksum=True,
        metadata={"filename": "testimony.pdf", "title": "Testimony W-7", "sensitivity": "source_identifying"},
    )
    url = first.create_url()
    upload_path = url.removeprefix(server)

    # The network drops 9 MiB into a PATCH of the whole file: what arrived is kept (one S3 part + tail).
    cut_off_patch(server, upload_path, token, 0, data, 9 * MiB + 4096)
    offset = stable_offset(client, url)
    assert 8 * MiB <= offset <= 9 * MiB + 4096
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).select_from(Evidence).where(Evidence.case_id == case["id"])
            ).scalar()
            == 0
        )

    # A chunk whose checksum does not match is refused with 460 and nothing is appended.
    liar = LyingUploader(file_path=str(path), client=tus, url=url, chunk_size=MiB, upload_checksum=True)
    with pytest.raises(TusUploadFailed) as failed:
        liar.upload_chunk()
    assert failed.value.status_code == 460
    assert int(client.head(url, headers=TUS).headers["upload-offset"]) == offset

    resumed = Sha256Uploader(
        file_path=str(path),
        client=tus,
        url=url,
        chunk_size=4 * MiB,
        upload_checksum=True,
        retries=5,
        retry_delay=0.5,
    )
    assert resumed.offset == offset
    resumed.upload()
    evidence_id = resumed.request.response_headers["evidence-id"]

    ev = client.get(f"/api/v1/evidence/{evidence_id}").json()
    assert ev["sha256"] == hashlib.sha256(data).hexdigest() and ev["size"] == len(data)
    assert ev["media_type"] == "application/pdf" and ev["title"] == "Testimony W-7"
    assert ev["sensitivity"] == "source_identifying"
    status = client.get(url).json()
    assert status["evidence_id"] == evidence_id and status["offset"] == len(data)
    head = client.head(url, headers=TUS)
    assert head.headers["upload-offset"] == str(len(data)) and head.headers["evidence-id"] == evidence_id
    got = client.get(f"/api/v1/evidence/{evidence_id}/content")
    assert hashlib.sha256(got.content).hexdigest() == ev["sha256"]
    custody = client.get(f"/api/v1/evidence/{evidence_id}/custody").json()
    assert custody[0]["action"] == "uploaded" and custody[0]["detail"]["via"] == "tus"
    # No staging left behind in the bucket.
    bucket = s3(settings)
    assert "Uploads" not in bucket.list_multipart_uploads(Bucket=settings.s3_bucket)
    assert not bucket.list_objects_v2(Bucket=settings.s3_bucket, Prefix="staging/").get("Contents")


def test_multipart_cut_off_leaves_nothing(server, token, settings, engine):
    client = httpx.Client(base_url=server, headers={"Authorization": f"Bearer {token}"})
    case = new_case(client)
    host, port = server.removeprefix("http://").split(":")
    boundary = "cutoff"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n'.encode()
    body = head + pdf_bytes(12 * MiB) + f"\r\n--{boundary}--\r\n".encode()
    with socket.create_connection((host, int(port))) as conn:
        conn.sendall(
            (
                f"POST /api/v1/cases/{case['id']}/evidence HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n"
            ).encode()
        )
        conn.sendall(body[: 10 * MiB])
        time.sleep(0.3)
    bucket = s3(settings)
    # The server aborts the S3 multipart upload once it sees the connection gone: give a loaded
    # machine a few seconds to get there, then nothing may be left.
    deadline = time.monotonic() + 15
    while (
        "Uploads" in bucket.list_multipart_uploads(Bucket=settings.s3_bucket) and time.monotonic() < deadline
    ):
        time.sleep(0.2)
    assert client.get(f"/api/v1/cases/{case['id']}/evidence").json()["items"] == []
    assert not bucket.list_objects_v2(Bucket=settings.s3_bucket, Prefix="objects/").get("Contents")
    assert "Uploads" not in bucket.list_multipart_uploads(Bucket=settings.s3_bucket)


# ---- protocol details (in-process client) ---------------------------------------------------------------


def test_discovery_creation_and_headers(as_, settings):
    api = as_["researcher_a"]
    case = new_case(api)
    r = api.request("OPTIONS", f"/api/v1/cases/{case['id']}/uploads")
    assert r.status_code == 204
    assert r.headers["tus-version"] == "1.0.0" and r.headers["tus-resumable"] == "1.0.0"
    assert r.headers["tus-extension"] == "creation,termination,checksum,expiration"
    assert set(r.headers["tus-checksum-algorithm"].split(",")) == {"sha1", "md5", "crc32", "sha256"}
    assert r.headers["tus-max-size"] == str(settings.max_upload_bytes)

    r = api.post(f"/api/v1/cases/{case['id']}/uploads", headers={"Upload-Length": "10"})
    assert r.status_code == 412 and r.headers["tus-version"] == "1.0.0"
    r = create(api, case["id"], settings.max_upload_bytes + 1)
    assert r.status_code == 413 and r.headers["tus-resumable"] == "1.0.0"
    r = api.post(f"/api/v1/cases/{case['id']}/uploads", headers={**TUS, "Upload-Defer-Length": "1"})
    assert r.status_code == 400
    r = api.post(
        f"/api/v1/cases/{case['id']}/uploads",
        headers={**TUS, "Upload-Length": "5", "Upload-Metadata": "a b c"},
    )
    assert r.status_code == 400
    assert create(api, case["id"], 10, sensitivity="top-secret").status_code == 422

    r = create(api, case["id"], 12, filename="note.txt")
    assert r.status_code == 201
    url = r.headers["location"]
    assert url.startswith(f"/api/v1/cases/{case['id']}/uploads/") and "upload-expires" in r.headers
    head = api.request("HEAD", url, headers=TUS)
    assert head.status_code == 200 and head.headers["upload-offset"] == "0"
    assert head.headers["upload-length"] == "12" and head.headers["cache-control"] == "no-store"
    assert head.headers["upload-metadata"] == f"filename {b64('note.txt')}"


def test_patch_rules_checksum_and_completion(as_, settings, db):
    api = as_["researcher_a"]
    case = new_case(api)
    data = b"Statement of witness W-3 given on 2 May\n" * 2000
    url = create(api, case["id"], len(data), filename="w3.txt", title="W-3").headers["location"]
    first, rest = data[:70_000], data[70_000:]

    r = api.patch(url, content=first, headers={**TUS, "Upload-Offset": "0", "Content-Type": "text/plain"})
    assert r.status_code == 415
    assert patch(api, url, 5, first).status_code == 409
    r = patch(api, url, 0, first, checksum=sha256_b64(b"something else"))
    assert r.status_code == 460 and r.headers["tus-resumable"] == "1.0.0"
    assert api.request("HEAD", url, headers=TUS).headers["upload-offset"] == "0"  # chunk discarded
    assert patch(api, url, 0, first, checksum="md5 AAAA").status_code == 400

    r = patch(api, url, 0, first, checksum=sha256_b64(first))
    assert r.status_code == 204 and r.headers["upload-offset"] == str(len(first))
    assert "evidence-id" not in r.headers
    assert patch(api, url, len(first), rest + b"extra").status_code == 413
    offset = int(api.request("HEAD", url, headers=TUS).headers["upload-offset"])
    r = patch(api, url, offset, data[offset:], checksum=sha256_b64(data[offset:]))
    assert r.status_code == 204 and r.headers["upload-offset"] == str(len(data))
    ev = api.get(f"/api/v1/evidence/{r.headers['evidence-id']}").json()
    assert ev["sha256"] == hashlib.sha256(data).hexdigest() and ev["media_type"] == "text/plain"
    assert ev["title"] == "W-3" and ev["scan_status"] == "not_scanned"
    # Repeating the last PATCH after completion is harmless; anything else is a conflict.
    assert patch(api, url, len(data), b"").status_code == 204
    assert patch(api, url, 0, b"x").status_code == 409


def test_refused_type_and_declared_checksum_discard_the_upload(as_, db):
    api = as_["researcher_a"]
    case = new_case(api)
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x03\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 200
    url = create(api, case["id"], len(elf), filename="report.pdf").headers["location"]
    r = patch(api, url, 0, elf)
    assert r.status_code == 415 and "executable" in r.json()["detail"]
    assert api.request("HEAD", url, headers=TUS).status_code == 404

    data = b"plain text testimony\n" * 10
    url = create(api, case["id"], len(data), filename="t.txt", sha256="ab" * 32).headers["location"]
    r = patch(api, url, 0, data)
    assert r.status_code == 460 and r.json()["received_sha256"] == hashlib.sha256(data).hexdigest()
    assert api.request("HEAD", url, headers=TUS).status_code == 404
    assert (
        db.execute(select(func.count()).select_from(Evidence).where(Evidence.case_id == case["id"])).scalar()
        == 0
    )
    assert (
        db.execute(select(func.count()).select_from(Upload).where(Upload.case_id == case["id"])).scalar() == 0
    )


def test_small_first_chunk_is_sniffed_at_completion(as_, db):
    api = as_["researcher_a"]
    case = new_case(api)
    html = b"<!DOCTYPE html><html><body><script>steal()</script>" + b" " * 3000 + b"</body></html>"
    url = create(api, case["id"], len(html), filename="scan.jpg").headers["location"]
    assert patch(api, url, 0, html[:100]).status_code == 204
    r = patch(api, url, 100, html[100:])
    assert r.status_code == 415 and "web page" in r.json()["detail"]
    assert (
        db.execute(select(func.count()).select_from(Evidence).where(Evidence.case_id == case["id"])).scalar()
        == 0
    )


def test_tenants_termination_and_expiry_cleanup(as_, settings, sm, db):
    api = as_["researcher_a"]
    case = new_case(api)
    data = pdf_bytes(6 * MiB)
    url = create(api, case["id"], len(data) * 2, filename="long.pdf").headers["location"]
    other = as_["researcher_b"]
    assert other.request("HEAD", url, headers=TUS).status_code == 404
    assert patch(other, url, 0, data).status_code == 404
    assert other.delete(url, headers=TUS).status_code == 404
    assert as_["coordinator_a"].request("HEAD", url, headers=TUS).status_code == 403  # no evidence:write
    assert patch(api, url, 0, data).status_code == 204
    bucket = s3(settings)
    assert bucket.list_multipart_uploads(Bucket=settings.s3_bucket).get("Uploads")

    # Termination drops the staged bytes at once.
    url2 = create(api, case["id"], 100, filename="x.txt").headers["location"]
    assert api.delete(url2, headers=TUS).status_code == 204
    assert api.request("HEAD", url2, headers=TUS).status_code == 404

    # Expired: HEAD says gone, and the periodic cleanup aborts the S3 multipart upload and drops the row.
    upload_id = url.rsplit("/", 1)[1]
    db.execute(
        update(Upload).where(Upload.id == upload_id).values(expires_at=utcnow() - timedelta(minutes=1))
    )
    db.commit()
    assert api.request("HEAD", url, headers=TUS).status_code == 410
    cleanup_expired_uploads(JobContext(settings, sm))
    assert "Uploads" not in bucket.list_multipart_uploads(Bucket=settings.s3_bucket)
    assert not bucket.list_objects_v2(Bucket=settings.s3_bucket, Prefix="staging/").get("Contents")
    assert db.get(Upload, upload_id) is None
    assert api.request("HEAD", url, headers=TUS).status_code == 404


@pytest.mark.parametrize("continued_elsewhere", [False, True])
def test_whole_file_sha256_is_carried_across_requests(as_, monkeypatch, continued_elsewhere):
    """The SHA-256 is computed as the bytes stream in and handed to the commit (no read-back); a
    request served by another process finds no running hash, and the store hashes at commit."""
    from app.storage import S3BlobStore
    from app.workflows import tus

    api = as_["researcher_a"]
    case = new_case(api)
    data = pdf_bytes(3 * MiB + 11)
    url = create(api, case["id"], len(data), filename="ledger.pdf").headers["location"]
    assert patch(api, url, 0, data[:MiB]).status_code == 204
    if continued_elsewhere:
        monkeypatch.setattr(tus, "running_hashes", tus.RunningHashes())
    handed: list[str | None] = []
    real = S3BlobStore.commit_staged

    def commit_staged(self, upload_id, key, *, sha256=None):
        handed.append(sha256)
        return real(self, upload_id, key, sha256=sha256)

    monkeypatch.setattr(S3BlobStore, "commit_staged", commit_staged)
    r = patch(api, url, MiB, data[MiB:])
    assert r.status_code == 204
    expected = hashlib.sha256(data).hexdigest()
    assert api.get(f"/api/v1/evidence/{r.headers['evidence-id']}").json()["sha256"] == expected
    assert handed == [None if continued_elsewhere else expected]
