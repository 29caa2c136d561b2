from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DecisionOut")


@_attrs_define
class DecisionOut:
    """
    Attributes:
        id (str):
        coordinator_id (str):
        decision (str):
        revision_number (int):
        reason (None | str):
        created_at (datetime.datetime):
        coordinator_name (None | str | Unset):
    """

    id: str
    coordinator_id: str
    decision: str
    revision_number: int
    reason: None | str
    created_at: datetime.datetime
    coordinator_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        coordinator_id = self.coordinator_id

        decision = self.decision

        revision_number = self.revision_number

        reason: None | str
        reason = self.reason

        created_at = self.created_at.isoformat()

        coordinator_name: None | str | Unset
        if isinstance(self.coordinator_name, Unset):
            coordinator_name = UNSET
        else:
            coordinator_name = self.coordinator_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "coordinator_id": coordinator_id,
                "decision": decision,
                "revision_number": revision_number,
                "reason": reason,
                "created_at": created_at,
            }
        )
        if coordinator_name is not UNSET:
            field_dict["coordinator_name"] = coordinator_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        coordinator_id = d.pop("coordinator_id")

        decision = d.pop("decision")

        revision_number = d.pop("revision_number")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_coordinator_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        coordinator_name = _parse_coordinator_name(d.pop("coordinator_name", UNSET))

        decision_out = cls(
            id=id,
            coordinator_id=coordinator_id,
            decision=decision,
            revision_number=revision_number,
            reason=reason,
            created_at=created_at,
            coordinator_name=coordinator_name,
        )

        decision_out.additional_properties = d
        return decision_out

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
