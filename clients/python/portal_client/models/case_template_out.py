from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.case_template_out_content import CaseTemplateOutContent


T = TypeVar("T", bound="CaseTemplateOut")


@_attrs_define
class CaseTemplateOut:
    """
    Attributes:
        title (str):
        target_jurisdictions (list[str]):
        content (CaseTemplateOutContent):
    """

    title: str
    target_jurisdictions: list[str]
    content: CaseTemplateOutContent
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        target_jurisdictions = self.target_jurisdictions

        content = self.content.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "title": title,
                "target_jurisdictions": target_jurisdictions,
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_template_out_content import CaseTemplateOutContent

        d = dict(src_dict)
        title = d.pop("title")

        target_jurisdictions = cast(list[str], d.pop("target_jurisdictions"))

        content = CaseTemplateOutContent.from_dict(d.pop("content"))

        case_template_out = cls(
            title=title,
            target_jurisdictions=target_jurisdictions,
            content=content,
        )

        case_template_out.additional_properties = d
        return case_template_out

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
