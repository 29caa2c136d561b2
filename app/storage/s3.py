"""Evidence in an S3-compatible bucket, always with server-side encryption.

Layout in the bucket:
  objects/<key>                    final objects, write-once (If-None-Match: *)
  staging/<upload_id>/begun        empty marker, metadata key=<key>; its LastModified is the begin time
  staging/<upload_id>/tail         bytes after the last full part (< P), metadata start=<offset>
A resumable upload is a multipart upload at its final key, objects/<key>: part n holds bytes
[(n-1)*P, n*P), P = part size. Commit completes it in place (nothing is copied) and, when the caller
hashed the bytes as they streamed in, reads nothing back.

Everything needed to resume lives in the bucket, so any process can continue an upload: the persisted
offset is (number of contiguous full parts from 1) * P plus the tail's length when the tail's `start`
equals that. An append uploads its full parts (several at once) before it rewrites the tail, so a crash
or a failed part leaves a tail whose start is behind the parts, recognised as stale and never counted
twice; a part after a gap was never acknowledged and is overwritten later. Fixed-size parts also make a
repeated append of the same bytes idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    FlexibleChecksumError,
    HTTPClientError,
    IncompleteReadError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from app.errors import Conflict, NotFound, Unavailable
from app.storage.base import (
    BlobCorrupted,
    ChunkReader,
    Digest,
    MiB,
    PutResult,
    as_utc,
    check_key,
    check_upload_id,
    sha256_hex,
)

MIN_PART = 5 * MiB  # S3's minimum for every part but the last
# Multipart uploads declare CRC32 part checksums: S3 checks each part on arrival and keeps a composite
# checksum of the object (without one, some S3 implementations hash the whole object at completion).
_CHECKSUM = "CRC32"
_READ_CHUNK = 1 * MiB
# Refusals that mean the store is misconfigured (credentials, policy), not that the request is wrong.
_ACCESS_CODES = frozenset(
    {"AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken"}
)

log = logging.getLogger(__name__)


def _unavailable() -> Unavailable:
    return Unavailable("Evidence storage is unreachable", headers={"Retry-After": "30"})


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _status(exc: ClientError) -> int:
    return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


@contextmanager
def _s3_errors() -> Iterator[None]:
    """Network failures and 5xx become 503 + Retry-After; the caller may retry later."""
    try:
        yield
    except FlexibleChecksumError as exc:
        raise BlobCorrupted("Stored evidence failed its checksum") from exc
    except (BotoConnectionError, HTTPClientError, IncompleteReadError) as exc:
        raise _unavailable() from exc
    except ClientError as exc:
        # A bucket that is gone (a store restored empty, a wrong setting) or credentials the store
        # refuses are an outage to fix in the configuration, not a bug: 503, and the reason logged.
        code = _code(exc)
        if code == "NoSuchBucket" or code in _ACCESS_CODES or _status(exc) == 403:
            log.error("S3 refused a request (%s): %s", code or _status(exc), exc)
            raise _unavailable() from exc
        if _status(exc) >= 500:
            raise _unavailable() from exc
        raise


@contextmanager
def _if_absent(message: str) -> Iterator[None]:
    """A write conditioned on If-None-Match: * that found the key taken becomes 409 `message`."""
    try:
        yield
    except ClientError as exc:
        if _status(exc) in (409, 412):
            raise Conflict(message) from None
        raise


def _part_ref(part: dict[str, Any]) -> dict[str, Any]:
    """A part as CompleteMultipartUpload wants it, with its checksum where S3 reported one."""
    ref = {"PartNumber": part["PartNumber"], "ETag": part["ETag"]}
    if part.get("ChecksumCRC32"):
        ref["ChecksumCRC32"] = part["ChecksumCRC32"]
    return ref


@dataclass(frozen=True, slots=True)
class _Staged:
    mpu_id: str
    parts: list[dict[str, Any]]  # [{"PartNumber", "ETag"}], contiguous from 1
    tail_len: int
    part_size: int

    @property
    def base(self) -> int:
        return len(self.parts) * self.part_size

    @property
    def offset(self) -> int:
        return self.base + self.tail_len


class S3BlobStore:
    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        sse: str = "AES256",
        kms_key_id: str | None = None,
        max_bytes: int,
        part_size: int = 8 * MiB,
        parallel_parts: int = 3,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        max_attempts: int = 2,
    ) -> None:
        if part_size < MIN_PART:
            raise ValueError(f"part_size must be at least {MIN_PART}")
        self._bucket = bucket
        # Parts in flight per put or append: the source keeps streaming in while S3 stores earlier parts,
        # at a memory cost of (parallel_parts + 1) * part_size.
        self._parallel = max(1, parallel_parts)
        # upload id -> (object key, multipart upload id): fixed once begun, so looked up once per process.
        self._begun: dict[str, tuple[str, str]] = {}
        self._region = region
        self._max_bytes = max_bytes
        self._part_size = part_size
        self._sse: dict[str, str] = {"ServerSideEncryption": sse}
        if sse == "aws:kms" and kms_key_id:
            self._sse["SSEKMSKeyId"] = kms_key_id
        config = Config(
            region_name=region,
            # Bounded: a stalled store (a paused or overloaded S3) is a 503 in bounded time, not a hang.
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"mode": "standard", "max_attempts": max_attempts},
            max_pool_connections=max(10, parallel_parts + 2),
            # Self-hosted S3 (MinIO, Garage, Ceph) behind a plain host name wants path-style URLs.
            s3={"addressing_style": "path" if endpoint_url else "auto", "payload_signing_enabled": False},
        )
        self._s3: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=config,
        )

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _object_key(key: str) -> str:
        return f"objects/{check_key(key)}"

    @staticmethod
    def _staging_keys(upload_id: str) -> tuple[str, str]:
        base = f"staging/{check_upload_id(upload_id)}"
        return f"{base}/begun", f"{base}/tail"

    def _head(self, key: str) -> dict[str, Any] | None:
        try:
            return dict(self._s3.head_object(Bucket=self._bucket, Key=key))
        except ClientError as exc:
            if _status(exc) == 404:
                return None
            raise

    def _check_bucket(self) -> None:
        """After a 404 from a HEAD request (which has no error code): a missing bucket is an outage
        (503, logged), never "no such object" (which would tell a client its upload is gone)."""
        try:
            self._s3.head_bucket(Bucket=self._bucket)
        except ClientError as exc:
            if _status(exc) in (403, 404):
                log.error("S3 bucket %r is not reachable (HTTP %s)", self._bucket, _status(exc))
                raise _unavailable() from exc
            raise

    def _iter_body(self, body: Any) -> Iterator[bytes]:
        try:
            with _s3_errors():
                yield from body.iter_chunks(_READ_CHUNK)
        finally:
            body.close()

    def ensure_bucket(self) -> None:
        """Create the bucket if missing, private and encrypted by default."""
        with _s3_errors():
            try:
                self._s3.head_bucket(Bucket=self._bucket)
                return
            except ClientError as exc:
                if _status(exc) != 404:
                    raise
            extra = {}
            if self._region != "us-east-1":
                extra["CreateBucketConfiguration"] = {"LocationConstraint": self._region}
            self._s3.create_bucket(Bucket=self._bucket, **extra)
            self._s3.put_public_access_block(
                Bucket=self._bucket,
                PublicAccessBlockConfiguration={
                    "BlockPublicAcls": True,
                    "IgnorePublicAcls": True,
                    "BlockPublicPolicy": True,
                    "RestrictPublicBuckets": True,
                },
            )
            default = {"SSEAlgorithm": self._sse["ServerSideEncryption"]}
            if "SSEKMSKeyId" in self._sse:
                default["KMSMasterKeyID"] = self._sse["SSEKMSKeyId"]
            self._s3.put_bucket_encryption(
                Bucket=self._bucket,
                ServerSideEncryptionConfiguration={
                    "Rules": [{"ApplyServerSideEncryptionByDefault": default}]
                },
            )

    # -- objects ---------------------------------------------------------------------------------

    def _put_new(self, key: str, body: bytes | bytearray) -> None:
        with _if_absent("Blob already exists"):
            self._s3.put_object(Bucket=self._bucket, Key=key, Body=body, IfNoneMatch="*", **self._sse)

    def _complete_new(self, key: str, mpu_id: str, parts: list[dict[str, Any]]) -> None:
        with _if_absent("Blob already exists"):
            self._s3.complete_multipart_upload(
                Bucket=self._bucket,
                Key=key,
                UploadId=mpu_id,
                MultipartUpload={"Parts": parts},
                IfNoneMatch="*",
            )

    def _abort_quietly(self, key: str, mpu_id: str) -> None:
        with suppress(BotoCoreError, ClientError):
            self._s3.abort_multipart_upload(Bucket=self._bucket, Key=key, UploadId=mpu_id)

    def put_stream(self, key: str, chunks: Iterable[bytes]) -> PutResult:
        target = self._object_key(key)
        with _s3_errors():
            if self._head(target) is not None:
                raise Conflict(f"Blob {key!r} already exists")
            reader = ChunkReader(chunks, limit=self._max_bytes)
            part = bytearray(self._part_size)
            filled = reader.fill(part)
            if reader.error is not None:
                raise reader.error
            if filled < self._part_size:
                del part[filled:]
                self._put_new(target, part)
                return PutResult(reader.size, reader.sha256)
            mpu_id = self._s3.create_multipart_upload(
                Bucket=self._bucket, Key=target, ChecksumAlgorithm=_CHECKSUM, **self._sse
            )["UploadId"]
            try:
                parts, part, filled = self._upload_parts(reader, target, mpu_id, 0, part, filled)
                if filled:
                    del part[filled:]
                    parts.append(self._upload_part(target, mpu_id, len(parts) + 1, part))
                if reader.error is not None:
                    raise reader.error
                self._complete_new(target, mpu_id, parts)
            except BaseException:
                self._abort_quietly(target, mpu_id)
                raise
        return PutResult(reader.size, reader.sha256)

    def open_stream(self, key: str) -> Iterator[bytes]:
        with _s3_errors():
            try:
                # ChecksumMode makes botocore verify the stored checksum (single-part objects) at the end.
                obj = self._s3.get_object(
                    Bucket=self._bucket, Key=self._object_key(key), ChecksumMode="ENABLED"
                )
            except ClientError as exc:
                if _status(exc) == 404 and _code(exc) != "NoSuchBucket":
                    self._check_bucket()
                    raise NotFound("Evidence file not found") from None
                raise
        return self._iter_body(obj["Body"])

    def delete(self, key: str) -> None:
        with _s3_errors():
            self._s3.delete_object(Bucket=self._bucket, Key=self._object_key(key))

    def exists(self, key: str) -> bool:
        with _s3_errors():
            if self._head(self._object_key(key)) is not None:
                return True
            self._check_bucket()
            return False

    def size(self, key: str) -> int:
        with _s3_errors():
            head = self._head(self._object_key(key))
            if head is None:
                self._check_bucket()
        if head is None:
            raise NotFound("Evidence file not found")
        return int(head["ContentLength"])

    # -- staged (resumable) uploads --------------------------------------------------------------

    def _begun_target(self, upload_id: str) -> str:
        """The object key a staged upload was begun for (its marker's metadata); 404 if unknown."""
        begun_key, _ = self._staging_keys(upload_id)
        head = self._head(begun_key)
        key = (head or {}).get("Metadata", {}).get("key")
        if not key:
            self._check_bucket()
            raise NotFound("Upload not found")
        return self._object_key(key)

    def _find_mpu(self, target: str) -> str | None:
        uploads = self._s3.list_multipart_uploads(Bucket=self._bucket, Prefix=target).get("Uploads", [])
        ids = [u["UploadId"] for u in uploads if u["Key"] == target]
        return ids[0] if ids else None

    def _located(self, upload_id: str) -> tuple[str, str]:
        """(object key, multipart upload id) of a staged upload; NotFound if it is gone."""
        found = self._begun.get(upload_id)
        if found is None:
            target = self._begun_target(upload_id)
            mpu_id = self._find_mpu(target)
            if mpu_id is None:
                raise NotFound("Upload not found")
            if len(self._begun) > 10_000:  # uploads abandoned without an abort in this process
                self._begun.clear()
            found = self._begun[upload_id] = (target, mpu_id)
        return found

    def _staged(self, upload_id: str) -> tuple[str, _Staged]:
        _, tail_key = self._staging_keys(upload_id)
        target, mpu_id = self._located(upload_id)
        try:
            listed = sorted(
                (
                    part
                    for page in self._s3.get_paginator("list_parts").paginate(
                        Bucket=self._bucket, Key=target, UploadId=mpu_id
                    )
                    for part in page.get("Parts", [])
                ),
                key=lambda part: int(part["PartNumber"]),
            )
        except ClientError as exc:
            if _code(exc) != "NoSuchUpload" and _status(exc) != 404:
                raise
            self._begun.pop(upload_id, None)  # aborted or completed elsewhere
            raise NotFound("Upload not found") from None
        # Only full parts contiguous from 1 hold persisted bytes. After them may come a part of an
        # append that failed while an earlier part was still in flight, or the tail uploaded as a
        # short last part by a commit that failed before completing: both are overwritten later.
        parts: list[dict[str, Any]] = []
        for part in listed:
            if part["PartNumber"] != len(parts) + 1 or part["Size"] != self._part_size:
                break
            parts.append(_part_ref(part))
        tail_len = 0
        head = self._head(tail_key)
        if head is not None and head.get("Metadata", {}).get("start") == str(len(parts) * self._part_size):
            tail_len = int(head["ContentLength"])
        return target, _Staged(mpu_id, parts, tail_len, self._part_size)

    def _read_all(self, key: str) -> bytes:
        return bytes(self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read())

    def _upload_part(self, target: str, mpu_id: str, number: int, body: bytes | bytearray) -> dict[str, Any]:
        response = self._s3.upload_part(
            Bucket=self._bucket,
            Key=target,
            UploadId=mpu_id,
            PartNumber=number,
            Body=body,
            ChecksumAlgorithm=_CHECKSUM,
        )
        return _part_ref({**response, "PartNumber": number})

    def _upload_parts(
        self, reader: ChunkReader, target: str, mpu_id: str, done: int, part: bytearray, filled: int
    ) -> tuple[list[dict[str, Any]], bytearray, int]:
        """Upload every full part `reader` yields, numbered after `done`, up to `parallel` at once.

        `part` arrives holding `filled` bytes (a staged tail, or a put's first part). Each part is
        read straight into its own buffer, which its upload then owns: one copy of every byte, and at
        most parallel + 1 parts in memory. Returns the uploaded parts in order and the last, short
        buffer with how full it is.
        """
        uploaded: list[dict[str, Any]] = []
        in_flight: list[Future[dict[str, Any]]] = []
        with ThreadPoolExecutor(self._parallel, thread_name_prefix="s3-part") as pool:
            try:
                while (filled := reader.fill(part, filled)) == self._part_size:
                    if len(in_flight) >= self._parallel:
                        uploaded.append(in_flight.pop(0).result())  # back-pressure: bounded memory
                    number = done + len(uploaded) + len(in_flight) + 1
                    in_flight.append(pool.submit(self._upload_part, target, mpu_id, number, part))
                    part, filled = bytearray(self._part_size), 0
                uploaded.extend(future.result() for future in in_flight)
            except BaseException:
                for future in in_flight:
                    future.cancel()
                raise
        return uploaded, part, filled

    def begin_staged(self, upload_id: str, key: str) -> None:
        begun_key, _ = self._staging_keys(upload_id)
        target = self._object_key(key)
        with _s3_errors():
            if self._head(target) is not None:
                raise Conflict(f"Blob {key!r} already exists")
            with _if_absent("Upload already exists"):
                self._s3.put_object(
                    Bucket=self._bucket,
                    Key=begun_key,
                    Body=b"",
                    Metadata={"key": key},
                    IfNoneMatch="*",
                    **self._sse,
                )
            self._s3.create_multipart_upload(
                Bucket=self._bucket, Key=target, ChecksumAlgorithm=_CHECKSUM, **self._sse
            )

    def staged_offset(self, upload_id: str) -> int:
        with _s3_errors():
            return self._staged(upload_id)[1].offset

    def append_staged(
        self, upload_id: str, offset: int, chunks: Iterable[bytes], *, digest: Digest | None = None
    ) -> int:
        _, tail_key = self._staging_keys(upload_id)
        with _s3_errors():
            target, st = self._staged(upload_id)
            if offset != st.offset:
                raise Conflict(f"Upload is at offset {st.offset}, not {offset}", extra={"offset": st.offset})
            reader = ChunkReader(chunks, limit=self._max_bytes - st.offset, digest=digest, own_hash=False)
            part = bytearray(self._part_size)
            filled = 0
            if st.tail_len:
                tail = self._read_all(tail_key)
                part[: len(tail)] = tail
                filled = len(tail)
            uploaded, part, filled = self._upload_parts(
                reader, target, st.mpu_id, len(st.parts), part, filled
            )
            start = (len(st.parts) + len(uploaded)) * self._part_size
            if filled:
                self._s3.put_object(
                    Bucket=self._bucket,
                    Key=tail_key,
                    Body=bytes(part[:filled]),
                    Metadata={"start": str(start)},
                    **self._sse,
                )
            elif st.tail_len:
                self._s3.delete_object(Bucket=self._bucket, Key=tail_key)  # now inside a part
        new_offset = start + filled
        if reader.error is not None:
            reader.error.add_note(f"upload {upload_id}: persisted offset {new_offset}")
            raise reader.error
        return new_offset

    def abort_staged(self, upload_id: str) -> None:
        begun_key, tail_key = self._staging_keys(upload_id)
        self._begun.pop(upload_id, None)
        with _s3_errors():
            try:
                target: str | None = self._begun_target(upload_id)
            except NotFound:
                target = None
            if target is not None:
                # Never the object itself: only the unfinished multipart upload at its key.
                while (mpu_id := self._find_mpu(target)) is not None:
                    self._s3.abort_multipart_upload(Bucket=self._bucket, Key=target, UploadId=mpu_id)
            for key in (tail_key, begun_key):
                self._s3.delete_object(Bucket=self._bucket, Key=key)

    def commit_staged(self, upload_id: str, key: str, *, sha256: str | None = None) -> PutResult:
        """Complete the staged multipart upload in place as `key`.

        Without `sha256` the object is read back once to hash it (S3 cannot hash across requests);
        a commit that failed after completing carries on from there when retried.
        """
        target = self._object_key(key)
        begun_key, tail_key = self._staging_keys(upload_id)
        with _s3_errors():
            if self._begun_target(upload_id) != target:
                raise Conflict(f"Upload {upload_id} was not begun for {key!r}")
            mpu_id = self._find_mpu(target)
            existing = self._head(target)
            if existing is not None and mpu_id is not None:
                raise Conflict(f"Blob {key!r} already exists")
            if existing is None:
                if mpu_id is None:
                    raise NotFound("Upload not found")
                _, st = self._staged(upload_id)
                parts = list(st.parts)
                if st.tail_len or not parts:
                    body = self._read_all(tail_key) if st.tail_len else b""
                    parts.append(self._upload_part(target, st.mpu_id, len(parts) + 1, body))
                self._complete_new(target, st.mpu_id, parts)
                size = st.offset
            else:
                sha256 = None  # completed by an earlier attempt: hash what is stored
                size = int(existing["ContentLength"])
            if sha256 is None:
                body = self._s3.get_object(Bucket=self._bucket, Key=target)["Body"]
                sha256 = sha256_hex(self._iter_body(body))
        self._begun.pop(upload_id, None)
        for stale in (tail_key, begun_key):  # left-overs are swept with stale uploads
            with suppress(BotoCoreError, ClientError):
                self._s3.delete_object(Bucket=self._bucket, Key=stale)
        return PutResult(size, sha256)

    def list_stale_staged(self, older_than: datetime) -> list[str]:
        cutoff = as_utc(older_than)
        begun: dict[str, datetime] = {}
        oldest: dict[str, datetime] = {}
        with _s3_errors():
            for page in self._s3.get_paginator("list_objects_v2").paginate(
                Bucket=self._bucket, Prefix="staging/"
            ):
                for obj in page.get("Contents", []):
                    upload_id, _, name = obj["Key"].removeprefix("staging/").partition("/")
                    if name == "begun":
                        begun[upload_id] = obj["LastModified"]
                    elif upload_id not in oldest or obj["LastModified"] < oldest[upload_id]:
                        oldest[upload_id] = obj["LastModified"]
        # A tail without its marker is left over from a commit whose clean-up failed halfway.
        when = {**oldest, **begun}
        return sorted(upload_id for upload_id, moment in when.items() if moment < cutoff)
