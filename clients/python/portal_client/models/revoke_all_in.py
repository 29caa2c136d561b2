from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RevokeAllIn")


@_attrs_define
class RevokeAllIn:
    """
    Attributes:
        keep_current (bool | Unset): Keep the session making this request (JSON true or false only) Default: True.
    """

    keep_current: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        keep_current = self.keep_current

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if keep_current is not UNSET:
            field_dict["keep_current"] = keep_current

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        keep_current = d.pop("keep_current", UNSET)

        revoke_all_in = cls(
            keep_current=keep_current,
        )

        return revoke_all_in
