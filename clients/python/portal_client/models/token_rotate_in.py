from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenRotateIn")


@_attrs_define
class TokenRotateIn:
    """
    Attributes:
        overlap_hours (int | Unset): How long the old token keeps working beside its successor (bounded by
            PORTAL_TOKEN_ROTATION_MAX_OVERLAP_HOURS, 168 by default); 0 ends it at once. Default: 24.
    """

    overlap_hours: int | Unset = 24

    def to_dict(self) -> dict[str, Any]:
        overlap_hours = self.overlap_hours

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if overlap_hours is not UNSET:
            field_dict["overlap_hours"] = overlap_hours

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        overlap_hours = d.pop("overlap_hours", UNSET)

        token_rotate_in = cls(
            overlap_hours=overlap_hours,
        )

        return token_rotate_in
