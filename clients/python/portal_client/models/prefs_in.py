from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PrefsIn")


@_attrs_define
class PrefsIn:
    """
    Attributes:
        muted (list[str]):
    """

    muted: list[str]

    def to_dict(self) -> dict[str, Any]:
        muted = self.muted

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "muted": muted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        muted = cast(list[str], d.pop("muted"))

        prefs_in = cls(
            muted=muted,
        )

        return prefs_in
