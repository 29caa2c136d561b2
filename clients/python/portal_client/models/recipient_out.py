from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecipientOut")


@_attrs_define
class RecipientOut:
    """
    Attributes:
        id (str):
        jurisdiction (str):
        name (str):
        office (str):
        email (str):
        age_recipient (None | str):
        note (None | str):
        active (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    jurisdiction: str
    name: str
    office: str
    email: str
    age_recipient: None | str
    note: None | str
    active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        jurisdiction = self.jurisdiction

        name = self.name

        office = self.office

        email = self.email

        age_recipient: None | str
        age_recipient = self.age_recipient

        note: None | str
        note = self.note

        active = self.active

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "jurisdiction": jurisdiction,
                "name": name,
                "office": office,
                "email": email,
                "age_recipient": age_recipient,
                "note": note,
                "active": active,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        jurisdiction = d.pop("jurisdiction")

        name = d.pop("name")

        office = d.pop("office")

        email = d.pop("email")

        def _parse_age_recipient(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        age_recipient = _parse_age_recipient(d.pop("age_recipient"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        recipient_out = cls(
            id=id,
            jurisdiction=jurisdiction,
            name=name,
            office=office,
            email=email,
            age_recipient=age_recipient,
            note=note,
            active=active,
            created_at=created_at,
            updated_at=updated_at,
        )

        recipient_out.additional_properties = d
        return recipient_out

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
