from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.submission_status import SubmissionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.submission_event_out_detail import SubmissionEventOutDetail


T = TypeVar("T", bound="SubmissionEventOut")


@_attrs_define
class SubmissionEventOut:
    """
    Attributes:
        seq (int):
        status (SubmissionStatus):
        previous_status (None | SubmissionStatus):
        on (datetime.date):
        note (None | str):
        detail (SubmissionEventOutDetail):
        actor_user_id (None | str):
        created_at (datetime.datetime):
        actor_name (None | str | Unset): who recorded the step
    """

    seq: int
    status: SubmissionStatus
    previous_status: None | SubmissionStatus
    on: datetime.date
    note: None | str
    detail: SubmissionEventOutDetail
    actor_user_id: None | str
    created_at: datetime.datetime
    actor_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        status = self.status.value

        previous_status: None | str
        if isinstance(self.previous_status, SubmissionStatus):
            previous_status = self.previous_status.value
        else:
            previous_status = self.previous_status

        on = self.on.isoformat()

        note: None | str
        note = self.note

        detail = self.detail.to_dict()

        actor_user_id: None | str
        actor_user_id = self.actor_user_id

        created_at = self.created_at.isoformat()

        actor_name: None | str | Unset
        if isinstance(self.actor_name, Unset):
            actor_name = UNSET
        else:
            actor_name = self.actor_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "status": status,
                "previous_status": previous_status,
                "on": on,
                "note": note,
                "detail": detail,
                "actor_user_id": actor_user_id,
                "created_at": created_at,
            }
        )
        if actor_name is not UNSET:
            field_dict["actor_name"] = actor_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.submission_event_out_detail import SubmissionEventOutDetail

        d = dict(src_dict)
        seq = d.pop("seq")

        status = SubmissionStatus(d.pop("status"))

        def _parse_previous_status(data: object) -> None | SubmissionStatus:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_status_type_0 = SubmissionStatus(data)

                return previous_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubmissionStatus, data)

        previous_status = _parse_previous_status(d.pop("previous_status"))

        on = datetime.date.fromisoformat(d.pop("on"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        detail = SubmissionEventOutDetail.from_dict(d.pop("detail"))

        def _parse_actor_user_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_user_id = _parse_actor_user_id(d.pop("actor_user_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_actor_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor_name = _parse_actor_name(d.pop("actor_name", UNSET))

        submission_event_out = cls(
            seq=seq,
            status=status,
            previous_status=previous_status,
            on=on,
            note=note,
            detail=detail,
            actor_user_id=actor_user_id,
            created_at=created_at,
            actor_name=actor_name,
        )

        submission_event_out.additional_properties = d
        return submission_event_out

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
