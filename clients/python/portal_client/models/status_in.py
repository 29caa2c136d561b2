from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.submission_status import SubmissionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.designation_in import DesignationIn


T = TypeVar("T", bound="StatusIn")


@_attrs_define
class StatusIn:
    """
    Attributes:
        status (SubmissionStatus):
        on (datetime.date | None | Unset): the day it happened; default today
        note (None | str | Unset):
        follow_up_date (datetime.date | None | Unset):
        clear_follow_up (bool | Unset):  Default: False.
        designation (DesignationIn | None | Unset): required for designated
    """

    status: SubmissionStatus
    on: datetime.date | None | Unset = UNSET
    note: None | str | Unset = UNSET
    follow_up_date: datetime.date | None | Unset = UNSET
    clear_follow_up: bool | Unset = False
    designation: DesignationIn | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.designation_in import DesignationIn

        status = self.status.value

        on: None | str | Unset
        if isinstance(self.on, Unset):
            on = UNSET
        elif isinstance(self.on, datetime.date):
            on = self.on.isoformat()
        else:
            on = self.on

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        follow_up_date: None | str | Unset
        if isinstance(self.follow_up_date, Unset):
            follow_up_date = UNSET
        elif isinstance(self.follow_up_date, datetime.date):
            follow_up_date = self.follow_up_date.isoformat()
        else:
            follow_up_date = self.follow_up_date

        clear_follow_up = self.clear_follow_up

        designation: dict[str, Any] | None | Unset
        if isinstance(self.designation, Unset):
            designation = UNSET
        elif isinstance(self.designation, DesignationIn):
            designation = self.designation.to_dict()
        else:
            designation = self.designation

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if on is not UNSET:
            field_dict["on"] = on
        if note is not UNSET:
            field_dict["note"] = note
        if follow_up_date is not UNSET:
            field_dict["follow_up_date"] = follow_up_date
        if clear_follow_up is not UNSET:
            field_dict["clear_follow_up"] = clear_follow_up
        if designation is not UNSET:
            field_dict["designation"] = designation

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.designation_in import DesignationIn

        d = dict(src_dict)
        status = SubmissionStatus(d.pop("status"))

        def _parse_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                on_type_0 = datetime.date.fromisoformat(data)

                return on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        on = _parse_on(d.pop("on", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_follow_up_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                follow_up_date_type_0 = datetime.date.fromisoformat(data)

                return follow_up_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        follow_up_date = _parse_follow_up_date(d.pop("follow_up_date", UNSET))

        clear_follow_up = d.pop("clear_follow_up", UNSET)

        def _parse_designation(data: object) -> DesignationIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                designation_type_0 = DesignationIn.from_dict(data)

                return designation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DesignationIn | None | Unset, data)

        designation = _parse_designation(d.pop("designation", UNSET))

        status_in = cls(
            status=status,
            on=on,
            note=note,
            follow_up_date=follow_up_date,
            clear_follow_up=clear_follow_up,
            designation=designation,
        )

        return status_in
