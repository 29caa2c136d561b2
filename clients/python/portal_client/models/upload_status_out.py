from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UploadStatusOut")


@_attrs_define
class UploadStatusOut:
    """
    Attributes:
        id (str):
        case_id (str):
        length (int):
        offset (int):
        expires_at (datetime.datetime):
        completed_at (datetime.datetime | None):
        evidence_id (None | str):
    """

    id: str
    case_id: str
    length: int
    offset: int
    expires_at: datetime.datetime
    completed_at: datetime.datetime | None
    evidence_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        case_id = self.case_id

        length = self.length

        offset = self.offset

        expires_at = self.expires_at.isoformat()

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        evidence_id: None | str
        evidence_id = self.evidence_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "case_id": case_id,
                "length": length,
                "offset": offset,
                "expires_at": expires_at,
                "completed_at": completed_at,
                "evidence_id": evidence_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        case_id = d.pop("case_id")

        length = d.pop("length")

        offset = d.pop("offset")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        def _parse_evidence_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        evidence_id = _parse_evidence_id(d.pop("evidence_id"))

        upload_status_out = cls(
            id=id,
            case_id=case_id,
            length=length,
            offset=offset,
            expires_at=expires_at,
            completed_at=completed_at,
            evidence_id=evidence_id,
        )

        upload_status_out.additional_properties = d
        return upload_status_out

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
