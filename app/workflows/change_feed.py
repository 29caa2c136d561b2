"""The change feed (`GET /api/v1/events?after=<cursor>`): the events webhooks carry, in order, for a
receiver to catch up on what it missed while it was down, without replaying deliveries one by one.

- What: every webhook event (`webhooks.WEBHOOK_EVENTS`) with the webhook payload (ids and states only,
  never content: `webhooks.payload_for`), whether or not an endpoint is registered for it.
- Who: an event is written, in the transaction of the change, once per organisation that may hear it
  when it happens (`scoping.unscoped_feed_audiences`: the rule of `scoping.cases`); a caller reads its
  own organisation's rows (`scoping.feed_events`). Another organisation sees none of them.
- Order and cursor: rows are read in (transaction id, sequence) order, and on PostgreSQL only rows of
  transactions older than every transaction still running (`pg_snapshot_xmin`): a transaction that
  started earlier but commits later can therefore never slip in behind a cursor already handed out,
  and a reader that follows `next_cursor` sees every event exactly once, in one order all readers
  share. (A long-running transaction delays the feed; it never reorders it or loses an event.) On
  SQLite, writers are serialised and the sequence alone is the order. The cursor is opaque, durable
  (plain values, valid across restarts and processes) and kept for `PORTAL_CHANGE_FEED_RETENTION_DAYS`.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, insert, literal_column, or_, tuple_
from sqlalchemy.orm import Session

from app.db import new_id, utcnow
from app.errors import Invalid
from app.models.cases import CaseFile
from app.models.integrations import FeedEvent
from app.security.permissions import Principal
from app.workflows import scoping

MAX_LIMIT = 500
_CURSOR_VERSION = "1"


def _is_postgresql(db: Session) -> bool:
    return db.get_bind().dialect.name == "postgresql"


def record(db: Session, event: str, case: CaseFile, payload: dict[str, Any]) -> None:
    """Write `event` for every organisation that may hear about `case` (in the change's transaction);
    `payload` (the webhook payload) gains the event's `event_id`."""
    # One id for the event wherever it is seen (each audience's feed, each webhook delivery's body):
    # receivers deduplicate on it.
    payload.setdefault("event_id", new_id())
    audiences = list(db.execute(scoping.unscoped_feed_audiences(case.id)).scalars())
    if not audiences:
        return
    txid: Any = literal_column("(pg_current_xact_id()::text)::bigint") if _is_postgresql(db) else 0
    body = dict(payload)
    now = utcnow()
    rows = [
        {"txid": txid, "org_id": org, "case_id": case.id, "event": event, "payload": body, "occurred_at": now}
        for org in audiences
    ]
    db.execute(insert(FeedEvent).values(rows))


def encode_cursor(txid: int, seq: int) -> str:
    raw = f"{_CURSOR_VERSION}:{txid}:{seq}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, txid, seq = raw.split(":")
        if version != _CURSOR_VERSION:
            raise ValueError(version)
        return int(txid), int(seq)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise Invalid(
            "Unknown cursor: pass the `next_cursor` of an earlier page, or none to start at the oldest event",
            errors=[{"loc": ["query", "after"], "msg": "not a cursor of this feed"}],
        ) from None


@dataclass(frozen=True)
class Page:
    events: list[FeedEvent]
    next_cursor: str
    has_more: bool

    def cursor_of(self, event: FeedEvent) -> str:
        return encode_cursor(event.txid, event.seq)


def _settled() -> ColumnElement[bool]:
    """Rows no running transaction can still precede: older than the oldest one running, or our own."""
    oldest_running: ColumnElement[int] = literal_column(
        "(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint"
    )
    ours: ColumnElement[int] = literal_column("(pg_current_xact_id_if_assigned()::text)::bigint")
    return or_(FeedEvent.txid < oldest_running, FeedEvent.txid == ours)


def page(db: Session, p: Principal, after: str | None, limit: int) -> Page:
    """The caller's events after `after` (from the oldest kept, without it), at most `limit`."""
    limit = max(1, min(limit, MAX_LIMIT))
    position = decode_cursor(after) if after else (-1, -1)
    stmt = scoping.feed_events(p).where(tuple_(FeedEvent.txid, FeedEvent.seq) > tuple_(*position))
    if _is_postgresql(db):
        stmt = stmt.where(_settled())
    rows = list(db.execute(stmt.order_by(FeedEvent.txid, FeedEvent.seq).limit(limit + 1)).scalars())
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = (rows[-1].txid, rows[-1].seq) if rows else position
    return Page(rows, encode_cursor(*last), has_more)


def purge(db: Session, retention_days: int, now: datetime | None = None) -> None:
    """Drop events older than the retention (the periodic job)."""
    horizon = (now or utcnow()) - timedelta(days=retention_days)
    db.execute(scoping.delete_rows(scoping.unscoped_feed_events().where(FeedEvent.occurred_at < horizon)))
