from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.entry_out import EntryOut
    from ..models.listing_out import ListingOut


T = TypeVar("T", bound="GapOut")


@_attrs_define
class GapOut:
    """
    Attributes:
        entry (EntryOut): A list entry as the list gives it: names in every script, dates, nationalities, programmes.
        designating (str):
        listed_elsewhere (list[ListingOut]): likely matches on other jurisdictions' lists
        missing (list[str]): jurisdictions with an imported list whose Magnitsky-style lists lack it
    """

    entry: EntryOut
    designating: str
    listed_elsewhere: list[ListingOut]
    missing: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entry = self.entry.to_dict()

        designating = self.designating

        listed_elsewhere = []
        for listed_elsewhere_item_data in self.listed_elsewhere:
            listed_elsewhere_item = listed_elsewhere_item_data.to_dict()
            listed_elsewhere.append(listed_elsewhere_item)

        missing = self.missing

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entry": entry,
                "designating": designating,
                "listed_elsewhere": listed_elsewhere,
                "missing": missing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.entry_out import EntryOut
        from ..models.listing_out import ListingOut

        d = dict(src_dict)
        entry = EntryOut.from_dict(d.pop("entry"))

        designating = d.pop("designating")

        listed_elsewhere = []
        _listed_elsewhere = d.pop("listed_elsewhere")
        for listed_elsewhere_item_data in _listed_elsewhere:
            listed_elsewhere_item = ListingOut.from_dict(listed_elsewhere_item_data)

            listed_elsewhere.append(listed_elsewhere_item)

        missing = cast(list[str], d.pop("missing"))

        gap_out = cls(
            entry=entry,
            designating=designating,
            listed_elsewhere=listed_elsewhere,
            missing=missing,
        )

        gap_out.additional_properties = d
        return gap_out

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
