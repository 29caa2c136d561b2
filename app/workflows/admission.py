"""Admission control for evidence uploads: how many may be at work at once.

An upload request (a tus creation or PATCH, a file sent in one request) holds a permit while it works
(`admitted`). Permits are bounded per person (an API token counts as its creator), per organisation
and per process (`PORTAL_UPLOADS_PER_USER`, `…_PER_ORG`, `…_PER_PROCESS`). Beyond a bound the
request is refused at once, 429 with Retry-After, never queued: a queued upload would hold its socket,
a worker thread and memory while it waits, and tus clients retry on their own.

Why: a tus PATCH on PostgreSQL keeps its upload's row lock, and so a pooled connection, while its
bytes stream (`ingest`, rule 1's exception), and each upload buffers up to (parallel parts + 1) S3
parts. The process bound keeps both finite and leaves connections for everything else (sign-in,
reading, health checks): keep it below the connection pool's size. The per-organisation and
per-person bounds keep one NGO (or one compromised account) from taking every permit.

The counters live in this process: with several API processes each one admits its own share.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from app.config import Settings
from app.errors import TooManyRequests
from app.security.permissions import Principal


class Admission:
    """Counters of the permits held, per person, per organisation and in total."""

    def __init__(self, per_user: int, per_org: int, per_process: int, retry_after: int) -> None:
        self.per_user = per_user
        self.per_org = per_org
        self.per_process = per_process
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._users: Counter[str] = Counter()
        self._orgs: Counter[str] = Counter()
        self._total = 0

    def held(self) -> int:
        with self._lock:
            return self._total

    @contextmanager
    def admitted(self, user: str, org: str) -> Iterator[None]:
        """Hold a permit for the block; TooManyRequests (429) if any bound is reached."""
        with self._lock:
            if self._total >= self.per_process:
                refusal = "The server is busy with other uploads"
            elif self._orgs[org] >= self.per_org:
                refusal = f"Your organisation already has {self.per_org} uploads in progress"
            elif self._users[user] >= self.per_user:
                refusal = f"You already have {self.per_user} uploads in progress"
            else:
                refusal = None
                self._total += 1
                self._orgs[org] += 1
                self._users[user] += 1
        if refusal is not None:
            raise TooManyRequests(
                f"{refusal}; try again in a few seconds",
                headers={"Retry-After": str(self.retry_after)},
                extra={"retry_after": self.retry_after},
            )
        try:
            yield
        finally:
            with self._lock:
                self._total -= 1
                for counter, key in ((self._orgs, org), (self._users, user)):
                    counter[key] -= 1
                    if counter[key] <= 0:
                        del counter[key]


_admissions: dict[int, Admission] = {}
_admissions_lock = threading.Lock()


def for_settings(settings: Settings) -> Admission:
    """The process's counters for these settings (one Settings object in production; tests make many)."""
    key = id(settings)
    with _admissions_lock:
        found = _admissions.get(key)
        if found is None:
            found = _admissions[key] = Admission(
                settings.uploads_per_user,
                settings.uploads_per_org,
                settings.uploads_per_process,
                settings.uploads_retry_after_seconds,
            )
            weakref.finalize(settings, _admissions.pop, key, None)
        return found


@contextmanager
def upload(p: Principal, settings: Settings) -> Iterator[None]:
    """An upload request's permit, for the block."""
    user = p.user_id or f"token:{p.token_id}"
    with for_settings(settings).admitted(user, p.org_id):
        yield
