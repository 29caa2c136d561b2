"""Resumable uploads (the tus protocol's semantics; its HTTP side is `app/api/tus_protocol.py`).

An upload is created with its length and what the uploader says about the file, checked then as far
as possible (`ingest.plan_upload`: case, permission, limits, quota, which reserves the length). Its
bytes are staged in the BlobStore (encrypted at rest, S3 multipart or age segments) so any API
process can continue it. A request that breaks off keeps what arrived, and the upload resumes from
the store's persisted offset. With a checksum, a request's bytes are first spooled (age-encrypted
with a key that exists only in memory) and appended only once their SHA-256 matches; otherwise the
whole request is discarded. When the offset reaches the length, the upload becomes an Evidence item
through the same pipeline as a file sent in one request (`ingest`: sniffed type, declared whole-file
checksum, quota), and its rules hold here too.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyrage
from pyrage import x25519
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import new_id, utcnow
from app.errors import Conflict, DomainError, NotFound
from app.models.evidence import Evidence, Upload
from app.schemas.evidence import EvidenceMetaIn
from app.security.permissions import Principal
from app.storage import BlobStore
from app.storage.base import ChunkReader
from app.storage.local import decrypt_chunks
from app.workflows import admission, cases, evidence, ingest, scoping
from app.workflows.evidence_media import SNIFF_BYTES, sniff_checked
from app.workflows.ingest import in_thread

log = logging.getLogger(__name__)


class RequestChecksumMismatch(DomainError):
    """The bytes of one request do not match the checksum sent with them; none were kept."""

    status_code = 460  # the tus checksum extension's status
    title = "Checksum Mismatch"
    type_slug = "checksum-mismatch"


class OffsetMismatch(Conflict):
    """A request appends at another offset than the upload's."""

    def __init__(self, offset: int, requested: int) -> None:
        super().__init__(f"The upload is at offset {offset}, not {requested}", extra={"offset": offset})
        self.offset = offset
        self.requested = requested


# ---- uploads ----------------------------------------------------------------------------------------------


def create_upload(
    db: Session,
    p: Principal,
    case_id: str,
    length: int,
    client_meta: dict[str, str],
    meta: EvidenceMetaIn,
    settings: Settings,
) -> Upload:
    """A new upload of `length` (> 0) bytes; `client_meta` as sent, `meta` its validated reading.

    Admitted first (429 beyond the concurrent uploads allowed). Then, with no database connection
    held across the S3 calls: the plan refuses early (404, 403, 409, 413, 422) and its transaction
    ends; the store stages the upload; and only then is the length reserved, under the case's row
    lock, where the quota is checked again: simultaneous creations cannot reserve more than it. A
    refused reservation aborts the staged upload; if the process dies in between, the staging has no
    row and the periodic cleanup aborts it."""
    with admission.upload(p, settings):
        upload_id = new_id()
        plan = ingest.plan_upload(
            db, p, case_id, settings, declared_size=length, meta=meta, upload_id=upload_id
        )
        db.commit()  # the connection goes back to the pool before storage is touched
        store = evidence.blob_store(settings)
        store.begin_staged(upload_id, evidence.original_key(plan.case_id, upload_id))
        try:
            upload = _reserve(db, p, case_id, upload_id, length, client_meta, meta, settings)
            db.commit()
        except BaseException:
            db.rollback()
            _abort_quietly(store, upload_id)
            raise
        return upload


def _reserve(
    db: Session,
    p: Principal,
    case_id: str,
    upload_id: str,
    length: int,
    client_meta: dict[str, str],
    meta: EvidenceMetaIn,
    settings: Settings,
) -> Upload:
    """The upload's row, its length reserved against the quota under the case's row lock."""
    plan = ingest.plan_upload(
        db, p, case_id, settings, declared_size=length, meta=meta, upload_id=upload_id, lock=True
    )
    now = utcnow()
    upload = Upload(
        id=upload_id,
        case_id=plan.case_id,
        org_id=plan.org_id,
        created_by=p.user_id,
        length=length,
        offset=0,
        metadata_={"client": client_meta, "media_type": None},
        created_at=now,
        expires_at=now + timedelta(hours=settings.upload_expiry_hours),
    )
    db.add(upload)
    db.flush()
    return upload


def _abort_quietly(store: BlobStore, upload_id: str) -> None:
    try:
        store.abort_staged(upload_id)
    except Exception:  # noqa: BLE001 - the refusal is what the client must hear; cleanup sweeps the rest
        log.warning("could not abort staged upload %s; the periodic cleanup will", upload_id)


