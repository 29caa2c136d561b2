"""Request/response models for review, notifications and webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.cases import CaseSummaryOut, ChangeOut


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignIn(_In):
    coordinator_id: str | None = Field(default=None, description="Omit to take the case yourself")


class AssignmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    case_id: str
    coordinator_id: str
    assigned_by: str | None
    assigned_at: datetime


class QueueItemOut(CaseSummaryOut):
    org_name: str | None = Field(default=None, description="the NGO that wrote the case file")
    assignee_id: str | None
    approvals: int
    waiting_days: float


class QueueOut(BaseModel):
    items: list[QueueItemOut]
    next_cursor: str | None
    counts: dict[str, int]


class CommentIn(_In):
    path: str | None = Field(default=None, max_length=300, examples=["perpetrators[1].positions"])
    body: str = Field(min_length=1, max_length=10_000)
    parent_id: str | None = None


class CommentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    case_id: str
    parent_id: str | None
    path: str
    revision_number: int
    body: str
    author_id: str | None
    author_name: str | None = Field(default=None, description="the author's display name")
    author_org_id: str
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    resolved_by_name: str | None = None


class DecisionIn(_In):
    decision: Literal["approve", "request_changes", "reject"]
    revision: int = Field(ge=1, description="The revision you reviewed (approvals are tied to it)")
    reason: str | None = Field(default=None, max_length=10_000)


class DecisionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    coordinator_id: str
    coordinator_name: str | None = None
    decision: str
    revision_number: int
    reason: str | None
    created_at: datetime


class DecisionResultOut(BaseModel):
    decision: DecisionOut
    case_status: str
    approvals: int
    approvals_needed: int


class ConflictIn(_In):
    org_id: str | None = None
    case_id: str | None = None
    reason: str = Field(min_length=1, max_length=2000)


class ConflictOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    org_id: str | None
    case_id: str | None
    reason: str
    created_at: datetime


class SinceReviewedOut(BaseModel):
    from_revision: int | None
    to_revision: int
    changes: list[ChangeOut]


class ReviewStateOut(BaseModel):
    org_name: str | None = Field(default=None, description="the organisation (NGO) the case is from")
    assignee_id: str | None
    assignee_name: str | None = None
    approvals: int
    approvals_needed: int
    open_comments: int
    decisions: list[DecisionOut]


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    kind: str
    case_id: str | None
    title: str = Field(description="In English; `detail` holds its values for wording in another language")
    body: str
    detail: dict[str, str] | None = Field(
        None,
        description="The values title and body are made of: `case_title`, and where the kind has them "
        "`status` and `jurisdiction` (codes), `reason` or `notice` (free text), `path` (a commented "
        "section). Absent on notifications made before it existed.",
    )
    created_at: datetime
    read_at: datetime | None


class NotificationListOut(BaseModel):
    items: list[NotificationOut]
    unread: int


class MarkReadIn(_In):
    ids: list[str] | None = Field(default=None, description="Omit to mark all as read")


class PrefsIn(_In):
    muted: list[str] = Field(max_length=20)


class PrefsOut(BaseModel):
    muted: list[str]
    kinds: list[str]


class WebhookIn(_In):
    url: str = Field(max_length=2000)
    events: list[str] = Field(min_length=1, max_length=10)


class WebhookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    url: str
    events: list[str]
    active: bool
    created_at: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(description="Shown once: verify X-Portal-Signature with it")


class AttemptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    event: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any]
    attempt_log: list[AttemptOut] = Field(default_factory=list)
