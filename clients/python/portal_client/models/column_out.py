from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.column_out_kind import ColumnOutKind

T = TypeVar("T", bound="ColumnOut")


@_attrs_define
class ColumnOut:
    """
    Attributes:
        name (str):
        label (str):
        kind (ColumnOutKind):
    """

    name: str
    label: str
    kind: ColumnOutKind

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        label = self.label

        kind = self.kind.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "label": label,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        label = d.pop("label")

        kind = ColumnOutKind(d.pop("kind"))

        column_out = cls(
            name=name,
            label=label,
            kind=kind,
        )

        return column_out
