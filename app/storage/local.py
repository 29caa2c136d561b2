"""Evidence on the local disk, encrypted at rest with age (X25519) through pyrage.

Layout under the storage root:
  objects/<key>.age                      an object stored in one piece (put_stream), write-once
  objects/<key>.segments/<start>+<len>.age  an object committed from a resumable upload: its segments
  staging/<upload_id>/lock               created by begin_staged; its mtime is the begin time
  staging/<upload_id>/<start>+<len>.age  one age file per persisted append (segment)

Staged bytes are encrypted too (one age stream per append, since a finished age stream cannot be
extended): a half-finished upload of a testimony on disk is as dangerous as a finished one. Commit
renames the staging directory into place: the segments already are the encrypted object, so a
committed upload is never decrypted and re-encrypted (that used to cost more than the upload).
Readers chain the segments' plaintext; each segment is authenticated by age, and their names carry
the byte ranges, so a missing, reordered or truncated segment is detected.
"""

from __future__ import annotations

import fcntl
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import pyrage
from pyrage import x25519

from app.errors import Conflict, NotFound
from app.storage.base import (
    BlobCorrupted,
    ChunkReader,
    Digest,
    PutResult,
    as_utc,
    check_key,
    check_upload_id,
    sha256_hex,
)
from app.storage.pushed import pushed_chunks

log = logging.getLogger(__name__)

_SEGMENT_RE = re.compile(r"(\d{20})\+(\d{20})\.age")
_SEGMENTS_SUFFIX = ".segments"
_WRITEBACK_BYTES = 8 * 1024 * 1024
_AGE_CHUNK = 64 * 1024
_AGE_TAG = 16
_AGE_NONCE = 16


