"""The HTTP side of tus 1.0.0 (core, creation, termination, checksum with sha1, md5, crc32 and sha256,
expiration).

https://tus.io/protocols/resumable-upload — so tus-js-client (browser, Uppy) and tuspy work unchanged.
This module reads the protocol's request headers and writes its response headers and statuses; what
an upload is and the rules it follows are `app/workflows/tus.py` and `app/workflows/ingest.py`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.config import Settings
from app.errors import Conflict, DomainError, Invalid, PreconditionFailed, UnsupportedMediaType
from app.models.evidence import Upload
from app.schemas.evidence import EvidenceMetaIn
from app.workflows import ingest, tus

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,checksum,expiration"
TUS_CHECKSUM_ALGORITHMS = ",".join(tus.CHECKSUM_ALGORITHMS)  # sha1,md5,crc32,sha256
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
MAX_METADATA_HEADER = 16 * 1024


class BadRequest(DomainError):
    status_code = 400
    title = "Bad request"
    type_slug = "bad-request"


class ChecksumMismatch(DomainError):
    """tus checksum extension: the bytes do not match their checksum; none were kept."""

    status_code = 460
    title = "Checksum Mismatch"
    type_slug = "checksum-mismatch"


class TusRoute(APIRoute):
    """Every tus response, errors included, carries Tus-Resumable."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()

        async def tus_handler(request: Request) -> Response:
            try:
                response: Response = await handler(request)
            except DomainError as exc:
                exc.headers = {**exc.headers, "Tus-Resumable": TUS_VERSION}
                raise
            response.headers.setdefault("Tus-Resumable", TUS_VERSION)
            return response

        return tus_handler


# ---- requests ---------------------------------------------------------------------------------------------


def check_resumable(value: str | None) -> None:
    if value != TUS_VERSION:
        raise PreconditionFailed(
            f"This server speaks tus {TUS_VERSION}: send 'Tus-Resumable: {TUS_VERSION}'",
            headers={"Tus-Version": TUS_VERSION},
        )


def parse_non_negative(name: str, value: str | None) -> int:
    if value is None or not value.isdigit() or len(value) > 19:
        raise BadRequest(f"{name} must be a non-negative integer")
    return int(value)


def parse_metadata(value: str | None) -> dict[str, str]:
    """`Upload-Metadata: key base64(value),key2 base64(value2),flag` → {key: value}."""
    if not value:
        return {}
    if len(value) > MAX_METADATA_HEADER:
        raise BadRequest(f"Upload-Metadata is longer than {MAX_METADATA_HEADER} characters")
    out: dict[str, str] = {}
    for pair in value.split(","):
        parts = pair.strip().split(" ")
        key = parts[0]
        if not key or len(parts) > 2 or key in out:
            raise BadRequest("Upload-Metadata must be comma-separated 'key base64value' pairs, keys unique")
        try:
            decoded = base64.b64decode(parts[1], validate=True).decode("utf-8") if len(parts) == 2 else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise BadRequest(f"Upload-Metadata value of {key!r} is not base64 of UTF-8 text") from exc
        out[key] = decoded
    return out


def parse_checksum(value: str | None) -> tus.RequestChecksum | None:
    """`Upload-Checksum: <algorithm> <base64 digest>` (an algorithm of Tus-Checksum-Algorithm); 400 for
    another algorithm or a digest that is not base64 of that algorithm's size."""
    if value is None:
        return None
    algorithm, _, encoded = value.strip().partition(" ")
    algorithm = algorithm.lower()
    if algorithm not in tus.CHECKSUM_ALGORITHMS:
        raise BadRequest(
            f"Unsupported checksum algorithm {algorithm!r}; "
            f"Tus-Checksum-Algorithm: {TUS_CHECKSUM_ALGORITHMS}",
            extra={"supported": TUS_CHECKSUM_ALGORITHMS},
        )
    try:
        digest = base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error as exc:
        raise BadRequest("Upload-Checksum digest is not base64") from exc
    size = tus.CHECKSUM_ALGORITHMS[algorithm][1]
    if len(digest) != size:
        raise BadRequest(f"Upload-Checksum digest is not a {algorithm} digest ({size} bytes)")
    return tus.RequestChecksum(algorithm, digest)


