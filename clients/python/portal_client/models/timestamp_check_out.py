from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TimestampCheckOut")


@_attrs_define
class TimestampCheckOut:
    """
    Attributes:
        valid (bool):
        detail (str):
        signature_checked (bool): false without PORTAL_TSA_CA_FILE: only the imprint was checked
        gen_time (datetime.datetime | None):
        serial (None | str):
    """

    valid: bool
    detail: str
    signature_checked: bool
    gen_time: datetime.datetime | None
    serial: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        valid = self.valid

        detail = self.detail

        signature_checked = self.signature_checked

        gen_time: None | str
        if isinstance(self.gen_time, datetime.datetime):
            gen_time = self.gen_time.isoformat()
        else:
            gen_time = self.gen_time

        serial: None | str
        serial = self.serial

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid": valid,
                "detail": detail,
                "signature_checked": signature_checked,
                "gen_time": gen_time,
                "serial": serial,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        valid = d.pop("valid")

        detail = d.pop("detail")

        signature_checked = d.pop("signature_checked")

        def _parse_gen_time(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gen_time_type_0 = datetime.datetime.fromisoformat(data)

                return gen_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        gen_time = _parse_gen_time(d.pop("gen_time"))

        def _parse_serial(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        serial = _parse_serial(d.pop("serial"))

        timestamp_check_out = cls(
            valid=valid,
            detail=detail,
            signature_checked=signature_checked,
            gen_time=gen_time,
            serial=serial,
        )

        timestamp_check_out.additional_properties = d
        return timestamp_check_out

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
