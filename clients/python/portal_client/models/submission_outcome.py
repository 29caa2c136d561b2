from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.submission_status import SubmissionStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="SubmissionOutcome")


@_attrs_define
class SubmissionOutcome:
    """
    Attributes:
        status (SubmissionStatus):
        on (datetime.date): The day the outcome was recorded for.
        designation_date (datetime.date | None | Unset): Designated only.
        program (None | str | Unset): Designated only: the sanctions programme.
        list_reference (None | str | Unset): Designated only: the list's reference.
    """

    status: SubmissionStatus
    on: datetime.date
    designation_date: datetime.date | None | Unset = UNSET
    program: None | str | Unset = UNSET
    list_reference: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        on = self.on.isoformat()

        designation_date: None | str | Unset
        if isinstance(self.designation_date, Unset):
            designation_date = UNSET
        elif isinstance(self.designation_date, datetime.date):
            designation_date = self.designation_date.isoformat()
        else:
            designation_date = self.designation_date

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        list_reference: None | str | Unset
        if isinstance(self.list_reference, Unset):
            list_reference = UNSET
        else:
            list_reference = self.list_reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "on": on,
            }
        )
        if designation_date is not UNSET:
            field_dict["designation_date"] = designation_date
        if program is not UNSET:
            field_dict["program"] = program
        if list_reference is not UNSET:
            field_dict["list_reference"] = list_reference

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = SubmissionStatus(d.pop("status"))

        on = datetime.date.fromisoformat(d.pop("on"))

        def _parse_designation_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                designation_date_type_0 = datetime.date.fromisoformat(data)

                return designation_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        designation_date = _parse_designation_date(d.pop("designation_date", UNSET))

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))

        def _parse_list_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        list_reference = _parse_list_reference(d.pop("list_reference", UNSET))

        submission_outcome = cls(
            status=status,
            on=on,
            designation_date=designation_date,
            program=program,
            list_reference=list_reference,
        )

        submission_outcome.additional_properties = d
        return submission_outcome

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
