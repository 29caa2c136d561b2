from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.evidence_out_default_variant_type_0 import EvidenceOutDefaultVariantType0
from ..models.evidence_out_downloadable_item import EvidenceOutDownloadableItem
from ..models.sanitise_status import SanitiseStatus
from ..models.scan_status import ScanStatus
from ..models.sensitivity import Sensitivity

if TYPE_CHECKING:
    from ..models.sending_out import SendingOut
    from ..models.timestamp_state_out import TimestampStateOut


T = TypeVar("T", bound="EvidenceOut")


@_attrs_define
class EvidenceOut:
    """
    Attributes:
        id (str):
        case_id (str):
        number (int):
        label (str):
        title (str):
        description (None | str):
        original_filename (None | str): null for coordinators when the item is source-identifying
        media_type (str):
        size (int):
        sha256 (str):
        sensitivity (Sensitivity):
        share_with (list[str]):
        captured_date (None | str):
        captured_place (None | str):
        perpetrator_ids (list[str]):
        incident_ids (list[str]):
        scan_status (ScanStatus):
        scan_signature (None | str):
        scan_engine (None | str): the scanner and signature version of the last scan
        scanned_at (datetime.datetime | None):
        scan_note (str): the scan in words; says so plainly when the portal has no scanner
        quarantined (bool):
        sanitise_status (SanitiseStatus):
        sanitise_note (str): how the shared copy was made (tool, or 'the original bytes' for plain text), or why there
            is none
        derivative_sha256 (None | str):
        derivative_size (int | None):
        uploaded_by (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        deleted_at (datetime.datetime | None):
        deleted_reason (None | str):
        timestamp (TimestampStateOut):
        downloadable (list[EvidenceOutDownloadableItem]): variants the caller may download now
        default_variant (EvidenceOutDefaultVariantType0 | None): what GET .../content serves the caller by default
        sending (list[SendingOut]): per jurisdiction: would a package built now carry it, and if not, why
    """

    id: str
    case_id: str
    number: int
    label: str
    title: str
    description: None | str
    original_filename: None | str
    media_type: str
    size: int
    sha256: str
    sensitivity: Sensitivity
    share_with: list[str]
    captured_date: None | str
    captured_place: None | str
    perpetrator_ids: list[str]
    incident_ids: list[str]
    scan_status: ScanStatus
    scan_signature: None | str
    scan_engine: None | str
    scanned_at: datetime.datetime | None
    scan_note: str
    quarantined: bool
    sanitise_status: SanitiseStatus
    sanitise_note: str
    derivative_sha256: None | str
    derivative_size: int | None
    uploaded_by: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    deleted_at: datetime.datetime | None
    deleted_reason: None | str
    timestamp: TimestampStateOut
    downloadable: list[EvidenceOutDownloadableItem]
    default_variant: EvidenceOutDefaultVariantType0 | None
    sending: list[SendingOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        case_id = self.case_id

        number = self.number

        label = self.label

        title = self.title

        description: None | str
        description = self.description

        original_filename: None | str
        original_filename = self.original_filename

        media_type = self.media_type

        size = self.size

        sha256 = self.sha256

        sensitivity = self.sensitivity.value

        share_with = self.share_with

        captured_date: None | str
        captured_date = self.captured_date

        captured_place: None | str
        captured_place = self.captured_place

        perpetrator_ids = self.perpetrator_ids

        incident_ids = self.incident_ids

        scan_status = self.scan_status.value

        scan_signature: None | str
        scan_signature = self.scan_signature

        scan_engine: None | str
        scan_engine = self.scan_engine

        scanned_at: None | str
        if isinstance(self.scanned_at, datetime.datetime):
            scanned_at = self.scanned_at.isoformat()
        else:
            scanned_at = self.scanned_at

        scan_note = self.scan_note

        quarantined = self.quarantined

        sanitise_status = self.sanitise_status.value

        sanitise_note = self.sanitise_note

        derivative_sha256: None | str
        derivative_sha256 = self.derivative_sha256

        derivative_size: int | None
        derivative_size = self.derivative_size

        uploaded_by: None | str
        uploaded_by = self.uploaded_by

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        deleted_at: None | str
        if isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        deleted_reason: None | str
        deleted_reason = self.deleted_reason

        timestamp = self.timestamp.to_dict()

        downloadable = []
        for downloadable_item_data in self.downloadable:
            downloadable_item = downloadable_item_data.value
            downloadable.append(downloadable_item)

        default_variant: None | str
        if isinstance(self.default_variant, EvidenceOutDefaultVariantType0):
            default_variant = self.default_variant.value
        else:
            default_variant = self.default_variant

        sending = []
        for sending_item_data in self.sending:
            sending_item = sending_item_data.to_dict()
            sending.append(sending_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "case_id": case_id,
                "number": number,
                "label": label,
                "title": title,
                "description": description,
                "original_filename": original_filename,
                "media_type": media_type,
                "size": size,
                "sha256": sha256,
                "sensitivity": sensitivity,
                "share_with": share_with,
                "captured_date": captured_date,
                "captured_place": captured_place,
                "perpetrator_ids": perpetrator_ids,
                "incident_ids": incident_ids,
                "scan_status": scan_status,
                "scan_signature": scan_signature,
                "scan_engine": scan_engine,
                "scanned_at": scanned_at,
                "scan_note": scan_note,
                "quarantined": quarantined,
                "sanitise_status": sanitise_status,
                "sanitise_note": sanitise_note,
                "derivative_sha256": derivative_sha256,
                "derivative_size": derivative_size,
                "uploaded_by": uploaded_by,
                "created_at": created_at,
                "updated_at": updated_at,
                "deleted_at": deleted_at,
                "deleted_reason": deleted_reason,
                "timestamp": timestamp,
                "downloadable": downloadable,
                "default_variant": default_variant,
                "sending": sending,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.sending_out import SendingOut
        from ..models.timestamp_state_out import TimestampStateOut

        d = dict(src_dict)
        id = d.pop("id")

        case_id = d.pop("case_id")

        number = d.pop("number")

        label = d.pop("label")

        title = d.pop("title")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_original_filename(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        original_filename = _parse_original_filename(d.pop("original_filename"))

        media_type = d.pop("media_type")

        size = d.pop("size")

        sha256 = d.pop("sha256")

        sensitivity = Sensitivity(d.pop("sensitivity"))

        share_with = cast(list[str], d.pop("share_with"))

        def _parse_captured_date(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        captured_date = _parse_captured_date(d.pop("captured_date"))

        def _parse_captured_place(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        captured_place = _parse_captured_place(d.pop("captured_place"))

        perpetrator_ids = cast(list[str], d.pop("perpetrator_ids"))

        incident_ids = cast(list[str], d.pop("incident_ids"))

        scan_status = ScanStatus(d.pop("scan_status"))

        def _parse_scan_signature(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scan_signature = _parse_scan_signature(d.pop("scan_signature"))

        def _parse_scan_engine(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scan_engine = _parse_scan_engine(d.pop("scan_engine"))

        def _parse_scanned_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scanned_at_type_0 = datetime.datetime.fromisoformat(data)

                return scanned_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        scanned_at = _parse_scanned_at(d.pop("scanned_at"))

        scan_note = d.pop("scan_note")

        quarantined = d.pop("quarantined")

        sanitise_status = SanitiseStatus(d.pop("sanitise_status"))

        sanitise_note = d.pop("sanitise_note")

        def _parse_derivative_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        derivative_sha256 = _parse_derivative_sha256(d.pop("derivative_sha256"))

        def _parse_derivative_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        derivative_size = _parse_derivative_size(d.pop("derivative_size"))

        def _parse_uploaded_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        uploaded_by = _parse_uploaded_by(d.pop("uploaded_by"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_deleted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at"))

        def _parse_deleted_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        deleted_reason = _parse_deleted_reason(d.pop("deleted_reason"))

        timestamp = TimestampStateOut.from_dict(d.pop("timestamp"))

        downloadable = []
        _downloadable = d.pop("downloadable")
        for downloadable_item_data in _downloadable:
            downloadable_item = EvidenceOutDownloadableItem(downloadable_item_data)

            downloadable.append(downloadable_item)

        def _parse_default_variant(
            data: object,
        ) -> EvidenceOutDefaultVariantType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                default_variant_type_0 = EvidenceOutDefaultVariantType0(data)

                return default_variant_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EvidenceOutDefaultVariantType0 | None, data)

        default_variant = _parse_default_variant(d.pop("default_variant"))

        sending = []
        _sending = d.pop("sending")
        for sending_item_data in _sending:
            sending_item = SendingOut.from_dict(sending_item_data)

            sending.append(sending_item)

        evidence_out = cls(
            id=id,
            case_id=case_id,
            number=number,
            label=label,
            title=title,
            description=description,
            original_filename=original_filename,
            media_type=media_type,
            size=size,
            sha256=sha256,
            sensitivity=sensitivity,
            share_with=share_with,
            captured_date=captured_date,
            captured_place=captured_place,
            perpetrator_ids=perpetrator_ids,
            incident_ids=incident_ids,
            scan_status=scan_status,
            scan_signature=scan_signature,
            scan_engine=scan_engine,
            scanned_at=scanned_at,
            scan_note=scan_note,
            quarantined=quarantined,
            sanitise_status=sanitise_status,
            sanitise_note=sanitise_note,
            derivative_sha256=derivative_sha256,
            derivative_size=derivative_size,
            uploaded_by=uploaded_by,
            created_at=created_at,
            updated_at=updated_at,
            deleted_at=deleted_at,
            deleted_reason=deleted_reason,
            timestamp=timestamp,
            downloadable=downloadable,
            default_variant=default_variant,
            sending=sending,
        )

        evidence_out.additional_properties = d
        return evidence_out

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
