from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FetchStateOut")


@_attrs_define
class FetchStateOut:
    """
    Attributes:
        configured (bool): a URL is set in PORTAL_SANCTIONS_LIST_URLS
        source_url (None | str):
        last_fetch_at (datetime.datetime | None):
        last_fetch_status (None | str): ok | not_modified | unchanged | failed
        last_fetch_error (None | str):
        fetch_failures (int): failures in a row
    """

    configured: bool
    source_url: None | str
    last_fetch_at: datetime.datetime | None
    last_fetch_status: None | str
    last_fetch_error: None | str
    fetch_failures: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        configured = self.configured

        source_url: None | str
        source_url = self.source_url

        last_fetch_at: None | str
        if isinstance(self.last_fetch_at, datetime.datetime):
            last_fetch_at = self.last_fetch_at.isoformat()
        else:
            last_fetch_at = self.last_fetch_at

        last_fetch_status: None | str
        last_fetch_status = self.last_fetch_status

        last_fetch_error: None | str
        last_fetch_error = self.last_fetch_error

        fetch_failures = self.fetch_failures

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "configured": configured,
                "source_url": source_url,
                "last_fetch_at": last_fetch_at,
                "last_fetch_status": last_fetch_status,
                "last_fetch_error": last_fetch_error,
                "fetch_failures": fetch_failures,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        configured = d.pop("configured")

        def _parse_source_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source_url = _parse_source_url(d.pop("source_url"))

        def _parse_last_fetch_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_fetch_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_fetch_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_fetch_at = _parse_last_fetch_at(d.pop("last_fetch_at"))

        def _parse_last_fetch_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_fetch_status = _parse_last_fetch_status(d.pop("last_fetch_status"))

        def _parse_last_fetch_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_fetch_error = _parse_last_fetch_error(d.pop("last_fetch_error"))

        fetch_failures = d.pop("fetch_failures")

        fetch_state_out = cls(
            configured=configured,
            source_url=source_url,
            last_fetch_at=last_fetch_at,
            last_fetch_status=last_fetch_status,
            last_fetch_error=last_fetch_error,
            fetch_failures=fetch_failures,
        )

        fetch_state_out.additional_properties = d
        return fetch_state_out

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
