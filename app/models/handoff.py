"""Secure hand-off: government recipients, their per-recipient package links, and every access to them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow
from app.models.identity import _enum


class Recipient(Base):
    """A government official a package may be handed to, in one jurisdiction's directory."""

    __tablename__ = "handoff_recipients"
    __table_args__ = (UniqueConstraint("jurisdiction", "email"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    jurisdiction: Mapped[str] = mapped_column(String(4), index=True)
    name: Mapped[str] = mapped_column(String(200))
    office: Mapped[str] = mapped_column(String(300))
    email: Mapped[str] = mapped_column(String(320))  # stored lower-cased
    # An age X25519 recipient (`age1…`): packages for this person are encrypted to it instead of a code.
    age_recipient: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ShareFactor(enum.StrEnum):
    code = "code"  # a one-time code mailed to the recipient when they open the link
    age = "age"  # the package is encrypted to the recipient's age key


class ShareState(enum.StrEnum):
    active = "active"
    revoked = "revoked"
    expired = "expired"
    locked = "locked"  # too many wrong codes


class Share(Base):
    """One recipient's link to one built package. Only the SHA-256 of the link's token is stored."""

    __tablename__ = "shares"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    package_id: Mapped[str] = mapped_column(ForeignKey("packages.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[str | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), index=True
    )
    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[str] = mapped_column(String(32))  # the authoring NGO (audit events are filed under it)
    recipient_id: Mapped[str] = mapped_column(
        ForeignKey("handoff_recipients.id", ondelete="RESTRICT"), index=True
    )
    jurisdiction: Mapped[str] = mapped_column(String(4))
    reference: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    factor: Mapped[ShareFactor] = mapped_column(_enum(ShareFactor, "share_factor"))
    age_recipient: Mapped[str | None] = mapped_column(String(120))  # the key used, as it was at creation
    state: Mapped[ShareState] = mapped_column(
        _enum(ShareState, "share_state"), default=ShareState.active, index=True
    )
    expires_at: Mapped[datetime] = mapped_column(index=True)
    max_downloads: Mapped[int] = mapped_column(Integer)
    downloads_started: Mapped[int] = mapped_column(Integer, default=0)
    downloads_completed: Mapped[int] = mapped_column(Integer, default=0)
    # The one-time code (an HMAC of it) while one is outstanding, and the count of wrong ones.
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None] = mapped_column()
    codes_sent: Mapped[int] = mapped_column(Integer, default=0)
    failed_codes: Mapped[int] = mapped_column(Integer, default=0)
    # After the right code: a short-lived grant held by the recipient's browser (a cookie), hashed here.
    grant_hash: Mapped[str | None] = mapped_column(String(64))
    grant_expires_at: Mapped[datetime | None] = mapped_column()
    # The coordinator who created it, as a job payload (the first complete download records the
    # submission as sent on their behalf).
    actor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()  # revoked, expired or locked
    revoked_by: Mapped[str | None] = mapped_column(String(32))
    last_access_at: Mapped[datetime | None] = mapped_column()


class AccessKind(enum.StrEnum):
    created = "created"
    viewed = "viewed"
    refused = "refused"  # the link was used while revoked, expired, locked or used up
    code_sent = "code_sent"
    code_wrong = "code_wrong"
    code_accepted = "code_accepted"
    locked = "locked"
    download_started = "download_started"
    download_completed = "download_completed"
    download_interrupted = "download_interrupted"
    receipt = "receipt"
    expired = "expired"
    revoked = "revoked"


class ShareAccess(Base):
    """One thing that happened to a share (also in the audit chain), with time, address and browser."""

    __tablename__ = "share_access_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    share_id: Mapped[str] = mapped_column(ForeignKey("shares.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[str | None] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[AccessKind] = mapped_column(_enum(AccessKind, "share_access_kind"))
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    bytes: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_user_id: Mapped[str | None] = mapped_column(String(32))


class ShareRateLimit(Base):
    """Request counters of the recipient's pages per fixed window ("ip:<addr>", "share:<id>", "code:<id>")."""

    __tablename__ = "share_rate_limits"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[datetime] = mapped_column()
    hits: Mapped[int] = mapped_column(Integer, default=0)
