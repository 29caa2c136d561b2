from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hash_check_out_variant import HashCheckOutVariant
from ..types import UNSET, Unset

T = TypeVar("T", bound="HashCheckOut")


@_attrs_define
class HashCheckOut:
    """
    Attributes:
        variant (HashCheckOutVariant):
        expected_sha256 (str):
        actual_sha256 (None | str):
        size (int | None):
        match (bool):
        error (None | str | Unset):
    """

    variant: HashCheckOutVariant
    expected_sha256: str
    actual_sha256: None | str
    size: int | None
    match: bool
    error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        variant = self.variant.value

        expected_sha256 = self.expected_sha256

        actual_sha256: None | str
        actual_sha256 = self.actual_sha256

        size: int | None
        size = self.size

        match = self.match

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "variant": variant,
                "expected_sha256": expected_sha256,
                "actual_sha256": actual_sha256,
                "size": size,
                "match": match,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        variant = HashCheckOutVariant(d.pop("variant"))

        expected_sha256 = d.pop("expected_sha256")

        def _parse_actual_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actual_sha256 = _parse_actual_sha256(d.pop("actual_sha256"))

        def _parse_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size = _parse_size(d.pop("size"))

        match = d.pop("match")

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        hash_check_out = cls(
            variant=variant,
            expected_sha256=expected_sha256,
            actual_sha256=actual_sha256,
            size=size,
            match=match,
            error=error,
        )

        hash_check_out.additional_properties = d
        return hash_check_out

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
