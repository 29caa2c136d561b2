from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.match_status import MatchStatus

if TYPE_CHECKING:
    from ..models.confirmed_designation_facts import ConfirmedDesignationFacts


T = TypeVar("T", bound="DesignationConfirmedData")


@_attrs_define
class DesignationConfirmedData:
    """
    Attributes:
        match_id (str): The designation match (case perpetrator ↔ list entry).
        jurisdiction (str):
        status (MatchStatus):
        designation (ConfirmedDesignationFacts):
        submission_id (None | str): The submission marked designated, if there was one.
    """

    match_id: str
    jurisdiction: str
    status: MatchStatus
    designation: ConfirmedDesignationFacts
    submission_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        match_id = self.match_id

        jurisdiction = self.jurisdiction

        status = self.status.value

        designation = self.designation.to_dict()

        submission_id: None | str
        submission_id = self.submission_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "match_id": match_id,
                "jurisdiction": jurisdiction,
                "status": status,
                "designation": designation,
                "submission_id": submission_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.confirmed_designation_facts import ConfirmedDesignationFacts

        d = dict(src_dict)
        match_id = d.pop("match_id")

        jurisdiction = d.pop("jurisdiction")

        status = MatchStatus(d.pop("status"))

        designation = ConfirmedDesignationFacts.from_dict(d.pop("designation"))

        def _parse_submission_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        submission_id = _parse_submission_id(d.pop("submission_id"))

        designation_confirmed_data = cls(
            match_id=match_id,
            jurisdiction=jurisdiction,
            status=status,
            designation=designation,
            submission_id=submission_id,
        )

        designation_confirmed_data.additional_properties = d
        return designation_confirmed_data

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
