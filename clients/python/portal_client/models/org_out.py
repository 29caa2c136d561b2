from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.org_kind import OrgKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrgOut")


@_attrs_define
class OrgOut:
    """
    Attributes:
        id (str):
        name (str):
        kind (OrgKind):
        country (None | str):
        require_sso (bool):
        created_at (datetime.datetime):
        email_domains (list[str] | Unset): Domains trusted for single sign-on
    """

    id: str
    name: str
    kind: OrgKind
    country: None | str
    require_sso: bool
    created_at: datetime.datetime
    email_domains: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        kind = self.kind.value

        country: None | str
        country = self.country

        require_sso = self.require_sso

        created_at = self.created_at.isoformat()

        email_domains: list[str] | Unset = UNSET
        if not isinstance(self.email_domains, Unset):
            email_domains = self.email_domains

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "kind": kind,
                "country": country,
                "require_sso": require_sso,
                "created_at": created_at,
            }
        )
        if email_domains is not UNSET:
            field_dict["email_domains"] = email_domains

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        kind = OrgKind(d.pop("kind"))

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        require_sso = d.pop("require_sso")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email_domains = cast(list[str], d.pop("email_domains", UNSET))

        org_out = cls(
            id=id,
            name=name,
            kind=kind,
            country=country,
            require_sso=require_sso,
            created_at=created_at,
            email_domains=email_domains,
        )

        org_out.additional_properties = d
        return org_out

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
