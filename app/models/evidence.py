"""Evidence items, their chain of custody, and resumable uploads in progress."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
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
    # A type no stripper handles (here): packaged only when a coordinator excludes it or shares the
    # original explicitly, with a reason; `sanitise_detail` says why.
    not_applicable = "not_applicable"
    failed = "failed"  # the tools tried and could not; `sanitise_detail` says what they said


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
    # The tool that made the copy ("mat2", "verbatim"…), or why there is none.
    sanitise_detail: Mapped[str | None] = mapped_column(String(2000))
    scan_status: Mapped[ScanStatus] = mapped_column(
        _enum(ScanStatus, "scan_status"), default=ScanStatus.pending
    )
    scan_signature: Mapped[str | None] = mapped_column(String(200))
    # The scanner and its signature version (clamd's VERSION) of the last scan, and when it ran: a
    # change of signatures queues a rescan.
    scan_engine: Mapped[str | None] = mapped_column(String(200))
    scanned_at: Mapped[datetime | None] = mapped_column()
    rescan_requested_at: Mapped[datetime | None] = mapped_column()
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


class TimestampState(enum.StrEnum):
    pending = "pending"  # asked for (or to be asked for again after `next_attempt_at`)
    granted = "granted"  # `token` holds the TSA's reply


class _Token:
    """An RFC 3161 timestamp token over a SHA-256, and the asking for it.

    `token` is the Time-Stamping Authority's whole reply (DER TimeStampResp, `application/timestamp-reply`),
    kept as received so anyone can check it offline (`openssl ts -verify`)."""

    sha256: Mapped[str] = mapped_column(String(64))  # what is stamped (hex)
    state: Mapped[TimestampState] = mapped_column(
        _enum(TimestampState, "timestamp_state"), default=TimestampState.pending, index=True
    )
    tsa_url: Mapped[str] = mapped_column(String(500))
    token: Mapped[bytes | None] = mapped_column(LargeBinary)
    gen_time: Mapped[datetime | None] = mapped_column()  # the TSA's time in the token
    serial: Mapped[str | None] = mapped_column(String(80))  # the token's serial number (decimal)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    granted_at: Mapped[datetime | None] = mapped_column()


class EvidenceTimestamp(_Token, Base):
    """The trusted timestamp of an evidence item's original (one per item)."""

    __tablename__ = "evidence_timestamps"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), unique=True)


class AuditTimestamp(_Token, Base):
    """A trusted timestamp of the audit chain's head hash (`sha256`) at sequence number `audit_seq`."""

    __tablename__ = "audit_timestamps"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    audit_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
