from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MfaStatusOut")


@_attrs_define
class MfaStatusOut:
    """
    Attributes:
        enabled (bool):
        pending (bool): An enrolment was started and awaits its confirmation code
        confirmed_at (datetime.datetime | None):
        recovery_codes_left (int):
        required (bool): Your role (or the coalition) requires two-factor authentication
    """

    enabled: bool
    pending: bool
    confirmed_at: datetime.datetime | None
    recovery_codes_left: int
    required: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        pending = self.pending

        confirmed_at: None | str
        if isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        recovery_codes_left = self.recovery_codes_left

        required = self.required

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enabled": enabled,
                "pending": pending,
                "confirmed_at": confirmed_at,
                "recovery_codes_left": recovery_codes_left,
                "required": required,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        enabled = d.pop("enabled")

        pending = d.pop("pending")

        def _parse_confirmed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_at_type_0 = datetime.datetime.fromisoformat(data)

                return confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at"))

        recovery_codes_left = d.pop("recovery_codes_left")

        required = d.pop("required")

        mfa_status_out = cls(
            enabled=enabled,
            pending=pending,
            confirmed_at=confirmed_at,
            recovery_codes_left=recovery_codes_left,
            required=required,
        )

        mfa_status_out.additional_properties = d
        return mfa_status_out

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
