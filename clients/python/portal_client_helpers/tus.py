"""Resumable evidence uploads (tus 1.0.0) with plain httpx, for field devices on bad networks.

    with httpx.Client(base_url=PORTAL, headers={"Authorization": f"Bearer {token}"}) as http:
        result = upload(http, case_id, Path("statement.pdf"), metadata={"title": "Statement W-7"})
        result.evidence_id

`upload` creates the upload (`POST /api/v1/cases/{case_id}/uploads`, `Upload-Length`,
`Upload-Metadata`), then sends the bytes in chunks (`PATCH` with `Upload-Offset`, each chunk with its
`Upload-Checksum: sha256 …`, so a corrupted chunk is refused with 460 and sent again). When a
connection drops, or the portal answers 409 (offset moved), 423, 429, 460 or 5xx, it asks the portal
where to resume (`HEAD`, `Upload-Offset`: what it really kept) and goes on from there, waiting
`Retry-After` or a growing delay between tries. Save `result.url` (or `on_created`'s argument) to
resume in another process: `upload(http, case_id, source, url=saved_url)`.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

TUS_VERSION = "1.0.0"
DEFAULT_CHUNK = 4 * 1024 * 1024
# Answers after which asking where to resume and trying again can succeed.
RETRY_STATUSES = frozenset({409, 423, 429, 460, 500, 502, 503, 504})


class UploadError(Exception):
    """The portal refused the upload (4xx other than the retried ones), or the retries ran out."""

    def __init__(self, message: str, response: httpx.Response | None = None) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code if response is not None else None


@dataclass(frozen=True)
class UploadResult:
    url: str  # the upload's URL (resume or inspect it: GET gives its state as JSON)
    evidence_id: str  # the Evidence item the completed upload became
    length: int
    attempts: int  # PATCH requests sent, the failed ones included
    resumes: int  # times the offset was asked again after a failure


def encode_metadata(metadata: Mapping[str, str]) -> str:
    """`Upload-Metadata`: `key base64(value)` pairs, comma-separated."""
    for key in metadata:
        if not key or any(c in key for c in " ,"):
            raise ValueError(f"metadata key {key!r} may not be empty or hold spaces or commas")
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in metadata.items())


def _open(source: bytes | Path | str | BinaryIO) -> tuple[BinaryIO, int, str | None]:
    if isinstance(source, bytes):
        return io.BytesIO(source), len(source), None
    if isinstance(source, str | Path):
        path = Path(source)
        return path.open("rb"), path.stat().st_size, path.name
    stream = source
    here = stream.tell()
    size = stream.seek(0, os.SEEK_END) - here
    stream.seek(here)
    return stream, size, None


def _retry_after(response: httpx.Response | None, delay: float) -> float:
    if response is not None:
        value = response.headers.get("Retry-After", "")
        if value.isdigit():
            return min(float(value), 60.0)
    return delay


def upload(
    http: httpx.Client,
    case_id: str,
    source: bytes | Path | str | BinaryIO,
    *,
    metadata: Mapping[str, str] | None = None,
    url: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    max_retries: int = 8,
    retry_delay: float = 0.5,
    on_created: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> UploadResult:
    """Upload `source` as evidence of `case_id`, resuming across dropped connections.

    `http` carries the base URL and the credentials (`Authorization: Bearer …`). `metadata` goes into
    `Upload-Metadata` (filename, title, description, sensitivity, captured_date, captured_place,
    share_with, perpetrator_ids, incident_ids); the whole file's `sha256` is added, so the portal
    checks the result end to end. `url` resumes an upload created earlier. `max_retries` bounds the
    consecutive failures; any progress resets the count.
    """
    stream, length, filename = _open(source)
    start = stream.tell()
    try:
        digest = hashlib.sha256()
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
        meta = {**({"filename": filename} if filename else {}), **(metadata or {})}
        meta.setdefault("sha256", digest.hexdigest())
        if url is None:
            url = _create(http, case_id, length, meta)
            if on_created is not None:
                on_created(url)
        offset, evidence_id = _head(http, url)
        attempts = resumes = failures = 0
        delay = retry_delay
        while evidence_id is None:
            if offset >= length:  # all bytes are there; the recording is finishing (HEAD completes it)
                time.sleep(delay)
                offset, evidence_id = _head(http, url)
                failures += 1
                if failures > max_retries:
                    raise UploadError("the portal has every byte but did not record the evidence")
                continue
            stream.seek(start + offset)
            chunk = stream.read(min(chunk_size, length - offset))
            attempts += 1
            response: httpx.Response | None = None
            try:
                response = http.patch(
                    url,
                    content=chunk,
                    headers={
                        "Tus-Resumable": TUS_VERSION,
                        "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream",
                        "Upload-Checksum": "sha256 "
                        + base64.b64encode(hashlib.sha256(chunk).digest()).decode(),
                    },
                )
            except httpx.TransportError:
                pass  # the connection dropped (before, during or after the body): ask where we are
            if response is not None and response.status_code == 204:
                offset = int(response.headers["Upload-Offset"])
                evidence_id = response.headers.get("Evidence-Id")
                failures, delay = 0, retry_delay
                if on_progress is not None:
                    on_progress(offset, length)
                continue
            if response is not None and response.status_code not in RETRY_STATUSES:
                raise UploadError(_problem(response), response)
            failures += 1
            if failures > max_retries:
                raise UploadError(f"gave up after {failures} failed attempts at offset {offset}", response)
            time.sleep(_retry_after(response, delay))
            delay = min(delay * 2, 30.0)
            offset, evidence_id = _resume_point(http, url, max_retries, retry_delay)
            resumes += 1
        return UploadResult(url, evidence_id, length, attempts, resumes)
    finally:
        if isinstance(source, str | Path):
            stream.close()


def _create(http: httpx.Client, case_id: str, length: int, meta: Mapping[str, str]) -> str:
    response = http.post(
        f"/api/v1/cases/{case_id}/uploads",
        headers={
            "Tus-Resumable": TUS_VERSION,
            "Upload-Length": str(length),
            "Upload-Metadata": encode_metadata(meta),
        },
    )
    if response.status_code != 201:
        raise UploadError(_problem(response), response)
    return str(response.url.join(response.headers["Location"]))


def _head(http: httpx.Client, url: str) -> tuple[int, str | None]:
    response = http.head(url, headers={"Tus-Resumable": TUS_VERSION})
    if response.status_code != 200:
        raise UploadError(f"HEAD {url}: HTTP {response.status_code}", response)
    return int(response.headers["Upload-Offset"]), response.headers.get("Evidence-Id")


def _resume_point(http: httpx.Client, url: str, max_retries: int, delay: float) -> tuple[int, str | None]:
    """Where the portal stands (`HEAD`), retried while the network or the portal is still down."""
    for _ in range(max_retries):
        try:
            response = http.head(url, headers={"Tus-Resumable": TUS_VERSION})
        except httpx.TransportError:
            response = None
        if response is not None and response.status_code == 200:
            return int(response.headers["Upload-Offset"]), response.headers.get("Evidence-Id")
        if response is not None and response.status_code not in RETRY_STATUSES:
            raise UploadError(f"HEAD {url}: HTTP {response.status_code}", response)
        time.sleep(_retry_after(response, delay))
        delay = min(delay * 2, 30.0)
    raise UploadError(f"could not learn where to resume {url}")


def _problem(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if isinstance(body, dict):
        return f"HTTP {response.status_code}: {body.get('title', '')} {body.get('detail', '')}".strip()
    return f"HTTP {response.status_code}"
