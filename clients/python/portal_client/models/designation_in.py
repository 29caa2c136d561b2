from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DesignationIn")


@_attrs_define
class DesignationIn:
    """
    Attributes:
        date (datetime.date):
        program (str):
        list_reference (None | str | Unset):
    """

    date: datetime.date
    program: str
    list_reference: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        program = self.program

        list_reference: None | str | Unset
        if isinstance(self.list_reference, Unset):
            list_reference = UNSET
        else:
            list_reference = self.list_reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "date": date,
                "program": program,
            }
        )
        if list_reference is not UNSET:
            field_dict["list_reference"] = list_reference

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        program = d.pop("program")

        def _parse_list_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        list_reference = _parse_list_reference(d.pop("list_reference", UNSET))

        designation_in = cls(
            date=date,
            program=program,
            list_reference=list_reference,
        )

        return designation_in
