from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.submission_status_changed_data import SubmissionStatusChangedData
    from ..models.webhook_case import WebhookCase


T = TypeVar("T", bound="SubmissionStatusChangedWebhook")


@_attrs_define
class SubmissionStatusChangedWebhook:
    """
    Attributes:
        event_id (str): The event's id, the same in every delivery (and replay) and in the change feed: deduplicate on
            it.
        occurred_at (datetime.datetime):
        case (WebhookCase):
        event (Literal['submission.status_changed']):
        data (SubmissionStatusChangedData):
        id (str): The delivery's id (also in `X-Portal-Delivery`); a replay has its own.
    """

    event_id: str
    occurred_at: datetime.datetime
    case: WebhookCase
    event: Literal["submission.status_changed"]
    data: SubmissionStatusChangedData
    id: str

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        occurred_at = self.occurred_at.isoformat()

        case = self.case.to_dict()

        event = self.event

        data = self.data.to_dict()

        id = self.id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_id": event_id,
                "occurred_at": occurred_at,
                "case": case,
                "event": event,
                "data": data,
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.submission_status_changed_data import SubmissionStatusChangedData
        from ..models.webhook_case import WebhookCase

        d = dict(src_dict)
        event_id = d.pop("event_id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        case = WebhookCase.from_dict(d.pop("case"))

        event = cast(Literal["submission.status_changed"], d.pop("event"))
        if event != "submission.status_changed":
            raise ValueError(
                f"event must match const 'submission.status_changed', got '{event}'"
            )

        data = SubmissionStatusChangedData.from_dict(d.pop("data"))

        id = d.pop("id")

        submission_status_changed_webhook = cls(
            event_id=event_id,
            occurred_at=occurred_at,
            case=case,
            event=event,
            data=data,
            id=id,
        )

        return submission_status_changed_webhook
