from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PublicationOut")


@_attrs_define
class PublicationOut:
    """
    Attributes:
        org_id (str):
        named (bool):
        updated_at (datetime.datetime | None):
    """

    org_id: str
    named: bool
    updated_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        org_id = self.org_id

        named = self.named

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "org_id": org_id,
                "named": named,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        org_id = d.pop("org_id")

        named = d.pop("named")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        publication_out = cls(
            org_id=org_id,
            named=named,
            updated_at=updated_at,
        )

        return publication_out
