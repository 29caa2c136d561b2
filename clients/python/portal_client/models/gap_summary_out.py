from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GapSummaryOut")


@_attrs_define
class GapSummaryOut:
    """
    Attributes:
        jurisdictions (list[str]): jurisdictions with an imported list
        magnitsky_entries (int):
        listed_elsewhere (int): of those, on another jurisdiction's Magnitsky-style list too
    """

    jurisdictions: list[str]
    magnitsky_entries: int
    listed_elsewhere: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jurisdictions = self.jurisdictions

        magnitsky_entries = self.magnitsky_entries

        listed_elsewhere = self.listed_elsewhere

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "jurisdictions": jurisdictions,
                "magnitsky_entries": magnitsky_entries,
                "listed_elsewhere": listed_elsewhere,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        jurisdictions = cast(list[str], d.pop("jurisdictions"))

        magnitsky_entries = d.pop("magnitsky_entries")

        listed_elsewhere = d.pop("listed_elsewhere")

        gap_summary_out = cls(
            jurisdictions=jurisdictions,
            magnitsky_entries=magnitsky_entries,
            listed_elsewhere=listed_elsewhere,
        )

        gap_summary_out.additional_properties = d
        return gap_summary_out

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
