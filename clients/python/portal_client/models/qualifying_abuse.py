from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QualifyingAbuse")


@_attrs_define
class QualifyingAbuse:
    """
    Attributes:
        abuse_id (str):
        path (str):
        category (str):
        conduct (str):
        label (None | str | Unset):
    """

    abuse_id: str
    path: str
    category: str
    conduct: str
    label: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        abuse_id = self.abuse_id

        path = self.path

        category = self.category

        conduct = self.conduct

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "abuse_id": abuse_id,
                "path": path,
                "category": category,
                "conduct": conduct,
            }
        )
        if label is not UNSET:
            field_dict["label"] = label

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        abuse_id = d.pop("abuse_id")

        path = d.pop("path")

        category = d.pop("category")

        conduct = d.pop("conduct")

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        qualifying_abuse = cls(
            abuse_id=abuse_id,
            path=path,
            category=category,
            conduct=conduct,
            label=label,
        )

        qualifying_abuse.additional_properties = d
        return qualifying_abuse

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
