"""Evidence: streamed uploads (multipart and tus), details, custody, verification, downloads, deletion.

Streaming: the upload endpoints are `async` and read `request.stream()`; bytes are handed to the
blocking BlobStore in a worker thread in ~1 MiB batches (`ChunkBridge`), never buffered whole, never
spooled by the framework. Multipart bodies go through python-multipart's streaming parser. Downloads
stream from the store. Long transfers hold no database transaction open (except a tus PATCH on
PostgreSQL, which holds its upload's row lock: the S3 adapter relies on it).
"""

from __future__ import annotations

import base64
import functools
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.config import Settings
from app.errors import DomainError, Invalid, TooLarge, UnsupportedMediaType
from app.models.evidence import CustodyEvent, Evidence, ScanStatus, Upload
from app.schemas.evidence import (
    CustodyEventOut,
    EvidenceListOut,
    EvidenceOut,
    EvidenceUpdateIn,
    HashCheckOut,
    PurgeIn,
    UploadStatusOut,
    Variant,
    VerifyOut,
)
from app.security.permissions import Principal
from app.storage import BlobStore
from app.workflows import evidence, tus
from app.workflows.evidence_media import SNIFF_BYTES

log = logging.getLogger(__name__)
T = TypeVar("T")

READ = Depends(Permission("evidence:read"))
WRITE = Depends(Permission("evidence:write"))
PURGE = Depends(Permission("evidence:purge"))

# Form fields besides the file: a few KiB normally; the limit bounds what is held in memory.
MAX_FORM_FIELDS_BYTES = 256 * 1024
MAX_FORM_PARTS = 50


def _run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Awaitable[T]:
    return run_in_threadpool(functools.partial(fn, *args, **kwargs))


async def _discard(store: BlobStore, key: str) -> None:
    with anyio.CancelScope(shield=True):
        await _run(evidence.discard_quietly, store, key)


def evidence_out(ev: Evidence, p: Principal, settings: Settings) -> EvidenceOut:
    variants = evidence.downloadable(p, ev, settings)
    default = evidence.default_variant(p, ev)
    return EvidenceOut(
        id=ev.id,
        case_id=ev.case_id,
        number=ev.number,
        label=f"E-{ev.number}",
        title=ev.title,
        description=ev.description,
        original_filename=evidence.visible_filename(p, ev),
        media_type=ev.media_type,
        size=ev.size,
        sha256=ev.sha256,
        sensitivity=ev.sensitivity,
        share_with=list(ev.share_with),
        captured_date=ev.captured_date,
        captured_place=ev.captured_place,
        perpetrator_ids=list(ev.perpetrator_ids),
        incident_ids=list(ev.incident_ids),
        scan_status=ev.scan_status,
        scan_signature=ev.scan_signature,
        quarantined=ev.scan_status == ScanStatus.infected,
        sanitise_status=ev.sanitise_status,
        derivative_sha256=ev.derivative_sha256,
        derivative_size=ev.derivative_size,
        uploaded_by=ev.uploaded_by,
        created_at=ev.created_at,
        updated_at=ev.updated_at,
        deleted_at=ev.deleted_at,
        deleted_reason=ev.deleted_reason,
        downloadable=variants,
        default_variant=default if default in variants else None,
    )


# ---- multipart: streaming form parser ---------------------------------------------------------------------


