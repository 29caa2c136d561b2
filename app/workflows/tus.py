"""tus 1.0.0 resumable uploads: core, creation, termination, checksum (sha256) and expiration.

https://tus.io/protocols/resumable-upload — so tus-js-client (browser, Uppy) and tuspy work unchanged.

- POST   .../uploads              creation: `Upload-Length`, optional `Upload-Metadata` (filename,
                                   title, description, sensitivity, captured_date, captured_place,
                                   share_with, perpetrator_ids, incident_ids, sha256 of the whole file)
- HEAD   .../uploads/{id}          `Upload-Offset`: where to resume (the store's persisted offset)
- PATCH  .../uploads/{id}          `Content-Type: application/offset+octet-stream`, `Upload-Offset`,
                                   optional `Upload-Checksum: sha256 <base64>` for this request's bytes
- DELETE .../uploads/{id}          termination: the staged bytes are dropped
- OPTIONS .../uploads              discovery (no authentication: it reveals nothing)

The bytes are staged in the BlobStore (encrypted at rest, S3 multipart or age segments) so any API
process can continue an upload. A PATCH that breaks off keeps what arrived; HEAD tells the client
where to resume. With a checksum, the request's bytes are first spooled (age-encrypted with a key
that exists only in memory) and appended only once their SHA-256 matches; otherwise the whole
request is discarded with 460. When the offset reaches the length, the upload becomes an Evidence
item (same checks as a multipart upload: sniffed type, declared whole-file checksum, quota).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
import pyrage
from pyrage import x25519
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import new_id, utcnow
from app.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    PreconditionFailed,
    UnsupportedMediaType,
)
from app.models.evidence import Evidence, Upload
from app.security.permissions import Principal
from app.storage import BlobStore
from app.storage.base import ChunkReader
from app.storage.local import decrypt_chunks
from app.workflows import cases
from app.workflows import evidence as ev_flow
from app.workflows.evidence_media import SNIFF_BYTES

log = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,checksum,expiration"
TUS_CHECKSUM_ALGORITHMS = "sha256"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
MAX_METADATA_HEADER = 16 * 1024

T = TypeVar("T")


class BadRequest(DomainError):
    status_code = 400
    title = "Bad request"
    type_slug = "bad-request"


class ChecksumMismatch(DomainError):
    """tus checksum extension: the request's bytes do not match `Upload-Checksum`; none were kept."""

    status_code = 460
    title = "Checksum Mismatch"
    type_slug = "checksum-mismatch"


# ---- headers ----------------------------------------------------------------------------------------------


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def discovery_headers(settings: Settings) -> dict[str, str]:
    return {
        "Tus-Resumable": TUS_VERSION,
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": TUS_EXTENSIONS,
        "Tus-Checksum-Algorithm": TUS_CHECKSUM_ALGORITHMS,
        "Tus-Max-Size": str(settings.max_upload_bytes),
    }


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


