"""Integrations: the change feed's page and token rotation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.identity import TokenCreatedOut


class FeedCaseOut(BaseModel):
    id: str
    org_id: str
    status: str
    revision: int | None


class FeedEventOut(BaseModel):
    cursor: str = Field(description="Pass as `after` to read the events that follow this one.")
    event_id: str = Field(description="The event's id: the same for every organisation that hears it.")
    event: str = Field(description="One of the webhook events (see the OpenAPI `webhooks` section).")
    occurred_at: datetime
    case: FeedCaseOut
    data: dict[str, Any] = Field(description="Ids and states only, as in the webhook payload.")


class FeedPageOut(BaseModel):
    events: list[FeedEventOut]
    next_cursor: str = Field(description="Store it; pass it as `after` next time (durable, opaque).")
    has_more: bool = Field(description="More events are ready now: ask again at once.")


class TokenRotateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    overlap_hours: int = Field(
        default=24,
        ge=0,
        le=720,
        description="How long the old token keeps working beside its successor (bounded by "
        "PORTAL_TOKEN_ROTATION_MAX_OVERLAP_HOURS, 168 by default); 0 ends it at once.",
    )


class TokenRotatedOut(TokenCreatedOut):
    previous_expires_at: datetime = Field(description="When the old token stops working.")
