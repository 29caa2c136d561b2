from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.access_kind import AccessKind

if TYPE_CHECKING:
    from ..models.access_event_out_detail import AccessEventOutDetail


T = TypeVar("T", bound="AccessEventOut")


@_attrs_define
class AccessEventOut:
    """
    Attributes:
        id (str):
        share_id (str):
        submission_id (None | str):
        kind (AccessKind):
        at (datetime.datetime):
        ip (None | str):
        user_agent (None | str):
        bytes_ (int | None):
        detail (AccessEventOutDetail):
        actor_user_id (None | str):
    """

    id: str
    share_id: str
    submission_id: None | str
    kind: AccessKind
    at: datetime.datetime
    ip: None | str
    user_agent: None | str
    bytes_: int | None
    detail: AccessEventOutDetail
    actor_user_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        share_id = self.share_id

        submission_id: None | str
        submission_id = self.submission_id

        kind = self.kind.value

        at = self.at.isoformat()

        ip: None | str
        ip = self.ip

        user_agent: None | str
        user_agent = self.user_agent

        bytes_: int | None
        bytes_ = self.bytes_

        detail = self.detail.to_dict()

        actor_user_id: None | str
        actor_user_id = self.actor_user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "share_id": share_id,
                "submission_id": submission_id,
                "kind": kind,
                "at": at,
                "ip": ip,
                "user_agent": user_agent,
                "bytes": bytes_,
                "detail": detail,
                "actor_user_id": actor_user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.access_event_out_detail import AccessEventOutDetail

        d = dict(src_dict)
        id = d.pop("id")

        share_id = d.pop("share_id")

        def _parse_submission_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        submission_id = _parse_submission_id(d.pop("submission_id"))

        kind = AccessKind(d.pop("kind"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))

        def _parse_user_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_agent = _parse_user_agent(d.pop("user_agent"))

        def _parse_bytes_(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        bytes_ = _parse_bytes_(d.pop("bytes"))

        detail = AccessEventOutDetail.from_dict(d.pop("detail"))

        def _parse_actor_user_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_user_id = _parse_actor_user_id(d.pop("actor_user_id"))

        access_event_out = cls(
            id=id,
            share_id=share_id,
            submission_id=submission_id,
            kind=kind,
            at=at,
            ip=ip,
            user_agent=user_agent,
            bytes_=bytes_,
            detail=detail,
            actor_user_id=actor_user_id,
        )

        access_event_out.additional_properties = d
        return access_event_out

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
