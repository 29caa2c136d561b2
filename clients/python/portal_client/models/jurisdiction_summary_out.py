from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.package_summary_out import PackageSummaryOut
    from ..models.submission_summary_out import SubmissionSummaryOut


T = TypeVar("T", bound="JurisdictionSummaryOut")


@_attrs_define
class JurisdictionSummaryOut:
    """
    Attributes:
        jurisdiction (str):
        name (str):
        addressee (str):
        status (str): submission status, else building | failed | not_packaged
        packages (int):
        latest_package (None | PackageSummaryOut):
        submission (None | SubmissionSummaryOut):
    """

    jurisdiction: str
    name: str
    addressee: str
    status: str
    packages: int
    latest_package: None | PackageSummaryOut
    submission: None | SubmissionSummaryOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.package_summary_out import PackageSummaryOut
        from ..models.submission_summary_out import SubmissionSummaryOut

        jurisdiction = self.jurisdiction

        name = self.name

        addressee = self.addressee

        status = self.status

        packages = self.packages

        latest_package: dict[str, Any] | None
        if isinstance(self.latest_package, PackageSummaryOut):
            latest_package = self.latest_package.to_dict()
        else:
            latest_package = self.latest_package

        submission: dict[str, Any] | None
        if isinstance(self.submission, SubmissionSummaryOut):
            submission = self.submission.to_dict()
        else:
            submission = self.submission

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "jurisdiction": jurisdiction,
                "name": name,
                "addressee": addressee,
                "status": status,
                "packages": packages,
                "latest_package": latest_package,
                "submission": submission,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.package_summary_out import PackageSummaryOut
        from ..models.submission_summary_out import SubmissionSummaryOut

        d = dict(src_dict)
        jurisdiction = d.pop("jurisdiction")

        name = d.pop("name")

        addressee = d.pop("addressee")

        status = d.pop("status")

        packages = d.pop("packages")

        def _parse_latest_package(data: object) -> None | PackageSummaryOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                latest_package_type_0 = PackageSummaryOut.from_dict(data)

                return latest_package_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PackageSummaryOut, data)

        latest_package = _parse_latest_package(d.pop("latest_package"))

        def _parse_submission(data: object) -> None | SubmissionSummaryOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                submission_type_0 = SubmissionSummaryOut.from_dict(data)

                return submission_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubmissionSummaryOut, data)

        submission = _parse_submission(d.pop("submission"))

        jurisdiction_summary_out = cls(
            jurisdiction=jurisdiction,
            name=name,
            addressee=addressee,
            status=status,
            packages=packages,
            latest_package=latest_package,
            submission=submission,
        )

        jurisdiction_summary_out.additional_properties = d
        return jurisdiction_summary_out

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
