from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.upload_evidence_body_sensitivity import UploadEvidenceBodySensitivity
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="UploadEvidenceBody")


@_attrs_define
class UploadEvidenceBody:
    """
    Attributes:
        file (File):
        title (str | Unset):
        description (str | Unset):
        captured_date (str | Unset): YYYY, YYYY-MM or YYYY-MM-DD
        captured_place (str | Unset):
        sensitivity (UploadEvidenceBodySensitivity | Unset):
        share_with (str | Unset): comma-separated: us,uk,ca,eu
        perpetrator_ids (str | Unset): comma-separated
        incident_ids (str | Unset): comma-separated
        sha256 (str | Unset): hex SHA-256 of the file; must match
    """

    file: File
    title: str | Unset = UNSET
    description: str | Unset = UNSET
    captured_date: str | Unset = UNSET
    captured_place: str | Unset = UNSET
    sensitivity: UploadEvidenceBodySensitivity | Unset = UNSET
    share_with: str | Unset = UNSET
    perpetrator_ids: str | Unset = UNSET
    incident_ids: str | Unset = UNSET
    sha256: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        title = self.title

        description = self.description

        captured_date = self.captured_date

        captured_place = self.captured_place

        sensitivity: str | Unset = UNSET
        if not isinstance(self.sensitivity, Unset):
            sensitivity = self.sensitivity.value

        share_with = self.share_with

        perpetrator_ids = self.perpetrator_ids

        incident_ids = self.incident_ids

        sha256 = self.sha256

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if description is not UNSET:
            field_dict["description"] = description
        if captured_date is not UNSET:
            field_dict["captured_date"] = captured_date
        if captured_place is not UNSET:
            field_dict["captured_place"] = captured_place
        if sensitivity is not UNSET:
            field_dict["sensitivity"] = sensitivity
        if share_with is not UNSET:
            field_dict["share_with"] = share_with
        if perpetrator_ids is not UNSET:
            field_dict["perpetrator_ids"] = perpetrator_ids
        if incident_ids is not UNSET:
            field_dict["incident_ids"] = incident_ids
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.title, Unset):
            files.append(("title", (None, str(self.title).encode(), "text/plain")))

        if not isinstance(self.description, Unset):
            files.append(
                ("description", (None, str(self.description).encode(), "text/plain"))
            )

        if not isinstance(self.captured_date, Unset):
            files.append(
                (
                    "captured_date",
                    (None, str(self.captured_date).encode(), "text/plain"),
                )
            )

        if not isinstance(self.captured_place, Unset):
            files.append(
                (
                    "captured_place",
                    (None, str(self.captured_place).encode(), "text/plain"),
                )
            )

        if not isinstance(self.sensitivity, Unset):
            files.append(
                (
                    "sensitivity",
                    (None, str(self.sensitivity.value).encode(), "text/plain"),
                )
            )

        if not isinstance(self.share_with, Unset):
            files.append(
                ("share_with", (None, str(self.share_with).encode(), "text/plain"))
            )

        if not isinstance(self.perpetrator_ids, Unset):
            files.append(
                (
                    "perpetrator_ids",
                    (None, str(self.perpetrator_ids).encode(), "text/plain"),
                )
            )

        if not isinstance(self.incident_ids, Unset):
            files.append(
                ("incident_ids", (None, str(self.incident_ids).encode(), "text/plain"))
            )

        if not isinstance(self.sha256, Unset):
            files.append(("sha256", (None, str(self.sha256).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        title = d.pop("title", UNSET)

        description = d.pop("description", UNSET)

        captured_date = d.pop("captured_date", UNSET)

        captured_place = d.pop("captured_place", UNSET)

        _sensitivity = d.pop("sensitivity", UNSET)
        sensitivity: UploadEvidenceBodySensitivity | Unset
        if isinstance(_sensitivity, Unset):
            sensitivity = UNSET
        else:
            sensitivity = UploadEvidenceBodySensitivity(_sensitivity)

        share_with = d.pop("share_with", UNSET)

        perpetrator_ids = d.pop("perpetrator_ids", UNSET)

        incident_ids = d.pop("incident_ids", UNSET)

        sha256 = d.pop("sha256", UNSET)

        upload_evidence_body = cls(
            file=file,
            title=title,
            description=description,
            captured_date=captured_date,
            captured_place=captured_place,
            sensitivity=sensitivity,
            share_with=share_with,
            perpetrator_ids=perpetrator_ids,
            incident_ids=incident_ids,
            sha256=sha256,
        )

        upload_evidence_body.additional_properties = d
        return upload_evidence_body

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
