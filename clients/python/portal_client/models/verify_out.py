from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.hash_check_out import HashCheckOut
    from ..models.timestamp_check_out import TimestampCheckOut


T = TypeVar("T", bound="VerifyOut")


@_attrs_define
class VerifyOut:
    """
    Attributes:
        evidence_id (str):
        match (bool): every stored copy matches its record, and the timestamp (if any) holds
        checks (list[HashCheckOut]):
        timestamp (None | TimestampCheckOut): null when the item has no timestamp token
        checked_at (datetime.datetime):
    """

    evidence_id: str
    match: bool
    checks: list[HashCheckOut]
    timestamp: None | TimestampCheckOut
    checked_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.timestamp_check_out import TimestampCheckOut

        evidence_id = self.evidence_id

        match = self.match

        checks = []
        for checks_item_data in self.checks:
            checks_item = checks_item_data.to_dict()
            checks.append(checks_item)

        timestamp: dict[str, Any] | None
        if isinstance(self.timestamp, TimestampCheckOut):
            timestamp = self.timestamp.to_dict()
        else:
            timestamp = self.timestamp

        checked_at = self.checked_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "evidence_id": evidence_id,
                "match": match,
                "checks": checks,
                "timestamp": timestamp,
                "checked_at": checked_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hash_check_out import HashCheckOut
        from ..models.timestamp_check_out import TimestampCheckOut

        d = dict(src_dict)
        evidence_id = d.pop("evidence_id")

        match = d.pop("match")

        checks = []
        _checks = d.pop("checks")
        for checks_item_data in _checks:
            checks_item = HashCheckOut.from_dict(checks_item_data)

            checks.append(checks_item)

        def _parse_timestamp(data: object) -> None | TimestampCheckOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                timestamp_type_0 = TimestampCheckOut.from_dict(data)

                return timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimestampCheckOut, data)

        timestamp = _parse_timestamp(d.pop("timestamp"))

        checked_at = datetime.datetime.fromisoformat(d.pop("checked_at"))

        verify_out = cls(
            evidence_id=evidence_id,
            match=match,
            checks=checks,
            timestamp=timestamp,
            checked_at=checked_at,
        )

        verify_out.additional_properties = d
        return verify_out

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
