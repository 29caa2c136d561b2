"""Resumable uploads (the tus protocol's semantics; its HTTP side is `app/api/tus_protocol.py`).

An upload is created with its length and what the uploader says about the file, checked then as far
as possible (`ingest.plan_upload`: case, permission, limits, quota, which reserves the length). Its
bytes are staged in the BlobStore (encrypted at rest, S3 multipart or age segments) so any API
process can continue it. A request that breaks off keeps what arrived, and the upload resumes from
the store's persisted offset. With a checksum (SHA-1, MD5, CRC32 or SHA-256 of the request's
bytes), a request's bytes are first spooled (age-encrypted with a key that exists only in memory) and
appended only once their checksum matches; otherwise the whole request is discarded. When the offset
reaches the length, the upload becomes an Evidence item through the same pipeline as a file sent in
one request (`ingest`: sniffed type, declared whole-file SHA-256, quota), and its rules hold here too.

Completion survives faults (`finish`). The request that stages the last byte first commits the mark
"every byte is here" (the row's offset reaches its length), then makes the staged bytes the stored
object and records the Evidence item under the upload's row lock. If the database (or the store)
fails anywhere in between, nothing is deleted: the upload stays complete-but-unrecorded, the client
is answered 503 + Retry-After, and recording is finished, exactly once (the item's id is the
upload's), by the next HEAD or PATCH of the upload or by the periodic `finish_unrecorded`. Only a
refusal (4xx: type, declared checksum, quota, case state) discards the bytes.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import logging
import os
import tempfile
import threading
import zlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyrage
from pyrage import x25519
from sqlalchemy import or_
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import new_id, utcnow
from app.errors import Conflict, DomainError, NotFound, Unavailable
from app.models.evidence import Evidence, Upload
from app.models.identity import OrgKind, Role
from app.schemas.evidence import EvidenceMetaIn
from app.security.permissions import Principal
from app.storage import BlobStore, PutResult
from app.storage.base import ChunkReader, sha256_hex
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


class _Crc32:
    """CRC-32 (IEEE, as zlib and tusd compute it) with hashlib's update/digest; the digest is big-endian."""

    def __init__(self) -> None:
        self._value = 0

    def update(self, data: Any, /) -> None:
        self._value = zlib.crc32(data, self._value)

    def digest(self) -> bytes:
        return self._value.to_bytes(4, "big")


# The tus checksum extension's algorithms for one request's bytes, with their digest sizes. They only
# guard the transfer; the whole file's SHA-256 stays the evidence's identity.
CHECKSUM_ALGORITHMS: dict[str, tuple[Callable[[], Any], int]] = {
    "sha1": (functools.partial(hashlib.sha1, usedforsecurity=False), 20),
    "md5": (functools.partial(hashlib.md5, usedforsecurity=False), 16),
    "crc32": (_Crc32, 4),
    "sha256": (hashlib.sha256, 32),
}


@dataclass(frozen=True)
class RequestChecksum:
    """What one request's bytes must hash to: an algorithm of CHECKSUM_ALGORITHMS and its digest."""

    algorithm: str
    digest: bytes

    def __post_init__(self) -> None:
        if self.algorithm not in CHECKSUM_ALGORITHMS:
            raise ValueError(f"unknown checksum algorithm {self.algorithm!r}")
        if len(self.digest) != CHECKSUM_ALGORITHMS[self.algorithm][1]:
            raise ValueError(f"a {self.algorithm} digest has {CHECKSUM_ALGORITHMS[self.algorithm][1]} bytes")

    def hasher(self) -> Any:
        return CHECKSUM_ALGORITHMS[self.algorithm][0]()


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
        metadata_={"client": client_meta, "media_type": None, "actor": _actor(p, None)},
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


def _actor(p: Principal, ip: str | None) -> dict[str, Any]:
    """Who is uploading, kept on the upload so that the periodic job can finish recording it for them."""
    return {
        "org_id": p.org_id,
        "org_kind": p.org_kind.value,
        "role": p.role.value,
        "permissions": sorted(p.permissions),
        "user_id": p.user_id,
        "token_id": p.token_id,
        "ip": ip,
    }


