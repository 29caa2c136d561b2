"""Evidence blob storage: `make_blob_store(settings)` picks the adapter the settings name."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

from app.config import Settings
from app.storage.base import BlobCorrupted, BlobStore, PutResult
from app.storage.local import LocalBlobStore, load_or_create_identity, parse_identity

if TYPE_CHECKING:
    from app.storage.s3 import S3BlobStore

__all__ = ["BlobCorrupted", "BlobStore", "LocalBlobStore", "PutResult", "S3BlobStore", "make_blob_store"]


def __getattr__(name: str) -> Any:
    # `app.storage.S3BlobStore` on first use only: boto3 keeps the idle API process big, and the local
    # backend never needs it.
    if name == "S3BlobStore":
        from app.storage.s3 import S3BlobStore

        return S3BlobStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _age_identity(settings: Settings) -> Any:
    # Settings has no `age_identity` field yet; honour one (str or SecretStr) as soon as it exists.
    given = getattr(settings, "age_identity", None)
    if given is not None:
        text = given.get_secret_value() if hasattr(given, "get_secret_value") else str(given)
        return parse_identity(text)
    return load_or_create_identity(settings.var_dir / "age-identity.txt")


def make_blob_store(settings: Settings) -> BlobStore:
    if settings.storage_backend == "s3":
        from app.storage.s3 import S3BlobStore  # here: boto3 is loaded only when S3 is configured

        secret = settings.s3_secret_access_key
        return S3BlobStore(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=secret.get_secret_value() if secret is not None else None,
            sse=settings.s3_sse,
            kms_key_id=settings.s3_kms_key_id,
            max_bytes=settings.max_upload_bytes,
            parallel_parts=settings.s3_parallel_parts,
            connect_timeout=settings.s3_connect_timeout_seconds,
            read_timeout=settings.s3_read_timeout_seconds,
            max_attempts=settings.s3_max_attempts,
        )
    return LocalBlobStore(
        settings.effective_storage_dir,
        _age_identity(settings),
        max_bytes=settings.max_upload_bytes,
        # Decrypt through the age CLI where installed (a child process: in parallel with encryption).
        age_binary=shutil.which("age"),
    )
