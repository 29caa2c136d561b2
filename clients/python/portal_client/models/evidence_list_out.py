from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.evidence_out import EvidenceOut


T = TypeVar("T", bound="EvidenceListOut")


@_attrs_define
class EvidenceListOut:
    """
    Attributes:
        items (list[EvidenceOut]):
        total_size (int): bytes of the case's evidence that count towards its quota
        quota_bytes (int):
    """

    items: list[EvidenceOut]
    total_size: int
    quota_bytes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        total_size = self.total_size

        quota_bytes = self.quota_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "total_size": total_size,
                "quota_bytes": quota_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence_out import EvidenceOut

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = EvidenceOut.from_dict(items_item_data)

            items.append(items_item)

        total_size = d.pop("total_size")

        quota_bytes = d.pop("quota_bytes")

        evidence_list_out = cls(
            items=items,
            total_size=total_size,
            quota_bytes=quota_bytes,
        )

        evidence_list_out.additional_properties = d
        return evidence_list_out

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
