from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role

T = TypeVar("T", bound="InvitationInfoOut")


@_attrs_define
class InvitationInfoOut:
    """
    Attributes:
        organization (str):
        email (str):
        role (Role):
        expires_at (datetime.datetime):
    """

    organization: str
    email: str
    role: Role
    expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization = self.organization

        email = self.email

        role = self.role.value

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization": organization,
                "email": email,
                "role": role,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        organization = d.pop("organization")

        email = d.pop("email")

        role = Role(d.pop("role"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        invitation_info_out = cls(
            organization=organization,
            email=email,
            role=role,
            expires_at=expires_at,
        )

        invitation_info_out.additional_properties = d
        return invitation_info_out

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
