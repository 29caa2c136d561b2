from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cases_change_out import CasesChangeOut


T = TypeVar("T", bound="SinceReviewedOut")


@_attrs_define
class SinceReviewedOut:
    """
    Attributes:
        from_revision (int | None):
        to_revision (int):
        changes (list[CasesChangeOut]):
    """

    from_revision: int | None
    to_revision: int
    changes: list[CasesChangeOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_revision: int | None
        from_revision = self.from_revision

        to_revision = self.to_revision

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from_revision": from_revision,
                "to_revision": to_revision,
                "changes": changes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cases_change_out import CasesChangeOut

        d = dict(src_dict)

        def _parse_from_revision(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        from_revision = _parse_from_revision(d.pop("from_revision"))

        to_revision = d.pop("to_revision")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = CasesChangeOut.from_dict(changes_item_data)

            changes.append(changes_item)

        since_reviewed_out = cls(
            from_revision=from_revision,
            to_revision=to_revision,
            changes=changes,
        )

        since_reviewed_out.additional_properties = d
        return since_reviewed_out

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
