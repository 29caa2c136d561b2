from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConfirmedDesignationFacts")


@_attrs_define
class ConfirmedDesignationFacts:
    """
    Attributes:
        list_ (str): The official list's name.
        jurisdiction (str):
        entry_id (str): The portal's id of the list entry.
        list_entry_id (str): The entry's id on the official list.
        programmes (list[str]): Sanctions programme codes.
        listing_date (datetime.date | None):
        civil_society_basis (bool | None): Whether the coalition's submission is taken to be a basis of the listing.
    """

    list_: str
    jurisdiction: str
    entry_id: str
    list_entry_id: str
    programmes: list[str]
    listing_date: datetime.date | None
    civil_society_basis: bool | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        list_ = self.list_

        jurisdiction = self.jurisdiction

        entry_id = self.entry_id

        list_entry_id = self.list_entry_id

        programmes = self.programmes

        listing_date: None | str
        if isinstance(self.listing_date, datetime.date):
            listing_date = self.listing_date.isoformat()
        else:
            listing_date = self.listing_date

        civil_society_basis: bool | None
        civil_society_basis = self.civil_society_basis

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "list": list_,
                "jurisdiction": jurisdiction,
                "entry_id": entry_id,
                "list_entry_id": list_entry_id,
                "programmes": programmes,
                "listing_date": listing_date,
                "civil_society_basis": civil_society_basis,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        list_ = d.pop("list")

        jurisdiction = d.pop("jurisdiction")

        entry_id = d.pop("entry_id")

        list_entry_id = d.pop("list_entry_id")

        programmes = cast(list[str], d.pop("programmes"))

        def _parse_listing_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                listing_date_type_0 = datetime.date.fromisoformat(data)

                return listing_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        listing_date = _parse_listing_date(d.pop("listing_date"))

        def _parse_civil_society_basis(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        civil_society_basis = _parse_civil_society_basis(d.pop("civil_society_basis"))

        confirmed_designation_facts = cls(
            list_=list_,
            jurisdiction=jurisdiction,
            entry_id=entry_id,
            list_entry_id=list_entry_id,
            programmes=programmes,
            listing_date=listing_date,
            civil_society_basis=civil_society_basis,
        )

        confirmed_designation_facts.additional_properties = d
        return confirmed_designation_facts

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
