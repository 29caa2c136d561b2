"""Evidence custody: streamed ingest, metadata, chain of custody, verification, downloads, deletion.

The original is write-once: its SHA-256 is taken while it streams into the BlobStore (encrypted at
rest there), its media type is sniffed from its first bytes before anything is stored, and every
later touch (scan, derivative, download, verification, metadata change, deletion) is a custody event
and an audit-chain event in the same transaction.

Who sees what (on top of `scoping.cases`, so another tenant gets 404):
- the authoring NGO (evidence:read) sees its items and downloads the original by default;
- the coalition (once the case was submitted) gets the sanitised copy by default; the original only
  with an explicit `reason`, which goes into the custody record;
- `source_identifying` items are downloadable only by the authoring NGO and coalition admins, never
  by coordinators, who also do not see their original file name;
- quarantined (infected) items are never served, to anyone.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import unicodedata
import weakref
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, Literal, TypeVar, cast

import anyio
import anyio.from_thread
import anyio.to_thread
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import new_id, utcnow
from app.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooLarge
from app.jobs.queue import defer
from app.jobs.scan import ScanResult
from app.models.cases import CaseFile
from app.models.evidence import CustodyEvent, Evidence, SanitiseStatus, ScanStatus, Sensitivity, Upload
from app.models.identity import Role
from app.schemas.evidence import EvidenceMetaIn, Variant
from app.security.permissions import Principal
from app.storage import BlobCorrupted, BlobStore, PutResult, make_blob_store
from app.storage.base import MiB
from app.workflows import audit, cases, scoping
from app.workflows.evidence_media import SNIFF_BYTES, check_allowed, sniff

log = logging.getLogger(__name__)
T = TypeVar("T")

# Bytes gathered on the event loop before one hand-off to the storage thread: few thread hops, flat memory.
HANDOFF_BYTES = 1 * MiB
# Batches read ahead while storage writes (S3 parts upload in parallel, so a few suffice).
READAHEAD_BATCHES = 4
SENSITIVITY_RANK = {Sensitivity.public: 0, Sensitivity.confidential: 1, Sensitivity.source_identifying: 2}
SERVABLE_SCANS = frozenset({ScanStatus.clean, ScanStatus.not_scanned})


class ChecksumMismatch(DomainError):
    status_code = 422
    title = "Checksum mismatch"
    type_slug = "checksum-mismatch"


class Gone(DomainError):
    status_code = 410
    title = "Gone"
    type_slug = "gone"


class Quarantined(DomainError):
    status_code = 409
    title = "Evidence quarantined"
    type_slug = "quarantined"


class NotServable(DomainError):
    status_code = 409
    title = "Evidence not available"
    type_slug = "not-available"


# ---- the blob store ------------------------------------------------------------------------------------

_stores: dict[int, BlobStore] = {}
_stores_lock = threading.Lock()


def blob_store(settings: Settings) -> BlobStore:
    """The store the settings name, made once per Settings object; an S3 bucket is ensured on first use.

    If S3 is unreachable this raises Unavailable (503 + Retry-After) and is tried again next time."""
    key = id(settings)
    with _stores_lock:
        store = _stores.get(key)
    if store is not None:
        return store
    store = make_blob_store(settings)
    ensure_bucket = getattr(store, "ensure_bucket", None)  # S3 only (boto3 is not imported otherwise)
    if ensure_bucket is not None:
        ensure_bucket()
    with _stores_lock:
        if key not in _stores:
            _stores[key] = store
            weakref.finalize(settings, _stores.pop, key, None)
        return _stores[key]


def original_key(case_id: str, evidence_id: str) -> str:
    return f"cases/{case_id}/evidence/{evidence_id}/original"


def sanitised_key(case_id: str, evidence_id: str) -> str:
    return f"cases/{case_id}/evidence/{evidence_id}/sanitised"


# ---- streaming: async request bodies into the blocking BlobStore ------------------------------------------


class ChunkBridge:
    """Feeds an async byte stream (a request body) to blocking code running in a worker thread.

    `await bridge.drive(fn)` runs `fn(bridge)` in a worker thread while a task on the event loop
    reads ahead up to READAHEAD_BATCHES batches of ~1 MiB: the socket is read while storage writes
    (an S3 part upload, age encryption), and no faster than storage drains it (back-pressure), so
    memory stays flat. Going over `limit` raises TooLarge at once, and a client that drops raises
    its ClientDisconnect in `fn`, where the store turns it into "nothing kept" (put_stream) or
    "prefix kept, resumable" (append_staged).
    """

    def __init__(
        self,
        source: AsyncIterator[bytes],
        *,
        prefix: bytes = b"",
        limit: int | None = None,
        limit_message: str = "",
    ) -> None:
        self._source = source
        self._prefix = prefix
        self._limit = limit
        self._limit_message = limit_message
        self._receive: MemoryObjectReceiveStream[bytes | Exception] | None = None
        self.received = len(prefix)
        self._check()

    def _check(self) -> None:
        if self._limit is not None and self.received > self._limit:
            raise TooLarge(self._limit_message or f"The file exceeds the {self._limit} byte limit")

    async def _next_batch(self) -> bytes | None:
        pieces: list[bytes] = []
        size = 0
        while size < HANDOFF_BYTES:
            try:
                chunk = await self._source.__anext__()
            except StopAsyncIteration:
                break
            if chunk:
                self.received += len(chunk)
                self._check()
                pieces.append(chunk)
                size += len(chunk)
        return b"".join(pieces) if pieces else None

    async def _produce(self, send: MemoryObjectSendStream[bytes | Exception]) -> None:
        async with send:
            while True:
                try:
                    batch = await self._next_batch()
                except Exception as exc:  # noqa: BLE001 - handed to the consumer, which raises it
                    await send.send(exc)
                    return
                if batch is None:
                    return
                await send.send(batch)

    async def drive(self, fn: Callable[[Iterable[bytes]], T]) -> T:
        """`fn(self)` in a worker thread, fed by a read-ahead task on the event loop."""
        send, self._receive = anyio.create_memory_object_stream[bytes | Exception](READAHEAD_BATCHES)
        error: BaseException | None = None
        result: T | None = None
        async with anyio.create_task_group() as tg:
            tg.start_soon(self._produce, send)
            try:
                result = await anyio.to_thread.run_sync(fn, self)
            except BaseException as exc:  # noqa: BLE001 - re-raised below, outside the task group
                error = exc
            tg.cancel_scope.cancel()
        self._receive.close()
        if error is not None:
            raise error
        return cast(T, result)

    def __iter__(self) -> Iterator[bytes]:
        if self._prefix:
            yield self._prefix
        receive = self._receive
        if receive is None:  # not driven: pull batch by batch (no read-ahead)
            while (batch := anyio.from_thread.run(self._next_batch)) is not None:
                yield batch
            return
        while True:
            try:
                item = anyio.from_thread.run(receive.receive)
            except anyio.EndOfStream:
                return
            if isinstance(item, Exception):
                raise item
            yield item


async def read_prefix(source: AsyncIterator[bytes], n: int) -> bytes:
    """At least `n` bytes from the stream (fewer only at its end); what was read is returned whole."""
    buf = bytearray()
    while len(buf) < n:
        try:
            chunk = await source.__anext__()
        except StopAsyncIteration:
            break
        buf += chunk
    return bytes(buf)


def first_bytes(store: BlobStore, key: str, n: int = SNIFF_BYTES) -> bytes:
    chunks = store.open_stream(key)
    buf = bytearray()
    try:
        for chunk in chunks:
            buf += chunk
            if len(buf) >= n:
                break
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return bytes(buf[:n])


def sniff_checked(first: bytes, filename: str) -> str:
    """The sniffed media type of a file from its first bytes; 415 if the portal refuses that type."""
    if not first:
        raise Invalid("The file is empty", errors=[{"loc": ["body", "file"], "msg": "empty file"}])
    media_type = sniff(first, filename)
    check_allowed(media_type)
    return media_type


def parse_meta(raw: dict[str, Any], *, loc: str) -> EvidenceMetaIn:
    """Validate what the uploader said about the item (422 with field paths under `loc`).

    Uppy sends the file name as `name`; `filename` wins when both are given."""
    data = dict(raw)
    if not data.get("filename") and data.get("name"):
        data["filename"] = data["name"]
    try:
        return EvidenceMetaIn.model_validate(data)
    except ValidationError as exc:
        errors = [{"loc": [loc, *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        raise Invalid(
            "Invalid evidence details: " + ", ".join(".".join(map(str, e["loc"])) for e in errors[:5]),
            errors=errors,
        ) from exc


def clean_filename(name: str | None) -> str:
    """The last path component, without control characters, at most 300 characters."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[-300:] if base else "evidence"


