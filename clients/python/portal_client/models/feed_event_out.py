from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.feed_case_out import FeedCaseOut
    from ..models.feed_event_out_data import FeedEventOutData


T = TypeVar("T", bound="FeedEventOut")


@_attrs_define
class FeedEventOut:
    """
    Attributes:
        cursor (str): Pass as `after` to read the events that follow this one.
        event_id (str): The event's id: the same for every organisation that hears it.
        event (str): One of the webhook events (see the OpenAPI `webhooks` section).
        occurred_at (datetime.datetime):
        case (FeedCaseOut):
        data (FeedEventOutData): Ids and states only, as in the webhook payload.
    """

    cursor: str
    event_id: str
    event: str
    occurred_at: datetime.datetime
    case: FeedCaseOut
    data: FeedEventOutData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cursor = self.cursor

        event_id = self.event_id

        event = self.event

        occurred_at = self.occurred_at.isoformat()

        case = self.case.to_dict()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cursor": cursor,
                "event_id": event_id,
                "event": event,
                "occurred_at": occurred_at,
                "case": case,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.feed_case_out import FeedCaseOut
        from ..models.feed_event_out_data import FeedEventOutData

        d = dict(src_dict)
        cursor = d.pop("cursor")

        event_id = d.pop("event_id")

        event = d.pop("event")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        case = FeedCaseOut.from_dict(d.pop("case"))

        data = FeedEventOutData.from_dict(d.pop("data"))

        feed_event_out = cls(
            cursor=cursor,
            event_id=event_id,
            event=event,
            occurred_at=occurred_at,
            case=case,
            data=data,
        )

        feed_event_out.additional_properties = d
        return feed_event_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
