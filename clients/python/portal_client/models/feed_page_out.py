from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.feed_event_out import FeedEventOut


T = TypeVar("T", bound="FeedPageOut")


@_attrs_define
class FeedPageOut:
    """
    Attributes:
        events (list[FeedEventOut]):
        next_cursor (str): Store it; pass it as `after` next time (durable, opaque).
        has_more (bool): More events are ready now: ask again at once.
    """

    events: list[FeedEventOut]
    next_cursor: str
    has_more: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        next_cursor = self.next_cursor

        has_more = self.has_more

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
                "next_cursor": next_cursor,
                "has_more": has_more,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.feed_event_out import FeedEventOut

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = FeedEventOut.from_dict(events_item_data)

            events.append(events_item)

        next_cursor = d.pop("next_cursor")

        has_more = d.pop("has_more")

        feed_page_out = cls(
            events=events,
            next_cursor=next_cursor,
            has_more=has_more,
        )

        feed_page_out.additional_properties = d
        return feed_page_out

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
