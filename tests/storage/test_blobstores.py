"""Both blob store adapters against the same contract; local-only and S3-only checks at the end."""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from app.errors import Conflict, Invalid, NotFound, Unavailable
from app.storage import BlobCorrupted, LocalBlobStore, S3BlobStore, make_blob_store
from tests.storage.conftest import make_settings

MiB = 1024 * 1024


def payload(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def chunked(data: bytes, size: int = 256 * 1024):
    for start in range(0, len(data), size):
        yield data[start : start + size]


def dropping(data: bytes, size: int = 256 * 1024):
    """A client that sends `data` and then drops the connection."""
    yield from chunked(data, size)
    raise ConnectionResetError("client went away")


def read_all(store, key: str) -> bytes:
    return b"".join(store.open_stream(key))


def test_roundtrip_hash_size_delete(store):
    data = payload(300_000)
    result = store.put_stream("cases/1/evidence/a", chunked(data, 70_000))
    assert (result.size, result.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert store.exists("cases/1/evidence/a")
    assert store.size("cases/1/evidence/a") == len(data)
    assert read_all(store, "cases/1/evidence/a") == data
    store.delete("cases/1/evidence/a")
    assert not store.exists("cases/1/evidence/a")
    with pytest.raises(NotFound):
        store.open_stream("cases/1/evidence/a")


@pytest.mark.parametrize("size", [0, 1, 65_536, 65_537, 131_072])
def test_sizes_at_age_chunk_boundaries(store, size):
    data = payload(size)
    assert store.put_stream("k", [data]).size == size
    assert store.size("k") == size
    assert read_all(store, "k") == data


def test_write_once(store):
    store.put_stream("k", [b"original"])
    with pytest.raises(Conflict):
        store.put_stream("k", [b"replacement"])
    assert read_all(store, "k") == b"original"


def test_failed_put_leaves_nothing(store):
    with pytest.raises(ConnectionResetError):
        store.put_stream("k", dropping(payload(9 * MiB), MiB))
    assert not store.exists("k")
    if isinstance(store, S3BlobStore):
        assert "Uploads" not in store._s3.list_multipart_uploads(Bucket=store._bucket)
    else:
        assert not [p for p in store._root.rglob("*") if p.is_file()]


def test_invalid_keys_are_refused(store):
    for key in ("../etc/passwd", "/abs", "a/../b", "a//b", ""):
        with pytest.raises(Invalid):
            store.put_stream(key, [b"x"])
    with pytest.raises(Invalid):
        store.begin_staged("../x", "k")
    with pytest.raises(Invalid):
        store.begin_staged("x", "../k")


def test_streamed_put_of_20_mib_from_a_generator(store):
    digest = hashlib.sha256()

    def generate():
        for i in range(20):
            block = hashlib.sha256(str(i).encode()).digest() * (MiB // 32)
            digest.update(block)
            yield block

    local = isinstance(store, LocalBlobStore)
    if local:  # moto runs in this process and keeps the S3 object in memory: measure the local adapter only
        tracemalloc.start()
    result = store.put_stream("big", generate())
    if local:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 8 * MiB, peak
    assert (result.size, result.sha256) == (20 * MiB, digest.hexdigest())
    check = hashlib.sha256()
    for chunk in store.open_stream("big"):
        check.update(chunk)
    assert check.hexdigest() == digest.hexdigest()


def test_staged_upload_resumes_after_a_drop(store, tmp_path, request):
    data = payload(13 * MiB + 12_345)
    store.begin_staged("up1", "cases/1/evidence/staged")
    with pytest.raises(Conflict):
        store.begin_staged("up1", "cases/1/evidence/staged")
    assert store.staged_offset("up1") == 0
    assert store.append_staged("up1", 0, chunked(data[: 3 * MiB])) == 3 * MiB

    # The client drops after sending 6 MiB more: what arrived is persisted and reported.
    with pytest.raises(ConnectionResetError):
        store.append_staged("up1", 3 * MiB, dropping(data[3 * MiB : 9 * MiB]))
    assert store.staged_offset("up1") == 9 * MiB

    # Another process picks the upload up from what is on disk / in the bucket alone.
    settings = (
        request.getfixturevalue("s3_settings") if isinstance(store, S3BlobStore) else make_settings(tmp_path)
    )
    other = make_blob_store(settings)
    assert other.staged_offset("up1") == 9 * MiB
    with pytest.raises(Conflict):
        other.append_staged("up1", 3 * MiB, [data[3 * MiB : 4 * MiB]])
    assert other.append_staged("up1", 9 * MiB, chunked(data[9 * MiB :], 700_000)) == len(data)

    result = other.commit_staged("up1", "cases/1/evidence/staged")
    assert (result.size, result.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert read_all(store, "cases/1/evidence/staged") == data
    with pytest.raises(NotFound):
        store.staged_offset("up1")


def test_empty_staged_upload_commits(store):
    store.begin_staged("empty", "e")
    result = store.commit_staged("empty", "e")
    assert (result.size, result.sha256) == (0, hashlib.sha256(b"").hexdigest())
    assert read_all(store, "e") == b""


def test_commit_to_an_existing_key_is_refused(store):
    store.put_stream("k", [b"first"])
    with pytest.raises(Conflict):
        store.begin_staged("up", "k")
    store.begin_staged("up", "k2")
    store.append_staged("up", 0, [b"second"])
    store.put_stream("k2", [b"written meanwhile"])
    with pytest.raises(Conflict):
        store.commit_staged("up", "k2")
    assert read_all(store, "k") == b"first"
    assert read_all(store, "k2") == b"written meanwhile"
    assert store.staged_offset("up") == 6


def test_running_digest_across_appends_and_a_drop(store):
    """The caller's digest sees exactly the persisted bytes, so a commit can trust it."""
    data = payload(12 * MiB + 777)
    digest = hashlib.sha256()
    store.begin_staged("up", "k")
    assert store.append_staged("up", 0, chunked(data[:MiB]), digest=digest) == MiB
    with pytest.raises(ConnectionResetError):
        store.append_staged("up", MiB, dropping(data[MiB : 7 * MiB]), digest=digest)
    assert store.staged_offset("up") == 7 * MiB
    assert store.append_staged("up", 7 * MiB, chunked(data[7 * MiB :]), digest=digest) == len(data)
    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()
    result = store.commit_staged("up", "k", sha256=digest.hexdigest())
    assert (result.size, result.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert store.size("k") == len(data)
    assert read_all(store, "k") == data
    store.delete("k")
    assert not store.exists("k")


def test_abort_cleans_up(store, request):
    store.begin_staged("up", "k")
    store.append_staged("up", 0, chunked(payload(9 * MiB), MiB))
    other = None
    if isinstance(store, S3BlobStore):
        other = make_blob_store(request.getfixturevalue("s3_settings"))
    if other is not None:
        assert other.staged_offset("up") == 9 * MiB  # another process, which now knows the upload
    store.abort_staged("up")
    if other is not None:
        with pytest.raises(NotFound):
            other.staged_offset("up")
    store.abort_staged("up")  # idempotent
    with pytest.raises(NotFound):
        store.staged_offset("up")
    if isinstance(store, S3BlobStore):
        assert "Uploads" not in store._s3.list_multipart_uploads(Bucket=store._bucket)
        assert "Contents" not in store._s3.list_objects_v2(Bucket=store._bucket, Prefix="staging/")
    else:
        assert not list((store._root / "staging").iterdir())


def test_list_stale_staged(store):
    store.begin_staged("a", "ka")
    store.begin_staged("b", "kb")
    now = datetime.now(UTC)
    assert store.list_stale_staged(now + timedelta(minutes=1)) == ["a", "b"]
    assert store.list_stale_staged(now - timedelta(hours=1)) == []
    for upload_id in store.list_stale_staged(now + timedelta(minutes=1)):
        store.abort_staged(upload_id)
    assert store.list_stale_staged(now + timedelta(minutes=1)) == []


# -- local adapter -------------------------------------------------------------------------------


@pytest.fixture(params=["age-cli", "pyrage"])
def local(tmp_path, request) -> LocalBlobStore:
    blob_store = make_blob_store(make_settings(tmp_path))
    assert isinstance(blob_store, LocalBlobStore)
    if request.param == "pyrage":
        blob_store._age = None
    return blob_store


def test_local_blobs_and_staged_bytes_are_encrypted(local, tmp_path):
    secret = b"testimony of witness 7, Kharkiv " * 1000
    local.put_stream("k", [secret])
    raw = (tmp_path / "var" / "blobs" / "objects" / "k.age").read_bytes()
    assert raw.startswith(b"age-encryption.org/v1\n")
    assert b"witness 7" not in raw
    local.begin_staged("up", "staged")
    local.append_staged("up", 0, [secret])
    for segment in (tmp_path / "var" / "blobs" / "staging" / "up").glob("*.age"):
        assert segment.read_bytes().startswith(b"age-encryption.org/v1\n")
        assert b"witness 7" not in segment.read_bytes()
    identity = tmp_path / "var" / "age-identity.txt"
    assert identity.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_local_tampered_blob_raises_blob_corrupted(local, tmp_path, damage):
    data = payload(300_000)
    local.put_stream("k", [data])
    path = tmp_path / "var" / "blobs" / "objects" / "k.age"
    raw = bytearray(path.read_bytes())
    if damage == "flip":
        raw[len(raw) - 70_000] ^= 0x01
    else:
        del raw[-100:]
    path.write_bytes(bytes(raw))
    received = bytearray()
    with pytest.raises(BlobCorrupted):
        for chunk in local.open_stream("k"):
            received += chunk
    assert data.startswith(bytes(received))  # only authenticated plaintext came out


def test_local_abandoned_stream_stops_its_thread(local):
    local.put_stream("k", [payload(3 * MiB)])
    stream = local.open_stream("k")
    next(stream)
    stream.close()  # must not hang


def test_local_concurrent_append_is_refused(local, tmp_path):
    local.begin_staged("up", "k")
    fd = os.open(tmp_path / "var" / "blobs" / "staging" / "up" / "lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(Conflict):
            local.append_staged("up", 0, [b"x"])
    finally:
        os.close(fd)
    assert local.append_staged("up", 0, [b"x"]) == 1


def test_local_too_large(tmp_path):
    small = make_blob_store(make_settings(tmp_path, max_upload_bytes=1000))
    from app.errors import TooLarge

    with pytest.raises(TooLarge):
        small.put_stream("k", [b"x" * 600, b"x" * 600])
    assert not small.exists("k")


# -- S3 adapter ----------------------------------------------------------------------------------


def test_s3_objects_carry_server_side_encryption(s3_settings, s3_client):
    s3 = make_blob_store(s3_settings)
    assert isinstance(s3, S3BlobStore)
    s3.ensure_bucket()
    s3.put_stream("small", [b"x" * 1000])
    s3.put_stream("large", chunked(payload(9 * MiB), MiB))  # multipart
    s3.begin_staged("up", "staged")
    s3.append_staged("up", 0, [payload(MiB)])
    tail = s3_client.head_object(Bucket=s3_settings.s3_bucket, Key="staging/up/tail")
    assert tail["ServerSideEncryption"] == "AES256"
    s3.commit_staged("up", "staged")
    for key in ("small", "large", "staged"):
        head = s3_client.head_object(Bucket=s3_settings.s3_bucket, Key=f"objects/{key}")
        assert head["ServerSideEncryption"] == "AES256", key
    encryption = s3_client.get_bucket_encryption(Bucket=s3_settings.s3_bucket)
    rule = encryption["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


def test_s3_unreachable_endpoint_is_unavailable(tmp_path):
    settings = make_settings(
        tmp_path,
        storage_backend="s3",
        s3_endpoint_url="http://127.0.0.1:1",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
    )
    s3 = make_blob_store(settings)
    for call in (
        lambda: s3.exists("k"),
        lambda: s3.put_stream("k", [b"x"]),
        lambda: s3.open_stream("k"),
        lambda: s3.staged_offset("up"),
    ):
        with pytest.raises(Unavailable) as caught:
            call()
        assert caught.value.status_code == 503
        assert caught.value.headers == {"Retry-After": "30"}


def test_local_commit_keeps_the_encrypted_segments(local, tmp_path, monkeypatch):
    data = payload(3 * MiB + 10)
    local.begin_staged("up", "cases/1/k")
    for start in range(0, len(data), MiB):
        local.append_staged("up", start, [data[start : start + MiB]])
    import app.storage.local as local_module

    monkeypatch.setattr(local_module.pyrage, "encrypt_io", None)  # no re-encryption on commit
    result = local.commit_staged("up", "cases/1/k", sha256=hashlib.sha256(data).hexdigest())
    monkeypatch.undo()
    assert (result.size, local.size("cases/1/k")) == (len(data), len(data))
    segments = sorted((tmp_path / "var" / "blobs" / "objects" / "cases" / "1" / "k.segments").iterdir())
    assert len(segments) == 4
    assert all(p.read_bytes().startswith(b"age-encryption.org/v1\n") for p in segments)
    assert read_all(local, "cases/1/k") == data
    assert not (tmp_path / "var" / "blobs" / "staging" / "up").exists()
    with pytest.raises(Conflict):
        local.put_stream("cases/1/k", [b"x"])


@pytest.mark.parametrize("damage", ["missing", "swapped", "truncated"])
def test_local_damaged_segments_raise_blob_corrupted(local, tmp_path, damage):
    data = payload(3 * MiB)
    local.begin_staged("up", "k")
    for start in range(0, len(data), MiB):
        local.append_staged("up", start, [data[start : start + MiB]])
    local.commit_staged("up", "k")
    segments = sorted((tmp_path / "var" / "blobs" / "objects" / "k.segments").iterdir())
    if damage == "missing":
        segments[1].unlink()
    elif damage == "swapped":  # a valid age file of another length under a segment's name
        local.put_stream("other", [b"short"])
        (tmp_path / "var" / "blobs" / "objects" / "other.age").replace(segments[1])
    else:
        segments[2].write_bytes(segments[2].read_bytes()[:-100])
    with pytest.raises(BlobCorrupted):
        for _ in local.open_stream("k"):
            pass


def test_local_ignores_segments_of_a_killed_append(local, tmp_path):
    local.begin_staged("up", "k")
    local.append_staged("up", 0, [b"abc"])
    leftover = tmp_path / "var" / "blobs" / "staging" / "up" / ".tmp-killed"
    leftover.write_bytes(b"half an age file")
    assert local.staged_offset("up") == 3
    assert local.append_staged("up", 3, [b"def"]) == 6
    assert not leftover.exists()
    assert local.commit_staged("up", "k").sha256 == hashlib.sha256(b"abcdef").hexdigest()


def test_s3_stale_tail_after_a_crash_is_not_counted_twice(s3_settings, s3_client):
    s3 = make_blob_store(s3_settings)
    assert isinstance(s3, S3BlobStore)
    s3.ensure_bucket()
    data = payload(11 * MiB)
    s3.begin_staged("up", "k")
    s3.append_staged("up", 0, [data[: 3 * MiB]])
    bucket, tail = s3_settings.s3_bucket, "staging/up/tail"
    old_tail = s3_client.get_object(Bucket=bucket, Key=tail)["Body"].read()
    assert s3.append_staged("up", 3 * MiB, chunked(data[3 * MiB : 9 * MiB])) == 9 * MiB
    # As if the process died after uploading part 1 but before rewriting the tail.
    s3_client.put_object(
        Bucket=bucket, Key=tail, Body=old_tail, Metadata={"start": "0"}, ServerSideEncryption="AES256"
    )
    assert s3.staged_offset("up") == 8 * MiB
    assert s3.append_staged("up", 8 * MiB, [data[8 * MiB :]]) == len(data)
    assert s3.commit_staged("up", "k").sha256 == hashlib.sha256(data).hexdigest()


def test_s3_commit_resumes_after_failing_halfway(s3_settings, monkeypatch):
    s3 = make_blob_store(s3_settings)
    assert isinstance(s3, S3BlobStore)
    s3.ensure_bucket()
    data = payload(6 * MiB)
    s3.begin_staged("up", "k")
    s3.append_staged("up", 0, [data])

    def fail(*args, **kwargs):
        raise Unavailable("Evidence storage is unreachable")

    with monkeypatch.context() as patch:
        patch.setattr(s3, "_iter_body", fail)  # completed in place, then the read-back hash fails
        with pytest.raises(Unavailable):
            s3.commit_staged("up", "k")
    result = s3.commit_staged("up", "k")  # the object was already completed: hash it and carry on
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert read_all(s3, "k") == data
    assert s3.list_stale_staged(datetime.now(UTC) + timedelta(days=1)) == []


def test_s3_commit_with_a_streamed_hash_completes_in_place(s3_settings, s3_client, monkeypatch):
    s3 = make_blob_store(s3_settings)
    assert isinstance(s3, S3BlobStore)
    s3.ensure_bucket()
    data = payload(20 * MiB + 5)
    s3.begin_staged("up", "k")
    s3.append_staged("up", 0, chunked(data, MiB))
    # Nothing is read back or copied: only the multipart upload at the final key is completed.
    real_get = s3._s3.get_object

    def get_object(**kwargs):
        assert kwargs["Key"] != "objects/k", "the committed object was read back"
        return real_get(**kwargs)

    monkeypatch.setattr(s3._s3, "get_object", get_object)
    monkeypatch.setattr(s3._s3, "upload_part_copy", None)
    result = s3.commit_staged("up", "k", sha256=hashlib.sha256(data).hexdigest())
    monkeypatch.undo()
    assert result.size == len(data)
    assert read_all(s3, "k") == data
    bucket = s3_settings.s3_bucket
    assert "Uploads" not in s3_client.list_multipart_uploads(Bucket=bucket)
    assert "Contents" not in s3_client.list_objects_v2(Bucket=bucket, Prefix="staging/")


def test_s3_failed_part_among_parallel_parts_resumes_from_the_contiguous_prefix(s3_settings, monkeypatch):
    s3 = make_blob_store(s3_settings)
    assert isinstance(s3, S3BlobStore)
    s3.ensure_bucket()
    part = s3._part_size
    data = payload(4 * part + 3)
    s3.begin_staged("up", "k")
    real = s3._upload_part

    def flaky(target, mpu_id, number, body):
        if number == 2:
            raise Unavailable("Evidence storage is unreachable")
        return real(target, mpu_id, number, body)

    with monkeypatch.context() as patch:
        patch.setattr(s3, "_upload_part", flaky)
        with pytest.raises(Unavailable):
            s3.append_staged("up", 0, chunked(data, MiB))
    # Part 1 is stored; part 3 may be too, but after a gap it was never acknowledged.
    assert s3.staged_offset("up") == part
    assert s3.append_staged("up", part, chunked(data[part:], MiB)) == len(data)
    assert s3.commit_staged("up", "k").sha256 == hashlib.sha256(data).hexdigest()
    assert read_all(s3, "k") == data


def test_s3_commit_retries_after_failing_before_completion(s3_settings, monkeypatch):
    s3 = make_blob_store(s3_settings)
    assert isinstance(s3, S3BlobStore)
    s3.ensure_bucket()
    data = payload(9 * MiB)
    s3.begin_staged("up", "k")
    s3.append_staged("up", 0, chunked(data, MiB))  # one full part + a 1 MiB tail
    real = s3._s3.complete_multipart_upload

    def fail(**kwargs):
        raise Unavailable("Evidence storage is unreachable")

    monkeypatch.setattr(s3._s3, "complete_multipart_upload", fail)
    with pytest.raises(Unavailable):
        s3.commit_staged("up", "k")  # the tail was uploaded as part 2, then completion failed
    monkeypatch.setattr(s3._s3, "complete_multipart_upload", real)
    assert s3.commit_staged("up", "k").sha256 == hashlib.sha256(data).hexdigest()
    assert read_all(s3, "k") == data
