"""Evidence in an S3-compatible bucket, always with server-side encryption.

Layout in the bucket:
  objects/<key>                    final objects, write-once (If-None-Match: *)
  staging/<upload_id>/begun        empty marker; its LastModified is the begin time
  staging/<upload_id>/data         a multipart upload; part n holds bytes [(n-1)*P, n*P), P = part size
  staging/<upload_id>/tail         bytes after the last full part (< P), metadata start=<offset>

Everything needed to resume lives in the bucket, so any process can continue an upload: the persisted
offset is (number of parts) * P plus the tail's length when the tail's `start` equals that. An append
uploads a full part first and rewrites the tail second, so a crash in between leaves a tail whose
start is behind the parts: it is recognised as stale, never counted twice. Fixed-size parts also make
a repeated append of the same bytes idempotent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
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
from app.storage.base import BlobCorrupted, ChunkReader, MiB, PutResult, as_utc, check_key, check_upload_id

MIN_PART = 5 * MiB  # S3's minimum for every part but the last
_COPY_PART = 512 * MiB
_READ_CHUNK = 1 * MiB


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
        if _status(exc) >= 500:
            raise _unavailable() from exc
        raise


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
    ) -> None:
        if part_size < MIN_PART:
            raise ValueError(f"part_size must be at least {MIN_PART}")
        self._bucket = bucket
        self._region = region
        self._max_bytes = max_bytes
        self._part_size = part_size
        self._sse: dict[str, str] = {"ServerSideEncryption": sse}
        if sse == "aws:kms" and kms_key_id:
            self._sse["SSEKMSKeyId"] = kms_key_id
        config = Config(
            region_name=region,
            connect_timeout=5,
            read_timeout=60,
            retries={"mode": "standard", "max_attempts": 3},
            # Self-hosted S3 (MinIO, Garage, Ceph) behind a plain host name wants path-style URLs.
            s3={"addressing_style": "path" if endpoint_url else "auto"},
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
    def _staging_keys(upload_id: str) -> tuple[str, str, str]:
        base = f"staging/{check_upload_id(upload_id)}"
        return f"{base}/begun", f"{base}/data", f"{base}/tail"

    def _head(self, key: str) -> dict[str, Any] | None:
        try:
            return dict(self._s3.head_object(Bucket=self._bucket, Key=key))
        except ClientError as exc:
            if _status(exc) == 404:
                return None
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

    def _put_new(self, key: str, body: bytes) -> None:
        try:
            self._s3.put_object(Bucket=self._bucket, Key=key, Body=body, IfNoneMatch="*", **self._sse)
        except ClientError as exc:
            if _status(exc) in (409, 412):
                raise Conflict("Blob already exists") from None
            raise

    def _complete_new(self, key: str, mpu_id: str, parts: list[dict[str, Any]]) -> None:
        try:
            self._s3.complete_multipart_upload(
                Bucket=self._bucket,
                Key=key,
                UploadId=mpu_id,
                MultipartUpload={"Parts": parts},
                IfNoneMatch="*",
            )
        except ClientError as exc:
            if _status(exc) in (409, 412):
                raise Conflict("Blob already exists") from None
            raise

    def _abort_quietly(self, key: str, mpu_id: str) -> None:
        with suppress(BotoCoreError, ClientError):
            self._s3.abort_multipart_upload(Bucket=self._bucket, Key=key, UploadId=mpu_id)

    def put_stream(self, key: str, chunks: Iterable[bytes]) -> PutResult:
        target = self._object_key(key)
        with _s3_errors():
            if self._head(target) is not None:
                raise Conflict(f"Blob {key!r} already exists")
            reader = ChunkReader(chunks, limit=self._max_bytes)
            data = reader.read_full(self._part_size)
            if reader.error is not None:
                raise reader.error
            if len(data) < self._part_size:
                self._put_new(target, data)
                return PutResult(reader.size, reader.sha256)
            mpu_id = self._s3.create_multipart_upload(Bucket=self._bucket, Key=target, **self._sse)[
                "UploadId"
            ]
            try:
                parts: list[dict[str, Any]] = []
                while data:
                    number = len(parts) + 1
                    etag = self._s3.upload_part(
                        Bucket=self._bucket, Key=target, UploadId=mpu_id, PartNumber=number, Body=data
                    )["ETag"]
                    parts.append({"PartNumber": number, "ETag": etag})
                    data = reader.read_full(self._part_size)
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
                if _status(exc) == 404:
                    raise NotFound("Evidence file not found") from None
                raise
        return self._iter_body(obj["Body"])

    def delete(self, key: str) -> None:
        with _s3_errors():
            self._s3.delete_object(Bucket=self._bucket, Key=self._object_key(key))

    def exists(self, key: str) -> bool:
        with _s3_errors():
            return self._head(self._object_key(key)) is not None

    def size(self, key: str) -> int:
        with _s3_errors():
            head = self._head(self._object_key(key))
        if head is None:
            raise NotFound("Evidence file not found")
        return int(head["ContentLength"])

    # -- staged (resumable) uploads --------------------------------------------------------------

    def _find_mpu(self, data_key: str) -> str | None:
        uploads = self._s3.list_multipart_uploads(Bucket=self._bucket, Prefix=data_key).get("Uploads", [])
        ids = [u["UploadId"] for u in uploads if u["Key"] == data_key]
        return ids[0] if ids else None

    def _staged(self, upload_id: str, *, committing: bool = False) -> _Staged:
        _, data_key, tail_key = self._staging_keys(upload_id)
        mpu_id = self._find_mpu(data_key)
        if mpu_id is None:
            raise NotFound("Upload not found")
        listed = [
            part
            for page in self._s3.get_paginator("list_parts").paginate(
                Bucket=self._bucket, Key=data_key, UploadId=mpu_id
            )
            for part in page.get("Parts", [])
        ]
        # A short last part is the tail, uploaded by a commit that failed before completing: the
        # commit retry uploads the tail again under the same part number, replacing it.
        if committing and listed and listed[-1]["Size"] != self._part_size:
            listed.pop()
        parts: list[dict[str, Any]] = []
        for part in listed:
            if part["PartNumber"] != len(parts) + 1 or part["Size"] != self._part_size:
                raise BlobCorrupted(f"Staged upload {upload_id} has an unexpected part layout")
            parts.append({"PartNumber": part["PartNumber"], "ETag": part["ETag"]})
        tail_len = 0
        head = self._head(tail_key)
        if head is not None and head.get("Metadata", {}).get("start") == str(len(parts) * self._part_size):
            tail_len = int(head["ContentLength"])
        return _Staged(mpu_id, parts, tail_len, self._part_size)

    def _read_all(self, key: str) -> bytes:
        return bytes(self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read())

    def begin_staged(self, upload_id: str) -> None:
        begun_key, data_key, _ = self._staging_keys(upload_id)
        with _s3_errors():
            try:
                self._put_new(begun_key, b"")
            except Conflict:
                raise Conflict("Upload already exists") from None
            self._s3.create_multipart_upload(Bucket=self._bucket, Key=data_key, **self._sse)

    def staged_offset(self, upload_id: str) -> int:
        with _s3_errors():
            return self._staged(upload_id).offset

    def append_staged(self, upload_id: str, offset: int, chunks: Iterable[bytes]) -> int:
        _, data_key, tail_key = self._staging_keys(upload_id)
        with _s3_errors():
            st = self._staged(upload_id)
            if offset != st.offset:
                raise Conflict(f"Upload is at offset {st.offset}, not {offset}", extra={"offset": st.offset})
            reader = ChunkReader(chunks, limit=self._max_bytes - st.offset)
            buf = bytearray(self._read_all(tail_key) if st.tail_len else b"")
            parts = len(st.parts)
            while True:
                buf += reader.read_full(self._part_size - len(buf))
                if len(buf) < self._part_size:
                    break
                self._s3.upload_part(
                    Bucket=self._bucket,
                    Key=data_key,
                    UploadId=st.mpu_id,
                    PartNumber=parts + 1,
                    Body=bytes(buf),
                )
                parts += 1
                buf.clear()
            start = parts * self._part_size
            if buf:
                self._s3.put_object(
                    Bucket=self._bucket,
                    Key=tail_key,
                    Body=bytes(buf),
                    Metadata={"start": str(start)},
                    **self._sse,
                )
            elif st.tail_len:
                self._s3.delete_object(Bucket=self._bucket, Key=tail_key)  # now inside a part
        new_offset = start + len(buf)
        if reader.error is not None:
            reader.error.add_note(f"upload {upload_id}: persisted offset {new_offset}")
            raise reader.error
        return new_offset

    def abort_staged(self, upload_id: str) -> None:
        begun_key, data_key, tail_key = self._staging_keys(upload_id)
        with _s3_errors():
            uploads = self._s3.list_multipart_uploads(Bucket=self._bucket, Prefix=data_key).get("Uploads", [])
            for upload in uploads:
                if upload["Key"] == data_key:
                    self._s3.abort_multipart_upload(
                        Bucket=self._bucket, Key=data_key, UploadId=upload["UploadId"]
                    )
            for key in (tail_key, data_key, begun_key):
                self._s3.delete_object(Bucket=self._bucket, Key=key)

    def commit_staged(self, upload_id: str, key: str) -> PutResult:
        """Complete the staged object, hash it by reading it back, then copy it server-side.

        S3 cannot hash across requests (and hashlib state cannot be saved between processes), so the
        SHA-256 costs one read of the staged object; the copy itself stays inside S3.
        """
        target = self._object_key(key)
        begun_key, data_key, tail_key = self._staging_keys(upload_id)
        with _s3_errors():
            if self._head(target) is not None:
                raise Conflict(f"Blob {key!r} already exists")
            if self._find_mpu(data_key) is not None:
                st = self._staged(upload_id, committing=True)
                parts = list(st.parts)
                if st.tail_len or not parts:
                    body = self._read_all(tail_key) if st.tail_len else b""
                    number = len(parts) + 1
                    etag = self._s3.upload_part(
                        Bucket=self._bucket, Key=data_key, UploadId=st.mpu_id, PartNumber=number, Body=body
                    )["ETag"]
                    parts.append({"PartNumber": number, "ETag": etag})
                self._s3.complete_multipart_upload(
                    Bucket=self._bucket, Key=data_key, UploadId=st.mpu_id, MultipartUpload={"Parts": parts}
                )
            # else: a previous commit completed the data object and then failed; carry on from there.
            head = self._head(data_key)
            if head is None:
                raise NotFound("Upload not found")
            etag, size = head["ETag"], int(head["ContentLength"])
            digest = hashlib.sha256()
            obj = self._s3.get_object(Bucket=self._bucket, Key=data_key, IfMatch=etag)
            for chunk in self._iter_body(obj["Body"]):
                digest.update(chunk)
            self._copy_new(data_key, etag, size, target)
            for stale in (tail_key, data_key, begun_key):
                self._s3.delete_object(Bucket=self._bucket, Key=stale)
        return PutResult(size, digest.hexdigest())

    def _copy_new(self, source: str, etag: str, size: int, target: str) -> None:
        """Server-side multipart copy, pinned to the hashed version, completed only if `target` is new."""
        if size == 0:
            self._put_new(target, b"")
            return
        mpu_id = self._s3.create_multipart_upload(Bucket=self._bucket, Key=target, **self._sse)["UploadId"]
        try:
            parts = []
            for number, start in enumerate(range(0, size, _COPY_PART), start=1):
                end = min(start + _COPY_PART, size) - 1
                result = self._s3.upload_part_copy(
                    Bucket=self._bucket,
                    Key=target,
                    UploadId=mpu_id,
                    PartNumber=number,
                    CopySource={"Bucket": self._bucket, "Key": source},
                    CopySourceRange=f"bytes={start}-{end}",
                    CopySourceIfMatch=etag,
                )
                parts.append({"PartNumber": number, "ETag": result["CopyPartResult"]["ETag"]})
            self._complete_new(target, mpu_id, parts)
        except BaseException:
            self._abort_quietly(target, mpu_id)
            raise

    def list_stale_staged(self, older_than: datetime) -> list[str]:
        cutoff = as_utc(older_than)
        stale: set[str] = set()
        marked: set[str] = set()
        with _s3_errors():
            for page in self._s3.get_paginator("list_objects_v2").paginate(
                Bucket=self._bucket, Prefix="staging/"
            ):
                for obj in page.get("Contents", []):
                    upload_id, _, name = obj["Key"].removeprefix("staging/").partition("/")
                    if name == "begun":
                        marked.add(upload_id)
                        if obj["LastModified"] < cutoff:
                            stale.add(upload_id)
            # Multipart uploads without a marker (a begin that crashed halfway) are orphans.
            for page in self._s3.get_paginator("list_multipart_uploads").paginate(
                Bucket=self._bucket, Prefix="staging/"
            ):
                for upload in page.get("Uploads", []):
                    upload_id = upload["Key"].removeprefix("staging/").partition("/")[0]
                    if upload_id not in marked and upload["Initiated"] < cutoff:
                        stale.add(upload_id)
        return sorted(stale)
