from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PackageBuiltData")


@_attrs_define
class PackageBuiltData:
    """
    Attributes:
        package_id (str):
        jurisdiction (str):
        sha256 (str): SHA-256 (hex) of the package's bytes.
        submission_id (str): The submission record opened for the package.
    """

    package_id: str
    jurisdiction: str
    sha256: str
    submission_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        package_id = self.package_id

        jurisdiction = self.jurisdiction

        sha256 = self.sha256

        submission_id = self.submission_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "package_id": package_id,
                "jurisdiction": jurisdiction,
                "sha256": sha256,
                "submission_id": submission_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        package_id = d.pop("package_id")

        jurisdiction = d.pop("jurisdiction")

        sha256 = d.pop("sha256")

        submission_id = d.pop("submission_id")

        package_built_data = cls(
            package_id=package_id,
            jurisdiction=jurisdiction,
            sha256=sha256,
            submission_id=submission_id,
        )

        package_built_data.additional_properties = d
        return package_built_data

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
