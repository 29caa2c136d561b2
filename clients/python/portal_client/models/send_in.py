from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel import Channel
from ..types import UNSET, Unset

T = TypeVar("T", bound="SendIn")


@_attrs_define
class SendIn:
    """
    Attributes:
        sent_on (datetime.date):
        channel (Channel):
        addressee (None | str | Unset): default: the jurisdiction's addressee
        reference (None | str | Unset):
        note (None | str | Unset):
        follow_up_date (datetime.date | None | Unset):
    """

    sent_on: datetime.date
    channel: Channel
    addressee: None | str | Unset = UNSET
    reference: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    follow_up_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sent_on = self.sent_on.isoformat()

        channel = self.channel.value

        addressee: None | str | Unset
        if isinstance(self.addressee, Unset):
            addressee = UNSET
        else:
            addressee = self.addressee

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        follow_up_date: None | str | Unset
        if isinstance(self.follow_up_date, Unset):
            follow_up_date = UNSET
        elif isinstance(self.follow_up_date, datetime.date):
            follow_up_date = self.follow_up_date.isoformat()
        else:
            follow_up_date = self.follow_up_date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sent_on": sent_on,
                "channel": channel,
            }
        )
        if addressee is not UNSET:
            field_dict["addressee"] = addressee
        if reference is not UNSET:
            field_dict["reference"] = reference
        if note is not UNSET:
            field_dict["note"] = note
        if follow_up_date is not UNSET:
            field_dict["follow_up_date"] = follow_up_date

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        sent_on = datetime.date.fromisoformat(d.pop("sent_on"))

        channel = Channel(d.pop("channel"))

        def _parse_addressee(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        addressee = _parse_addressee(d.pop("addressee", UNSET))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_follow_up_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                follow_up_date_type_0 = datetime.date.fromisoformat(data)

                return follow_up_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        follow_up_date = _parse_follow_up_date(d.pop("follow_up_date", UNSET))

        send_in = cls(
            sent_on=sent_on,
            channel=channel,
            addressee=addressee,
            reference=reference,
            note=note,
            follow_up_date=follow_up_date,
        )

        return send_in
