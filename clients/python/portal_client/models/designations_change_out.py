from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.change_kind import ChangeKind

if TYPE_CHECKING:
    from ..models.designations_change_out_detail import DesignationsChangeOutDetail
    from ..models.entry_out import EntryOut


T = TypeVar("T", bound="DesignationsChangeOut")


@_attrs_define
class DesignationsChangeOut:
    """
    Attributes:
        kind (ChangeKind):
        entry (EntryOut): A list entry as the list gives it: names in every script, dates, nationalities, programmes.
        previous_fingerprint (None | str):
        fingerprint (None | str):
        detail (DesignationsChangeOutDetail):
    """

    kind: ChangeKind
    entry: EntryOut
    previous_fingerprint: None | str
    fingerprint: None | str
    detail: DesignationsChangeOutDetail
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        entry = self.entry.to_dict()

        previous_fingerprint: None | str
        previous_fingerprint = self.previous_fingerprint

        fingerprint: None | str
        fingerprint = self.fingerprint

        detail = self.detail.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "entry": entry,
                "previous_fingerprint": previous_fingerprint,
                "fingerprint": fingerprint,
                "detail": detail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.designations_change_out_detail import DesignationsChangeOutDetail
        from ..models.entry_out import EntryOut

        d = dict(src_dict)
        kind = ChangeKind(d.pop("kind"))

        entry = EntryOut.from_dict(d.pop("entry"))

        def _parse_previous_fingerprint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_fingerprint = _parse_previous_fingerprint(
            d.pop("previous_fingerprint")
        )

        def _parse_fingerprint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fingerprint = _parse_fingerprint(d.pop("fingerprint"))

        detail = DesignationsChangeOutDetail.from_dict(d.pop("detail"))

        designations_change_out = cls(
            kind=kind,
            entry=entry,
            previous_fingerprint=previous_fingerprint,
            fingerprint=fingerprint,
            detail=detail,
        )

        designations_change_out.additional_properties = d
        return designations_change_out

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
