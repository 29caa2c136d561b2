from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.notification_out_detail_type_0 import NotificationOutDetailType0


T = TypeVar("T", bound="NotificationOut")


@_attrs_define
class NotificationOut:
    """
    Attributes:
        id (str):
        kind (str):
        case_id (None | str):
        title (str): In English; `detail` holds its values for wording in another language
        body (str):
        created_at (datetime.datetime):
        read_at (datetime.datetime | None):
        detail (None | NotificationOutDetailType0 | Unset): The values title and body are made of: `case_title`, and
            where the kind has them `status` and `jurisdiction` (codes), `reason` or `notice` (free text), `path` (a
            commented section). Absent on notifications made before it existed.
    """

    id: str
    kind: str
    case_id: None | str
    title: str
    body: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    detail: None | NotificationOutDetailType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.notification_out_detail_type_0 import NotificationOutDetailType0

        id = self.id

        kind = self.kind

        case_id: None | str
        case_id = self.case_id

        title = self.title

        body = self.body

        created_at = self.created_at.isoformat()

        read_at: None | str
        if isinstance(self.read_at, datetime.datetime):
            read_at = self.read_at.isoformat()
        else:
            read_at = self.read_at

        detail: dict[str, Any] | None | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        elif isinstance(self.detail, NotificationOutDetailType0):
            detail = self.detail.to_dict()
        else:
            detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "case_id": case_id,
                "title": title,
                "body": body,
                "created_at": created_at,
                "read_at": read_at,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.notification_out_detail_type_0 import NotificationOutDetailType0

        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        def _parse_case_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        case_id = _parse_case_id(d.pop("case_id"))

        title = d.pop("title")

        body = d.pop("body")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_read_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                read_at_type_0 = datetime.datetime.fromisoformat(data)

                return read_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        read_at = _parse_read_at(d.pop("read_at"))

        def _parse_detail(data: object) -> None | NotificationOutDetailType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                detail_type_0 = NotificationOutDetailType0.from_dict(data)

                return detail_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NotificationOutDetailType0 | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        notification_out = cls(
            id=id,
            kind=kind,
            case_id=case_id,
            title=title,
            body=body,
            created_at=created_at,
            read_at=read_at,
            detail=detail,
        )

        notification_out.additional_properties = d
        return notification_out

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
