"""The evidence blob store contract, shared by the local (age-encrypted) and S3 adapters."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from app.errors import DomainError, Invalid, TooLarge

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MiB = 1024 * 1024

# Keys and upload ids become file paths and S3 keys: allow no "..", no leading "/", no odd bytes.
_KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
_UPLOAD_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,128}")


class BlobCorrupted(DomainError):
    """Stored bytes failed their integrity check (tampering, truncation or disk damage)."""

    status_code = 500
    title = "Stored evidence failed its integrity check"
    type_slug = "blob-corrupted"


class Digest(Protocol):
    def update(self, data: Any, /) -> None: ...


@dataclass(frozen=True, slots=True)
class PutResult:
    size: int
    sha256: str  # hex digest of the plaintext


class BlobStore(Protocol):
    """Write-once storage of evidence originals.

    Every method is blocking (run it in a worker thread, not on the event loop). Appends to one
    staged upload must not run concurrently: the local adapter refuses a second writer (409), the S3
    adapter relies on the caller holding a lock on the upload (e.g. its database row).
    """

    def put_stream(self, key: str, chunks: Iterable[bytes]) -> PutResult:
        """Store a new object; 409 if `key` exists. Nothing is left behind if `chunks` raises."""
        ...

    def open_stream(self, key: str) -> Iterator[bytes]:
        """Plaintext chunks; raises BlobCorrupted (after the intact prefix) if the object was damaged."""
        ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...

    def begin_staged(self, upload_id: str, key: str) -> None:
        """Start a resumable upload that `commit_staged` will store as `key`."""
        ...

    def append_staged(
        self, upload_id: str, offset: int, chunks: Iterable[bytes], *, digest: Digest | None = None
    ) -> int:
        """Append at `offset` (409 if it is not the persisted offset) and return the new offset.

        If `chunks` raises midway, the bytes received so far are persisted and the error re-raised:
        `staged_offset` then tells the client where to resume. `digest`, when given, is updated
        with every byte taken from `chunks` (so a caller can hash the whole upload as it streams).
        """
        ...

    def staged_offset(self, upload_id: str) -> int: ...

    def abort_staged(self, upload_id: str) -> None: ...

    def commit_staged(self, upload_id: str, key: str, *, sha256: str | None = None) -> PutResult:
        """Make the staged bytes the object `key` (the key given to `begin_staged`).

        `sha256` is the caller's hash of exactly the staged bytes, computed while they streamed in;
        without it the store reads the staged bytes back once to hash them.
        """
        ...

    def list_stale_staged(self, older_than: datetime) -> list[str]:
        """Upload ids begun before `older_than` (naive datetimes are taken as UTC)."""
        ...


def check_key(key: str) -> str:
    if len(key) > 512 or not _KEY_RE.fullmatch(key):
        raise Invalid(f"Invalid blob key {key!r}")
    return key


def check_upload_id(upload_id: str) -> str:
    if not _UPLOAD_ID_RE.fullmatch(upload_id):
        raise Invalid(f"Invalid upload id {upload_id!r}")
    return upload_id


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


class ChunkReader(io.RawIOBase):
    """A readable file over an iterator of chunks that hashes and counts as it goes.

    An exception from the source (a client dropping mid-upload) or going over `limit` ends the
    stream as EOF and is kept in `error`: consumers such as pyrage (which would wrap it) finish what
    they received cleanly, and the caller decides whether to keep the prefix and re-raise.
    """

    def __init__(
        self,
        chunks: Iterable[bytes],
        *,
        limit: int | None = None,
        digest: Digest | None = None,
        own_hash: bool = True,
    ) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")
        self._limit = limit
        # Appends hash into the caller's running digest (if any) and skip their own: SHA-256 is
        # a good part of the CPU an upload costs.
        self._hash = hashlib.sha256() if own_hash else None
        self._digest = digest
        self.size = 0
        self.error: BaseException | None = None

    @property
    def sha256(self) -> str:
        if self._hash is None:
            raise RuntimeError("this reader does not hash")
        return self._hash.hexdigest()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._pending:
            if self.error is not None:
                return 0
            try:
                chunk = next(self._chunks)
            except StopIteration:
                return 0
            except Exception as exc:  # noqa: BLE001 - kept and re-raised by the caller
                self.error = exc
                return 0
            if self._limit is not None and self.size + len(chunk) > self._limit:
                self.error = TooLarge(f"The file exceeds the {self._limit} byte limit")
                return 0
            # Copy anything mutable: a source reusing its buffer must not change what we hashed.
            self._pending = memoryview(chunk if type(chunk) is bytes else bytes(chunk)).cast("B")
            self.size += len(self._pending)
            if self._hash is not None:
                self._hash.update(self._pending)
            if self._digest is not None:
                self._digest.update(self._pending)
        with memoryview(buffer).cast("B") as target:
            n = min(len(target), len(self._pending))
            target[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def fill(self, buffer: bytearray, filled: int = 0) -> int:
        """Read into `buffer` from `filled` on; returns how full it is (short only at the stream's end)."""
        with memoryview(buffer) as view:
            while filled < len(buffer):
                with view[filled:] as rest:
                    n = self.readinto(rest)
                if n == 0:
                    break
                filled += n
        return filled


def sha256_hex(chunks: Iterable[bytes]) -> str:
    """The SHA-256 of a stream (a store hashing staged bytes it was not given a hash for)."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()
