from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssignIn")


@_attrs_define
class AssignIn:
    """
    Attributes:
        coordinator_id (None | str | Unset): Omit to take the case yourself
    """

    coordinator_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        coordinator_id: None | str | Unset
        if isinstance(self.coordinator_id, Unset):
            coordinator_id = UNSET
        else:
            coordinator_id = self.coordinator_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if coordinator_id is not UNSET:
            field_dict["coordinator_id"] = coordinator_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_coordinator_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        coordinator_id = _parse_coordinator_id(d.pop("coordinator_id", UNSET))

        assign_in = cls(
            coordinator_id=coordinator_id,
        )

        return assign_in