def encode_metadata(meta: dict[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" if v else k for k, v in meta.items())


def parse_checksum(value: str | None) -> bytes | None:
    """`Upload-Checksum: sha256 <base64 digest>` → the digest; other algorithms are refused (400)."""
    if value is None:
        return None
    algorithm, _, encoded = value.strip().partition(" ")
    if algorithm.lower() != "sha256":
        raise BadRequest(
            f"Unsupported checksum algorithm {algorithm!r}; Tus-Checksum-Algorithm: {TUS_CHECKSUM_ALGORITHMS}"
        )
    try:
        digest = base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error as exc:
        raise BadRequest("Upload-Checksum digest is not base64") from exc
    if len(digest) != 32:
        raise BadRequest("Upload-Checksum digest is not a SHA-256 digest (32 bytes)")
    return digest


# ---- uploads ----------------------------------------------------------------------------------------------


def _holds_write_lock_per_transaction(db: Session) -> bool:
    # SQLite (embedded default) takes the database write lock at BEGIN: never hold a transaction open
    # while bytes stream. The local store locks each staged upload itself.
    return db.get_bind().dialect.name == "sqlite"


def create_upload(
    db: Session,
    p: Principal,
    case_id: str,
    length: int,
    raw_metadata: str | None,
    settings: Settings,
) -> Upload:
    meta_dict = parse_metadata(raw_metadata)
    meta = ev_flow.parse_meta(meta_dict, loc="metadata")
    if length == 0:
        raise Invalid("The file is empty", errors=[{"loc": ["header", "Upload-Length"], "msg": "empty file"}])
    upload_id = new_id()
    plan = ev_flow.plan_upload(db, p, case_id, settings, declared_size=length, meta=meta, upload_id=upload_id)
    now = utcnow()
    upload = Upload(
        id=upload_id,
        case_id=plan.case_id,
        org_id=plan.org_id,
        created_by=p.user_id,
        length=length,
        offset=0,
        metadata_={"client": meta_dict, "media_type": None},
        created_at=now,
        expires_at=now + timedelta(hours=settings.upload_expiry_hours),
    )
    db.add(upload)
    db.flush()
    # Storage last: if it is down (503) the transaction rolls back and no row is left. If the commit
    # fails after this, the staged upload is an orphan that the periodic cleanup aborts.
    ev_flow.blob_store(settings).begin_staged(upload_id, ev_flow.original_key(plan.case_id, upload_id))
    return upload


def get_upload(db: Session, p: Principal, case_id: str, upload_id: str, *, lock: bool = False) -> Upload:
    """An upload of the caller's organisation on a case it sees; 404 otherwise (other tenants too)."""
    case = cases.get_case(db, p, case_id)
    stmt = select(Upload).where(Upload.id == upload_id, Upload.case_id == case.id, Upload.org_id == p.org_id)
    if p.is_coalition:
        raise NotFound("No such upload")
    if lock and not _holds_write_lock_per_transaction(db):
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
        raise ev_flow.Gone("This upload expired; start a new one")


def current_offset(store: BlobStore, upload: Upload) -> int:
    if upload.completed_at is not None:
        return upload.length
    try:
        return store.staged_offset(upload.id)
    except NotFound:
        raise ev_flow.Gone("This upload's data is gone (it expired or failed); start a new one") from None


def upload_state(
    db: Session, p: Principal, case_id: str, upload_id: str, settings: Settings
) -> tuple[Upload, int]:
    """An unexpired upload of the caller's and the offset to resume from (HEAD and the JSON status)."""
    upload = get_upload(db, p, case_id, upload_id)
    check_not_expired(upload)
    return upload, current_offset(ev_flow.blob_store(settings), upload)


def terminate(db: Session, p: Principal, case_id: str, upload_id: str, settings: Settings) -> None:
    upload = get_upload(db, p, case_id, upload_id, lock=True)
    running_hashes.discard(upload.id)
    if upload.completed_at is None:
        ev_flow.blob_store(settings).abort_staged(upload.id)
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
            raise ChecksumMismatch(
                "The bytes of this request do not match its Upload-Checksum; none were kept. "
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


# ---- PATCH ------------------------------------------------------------------------------------------------


@dataclass
class PatchResult:
    offset: int
    expires_at: datetime
    evidence_id: str | None = None
    store: BlobStore | None = None
    key: str | None = None  # the committed original, when this request completed the upload


async def _run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))


async def patch(
    db: Session,
    p: Principal,
    case_id: str,
    upload_id: str,
    *,
    content_type: str | None,
    offset_header: str | None,
    checksum_header: str | None,
    body: AsyncIterator[bytes],
    settings: Settings,
    ip: str | None,
) -> PatchResult:
    """Append one request's bytes; complete the upload into an Evidence item when the offset reaches
    its length. The caller commits (and, if that fails, deletes `result.key`)."""
    if (content_type or "").split(";")[0].strip().lower() != OFFSET_CONTENT_TYPE:
        raise UnsupportedMediaType(f"PATCH bodies must be sent as Content-Type: {OFFSET_CONTENT_TYPE}")
    client_offset = parse_non_negative("Upload-Offset", offset_header)
    expected = parse_checksum(checksum_header)
    upload = await _run(get_upload, db, p, case_id, upload_id, lock=True)
    check_not_expired(upload)
    if upload.completed_at is not None:
        if client_offset == upload.length:
            return PatchResult(upload.length, upload.expires_at, upload.evidence_id)
        raise Conflict("This upload is complete", extra={"offset": upload.length})
    store = await _run(ev_flow.blob_store, settings)
    if _holds_write_lock_per_transaction(db):
        await _run(db.commit)
    current = await _run(current_offset, store, upload)
    if client_offset != current:
        raise Conflict(
            f"The upload is at offset {current}, not {client_offset}: ask HEAD and resume from there",
            extra={"offset": current},
        )
    remaining = upload.length - current
    media_type: str | None = upload.metadata_.get("media_type")
    filename = ev_flow.clean_filename(upload.metadata_.get("client", {}).get("filename"))
    prefix = b""
    if current == 0 and media_type is None:
        # Sniff before the first byte is stored; a short first request defers it to completion.
        need = min(SNIFF_BYTES, upload.length)
        prefix = await ev_flow.read_prefix(body, need)
        if len(prefix) >= need:
            try:
                media_type = ev_flow.sniff_checked(prefix[:need], filename)
            except DomainError as exc:
                await _run(_discard_upload, db, store, upload)
                exc.keep_changes = True
                raise
    bridge = ev_flow.ChunkBridge(
        body,
        prefix=prefix,
        limit=remaining,
        limit_message=f"The request carries more than the {remaining} bytes left of this upload",
    )
    counted = running_hashes.take(upload.id, current)
    append = functools.partial(store.append_staged, upload.id, current, digest=counted)
    try:
        if expected is not None:
            work_dir = settings.var_dir / "tmp" / "tus"
            spool = functools.partial(spool_verified, expected=expected, work_dir=work_dir)
            spooled = await bridge.drive(spool)
            try:
                new_offset = await _run(append, spooled.replay())
            finally:
                spooled.discard()
        else:
            new_offset = await bridge.drive(append)
    except BaseException:
        if counted is not None and counted.size:
            await _run(_keep_if_persisted, store, upload.id, current, counted)
        elif counted is not None:
            running_hashes.keep(upload.id, current, counted.digest)  # nothing was taken: still valid
        raise
    if counted is not None and new_offset == current + counted.size:
        running_hashes.keep(upload.id, new_offset, counted.digest)
    return await _run(_after_append, db, p, upload, new_offset, media_type, store, settings, ip)


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
    key = ev_flow.original_key(upload.case_id, upload.id)
    stored = store.commit_staged(upload.id, key, sha256=running_hashes.sha256_at(upload.id, upload.length))
    running_hashes.discard(upload.id)
    try:
        meta = ev_flow.parse_meta(upload.metadata_.get("client", {}), loc="metadata")
        if media_type is None:
            media_type = ev_flow.sniff_checked(
                ev_flow.first_bytes(store, key), ev_flow.clean_filename(meta.filename)
            )
        plan = ev_flow.plan_upload(db, p, upload.case_id, settings, upload_id=upload.id)
        evidence = ev_flow.record_ingest(
            db,
            p,
            plan,
            stored,
            media_type,
            meta,
            settings,
            via="tus",
            ip=ip,
        )
    except DomainError as exc:
        # Refused at the finish line (type, declared checksum, quota, case state): nothing is kept.
        ev_flow.discard_quietly(store, key)
        db.rollback()
        fresh = db.get(Upload, upload.id)
        if fresh is not None:
            db.delete(fresh)
            db.flush()
        exc.keep_changes = True
        if isinstance(exc, ev_flow.ChecksumMismatch):
            raise ChecksumMismatch(exc.detail, extra=exc.extra, keep_changes=True) from exc
        raise
    except BaseException:
        ev_flow.discard_quietly(store, key)
        raise
    upload.completed_at = utcnow()
    upload.evidence_id = evidence.id
    upload.offset = upload.length
    db.flush()
    return PatchResult(upload.length, upload.expires_at, evidence.id, store, key)


# ---- expiry -----------------------------------------------------------------------------------------------


def cleanup_expired(db: Session, store: BlobStore, settings: Settings, *, batch: int = 100) -> int:
    """Drop expired uploads (staged bytes aborted, incomplete S3 multipart uploads included) and
    orphaned staging that has no row. Several processes may run it: rows are claimed with SKIP LOCKED."""
    now = utcnow()
    rows = list(
        db.execute(
            select(Upload)
            .where(Upload.expires_at <= now)
            .order_by(Upload.expires_at)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).scalars()
    )
    for upload in rows:
        if upload.completed_at is None:
            store.abort_staged(upload.id)
            if db.get(Evidence, upload.id) is None:
                # A completion that stored the original but died before its row was committed.
                store.delete(ev_flow.original_key(upload.case_id, upload.id))
        db.delete(upload)
    db.flush()
    orphans = 0
    stale = store.list_stale_staged(now - timedelta(hours=settings.upload_expiry_hours))
    if stale:
        live = set(db.execute(select(Upload.id).where(Upload.id.in_(stale))).scalars())
        for upload_id in stale:
            if upload_id not in live:
                store.abort_staged(upload_id)
                orphans += 1
    return len(rows) + orphans