class StreamingForm:
    """multipart/form-data parsed as it arrives: fields are collected (bounded), the one file part is
    yielded chunk by chunk and never held whole."""

    def __init__(self, body: AsyncIterator[bytes], content_type: str | None) -> None:
        ctype, params = parse_options_header(content_type or "")
        boundary = params.get(b"boundary")
        if ctype != b"multipart/form-data" or not boundary:
            raise UnsupportedMediaType(
                "Send the file as multipart/form-data (a 'file' part plus optional fields), "
                "or use the resumable tus endpoint .../uploads"
            )
        self._body = body
        self.fields: dict[str, str] = {}
        self.filename: str | None = None
        self._field_bytes = 0
        self._parts = 0
        self._file_started = False
        self._file_ended = False
        self._in_file = False
        self._data: deque[bytes] = deque()
        self._headers: dict[bytes, bytes] = {}
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._field_name: str | None = None
        self._field_value = bytearray()
        self._error: DomainError | None = None
        self._parser = MultipartParser(
            boundary,
            callbacks={
                "on_part_begin": self._on_part_begin,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
            },
        )

    # parser callbacks (synchronous, called from `write`)
    def _on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_FORM_PARTS:
            self._fail(Invalid(f"More than {MAX_FORM_PARTS} form parts"))
        self._headers = {}
        self._field_name = None
        self._field_value = bytearray()
        self._in_file = False

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        self._headers[bytes(self._header_field).lower()] = bytes(self._header_value)
        self._header_field = bytearray()
        self._header_value = bytearray()

    def _on_headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in params or name == "file":
            if self._file_started:
                self._fail(Invalid("Send one file per request"))
                return
            self._file_started = True
            self._in_file = True
            self.filename = params.get(b"filename", b"").decode("utf-8", "replace") or None
        else:
            self._field_name = name

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file:
            self._data.append(bytes(data[start:end]))
        elif self._field_name is not None:
            self._field_bytes += end - start
            if self._field_bytes > MAX_FORM_FIELDS_BYTES:
                self._fail(TooLarge(f"Form fields besides the file exceed {MAX_FORM_FIELDS_BYTES} bytes"))
                return
            self._field_value += data[start:end]

    def _on_part_end(self) -> None:
        if self._in_file:
            self._in_file = False
            self._file_ended = True
        elif self._field_name:
            self.fields[self._field_name] = self._field_value.decode("utf-8", "replace")

    def _fail(self, error: DomainError) -> None:
        if self._error is None:
            self._error = error

    async def _pump(self) -> bool:
        """Parse the next piece of the body; False at its end."""
        try:
            chunk = await self._body.__anext__()
        except StopAsyncIteration:
            self._parser.finalize()
            return False
        try:
            self._parser.write(chunk)
        except MultipartParseError as exc:
            raise Invalid(f"Malformed multipart body: {exc}") from exc
        if self._error is not None:
            raise self._error
        return True

    async def start_file(self) -> None:
        """Read the fields before the file, up to its first bytes; 422 if there is no file."""
        while not self._file_started:
            if not await self._pump():
                raise Invalid(
                    "No file in the form: send it as a part named 'file'",
                    errors=[{"loc": ["body", "file"], "msg": "required"}],
                )

    async def file_chunks(self) -> AsyncIterator[bytes]:
        while True:
            while self._data:
                yield self._data.popleft()
            if self._file_ended:
                return
            if not await self._pump():
                raise Invalid("The request body ended in the middle of the file")

    async def finish(self) -> None:
        """Parse what follows the file (more fields)."""
        while await self._pump():
            pass


MULTIPART_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "captured_date": {"type": "string", "description": "YYYY, YYYY-MM or YYYY-MM-DD"},
                        "captured_place": {"type": "string"},
                        "sensitivity": {
                            "type": "string",
                            "enum": ["public", "confidential", "source_identifying"],
                        },
                        "share_with": {"type": "string", "description": "comma-separated: us,uk,ca,eu"},
                        "perpetrator_ids": {"type": "string", "description": "comma-separated"},
                        "incident_ids": {"type": "string", "description": "comma-separated"},
                        "sha256": {"type": "string", "description": "hex SHA-256 of the file; must match"},
                    },
                }
            }
        },
    }
}

router = APIRouter(tags=["evidence"])


