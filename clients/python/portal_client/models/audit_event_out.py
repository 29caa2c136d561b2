from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_event_out_data import AuditEventOutData


T = TypeVar("T", bound="AuditEventOut")


@_attrs_define
class AuditEventOut:
    """
    Attributes:
        seq (int):
        at (datetime.datetime):
        actor_user_id (None | str):
        actor_token_id (None | str):
        org_id (None | str):
        action (str):
        target_type (None | str):
        target_id (None | str):
        data (AuditEventOutData):
        hash_ (str):
        actor_name (None | str | Unset):
        token_name (None | str | Unset):
        org_name (None | str | Unset):
    """

    seq: int
    at: datetime.datetime
    actor_user_id: None | str
    actor_token_id: None | str
    org_id: None | str
    action: str
    target_type: None | str
    target_id: None | str
    data: AuditEventOutData
    hash_: str
    actor_name: None | str | Unset = UNSET
    token_name: None | str | Unset = UNSET
    org_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        at = self.at.isoformat()

        actor_user_id: None | str
        actor_user_id = self.actor_user_id

        actor_token_id: None | str
        actor_token_id = self.actor_token_id

        org_id: None | str
        org_id = self.org_id

        action = self.action

        target_type: None | str
        target_type = self.target_type

        target_id: None | str
        target_id = self.target_id

        data = self.data.to_dict()

        hash_ = self.hash_

        actor_name: None | str | Unset
        if isinstance(self.actor_name, Unset):
            actor_name = UNSET
        else:
            actor_name = self.actor_name

        token_name: None | str | Unset
        if isinstance(self.token_name, Unset):
            token_name = UNSET
        else:
            token_name = self.token_name

        org_name: None | str | Unset
        if isinstance(self.org_name, Unset):
            org_name = UNSET
        else:
            org_name = self.org_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "at": at,
                "actor_user_id": actor_user_id,
                "actor_token_id": actor_token_id,
                "org_id": org_id,
                "action": action,
                "target_type": target_type,
                "target_id": target_id,
                "data": data,
                "hash": hash_,
            }
        )
        if actor_name is not UNSET:
            field_dict["actor_name"] = actor_name
        if token_name is not UNSET:
            field_dict["token_name"] = token_name
        if org_name is not UNSET:
            field_dict["org_name"] = org_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.audit_event_out_data import AuditEventOutData

        d = dict(src_dict)
        seq = d.pop("seq")

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

        def _parse_org_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        org_id = _parse_org_id(d.pop("org_id"))

        action = d.pop("action")

        def _parse_target_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target_type = _parse_target_type(d.pop("target_type"))

        def _parse_target_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target_id = _parse_target_id(d.pop("target_id"))

        data = AuditEventOutData.from_dict(d.pop("data"))

        hash_ = d.pop("hash")

        def _parse_actor_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor_name = _parse_actor_name(d.pop("actor_name", UNSET))

        def _parse_token_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        token_name = _parse_token_name(d.pop("token_name", UNSET))

        def _parse_org_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        org_name = _parse_org_name(d.pop("org_name", UNSET))

        audit_event_out = cls(
            seq=seq,
            at=at,
            actor_user_id=actor_user_id,
            actor_token_id=actor_token_id,
            org_id=org_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            data=data,
            hash_=hash_,
            actor_name=actor_name,
            token_name=token_name,
            org_name=org_name,
        )

        audit_event_out.additional_properties = d
        return audit_event_out

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
