from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.entry_out_entity import EntryOutEntity
    from ..models.entry_out_other_ids import EntryOutOtherIds
    from ..models.programme_out import ProgrammeOut


T = TypeVar("T", bound="EntryOut")


@_attrs_define
class EntryOut:
    """A list entry as the list gives it: names in every script, dates, nationalities, programmes.

    Attributes:
        id (str):
        list_ (str):
        list_title (str):
        jurisdiction (str):
        list_id (str): the list's own id (OFAC ent_num, UK UniqueID, EU logicalId…)
        schema (str): FtM schema
        caption (str):
        names (list[str]):
        birth_dates (list[str]):
        nationalities (list[str]):
        identifiers (list[str]):
        programmes (list[ProgrammeOut]):
        magnitsky (bool):
        listing_date (datetime.date | None):
        other_ids (EntryOutOtherIds):
        removed (bool):
        entity (EntryOutEntity): the FollowTheMoney entity
    """

    id: str
    list_: str
    list_title: str
    jurisdiction: str
    list_id: str
    schema: str
    caption: str
    names: list[str]
    birth_dates: list[str]
    nationalities: list[str]
    identifiers: list[str]
    programmes: list[ProgrammeOut]
    magnitsky: bool
    listing_date: datetime.date | None
    other_ids: EntryOutOtherIds
    removed: bool
    entity: EntryOutEntity
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        list_ = self.list_

        list_title = self.list_title

        jurisdiction = self.jurisdiction

        list_id = self.list_id

        schema = self.schema

        caption = self.caption

        names = self.names

        birth_dates = self.birth_dates

        nationalities = self.nationalities

        identifiers = self.identifiers

        programmes = []
        for programmes_item_data in self.programmes:
            programmes_item = programmes_item_data.to_dict()
            programmes.append(programmes_item)

        magnitsky = self.magnitsky

        listing_date: None | str
        if isinstance(self.listing_date, datetime.date):
            listing_date = self.listing_date.isoformat()
        else:
            listing_date = self.listing_date

        other_ids = self.other_ids.to_dict()

        removed = self.removed

        entity = self.entity.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "list": list_,
                "list_title": list_title,
                "jurisdiction": jurisdiction,
                "list_id": list_id,
                "schema": schema,
                "caption": caption,
                "names": names,
                "birth_dates": birth_dates,
                "nationalities": nationalities,
                "identifiers": identifiers,
                "programmes": programmes,
                "magnitsky": magnitsky,
                "listing_date": listing_date,
                "other_ids": other_ids,
                "removed": removed,
                "entity": entity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.entry_out_entity import EntryOutEntity
        from ..models.entry_out_other_ids import EntryOutOtherIds
        from ..models.programme_out import ProgrammeOut

        d = dict(src_dict)
        id = d.pop("id")

        list_ = d.pop("list")

        list_title = d.pop("list_title")

        jurisdiction = d.pop("jurisdiction")

        list_id = d.pop("list_id")

        schema = d.pop("schema")

        caption = d.pop("caption")

        names = cast(list[str], d.pop("names"))

        birth_dates = cast(list[str], d.pop("birth_dates"))

        nationalities = cast(list[str], d.pop("nationalities"))

        identifiers = cast(list[str], d.pop("identifiers"))

        programmes = []
        _programmes = d.pop("programmes")
        for programmes_item_data in _programmes:
            programmes_item = ProgrammeOut.from_dict(programmes_item_data)

            programmes.append(programmes_item)

        magnitsky = d.pop("magnitsky")

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

        other_ids = EntryOutOtherIds.from_dict(d.pop("other_ids"))

        removed = d.pop("removed")

        entity = EntryOutEntity.from_dict(d.pop("entity"))

        entry_out = cls(
            id=id,
            list_=list_,
            list_title=list_title,
            jurisdiction=jurisdiction,
            list_id=list_id,
            schema=schema,
            caption=caption,
            names=names,
            birth_dates=birth_dates,
            nationalities=nationalities,
            identifiers=identifiers,
            programmes=programmes,
            magnitsky=magnitsky,
            listing_date=listing_date,
            other_ids=other_ids,
            removed=removed,
            entity=entity,
        )

        entry_out.additional_properties = d
        return entry_out

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
