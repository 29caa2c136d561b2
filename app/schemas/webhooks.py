"""Webhook payloads: what a receiver gets, per event, and what the change feed (`GET /events`) carries.

`app.workflows.webhooks.payload_for` builds every payload through `PAYLOADS[event]`, and the OpenAPI
document's `webhooks` section is generated from the same models (`app/api/openapi.py`), so the
published schema and the bytes sent cannot drift apart. Identifiers and states only: never titles,
reasons, comments, evidence, sources or contacts (a receiver's logs are outside the coalition's
control). Each data model keeps only its own fields (`extra="ignore"`): a key a workflow adds to an
event's data is never sent until it is declared here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_serializer

from app.models.cases import CaseStatus
from app.models.packages import SubmissionStatus
from app.models.sanctions import MatchStatus

Codes = list[str]  # (in DesignationFacts, `list` names a field)
Jurisdiction = str  # a jurisdiction code, as `GET /api/v1/jurisdictions` lists them (`us`, `uk`, …)


class _Data(BaseModel):
    model_config = ConfigDict(extra="ignore")


class WebhookCase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str = Field(description="The case file's id.")
    org_id: str = Field(description="The organisation that owns the case.")
    status: CaseStatus = Field(description="The case's state after the event.")
    revision: int | None = Field(description="The case's latest submitted revision (none before one).")


class CaseRevisionData(_Data):
    revision: int | None = Field(description="The revision the event is about.")


class CaseSubmittedData(CaseRevisionData):
    resubmission: bool = Field(description="True when the case comes back after changes were requested.")


class PackageBuiltData(_Data):
    package_id: str
    jurisdiction: Jurisdiction
    sha256: str = Field(description="SHA-256 (hex) of the package's bytes.")
    submission_id: str = Field(description="The submission record opened for the package.")


class SubmissionOutcome(_Data):
    status: SubmissionStatus = Field(description="`designated`, `declined` or `no_response`.")
    on: date = Field(description="The day the outcome was recorded for.")
    designation_date: date | None = Field(default=None, description="Designated only.")
    program: str | None = Field(default=None, description="Designated only: the sanctions programme.")
    list_reference: str | None = Field(default=None, description="Designated only: the list's reference.")


class SubmissionStatusChangedData(_Data):
    submission_id: str
    package_id: str | None
    jurisdiction: Jurisdiction
    status: SubmissionStatus = Field(description="The submission's new status.")
    outcome: SubmissionOutcome | None = Field(
        default=None, description="Present when the new status is an outcome."
    )


class DesignationFacts(_Data):
    """The public facts of a listing (`app.workflows.designations.lists.designation_data`)."""

    list: str = Field(description="The official list's name.")
    jurisdiction: Jurisdiction
    entry_id: str = Field(description="The portal's id of the list entry.")
    list_entry_id: str = Field(description="The entry's id on the official list.")
    programmes: Codes = Field(description="Sanctions programme codes.")
    listing_date: date | None


class ConfirmedDesignationFacts(DesignationFacts):
    civil_society_basis: bool | None = Field(
        description="Whether the coalition's submission is taken to be a basis of the listing."
    )


class DesignationData(_Data):
    match_id: str = Field(description="The designation match (case perpetrator ↔ list entry).")
    jurisdiction: Jurisdiction
    status: MatchStatus = Field(description="The match's state after the event.")
    designation: DesignationFacts


class DesignationConfirmedData(DesignationData):
    submission_id: str | None = Field(description="The submission marked designated, if there was one.")
    designation: ConfirmedDesignationFacts


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_id: str = Field(
        description="The event's id, the same in every delivery (and replay) and in the change feed: "
        "deduplicate on it."
    )
    occurred_at: datetime
    case: WebhookCase

    @field_serializer("occurred_at")
    def _iso(self, value: datetime) -> str:
        return value.isoformat()


class CaseSubmittedPayload(_Payload):
    event: Literal["case.submitted"]
    data: CaseSubmittedData


class CaseChangesRequestedPayload(_Payload):
    event: Literal["case.changes_requested"]
    data: CaseRevisionData


class CaseApprovedPayload(_Payload):
    event: Literal["case.approved"]
    data: CaseRevisionData


class CaseRejectedPayload(_Payload):
    event: Literal["case.rejected"]
    data: CaseRevisionData


class PackageBuiltPayload(_Payload):
    event: Literal["package.built"]
    data: PackageBuiltData


class SubmissionStatusChangedPayload(_Payload):
    event: Literal["submission.status_changed"]
    data: SubmissionStatusChangedData


class DesignationConfirmedPayload(_Payload):
    event: Literal["designation.confirmed"]
    data: DesignationConfirmedData


class DesignationRejectedPayload(_Payload):
    event: Literal["designation.rejected"]
    data: DesignationData


class DesignationDelistedPayload(_Payload):
    event: Literal["designation.delisted"]
    data: DesignationData


# Event type → payload model, in `app.workflows.webhooks.WEBHOOK_EVENTS` order.
PAYLOADS: dict[str, type[_Payload]] = {
    "case.submitted": CaseSubmittedPayload,
    "case.changes_requested": CaseChangesRequestedPayload,
    "case.approved": CaseApprovedPayload,
    "case.rejected": CaseRejectedPayload,
    "package.built": PackageBuiltPayload,
    "submission.status_changed": SubmissionStatusChangedPayload,
    "designation.confirmed": DesignationConfirmedPayload,
    "designation.rejected": DesignationRejectedPayload,
    "designation.delisted": DesignationDelistedPayload,
}

# Event type → the body a receiver gets: the payload and the delivery's `id` (a replay has its own id).
_DELIVERY_ID = "The delivery's id (also in `X-Portal-Delivery`); a replay has its own."
DELIVERIES: dict[str, type[_Payload]] = {
    event: create_model(
        model.__name__.removesuffix("Payload") + "Webhook",
        __base__=model,
        __module__=__name__,
        id=(str, Field(description=_DELIVERY_ID)),
    )
    for event, model in PAYLOADS.items()
}

DESCRIPTIONS: dict[str, str] = {
    "case.submitted": "A case file was submitted for review (or resubmitted after changes were requested).",
    "case.changes_requested": "A coordinator asked for changes; the case is back with its authors.",
    "case.approved": "The case reached the approvals it needs.",
    "case.rejected": "A coordinator rejected the case.",
    "package.built": "A submission package for one government was built.",
    "submission.status_changed": "A submission to a government changed status (sent, acknowledged, "
    "an outcome…).",
    "designation.confirmed": "A coordinator confirmed that a case's perpetrator is on an official list.",
    "designation.rejected": "A coordinator ruled out a candidate match with an official list's entry.",
    "designation.delisted": "A person the coalition saw designated, or submitted, was taken off a list.",
}
