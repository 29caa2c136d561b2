"""Background work on evidence: malware scan, then the sanitised derivative; expired-upload cleanup.

Each job reads what it needs, ends that transaction, does the slow part (reading the blob, clamd,
mat2) with no transaction open, and records the result in a short second transaction: nothing holds
a database lock (or SQLite's write lock) while bytes move.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.db import utcnow
from app.errors import Conflict, NotFound
from app.jobs import sanitise as sanitiser
from app.jobs.queue import JobContext, defer, periodic, task
from app.jobs.scan import ScanResult, scan_stream
from app.models.evidence import Evidence, SanitiseStatus, ScanStatus
from app.storage import BlobCorrupted, BlobStore, PutResult
from app.workflows import evidence as ev_flow
from app.workflows import tus

log = logging.getLogger(__name__)

RETRY_SCANS_AFTER = timedelta(minutes=15)


@task("evidence.scan")
def scan(ctx: JobContext, evidence_id: str) -> None:
    with ctx.sessionmaker() as db:
        item = ev_flow.load_stored(db, evidence_id)
        db.commit()
    if item is None or item.scan_status not in (ScanStatus.pending, ScanStatus.error):
        return
    store = ev_flow.blob_store(ctx.settings)
    try:
        result = scan_stream(store.open_stream(item.key), ctx.settings)
    except (BlobCorrupted, NotFound) as exc:
        result = ScanResult("error", detail=f"stored file unreadable: {exc.detail}")
    with ctx.sessionmaker() as db:
        ev = ev_flow.record_scan(db, evidence_id, result, ctx.settings)
        if ev is not None and ev.scan_status != ScanStatus.infected:
            if ev.sanitise_status in (SanitiseStatus.pending, SanitiseStatus.failed):
                defer(db, "evidence.sanitise", evidence_id=evidence_id)
        db.commit()


def _tool(result: Path) -> str:
    return "mat2" if ".cleaned" in result.name else "pillow"


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
        return store.put_stream(key, ev_flow.stream_file(path))
    except Conflict:
        # Left by an earlier run of this job that died before recording it: derivatives are replaceable.
        store.delete(key)
        return store.put_stream(key, ev_flow.stream_file(path))


@task("evidence.sanitise")
def sanitise(ctx: JobContext, evidence_id: str) -> None:
    with ctx.sessionmaker() as db:
        item = ev_flow.load_stored(db, evidence_id)
        db.commit()
    if (
        item is None
        or item.scan_status == ScanStatus.infected
        or item.sanitise_status not in (SanitiseStatus.pending, SanitiseStatus.failed)
    ):
        return
    if not sanitiser.supported(item.media_type):
        with ctx.sessionmaker() as db:
            ev_flow.record_derivative(
                db,
                evidence_id,
                SanitiseStatus.not_applicable,
                detail=f"no metadata stripper for {item.media_type}",
            )
            db.commit()
        return
    store = ev_flow.blob_store(ctx.settings)
    tmp_root = ctx.settings.var_dir / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = Path(tempfile.mkdtemp(prefix="derive-", dir=tmp_root))  # mode 0700
    status, stored, tool, detail = SanitiseStatus.failed, None, None, None
    key = ev_flow.sanitised_key(item.case_id, item.id)
    try:
        src = work / "original"
        _decrypt_to(store, item.key, item.sha256, src)
        result = sanitiser.sanitise_file(src, item.media_type, work_dir=work)
        if result is None:
            detail = "the metadata stripper could not process this file"
        else:
            tool = _tool(result)
            stored = _put_derivative(store, key, result)
            status = SanitiseStatus.done
    except (BlobCorrupted, NotFound) as exc:
        detail = f"stored original unreadable: {exc.detail}"
    finally:
        shutil.rmtree(work, ignore_errors=True)  # plaintext copies never outlive the job
    with ctx.sessionmaker() as db:
        ev = ev_flow.record_derivative(
            db, evidence_id, status, key=key, stored=stored, tool=tool, detail=detail
        )
        db.commit()
    if ev is None and stored is not None:
        store.delete(key)  # deleted while we worked


@task("evidence.purge_keys")
def purge_keys(ctx: JobContext, keys: list[str]) -> None:
    """Bytes of a deleted draft's evidence, removed once the deletion has committed."""
    store = ev_flow.blob_store(ctx.settings)
    for key in keys:
        ev_flow.discard_quietly(store, key)


@periodic
def cleanup_expired_uploads(ctx: JobContext) -> None:
    """Expired resumable uploads: staged bytes dropped (S3 multipart uploads aborted), rows removed."""
    store = ev_flow.blob_store(ctx.settings)
    with ctx.sessionmaker() as db:
        count = tus.cleanup_expired(db, store, ctx.settings)
        db.commit()
    if count:
        log.info("removed %d expired or orphaned uploads", count)


@periodic
def retry_stuck_scans(ctx: JobContext) -> None:
    """Scans that failed (clamd down) or never ran (a lost job) are queued again."""
    cutoff = utcnow() - RETRY_SCANS_AFTER
    with ctx.sessionmaker() as db:
        ids = list(
            db.execute(
                select(Evidence.id)
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
