from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.case_status import CaseStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="QueueItemOut")


@_attrs_define
class QueueItemOut:
    """
    Attributes:
        id (str):
        org_id (str):
        title (str):
        status (CaseStatus):
        target_jurisdictions (list[str]):
        version (int):
        revision_number (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        status_changed_at (datetime.datetime):
        first_submitted_at (datetime.datetime | None):
        assignee_id (None | str):
        approvals (int):
        waiting_days (float):
        org_name (None | str | Unset): the NGO that wrote the case file
    """

    id: str
    org_id: str
    title: str
    status: CaseStatus
    target_jurisdictions: list[str]
    version: int
    revision_number: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    status_changed_at: datetime.datetime
    first_submitted_at: datetime.datetime | None
    assignee_id: None | str
    approvals: int
    waiting_days: float
    org_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        org_id = self.org_id

        title = self.title

        status = self.status.value

        target_jurisdictions = self.target_jurisdictions

        version = self.version

        revision_number = self.revision_number

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        status_changed_at = self.status_changed_at.isoformat()

        first_submitted_at: None | str
        if isinstance(self.first_submitted_at, datetime.datetime):
            first_submitted_at = self.first_submitted_at.isoformat()
        else:
            first_submitted_at = self.first_submitted_at

        assignee_id: None | str
        assignee_id = self.assignee_id

        approvals = self.approvals

        waiting_days = self.waiting_days

        org_name: None | str | Unset
        if isinstance(self.org_name, Unset):
            org_name = UNSET
        else:
            org_name = self.org_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "org_id": org_id,
                "title": title,
                "status": status,
                "target_jurisdictions": target_jurisdictions,
                "version": version,
                "revision_number": revision_number,
                "created_at": created_at,
                "updated_at": updated_at,
                "status_changed_at": status_changed_at,
                "first_submitted_at": first_submitted_at,
                "assignee_id": assignee_id,
                "approvals": approvals,
                "waiting_days": waiting_days,
            }
        )
        if org_name is not UNSET:
            field_dict["org_name"] = org_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        org_id = d.pop("org_id")

        title = d.pop("title")

        status = CaseStatus(d.pop("status"))

        target_jurisdictions = cast(list[str], d.pop("target_jurisdictions"))

        version = d.pop("version")

        revision_number = d.pop("revision_number")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        status_changed_at = datetime.datetime.fromisoformat(d.pop("status_changed_at"))

        def _parse_first_submitted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_submitted_at_type_0 = datetime.datetime.fromisoformat(data)

                return first_submitted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        first_submitted_at = _parse_first_submitted_at(d.pop("first_submitted_at"))

        def _parse_assignee_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        assignee_id = _parse_assignee_id(d.pop("assignee_id"))

        approvals = d.pop("approvals")

        waiting_days = d.pop("waiting_days")

        def _parse_org_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        org_name = _parse_org_name(d.pop("org_name", UNSET))

        queue_item_out = cls(
            id=id,
            org_id=org_id,
            title=title,
            status=status,
            target_jurisdictions=target_jurisdictions,
            version=version,
            revision_number=revision_number,
            created_at=created_at,
            updated_at=updated_at,
            status_changed_at=status_changed_at,
            first_submitted_at=first_submitted_at,
            assignee_id=assignee_id,
            approvals=approvals,
            waiting_days=waiting_days,
            org_name=org_name,
        )

        queue_item_out.additional_properties = d
        return queue_item_out

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
