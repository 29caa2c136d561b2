"""The reproducible ZIP: evidence streamed from the BlobStore and verified on the way, then small files.

Stored, not compressed (evidence is mostly compressed media already). Memory stays flat whatever the
size of the evidence: one reader thread per item, a bounded queue, and the ZIP written as a stream.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import zipstream

from app.errors import NotFound
from app.storage import BlobStore
from app.workflows.packaging.selection import EvidenceItem, EvidenceUnavailable

PREFETCH_CHUNKS = 2  # bounded: memory stays flat whatever the size of the evidence
DateTime = tuple[int, int, int, int, int, int]


class ReproducibleZip(zipstream.ZipStream):  # type: ignore[misc]
    """zipstream-ng stamps data entries with the current time; this stamps them with a fixed one.

    zipstream-ng 1.9 has no per-entry date for data entries, so the DOS time/date fields of each local
    header (bytes 10-13, the first chunk an entry yields) are overwritten, and the entry's ZipInfo is
    given the same date for the central directory, written at the end.
    """

    def __init__(self, date_time: DateTime) -> None:
        super().__init__(compress_type=zipstream.ZIP_STORED)
        self._fixed = date_time
        y, mo, d, h, mi, s = date_time
        dos_date = (y - 1980) << 9 | mo << 5 | d
        dos_time = h << 11 | mi << 5 | s // 2
        self._dos = dos_time.to_bytes(2, "little") + dos_date.to_bytes(2, "little")

    def _gen_file_entry(self, **kwargs: Any) -> Iterator[bytes]:
        first = True
        for chunk in super()._gen_file_entry(**kwargs):
            if first:
                if chunk[:4] != b"PK\x03\x04":  # pragma: no cover - guards a library change
                    raise RuntimeError("unexpected zipstream-ng output: no local header first")
                chunk = chunk[:10] + self._dos + chunk[14:]
                first = False
            yield chunk
        self._filelist[-1].date_time = self._fixed


def zip_date_time(moment: datetime) -> DateTime:
    m = moment.astimezone(UTC)
    return (max(m.year, 1980), m.month, m.day, m.hour, m.minute, m.second)


@dataclass
class ZipPlan:
    """What goes into the package, in order: the evidence streamed from storage, then the small files
    built in memory (index, dossier, manifest)."""

    date_time: DateTime
    evidence: list[tuple[EvidenceItem, int]]  # item and its verified size
    files: list[tuple[str, bytes]]

    @property
    def evidence_bytes(self) -> int:
        return sum(n for _, n in self.evidence)


@dataclass(frozen=True)
class _Digest:
    sha256: str
    size: int


def _read_and_hash(
    store: BlobStore, item: EvidenceItem, out: queue.Queue[Any], stop: threading.Event
) -> None:
    """Producer thread: read the shared copy and hash it (hashlib releases the GIL, so this overlaps
    with the ZIP writer and the store's own work in the main thread)."""

    def put(value: Any) -> bool:
        while not stop.is_set():
            try:
                out.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    digest = hashlib.sha256()
    n = 0
    try:
        with contextlib.closing(iter(store.open_stream(item.shared_key))) as chunks:  # type: ignore[type-var]
            for chunk in chunks:
                digest.update(chunk)
                n += len(chunk)
                if not put(chunk):
                    return
        put(_Digest(digest.hexdigest(), n))
    except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised in the build thread
        put(exc)


def _unreadable(item: EvidenceItem, exc: BaseException) -> EvidenceUnavailable:
    if isinstance(exc, NotFound):
        return EvidenceUnavailable(item, "is missing from storage")
    return EvidenceUnavailable(item, f"could not be read from storage ({exc})")


def _verified(
    store: BlobStore, item: EvidenceItem, size: int, count: Callable[[int], None]
) -> Iterator[bytes]:
    """The shared copy's bytes, hashed on the way; the stream fails at its end if they are not genuine."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=PREFETCH_CHUNKS)
    stop = threading.Event()
    reader = threading.Thread(
        target=_read_and_hash, args=(store, item, chunks, stop), name=f"package-{item.label}", daemon=True
    )
    reader.start()
    try:
        while True:
            value = chunks.get()
            if isinstance(value, _Digest):
                break
            if isinstance(value, BaseException):
                raise _unreadable(item, value) from value
            count(len(value))
            yield value
    finally:
        stop.set()
        reader.join()
    if value.size != size or value.sha256 != item.shared_sha256:
        raise EvidenceUnavailable(
            item,
            f"failed its integrity check: the stored {_copy(item)} has SHA-256 {value.sha256} "
            f"({value.size} bytes), the recorded one is {item.shared_sha256}",
        )


def _copy(item: EvidenceItem) -> str:
    return "original" if item.shared == "original" else "shared copy"


def zip_chunks(plan: ZipPlan, store: BlobStore, count: Callable[[int], None]) -> Iterator[bytes]:
    z = ReproducibleZip(plan.date_time)
    for item, size in plan.evidence:
        z.add(_verified(store, item, size, count), item.path, size=size)
    for name, data in plan.files:
        z.add(data, name)
    yield from z


def preflight(store: BlobStore, items: list[EvidenceItem]) -> list[tuple[EvidenceItem, int]]:
    """Every shared file is present, with the recorded size: fail before streaming anything."""
    out = []
    for item in items:
        try:
            size = store.size(item.shared_key)
        except Exception as exc:
            raise _unreadable(item, exc) from exc
        if item.shared_size is not None and size != item.shared_size:
            raise EvidenceUnavailable(
                item,
                f"failed its integrity check: {size} bytes stored, {item.shared_size} recorded",
            )
        out.append((item, size))
    return out
