from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrgUpdateIn")


@_attrs_define
class OrgUpdateIn:
    """
    Attributes:
        require_sso (bool | None | Unset):
        email_domains (list[str] | None | Unset):
    """

    require_sso: bool | None | Unset = UNSET
    email_domains: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        require_sso: bool | None | Unset
        if isinstance(self.require_sso, Unset):
            require_sso = UNSET
        else:
            require_sso = self.require_sso

        email_domains: list[str] | None | Unset
        if isinstance(self.email_domains, Unset):
            email_domains = UNSET
        elif isinstance(self.email_domains, list):
            email_domains = self.email_domains

        else:
            email_domains = self.email_domains

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if require_sso is not UNSET:
            field_dict["require_sso"] = require_sso
        if email_domains is not UNSET:
            field_dict["email_domains"] = email_domains

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_require_sso(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        require_sso = _parse_require_sso(d.pop("require_sso", UNSET))

        def _parse_email_domains(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                email_domains_type_0 = cast(list[str], data)

                return email_domains_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        email_domains = _parse_email_domains(d.pop("email_domains", UNSET))

        org_update_in = cls(
            require_sso=require_sso,
            email_domains=email_domains,
        )

        return org_update_in