def get_upload(db: Session, p: Principal, case_id: str, upload_id: str, *, lock: bool = False) -> Upload:
    """An upload of the caller's organisation on a case it sees; 404 otherwise (other tenants too)."""
    case = cases.get_case(db, p, case_id)
    stmt = scoping.uploads(p).where(Upload.id == upload_id, Upload.case_id == case.id)
    if lock and ingest.may_hold_row_lock(db):
        # The S3 adapter relies on this row lock to keep appends to one upload from interleaving.
        stmt = stmt.with_for_update(nowait=True)
    try:
        upload = db.execute(stmt).scalar_one_or_none()
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) != "55P03":  # lock_not_available
            raise
        raise Conflict("Another request is writing to this upload; try again when it has finished") from exc
    if upload is None:
        raise NotFound("No such upload")
    return upload


def check_not_expired(upload: Upload) -> None:
    if upload.completed_at is None and upload.expires_at <= utcnow():
        raise evidence.Gone("This upload expired; start a new one")


def current_offset(store: BlobStore, upload: Upload) -> int:
    if upload.completed_at is not None:
        return upload.length
    try:
        return store.staged_offset(upload.id)
    except NotFound:
        raise evidence.Gone("This upload's data is gone (it expired or failed); start a new one") from None


def upload_state(
    db: Session, p: Principal, case_id: str, upload_id: str, settings: Settings
) -> tuple[Upload, int]:
    """An unexpired upload of the caller's and the offset to resume from."""
    upload = get_upload(db, p, case_id, upload_id)
    check_not_expired(upload)
    db.commit()  # no connection held while the store is asked (a stalled S3 must not drain the pool)
    return upload, current_offset(evidence.blob_store(settings), upload)


def terminate(db: Session, p: Principal, case_id: str, upload_id: str, settings: Settings) -> None:
    upload = get_upload(db, p, case_id, upload_id, lock=True)
    running_hashes.discard(upload.id)
    if upload.completed_at is None:
        evidence.blob_store(settings).abort_staged(upload.id)
    db.delete(upload)
    db.flush()


def _discard_upload(db: Session, store: BlobStore, upload: Upload) -> None:
    """Drop a refused upload: staged bytes and row (the error that follows keeps this change)."""
    running_hashes.discard(upload.id)
    try:
        store.abort_staged(upload.id)
    finally:
        db.delete(upload)
        db.flush()


# ---- checksummed requests: verify before anything is appended ---------------------------------------------


@dataclass
class SpooledChunk:
    path: Path
    identity: Any
    size: int

    def replay(self) -> Iterator[bytes]:
        return decrypt_chunks(self.path, [self.identity])

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def spool_verified(chunks: Iterable[bytes], expected: bytes, work_dir: Path) -> SpooledChunk:
    """Spool a request body to disk, age-encrypted with a throwaway in-memory key, and check its SHA-256.

    A mismatch (460) or a dropped connection discards it all: with a checksum, unverified bytes are
    never appended. Plaintext never touches the disk."""
    work_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    identity = x25519.Identity.generate()
    reader = ChunkReader(chunks)
    fd, name = tempfile.mkstemp(dir=work_dir, prefix="tus-chunk-")
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            pyrage.encrypt_io(reader, out, [identity.to_public()])
        if reader.error is not None:
            raise reader.error
        if bytes.fromhex(reader.sha256) != expected:
            raise RequestChecksumMismatch(
                "The bytes of this request do not match their checksum; none were kept. "
                "Send them again from the same offset.",
                extra={"received_sha256": reader.sha256},
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return SpooledChunk(path, identity, reader.size)


# ---- the whole file's SHA-256, carried across PATCH requests ----------------------------------------------


class _CountingDigest:
    """A SHA-256 and the number of bytes it has seen (to check them against the persisted offset)."""

    def __init__(self, digest: Any) -> None:
        self.digest = digest
        self.size = 0

    def update(self, data: Any, /) -> None:
        self.digest.update(data)
        self.size += len(data)


class RunningHashes:
    """Each upload's SHA-256 so far, kept between its requests by the process that received them.

    The SHA-256 of an upload is then computed once, as its bytes stream in, and the commit reads
    nothing back (for a GiB on S3 that read-back cost as much as the upload). hashlib state cannot be
    stored, so a request served by another process (or after a restart) finds no entry here; the
    upload then continues untracked and the store hashes the staged bytes at commit instead. An entry
    is only ever used at the exact offset it was recorded for, and `take` hands it to one request.
    """

    def __init__(self, capacity: int = 1024) -> None:
        self._capacity = capacity
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[int, Any]] = OrderedDict()

    def take(self, upload_id: str, offset: int) -> _CountingDigest | None:
        with self._lock:
            item = self._items.pop(upload_id, None)
        if offset == 0:
            return _CountingDigest(hashlib.sha256())
        if item is None or item[0] != offset:
            return None
        return _CountingDigest(item[1])

    def keep(self, upload_id: str, offset: int, digest: Any) -> None:
        with self._lock:
            self._items[upload_id] = (offset, digest)
            self._items.move_to_end(upload_id)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def discard(self, upload_id: str) -> None:
        with self._lock:
            self._items.pop(upload_id, None)

    def sha256_at(self, upload_id: str, offset: int) -> str | None:
        with self._lock:
            item = self._items.get(upload_id)
        return item[1].hexdigest() if item is not None and item[0] == offset else None


