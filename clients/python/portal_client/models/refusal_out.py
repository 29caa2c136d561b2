from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RefusalOut")


@_attrs_define
class RefusalOut:
    """
    Attributes:
        jurisdiction (str):
        kind (str): not_targeted | ineligible | missing_content | busy
        reasons (list[str]):
        missing (list[str]):
    """

    jurisdiction: str
    kind: str
    reasons: list[str]
    missing: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jurisdiction = self.jurisdiction

        kind = self.kind

        reasons = self.reasons

        missing = self.missing

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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        jurisdiction = d.pop("jurisdiction")

        kind = d.pop("kind")

        reasons = cast(list[str], d.pop("reasons"))

        missing = cast(list[str], d.pop("missing"))

        refusal_out = cls(
            jurisdiction=jurisdiction,
            kind=kind,
            reasons=reasons,
            missing=missing,
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
