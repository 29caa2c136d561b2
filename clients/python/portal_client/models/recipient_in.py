from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RecipientIn")


@_attrs_define
class RecipientIn:
    """
    Attributes:
        jurisdiction (str): us, uk, ca, eu
        name (str):
        office (str): e.g. U.S. Department of the Treasury, OFAC
        email (str):
        age_recipient (None | str | Unset): an age X25519 public key (age1…): packages are then encrypted to it
        note (None | str | Unset):
    """

    jurisdiction: str
    name: str
    office: str
    email: str
    age_recipient: None | str | Unset = UNSET
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        jurisdiction = self.jurisdiction

        name = self.name

        office = self.office

        email = self.email

        age_recipient: None | str | Unset
        if isinstance(self.age_recipient, Unset):
            age_recipient = UNSET
        else:
            age_recipient = self.age_recipient

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "jurisdiction": jurisdiction,
                "name": name,
                "office": office,
                "email": email,
            }
        )
        if age_recipient is not UNSET:
            field_dict["age_recipient"] = age_recipient
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        jurisdiction = d.pop("jurisdiction")

        name = d.pop("name")

        office = d.pop("office")

        email = d.pop("email")

        def _parse_age_recipient(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        age_recipient = _parse_age_recipient(d.pop("age_recipient", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        recipient_in = cls(
            jurisdiction=jurisdiction,
            name=name,
            office=office,
            email=email,
            age_recipient=age_recipient,
            note=note,
        )

        return recipient_in