def _principal_of(upload: Upload) -> tuple[Principal, str | None] | None:
    """The uploader as `_actor` kept them (and their address), or None for an upload that has none."""
    data = upload.metadata_.get("actor")
    if not isinstance(data, dict) or data.get("org_id") != upload.org_id:
        return None
    principal = Principal(
        org_id=data["org_id"],
        org_kind=OrgKind(data["org_kind"]),
        role=Role(data["role"]),
        permissions=frozenset(data["permissions"]),
        user_id=data.get("user_id"),
        token_id=data.get("token_id"),
    )
    return principal, data.get("ip")


def get_upload(
    db: Session, p: Principal, case_id: str, upload_id: str, *, lock: bool = False, wait: bool = False
) -> Upload:
    """An upload of the caller's organisation on a case it sees; 404 otherwise (other tenants too).

    `lock`: its row lock, refused at once (409) if another request holds it, or waited for (`wait`)."""
    case = cases.get_case(db, p, case_id)
    stmt = scoping.uploads(p).where(Upload.id == upload_id, Upload.case_id == case.id)
    if lock and ingest.may_hold_row_lock(db):
        # The S3 adapter relies on this row lock to keep appends to one upload from interleaving.
        stmt = stmt.with_for_update() if wait else stmt.with_for_update(nowait=True)
        # What the lock's previous holder committed (a completion) must be seen, not this session's copy.
        stmt = stmt.execution_options(populate_existing=True)
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
    """The offset to resume from: the staged bytes' end, or the length once every byte is stored (an
    upload completed in the store, recorded or not); 410 if its bytes are gone."""
    if upload.completed_at is not None:
        return upload.length
    try:
        return store.staged_offset(upload.id)
    except NotFound:
        if store.exists(evidence.original_key(upload.case_id, upload.id)):
            return upload.length  # completed in the store by a request whose recording failed
        raise evidence.Gone("This upload's data is gone (it expired or failed); start a new one") from None


def upload_state(
    db: Session, p: Principal, case_id: str, upload_id: str, settings: Settings
) -> tuple[Upload, int]:
    """An unexpired upload of the caller's and the offset to resume from.

    An upload whose every byte is stored but whose recording a fault interrupted is recorded now
    (503 + Retry-After while that cannot be done), so a client never hears "complete" for an upload
    that is not evidence yet, nor 410 for bytes the server holds."""
    upload = get_upload(db, p, case_id, upload_id)
    if upload.completed_at is not None:
        return upload, upload.length
    db.commit()  # no connection held while the store is asked (a stalled S3 must not drain the pool)
    store = evidence.blob_store(settings)
    offset = current_offset(store, upload)
    if offset < upload.length:
        check_not_expired(upload)
        return upload, offset
    result = finish(db, p, case_id, upload_id, store, settings, None, wait=False)
    if result.key is not None and result.evidence_id is not None:  # recorded by this request
        ingest.schedule_processing(db, result.evidence_id)
    db.commit()
    return get_upload(db, p, case_id, upload_id), upload.length


def terminate(db: Session, p: Principal, case_id: str, upload_id: str, settings: Settings) -> None:
    """Drop an upload: its row, then its staged bytes (evidence already made from it stays).

    No connection or lock is held while the store is asked (a stalled S3 must not drain the pool).
    The row is deleted under its lock (409 while a PATCH or a completion holds it) and that is
    committed first: from then on no request can append to it, finish it or resume it (404). Then
    the staging is aborted, with the object a completion stored but never recorded. If the store
    fails there the upload is still gone (204); staging that has no row is aborted by the periodic
    cleanup (`cleanup_expired`)."""
    upload = get_upload(db, p, case_id, upload_id, lock=True)
    running_hashes.discard(upload.id)
    staged = upload.completed_at is None
    recorded = db.execute(scoping.evidence(p).where(Evidence.id == upload.id)).first() is not None
    key = evidence.original_key(upload.case_id, upload.id)
    db.delete(upload)
    db.commit()
    if not staged:
        return
    try:
        store = evidence.blob_store(settings)
        store.abort_staged(upload_id)
        if not recorded:
            store.delete(key)  # stored by a completion whose recording failed: never evidence now
    except Exception:  # noqa: BLE001 - the upload is gone; what the store keeps, the cleanup sweeps
        log.warning("upload %s terminated; its staged bytes are left to the periodic cleanup", upload_id)


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


