from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PublicationIn")


@_attrs_define
class PublicationIn:
    """
    Attributes:
        named (bool):
    """

    named: bool

    def to_dict(self) -> dict[str, Any]:
        named = self.named

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "named": named,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        named = d.pop("named")

        publication_in = cls(
            named=named,
        )

        return publication_in
