"""`Idempotency-Key`: a retried write answers what the first one answered, and never acts twice.

The rules (the HTTP side is app/api/idempotency.py, which feeds this module what passes on the wire):

- A key belongs to one caller (`token:<id>` or `user:<id>`, app/workflows/callers.py) and lives
  `PORTAL_IDEMPOTENCY_HOURS` (24 h) from its first use; another caller's identical key is another key.
- The first request with a key *claims* it (one row, unique on caller and key, committed before the
  request runs): a second request with the key while the first still runs is a 409 (`Retry-After`);
  two at once cannot both claim it, so two concurrent `POST /cases` create one case.
- The request's fingerprint is SHA-256 over the method, the path, the query, the media type and the
  body, computed while the body streams past (an evidence upload is never held in memory): JSON bodies
  are canonicalised (key order and spacing do not matter), and a multipart body's boundary (a random
  string each client picks afresh on a retry) is replaced by a fixed one, so a retried upload of the
  same file with the same fields has the same fingerprint.
- Once answered, the answer (status, headers but cookies, body) is stored with the fingerprint. A
  later request with the key replays it byte for byte, with `Idempotent-Replayed: true`, if its own
  fingerprint is the same, and is a 422 otherwise: its body is read and hashed, never acted on (a
  replayed upload stores nothing).
- Only answers that would not change on a retry are stored: no 5xx (faults), 401/403 (credentials and
  CSRF can be fixed), 408, 409, 412, 428 and 429 (state, preconditions and load change), and none
  that sets a cookie or is larger than `PORTAL_IDEMPOTENCY_MAX_RESPONSE_BYTES`; the key is then
  released and a retry runs afresh. A request whose body was not read to its end (the client went
  away) releases its key too.
- A claim holds for `PORTAL_IDEMPOTENCY_LEASE_SECONDS`; a key still "running" after that (its process
  died) is taken over by the next retry.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import new_id, utcnow
from app.errors import Conflict, Invalid
from app.models.integrations import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
METHODS = frozenset({"POST", "PUT", "PATCH"})
MAX_KEY_LENGTH = 255
_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII: UUIDs, ULIDs, anything a client generates
# Statuses whose answer a retry could change: never stored.
NOT_STORED = frozenset({401, 403, 408, 409, 412, 425, 428, 429})
# Response headers never stored: recomputed, or per response.
DROPPED_HEADERS = frozenset({"content-length", "date", "server", "transfer-encoding", "connection"})
MULTIPART_BOUNDARY = b"--portal-idempotency-boundary"


def check_key(key: str) -> str:
    """The key, or a 422 saying what a key may be."""
    if not _KEY.fullmatch(key):
        raise Invalid(
            f"{HEADER} must be 1 to {MAX_KEY_LENGTH} visible ASCII characters (a UUID, for example)",
            errors=[{"loc": ["header", HEADER], "msg": "1-255 visible ASCII characters"}],
        )
    return key


# ---- the request's fingerprint --------------------------------------------------------------------------


def _media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    if not content_type:
        return "", {}
    kind, *params = content_type.split(";")
    parsed: dict[str, str] = {}
    for p in params:
        name, _, value = p.strip().partition("=")
        parsed[name.strip().lower()] = value.strip().strip('"')
    return kind.strip().lower(), parsed


class Fingerprint:
    """SHA-256 of a request, fed its body chunk by chunk (see the module's rules).

    JSON bodies (bounded by the JSON body limit, which the input guards enforce) are buffered to be
    canonicalised; anything else is hashed as it streams, a multipart boundary rewritten on the way."""

    def __init__(
        self, method: str, path: str, query: bytes, content_type: str | None, json_limit: int
    ) -> None:
        kind, params = _media_type(content_type)
        self._hash = hashlib.sha256()
        head = json.dumps([method.upper(), path, query.decode("latin-1"), kind], separators=(",", ":"))
        self._hash.update(head.encode() + b"\n")
        self._json: bytearray | None = (
            bytearray() if kind == "application/json" or kind.endswith("+json") else None
        )
        self._json_limit = json_limit
        boundary = params.get("boundary", "") if kind.startswith("multipart/") else ""
        self._delimiter = b"--" + boundary.encode("latin-1") if boundary else b""
        self._tail = b""
        self.length = 0

    def update(self, chunk: bytes) -> None:
        self.length += len(chunk)
        if self._json is not None:
            if len(self._json) + len(chunk) <= self._json_limit:
                self._json += chunk
                return
            buffered, self._json = bytes(self._json), None  # too large to canonicalise: raw bytes
            self._hash.update(buffered)
        if not self._delimiter:
            self._hash.update(chunk)
            return
        data = self._tail + chunk
        keep = len(self._delimiter) - 1
        start = 0
        while (found := data.find(self._delimiter, start)) != -1:
            self._hash.update(data[start:found] + MULTIPART_BOUNDARY)
            start = found + len(self._delimiter)
        # The last len(delimiter) - 1 bytes may begin a delimiter that the next chunk completes.
        cut = max(start, len(data) - keep)
        self._hash.update(data[start:cut])
        self._tail = data[cut:]

    def hexdigest(self) -> str:
        if self._json is not None:
            body = bytes(self._json)
            try:
                document = json.loads(body) if body else None
                body = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
                    "utf-8", "surrogatepass"
                )
            except (ValueError, RecursionError):
                pass  # not JSON after all: its bytes
            self._hash.update(body)
            self._json = bytearray()
        if self._tail:
            self._hash.update(self._tail)
            self._tail = b""
        return self._hash.hexdigest()


# ---- claiming, storing, replaying ---------------------------------------------------------------------


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Claim:
    outcome: Literal["new", "replay"]
    record_id: str
    owner: str = ""
    request_hash: str | None = None
    stored: StoredResponse | None = None


def claim(db: Session, settings: Settings, caller: str, key: str, method: str, path: str) -> Claim:
    """Claim `key` for this request (outcome "new"), or the stored answer to replay; 409 while another
    request holds it. The caller commits (at once: the claim must be seen by other processes)."""
    now = utcnow()
    owner = secrets.token_hex(16)
    upsert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    insert = (
        upsert(IdempotencyRecord)
        .values(
            id=new_id(),
            caller=caller,
            key=key,
            method=method,
            path=path[:2000],
            state="running",
            owner=owner,
            locked_until=now + timedelta(seconds=settings.idempotency_lease_seconds),
            created_at=now,
            expires_at=now + timedelta(hours=settings.idempotency_hours),
        )
        .on_conflict_do_nothing(index_elements=[IdempotencyRecord.caller, IdempotencyRecord.key])
        .returning(IdempotencyRecord.id)
    )
    inserted = db.execute(insert).scalar_one_or_none()
    if inserted is None:
        # The key is taken: by an expired use, it is free again (one statement more, only then).
        expired = db.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.caller == caller,
                IdempotencyRecord.key == key,
                IdempotencyRecord.expires_at <= now,
            )
        )
        if getattr(expired, "rowcount", 0):
            inserted = db.execute(insert).scalar_one_or_none()
    if inserted is not None:
        return Claim("new", inserted, owner)
    record = db.execute(
        select(IdempotencyRecord)
        .where(IdempotencyRecord.caller == caller, IdempotencyRecord.key == key)
        .with_for_update()
    ).scalar_one()
    if record.state == "done" and record.status_code is not None:
        stored = StoredResponse(
            record.status_code,
            [(k, v) for k, v in record.response_headers or []],
            record.response_body or b"",
        )
        return Claim("replay", record.id, request_hash=record.request_hash, stored=stored)
    if record.locked_until > now:
        seconds = max(1, min(30, int((record.locked_until - now).total_seconds())))
        raise Conflict(
            f"A request with this {HEADER} is still being processed; retry later to get its answer.",
            headers={"Retry-After": str(min(seconds, 5))},
            extra={"reason": "idempotency_key_in_use"},
        )
    # The request that held it never finished (its process died): this one runs instead.
    record.owner = owner
    record.method, record.path = method, path[:2000]
    record.locked_until = now + timedelta(seconds=settings.idempotency_lease_seconds)
    return Claim("new", record.id, owner)


def check_replay(claim: Claim, request_hash: str) -> StoredResponse:
    """The stored answer, if this request is the same as the one that produced it; else 422."""
    if claim.stored is None or claim.request_hash != request_hash:
        raise Invalid(
            f"This {HEADER} was already used for a different request (another method, path or body); "
            "use a new key for a new request.",
            extra={"reason": "idempotency_key_reused"},
        )
    return claim.stored


def storable(status: int, headers: list[tuple[str, str]], size: int, settings: Settings) -> bool:
    if status >= 500 or status in NOT_STORED or size > settings.idempotency_max_response_bytes:
        return False
    return not any(k.lower() == "set-cookie" for k, _ in headers)


def complete(
    db: Session, claim: Claim, request_hash: str, status: int, headers: list[tuple[str, str]], body: bytes
) -> None:
    """Store the answer of the request that holds the claim (the caller commits)."""
    kept = [[k, v] for k, v in headers if k.lower() not in DROPPED_HEADERS]
    db.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.id == claim.record_id, IdempotencyRecord.owner == claim.owner)
        .values(
            state="done",
            request_hash=request_hash,
            status_code=status,
            response_headers=kept,
            response_body=body,
        )
    )


def release(db: Session, claim: Claim) -> None:
    """Give the key up (an answer that is not stored): a retry runs afresh (the caller commits)."""
    db.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.id == claim.record_id, IdempotencyRecord.owner == claim.owner
        )
    )


def purge(db: Session, now: datetime | None = None) -> int:
    """Drop expired keys (the periodic job)."""
    result = db.execute(delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= (now or utcnow())))
    return int(getattr(result, "rowcount", 0) or 0)
