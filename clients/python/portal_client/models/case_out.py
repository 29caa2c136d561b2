from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.case_status import CaseStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.case_out_content import CaseOutContent


T = TypeVar("T", bound="CaseOut")


@_attrs_define
class CaseOut:
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
        content (CaseOutContent):
        allowed_transitions (list[str] | Unset):
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
    content: CaseOutContent
    allowed_transitions: list[str] | Unset = UNSET
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

        content = self.content.to_dict()

        allowed_transitions: list[str] | Unset = UNSET
        if not isinstance(self.allowed_transitions, Unset):
            allowed_transitions = self.allowed_transitions

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
                "content": content,
            }
        )
        if allowed_transitions is not UNSET:
            field_dict["allowed_transitions"] = allowed_transitions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_out_content import CaseOutContent

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

        content = CaseOutContent.from_dict(d.pop("content"))

        allowed_transitions = cast(list[str], d.pop("allowed_transitions", UNSET))

        case_out = cls(
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
            content=content,
            allowed_transitions=allowed_transitions,
        )

        case_out.additional_properties = d
        return case_out

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
