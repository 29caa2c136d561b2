from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenCreateIn")


@_attrs_define
class TokenCreateIn:
    """
    Attributes:
        name (str):
        scopes (list[str]):
        expires_in_days (int | Unset):  Default: 90.
    """

    name: str
    scopes: list[str]
    expires_in_days: int | Unset = 90

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes = self.scopes

        expires_in_days = self.expires_in_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "scopes": scopes,
            }
        )
        if expires_in_days is not UNSET:
            field_dict["expires_in_days"] = expires_in_days

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        scopes = cast(list[str], d.pop("scopes"))

        expires_in_days = d.pop("expires_in_days", UNSET)

        token_create_in = cls(
            name=name,
            scopes=scopes,
            expires_in_days=expires_in_days,
        )

        return token_create_in
