"""The tus checksum extension: sha1, md5, crc32 (and sha256) per request, verified before a byte is kept.

The real `tuspy` client with `upload_checksum=True` (it sends sha1) against uvicorn, on the local and the
S3 store; raw requests for a mismatch (460, the chunk discarded, the offset where it was) with every
algorithm, an unknown algorithm and a malformed digest (400)."""

from __future__ import annotations

import base64
import hashlib
import random
import uuid
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from tusclient.client import TusClient
from tusclient.exceptions import TusUploadFailed
from tusclient.uploader import Uploader

from tests.conftest import make_settings
from tests.support.live_server import served
from tests.support.moto_server import s3_endpoint
from tests.support.review_flow import new_case

__all__ = ["s3_endpoint"]

MiB = 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}


class Crc32:
    """What tuspy's CHECKSUM_ALGORITHM_PAIR wants: `algorithm(chunk).digest()`, here CRC-32 big-endian."""

    def __init__(self, data: bytes) -> None:
        self._value = zlib.crc32(data)

    def digest(self) -> bytes:
        return self._value.to_bytes(4, "big")


class Md5Uploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("md5", hashlib.md5)


class Crc32Uploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("crc32", Crc32)


class LyingSha1Uploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("sha1", lambda _chunk: hashlib.sha1(b"other bytes", usedforsecurity=False))


DIGESTS: dict[str, Callable[[bytes], bytes]] = {
    "sha1": lambda data: hashlib.sha1(data, usedforsecurity=False).digest(),
    "md5": lambda data: hashlib.md5(data, usedforsecurity=False).digest(),
    "crc32": lambda data: zlib.crc32(data).to_bytes(4, "big"),
    "sha256": lambda data: hashlib.sha256(data).digest(),
}


def checksum(algorithm: str, data: bytes) -> str:
    return f"{algorithm} {base64.b64encode(DIGESTS[algorithm](data)).decode()}"


def pdf_bytes(size: int, seed: int = 3) -> bytes:
    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size - 9)


BOTH_STORES = pytest.mark.parametrize("settings", ["local", "s3"], indirect=True)


@pytest.fixture
def settings(request: pytest.FixtureRequest, pg_url: str, tmp_path) -> Any:
    """The local store unless a test asks for both (BOTH_STORES)."""
    if getattr(request, "param", "local") == "local":
        return make_settings(pg_url, tmp_path / "var", jobs_tick_seconds=0)
    endpoint = request.getfixturevalue("s3_endpoint")
    return make_settings(
        pg_url,
        tmp_path / "var",
        storage_backend="s3",
        s3_endpoint_url=endpoint,
        s3_bucket=f"tus-sum-{uuid.uuid4().hex[:12]}",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
        jobs_tick_seconds=0,
    )


@pytest.fixture
def server(live_app, seeded) -> Iterator[str]:
    with served(live_app) as url:
        yield url


