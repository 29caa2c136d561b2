"""Coalition review: assignments, anchored comments, decisions, conflicts of interest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow


class Assignment(Base):
    """Who is reviewing a case now; one row per case (released → deleted, history in the audit chain)."""

    __tablename__ = "review_assignments"

    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), primary_key=True)
    coordinator_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_by: Mapped[str | None] = mapped_column(String(32))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)


class Comment(Base):
    __tablename__ = "review_comments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("review_comments.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(300))  # section path, e.g. "perpetrators[1].positions"
    revision_number: Mapped[int] = mapped_column(Integer)  # revision the comment was made on
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_org_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[str | None] = mapped_column(String(32))


class Decision(Base):
    __tablename__ = "review_decisions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), index=True)
    coordinator_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(20))  # approve | request_changes | reject
    revision_number: Mapped[int] = mapped_column(Integer)  # approvals count only for this revision
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConflictOfInterest(Base):
    """A coordinator's declared conflict with an organisation (e.g. former staff) or one case."""

    __tablename__ = "conflicts_of_interest"
    __table_args__ = (UniqueConstraint("coordinator_id", "org_id", "case_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    coordinator_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewMark(Base):
    """The revision a coordinator last reviewed (acted on), for "what changed since I last looked"."""

    __tablename__ = "review_marks"

    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), primary_key=True)
    coordinator_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    revision_number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
