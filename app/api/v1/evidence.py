"""Evidence: uploads in one request (multipart), details, custody, verification, downloads, deletion.

Resumable uploads (tus) are `uploads.py`; both go through the ingest pipeline (`app/workflows/ingest.py`),
which says when transactions end and why nothing is half-recorded. The multipart endpoint is `async`
and reads `request.stream()` through a streaming form parser (`app/api/multipart.py`): the body is
never buffered whole, nor spooled by the framework. Downloads stream from the store.
"""

from __future__ import annotations

import base64
import logging
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session
from starlette.requests import ClientDisconnect

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.api.multipart import StreamingForm
from app.config import Settings
from app.errors import NotFound
from app.jurisdictions import JURISDICTIONS
from app.models.evidence import CustodyEvent, Evidence, EvidenceTimestamp, ScanStatus
from app.schemas.evidence import (
    EVIDENCE_FORM_OPENAPI,
    CustodyEventOut,
    EvidenceListOut,
    EvidenceOut,
    EvidenceUpdateIn,
    HashCheckOut,
    PurgeIn,
    SendingOut,
    TimestampCheckOut,
    TimestampOut,
    TimestampStateOut,
    Variant,
    VerifyOut,
)
from app.security.permissions import Principal
from app.workflows import evidence, ingest, timestamps
from app.workflows.packaging import selection

log = logging.getLogger(__name__)

READ = Depends(Permission("evidence:read"))
WRITE = Depends(Permission("evidence:write"))
PURGE = Depends(Permission("evidence:purge"))
TIMESTAMP_REPLY = "application/timestamp-reply"


def evidence_out(
    ev: Evidence, p: Principal, settings: Settings, stamp: EvidenceTimestamp | None = None
) -> EvidenceOut:
    variants = evidence.downloadable(p, ev, settings)
    default = evidence.default_variant(p, ev)
    state, note = timestamps.state_of(stamp, settings)
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
        scan_engine=ev.scan_engine,
        scanned_at=ev.scanned_at,
        scan_note=evidence.scan_note(ev, settings),
        quarantined=ev.scan_status == ScanStatus.infected,
        sanitise_status=ev.sanitise_status,
        sanitise_note=evidence.sanitise_note(ev),
        derivative_sha256=ev.derivative_sha256,
        derivative_size=ev.derivative_size,
        uploaded_by=ev.uploaded_by,
        created_at=ev.created_at,
        updated_at=ev.updated_at,
        deleted_at=ev.deleted_at,
        deleted_reason=ev.deleted_reason,
        timestamp=TimestampStateOut(
            state=state,
            note=note,
            gen_time=stamp.gen_time if stamp is not None else None,
            tsa=stamp.tsa_url if stamp is not None else None,
        ),
        downloadable=variants,
        default_variant=default if default in variants else None,
        sending=[
            SendingOut(
                jurisdiction=s.jurisdiction,
                sent=s.sent,
                reason=s.reason,
                code=s.code,
                params=s.params,
                details=list(s.details),
                texts=s.texts(),
            )
            for s in selection.sending_plan(ev, settings, list(JURISDICTIONS))
        ],
    )


def one_out(db: Session, ev: Evidence, p: Principal, settings: Settings) -> EvidenceOut:
    return evidence_out(ev, p, settings, timestamps.for_evidence(db, [ev.id], p).get(ev.id))


def check_out(c: timestamps.TokenCheck | None) -> TimestampCheckOut | None:
    return None if c is None else TimestampCheckOut.model_validate(c, from_attributes=True)


router = APIRouter(tags=["evidence"])