@pytest.fixture
def token(server: str, live_login) -> str:
    r = live_login("org_admin_a").post(
        "/api/v1/tokens",
        json={
            "name": "tus checksum",
            "scopes": ["cases:read", "cases:write", "evidence:write"],
            "expires_in_days": 1,
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


@pytest.fixture
def client(server: str, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        yield c


def create(client: httpx.Client, case_id: str, length: int, filename: str = "statement.pdf") -> str:
    meta = f"filename {base64.b64encode(filename.encode()).decode()}"
    r = client.post(
        f"/api/v1/cases/{case_id}/uploads",
        headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": meta},
    )
    assert r.status_code == 201, r.text
    return str(r.headers["location"])


def patch(
    client: httpx.Client, url: str, offset: int, data: bytes, upload_checksum: str | None
) -> httpx.Response:
    headers = {**TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
    if upload_checksum is not None:
        headers["Upload-Checksum"] = upload_checksum
    return client.patch(url, content=data, headers=headers)


def offset_of(client: httpx.Client, url: str) -> int:
    r = client.head(url, headers=TUS)
    assert r.status_code == 200, r.status_code
    return int(r.headers["upload-offset"])


def test_discovery_advertises_the_algorithms(client: httpx.Client):
    case = new_case(client)
    r = client.options(f"/api/v1/cases/{case['id']}/uploads")
    assert r.status_code == 204
    assert "checksum" in r.headers["tus-extension"].split(",")
    algorithms = r.headers["tus-checksum-algorithm"].split(",")
    assert {"sha1", "md5", "crc32"} <= set(algorithms) and "sha256" in algorithms


@BOTH_STORES
@pytest.mark.parametrize("uploader", [Uploader, Md5Uploader, Crc32Uploader], ids=["sha1", "md5", "crc32"])
def test_tuspy_with_upload_checksum(client: httpx.Client, server: str, token: str, tmp_path, uploader):
    """tuspy as shipped (sha1), and with md5 and crc32: every chunk is verified, the file arrives whole."""
    case = new_case(client)
    data = pdf_bytes(6 * MiB + 1234)
    path = tmp_path / "ledger.pdf"
    path.write_bytes(data)
    tus = TusClient(
        f"{server}/api/v1/cases/{case['id']}/uploads", headers={"Authorization": f"Bearer {token}"}
    )
    up = uploader(
        file_path=str(path),
        client=tus,
        chunk_size=2 * MiB,
        upload_checksum=True,
        metadata={"filename": "ledger.pdf", "title": "Ledger"},
    )
    up.upload()
    evidence_id = up.request.response_headers["evidence-id"]
    ev = client.get(f"/api/v1/evidence/{evidence_id}").json()
    assert ev["sha256"] == hashlib.sha256(data).hexdigest() and ev["size"] == len(data)  # identity: SHA-256
    assert ev["media_type"] == "application/pdf"
    assert hashlib.sha256(client.get(f"/api/v1/evidence/{evidence_id}/content").content).digest() == (
        hashlib.sha256(data).digest()
    )


@BOTH_STORES
def test_tuspy_chunk_with_a_wrong_sha1_is_refused_and_discarded(
    client: httpx.Client, server: str, token: str, tmp_path
):
    case = new_case(client)
    data = pdf_bytes(3 * MiB)
    path = tmp_path / "w.pdf"
    path.write_bytes(data)
    tus = TusClient(
        f"{server}/api/v1/cases/{case['id']}/uploads", headers={"Authorization": f"Bearer {token}"}
    )
    liar = LyingSha1Uploader(
        file_path=str(path), client=tus, chunk_size=MiB, upload_checksum=True, metadata={"filename": "w.pdf"}
    )
    url = liar.create_url()
    liar.set_url(url)
    with pytest.raises(TusUploadFailed) as failed:
        liar.upload_chunk()
    assert failed.value.status_code == 460
    assert offset_of(client, url) == 0
    honest = Uploader(file_path=str(path), client=tus, url=url, chunk_size=MiB, upload_checksum=True)
    honest.upload()
    assert offset_of(client, url) == len(data)


@BOTH_STORES
@pytest.mark.parametrize("algorithm", ["sha1", "md5", "crc32", "sha256"])
def test_mismatch_is_460_and_the_chunk_is_discarded(client: httpx.Client, algorithm: str):
    case = new_case(client)
    data = pdf_bytes(300_000, seed=11)
    url = create(client, case["id"], len(data))
    first, rest = data[:100_000], data[100_000:]
    assert patch(client, url, 0, first, checksum(algorithm, first)).status_code == 204
    assert offset_of(client, url) == len(first)

    r = patch(client, url, len(first), rest, checksum(algorithm, rest[:-1] + b"x"))
    assert r.status_code == 460, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["tus-resumable"] == "1.0.0"
    body = r.json()
    assert body["title"] == "Checksum Mismatch" and body["checksum_algorithm"] == algorithm
    assert body["received_checksum"] == base64.b64encode(DIGESTS[algorithm](rest)).decode()
    assert offset_of(client, url) == len(first)  # not advanced: nothing of the chunk was kept

    r = patch(client, url, len(first), rest, checksum(algorithm, rest))
    assert r.status_code == 204 and r.headers["upload-offset"] == str(len(data))
    ev = client.get(f"/api/v1/evidence/{r.headers['evidence-id']}").json()
    assert ev["sha256"] == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "header",
    [
        "sha512 " + base64.b64encode(hashlib.sha512(b"x").digest()).decode(),  # not offered
        "blake2b " + base64.b64encode(hashlib.blake2b(b"x").digest()).decode(),
        "sha1",  # no digest
        "sha1 !!!not-base64!!!",
        "sha1 "
        + base64.b64encode(
            hashlib.md5(b"x", usedforsecurity=False).digest()
        ).decode(),  # 16 bytes, sha1 has 20
        "crc32 " + base64.b64encode(b"\x00\x00\x00\x00\x00").decode(),
    ],
)
def test_unknown_algorithm_or_malformed_digest_is_400(client: httpx.Client, header: str):
    case = new_case(client)
    data = b"%PDF-1.7\n" + b"testimony " * 1000
    url = create(client, case["id"], len(data))
    r = patch(client, url, 0, data, header)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    if header.startswith(("sha512", "blake2b")):
        assert "sha1" in r.json()["detail"] and "crc32" in r.json()["detail"]
    assert offset_of(client, url) == 0
