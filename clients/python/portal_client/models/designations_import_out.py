from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.version_out import VersionOut


T = TypeVar("T", bound="DesignationsImportOut")


@_attrs_define
class DesignationsImportOut:
    """
    Attributes:
        list_ (str):
        unchanged (bool): the same bytes as the current version: nothing was recorded
        version (VersionOut):
    """

    list_: str
    unchanged: bool
    version: VersionOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        list_ = self.list_

        unchanged = self.unchanged

        version = self.version.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "list": list_,
                "unchanged": unchanged,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.version_out import VersionOut

        d = dict(src_dict)
        list_ = d.pop("list")

        unchanged = d.pop("unchanged")

        version = VersionOut.from_dict(d.pop("version"))

        designations_import_out = cls(
            list_=list_,
            unchanged=unchanged,
            version=version,
        )

        designations_import_out.additional_properties = d
        return designations_import_out

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