# ---- custody ----------------------------------------------------------------------------------------------


def record_custody(
    db: Session,
    ev: Evidence,
    action: str,
    *,
    principal: Principal | None = None,
    sha256: str | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> CustodyEvent:
    """A custody event and its audit-chain event, in the caller's transaction.

    `principal=None` means the system (a job). Packaging records `shared` events through this too."""
    detail = detail or {}
    data: dict[str, Any] = {"case_id": ev.case_id, "number": ev.number, **detail}
    if sha256:
        data["sha256"] = sha256
    event = audit.record(
        db,
        f"evidence.{action}",
        principal=principal,
        org_id=None if principal is not None else ev.org_id,
        target_type="evidence",
        target_id=ev.id,
        data=data,
        ip=ip,
    )
    row = CustodyEvent(
        evidence_id=ev.id,
        action=action,
        at=event.at,
        actor_user_id=event.actor_user_id,
        actor_token_id=event.actor_token_id,
        sha256=sha256,
        detail={k: v for k, v in event.data.items() if k not in ("case_id", "number", "sha256")},
        audit_seq=event.seq,
    )
    db.add(row)
    db.flush()
    return row


def custody_events(db: Session, p: Principal, evidence_id: str) -> list[CustodyEvent]:
    ev = get_evidence(db, p, evidence_id)
    return list(
        db.execute(
            select(CustodyEvent)
            .where(CustodyEvent.evidence_id == ev.id)
            .order_by(CustodyEvent.at, CustodyEvent.audit_seq)
        ).scalars()
    )


# ---- reading and rules ------------------------------------------------------------------------------------


def get_evidence(db: Session, p: Principal, evidence_id: str, *, for_update: bool = False) -> Evidence:
    stmt = scoping.evidence(p).where(Evidence.id == evidence_id)
    if for_update:
        stmt = stmt.with_for_update()
    ev = db.execute(stmt).scalar_one_or_none()
    if ev is None:
        raise NotFound("No such evidence")
    return ev


def list_evidence(
    db: Session, p: Principal, case_id: str, *, include_deleted: bool = False
) -> tuple[list[Evidence], int]:
    case = cases.get_case(db, p, case_id)
    stmt = select(Evidence).where(Evidence.case_id == case.id)
    if not include_deleted:
        stmt = stmt.where(Evidence.deleted_at.is_(None))
    items = list(db.execute(stmt.order_by(Evidence.number)).scalars())
    return items, stored_bytes(db, case.id)


def stored_bytes(db: Session, case_id: str) -> int:
    total = db.execute(
        select(func.coalesce(func.sum(Evidence.size), 0)).where(
            Evidence.case_id == case_id, Evidence.deleted_at.is_(None)
        )
    ).scalar_one()
    return int(total)


def quota_used(db: Session, case_id: str, *, exclude_upload: str | None = None) -> int:
    """Stored evidence plus the declared length of resumable uploads still in progress (reserved)."""
    stmt = select(func.coalesce(func.sum(Upload.length), 0)).where(
        Upload.case_id == case_id, Upload.completed_at.is_(None), Upload.expires_at > utcnow()
    )
    if exclude_upload is not None:
        stmt = stmt.where(Upload.id != exclude_upload)
    return stored_bytes(db, case_id) + int(db.execute(stmt).scalar_one())


def is_owner(p: Principal, ev: Evidence | CaseFile) -> bool:
    return p.org_id == ev.org_id and not p.is_coalition


def may_download(p: Principal, ev: Evidence) -> bool:
    if ev.sensitivity == Sensitivity.source_identifying:
        return is_owner(p, ev) or p.role == Role.coalition_admin
    return True


def visible_filename(p: Principal, ev: Evidence) -> str | None:
    return ev.original_filename if may_download(p, ev) else None


def default_variant(p: Principal, ev: Evidence) -> Variant:
    return "original" if is_owner(p, ev) else "sanitised"


def serving_problem(ev: Evidence, settings: Settings) -> DomainError | None:
    """Why the bytes of this item may not be served now, or None."""
    if ev.deleted_at is not None or ev.storage_key is None:
        return Gone("This evidence was deleted; its custody record is kept")
    if ev.scan_status == ScanStatus.infected:
        return Quarantined(
            f"This file is quarantined: the virus scanner found {ev.scan_signature or 'malware'}. "
            "It is never served or packaged.",
            extra={"scan_status": ev.scan_status.value},
        )
    if ev.scan_status == ScanStatus.pending:
        return NotServable(
            "The file is still being scanned for malware; try again shortly",
            extra={"scan_status": ev.scan_status.value},
            headers={"Retry-After": "10"},
        )
    if ev.scan_status not in SERVABLE_SCANS or (
        ev.scan_status == ScanStatus.not_scanned and settings.require_scanner
    ):
        return NotServable(
            "The file could not be scanned for malware, so it is not served; the scan is retried",
            extra={"scan_status": ev.scan_status.value},
        )
    return None


def downloadable(p: Principal, ev: Evidence, settings: Settings) -> list[Variant]:
    if serving_problem(ev, settings) is not None or not may_download(p, ev) or not p.can("evidence:read"):
        return []
    out: list[Variant] = ["original"]
    if ev.sanitise_status == SanitiseStatus.done and ev.derivative_key:
        out.append("sanitised")
    return out


def _check_can_add(p: Principal, case: CaseFile) -> None:
    if not is_owner(p, case) or not p.can("evidence:write"):
        raise Forbidden("Only the authoring organisation adds evidence to a case file")
    if case.status not in cases.EDITABLE:
        raise Conflict(
            f"Evidence can be added to a draft or when changes are requested, not to a case that is "
            f"{case.status.value}",
            extra={"case_status": case.status.value},
        )


def _ref_sets(case: CaseFile) -> tuple[frozenset[str], frozenset[str]]:
    content = case.content or {}
    perpetrators = frozenset(str(x.get("id")) for x in content.get("perpetrators", []))
    incidents = frozenset(str(i.get("id")) for a in content.get("abuses", []) for i in a.get("incidents", []))
    return perpetrators, incidents


def _check_refs(case: CaseFile, perpetrator_ids: list[str], incident_ids: list[str]) -> None:
    _check_ref_sets(*_ref_sets(case), perpetrator_ids, incident_ids)


def _check_ref_sets(
    perpetrators: frozenset[str],
    incidents: frozenset[str],
    perpetrator_ids: list[str],
    incident_ids: list[str],
) -> None:
    errors = [
        {"loc": ["body", "perpetrator_ids"], "msg": f"no perpetrator has the id {ref!r} in this case"}
        for ref in perpetrator_ids
        if ref not in perpetrators
    ] + [
        {"loc": ["body", "incident_ids"], "msg": f"no incident has the id {ref!r} in this case"}
        for ref in incident_ids
        if ref not in incidents
    ]
    if errors:
        raise Invalid("Links to unknown perpetrators or incidents", errors=errors)


# ---- ingest -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadPlan:
    case_id: str
    org_id: str
    evidence_id: str
    key: str
    limit: int  # bytes this file may have: the per-file limit or what is left of the case quota
    limit_message: str
    upload_id: str | None = None
    perpetrator_ids: frozenset[str] = frozenset()
    incident_ids: frozenset[str] = frozenset()

    def check_refs(self, meta: EvidenceMetaIn) -> None:
        """Early check of the links (no database work); `record_ingest` checks again under lock."""
        _check_ref_sets(self.perpetrator_ids, self.incident_ids, meta.perpetrator_ids, meta.incident_ids)


def plan_upload(
    db: Session,
    p: Principal,
    case_id: str,
    settings: Settings,
    *,
    declared_size: int | None = None,
    meta: EvidenceMetaIn | None = None,
    upload_id: str | None = None,
) -> UploadPlan:
    """Everything that can be refused before a byte is stored: 404, 403, 409, 413 (size or quota), 422."""
    case = cases.get_case(db, p, case_id)
    _check_can_add(p, case)
    if meta is not None:
        _check_refs(case, meta.perpetrator_ids, meta.incident_ids)
    max_bytes = settings.max_upload_bytes
    remaining = settings.case_quota_bytes - quota_used(db, case.id, exclude_upload=upload_id)
    quota_message = (
        f"The case's evidence quota of {settings.case_quota_bytes} bytes would be exceeded "
        f"({max(remaining, 0)} bytes left)"
    )
    if declared_size is not None and declared_size > max_bytes:
        raise TooLarge(f"The file exceeds the {max_bytes} byte limit", extra={"max_bytes": max_bytes})
    if remaining <= 0 or (declared_size is not None and declared_size > remaining):
        raise TooLarge(quota_message, extra={"quota_bytes": settings.case_quota_bytes})
    if remaining < max_bytes:
        limit, message = remaining, quota_message
    else:
        limit, message = max_bytes, f"The file exceeds the {max_bytes} byte limit"
    evidence_id = upload_id or new_id()
    perpetrators, incidents = _ref_sets(case)
    return UploadPlan(
        case.id,
        case.org_id,
        evidence_id,
        original_key(case.id, evidence_id),
        limit,
        message,
        upload_id,
        perpetrators,
        incidents,
    )


def record_ingest(
    db: Session,
    p: Principal,
    plan: UploadPlan,
    stored: PutResult,
    media_type: str,
    meta: EvidenceMetaIn,
    settings: Settings,
    *,
    via: Literal["multipart", "tus"],
    ip: str | None,
) -> Evidence:
    """The Evidence row and its `uploaded` custody event, once the bytes are stored under `plan.key`.

    Re-checks under the case's row lock what may have changed while the bytes streamed (status,
    quota). On any error the caller deletes the stored object: no row without bytes, no bytes without
    a row."""
    case = cases.get_case(db, p, plan.case_id, for_update=True)
    _check_can_add(p, case)
    if meta.sha256 is not None and meta.sha256 != stored.sha256:
        raise ChecksumMismatch(
            "The file's SHA-256 does not match the checksum you declared; it was discarded",
            extra={"declared_sha256": meta.sha256, "received_sha256": stored.sha256},
        )
    if quota_used(db, case.id, exclude_upload=plan.upload_id) + stored.size > settings.case_quota_bytes:
        raise TooLarge(
            f"The case's evidence quota of {settings.case_quota_bytes} bytes would be exceeded",
            extra={"quota_bytes": settings.case_quota_bytes},
        )
    _check_refs(case, meta.perpetrator_ids, meta.incident_ids)
    number = int(
        db.execute(
            select(func.coalesce(func.max(Evidence.number), 0)).where(Evidence.case_id == case.id)
        ).scalar_one()
    )
    filename = clean_filename(meta.filename)
    now = utcnow()
    ev = Evidence(
        id=plan.evidence_id,
        case_id=case.id,
        org_id=case.org_id,
        number=number + 1,
        title=meta.title or filename,
        description=meta.description,
        original_filename=filename,
        media_type=media_type,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=plan.key,
        sanitise_status=SanitiseStatus.pending,
        scan_status=ScanStatus.pending,
        sensitivity=meta.sensitivity,
        share_with=list(meta.share_with),
        captured_date=meta.captured_date,
        captured_place=meta.captured_place,
        perpetrator_ids=list(meta.perpetrator_ids),
        incident_ids=list(meta.incident_ids),
        uploaded_by=p.user_id,
        created_at=now,
        updated_at=now,
    )
    db.add(ev)
    db.flush()
    record_custody(
        db,
        ev,
        "uploaded",
        principal=p,
        sha256=stored.sha256,
        detail={
            "size": stored.size,
            "media_type": media_type,
            "via": via,
            "checksum_declared": meta.sha256 is not None,
        },
        ip=ip,
    )
    return ev


def schedule_processing(db: Session, evidence_id: str) -> None:
    """Scan, then (unless infected) make the sanitised derivative: queued to run after the commit."""
    defer(db, "evidence.scan", evidence_id=evidence_id)


def discard_quietly(store: BlobStore, key: str) -> None:
    try:
        store.delete(key)
    except Exception:
        log.exception("could not delete blob %s after a failed ingest", key)


# ---- metadata ---------------------------------------------------------------------------------------------


def update_metadata(
    db: Session, p: Principal, evidence_id: str, changes: dict[str, Any], ip: str | None
) -> Evidence:
    """Owner edits while the case is editable; afterwards only tightening (sensitivity up, fewer
    jurisdictions to share with), which is always allowed because it protects sources."""
    ev = get_evidence(db, p, evidence_id, for_update=True)
    if not is_owner(p, ev) or not p.can("evidence:write"):
        raise Forbidden("Only the authoring organisation edits evidence details")
    if ev.deleted_at is not None:
        raise Gone("This evidence was deleted")
    if "title" in changes and changes["title"] is None:
        raise Invalid(
            "An evidence item needs a title", errors=[{"loc": ["body", "title"], "msg": "required"}]
        )
    diffs: dict[str, tuple[Any, Any]] = {}
    for field, new in changes.items():
        old = getattr(ev, field)
        if isinstance(new, list):
            new = list(new)
        if old != new:
            diffs[field] = (old, new)
    if not diffs:
        return ev
    case = db.get(CaseFile, ev.case_id)
    assert case is not None
    if case.status not in cases.EDITABLE:
        for field, (old, new) in diffs.items():
            tighter = (field == "sensitivity" and SENSITIVITY_RANK[new] > SENSITIVITY_RANK[old]) or (
                field == "share_with" and set(new) <= set(old)
            )
            if not tighter:
                raise Conflict(
                    f"The case is {case.status.value}: evidence details are frozen, except raising the "
                    "sensitivity or narrowing the jurisdictions it may be shared with",
                    extra={"case_status": case.status.value, "field": field},
                )
    _check_refs(case, diffs.get("perpetrator_ids", (None, []))[1], diffs.get("incident_ids", (None, []))[1])
    for field, (_, new) in diffs.items():
        setattr(ev, field, new)
    ev.updated_at = utcnow()

    def shown(field: str, value: Any) -> Any:
        if field == "description":
            return None if value is None else f"{len(value)} characters"
        return value.value if isinstance(value, Sensitivity) else value

    record_custody(
        db,
        ev,
        "metadata_changed",
        principal=p,
        detail={"changes": {f: {"from": shown(f, o), "to": shown(f, n)} for f, (o, n) in diffs.items()}},
        ip=ip,
    )
    return ev


# ---- download ---------------------------------------------------------------------------------------------


@dataclass
class Download:
    chunks: Iterator[bytes]
    filename: str
    size: int
    sha256: str
    variant: Variant
    media_type: str


def _extension(ev: Evidence) -> str:
    suffix = PurePosixPath(ev.original_filename).suffix
    return suffix if len(suffix) <= 10 and suffix[1:].isalnum() else ""


def open_download(
    db: Session,
    p: Principal,
    evidence_id: str,
    variant: Variant | None,
    reason: str | None,
    settings: Settings,
    ip: str | None,
) -> Download:
    """Open the stream and record the `downloaded` custody event (the caller commits before streaming)."""
    ev = get_evidence(db, p, evidence_id)
    problem = serving_problem(ev, settings)
    if problem is not None:
        raise problem
    if not may_download(p, ev):
        raise Forbidden(
            "This item is marked source-identifying: only the authoring organisation and coalition "
            "admins may download it"
        )
    chosen: Variant = variant or default_variant(p, ev)
    reason = (reason or "").strip() or None
    if chosen == "original" and not is_owner(p, ev) and reason is None:
        raise Invalid(
            "The coalition works from the sanitised copy; to download the original, give a reason "
            "(it is recorded in the chain of custody)",
            errors=[{"loc": ["query", "reason"], "msg": "required for variant=original"}],
        )
    if chosen == "sanitised":
        if ev.sanitise_status != SanitiseStatus.done or ev.derivative_key is None:
            raise NotServable(
                f"No sanitised copy is available (status: {ev.sanitise_status.value}); "
                + (
                    "download the original instead"
                    if is_owner(p, ev)
                    else "ask for variant=original with a reason"
                ),
                extra={"sanitise_status": ev.sanitise_status.value},
            )
        key, sha256 = ev.derivative_key, ev.derivative_sha256 or ""
        size = ev.derivative_size or 0
        filename = f"E-{ev.number}-sanitised{_extension(ev)}"
    else:
        assert ev.storage_key is not None
        key, sha256, size, filename = ev.storage_key, ev.sha256, ev.size, ev.original_filename
    chunks = blob_store(settings).open_stream(key)
    detail: dict[str, Any] = {"variant": chosen}
    if reason is not None:
        detail["reason"] = reason
    record_custody(db, ev, "downloaded", principal=p, sha256=sha256, detail=detail, ip=ip)
    return Download(chunks, filename, size, sha256, chosen, ev.media_type)


# ---- verification -----------------------------------------------------------------------------------------


@dataclass
class HashCheck:
    variant: Variant
    key: str
    expected_sha256: str
    actual_sha256: str | None = None
    size: int | None = None
    error: str | None = None

    @property
    def match(self) -> bool:
        return self.error is None and self.actual_sha256 == self.expected_sha256


def verification_targets(db: Session, p: Principal, evidence_id: str) -> list[HashCheck]:
    ev = get_evidence(db, p, evidence_id)
    if ev.deleted_at is not None or ev.storage_key is None:
        raise Gone("This evidence was deleted; there are no bytes left to verify")
    checks = [HashCheck("original", ev.storage_key, ev.sha256)]
    if ev.derivative_key and ev.derivative_sha256:
        checks.append(HashCheck("sanitised", ev.derivative_key, ev.derivative_sha256))
    return checks


def hash_blob(store: BlobStore, check: HashCheck) -> HashCheck:
    """Re-hash the stored bytes (blocking; no database work). Damage is a result, not an error."""
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in store.open_stream(check.key):
            digest.update(chunk)
            size += len(chunk)
    except (BlobCorrupted, NotFound) as exc:
        check.error = exc.detail
    check.actual_sha256 = digest.hexdigest()
    check.size = size
    return check


def record_verification(
    db: Session, p: Principal, evidence_id: str, checks: list[HashCheck], ip: str | None
) -> tuple[bool, datetime]:
    ev = get_evidence(db, p, evidence_id)
    ok = all(c.match for c in checks)
    row = record_custody(
        db,
        ev,
        "verified",
        principal=p,
        sha256=checks[0].actual_sha256,
        detail={
            "match": ok,
            "checks": [
                {"variant": c.variant, "match": c.match, "actual_sha256": c.actual_sha256, "error": c.error}
                for c in checks
            ],
        },
        ip=ip,
    )
    if not ok:
        log.error("evidence %s failed verification: %s", ev.id, [c.__dict__ for c in checks])
    return ok, row.at


# ---- deletion ---------------------------------------------------------------------------------------------


def _purge_bytes(store: BlobStore, ev: Evidence) -> None:
    # Bytes first: deleting is idempotent, so a failed commit afterwards is fixed by trying again,
    # whereas a row marked deleted over bytes that survived would hide them.
    for key in (ev.storage_key, ev.derivative_key):
        if key:
            store.delete(key)


def delete_evidence(
    db: Session, p: Principal, evidence_id: str, reason: str | None, settings: Settings, ip: str | None
) -> Evidence:
    """The NGO deletes evidence of a case never submitted: bytes purged, row and custody kept."""
    ev = get_evidence(db, p, evidence_id, for_update=True)
    if not is_owner(p, ev) or not p.can("evidence:write"):
        raise Forbidden("Only the authoring organisation deletes evidence; coalition admins purge it")
    if ev.deleted_at is not None:
        raise Gone("This evidence was already deleted")
    case = db.get(CaseFile, ev.case_id)
    assert case is not None
    if case.first_submitted_at is not None:
        raise Conflict(
            "Evidence of a case that was submitted is retained; only a coalition admin can purge it, "
            "with a reason",
            extra={"case_status": case.status.value},
        )
    _purge_bytes(blob_store(settings), ev)
    return _mark_deleted(db, p, ev, "deleted", reason, ip)


def purge_evidence(
    db: Session, p: Principal, evidence_id: str, reason: str, settings: Settings, ip: str | None
) -> Evidence:
    """A coalition admin purges retained evidence (e.g. a source's safety): bytes gone, reason kept."""
    if p.role != Role.coalition_admin or not p.can("evidence:purge"):
        raise Forbidden("Only a coalition admin purges evidence")
    ev = get_evidence(db, p, evidence_id, for_update=True)
    if ev.deleted_at is not None:
        raise Gone("This evidence was already deleted")
    _purge_bytes(blob_store(settings), ev)
    return _mark_deleted(db, p, ev, "purged", reason, ip)


def _mark_deleted(
    db: Session, p: Principal, ev: Evidence, action: str, reason: str | None, ip: str | None
) -> Evidence:
    now = utcnow()
    detail: dict[str, Any] = {"reason": reason, "original_sha256": ev.sha256}
    if ev.derivative_sha256:
        detail["sanitised_sha256"] = ev.derivative_sha256
    ev.deleted_at = now
    ev.deleted_reason = reason
    ev.storage_key = None
    ev.derivative_key = None
    ev.updated_at = now
    record_custody(db, ev, action, principal=p, sha256=ev.sha256, detail=detail, ip=ip)
    return ev


# ---- results of background jobs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredItem:
    id: str
    case_id: str
    key: str
    media_type: str
    sha256: str
    scan_status: ScanStatus
    sanitise_status: SanitiseStatus


def load_stored(db: Session, evidence_id: str) -> StoredItem | None:
    ev = db.get(Evidence, evidence_id)
    if ev is None or ev.deleted_at is not None or ev.storage_key is None:
        return None
    return StoredItem(
        ev.id, ev.case_id, ev.storage_key, ev.media_type, ev.sha256, ev.scan_status, ev.sanitise_status
    )


def record_scan(db: Session, evidence_id: str, result: ScanResult, settings: Settings) -> Evidence | None:
    """Store a scan result; an infected item is quarantined (never served, its derivative dropped)."""
    ev = db.execute(select(Evidence).where(Evidence.id == evidence_id).with_for_update()).scalar_one_or_none()
    if ev is None or ev.deleted_at is not None:
        return None
    status = ScanStatus(result.status)
    detail: dict[str, Any] = {"result": status.value, "engine": "clamav" if settings.clamd_socket else None}
    if status == ScanStatus.not_scanned and settings.require_scanner:
        status = ScanStatus.error
        detail["result"] = status.value
        detail["detail"] = "a virus scanner is required (PORTAL_REQUIRE_SCANNER) but none is configured"
    if result.signature:
        detail["signature"] = result.signature
    if result.detail and "detail" not in detail:
        detail["detail"] = result.detail
    ev.scan_status = status
    ev.scan_signature = result.signature
    ev.updated_at = utcnow()
    if status == ScanStatus.infected:
        detail["quarantined"] = True
    record_custody(db, ev, "scanned", sha256=ev.sha256, detail=detail)
    return ev


def record_derivative(
    db: Session,
    evidence_id: str,
    status: SanitiseStatus,
    *,
    key: str | None = None,
    stored: PutResult | None = None,
    tool: str | None = None,
    detail: str | None = None,
) -> Evidence | None:
    ev = db.execute(select(Evidence).where(Evidence.id == evidence_id).with_for_update()).scalar_one_or_none()
    if ev is None or ev.deleted_at is not None:
        return None
    ev.sanitise_status = status
    ev.updated_at = utcnow()
    if status == SanitiseStatus.done and stored is not None:
        ev.derivative_key = key
        ev.derivative_sha256 = stored.sha256
        ev.derivative_size = stored.size
        record_custody(
            db,
            ev,
            "derived",
            sha256=stored.sha256,
            detail={
                "kind": "sanitised",
                "tool": tool,
                "size": stored.size,
                "from_sha256": ev.sha256,
                "removed": "metadata (EXIF/GPS, device, author, XMP, document properties)",
            },
        )
    else:
        record_custody(
            db,
            ev,
            "derived",
            detail={"kind": "sanitised", "result": status.value, "detail": detail},
        )
    return ev


def stream_file(path: Any, chunk_size: int = MiB) -> Iterable[bytes]:
    with open(path, "rb") as f:
        while chunk := f.read(chunk_size):
            yield chunk