def spool_verified(chunks: Iterable[bytes], expected: RequestChecksum, work_dir: Path) -> SpooledChunk:
    """Spool a request body to disk, age-encrypted with a throwaway in-memory key, and check its checksum.

    A mismatch (460) or a dropped connection discards it all: with a checksum, unverified bytes are
    never appended. Plaintext never touches the disk."""
    work_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    identity = x25519.Identity.generate()
    hasher = expected.hasher()
    reader = ChunkReader(chunks, digest=hasher, own_hash=False)
    fd, name = tempfile.mkstemp(dir=work_dir, prefix="tus-chunk-")
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            pyrage.encrypt_io(reader, out, [identity.to_public()])
        if reader.error is not None:
            raise reader.error
        received = hasher.digest()
        if received != expected.digest:
            raise RequestChecksumMismatch(
                "The bytes of this request do not match their checksum; none were kept. "
                "Send them again from the same offset.",
                extra={
                    "checksum_algorithm": expected.algorithm,
                    "received_checksum": base64.b64encode(received).decode(),
                },
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
    checksum: RequestChecksum | None,
    body: AsyncIterator[bytes],
    settings: Settings,
    ip: str | None,
) -> PatchResult:
    """Append one request's bytes at `offset` (with `checksum`, what they must hash to); complete
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
    checksum: RequestChecksum | None,
    body: AsyncIterator[bytes],
    settings: Settings,
    ip: str | None,
) -> PatchResult:
    upload = await in_thread(get_upload, db, p, case_id, upload_id, lock=True)
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
    if current < upload.length:
        check_not_expired(upload)
    elif offset == current:
        # Every byte is here already (a fault stopped an earlier completion): record it now.
        replay = await in_thread(_finish_locked, db, p, upload, store, settings, ip)
        await ingest.settle(db, evidence_id=replay.evidence_id)
        return replay
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
    # No `store`/`key` here: if this commit fails, the stored object stays for `finish` to record.
    await ingest.settle(db, evidence_id=result.evidence_id)
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
    # The mark "every byte is staged" is committed before the store completes the object: from here
    # on a fault leaves an upload that `finish_unrecorded` finds (offset = length, not completed).
    upload.metadata_ = {**upload.metadata_, "actor": _actor(p, ip)}
    db.commit()
    locked = get_upload(db, p, upload.case_id, upload.id, lock=True, wait=True)
    return _finish_locked(db, p, locked, store, settings, ip)


def finish(
    db: Session,
    p: Principal,
    case_id: str,
    upload_id: str,
    store: BlobStore,
    settings: Settings,
    ip: str | None,
    *,
    wait: bool,
) -> PatchResult:
    """Record an upload whose every byte is stored (`_finish_locked`), under its row lock; while
    another request holds that lock (it is finishing it), 503 + Retry-After, unless `wait`."""
    try:
        upload = get_upload(db, p, case_id, upload_id, lock=True, wait=wait)
    except Conflict as exc:
        raise Unavailable(
            "This upload is being recorded; ask again in a moment", headers={"Retry-After": "2"}
        ) from exc
    return _finish_locked(db, p, upload, store, settings, ip)


def _finish_locked(
    db: Session,
    p: Principal,
    upload: Upload,
    store: BlobStore,
    settings: Settings,
    ip: str | None,
) -> PatchResult:
    """The Evidence item of an upload whose every byte is stored, recorded once (idempotent).

    Called with the upload's row lock held (or on SQLite, which has one writer). Already recorded:
    answered again. Else the staged bytes become the stored object (or an earlier attempt did that)
    and the item is recorded in the caller's transaction. Only a refusal (4xx) discards the object
    and the upload; a fault (database, store: 5xx) leaves both for the next attempt."""
    if upload.completed_at is not None:
        return PatchResult(upload.length, upload.expires_at, upload.evidence_id)
    key = evidence.original_key(upload.case_id, upload.id)
    stored = _stored(store, upload, key)
    try:
        meta = ingest.parse_meta(upload.metadata_.get("client", {}), loc="metadata")
        media_type: str | None = upload.metadata_.get("media_type")
        if media_type is None:
            media_type = sniff_checked(ingest.first_bytes(store, key), ingest.clean_filename(meta.filename))
        plan = ingest.plan_upload(db, p, upload.case_id, settings, upload_id=upload.id)
        item = ingest.record_ingest(db, p, plan, stored, media_type, meta, settings, via="tus", ip=ip)
    except DomainError as exc:
        if exc.status_code >= 500:
            raise  # a fault (the store unreachable): kept, finished later
        # Refused at the finish line (type, declared checksum, quota, case state): the upload goes too.
        ingest.discard_quietly(store, key)
        running_hashes.discard(upload.id)
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
    running_hashes.discard(upload.id)
    return PatchResult(upload.length, upload.expires_at, item.id, key)


def _stored(store: BlobStore, upload: Upload, key: str) -> PutResult:
    """The stored object of an upload whose every byte has arrived: committed now from its staged
    bytes, or found where an earlier, unrecorded completion left it (and hashed unless this process
    still has the hash it took as the bytes streamed in)."""
    sha256 = running_hashes.sha256_at(upload.id, upload.length)
    try:
        staged = store.staged_offset(upload.id)
    except NotFound:
        if not store.exists(key):
            raise evidence.Gone("This upload's data is gone; start a new one") from None
        return PutResult(store.size(key), sha256 or sha256_hex(store.open_stream(key)))
    if staged != upload.length:
        raise Conflict(f"The upload is at offset {staged}, not complete", extra={"offset": staged})
    return store.commit_staged(upload.id, key, sha256=sha256)


def _all_stored(store: BlobStore, upload: Upload) -> bool:
    try:
        return current_offset(store, upload) == upload.length
    except evidence.Gone:
        return False


def finish_unrecorded(
    sm: sessionmaker[Session], settings: Settings, *, grace: timedelta = timedelta(minutes=1), batch: int = 20
) -> int:
    """The periodic job's part: record uploads a fault left complete-but-unrecorded; how many it did.

    Candidates are uploads not completed whose mark says every byte is staged (quiet for `grace`, so
    a request finishing one itself is not raced) and expired ones (whose bytes may all be stored:
    recorded here rather than dropped by `cleanup_expired`). Each is finished for its uploader in a
    transaction of its own, under its row lock (skipped while another process holds it)."""
    now = utcnow()
    quiet_since = now + timedelta(hours=settings.upload_expiry_hours) - grace
    with sm() as db:
        rows = list(
            db.execute(
                scoping.unscoped_uploads()
                .where(
                    Upload.completed_at.is_(None),
                    or_(Upload.offset >= Upload.length, Upload.expires_at <= now),
                    Upload.expires_at <= quiet_since,
                )
                .order_by(Upload.expires_at)
                .limit(batch)
            ).scalars()
        )
        db.commit()
    if not rows:
        return 0
    store = evidence.blob_store(settings)
    done = 0
    for row in rows:
        actor = _principal_of(row)
        if actor is None:
            continue
        p, ip = actor
        try:
            if row.offset < row.length and not _all_stored(store, row):
                continue  # expired with bytes missing: `cleanup_expired` drops it
            with sm() as db:
                try:
                    result = finish(db, p, row.case_id, row.id, store, settings, ip, wait=False)
                except DomainError as exc:
                    if exc.keep_changes:
                        db.commit()  # a refusal: the upload and its object are gone
                    raise
                if result.key is not None and result.evidence_id is not None:
                    ingest.schedule_processing(db, result.evidence_id)
                    done += 1
                db.commit()
        except evidence.Gone:
            continue  # nothing stored: `cleanup_expired` drops it
        except DomainError as exc:
            if exc.status_code >= 500:
                log.warning("upload %s is still unrecorded: %s", row.id, exc.detail)
            else:
                log.warning("upload %s was refused when its recording was finished: %s", row.id, exc.detail)
    if done:
        log.info("recorded %d uploads that a fault had left unrecorded", done)
    return done


# ---- expiry -----------------------------------------------------------------------------------------------


def cleanup_expired(db: Session, store: BlobStore, settings: Settings, *, batch: int = 100) -> int:
    """Drop expired uploads (staged bytes aborted, incomplete S3 multipart uploads included) and
    orphaned staging that has no row; how many. An expired upload whose every byte is stored (a fault
    stopped its recording) is left to `finish_unrecorded`. Several processes may run it: rows are
    claimed with SKIP LOCKED."""
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
    removed = 0
    for upload in rows:
        if upload.completed_at is None:
            if _principal_of(upload) is not None and _all_stored(store, upload):
                # Every byte is stored, but a fault stopped the recording: `finish_unrecorded`
                # records it (never drop bytes the server holds).
                continue
            store.abort_staged(upload.id)
            if db.execute(scoping.unscoped_evidence().where(Evidence.id == upload.id)).first() is None:
                # Left by a completion that had no uploader to finish it for (an upload from before
                # uploads kept theirs).
                store.delete(evidence.original_key(upload.case_id, upload.id))
        db.delete(upload)
        removed += 1
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
    return removed + orphans