def load_or_create_identity(path: Path) -> Any:
    """The age identity in `path`, generated (mode 0600) on first use. Losing it loses every blob."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        identity = x25519.Identity.generate()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".age-identity.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as f:
                f.write(f"# public key: {identity.to_public()}\n{identity}\n")
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(tmp, path)  # never clobber: a concurrent process may have created it first
            except FileExistsError:
                pass
        finally:
            os.unlink(tmp)
    if path.stat().st_mode & 0o077:
        log.warning("age identity %s is readable by group/others; chmod 600 it", path)
    return parse_identity(path.read_text())


def parse_identity(text: str) -> Any:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return x25519.Identity.from_str(line)
    raise ValueError("no AGE-SECRET-KEY line found")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _plaintext_size(path: Path) -> int:
    """Plaintext length from the ciphertext length: header, 16-byte nonce, 64 KiB chunks + 16-byte tags."""
    with path.open("rb") as f:
        head = f.read(64 * 1024)
    end = head.find(b"\n--- ")
    newline = head.find(b"\n", end + 1) if end >= 0 else -1
    if newline < 0:
        raise BlobCorrupted("Stored evidence has no valid age header")
    payload = path.stat().st_size - (newline + 1) - _AGE_NONCE
    chunks = max(1, -(-payload // (_AGE_CHUNK + _AGE_TAG)))
    if payload < _AGE_TAG:
        raise BlobCorrupted("Stored evidence is truncated")
    return payload - chunks * _AGE_TAG


class _WritebackFile(io.RawIOBase):
    """Unbuffered writes to `fd` that start the disk's write-back every few MiB.

    POSIX_FADV_DONTNEED makes Linux begin writing the dirty range (and drop it from the page cache
    once clean: evidence need not linger there), so the disk works while we encrypt and the final
    fsync has little left to wait for.
    """

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self._written = 0
        self._flushed = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data)
        done = 0
        while done < len(view):
            done += os.write(self._fd, view[done:])
        self._written += done
        if self._written - self._flushed >= _WRITEBACK_BYTES:
            os.posix_fadvise(self._fd, self._flushed, self._written - self._flushed, os.POSIX_FADV_DONTNEED)
            self._flushed = self._written
        return done


def decrypt_chunks(path: Path, identities: list[Any], batch: int = 256 * 1024) -> Iterator[bytes]:
    """Stream the plaintext of an age file in constant memory.

    age authenticates every 64 KiB chunk: what is yielded is genuine, and damage further on surfaces as
    BlobCorrupted at that point (after the intact prefix), so a consumer that reads to the end, such
    as a hash verifier, always notices it.
    """

    def produce(writer: io.RawIOBase, stop: threading.Event) -> None:
        with path.open("rb") as f:
            pyrage.decrypt_io(f, writer, identities)

    def failed(exc: BaseException) -> Exception:
        return BlobCorrupted(f"Stored evidence failed decryption ({exc})")

    return pushed_chunks(produce, failed=failed, batch=batch, name="age-decrypt")


_F_SETPIPE_SZ = 1031  # Linux fcntl: a 1 MiB pipe means fewer wake-ups per MiB read


def decrypt_chunks_cli(path: Path, age: str, identity: Any, batch: int = 1024 * 1024) -> Iterator[bytes]:
    """Like `decrypt_chunks`, through the age reference CLI in a child process.

    pyrage holds the GIL while it decrypts, so a package build (decrypt the evidence, encrypt the
    ZIP) ran on one core; in a child process decryption runs beside encryption. The identity reaches
    the child through a pipe, never a command line or a file. age only releases authenticated
    chunks, and a damaged file makes it exit non-zero: BlobCorrupted after the intact prefix.
    """
    key_read, key_write = os.pipe()
    try:
        os.write(key_write, f"{identity}\n".encode())  # far below a pipe's capacity: never blocks
    finally:
        os.close(key_write)
    try:
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [age, "--decrypt", "--identity", f"/dev/fd/{key_read}", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(key_read,),
            bufsize=0,
        )
    finally:
        os.close(key_read)
    assert proc.stdout is not None and proc.stderr is not None
    stdout = cast(io.RawIOBase, proc.stdout)  # bufsize=0: a raw pipe
    with suppress(OSError):
        fcntl.fcntl(stdout.fileno(), _F_SETPIPE_SZ, batch)
    try:
        while True:
            buf = bytearray(batch)
            got = 0
            with memoryview(buf) as view:
                while got < batch and (n := stdout.readinto(view[got:])):
                    got += n
            if got:
                del buf[got:]
                yield bytes(buf)
            if got < batch:
                break
        error = proc.stderr.read(4096).decode(errors="replace").strip()
        if proc.wait() != 0:
            raise BlobCorrupted(f"Stored evidence failed decryption ({error or 'age exited with an error'})")
    finally:
        if proc.poll() is None:  # the consumer stopped early
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


class LocalBlobStore:
    def __init__(self, root: Path, identity: Any, *, max_bytes: int, age_binary: str | None = None) -> None:
        """`age_binary`: the age CLI to decrypt with (see decrypt_chunks_cli); None uses pyrage."""
        self._root = root
        self._identity = identity
        self._identities = [identity]
        self._recipients = [identity.to_public()]
        self._max_bytes = max_bytes
        self._age = age_binary

    def _decrypt(self, path: Path) -> Iterator[bytes]:
        if self._age is not None:
            return decrypt_chunks_cli(path, self._age, self._identity)
        return decrypt_chunks(path, self._identities)

    # -- objects ---------------------------------------------------------------------------------

    def _object_path(self, key: str) -> Path:
        return self._root / "objects" / f"{check_key(key)}.age"

    def _segments_path(self, key: str) -> Path:
        return self._root / "objects" / f"{check_key(key)}{_SEGMENTS_SUFFIX}"

    def _encrypt_to_temp(self, reader: ChunkReader, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, name = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        tmp = Path(name)
        try:
            with _WritebackFile(fd) as out:
                pyrage.encrypt_io(reader, out, self._recipients)
                os.fsync(fd)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            os.close(fd)
        return tmp

    def put_stream(self, key: str, chunks: Iterable[bytes]) -> PutResult:
        final = self._object_path(key)
        if self.exists(key):
            raise Conflict(f"Blob {key!r} already exists")
        reader = ChunkReader(chunks, limit=self._max_bytes)
        tmp = self._encrypt_to_temp(reader, final.parent)
        try:
            if reader.error is not None:
                raise reader.error
            try:
                os.link(tmp, final)  # unlike rename, link never replaces: write-once even under races
            except FileExistsError:
                raise Conflict(f"Blob {key!r} already exists") from None
            _fsync_dir(final.parent)
        finally:
            tmp.unlink()
        return PutResult(reader.size, reader.sha256)

    def open_stream(self, key: str) -> Iterator[bytes]:
        path = self._object_path(key)
        if path.is_file():
            return self._decrypt(path)
        directory = self._segments_path(key)
        if not directory.is_dir():
            raise NotFound("Evidence file not found")
        segments, _ = self._segments(directory)
        return self._chain(segments)

    def _chain(self, segments: list[tuple[Path, int]]) -> Iterator[bytes]:
        for segment, length in segments:
            got = 0
            for chunk in self._decrypt(segment):
                got += len(chunk)
                yield chunk
            if got != length:  # a segment swapped for another valid age file of another length
                raise BlobCorrupted(f"Stored evidence segment {segment.name} holds {got} bytes")

    def delete(self, key: str) -> None:
        self._object_path(key).unlink(missing_ok=True)
        shutil.rmtree(self._segments_path(key), ignore_errors=True)

    def exists(self, key: str) -> bool:
        return self._object_path(key).is_file() or self._segments_path(key).is_dir()

    def size(self, key: str) -> int:
        path = self._object_path(key)
        if path.is_file():
            return _plaintext_size(path)
        directory = self._segments_path(key)
        if not directory.is_dir():
            raise NotFound("Evidence file not found")
        segments, total = self._segments(directory)
        for segment, length in segments:
            if _plaintext_size(segment) != length:
                raise BlobCorrupted(f"Stored evidence segment {segment.name} is truncated")
        return total

    # -- staged (resumable) uploads --------------------------------------------------------------

    def _staging(self, upload_id: str) -> Path:
        return self._root / "staging" / check_upload_id(upload_id)

    @contextmanager
    def _locked(self, upload_id: str) -> Iterator[Path]:
        directory = self._staging(upload_id)
        try:
            fd = os.open(directory / "lock", os.O_RDWR)
        except FileNotFoundError:
            raise NotFound("Upload not found") from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Conflict("Another request is writing to this upload") from None
            if not (directory / "lock").exists():  # aborted while we waited for the lock
                raise NotFound("Upload not found")
            yield directory
        finally:
            os.close(fd)

    @staticmethod
    def _segments(directory: Path) -> tuple[list[tuple[Path, int]], int]:
        """The segments in order, each with its plaintext length (from its name), and their total."""
        found = sorted(
            (int(m[1]), int(m[2]), p) for p in directory.iterdir() if (m := _SEGMENT_RE.fullmatch(p.name))
        )
        offset = 0
        for start, length, _ in found:
            if start != offset:
                raise BlobCorrupted(f"Staged upload has a gap at byte {offset}")
            offset += length
        return [(p, length) for _, length, p in found], offset

    def begin_staged(self, upload_id: str, key: str) -> None:
        if self.exists(key):  # also checks the key; the key itself is only needed at commit here
            raise Conflict(f"Blob {key!r} already exists")
        directory = self._staging(upload_id)
        directory.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            raise Conflict("Upload already exists") from None
        (directory / "lock").touch(mode=0o600)

    def staged_offset(self, upload_id: str) -> int:
        directory = self._staging(upload_id)
        if not (directory / "lock").exists():
            raise NotFound("Upload not found")
        return self._segments(directory)[1]

    def append_staged(
        self, upload_id: str, offset: int, chunks: Iterable[bytes], *, digest: Digest | None = None
    ) -> int:
        with self._locked(upload_id) as directory:
            for leftover in directory.glob(".tmp-*"):  # from a process killed mid-append
                leftover.unlink()
            current = self._segments(directory)[1]
            if offset != current:
                raise Conflict(f"Upload is at offset {current}, not {offset}", extra={"offset": current})
            reader = ChunkReader(chunks, limit=self._max_bytes - current, digest=digest, own_hash=False)
            tmp = self._encrypt_to_temp(reader, directory)
            try:
                if reader.size:
                    # The name carries the range: one rename makes the segment and its offset durable.
                    tmp.rename(directory / f"{current:020d}+{reader.size:020d}.age")
                    _fsync_dir(directory)
            finally:
                tmp.unlink(missing_ok=True)
            new_offset = current + reader.size
            if reader.error is not None:
                reader.error.add_note(f"upload {upload_id}: persisted offset {new_offset}")
                raise reader.error
            return new_offset

    def abort_staged(self, upload_id: str) -> None:
        try:
            with self._locked(upload_id) as directory:
                shutil.rmtree(directory)
        except NotFound:
            pass

    def commit_staged(self, upload_id: str, key: str, *, sha256: str | None = None) -> PutResult:
        final = self._segments_path(key)
        with self._locked(upload_id) as directory:
            if self.exists(key):
                raise Conflict(f"Blob {key!r} already exists")
            for leftover in directory.glob(".tmp-*"):
                leftover.unlink()
            segments, total = self._segments(directory)
            if sha256 is None:
                sha256 = sha256_hex(self._chain(segments))
            final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # A rename never replaces a non-empty directory, and the key is checked to be free above.
            directory.rename(final)
            (final / "lock").unlink()
            _fsync_dir(final.parent)
            _fsync_dir(directory.parent)
        return PutResult(total, sha256)

    def list_stale_staged(self, older_than: datetime) -> list[str]:
        cutoff = as_utc(older_than).timestamp()
        staging = self._root / "staging"
        if not staging.is_dir():
            return []
        stale = []
        for directory in staging.iterdir():
            marker = directory / "lock"
            when = (marker if marker.exists() else directory).stat().st_mtime
            if when < cutoff:
                stale.append(directory.name)
        return sorted(stale)
