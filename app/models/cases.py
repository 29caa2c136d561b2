"""Case files and their revisions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow
from app.models.identity import _enum


class CaseStatus(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"
    in_review = "in_review"
    changes_requested = "changes_requested"
    approved = "approved"
    rejected = "rejected"
    packaged = "packaged"
    submitted_to_government = "submitted_to_government"
    withdrawn = "withdrawn"


class CaseFile(Base):
    __tablename__ = "case_files"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus, "case_status"), index=True)
    target_jurisdictions: Mapped[list[str]] = mapped_column(JSON, default=list)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Optimistic concurrency: every write carries If-Match with this number; a stale one gets 412.
    version: Mapped[int] = mapped_column(Integer, default=1)
    revision_number: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    first_submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    # Denormalised for filters and search, portable across PostgreSQL and SQLite:
    # "|a|b|" strings queried with LIKE '%|a|%', and a normalised, transliterated search text.
    search_text: Mapped[str] = mapped_column(Text, default="")
    jurisdictions_key: Mapped[str] = mapped_column(String(100), default="|")
    categories_key: Mapped[str] = mapped_column(String(1000), default="|")
    groups_key: Mapped[str] = mapped_column(String(500), default="|")
    countries_key: Mapped[str] = mapped_column(String(1000), default="|")


class CaseRevision(Base):
    __tablename__ = "case_revisions"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    target_jurisdictions: Mapped[list[str]] = mapped_column(JSON, default=list)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_token_id: Mapped[str | None] = mapped_column(String(32))
    autosave: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
