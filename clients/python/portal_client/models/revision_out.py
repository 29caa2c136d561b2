from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RevisionOut")


@_attrs_define
class RevisionOut:
    """
    Attributes:
        id (str):
        number (int):
        title (str):
        content_hash (str):
        author_id (None | str):
        author_token_id (None | str):
        autosave (bool):
        created_at (datetime.datetime):
    """

    id: str
    number: int
    title: str
    content_hash: str
    author_id: None | str
    author_token_id: None | str
    autosave: bool
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        number = self.number

        title = self.title

        content_hash = self.content_hash

        author_id: None | str
        author_id = self.author_id

        author_token_id: None | str
        author_token_id = self.author_token_id

        autosave = self.autosave

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "number": number,
                "title": title,
                "content_hash": content_hash,
                "author_id": author_id,
                "author_token_id": author_token_id,
                "autosave": autosave,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        number = d.pop("number")

        title = d.pop("title")

        content_hash = d.pop("content_hash")

        def _parse_author_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        author_id = _parse_author_id(d.pop("author_id"))

        def _parse_author_token_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        author_token_id = _parse_author_token_id(d.pop("author_token_id"))

        autosave = d.pop("autosave")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        revision_out = cls(
            id=id,
            number=number,
            title=title,
            content_hash=content_hash,
            author_id=author_id,
            author_token_id=author_token_id,
            autosave=autosave,
            created_at=created_at,
        )

        revision_out.additional_properties = d
        return revision_out

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
