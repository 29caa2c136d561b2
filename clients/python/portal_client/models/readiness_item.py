from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.readiness_item_params import ReadinessItemParams


T = TypeVar("T", bound="ReadinessItem")


@_attrs_define
class ReadinessItem:
    """A piece of missing content: its path, the editor's key of its field, its label, and why it is
    needed (`code`, `msg` in English, `text` in the caller's language).

        Attributes:
            path (str):
            field (str):
            label (str):
            code (str): stable code of the message (snake_case; the templates in each language are in
                app/jurisdictions/messages.py): translate by it, never by the English text
            msg (str): why the content is needed, in English
            params (ReadinessItemParams | Unset): the message's values by placeholder name: content paths (`abuse`,
                `perpetrator`, `field`, ...), a jurisdiction or regime code, enum values, dates, numbers or names
            text (None | str | Unset): why it is needed, in the caller's language
    """

    path: str
    field: str
    label: str
    code: str
    msg: str
    params: ReadinessItemParams | Unset = UNSET
    text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        field = self.field

        label = self.label

        code = self.code

        msg = self.msg

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "field": field,
                "label": label,
                "code": code,
                "msg": msg,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.readiness_item_params import ReadinessItemParams

        d = dict(src_dict)
        path = d.pop("path")

        field = d.pop("field")

        label = d.pop("label")

        code = d.pop("code")

        msg = d.pop("msg")

        _params = d.pop("params", UNSET)
        params: ReadinessItemParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = ReadinessItemParams.from_dict(_params)

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        readiness_item = cls(
            path=path,
            field=field,
            label=label,
            code=code,
            msg=msg,
            params=params,
            text=text,
        )

        readiness_item.additional_properties = d
        return readiness_item

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
