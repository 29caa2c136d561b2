from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.org_kind import OrgKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrgCreateIn")


@_attrs_define
class OrgCreateIn:
    """
    Attributes:
        name (str):
        kind (OrgKind | Unset):
        country (None | str | Unset):
        email_domains (list[str] | Unset):
    """

    name: str
    kind: OrgKind | Unset = UNSET
    country: None | str | Unset = UNSET
    email_domains: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        email_domains: list[str] | Unset = UNSET
        if not isinstance(self.email_domains, Unset):
            email_domains = self.email_domains

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if country is not UNSET:
            field_dict["country"] = country
        if email_domains is not UNSET:
            field_dict["email_domains"] = email_domains

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        _kind = d.pop("kind", UNSET)
        kind: OrgKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = OrgKind(_kind)

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        email_domains = cast(list[str], d.pop("email_domains", UNSET))

        org_create_in = cls(
            name=name,
            kind=kind,
            country=country,
            email_domains=email_domains,
        )

        return org_create_in
