from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SessionOut")


@_attrs_define
class SessionOut:
    """
    Attributes:
        id (str):
        device (None | str): The browser's user agent when it signed in
        ip (None | str):
        auth_method (str):
        mfa_passed (bool):
        created_at (datetime.datetime):
        last_seen_at (datetime.datetime):
        expires_at (datetime.datetime):
        current (bool):
    """

    id: str
    device: None | str
    ip: None | str
    auth_method: str
    mfa_passed: bool
    created_at: datetime.datetime
    last_seen_at: datetime.datetime
    expires_at: datetime.datetime
    current: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        device: None | str
        device = self.device

        ip: None | str
        ip = self.ip

        auth_method = self.auth_method

        mfa_passed = self.mfa_passed

        created_at = self.created_at.isoformat()

        last_seen_at = self.last_seen_at.isoformat()

        expires_at = self.expires_at.isoformat()

        current = self.current

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "device": device,
                "ip": ip,
                "auth_method": auth_method,
                "mfa_passed": mfa_passed,
                "created_at": created_at,
                "last_seen_at": last_seen_at,
                "expires_at": expires_at,
                "current": current,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_device(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        device = _parse_device(d.pop("device"))

        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))

        auth_method = d.pop("auth_method")

        mfa_passed = d.pop("mfa_passed")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        last_seen_at = datetime.datetime.fromisoformat(d.pop("last_seen_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        current = d.pop("current")

        session_out = cls(
            id=id,
            device=device,
            ip=ip,
            auth_method=auth_method,
            mfa_passed=mfa_passed,
            created_at=created_at,
            last_seen_at=last_seen_at,
            expires_at=expires_at,
            current=current,
        )

        session_out.additional_properties = d
        return session_out

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
