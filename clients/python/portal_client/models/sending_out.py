from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sending_out_params import SendingOutParams
    from ..models.sending_out_texts import SendingOutTexts


T = TypeVar("T", bound="SendingOut")


@_attrs_define
class SendingOut:
    """
    Attributes:
        jurisdiction (str):
        sent (bool): whether a package to this jurisdiction built now would carry the item
        reason (None | str | Unset): why not, in words (English)
        code (None | str | Unset): why not, as a stable message code (templates in app/jurisdictions/messages.py)
        params (SendingOutParams | Unset): the values the message's placeholders take
        details (list[str] | Unset): codes (without params) of further messages the reason adds
        texts (SendingOutTexts | Unset): `reason` in each of the portal's languages (it reads after "will not be sent to
            …:")
    """

    jurisdiction: str
    sent: bool
    reason: None | str | Unset = UNSET
    code: None | str | Unset = UNSET
    params: SendingOutParams | Unset = UNSET
    details: list[str] | Unset = UNSET
    texts: SendingOutTexts | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jurisdiction = self.jurisdiction

        sent = self.sent

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        details: list[str] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details

        texts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.texts, Unset):
            texts = self.texts.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "jurisdiction": jurisdiction,
                "sent": sent,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if code is not UNSET:
            field_dict["code"] = code
        if params is not UNSET:
            field_dict["params"] = params
        if details is not UNSET:
            field_dict["details"] = details
        if texts is not UNSET:
            field_dict["texts"] = texts

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.sending_out_params import SendingOutParams
        from ..models.sending_out_texts import SendingOutTexts

        d = dict(src_dict)
        jurisdiction = d.pop("jurisdiction")

        sent = d.pop("sent")

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        _params = d.pop("params", UNSET)
        params: SendingOutParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = SendingOutParams.from_dict(_params)

        details = cast(list[str], d.pop("details", UNSET))

        _texts = d.pop("texts", UNSET)
        texts: SendingOutTexts | Unset
        if isinstance(_texts, Unset):
            texts = UNSET
        else:
            texts = SendingOutTexts.from_dict(_texts)

        sending_out = cls(
            jurisdiction=jurisdiction,
            sent=sent,
            reason=reason,
            code=code,
            params=params,
            details=details,
            texts=texts,
        )

        sending_out.additional_properties = d
        return sending_out

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
