from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubmissionPatchIn")


@_attrs_define
class SubmissionPatchIn:
    """
    Attributes:
        follow_up_date (datetime.date | None | Unset):
        reference (None | str | Unset):
        addressee (None | str | Unset):
    """

    follow_up_date: datetime.date | None | Unset = UNSET
    reference: None | str | Unset = UNSET
    addressee: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        follow_up_date: None | str | Unset
        if isinstance(self.follow_up_date, Unset):
            follow_up_date = UNSET
        elif isinstance(self.follow_up_date, datetime.date):
            follow_up_date = self.follow_up_date.isoformat()
        else:
            follow_up_date = self.follow_up_date

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        addressee: None | str | Unset
        if isinstance(self.addressee, Unset):
            addressee = UNSET
        else:
            addressee = self.addressee

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if follow_up_date is not UNSET:
            field_dict["follow_up_date"] = follow_up_date
        if reference is not UNSET:
            field_dict["reference"] = reference
        if addressee is not UNSET:
            field_dict["addressee"] = addressee

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

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

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        def _parse_addressee(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        addressee = _parse_addressee(d.pop("addressee", UNSET))

        submission_patch_in = cls(
            follow_up_date=follow_up_date,
            reference=reference,
            addressee=addressee,
        )

        return submission_patch_in
