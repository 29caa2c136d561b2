from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SuppressedCellOut")


@_attrs_define
class SuppressedCellOut:
    """
    Attributes:
        row (int):
        column (str):
    """

    row: int
    column: str

    def to_dict(self) -> dict[str, Any]:
        row = self.row

        column = self.column

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "row": row,
                "column": column,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        row = d.pop("row")

        column = d.pop("column")

        suppressed_cell_out = cls(
            row=row,
            column=column,
        )

        return suppressed_cell_out
