"""Request/response models for packages and submission tracking."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from app.models.packages import Channel, PackageState, SubmissionStatus
from app.schemas.messages import Message

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Addressee = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=1000)]


class EvidenceDecisionIn(_In):
    evidence_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
    reason: Reason = Field(description="recorded in the manifest, the dossier and the item's custody")


class PackageRequestIn(_In):
    jurisdictions: list[str] = Field(min_length=1, max_length=4, description="us, uk, ca, eu")
    exclude: list[EvidenceDecisionIn] = Field(
        default_factory=list,
        max_length=200,
        description="items cleared for the jurisdictions to leave out; each is listed with its reason",
    )
    share_original: list[EvidenceDecisionIn] = Field(
        default_factory=list,
        max_length=200,
        description="items of a type that cannot be sanitised to share as their original, with a reason",
    )


class ExcludedOut(BaseModel):
    evidence_id: str
    number: str
    reason: str
    by: str = Field(description="coordinator | portal (quarantined)")


class EvidenceChoiceOut(BaseModel):
    evidence_id: str
    number: str
    action: str = Field(description="exclude | share_original")
    reason: str


class PackageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    case_id: str
    jurisdiction: str
    regimes: list[str]
    revision_number: int
    revision_hash: str
    state: PackageState
    progress: int = Field(description="percent")
    sha256: str | None
    size: int | None
    evidence_count: int = 0
    evidence_choices: list[EvidenceChoiceOut] = Field(default_factory=list)
    excluded: list[ExcludedOut] = Field(
        default_factory=list, description="items cleared but not enclosed, each with its reason"
    )
    error: str | None
    error_evidence_id: str | None
    heartbeat_at: dt.datetime | None = Field(
        default=None, description="last sign of life of a running build; stale after a few minutes"
    )
    created_by: str | None
    created_at: dt.datetime
    built_at: dt.datetime | None
    submission_id: str | None = None
    submission_status: SubmissionStatus | None = None
    download_url: str | None = None


class RefusalOut(BaseModel):
    jurisdiction: str
    kind: str = Field(description="not_targeted | ineligible | missing_content | busy")
    reasons: list[str] = Field(description="why, in English, with raw content paths (for older clients)")
    missing: list[str] = Field(description="content paths, for `missing_content`")
    reason_details: list[Message] = Field(
        default_factory=list,
        description="`reasons`, in the same order, with codes and params and `text` in the caller's language",
    )
    text: str | None = Field(
        default=None, description="`reasons` in the caller's language, content named by its labels"
    )


class PackageRequestOut(BaseModel):
    case_id: str
    packages: list[PackageOut]
    refused: list[RefusalOut]


class SendIn(_In):
    sent_on: dt.date
    channel: Channel
    addressee: Addressee | None = Field(default=None, description="default: the jurisdiction's addressee")
    reference: Short | None = None
    note: Note | None = None
    follow_up_date: dt.date | None = None

    @field_validator("channel")
    @classmethod
    def _manual_channel(cls, v: Channel) -> Channel:
        # A secure link is recorded by the recipient's first complete download, never typed in.
        if v == Channel.secure_link:
            raise ValueError("secure_link is recorded by the secure hand-off itself, not by hand")
        return v


class DesignationIn(_In):
    date: dt.date
    program: Short
    list_reference: Short | None = None


class StatusIn(_In):
    status: SubmissionStatus
    on: dt.date | None = Field(default=None, description="the day it happened; default today")
    note: Note | None = None
    follow_up_date: dt.date | None = None
    clear_follow_up: bool = False
    designation: DesignationIn | None = Field(default=None, description="required for designated")


class SubmissionPatchIn(_In):
    follow_up_date: dt.date | None = None
    reference: Short | None = None
    addressee: Addressee | None = None


class SubmissionEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    seq: int
    status: SubmissionStatus
    previous_status: SubmissionStatus | None
    on: dt.date = Field(validation_alias="occurred_on")
    note: str | None
    detail: dict[str, Any]
    actor_user_id: str | None
    actor_name: str | None = Field(default=None, description="who recorded the step")
    created_at: dt.datetime


class DesignationOut(BaseModel):
    date: dt.date | None
    program: str | None
    list_reference: str | None


class SubmissionOut(BaseModel):
    id: str
    package_id: str
    case_id: str
    jurisdiction: str
    status: SubmissionStatus
    allowed_statuses: list[SubmissionStatus]
    sent_on: dt.date | None
    channel: Channel | None
    addressee: str | None
    reference: str | None
    follow_up_date: dt.date | None
    outcome_on: dt.date | None
    designation: DesignationOut | None
    created_at: dt.datetime
    updated_at: dt.datetime
    timeline: list[SubmissionEventOut]


class PackageSummaryOut(BaseModel):
    id: str
    state: PackageState
    progress: int
    revision_number: int
    sha256: str | None
    created_at: dt.datetime
    built_at: dt.datetime | None
    error: str | None


class SubmissionSummaryOut(BaseModel):
    id: str
    package_id: str
    status: SubmissionStatus
    sent_on: dt.date | None
    channel: Channel | None
    addressee: str | None
    reference: str | None
    follow_up_date: dt.date | None
    follow_up_due: bool
    outcome_on: dt.date | None
    designation: DesignationOut | None
    updated_at: dt.datetime


class JurisdictionSummaryOut(BaseModel):
    jurisdiction: str
    name: str
    addressee: str
    status: str = Field(description="submission status, else building | failed | not_packaged")
    packages: int
    latest_package: PackageSummaryOut | None
    submission: SubmissionSummaryOut | None


class SubmissionsSummaryOut(BaseModel):
    case_id: str
    case_status: str
    jurisdictions: list[JurisdictionSummaryOut]
