from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CasesChangeOut")


@_attrs_define
class CasesChangeOut:
    """
    Attributes:
        section (str):
        path (str):
        op (str):
        old (Any | Unset):
        new (Any | Unset):
        label (None | str | Unset): the path in words, in the caller's language
        field (None | str | Unset): the editor's key: perpetrators.0.name
    """

    section: str
    path: str
    op: str
    old: Any | Unset = UNSET
    new: Any | Unset = UNSET
    label: None | str | Unset = UNSET
    field: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        section = self.section

        path = self.path

        op = self.op

        old = self.old

        new = self.new

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        field: None | str | Unset
        if isinstance(self.field, Unset):
            field = UNSET
        else:
            field = self.field

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "section": section,
                "path": path,
                "op": op,
            }
        )
        if old is not UNSET:
            field_dict["old"] = old
        if new is not UNSET:
            field_dict["new"] = new
        if label is not UNSET:
            field_dict["label"] = label
        if field is not UNSET:
            field_dict["field"] = field

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        section = d.pop("section")

        path = d.pop("path")

        op = d.pop("op")

        old = d.pop("old", UNSET)

        new = d.pop("new", UNSET)

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        def _parse_field(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        field = _parse_field(d.pop("field", UNSET))

        cases_change_out = cls(
            section=section,
            path=path,
            op=op,
            old=old,
            new=new,
            label=label,
            field=field,
        )

        cases_change_out.additional_properties = d
        return cases_change_out

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
