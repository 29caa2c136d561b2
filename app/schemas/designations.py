"""Request/response models for official sanctions lists, designation matches and the multilateral gap."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.models.packages import SubmissionStatus
from app.models.sanctions import ChangeKind, MatchStatus, VersionStatus

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    seq: int
    status: VersionStatus
    list_format: str | None
    source: str = Field(description="file name(s) or URL")
    sha256: str | None
    size: int | None
    published: dt.date | None = Field(description="the file's own date, where it has one")
    imported_at: dt.datetime
    imported_by: str | None
    previous_version_id: str | None
    counts: dict[str, int] = Field(description="entries per FtM schema, total, magnitsky")
    added: int
    removed: int
    amended: int
    warnings: list[str] = Field(description="values left out of sound entries (an odd date, a country)")
    error: str | None = Field(description="why a failed fetch or import replaced nothing")
    matched_at: dt.datetime | None = Field(description="when matching against this version finished")


class ImportOut(BaseModel):
    list: str
    unchanged: bool = Field(description="the same bytes as the current version: nothing was recorded")
    version: VersionOut


class FetchStateOut(BaseModel):
    configured: bool = Field(description="a URL is set in PORTAL_SANCTIONS_LIST_URLS")
    source_url: str | None
    last_fetch_at: dt.datetime | None
    last_fetch_status: str | None = Field(description="ok | not_modified | unchanged | failed")
    last_fetch_error: str | None
    fetch_failures: int = Field(description="failures in a row")


class ListOut(BaseModel):
    name: str
    title: str
    jurisdiction: str
    formats: list[str]
    current_version: VersionOut | None
    fetch: FetchStateOut


class ProgrammeOut(BaseModel):
    code: str
    name: str
    magnitsky: bool


class EntryOut(BaseModel):
    """A list entry as the list gives it: names in every script, dates, nationalities, programmes."""

    id: str
    list_name: str = Field(serialization_alias="list")
    list_title: str
    jurisdiction: str
    list_id: str = Field(description="the list's own id (OFAC ent_num, UK UniqueID, EU logicalId…)")
    entity_schema: str = Field(serialization_alias="schema", description="FtM schema")
    caption: str
    names: list[str]
    birth_dates: list[str]
    nationalities: list[str]
    identifiers: list[str]
    programmes: list[ProgrammeOut]
    magnitsky: bool
    listing_date: dt.date | None
    other_ids: dict[str, str]
    removed: bool
    entity: dict[str, Any] = Field(description="the FollowTheMoney entity")


class EntriesOut(BaseModel):
    items: list[EntryOut]
    next_cursor: str | None


class ChangeOut(BaseModel):
    kind: ChangeKind
    entry: EntryOut
    previous_fingerprint: str | None
    fingerprint: str | None
    detail: dict[str, Any]


class ChangesOut(BaseModel):
    version: VersionOut
    items: list[ChangeOut]
    next_cursor: str | None


class PerpetratorSideOut(BaseModel):
    """The perpetrator as the case file describes them."""

    id: str
    entity_schema: str = Field(serialization_alias="schema")
    name: str | None
    aliases: list[str]
    transliterations: list[str]
    birth_date: str | None
    nationality: list[str]
    id_numbers: list[dict[str, Any]]
    positions: list[dict[str, Any]]


class MatchCaseOut(BaseModel):
    id: str
    title: str
    org_id: str
    status: str


class MatchSubmissionOut(BaseModel):
    id: str
    status: SubmissionStatus
    sent_on: dt.date | None


class MatchOut(BaseModel):
    id: str
    status: MatchStatus
    score: float
    band: str = Field(description="likely (>= 0.70) | possible (0.50-0.70)")
    algorithm: str
    algorithm_version: str = Field(
        description="nomenklatura's version + the portal's matcher profile (e.g. 4.17.4+portal-2)"
    )
    explanations: dict[str, dict[str, Any]] = Field(description="per feature: score, weight, detail")
    jurisdiction: str
    case: MatchCaseOut
    perpetrator: PerpetratorSideOut | None = Field(description="None if the perpetrator left the case")
    entry: EntryOut
    listing: str = Field(description="e.g. listed by the United States under GLOMAG since … — entry 23252")
    submission: MatchSubmissionOut | None = Field(description="the case's latest sent submission there")
    civil_society_basis: bool | None
    submission_id: str | None = Field(description="the submission a confirmation marked designated")
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class MatchesOut(BaseModel):
    items: list[MatchOut]
    next_cursor: str | None
    counts: dict[str, int] = Field(description="matches per status, with the other filters applied")


class ConfirmIn(_In):
    note: Note | None = None


class RejectIn(_In):
    reason: Note | None = None


class ListingOut(BaseModel):
    entry: EntryOut
    score: float


class GapOut(BaseModel):
    entry: EntryOut
    designating: str
    listed_elsewhere: list[ListingOut] = Field(description="likely matches on other jurisdictions' lists")
    missing: list[str] = Field(
        description="jurisdictions with an imported list whose Magnitsky-style lists lack it"
    )


class GapSummaryOut(BaseModel):
    jurisdictions: list[str] = Field(description="jurisdictions with an imported list")
    magnitsky_entries: int
    listed_elsewhere: int = Field(description="of those, on another jurisdiction's Magnitsky-style list too")


class GapsOut(BaseModel):
    items: list[GapOut]
    next_cursor: str | None
    summary: GapSummaryOut


class CaseTemplateOut(BaseModel):
    title: str
    target_jurisdictions: list[str]
    content: dict[str, Any]