@router.post(
    "/cases/{case_id}/evidence",
    status_code=201,
    response_model=EvidenceOut,
    dependencies=[WRITE],
    openapi_extra=EVIDENCE_FORM_OPENAPI,
    responses={413: {}, 415: {}, 422: {}, 503: {}},
)
async def upload_evidence(
    case_id: str, request: Request, response: Response, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> Any:
    """A small file in one request (scripts, simple forms); use the tus endpoint for large files."""
    form = StreamingForm(
        request.stream(), request.headers.get("content-type"), request.headers.get("content-length")
    )
    try:
        ev = await ingest.receive(db, p, case_id, form, settings, ip=client_ip(request))
    except ClientDisconnect:
        log.info("client dropped a multipart upload to case %s; nothing was kept", case_id)
        return Response(status_code=400)
    response.headers["Location"] = f"/api/v1/evidence/{ev.id}"
    return one_out(db, ev, p, settings)


@router.get("/cases/{case_id}/evidence", response_model=EvidenceListOut, dependencies=[READ])
def list_case_evidence(
    case_id: str, p: PrincipalDep, db: SessionDep, settings: SettingsDep, include_deleted: bool = False
) -> EvidenceListOut:
    items, total = evidence.list_evidence(db, p, case_id, include_deleted=include_deleted)
    stamps = timestamps.for_evidence(db, [ev.id for ev in items], p)
    return EvidenceListOut(
        items=[evidence_out(ev, p, settings, stamps.get(ev.id)) for ev in items],
        total_size=total,
        quota_bytes=settings.case_quota_bytes,
    )


@router.get("/evidence/{evidence_id}", response_model=EvidenceOut, dependencies=[READ])
def get_evidence(evidence_id: str, p: PrincipalDep, db: SessionDep, settings: SettingsDep) -> EvidenceOut:
    return one_out(db, evidence.get_evidence(db, p, evidence_id), p, settings)


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
    return one_out(db, ev, p, settings)


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
    dl = evidence.download(db, p, evidence_id, variant, reason, settings, client_ip(request))
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
def evidence_custody(evidence_id: str, p: PrincipalDep, db: SessionDep) -> list[CustodyEvent]:
    return evidence.custody_events(db, p, evidence_id)


@router.post("/evidence/{evidence_id}/verify", response_model=VerifyOut, dependencies=[READ])
def verify_evidence(
    evidence_id: str, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> VerifyOut:
    """Re-hash the stored bytes (original, and the sanitised copy if any) against the custody record,
    and check the item's timestamp token against the original's SHA-256."""
    result = timestamps.verify_evidence(db, p, evidence_id, settings, client_ip(request))
    return VerifyOut(
        evidence_id=evidence_id,
        match=result.match,
        checks=[
            HashCheckOut(
                variant=c.variant,
                expected_sha256=c.expected_sha256,
                actual_sha256=c.actual_sha256,
                size=c.size,
                match=c.match,
                error=c.error,
            )
            for c in result.checks
        ],
        timestamp=check_out(result.timestamp),
        checked_at=result.checked_at,
    )


@router.get(
    "/evidence/{evidence_id}/timestamp",
    response_model=TimestampOut,
    dependencies=[READ],
    responses={200: {"content": {TIMESTAMP_REPLY: {}}}, 404: {}},
)
def get_timestamp(
    evidence_id: str, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> Any:
    """The RFC 3161 token over the original's SHA-256 and its check. With `Accept:
    application/timestamp-reply`, the TSA's reply itself (DER), for `openssl ts -verify -in`."""
    got = timestamps.evidence_timestamp(db, p, evidence_id, settings)
    row, ev = got.row, got.evidence
    if TIMESTAMP_REPLY in request.headers.get("accept", ""):
        if row is None or row.token is None:
            raise NotFound("This item has no timestamp token (yet)")
        headers = {"Content-Disposition": f'attachment; filename="E-{ev.number}.tsr"'}
        return Response(row.token, media_type=TIMESTAMP_REPLY, headers=headers)
    state, note = timestamps.state_of(row, settings)
    token = row.token if row is not None else None
    return TimestampOut(
        evidence_id=ev.id,
        sha256=ev.sha256,
        state=state,
        note=note,
        tsa=row.tsa_url if row is not None else None,
        gen_time=row.gen_time if row is not None else None,
        serial=row.serial if row is not None else None,
        attempts=row.attempts if row is not None else 0,
        token_base64=base64.b64encode(token).decode() if token else None,
        verification=check_out(got.check),
        verify_offline=timestamps.openssl_command(ev.sha256, f"E-{ev.number}.tsr") if token else None,
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
    return one_out(db, ev, p, settings)
