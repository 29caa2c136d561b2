from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.package_out import PackageOut
    from ..models.refusal_out import RefusalOut


T = TypeVar("T", bound="PackageRequestOut")


@_attrs_define
class PackageRequestOut:
    """
    Attributes:
        case_id (str):
        packages (list[PackageOut]):
        refused (list[RefusalOut]):
    """

    case_id: str
    packages: list[PackageOut]
    refused: list[RefusalOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        packages = []
        for packages_item_data in self.packages:
            packages_item = packages_item_data.to_dict()
            packages.append(packages_item)

        refused = []
        for refused_item_data in self.refused:
            refused_item = refused_item_data.to_dict()
            refused.append(refused_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "packages": packages,
                "refused": refused,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.package_out import PackageOut
        from ..models.refusal_out import RefusalOut

        d = dict(src_dict)
        case_id = d.pop("case_id")

        packages = []
        _packages = d.pop("packages")
        for packages_item_data in _packages:
            packages_item = PackageOut.from_dict(packages_item_data)

            packages.append(packages_item)

        refused = []
        _refused = d.pop("refused")
        for refused_item_data in _refused:
            refused_item = RefusalOut.from_dict(refused_item_data)

            refused.append(refused_item)

        package_request_out = cls(
            case_id=case_id,
            packages=packages,
            refused=refused,
        )

        package_request_out.additional_properties = d
        return package_request_out

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
