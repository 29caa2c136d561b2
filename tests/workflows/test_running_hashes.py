"""The per-process running SHA-256 of tus uploads: used only at the exact offset, by one request."""

from __future__ import annotations

import hashlib

from app.memory import tune_malloc
from app.workflows.tus import RunningHashes


def test_running_hash_is_used_only_at_its_offset_and_once():
    hashes = RunningHashes(capacity=2)
    first = hashes.take("u1", 0)
    assert first is not None
    first.update(b"abc")
    hashes.keep("u1", 3, first.digest)
    assert hashes.sha256_at("u1", 3) == hashlib.sha256(b"abc").hexdigest()
    assert hashes.sha256_at("u1", 4) is None
    assert hashes.take("u1", 5) is None  # another process appended meanwhile: not ours to continue
    assert hashes.take("u1", 3) is None  # ...and the stale entry is gone

    again = hashes.take("u2", 0)
    assert again is not None
    again.update(b"de")
    hashes.keep("u2", 2, again.digest)
    taken = hashes.take("u2", 2)
    assert taken is not None and hashes.take("u2", 2) is None  # handed to one request only
    taken.update(b"f")
    assert taken.size == 1 and taken.digest.hexdigest() == hashlib.sha256(b"def").hexdigest()


def test_running_hashes_are_bounded():
    hashes = RunningHashes(capacity=2)
    for upload_id in ("a", "b", "c"):
        counted = hashes.take(upload_id, 0)
        assert counted is not None
        hashes.keep(upload_id, 0, counted.digest)
    assert hashes.sha256_at("a", 0) is None  # the oldest was dropped (its commit will rehash)
    assert hashes.sha256_at("c", 0) == hashlib.sha256(b"").hexdigest()


def test_malloc_is_tuned_on_linux():
    assert tune_malloc() is True
