from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_part_params import MessagePartParams


T = TypeVar("T", bound="MessagePart")


@_attrs_define
class MessagePart:
    """A message by code: one of the details of a longer message ("…: detail; detail").

    Attributes:
        code (str): stable code of the message (snake_case; the templates in each language are in
            app/jurisdictions/messages.py): translate by it, never by the English text
        params (MessagePartParams | Unset): the message's values by placeholder name: content paths (`abuse`,
            `perpetrator`, `field`, ...), a jurisdiction or regime code, enum values, dates, numbers or names
    """

    code: str
    params: MessagePartParams | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.message_part_params import MessagePartParams

        d = dict(src_dict)
        code = d.pop("code")

        _params = d.pop("params", UNSET)
        params: MessagePartParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = MessagePartParams.from_dict(_params)

        message_part = cls(
            code=code,
            params=params,
        )

        message_part.additional_properties = d
        return message_part

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
