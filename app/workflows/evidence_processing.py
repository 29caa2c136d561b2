"""After ingest: the malware scan, then the sanitised derivative; and the upkeep of stored bytes.

Each step reads what it needs and ends that transaction, does the slow part (reading the blob, clamd,
mat2) with no transaction open, and records the result in a short second transaction: nothing holds
a database lock (or SQLite's write lock) while bytes move. Every step may run twice (a retried job):
it acts only on items still waiting for it.

The order: ingest queues `evidence.scan`; a scan that finds no malware queues `evidence.sanitise`
(while the item has no sanitised copy); an infected item is quarantined and never sanitised. The
tools themselves (clamd, mat2/Pillow) are passed in by the jobs (`app/jobs/scan.py`,
`app/jobs/sanitise.py`), which own their processes and sockets.
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

from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, NotFound
from app.jobs.queue import JobContext, defer
from app.models.evidence import Evidence, SanitiseStatus, ScanStatus
from app.storage import BlobCorrupted, BlobStore, PutResult
from app.storage.base import MiB
from app.workflows import media_types, scoping, tus
from app.workflows.evidence import blob_store, record_custody, sanitised_key
from app.workflows.ingest import discard_quietly

log = logging.getLogger(__name__)

RETRY_SCANS_AFTER = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class ScanResult:
    status: Literal["clean", "infected", "not_scanned", "error"]
    signature: str | None = None
    detail: str | None = None


# The scanner: plaintext chunks in, a verdict out (a failure of the chunks themselves is raised).
Scanner = Callable[[Iterable[bytes], Settings], ScanResult]


class Stripper(Protocol):
    """The metadata stripper: `(src, media_type, work_dir=…)` → (the cleaned copy, the tool), or None."""

    def __call__(self, src: Path, media_type: str, *, work_dir: Path) -> tuple[Path, str] | None: ...


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


def scan(ctx: JobContext, evidence_id: str, scanner: Scanner) -> None:
    """Scan an item waiting for it (or whose scan failed); queue its sanitised copy unless infected."""
    item = _load(ctx, evidence_id)
    if item is None or item.scan_status not in (ScanStatus.pending, ScanStatus.error):
        return
    store = blob_store(ctx.settings)
    try:
        result = scanner(store.open_stream(item.key), ctx.settings)
    except (BlobCorrupted, NotFound) as exc:
        result = ScanResult("error", detail=f"stored file unreadable: {exc.detail}")
    with ctx.sessionmaker() as db:
        ev = record_scan(db, evidence_id, result, ctx.settings)
        if ev is not None and ev.scan_status != ScanStatus.infected:
            if ev.sanitise_status in (SanitiseStatus.pending, SanitiseStatus.failed):
                defer(db, "evidence.sanitise", evidence_id=evidence_id)
        db.commit()


def record_scan(db: Session, evidence_id: str, result: ScanResult, settings: Settings) -> Evidence | None:
    """Store a scan result; an infected item is quarantined (never served, its derivative dropped)."""
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
    ev.scan_status = status
    ev.scan_signature = result.signature
    ev.updated_at = utcnow()
    if status == ScanStatus.infected:
        detail["quarantined"] = True
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
            record_derivative(
                db,
                evidence_id,
                SanitiseStatus.not_applicable,
                detail=f"no metadata stripper for {item.media_type}",
            )
            db.commit()
        return
    store = blob_store(ctx.settings)
    tmp_root = ctx.settings.var_dir / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = Path(tempfile.mkdtemp(prefix="derive-", dir=tmp_root))  # mode 0700
    status, stored, tool, detail = SanitiseStatus.failed, None, None, None
    key = sanitised_key(item.case_id, item.id)
    try:
        src = work / "original"
        _decrypt_to(store, item.key, item.sha256, src)
        result = strip(src, item.media_type, work_dir=work)
        if result is None:
            detail = "the metadata stripper could not process this file"
        else:
            path, tool = result
            stored = _put_derivative(store, key, path)
            status = SanitiseStatus.done
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
