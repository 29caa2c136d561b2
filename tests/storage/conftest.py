"""Fixtures for the evidence storage, scanning and sanitising tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import boto3
import pytest

from app.config import Settings
from app.storage import BlobStore, LocalBlobStore, S3BlobStore, make_blob_store
from tests.support.clamav import clamd_socket
from tests.support.moto_server import s3_endpoint

# Non-root conftests may not use pytest_plugins: importing the fixtures registers them here.
__all__ = ["clamd_socket", "s3_endpoint"]


def make_settings(tmp_path, **overrides) -> Settings:
    return Settings(env="test", var_dir=tmp_path / "var", **overrides)


@pytest.fixture
def s3_settings(tmp_path, s3_endpoint: str) -> Settings:
    """A fresh bucket per test, so tests never see each other's objects."""
    return make_settings(
        tmp_path,
        storage_backend="s3",
        s3_endpoint_url=s3_endpoint,
        s3_bucket=f"evidence-{uuid.uuid4().hex[:16]}",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
    )


@pytest.fixture
def s3_client(s3_settings: Settings):
    return boto3.client(
        "s3",
        endpoint_url=s3_settings.s3_endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture(params=["local", "local-pyrage", "s3"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[BlobStore]:
    if request.param.startswith("local"):
        local = make_blob_store(make_settings(tmp_path))
        assert isinstance(local, LocalBlobStore)
        if request.param == "local-pyrage":
            local._age = None  # decrypt in-process (where the age CLI is not installed)
        else:
            assert local._age is not None, "the age CLI is part of the system packages"
        yield local
        return
    blob_store = make_blob_store(request.getfixturevalue("s3_settings"))
    assert isinstance(blob_store, S3BlobStore)
    blob_store.ensure_bucket()
    yield blob_store
