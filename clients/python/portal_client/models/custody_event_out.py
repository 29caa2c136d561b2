from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.custody_event_out_detail import CustodyEventOutDetail


T = TypeVar("T", bound="CustodyEventOut")


@_attrs_define
class CustodyEventOut:
    """
    Attributes:
        id (str):
        evidence_id (str):
        action (str):
        at (datetime.datetime):
        actor_user_id (None | str):
        actor_token_id (None | str):
        sha256 (None | str):
        detail (CustodyEventOutDetail):
        audit_seq (int | None):
    """

    id: str
    evidence_id: str
    action: str
    at: datetime.datetime
    actor_user_id: None | str
    actor_token_id: None | str
    sha256: None | str
    detail: CustodyEventOutDetail
    audit_seq: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        evidence_id = self.evidence_id

        action = self.action

        at = self.at.isoformat()

        actor_user_id: None | str
        actor_user_id = self.actor_user_id

        actor_token_id: None | str
        actor_token_id = self.actor_token_id

        sha256: None | str
        sha256 = self.sha256

        detail = self.detail.to_dict()

        audit_seq: int | None
        audit_seq = self.audit_seq

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "evidence_id": evidence_id,
                "action": action,
                "at": at,
                "actor_user_id": actor_user_id,
                "actor_token_id": actor_token_id,
                "sha256": sha256,
                "detail": detail,
                "audit_seq": audit_seq,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.custody_event_out_detail import CustodyEventOutDetail

        d = dict(src_dict)
        id = d.pop("id")

        evidence_id = d.pop("evidence_id")

        action = d.pop("action")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_actor_user_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_user_id = _parse_actor_user_id(d.pop("actor_user_id"))

        def _parse_actor_token_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_token_id = _parse_actor_token_id(d.pop("actor_token_id"))

        def _parse_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sha256 = _parse_sha256(d.pop("sha256"))

        detail = CustodyEventOutDetail.from_dict(d.pop("detail"))

        def _parse_audit_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        audit_seq = _parse_audit_seq(d.pop("audit_seq"))

        custody_event_out = cls(
            id=id,
            evidence_id=evidence_id,
            action=action,
            at=at,
            actor_user_id=actor_user_id,
            actor_token_id=actor_token_id,
            sha256=sha256,
            detail=detail,
            audit_seq=audit_seq,
        )

        custody_event_out.additional_properties = d
        return custody_event_out

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
