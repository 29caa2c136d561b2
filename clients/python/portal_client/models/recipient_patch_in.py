from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RecipientPatchIn")


@_attrs_define
class RecipientPatchIn:
    """
    Attributes:
        jurisdiction (None | str | Unset):
        name (None | str | Unset):
        office (None | str | Unset):
        email (None | str | Unset):
        age_recipient (None | str | Unset): null removes the key
        note (None | str | Unset):
        active (bool | None | Unset): false: no new shares to this recipient
    """

    jurisdiction: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    office: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    age_recipient: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    active: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        jurisdiction: None | str | Unset
        if isinstance(self.jurisdiction, Unset):
            jurisdiction = UNSET
        else:
            jurisdiction = self.jurisdiction

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        office: None | str | Unset
        if isinstance(self.office, Unset):
            office = UNSET
        else:
            office = self.office

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
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

        active: bool | None | Unset
        if isinstance(self.active, Unset):
            active = UNSET
        else:
            active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if jurisdiction is not UNSET:
            field_dict["jurisdiction"] = jurisdiction
        if name is not UNSET:
            field_dict["name"] = name
        if office is not UNSET:
            field_dict["office"] = office
        if email is not UNSET:
            field_dict["email"] = email
        if age_recipient is not UNSET:
            field_dict["age_recipient"] = age_recipient
        if note is not UNSET:
            field_dict["note"] = note
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_jurisdiction(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        jurisdiction = _parse_jurisdiction(d.pop("jurisdiction", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_office(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        office = _parse_office(d.pop("office", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

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

        def _parse_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        active = _parse_active(d.pop("active", UNSET))

        recipient_patch_in = cls(
            jurisdiction=jurisdiction,
            name=name,
            office=office,
            email=email,
            age_recipient=age_recipient,
            note=note,
            active=active,
        )

        return recipient_patch_in
