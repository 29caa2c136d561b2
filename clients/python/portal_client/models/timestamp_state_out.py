from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.timestamp_state_out_state import TimestampStateOutState
from ..types import UNSET, Unset

T = TypeVar("T", bound="TimestampStateOut")


@_attrs_define
class TimestampStateOut:
    """
    Attributes:
        state (TimestampStateOutState):
        note (str): e.g. 'no timestamp: no Time-Stamping Authority is configured'
        gen_time (datetime.datetime | None | Unset):
        tsa (None | str | Unset):
    """

    state: TimestampStateOutState
    note: str
    gen_time: datetime.datetime | None | Unset = UNSET
    tsa: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        note = self.note

        gen_time: None | str | Unset
        if isinstance(self.gen_time, Unset):
            gen_time = UNSET
        elif isinstance(self.gen_time, datetime.datetime):
            gen_time = self.gen_time.isoformat()
        else:
            gen_time = self.gen_time

        tsa: None | str | Unset
        if isinstance(self.tsa, Unset):
            tsa = UNSET
        else:
            tsa = self.tsa

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "state": state,
                "note": note,
            }
        )
        if gen_time is not UNSET:
            field_dict["gen_time"] = gen_time
        if tsa is not UNSET:
            field_dict["tsa"] = tsa

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        state = TimestampStateOutState(d.pop("state"))

        note = d.pop("note")

        def _parse_gen_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gen_time_type_0 = datetime.datetime.fromisoformat(data)

                return gen_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        gen_time = _parse_gen_time(d.pop("gen_time", UNSET))

        def _parse_tsa(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tsa = _parse_tsa(d.pop("tsa", UNSET))

        timestamp_state_out = cls(
            state=state,
            note=note,
            gen_time=gen_time,
            tsa=tsa,
        )

        timestamp_state_out.additional_properties = d
        return timestamp_state_out

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
