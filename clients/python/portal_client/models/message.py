from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_params import MessageParams
    from ..models.message_part import MessagePart


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """A message of the portal's own rules: `code` and `params` (stable), `msg` in English (as before),
    `text` in the caller's language with content named by its labels.

        Attributes:
            code (str): stable code of the message (snake_case; the templates in each language are in
                app/jurisdictions/messages.py): translate by it, never by the English text
            msg (str): the message in English, with raw content paths (for older clients)
            params (MessageParams | Unset): the message's values by placeholder name: content paths (`abuse`, `perpetrator`,
                `field`, ...), a jurisdiction or regime code, enum values, dates, numbers or names
            details (list[MessagePart] | Unset): further messages the text adds after the main one, in order
            text (None | str | Unset): the message in the caller's language, content named by its labels
    """

    code: str
    msg: str
    params: MessageParams | Unset = UNSET
    details: list[MessagePart] | Unset = UNSET
    text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        msg = self.msg

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "msg": msg,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params
        if details is not UNSET:
            field_dict["details"] = details
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.message_params import MessageParams
        from ..models.message_part import MessagePart

        d = dict(src_dict)
        code = d.pop("code")

        msg = d.pop("msg")

        _params = d.pop("params", UNSET)
        params: MessageParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = MessageParams.from_dict(_params)

        _details = d.pop("details", UNSET)
        details: list[MessagePart] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = MessagePart.from_dict(details_item_data)

                details.append(details_item)

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        message = cls(
            code=code,
            msg=msg,
            params=params,
            details=details,
            text=text,
        )

        message.additional_properties = d
        return message

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
