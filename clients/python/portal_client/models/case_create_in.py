from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.case_create_in_content import CaseCreateInContent


T = TypeVar("T", bound="CaseCreateIn")


@_attrs_define
class CaseCreateIn:
    """
    Attributes:
        title (str):
        target_jurisdictions (list[str] | Unset):
        content (CaseCreateInContent | Unset):
    """

    title: str
    target_jurisdictions: list[str] | Unset = UNSET
    content: CaseCreateInContent | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        target_jurisdictions: list[str] | Unset = UNSET
        if not isinstance(self.target_jurisdictions, Unset):
            target_jurisdictions = self.target_jurisdictions

        content: dict[str, Any] | Unset = UNSET
        if not isinstance(self.content, Unset):
            content = self.content.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
            }
        )
        if target_jurisdictions is not UNSET:
            field_dict["target_jurisdictions"] = target_jurisdictions
        if content is not UNSET:
            field_dict["content"] = content

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_create_in_content import CaseCreateInContent

        d = dict(src_dict)
        title = d.pop("title")

        target_jurisdictions = cast(list[str], d.pop("target_jurisdictions", UNSET))

        _content = d.pop("content", UNSET)
        content: CaseCreateInContent | Unset
        if isinstance(_content, Unset):
            content = UNSET
        else:
            content = CaseCreateInContent.from_dict(_content)

        case_create_in = cls(
            title=title,
            target_jurisdictions=target_jurisdictions,
            content=content,
        )

        return case_create_in
