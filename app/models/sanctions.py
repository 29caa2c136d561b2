"""Official sanctions lists (coalition-wide public data) and designation matches (tenant data).

A `SanctionsList` is one government list the portal follows; each import of it is a `ListVersion`;
`ListEntry` rows are the list's designations across versions (an entry that leaves the list is kept,
marked removed, so matches and history still point at it); `ListChange` is what a version added,
removed or amended. `BlockingKey` rows index entries by name tokens, phonetic keys and identifiers, so
screening compares a perpetrator with a few candidates only. `CrossListMatch` pairs entries of
different jurisdictions' lists (the multilateral gap), computed when a version arrives.

`DesignationMatch` ties a case's perpetrator to a list entry: it belongs to the case (tenant data,
read through app/workflows/scoping.py); lists, entries and cross-list matches are public to every
signed-in user.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow
from app.models.identity import _enum


class SanctionsList(Base):
    __tablename__ = "sanctions_lists"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(60), unique=True)  # e.g. us_ofac_sdn
    title: Mapped[str] = mapped_column(String(200))
    jurisdiction: Mapped[str] = mapped_column(String(4), index=True)
    # The list's usual format (app.sanctions_lists.LIST_FORMATS); a version records the one it came in.
    format: Mapped[str] = mapped_column(String(20))
    source_url: Mapped[str | None] = mapped_column(String(2000))  # where the periodic fetch gets it
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    current_version_id: Mapped[str | None] = mapped_column(String(32))  # the last good import
    # Conditional GET and failure reporting of the periodic fetch.
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_fetch_at: Mapped[datetime | None] = mapped_column()
    last_fetch_status: Mapped[str | None] = mapped_column(String(20))  # ok|not_modified|unchanged|failed
    last_fetch_error: Mapped[str | None] = mapped_column(Text)
    fetch_failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VersionStatus(enum.StrEnum):
    imported = "imported"
    failed = "failed"  # a fetch or import that did not replace anything; the error says why


class ListVersion(Base):
    __tablename__ = "list_versions"
    __table_args__ = (UniqueConstraint("sanctions_list_id", "seq"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    sanctions_list_id: Mapped[str] = mapped_column(
        ForeignKey("sanctions_lists.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, … per list, failed attempts included
    status: Mapped[VersionStatus] = mapped_column(_enum(VersionStatus, "list_version_status"))
    list_format: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(2000))  # file name(s) or URL
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    published: Mapped[date | None] = mapped_column(Date)  # the file's own date, where it has one
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[str | None] = mapped_column(String(32))  # user id; None for the fetch job
    previous_version_id: Mapped[str | None] = mapped_column(String(32))
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # per schema, total, magnitsky
    added: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    amended: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    # When the matching job finished for this version (perpetrators and cross-list pairs).
    matched_at: Mapped[datetime | None] = mapped_column()


class ListEntry(Base):
    __tablename__ = "list_entries"
    __table_args__ = (UniqueConstraint("sanctions_list_id", "list_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    sanctions_list_id: Mapped[str] = mapped_column(
        ForeignKey("sanctions_lists.id", ondelete="CASCADE"), index=True
    )
    jurisdiction: Mapped[str] = mapped_column(String(4), index=True)  # the list's, for cross-list queries
    list_id: Mapped[str] = mapped_column(String(100))  # the list's own id (OFAC ent_num, UK UniqueID…)
    schema: Mapped[str] = mapped_column(String(40))  # FtM schema
    caption: Mapped[str] = mapped_column(String(500))
    names: Mapped[list[str]] = mapped_column(JSON, default=list)  # every name, every script
    # [{code, name, magnitsky}]; `programme_key` is "|CODE|CODE|" for LIKE filters.
    programmes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    programme_key: Mapped[str] = mapped_column(String(1000), default="|")
    magnitsky: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    listing_date: Mapped[date | None] = mapped_column(Date)
    countries_key: Mapped[str] = mapped_column(String(500), default="|")  # "|ru|by|"
    search_text: Mapped[str] = mapped_column(Text, default="")  # names folded to ASCII, lower case
    other_ids: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    entity: Mapped[dict[str, Any]] = mapped_column(JSON)  # FtM entity as the importer made it
    fingerprint: Mapped[str] = mapped_column(String(64))
    first_version_id: Mapped[str] = mapped_column(String(32))
    last_version_id: Mapped[str] = mapped_column(String(32))  # the latest version that has it
    removed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    removed_version_id: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChangeKind(enum.StrEnum):
    added = "added"
    removed = "removed"
    amended = "amended"


class ListChange(Base):
    __tablename__ = "list_changes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    version_id: Mapped[str] = mapped_column(ForeignKey("list_versions.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("list_entries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ChangeKind] = mapped_column(_enum(ChangeKind, "list_change_kind"), index=True)
    previous_fingerprint: Mapped[str | None] = mapped_column(String(64))
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    # Amended: which FtM properties, programmes or dates changed (names of the fields only).
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class BlockingKey(Base):
    __tablename__ = "blocking_keys"

    entry_id: Mapped[str] = mapped_column(ForeignKey("list_entries.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class CrossListMatch(Base):
    """An entry of one jurisdiction's list scored against an entry of another's (query → candidate)."""

    __tablename__ = "cross_list_matches"
    __table_args__ = (UniqueConstraint("entry_id", "other_entry_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    entry_id: Mapped[str] = mapped_column(ForeignKey("list_entries.id", ondelete="CASCADE"), index=True)
    other_entry_id: Mapped[str] = mapped_column(ForeignKey("list_entries.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(10), index=True)  # likely | possible
    algorithm: Mapped[str] = mapped_column(String(40))
    algorithm_version: Mapped[str] = mapped_column(String(40))
    explanations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MatchStatus(enum.StrEnum):
    candidate = "candidate"
    confirmed = "confirmed"
    rejected = "rejected"


class DesignationMatch(Base):
    """A case perpetrator who may be (candidate), is (confirmed) or is not (rejected) a list entry."""

    __tablename__ = "designation_matches"
    __table_args__ = (
        UniqueConstraint("case_id", "perpetrator_id", "entry_id"),
        Index("ix_designation_matches_status_band", "status", "band"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_files.id", ondelete="CASCADE"), index=True)
    perpetrator_id: Mapped[str] = mapped_column(String(64))  # the id inside the case content
    perpetrator_name: Mapped[str | None] = mapped_column(String(500))  # as it was when scored
    entry_id: Mapped[str] = mapped_column(ForeignKey("list_entries.id", ondelete="CASCADE"), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(4), index=True)  # the entry's list's
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(10))  # likely | possible
    algorithm: Mapped[str] = mapped_column(String(40))
    algorithm_version: Mapped[str] = mapped_column(String(40))
    explanations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    entry_fingerprint: Mapped[str] = mapped_column(String(64))  # the entry as it was scored
    status: Mapped[MatchStatus] = mapped_column(
        _enum(MatchStatus, "designation_match_status"), default=MatchStatus.candidate
    )
    # The entry's fingerprint when someone decided: a rejection holds until the entry changes.
    decided_fingerprint: Mapped[str | None] = mapped_column(String(64))
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_note: Mapped[str | None] = mapped_column(Text)
    # Confirmed: the submission to that jurisdiction it marked designated, or None (no civil-society
    # basis: the coalition never submitted the person there).
    submission_id: Mapped[str | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"))
    civil_society_basis: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
