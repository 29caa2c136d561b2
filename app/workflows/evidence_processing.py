"""After ingest: the malware scan, then the sanitised derivative; rescans; the upkeep of stored bytes.

Each step reads what it needs and ends that transaction, does the slow part (reading the blob, clamd,
mat2) with no transaction open, and records the result in a short second transaction: nothing holds
a database lock (or SQLite's write lock) while bytes move. Every step may run twice (a retried job):
it acts only on items still waiting for it.

The order: ingest queues `evidence.scan`; the first scan result queues the item's trusted timestamp
(`timestamps.py`, when a Time-Stamping Authority is configured) and, unless the item is infected, its
sanitised copy (`evidence.sanitise`); an infected item is quarantined and never sanitised. Clean and
unscanned items are scanned again when the scanner's signatures change (`queue_rescans`). The tools
themselves (clamd, mat2/Pillow/ffmpeg) are passed in by the jobs (`app/jobs/scan.py`,
`app/jobs/sanitise.py`), which own their processes and sockets.

Sanitising has one defined outcome per type, from the media-type registry: `done` (a stripped copy, or
for plain text the original bytes, recorded as such), `not_applicable` (no stripper for the type, or the
program it needs is missing here; the reason is kept) or `failed` (the tool could not; what it said is
kept). Only `done` items reach a package without a coordinator's explicit decision.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy import and_, or_
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, NotFound
from app.jobs.queue import JobContext, defer
from app.models.evidence import Evidence, SanitiseStatus, ScanStatus
from app.storage import BlobCorrupted, BlobStore, PutResult
from app.storage.base import MiB
from app.workflows import media_types, scoping, timestamps, tus
from app.workflows.evidence import blob_store, record_custody, sanitised_key
from app.workflows.ingest import discard_quietly

log = logging.getLogger(__name__)

RETRY_SCANS_AFTER = timedelta(minutes=15)
RESCAN_BATCH = 25  # items queued for a rescan per tick: a signature update never floods the scanner
RESCAN_REQUEST_EXPIRES = timedelta(hours=1)  # a queued rescan that never ran is queued again after this


@dataclass(frozen=True, slots=True)
class ScanResult:
    status: Literal["clean", "infected", "not_scanned", "error"]
    signature: str | None = None
    detail: str | None = None
    engine: str | None = None  # e.g. "ClamAV 1.0.7/27463/Mon Dec  1 09:00:00 2026"


# The scanner: plaintext chunks in, a verdict out (a failure of the chunks themselves is raised).
Scanner = Callable[[Iterable[bytes], Settings], ScanResult]


@dataclass(frozen=True, slots=True)
class StripOutcome:
    """What the stripper did: `done` with the copy and the tool, or why not (`unsupported`, `failed`)."""

    status: Literal["done", "unsupported", "failed"]
    path: Path | None = None
    tool: str | None = None  # "mat2", "mat2 -L", "pillow", "ffmpeg", "verbatim"
    detail: str | None = None


class Stripper(Protocol):
    """The metadata stripper: `(src, media_type, work_dir=…)` → its outcome (a copy under `work_dir`)."""

    def __call__(self, src: Path, media_type: str, *, work_dir: Path) -> StripOutcome: ...


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
    ev = db.execute(scoping.unscoped_evidence().where(Evidence.id == evidence_id)).scalar_one_or_none()
    if ev is None or ev.deleted_at is not None or ev.storage_key is None:
        return None
    return StoredItem(
        ev.id, ev.case_id, ev.storage_key, ev.media_type, ev.sha256, ev.scan_status, ev.sanitise_status
    )


def _locked(db: Session, evidence_id: str) -> Evidence | None:
    return db.execute(
        scoping.unscoped_evidence().where(Evidence.id == evidence_id).with_for_update()
    ).scalar_one_or_none()


def _load(ctx: JobContext, evidence_id: str) -> StoredItem | None:
    with ctx.sessionmaker() as db:
        item = load_stored(db, evidence_id)
        db.commit()
    return item


# ---- scan -------------------------------------------------------------------------------------------------

RESCANNABLE = (ScanStatus.clean, ScanStatus.not_scanned, ScanStatus.pending, ScanStatus.error)


def scan(ctx: JobContext, evidence_id: str, scanner: Scanner, *, rescan: bool = False) -> None:
    """Scan an item waiting for it (or whose scan failed); queue its sanitised copy unless infected.

    `rescan`: scan a clean or unscanned item again (new signatures, a scanner that became available);
    a quarantined item stays quarantined."""
    item = _load(ctx, evidence_id)
    waiting = (ScanStatus.pending, ScanStatus.error)
    if item is None or item.scan_status not in (RESCANNABLE if rescan else waiting):
        return
    store = blob_store(ctx.settings)
    try:
        result = scanner(store.open_stream(item.key), ctx.settings)
    except (BlobCorrupted, NotFound) as exc:
        result = ScanResult("error", detail=f"stored file unreadable: {exc.detail}")
    with ctx.sessionmaker() as db:
        first = item.scan_status == ScanStatus.pending
        ev = record_scan(db, evidence_id, result, ctx.settings, rescan=rescan)
        if ev is not None and first:
            timestamps.schedule_evidence(db, ctx.settings, ev)
        if ev is not None and ev.scan_status != ScanStatus.infected:
            if ev.sanitise_status in (SanitiseStatus.pending, SanitiseStatus.failed):
                defer(db, "evidence.sanitise", evidence_id=evidence_id)
        db.commit()


def record_scan(
    db: Session, evidence_id: str, result: ScanResult, settings: Settings, *, rescan: bool = False
) -> Evidence | None:
    """Store a scan result; an infected item is quarantined (never served, never packaged).

    A rescan that changes nothing (clean again, or still no scanner) updates the item's scanner and
    time without a custody event; any change of result is one."""
    ev = _locked(db, evidence_id)
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
    if result.engine:
        detail["signatures"] = result.engine
    previous = ev.scan_status
    now = utcnow()
    ev.scan_status = status
    ev.scan_signature = result.signature
    ev.scan_engine = result.engine
    ev.scanned_at = now
    ev.rescan_requested_at = None
    ev.updated_at = now
    if status == ScanStatus.infected:
        detail["quarantined"] = True
        if previous == ScanStatus.clean:
            log.warning("evidence %s was clean and is now found infected: quarantined", ev.id)
    if rescan and status == previous:
        return ev
    if rescan:
        detail.update(rescan=True, previous=previous.value)
    record_custody(db, ev, "scanned", sha256=ev.sha256, detail=detail)
    return ev


def retry_stuck_scans(ctx: JobContext) -> None:
    """Scans that failed (clamd down) or never ran (a lost job) are queued again."""
    cutoff = utcnow() - RETRY_SCANS_AFTER
    with ctx.sessionmaker() as db:
        ids = list(
            db.execute(
                scoping.unscoped_evidence()
                .with_only_columns(Evidence.id)
                .where(
                    Evidence.deleted_at.is_(None),
                    Evidence.scan_status.in_([ScanStatus.pending, ScanStatus.error]),
                    Evidence.updated_at < cutoff,
                )
                .limit(20)
            ).scalars()
        )
        for evidence_id in ids:
            defer(db, "evidence.scan", evidence_id=evidence_id)
        db.commit()


def queue_rescans(
    ctx: JobContext, engine: str | None, *, everything: bool = False, limit: int | None = RESCAN_BATCH
) -> int:
    """Queue a rescan of the items the scanner `engine` (its signature version) has not seen.

    Clean items scanned with other signatures (at most once per `rescan_after_hours` each) and items
    never scanned for want of a scanner; `everything`: every clean one too. Claims
    its rows (SKIP LOCKED) and marks them requested, so several processes queue each item once."""
    if engine is None:
        return 0
    now = utcnow()
    stale_clean = Evidence.scan_status == ScanStatus.clean
    if not everything:
        stale_clean = and_(
            stale_clean,
            or_(Evidence.scan_engine.is_(None), Evidence.scan_engine != engine),
            or_(
                Evidence.scanned_at.is_(None),
                Evidence.scanned_at < now - timedelta(hours=ctx.settings.rescan_after_hours),
            ),
        )
    unscanned = Evidence.scan_status == ScanStatus.not_scanned  # failed scans: `retry_stuck_scans`
    with ctx.sessionmaker() as db:
        stmt = (
            scoping.unscoped_evidence()
            .where(
                Evidence.deleted_at.is_(None),
                Evidence.storage_key.is_not(None),
                or_(stale_clean, unscanned),
                or_(
                    Evidence.rescan_requested_at.is_(None),
                    Evidence.rescan_requested_at < now - RESCAN_REQUEST_EXPIRES,
                ),
            )
            .order_by(Evidence.created_at)
            .with_for_update(skip_locked=True)
        )
        rows = list(db.execute(stmt if limit is None else stmt.limit(limit)).scalars())
        for ev in rows:
            ev.rescan_requested_at = now
            defer(db, "evidence.rescan", evidence_id=ev.id)
        db.commit()
    if rows:
        log.info("queued %d evidence items for a rescan (%s)", len(rows), engine)
    return len(rows)


# ---- sanitised derivative ---------------------------------------------------------------------------------


def sanitise(ctx: JobContext, evidence_id: str, strip: Stripper) -> None:
    """The metadata-stripped copy of a scanned, uninfected item, hashed and recorded as `derived`.

    The plaintext lives only in a private work directory that is removed before the result is recorded."""
    item = _load(ctx, evidence_id)
    if (
        item is None
        or item.scan_status == ScanStatus.infected
        or item.sanitise_status not in (SanitiseStatus.pending, SanitiseStatus.failed)
    ):
        return
    if media_types.sanitiser_for(item.media_type) is None:
        with ctx.sessionmaker() as db:
            reason = media_types.unsanitisable(item.media_type)
            record_derivative(db, evidence_id, SanitiseStatus.not_applicable, detail=reason)
            db.commit()
        return
    store = blob_store(ctx.settings)
    tmp_root = (ctx.settings.var_dir / "tmp").resolve()
    tmp_root.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = Path(tempfile.mkdtemp(prefix="derive-", dir=tmp_root))  # mode 0700
    status, stored = SanitiseStatus.failed, None
    tool: str | None = None
    detail: str | None = None
    key = sanitised_key(item.case_id, item.id)
    try:
        src = work / "original"
        _decrypt_to(store, item.key, item.sha256, src)
        outcome = strip(src, item.media_type, work_dir=work)
        tool, detail = outcome.tool, outcome.detail
        if outcome.status == "done" and outcome.path is not None:
            stored = _put_derivative(store, key, outcome.path)
            status = SanitiseStatus.done
        elif outcome.status == "unsupported":
            status = SanitiseStatus.not_applicable
    except (BlobCorrupted, NotFound) as exc:
        detail = f"stored original unreadable: {exc.detail}"
    finally:
        shutil.rmtree(work, ignore_errors=True)  # plaintext copies never outlive the job
    with ctx.sessionmaker() as db:
        ev = record_derivative(db, evidence_id, status, key=key, stored=stored, tool=tool, detail=detail)
        db.commit()
    if ev is None and stored is not None:
        store.delete(key)  # deleted while we worked


def _decrypt_to(store: BlobStore, key: str, expected_sha256: str, target: Path) -> None:
    """The plaintext original in a private work file, hash-checked against the custody record."""
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in store.open_stream(key):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != expected_sha256:
        raise BlobCorrupted("The stored original does not match its recorded SHA-256")


def _put_derivative(store: BlobStore, key: str, path: Path) -> PutResult:
    try:
        return store.put_stream(key, stream_file(path))
    except Conflict:
        # Left by an earlier run of this job that died before recording it: derivatives are replaceable.
        store.delete(key)
        return store.put_stream(key, stream_file(path))


def stream_file(path: Path, chunk_size: int = MiB) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while chunk := f.read(chunk_size):
            yield chunk


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
    ev = _locked(db, evidence_id)
    if ev is None or ev.deleted_at is not None:
        return None
    ev.sanitise_status = status
    ev.updated_at = utcnow()
    if status == SanitiseStatus.done and stored is not None:
        ev.derivative_key = key
        ev.derivative_sha256 = stored.sha256
        ev.derivative_size = stored.size
        ev.sanitise_detail = tool
        removed = "metadata (EXIF/GPS, device, author, XMP, document properties)"
        if tool == "verbatim":
            removed = "nothing: this format carries no embedded metadata, so the copy is the original bytes"
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
                "removed": removed,
            },
        )
    else:
        ev.sanitise_detail = (detail or "")[:2000] or None
        record_custody(
            db,
            ev,
            "derived",
            detail={"kind": "sanitised", "result": status.value, "detail": detail},
        )
    return ev


# ---- upkeep -----------------------------------------------------------------------------------------------


def purge_keys(ctx: JobContext, keys: list[str]) -> None:
    """Bytes of a deleted draft's evidence, removed once the deletion has committed."""
    store = blob_store(ctx.settings)
    for key in keys:
        discard_quietly(store, key)


def cleanup_expired_uploads(ctx: JobContext) -> None:
    """Expired resumable uploads: staged bytes dropped (S3 multipart uploads aborted), rows removed."""
    store = blob_store(ctx.settings)
    with ctx.sessionmaker() as db:
        count = tus.cleanup_expired(db, store, ctx.settings)
        db.commit()
    if count:
        log.info("removed %d expired or orphaned uploads", count)