running_hashes = RunningHashes()


def _keep_if_persisted(store: BlobStore, upload_id: str, start: int, counted: _CountingDigest) -> None:
    """After a request broke off: keep the hash if the store persisted exactly the bytes it saw."""
    try:
        persisted = store.staged_offset(upload_id)
    except Exception:  # noqa: BLE001 - the request's own error is what matters; commit will rehash
        return
    if persisted == start + counted.size:
        running_hashes.keep(upload_id, persisted, counted.digest)


# ---- appending ---------------------------------------------------------------------------------------------


@dataclass
class PatchResult:
    offset: int
    expires_at: datetime
    evidence_id: str | None = None  # once complete
    key: str | None = None  # the stored original, when this request completed the upload


async def append(
    db: Session,
    p: Principal,
    case_id: str,
    upload_id: str,
    *,
    offset: int,
    checksum: bytes | None,
    body: AsyncIterator[bytes],
    settings: Settings,
    ip: str | None,
) -> PatchResult:
    """Append one request's bytes at `offset` (with `checksum`, the SHA-256 they must have); complete
    the upload into an Evidence item when the offset reaches its length. Commits (`ingest.settle`).

    Admitted first: 429 beyond the concurrent uploads allowed (the row lock and a connection are
    held while the bytes stream, so these stay bounded)."""
    with admission.upload(p, settings):
        return await _append(
            db, p, case_id, upload_id, offset=offset, checksum=checksum, body=body, settings=settings, ip=ip
        )


async def _append(
    db: Session,
    p: Principal,
    case_id: str,
    upload_id: str,
    *,
    offset: int,
    checksum: bytes | None,
    body: AsyncIterator[bytes],
    settings: Settings,
    ip: str | None,
) -> PatchResult:
    upload = await in_thread(get_upload, db, p, case_id, upload_id, lock=True)
    check_not_expired(upload)
    if upload.completed_at is not None:
        if offset == upload.length:
            # A retried completing request: answered again, and the item's processing queued again
            # (a no-op unless the first attempt lost it).
            replay = PatchResult(upload.length, upload.expires_at, upload.evidence_id)
            await ingest.settle(db, evidence_id=replay.evidence_id)
            return replay
        raise Conflict("This upload is complete", extra={"offset": upload.length})
    store = await in_thread(evidence.blob_store, settings)
    await ingest.before_streaming(db, keep_row_lock=True)
    current = await in_thread(current_offset, store, upload)
    if offset != current:
        raise OffsetMismatch(current, offset)
    remaining = upload.length - current
    media_type: str | None = upload.metadata_.get("media_type")
    filename = ingest.clean_filename(upload.metadata_.get("client", {}).get("filename"))
    prefix = b""
    if current == 0 and media_type is None:
        # Sniff before the first byte is stored; a short first request defers it to completion.
        need = min(SNIFF_BYTES, upload.length)
        prefix = await ingest.read_prefix(body, need)
        if len(prefix) >= need:
            try:
                media_type = sniff_checked(prefix[:need], filename)
            except DomainError as exc:
                await in_thread(_discard_upload, db, store, upload)
                exc.keep_changes = True
                raise
    bridge = ingest.ChunkBridge(
        body,
        prefix=prefix,
        limit=remaining,
        limit_message=f"The request carries more than the {remaining} bytes left of this upload",
    )
    counted = running_hashes.take(upload.id, current)
    store_append = functools.partial(store.append_staged, upload.id, current, digest=counted)
    try:
        if checksum is not None:
            work_dir = settings.var_dir / "tmp" / "tus"
            spool = functools.partial(spool_verified, expected=checksum, work_dir=work_dir)
            spooled = await bridge.drive(spool)
            try:
                new_offset = await in_thread(store_append, spooled.replay())
            finally:
                spooled.discard()
        else:
            new_offset = await bridge.drive(store_append)
    except BaseException:
        if counted is not None and counted.size:
            await in_thread(_keep_if_persisted, store, upload.id, current, counted)
        elif counted is not None:
            running_hashes.keep(upload.id, current, counted.digest)  # nothing was taken: still valid
        raise
    if counted is not None and new_offset == current + counted.size:
        running_hashes.keep(upload.id, new_offset, counted.digest)
    result = await in_thread(_after_append, db, p, upload, new_offset, media_type, store, settings, ip)
    await ingest.settle(db, evidence_id=result.evidence_id, store=store, key=result.key)
    return result