@router.post(
    "/cases/{case_id}/evidence",
    status_code=201,
    response_model=EvidenceOut,
    dependencies=[WRITE],
    openapi_extra=MULTIPART_SCHEMA,
    responses={413: {}, 415: {}, 422: {}, 503: {}},
)
async def upload_evidence(
    case_id: str, request: Request, response: Response, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> Any:
    """A small file in one request (scripts, simple forms); use the tus endpoint for large files."""
    form = StreamingForm(request.stream(), request.headers.get("content-type"))
    plan = await _run(evidence.plan_upload, db, p, case_id, settings)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > plan.limit + MAX_FORM_FIELDS_BYTES:
        raise TooLarge(plan.limit_message)
    store = await _run(evidence.blob_store, settings)  # S3 down: 503 before a byte is read
    await _run(db.commit)  # hold no transaction (nor connection) while the body streams
    try:
        await form.start_file()
        early = evidence.parse_meta({**form.fields, "filename": form.filename or ""}, loc="body")
        plan.check_refs(early)
        chunks = form.file_chunks()
        prefix = await evidence.read_prefix(chunks, SNIFF_BYTES)
        media_type = evidence.sniff_checked(prefix, form.filename or "")
        bridge = evidence.ChunkBridge(
            chunks, prefix=prefix, limit=plan.limit, limit_message=plan.limit_message
        )
        stored = await bridge.drive(functools.partial(store.put_stream, plan.key))
    except ClientDisconnect:
        log.info("client dropped a multipart upload to case %s; nothing was kept", case_id)
        return Response(status_code=400)
    try:
        await form.finish()
        meta = evidence.parse_meta({**form.fields, "filename": form.filename or ""}, loc="body")
        ev = await _run(
            evidence.record_ingest,
            db,
            p,
            plan,
            stored,
            media_type,
            meta,
            settings,
            via="multipart",
            ip=client_ip(request),
        )
        await _run(db.commit)
    except BaseException:
        await _discard(store, plan.key)
        raise
    # Queued in a new transaction, which the request commits after the response: scans don't delay it.
    await _run(evidence.schedule_processing, db, ev.id)
    response.headers["Location"] = f"/api/v1/evidence/{ev.id}"
    return evidence_out(ev, p, settings)


@router.get("/cases/{case_id}/evidence", response_model=EvidenceListOut, dependencies=[READ])
def list_case_evidence(
    case_id: str, p: PrincipalDep, db: SessionDep, settings: SettingsDep, include_deleted: bool = False
) -> EvidenceListOut:
    items, total = evidence.list_evidence(db, p, case_id, include_deleted=include_deleted)
    return EvidenceListOut(
        items=[evidence_out(ev, p, settings) for ev in items],
        total_size=total,
        quota_bytes=settings.case_quota_bytes,
    )


@router.get("/evidence/{evidence_id}", response_model=EvidenceOut, dependencies=[READ])
def get_evidence(evidence_id: str, p: PrincipalDep, db: SessionDep, settings: SettingsDep) -> EvidenceOut:
    return evidence_out(evidence.get_evidence(db, p, evidence_id), p, settings)


@router.patch("/evidence/{evidence_id}", response_model=EvidenceOut, dependencies=[WRITE])
def update_evidence(
    evidence_id: str,
    body: EvidenceUpdateIn,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
) -> EvidenceOut:
    changes = body.model_dump(include=body.model_fields_set)
    ev = evidence.update_metadata(db, p, evidence_id, changes, client_ip(request))
    return evidence_out(ev, p, settings)


def content_disposition(filename: str) -> str:
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.get(
    "/evidence/{evidence_id}/content",
    dependencies=[READ],
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}, 403: {}, 409: {}, 410: {}},
)
def download_evidence(
    evidence_id: str,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    variant: Variant | None = None,
    reason: Annotated[str | None, Query(max_length=2000)] = None,
) -> StreamingResponse:
    """Always an attachment, never rendered inline. The coalition gets the sanitised copy unless it
    asks for `variant=original` with a `reason`; source-identifying items only go to the authoring
    organisation and coalition admins; quarantined items to no one."""
    dl = evidence.open_download(db, p, evidence_id, variant, reason, settings, client_ip(request))
    try:
        db.commit()  # the custody event is durable before the first byte leaves
    except BaseException:
        close = getattr(dl.chunks, "close", None)
        if close is not None:
            close()
        raise
    digest = base64.b64encode(bytes.fromhex(dl.sha256)).decode() if dl.sha256 else ""
    headers = {
        "Content-Disposition": content_disposition(dl.filename),
        "Content-Length": str(dl.size),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "ETag": f'"{dl.sha256}"',
        "Repr-Digest": f"sha-256=:{digest}:",
        "X-Evidence-Variant": dl.variant,
        "X-Evidence-Media-Type": dl.media_type,
    }
    return StreamingResponse(dl.chunks, media_type="application/octet-stream", headers=headers)