@dataclass(frozen=True)
class Creation:
    length: int
    client_meta: dict[str, str]  # Upload-Metadata as sent (echoed by HEAD)
    meta: EvidenceMetaIn


def parse_creation(length: str | None, defer_length: str | None, metadata: str | None) -> Creation:
    """A creation request's headers: 400 for malformed ones, 422 for invalid details or an empty file."""
    if defer_length is not None:
        raise BadRequest("Upload-Defer-Length is not supported: send Upload-Length")
    size = parse_non_negative("Upload-Length", length)
    client_meta = parse_metadata(metadata)
    meta = ingest.parse_meta(client_meta, loc="metadata")
    if size == 0:
        raise Invalid("The file is empty", errors=[{"loc": ["header", "Upload-Length"], "msg": "empty file"}])
    return Creation(size, client_meta, meta)


def parse_patch(
    content_type: str | None, offset: str | None, checksum: str | None
) -> tuple[int, tus.RequestChecksum | None]:
    """A PATCH's headers → (Upload-Offset, the Upload-Checksum digest or None)."""
    if (content_type or "").split(";")[0].strip().lower() != OFFSET_CONTENT_TYPE:
        raise UnsupportedMediaType(f"PATCH bodies must be sent as Content-Type: {OFFSET_CONTENT_TYPE}")
    return parse_non_negative("Upload-Offset", offset), parse_checksum(checksum)


@contextmanager
def in_tus_terms() -> Iterator[None]:
    """The workflow's refusals as tus words them: checksum mismatches are its 460, and a wrong offset
    is answered with where to look (HEAD)."""
    try:
        yield
    except tus.RequestChecksumMismatch as exc:
        raise ChecksumMismatch(
            "The bytes of this request do not match its Upload-Checksum; none were kept. "
            "Send them again from the same offset.",
            extra=exc.extra,
        ) from exc
    except ingest.ChecksumMismatch as exc:  # the declared whole-file checksum, at completion
        raise ChecksumMismatch(exc.detail, extra=exc.extra, keep_changes=exc.keep_changes) from exc
    except tus.OffsetMismatch as exc:
        raise Conflict(
            f"The upload is at offset {exc.offset}, not {exc.requested}: ask HEAD and resume from there",
            extra={"offset": exc.offset},
        ) from exc


# ---- responses --------------------------------------------------------------------------------------------


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def encode_metadata(meta: dict[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" if v else k for k, v in meta.items())


def discovery_headers(settings: Settings) -> dict[str, str]:
    return {
        "Tus-Resumable": TUS_VERSION,
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": TUS_EXTENSIONS,
        "Tus-Checksum-Algorithm": TUS_CHECKSUM_ALGORITHMS,
        "Tus-Max-Size": str(settings.max_upload_bytes),
    }


def evidence_headers(evidence_id: str | None) -> dict[str, str]:
    """Where a completed upload's Evidence item is (tus clients only see headers)."""
    if evidence_id is None:
        return {}
    return {"Evidence-Id": evidence_id, "Evidence-Location": f"/api/v1/evidence/{evidence_id}"}


def creation_headers(upload: Upload) -> dict[str, str]:
    return {
        "Location": f"/api/v1/cases/{upload.case_id}/uploads/{upload.id}",
        "Upload-Expires": http_date(upload.expires_at),
        "Upload-Offset": "0",
    }


def upload_headers(upload: Upload, offset: int) -> dict[str, str]:
    headers = {
        "Upload-Offset": str(offset),
        "Upload-Length": str(upload.length),
        "Upload-Expires": http_date(upload.expires_at),
    }
    client = upload.metadata_.get("client") or {}
    if client:
        headers["Upload-Metadata"] = encode_metadata(client)
    return headers | evidence_headers(upload.evidence_id)


def patch_headers(result: tus.PatchResult) -> dict[str, str]:
    return {
        "Upload-Offset": str(result.offset),
        "Upload-Expires": http_date(result.expires_at),
        **evidence_headers(result.evidence_id),
    }