def _after_append(
    db: Session,
    p: Principal,
    upload: Upload,
    new_offset: int,
    media_type: str | None,
    store: BlobStore,
    settings: Settings,
    ip: str | None,
) -> PatchResult:
    upload.offset = new_offset
    upload.expires_at = utcnow() + timedelta(hours=settings.upload_expiry_hours)
    if media_type is not None and upload.metadata_.get("media_type") != media_type:
        upload.metadata_ = {**upload.metadata_, "media_type": media_type}
    if new_offset < upload.length:
        db.flush()
        return PatchResult(new_offset, upload.expires_at)
    return _complete(db, p, upload, media_type, store, settings, ip)


def _complete(
    db: Session,
    p: Principal,
    upload: Upload,
    media_type: str | None,
    store: BlobStore,
    settings: Settings,
    ip: str | None,
) -> PatchResult:
    key = evidence.original_key(upload.case_id, upload.id)
    stored = store.commit_staged(upload.id, key, sha256=running_hashes.sha256_at(upload.id, upload.length))
    running_hashes.discard(upload.id)
    try:
        with ingest.discarded_unless_recorded(store, key):
            meta = ingest.parse_meta(upload.metadata_.get("client", {}), loc="metadata")
            if media_type is None:
                media_type = sniff_checked(
                    ingest.first_bytes(store, key), ingest.clean_filename(meta.filename)
                )
            plan = ingest.plan_upload(db, p, upload.case_id, settings, upload_id=upload.id)
            item = ingest.record_ingest(db, p, plan, stored, media_type, meta, settings, via="tus", ip=ip)
    except DomainError as exc:
        # Refused at the finish line (type, declared checksum, quota, case state): the upload goes too.
        db.rollback()
        fresh = db.execute(scoping.uploads(p).where(Upload.id == upload.id)).scalar_one_or_none()
        if fresh is not None:
            db.delete(fresh)
            db.flush()
        exc.keep_changes = True
        raise
    upload.completed_at = utcnow()
    upload.evidence_id = item.id
    upload.offset = upload.length
    db.flush()
    return PatchResult(upload.length, upload.expires_at, item.id, key)


# ---- expiry -----------------------------------------------------------------------------------------------


def cleanup_expired(db: Session, store: BlobStore, settings: Settings, *, batch: int = 100) -> int:
    """Drop expired uploads (staged bytes aborted, incomplete S3 multipart uploads included) and
    orphaned staging that has no row. Several processes may run it: rows are claimed with SKIP LOCKED."""
    now = utcnow()
    rows = list(
        db.execute(
            scoping.unscoped_uploads()
            .where(Upload.expires_at <= now)
            .order_by(Upload.expires_at)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).scalars()
    )
    for upload in rows:
        if upload.completed_at is None:
            store.abort_staged(upload.id)
            if db.execute(scoping.unscoped_evidence().where(Evidence.id == upload.id)).first() is None:
                # A completion that stored the original but died before its row was committed.
                store.delete(evidence.original_key(upload.case_id, upload.id))
        db.delete(upload)
    db.flush()
    orphans = 0
    stale = store.list_stale_staged(now - timedelta(hours=settings.upload_expiry_hours))
    if stale:
        known = scoping.unscoped_uploads().with_only_columns(Upload.id).where(Upload.id.in_(stale))
        live = set(db.execute(known).scalars())
        for upload_id in stale:
            if upload_id not in live:
                store.abort_staged(upload_id)
                orphans += 1
    return len(rows) + orphans
