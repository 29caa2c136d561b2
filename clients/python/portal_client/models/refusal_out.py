from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message import Message


T = TypeVar("T", bound="RefusalOut")


@_attrs_define
class RefusalOut:
    """
    Attributes:
        jurisdiction (str):
        kind (str): not_targeted | ineligible | missing_content | busy
        reasons (list[str]): why, in English, with raw content paths (for older clients)
        missing (list[str]): content paths, for `missing_content`
        reason_details (list[Message] | Unset): `reasons`, in the same order, with codes and params and `text` in the
            caller's language
        text (None | str | Unset): `reasons` in the caller's language, content named by its labels
    """

    jurisdiction: str
    kind: str
    reasons: list[str]
    missing: list[str]
    reason_details: list[Message] | Unset = UNSET
    text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jurisdiction = self.jurisdiction

        kind = self.kind

        reasons = self.reasons

        missing = self.missing

        reason_details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reason_details, Unset):
            reason_details = []
            for reason_details_item_data in self.reason_details:
                reason_details_item = reason_details_item_data.to_dict()
                reason_details.append(reason_details_item)

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "jurisdiction": jurisdiction,
                "kind": kind,
                "reasons": reasons,
                "missing": missing,
            }
        )
        if reason_details is not UNSET:
            field_dict["reason_details"] = reason_details
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.message import Message

        d = dict(src_dict)
        jurisdiction = d.pop("jurisdiction")

        kind = d.pop("kind")

        reasons = cast(list[str], d.pop("reasons"))

        missing = cast(list[str], d.pop("missing"))

        _reason_details = d.pop("reason_details", UNSET)
        reason_details: list[Message] | Unset = UNSET
        if _reason_details is not UNSET:
            reason_details = []
            for reason_details_item_data in _reason_details:
                reason_details_item = Message.from_dict(reason_details_item_data)

                reason_details.append(reason_details_item)

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        refusal_out = cls(
            jurisdiction=jurisdiction,
            kind=kind,
            reasons=reasons,
            missing=missing,
            reason_details=reason_details,
            text=text,
        )

        refusal_out.additional_properties = d
        return refusal_out

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
