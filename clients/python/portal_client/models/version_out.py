from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.version_status import VersionStatus

if TYPE_CHECKING:
    from ..models.version_out_counts import VersionOutCounts


T = TypeVar("T", bound="VersionOut")


@_attrs_define
class VersionOut:
    """
    Attributes:
        id (str):
        seq (int):
        status (VersionStatus):
        list_format (None | str):
        source (str): file name(s) or URL
        sha256 (None | str):
        size (int | None):
        published (datetime.date | None): the file's own date, where it has one
        imported_at (datetime.datetime):
        imported_by (None | str):
        previous_version_id (None | str):
        counts (VersionOutCounts): entries per FtM schema, total, magnitsky
        added (int):
        removed (int):
        amended (int):
        warnings (list[str]): values left out of sound entries (an odd date, a country)
        error (None | str): why a failed fetch or import replaced nothing
        matched_at (datetime.datetime | None): when matching against this version finished
    """

    id: str
    seq: int
    status: VersionStatus
    list_format: None | str
    source: str
    sha256: None | str
    size: int | None
    published: datetime.date | None
    imported_at: datetime.datetime
    imported_by: None | str
    previous_version_id: None | str
    counts: VersionOutCounts
    added: int
    removed: int
    amended: int
    warnings: list[str]
    error: None | str
    matched_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        seq = self.seq

        status = self.status.value

        list_format: None | str
        list_format = self.list_format

        source = self.source

        sha256: None | str
        sha256 = self.sha256

        size: int | None
        size = self.size

        published: None | str
        if isinstance(self.published, datetime.date):
            published = self.published.isoformat()
        else:
            published = self.published

        imported_at = self.imported_at.isoformat()

        imported_by: None | str
        imported_by = self.imported_by

        previous_version_id: None | str
        previous_version_id = self.previous_version_id

        counts = self.counts.to_dict()

        added = self.added

        removed = self.removed

        amended = self.amended

        warnings = self.warnings

        error: None | str
        error = self.error

        matched_at: None | str
        if isinstance(self.matched_at, datetime.datetime):
            matched_at = self.matched_at.isoformat()
        else:
            matched_at = self.matched_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "seq": seq,
                "status": status,
                "list_format": list_format,
                "source": source,
                "sha256": sha256,
                "size": size,
                "published": published,
                "imported_at": imported_at,
                "imported_by": imported_by,
                "previous_version_id": previous_version_id,
                "counts": counts,
                "added": added,
                "removed": removed,
                "amended": amended,
                "warnings": warnings,
                "error": error,
                "matched_at": matched_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.version_out_counts import VersionOutCounts

        d = dict(src_dict)
        id = d.pop("id")

        seq = d.pop("seq")

        status = VersionStatus(d.pop("status"))

        def _parse_list_format(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        list_format = _parse_list_format(d.pop("list_format"))

        source = d.pop("source")

        def _parse_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sha256 = _parse_sha256(d.pop("sha256"))

        def _parse_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size = _parse_size(d.pop("size"))

        def _parse_published(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_type_0 = datetime.date.fromisoformat(data)

                return published_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        published = _parse_published(d.pop("published"))

        imported_at = datetime.datetime.fromisoformat(d.pop("imported_at"))

        def _parse_imported_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        imported_by = _parse_imported_by(d.pop("imported_by"))

        def _parse_previous_version_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_version_id = _parse_previous_version_id(d.pop("previous_version_id"))

        counts = VersionOutCounts.from_dict(d.pop("counts"))

        added = d.pop("added")

        removed = d.pop("removed")

        amended = d.pop("amended")

        warnings = cast(list[str], d.pop("warnings"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_matched_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                matched_at_type_0 = datetime.datetime.fromisoformat(data)

                return matched_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        matched_at = _parse_matched_at(d.pop("matched_at"))

        version_out = cls(
            id=id,
            seq=seq,
            status=status,
            list_format=list_format,
            source=source,
            sha256=sha256,
            size=size,
            published=published,
            imported_at=imported_at,
            imported_by=imported_by,
            previous_version_id=previous_version_id,
            counts=counts,
            added=added,
            removed=removed,
            amended=amended,
            warnings=warnings,
            error=error,
            matched_at=matched_at,
        )

        version_out.additional_properties = d
        return version_out

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
