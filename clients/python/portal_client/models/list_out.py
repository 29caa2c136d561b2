from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.fetch_state_out import FetchStateOut
    from ..models.version_out import VersionOut


T = TypeVar("T", bound="ListOut")


@_attrs_define
class ListOut:
    """
    Attributes:
        name (str):
        title (str):
        jurisdiction (str):
        formats (list[str]):
        current_version (None | VersionOut):
        fetch (FetchStateOut):
    """

    name: str
    title: str
    jurisdiction: str
    formats: list[str]
    current_version: None | VersionOut
    fetch: FetchStateOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.version_out import VersionOut

        name = self.name

        title = self.title

        jurisdiction = self.jurisdiction

        formats = self.formats

        current_version: dict[str, Any] | None
        if isinstance(self.current_version, VersionOut):
            current_version = self.current_version.to_dict()
        else:
            current_version = self.current_version

        fetch = self.fetch.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "title": title,
                "jurisdiction": jurisdiction,
                "formats": formats,
                "current_version": current_version,
                "fetch": fetch,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fetch_state_out import FetchStateOut
        from ..models.version_out import VersionOut

        d = dict(src_dict)
        name = d.pop("name")

        title = d.pop("title")

        jurisdiction = d.pop("jurisdiction")

        formats = cast(list[str], d.pop("formats"))

        def _parse_current_version(data: object) -> None | VersionOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                current_version_type_0 = VersionOut.from_dict(data)

                return current_version_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | VersionOut, data)

        current_version = _parse_current_version(d.pop("current_version"))

        fetch = FetchStateOut.from_dict(d.pop("fetch"))

        list_out = cls(
            name=name,
            title=title,
            jurisdiction=jurisdiction,
            formats=formats,
            current_version=current_version,
            fetch=fetch,
        )

        list_out.additional_properties = d
        return list_out

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