@router.get("/evidence/{evidence_id}/custody", response_model=list[CustodyEventOut], dependencies=[READ])
def custody(evidence_id: str, p: PrincipalDep, db: SessionDep) -> list[CustodyEvent]:
    return evidence.custody_events(db, p, evidence_id)


@router.post("/evidence/{evidence_id}/verify", response_model=VerifyOut, dependencies=[READ])
def verify_evidence(
    evidence_id: str, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> VerifyOut:
    """Re-hash the stored bytes (original, and the sanitised copy if any) against the custody record."""
    checks = evidence.verification_targets(db, p, evidence_id)
    db.commit()  # no transaction held while hashing
    store = evidence.blob_store(settings)
    for check in checks:
        evidence.hash_blob(store, check)
    ok, at = evidence.record_verification(db, p, evidence_id, checks, client_ip(request))
    return VerifyOut(
        evidence_id=evidence_id,
        match=ok,
        checks=[
            HashCheckOut(
                variant=c.variant,
                expected_sha256=c.expected_sha256,
                actual_sha256=c.actual_sha256,
                size=c.size,
                match=c.match,
                error=c.error,
            )
            for c in checks
        ],
        checked_at=at,
    )


@router.delete("/evidence/{evidence_id}", status_code=204, dependencies=[WRITE])
def delete_evidence(
    evidence_id: str,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    reason: Annotated[str | None, Query(max_length=2000)] = None,
) -> None:
    """The authoring NGO deletes an item of a case never submitted: bytes purged, custody kept."""
    evidence.delete_evidence(db, p, evidence_id, reason, settings, client_ip(request))


@router.post("/evidence/{evidence_id}/purge", response_model=EvidenceOut, dependencies=[PURGE])
def purge_evidence(
    evidence_id: str, body: PurgeIn, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> EvidenceOut:
    """Coalition admins: purge retained evidence (after submission) with a reason."""
    ev = evidence.purge_evidence(db, p, evidence_id, body.reason, settings, client_ip(request))
    return evidence_out(ev, p, settings)


# ---- tus --------------------------------------------------------------------------------------------------


class TusRoute(APIRoute):
    """Every tus response, errors included, carries Tus-Resumable."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()

        async def tus_handler(request: Request) -> Response:
            try:
                response: Response = await handler(request)
            except DomainError as exc:
                exc.headers = {**exc.headers, "Tus-Resumable": tus.TUS_VERSION}
                raise
            response.headers.setdefault("Tus-Resumable", tus.TUS_VERSION)
            return response

        return tus_handler


tus_router = APIRouter(tags=["evidence uploads (tus)"], route_class=TusRoute)
TusResumable = Annotated[str | None, Header(alias="Tus-Resumable")]


def _evidence_headers(evidence_id: str | None) -> dict[str, str]:
    """Where a completed upload's Evidence item is (tus clients only see headers)."""
    if evidence_id is None:
        return {}
    return {"Evidence-Id": evidence_id, "Evidence-Location": f"/api/v1/evidence/{evidence_id}"}


def _upload_headers(upload: Upload, offset: int) -> dict[str, str]:
    headers = {
        "Upload-Offset": str(offset),
        "Upload-Length": str(upload.length),
        "Upload-Expires": tus.http_date(upload.expires_at),
    }
    client = upload.metadata_.get("client") or {}
    if client:
        headers["Upload-Metadata"] = tus.encode_metadata(client)
    return headers | _evidence_headers(upload.evidence_id)


@tus_router.options("/cases/{case_id}/uploads", status_code=204)
@tus_router.options("/cases/{case_id}/uploads/{upload_id}", status_code=204)
def tus_options(case_id: str, settings: SettingsDep, upload_id: str | None = None) -> Response:
    return Response(status_code=204, headers=tus.discovery_headers(settings))


@tus_router.post("/cases/{case_id}/uploads", status_code=201, dependencies=[WRITE])
def tus_create(
    case_id: str,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    tus_resumable: TusResumable = None,
    upload_length: Annotated[str | None, Header(alias="Upload-Length")] = None,
    upload_defer_length: Annotated[str | None, Header(alias="Upload-Defer-Length")] = None,
    upload_metadata: Annotated[str | None, Header(alias="Upload-Metadata")] = None,
) -> Response:
    """Start a resumable upload; `Location` is where to PATCH the bytes."""
    tus.check_resumable(tus_resumable)
    if upload_defer_length is not None:
        raise tus.BadRequest("Upload-Defer-Length is not supported: send Upload-Length")
    length = tus.parse_non_negative("Upload-Length", upload_length)
    upload = tus.create_upload(db, p, case_id, length, upload_metadata, settings)
    headers = {
        "Location": f"/api/v1/cases/{upload.case_id}/uploads/{upload.id}",
        "Upload-Expires": tus.http_date(upload.expires_at),
        "Upload-Offset": "0",
    }
    return Response(status_code=201, headers=headers)


@tus_router.head("/cases/{case_id}/uploads/{upload_id}", dependencies=[WRITE])
def tus_head(
    case_id: str,
    upload_id: str,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    tus_resumable: TusResumable = None,
) -> Response:
    tus.check_resumable(tus_resumable)
    upload, offset = tus.upload_state(db, p, case_id, upload_id, settings)
    return Response(status_code=200, headers=_upload_headers(upload, offset))


@tus_router.get("/cases/{case_id}/uploads/{upload_id}", response_model=UploadStatusOut, dependencies=[WRITE])
def tus_status(
    case_id: str, upload_id: str, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> UploadStatusOut:
    """Not part of tus: the upload's state as JSON, including the Evidence id once complete."""
    upload, offset = tus.upload_state(db, p, case_id, upload_id, settings)
    return UploadStatusOut(
        id=upload.id,
        case_id=upload.case_id,
        length=upload.length,
        offset=offset,
        expires_at=upload.expires_at,
        completed_at=upload.completed_at,
        evidence_id=upload.evidence_id,
    )


@tus_router.patch("/cases/{case_id}/uploads/{upload_id}", status_code=204, dependencies=[WRITE])
async def tus_patch(
    case_id: str,
    upload_id: str,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    tus_resumable: TusResumable = None,
) -> Response:
    tus.check_resumable(tus_resumable)
    try:
        result = await tus.patch(
            db,
            p,
            case_id,
            upload_id,
            content_type=request.headers.get("content-type"),
            offset_header=request.headers.get("upload-offset"),
            checksum_header=request.headers.get("upload-checksum"),
            body=request.stream(),
            settings=settings,
            ip=client_ip(request),
        )
    except ClientDisconnect:
        # What arrived is persisted in the store; HEAD reports the offset to resume from.
        log.info("client dropped a PATCH of upload %s; it can resume", upload_id)
        return Response(status_code=400)
    if result.key is not None and result.store is not None:
        await _commit_or_discard(db, result.store, result.key)
    else:
        await _run(db.commit)
    if result.evidence_id is not None:
        await _run(evidence.schedule_processing, db, result.evidence_id)
    headers = {
        "Upload-Offset": str(result.offset),
        "Upload-Expires": tus.http_date(result.expires_at),
        **_evidence_headers(result.evidence_id),
    }
    return Response(status_code=204, headers=headers)


async def _commit_or_discard(db: Session, store: BlobStore, key: str) -> None:
    try:
        await _run(db.commit)
    except BaseException:
        await _discard(store, key)
        raise


@tus_router.delete("/cases/{case_id}/uploads/{upload_id}", status_code=204, dependencies=[WRITE])
def tus_terminate(
    case_id: str,
    upload_id: str,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    tus_resumable: TusResumable = None,
) -> Response:
    """Termination: the staged bytes are dropped (evidence already made from it stays)."""
    tus.check_resumable(tus_resumable)
    tus.terminate(db, p, case_id, upload_id, settings)
    return Response(status_code=204)


router.include_router(tus_router)
