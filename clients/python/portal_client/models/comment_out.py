from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CommentOut")


@_attrs_define
class CommentOut:
    """
    Attributes:
        id (str):
        case_id (str):
        parent_id (None | str):
        path (str):
        revision_number (int):
        body (str):
        author_id (None | str):
        author_org_id (str):
        created_at (datetime.datetime):
        resolved_at (datetime.datetime | None):
        resolved_by (None | str):
        author_name (None | str | Unset): the author's display name
        resolved_by_name (None | str | Unset):
    """

    id: str
    case_id: str
    parent_id: None | str
    path: str
    revision_number: int
    body: str
    author_id: None | str
    author_org_id: str
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None
    resolved_by: None | str
    author_name: None | str | Unset = UNSET
    resolved_by_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        case_id = self.case_id

        parent_id: None | str
        parent_id = self.parent_id

        path = self.path

        revision_number = self.revision_number

        body = self.body

        author_id: None | str
        author_id = self.author_id

        author_org_id = self.author_org_id

        created_at = self.created_at.isoformat()

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolved_by: None | str
        resolved_by = self.resolved_by

        author_name: None | str | Unset
        if isinstance(self.author_name, Unset):
            author_name = UNSET
        else:
            author_name = self.author_name

        resolved_by_name: None | str | Unset
        if isinstance(self.resolved_by_name, Unset):
            resolved_by_name = UNSET
        else:
            resolved_by_name = self.resolved_by_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "case_id": case_id,
                "parent_id": parent_id,
                "path": path,
                "revision_number": revision_number,
                "body": body,
                "author_id": author_id,
                "author_org_id": author_org_id,
                "created_at": created_at,
                "resolved_at": resolved_at,
                "resolved_by": resolved_by,
            }
        )
        if author_name is not UNSET:
            field_dict["author_name"] = author_name
        if resolved_by_name is not UNSET:
            field_dict["resolved_by_name"] = resolved_by_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        case_id = d.pop("case_id")

        def _parse_parent_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        parent_id = _parse_parent_id(d.pop("parent_id"))

        path = d.pop("path")

        revision_number = d.pop("revision_number")

        body = d.pop("body")

        def _parse_author_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        author_id = _parse_author_id(d.pop("author_id"))

        author_org_id = d.pop("author_org_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_resolved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at"))

        def _parse_resolved_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolved_by = _parse_resolved_by(d.pop("resolved_by"))

        def _parse_author_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        author_name = _parse_author_name(d.pop("author_name", UNSET))

        def _parse_resolved_by_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resolved_by_name = _parse_resolved_by_name(d.pop("resolved_by_name", UNSET))

        comment_out = cls(
            id=id,
            case_id=case_id,
            parent_id=parent_id,
            path=path,
            revision_number=revision_number,
            body=body,
            author_id=author_id,
            author_org_id=author_org_id,
            created_at=created_at,
            resolved_at=resolved_at,
            resolved_by=resolved_by,
            author_name=author_name,
            resolved_by_name=resolved_by_name,
        )

        comment_out.additional_properties = d
        return comment_out

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
