from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.jurisdiction_summary_out import JurisdictionSummaryOut


T = TypeVar("T", bound="SubmissionsSummaryOut")


@_attrs_define
class SubmissionsSummaryOut:
    """
    Attributes:
        case_id (str):
        case_status (str):
        jurisdictions (list[JurisdictionSummaryOut]):
    """

    case_id: str
    case_status: str
    jurisdictions: list[JurisdictionSummaryOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        case_status = self.case_status

        jurisdictions = []
        for jurisdictions_item_data in self.jurisdictions:
            jurisdictions_item = jurisdictions_item_data.to_dict()
            jurisdictions.append(jurisdictions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "case_status": case_status,
                "jurisdictions": jurisdictions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.jurisdiction_summary_out import JurisdictionSummaryOut

        d = dict(src_dict)
        case_id = d.pop("case_id")

        case_status = d.pop("case_status")

        jurisdictions = []
        _jurisdictions = d.pop("jurisdictions")
        for jurisdictions_item_data in _jurisdictions:
            jurisdictions_item = JurisdictionSummaryOut.from_dict(
                jurisdictions_item_data
            )

            jurisdictions.append(jurisdictions_item)

        submissions_summary_out = cls(
            case_id=case_id,
            case_status=case_status,
            jurisdictions=jurisdictions,
        )

        submissions_summary_out.additional_properties = d
        return submissions_summary_out

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
