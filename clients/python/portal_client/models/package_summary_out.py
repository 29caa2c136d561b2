from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.package_state import PackageState

T = TypeVar("T", bound="PackageSummaryOut")


@_attrs_define
class PackageSummaryOut:
    """
    Attributes:
        id (str):
        state (PackageState):
        progress (int):
        revision_number (int):
        sha256 (None | str):
        created_at (datetime.datetime):
        built_at (datetime.datetime | None):
        error (None | str):
    """

    id: str
    state: PackageState
    progress: int
    revision_number: int
    sha256: None | str
    created_at: datetime.datetime
    built_at: datetime.datetime | None
    error: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        state = self.state.value

        progress = self.progress

        revision_number = self.revision_number

        sha256: None | str
        sha256 = self.sha256

        created_at = self.created_at.isoformat()

        built_at: None | str
        if isinstance(self.built_at, datetime.datetime):
            built_at = self.built_at.isoformat()
        else:
            built_at = self.built_at

        error: None | str
        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "state": state,
                "progress": progress,
                "revision_number": revision_number,
                "sha256": sha256,
                "created_at": created_at,
                "built_at": built_at,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        state = PackageState(d.pop("state"))

        progress = d.pop("progress")

        revision_number = d.pop("revision_number")

        def _parse_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sha256 = _parse_sha256(d.pop("sha256"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_built_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                built_at_type_0 = datetime.datetime.fromisoformat(data)

                return built_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        built_at = _parse_built_at(d.pop("built_at"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        package_summary_out = cls(
            id=id,
            state=state,
            progress=progress,
            revision_number=revision_number,
            sha256=sha256,
            created_at=created_at,
            built_at=built_at,
            error=error,
        )

        package_summary_out.additional_properties = d
        return package_summary_out

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
