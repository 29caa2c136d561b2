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
    from ..models.case_revision_data import CaseRevisionData
    from ..models.webhook_case import WebhookCase


T = TypeVar("T", bound="CaseChangesRequestedWebhook")


@_attrs_define
class CaseChangesRequestedWebhook:
    """
    Attributes:
        event_id (str): The event's id, the same in every delivery (and replay) and in the change feed: deduplicate on
            it.
        occurred_at (datetime.datetime):
        case (WebhookCase):
        event (Literal['case.changes_requested']):
        data (CaseRevisionData):
        id (str): The delivery's id (also in `X-Portal-Delivery`); a replay has its own.
    """

    event_id: str
    occurred_at: datetime.datetime
    case: WebhookCase
    event: Literal["case.changes_requested"]
    data: CaseRevisionData
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
        from ..models.case_revision_data import CaseRevisionData
        from ..models.webhook_case import WebhookCase

        d = dict(src_dict)
        event_id = d.pop("event_id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        case = WebhookCase.from_dict(d.pop("case"))

        event = cast(Literal["case.changes_requested"], d.pop("event"))
        if event != "case.changes_requested":
            raise ValueError(
                f"event must match const 'case.changes_requested', got '{event}'"
            )

        data = CaseRevisionData.from_dict(d.pop("data"))

        id = d.pop("id")

        case_changes_requested_webhook = cls(
            event_id=event_id,
            occurred_at=occurred_at,
            case=case,
            event=event,
            data=data,
            id=id,
        )

        return case_changes_requested_webhook
