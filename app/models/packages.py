"""Jurisdiction packages (the ZIP sent to a government) and the tracking of their submission."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow
from app.models.identity import _enum


class PackageState(enum.StrEnum):
    building = "building"
    built = "built"
    failed = "failed"  # kept with its error (the item named); no blob is left behind


class Package(Base):
    __tablename__ = "packages"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), index=True)
    # The case revision the package was built from, and that revision's content hash.
    revision_number: Mapped[int] = mapped_column(Integer)
    revision_hash: Mapped[str] = mapped_column(String(64))
    jurisdiction: Mapped[str] = mapped_column(String(4), index=True)
    regimes: Mapped[list[str]] = mapped_column(JSON, default=list)  # eligible regime codes
    state: Mapped[PackageState] = mapped_column(
        _enum(PackageState, "package_state"), default=PackageState.building, index=True
    )
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    storage_key: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    # Evidence ids packaged, in order (what the package shares; for custody and the UI).
    evidence_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What the coordinator decided for single items when asking: [{evidence_id, action: exclude |
    # share_original, reason, by}], and what the built package left out: [{evidence_id, number, reason, by}].
    evidence_choices: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    excluded: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    error_evidence_id: Mapped[str | None] = mapped_column(String(32))
    # Written by the build every few seconds while it runs: a build whose heartbeat stops (its worker
    # died) is failed by `fail_stale_builds` and can be built again.
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    built_at: Mapped[datetime | None] = mapped_column()


class SubmissionStatus(enum.StrEnum):
    prepared = "prepared"
    sent = "sent"
    acknowledged = "acknowledged"
    under_consideration = "under_consideration"
    designated = "designated"
    declined = "declined"
    no_response = "no_response"


class Channel(enum.StrEnum):
    email = "email"
    official_form = "official_form"
    meeting = "meeting"
    via_partner = "via_partner"
    secure_link = "secure_link"  # recorded by the first complete download of a hand-off link


class Submission(Base):
    """One package's way through a government: sent how and to whom, then a status timeline."""

    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    package_id: Mapped[str] = mapped_column(
        ForeignKey("packages.id", ondelete="CASCADE"), unique=True, index=True
    )
    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(4), index=True)
    status: Mapped[SubmissionStatus] = mapped_column(
        _enum(SubmissionStatus, "submission_status"), default=SubmissionStatus.prepared, index=True
    )
    sent_on: Mapped[date | None] = mapped_column(Date)
    channel: Mapped[Channel | None] = mapped_column(_enum(Channel, "submission_channel"))
    addressee: Mapped[str | None] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(200))
    follow_up_date: Mapped[date | None] = mapped_column(Date, index=True)
    # The follow-up date a notification was raised for (a new date raises a new one).
    follow_up_notified_for: Mapped[date | None] = mapped_column(Date)
    # Outcome (designated | declined | no_response) and, when designated, the designation details.
    outcome_on: Mapped[date | None] = mapped_column(Date)
    designation_date: Mapped[date | None] = mapped_column(Date)
    designation_program: Mapped[str | None] = mapped_column(String(200))
    designation_list_reference: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Copies of the case's organisation and "|a|b|" keys (app/workflows/cases.py keeps them equal), so
    # the analytics count and filter recommendations from this table alone, without joining 300,000
    # submissions to their cases (migration 0015_recommendation_keys).
    # No defaults: whoever adds a submission sets them (`cases.case_keys`), or the insert fails.
    org_id: Mapped[str] = mapped_column(String(32), index=True)
    categories_key: Mapped[str] = mapped_column(String(1000))
    groups_key: Mapped[str] = mapped_column(String(500))
    countries_key: Mapped[str] = mapped_column(String(1000))


class SubmissionEvent(Base):
    """One step of the timeline: the status reached, on which day, with a note."""

    __tablename__ = "submission_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # order within the submission
    status: Mapped[SubmissionStatus] = mapped_column(_enum(SubmissionStatus, "event_status"))
    previous_status: Mapped[SubmissionStatus | None] = mapped_column(
        _enum(SubmissionStatus, "event_previous_status")
    )
    occurred_on: Mapped[date] = mapped_column(Date)  # the day it happened (as the coordinator reports it)
    note: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_user_id: Mapped[str | None] = mapped_column(String(32))
    actor_token_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
