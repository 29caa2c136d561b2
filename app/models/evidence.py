"""Evidence items, their chain of custody, and resumable uploads in progress."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow
from app.models.identity import _enum


class Sensitivity(enum.StrEnum):
    public = "public"
    confidential = "confidential"  # never leaves the portal
    source_identifying = "source_identifying"  # never leaves the portal; shown to few


class ScanStatus(enum.StrEnum):
    pending = "pending"
    clean = "clean"
    infected = "infected"  # quarantined: never served, never packaged
    not_scanned = "not_scanned"  # embedded default without ClamAV
    error = "error"


class SanitiseStatus(enum.StrEnum):
    pending = "pending"
    done = "done"
    not_applicable = "not_applicable"  # type we cannot strip: shared only if public and cleared
    failed = "failed"


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # E-1, E-2… within the case, for indexes and dossiers
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    original_filename: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str | None] = mapped_column(String(200))  # None once purged
    derivative_key: Mapped[str | None] = mapped_column(String(200))
    derivative_sha256: Mapped[str | None] = mapped_column(String(64))
    derivative_size: Mapped[int | None] = mapped_column(BigInteger)
    sanitise_status: Mapped[SanitiseStatus] = mapped_column(
        _enum(SanitiseStatus, "sanitise_status"), default=SanitiseStatus.pending
    )
    scan_status: Mapped[ScanStatus] = mapped_column(
        _enum(ScanStatus, "scan_status"), default=ScanStatus.pending
    )
    scan_signature: Mapped[str | None] = mapped_column(String(200))
    sensitivity: Mapped[Sensitivity] = mapped_column(
        _enum(Sensitivity, "sensitivity"), default=Sensitivity.confidential
    )
    share_with: Mapped[list[str]] = mapped_column(JSON, default=list)  # jurisdiction codes cleared
    captured_date: Mapped[str | None] = mapped_column(String(10))  # partial ISO date
    captured_place: Mapped[str | None] = mapped_column(String(300))
    perpetrator_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    incident_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    uploaded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column()
    deleted_reason: Mapped[str | None] = mapped_column(String(2000))


class CustodyEvent(Base):
    __tablename__ = "custody_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    # uploaded, scanned, derived, viewed, downloaded, verified, shared, deleted, purged
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_user_id: Mapped[str | None] = mapped_column(String(32))
    actor_token_id: Mapped[str | None] = mapped_column(String(32))
    sha256: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    audit_seq: Mapped[int | None] = mapped_column(BigInteger)  # the matching audit-chain event


class Upload(Base):
    """A tus upload in progress; the bytes are staged in the BlobStore until complete."""

    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[str] = mapped_column(String(32), index=True)
    created_by: Mapped[str | None] = mapped_column(String(32))
    length: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column()
    evidence_id: Mapped[str | None] = mapped_column(String(32))
