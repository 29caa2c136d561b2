"""Resumable evidence uploads (tus 1.0.0) at /cases/{id}/uploads.

- POST    .../uploads       creation: `Upload-Length`, optional `Upload-Metadata` (filename, title,
                            description, sensitivity, captured_date, captured_place, share_with,
                            perpetrator_ids, incident_ids, sha256 of the whole file)
- HEAD    .../uploads/{id}  `Upload-Offset`: where to resume (the store's persisted offset); finishes
                            recording an upload a fault left complete-but-unrecorded
- PATCH   .../uploads/{id}  `Content-Type: application/offset+octet-stream`, `Upload-Offset`, optional
                            `Upload-Checksum: <sha1|md5|crc32|sha256> <base64>` for this request's
                            bytes (460 if wrong, nothing kept); a fault while completing: 503 +
                            Retry-After, and the next HEAD or PATCH finishes the recording
- DELETE  .../uploads/{id}  termination: the staged bytes are dropped
- OPTIONS .../uploads       discovery (no authentication: it reveals nothing)
- GET     .../uploads/{id}  not tus: the upload's state as JSON

The PATCH body streams (`request.stream()`, never spooled by the framework); see `app/workflows/ingest.py`.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from starlette.requests import ClientDisconnect

from app.api import tus_protocol as protocol
from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.schemas.evidence import UploadStatusOut
from app.workflows import tus

log = logging.getLogger(__name__)

WRITE = Depends(Permission("evidence:write"))

# Tagged "evidence" too, as the generated clients have always found these operations there.
router = APIRouter(tags=["evidence", "evidence uploads (tus)"], route_class=protocol.TusRoute)
TusResumable = Annotated[str | None, Header(alias="Tus-Resumable")]


@router.options("/cases/{case_id}/uploads", status_code=204)
@router.options("/cases/{case_id}/uploads/{upload_id}", status_code=204, name="tus_options_upload")
def tus_options(case_id: str, settings: SettingsDep, upload_id: str | None = None) -> Response:
    return Response(status_code=204, headers=protocol.discovery_headers(settings))


@router.post("/cases/{case_id}/uploads", status_code=201, dependencies=[WRITE])
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
    protocol.check_resumable(tus_resumable)
    asked = protocol.parse_creation(upload_length, upload_defer_length, upload_metadata)
    upload = tus.create_upload(db, p, case_id, asked.length, asked.client_meta, asked.meta, settings)
    return Response(status_code=201, headers=protocol.creation_headers(upload))


@router.head("/cases/{case_id}/uploads/{upload_id}", dependencies=[WRITE])
def tus_head(
    case_id: str,
    upload_id: str,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    tus_resumable: TusResumable = None,
) -> Response:
    protocol.check_resumable(tus_resumable)
    upload, offset = tus.upload_state(db, p, case_id, upload_id, settings)
    return Response(status_code=200, headers=protocol.upload_headers(upload, offset))


@router.get("/cases/{case_id}/uploads/{upload_id}", response_model=UploadStatusOut, dependencies=[WRITE])
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


@router.patch("/cases/{case_id}/uploads/{upload_id}", status_code=204, dependencies=[WRITE])
async def tus_patch(
    case_id: str,
    upload_id: str,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    tus_resumable: TusResumable = None,
) -> Response:
    protocol.check_resumable(tus_resumable)
    offset, checksum = protocol.parse_patch(
        request.headers.get("content-type"),
        request.headers.get("upload-offset"),
        request.headers.get("upload-checksum"),
    )
    try:
        with protocol.in_tus_terms():
            result = await tus.append(
                db,
                p,
                case_id,
                upload_id,
                offset=offset,
                checksum=checksum,
                body=request.stream(),
                settings=settings,
                ip=client_ip(request),
            )
    except ClientDisconnect:
        # What arrived is persisted in the store; HEAD reports the offset to resume from.
        log.info("client dropped a PATCH of upload %s; it can resume", upload_id)
        return Response(status_code=400)
    return Response(status_code=204, headers=protocol.patch_headers(result))


@router.delete("/cases/{case_id}/uploads/{upload_id}", status_code=204, dependencies=[WRITE])
def tus_terminate(
    case_id: str,
    upload_id: str,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    tus_resumable: TusResumable = None,
) -> Response:
    """Termination: the staged bytes are dropped (evidence already made from it stays)."""
    protocol.check_resumable(tus_resumable)
    tus.terminate(db, p, case_id, upload_id, settings)
    return Response(status_code=204)
