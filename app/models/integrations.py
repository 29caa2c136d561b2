"""Integrations: idempotency records, API rate-limit counters and the change feed (issue #21)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow


class IdempotencyRecord(Base):
    """One `Idempotency-Key` of one caller (`token:<id>` or `user:<id>`): the request's fingerprint and,
    once answered, the stored response. Read only by the same caller and key (app/workflows/idempotency.py),
    so it carries no tenant column."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("caller", "key", name="uq_idempotency_records_caller_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    caller: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(2000))
    state: Mapped[str] = mapped_column(String(10), default="running")  # running | done
    # Who runs it now (a random token): a request whose lease ran out is taken over by a retry.
    owner: Mapped[str] = mapped_column(String(64))
    locked_until: Mapped[datetime] = mapped_column()
    request_hash: Mapped[str | None] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[list[list[str]] | None] = mapped_column(JSON)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ApiRateLimit(Base):
    """Request counters per fixed window: `token:<id>`, `user:<id>` and `org:<id>` (all processes share
    them: one upsert per key and request)."""

    __tablename__ = "api_rate_limits"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    window_start: Mapped[datetime] = mapped_column()
    hits: Mapped[int] = mapped_column(Integer, default=0)


class FeedEvent(Base):
    """One event of the change feed, as one audience (an organisation) sees it: the webhook payload
    (ids and states only). Ordered by (txid, seq): see app/workflows/change_feed.py."""

    __tablename__ = "feed_events"
    __table_args__ = (Index("ix_feed_events_org_order", "org_id", "txid", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    # The writing transaction's id (PostgreSQL; 0 on SQLite, where writers are serialised).
    txid: Mapped[int] = mapped_column(BigInteger, default=0)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("case_files.id", ondelete="SET NULL"))
    event: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
