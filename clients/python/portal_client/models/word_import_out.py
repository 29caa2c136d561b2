from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.case_out import CaseOut
    from ..models.import_report import ImportReport


T = TypeVar("T", bound="WordImportOut")


@_attrs_define
class WordImportOut:
    """
    Attributes:
        case (CaseOut):
        report (ImportReport):
    """

    case: CaseOut
    report: ImportReport
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case = self.case.to_dict()

        report = self.report.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case": case,
                "report": report,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_out import CaseOut
        from ..models.import_report import ImportReport

        d = dict(src_dict)
        case = CaseOut.from_dict(d.pop("case"))

        report = ImportReport.from_dict(d.pop("report"))

        word_import_out = cls(
            case=case,
            report=report,
        )

        word_import_out.additional_properties = d
        return word_import_out

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
