"""Evidence ingest: one pipeline for a file sent in one request (multipart) and for a resumable (tus)
upload sent over several requests.

    plan → stream (hash, sniff, limits) → record → schedule

- plan (`plan_upload`): everything that can be refused before a byte is stored. The case exists for
  the caller (404), who may add to it (403) while it is editable (409); the file fits the per-file
  limit and what is left of the case's quota (413); its links name perpetrators and incidents of the
  case (422). A tus upload plans at creation, and its declared length is reserved against the quota
  under the case's row lock (`plan_upload(lock=True)`), after its staging began and with no
  connection held meanwhile, so simultaneous creations never reserve more than the quota. Every
  upload request is first admitted (`admission.upload`: 429 beyond the concurrent uploads allowed).
- stream (`ChunkBridge`): the bytes go from the request body to the BlobStore in ~1 MiB batches read
  ahead while storage writes, never held whole; the store takes their SHA-256 on the way. The media
  type is sniffed from the first SNIFF_BYTES before anything is stored (415 for a refused type), and
  going over the plan's limit stops the stream at once (413).
- record (`record_ingest`): under the case's row lock, what may have changed while the bytes streamed
  is checked again (case state, quota, links, the declared whole-file checksum), then the Evidence
  row and its `uploaded` custody event are written.
- schedule (`settle`): once that is committed, the malware scan is queued (then the sanitised copy,
  `evidence_processing`).

Two rules hold on both paths, and are enforced here:
1. No transaction is open while bytes stream: `before_streaming` commits the planning transaction
   before the first byte is read, so nothing (no lock, no pooled connection, on SQLite not the
   database's write lock) is held for the minutes a large file takes. The one exception is a tus
   PATCH on PostgreSQL, which keeps its upload's row lock (and only that) while it appends: two
   requests never append to one upload at once, which the S3 adapter relies on.
2. Nothing is half-recorded: no Evidence row without its bytes, no stored original without its row.
   The store keeps an object only once it is whole (a refused or broken-off stream leaves nothing; a
   tus upload's staged part is not evidence until complete), and if recording it or committing that
   fails, the stored object is deleted again (`discarded_unless_recorded`, `settle`). A completed
   tus upload is the exception: its bytes came over many requests and cannot be sent again in one,
   so a fault keeps the object, its upload row stays (complete-but-unrecorded), and `tus.finish`
   records it later, once; only a refusal deletes it.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Literal, Protocol, TypeVar, cast

import anyio
import anyio.from_thread
import anyio.to_thread
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from pydantic import ValidationError
from sqlalchemy import func
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import new_id, utcnow
from app.errors import DomainError, Invalid, TooLarge
from app.jobs.queue import defer
from app.models.evidence import Evidence, SanitiseStatus, ScanStatus
from app.schemas.evidence import EvidenceMetaIn
from app.security.permissions import Principal
from app.storage import BlobStore, PutResult
from app.storage.base import MiB
from app.workflows import admission, cases, evidence, scoping
from app.workflows.evidence_media import SNIFF_BYTES, sniff_checked

log = logging.getLogger(__name__)
T = TypeVar("T")

# Bytes gathered on the event loop before one hand-off to the storage thread: few thread hops, flat memory.
HANDOFF_BYTES = 1 * MiB
# Batches read ahead while storage writes (S3 parts upload in parallel, so a few suffice).
READAHEAD_BATCHES = 4


class ChecksumMismatch(DomainError):
    status_code = 422
    title = "Checksum mismatch"
    type_slug = "checksum-mismatch"


def in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Awaitable[T]:
    """Blocking work (database, storage) off the event loop."""
    return anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))


# ---- plan -------------------------------------------------------------------------------------------------


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
        evidence.check_ref_sets(
            self.perpetrator_ids, self.incident_ids, meta.perpetrator_ids, meta.incident_ids
        )


def plan_upload(
    db: Session,
    p: Principal,
    case_id: str,
    settings: Settings,
    *,
    declared_size: int | None = None,
    meta: EvidenceMetaIn | None = None,
    upload_id: str | None = None,
    lock: bool = False,
) -> UploadPlan:
    """Everything that can be refused before a byte is stored: 404, 403, 409, 413 (size or quota), 422.

    `lock` takes the case's row lock (until the transaction ends): what is planned then, a tus
    upload's reservation, cannot race another upload's check of the same quota."""
    case = cases.get_case(db, p, case_id, for_update=lock)
    evidence.check_can_add(p, case)
    if meta is not None:
        evidence.check_refs(case, meta.perpetrator_ids, meta.incident_ids)
    max_bytes = settings.max_upload_bytes
    remaining = settings.case_quota_bytes - evidence.quota_used(db, p, case.id, exclude_upload=upload_id)
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
    perpetrators, incidents = evidence.ref_sets(case)
    return UploadPlan(
        case.id,
        case.org_id,
        evidence_id,
        evidence.original_key(case.id, evidence_id),
        limit,
        message,
        upload_id,
        perpetrators,
        incidents,
    )


# ---- stream -----------------------------------------------------------------------------------------------


def may_hold_row_lock(db: Session) -> bool:
    """Whether a row lock can be held while bytes stream (rule 1's one exception): not on SQLite, which
    takes the whole database's write lock at BEGIN. The local store locks each staged upload itself."""
    return db.get_bind().dialect.name != "sqlite"


async def before_streaming(db: Session, *, keep_row_lock: bool = False) -> None:
    """Rule 1: end the transaction before the first byte is read (unless it holds a row lock it may keep)."""
    if keep_row_lock and may_hold_row_lock(db):
        return
    await in_thread(db.commit)


class ChunkBridge:
    """Feeds an async byte stream (a request body) to blocking code running in a worker thread.

    `await bridge.drive(fn)` runs `fn(bridge)` in a worker thread while a task on the event loop
    reads ahead up to READAHEAD_BATCHES batches of ~1 MiB: the socket is read while storage writes
    (an S3 part upload, age encryption), and no faster than storage drains it (back-pressure), so
    memory stays flat. Going over `limit` raises TooLarge at once, and the source's own error (a
    client that dropped) is raised in `fn`, where the store turns it into "nothing kept"
    (put_stream) or "prefix kept, resumable" (append_staged).
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


# ---- record and schedule ----------------------------------------------------------------------------------


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
    quota). Call it inside `discarded_unless_recorded`: on any error the stored object goes."""
    case = cases.get_case(db, p, plan.case_id, for_update=True)
    evidence.check_can_add(p, case)
    if meta.sha256 is not None and meta.sha256 != stored.sha256:
        raise ChecksumMismatch(
            "The file's SHA-256 does not match the checksum you declared; it was discarded",
            extra={"declared_sha256": meta.sha256, "received_sha256": stored.sha256},
        )
    if (
        evidence.quota_used(db, p, case.id, exclude_upload=plan.upload_id) + stored.size
        > settings.case_quota_bytes
    ):
        raise TooLarge(
            f"The case's evidence quota of {settings.case_quota_bytes} bytes would be exceeded",
            extra={"quota_bytes": settings.case_quota_bytes},
        )
    evidence.check_refs(case, meta.perpetrator_ids, meta.incident_ids)
    number = int(
        db.execute(
            scoping.evidence(p)  # deleted items keep their numbers
            .with_only_columns(func.coalesce(func.max(Evidence.number), 0))
            .where(Evidence.case_id == case.id)
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
    evidence.record_custody(
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


async def discard(store: BlobStore, key: str) -> None:
    with anyio.CancelScope(shield=True):  # a cancelled request still cleans up
        await in_thread(discard_quietly, store, key)


@contextmanager
def discarded_unless_recorded(store: BlobStore, key: str) -> Iterator[None]:
    """Rule 2 while recording: if the block fails, the object stored under `key` is deleted."""
    try:
        yield
    except BaseException:
        discard_quietly(store, key)
        raise


@asynccontextmanager
async def discarded_unless_recorded_async(store: BlobStore, key: str) -> AsyncIterator[None]:
    try:
        yield
    except BaseException:
        await discard(store, key)
        raise


async def settle(
    db: Session, *, evidence_id: str | None, store: BlobStore | None = None, key: str | None = None
) -> None:
    """The end of every ingest request: commit; if that fails, the object just stored under `key` is
    deleted (rule 2); then the new item's processing is queued, in a transaction of its own."""
    try:
        await in_thread(db.commit)
    except BaseException:
        if store is not None and key is not None:
            await discard(store, key)
        raise
    if evidence_id is not None:
        await in_thread(schedule_processing, db, evidence_id)


# ---- a file in one request --------------------------------------------------------------------------------


class IncomingFile(Protocol):
    """A file arriving in one request with what its sender says about it, parsed by the API layer
    (`app/api/multipart.py`). Details are the raw values sent with it, and `filename`: the file's
    name as sent ('' if none)."""

    @property
    def least_size(self) -> int | None:
        """The file has at least this many bytes (known from the request's length), if known."""
        ...

    async def details(self) -> dict[str, str]:
        """Read up to the file's first byte; the details sent before it."""
        ...

    def chunks(self) -> AsyncIterator[bytes]: ...

    async def all_details(self) -> dict[str, str]:
        """Read the rest of the request; every detail, those sent after the file too."""
        ...


async def receive(
    db: Session, p: Principal, case_id: str, incoming: IncomingFile, settings: Settings, *, ip: str | None
) -> Evidence:
    """The whole pipeline for a file in one request; returns the committed item (processing queued).

    Admitted first (429 beyond the concurrent uploads allowed); the planning transaction ends before
    storage is first touched, so no connection is held across S3 calls."""
    with admission.upload(p, settings):
        plan = await in_thread(plan_upload, db, p, case_id, settings)
        if incoming.least_size is not None and incoming.least_size > plan.limit:
            raise TooLarge(plan.limit_message)
        await before_streaming(db)
        store = await in_thread(evidence.blob_store, settings)  # storage down: 503 before a byte is read
        early = await incoming.details()
        plan.check_refs(parse_meta(early, loc="body"))
        chunks = incoming.chunks()
        prefix = await read_prefix(chunks, SNIFF_BYTES)
        media_type = sniff_checked(prefix, early.get("filename", ""))
        bridge = ChunkBridge(chunks, prefix=prefix, limit=plan.limit, limit_message=plan.limit_message)
        stored = await bridge.drive(functools.partial(store.put_stream, plan.key))
        async with discarded_unless_recorded_async(store, plan.key):
            meta = parse_meta(await incoming.all_details(), loc="body")
            ev = await in_thread(
                record_ingest, db, p, plan, stored, media_type, meta, settings, via="multipart", ip=ip
            )
        await settle(db, evidence_id=ev.id, store=store, key=plan.key)
        return ev
