from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.package_state import PackageState
from ..models.submission_status import SubmissionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence_choice_out import EvidenceChoiceOut
    from ..models.excluded_out import ExcludedOut


T = TypeVar("T", bound="PackageOut")


@_attrs_define
class PackageOut:
    """
    Attributes:
        id (str):
        case_id (str):
        jurisdiction (str):
        regimes (list[str]):
        revision_number (int):
        revision_hash (str):
        state (PackageState):
        progress (int): percent
        sha256 (None | str):
        size (int | None):
        error (None | str):
        error_evidence_id (None | str):
        created_by (None | str):
        created_at (datetime.datetime):
        built_at (datetime.datetime | None):
        evidence_count (int | Unset):  Default: 0.
        evidence_choices (list[EvidenceChoiceOut] | Unset):
        excluded (list[ExcludedOut] | Unset): items cleared but not enclosed, each with its reason
        heartbeat_at (datetime.datetime | None | Unset): last sign of life of a running build; stale after a few minutes
        submission_id (None | str | Unset):
        submission_status (None | SubmissionStatus | Unset):
        download_url (None | str | Unset):
    """

    id: str
    case_id: str
    jurisdiction: str
    regimes: list[str]
    revision_number: int
    revision_hash: str
    state: PackageState
    progress: int
    sha256: None | str
    size: int | None
    error: None | str
    error_evidence_id: None | str
    created_by: None | str
    created_at: datetime.datetime
    built_at: datetime.datetime | None
    evidence_count: int | Unset = 0
    evidence_choices: list[EvidenceChoiceOut] | Unset = UNSET
    excluded: list[ExcludedOut] | Unset = UNSET
    heartbeat_at: datetime.datetime | None | Unset = UNSET
    submission_id: None | str | Unset = UNSET
    submission_status: None | SubmissionStatus | Unset = UNSET
    download_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        case_id = self.case_id

        jurisdiction = self.jurisdiction

        regimes = self.regimes

        revision_number = self.revision_number

        revision_hash = self.revision_hash

        state = self.state.value

        progress = self.progress

        sha256: None | str
        sha256 = self.sha256

        size: int | None
        size = self.size

        error: None | str
        error = self.error

        error_evidence_id: None | str
        error_evidence_id = self.error_evidence_id

        created_by: None | str
        created_by = self.created_by

        created_at = self.created_at.isoformat()

        built_at: None | str
        if isinstance(self.built_at, datetime.datetime):
            built_at = self.built_at.isoformat()
        else:
            built_at = self.built_at

        evidence_count = self.evidence_count

        evidence_choices: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence_choices, Unset):
            evidence_choices = []
            for evidence_choices_item_data in self.evidence_choices:
                evidence_choices_item = evidence_choices_item_data.to_dict()
                evidence_choices.append(evidence_choices_item)

        excluded: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.excluded, Unset):
            excluded = []
            for excluded_item_data in self.excluded:
                excluded_item = excluded_item_data.to_dict()
                excluded.append(excluded_item)

        heartbeat_at: None | str | Unset
        if isinstance(self.heartbeat_at, Unset):
            heartbeat_at = UNSET
        elif isinstance(self.heartbeat_at, datetime.datetime):
            heartbeat_at = self.heartbeat_at.isoformat()
        else:
            heartbeat_at = self.heartbeat_at

        submission_id: None | str | Unset
        if isinstance(self.submission_id, Unset):
            submission_id = UNSET
        else:
            submission_id = self.submission_id

        submission_status: None | str | Unset
        if isinstance(self.submission_status, Unset):
            submission_status = UNSET
        elif isinstance(self.submission_status, SubmissionStatus):
            submission_status = self.submission_status.value
        else:
            submission_status = self.submission_status

        download_url: None | str | Unset
        if isinstance(self.download_url, Unset):
            download_url = UNSET
        else:
            download_url = self.download_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "case_id": case_id,
                "jurisdiction": jurisdiction,
                "regimes": regimes,
                "revision_number": revision_number,
                "revision_hash": revision_hash,
                "state": state,
                "progress": progress,
                "sha256": sha256,
                "size": size,
                "error": error,
                "error_evidence_id": error_evidence_id,
                "created_by": created_by,
                "created_at": created_at,
                "built_at": built_at,
            }
        )
        if evidence_count is not UNSET:
            field_dict["evidence_count"] = evidence_count
        if evidence_choices is not UNSET:
            field_dict["evidence_choices"] = evidence_choices
        if excluded is not UNSET:
            field_dict["excluded"] = excluded
        if heartbeat_at is not UNSET:
            field_dict["heartbeat_at"] = heartbeat_at
        if submission_id is not UNSET:
            field_dict["submission_id"] = submission_id
        if submission_status is not UNSET:
            field_dict["submission_status"] = submission_status
        if download_url is not UNSET:
            field_dict["download_url"] = download_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence_choice_out import EvidenceChoiceOut
        from ..models.excluded_out import ExcludedOut

        d = dict(src_dict)
        id = d.pop("id")

        case_id = d.pop("case_id")

        jurisdiction = d.pop("jurisdiction")

        regimes = cast(list[str], d.pop("regimes"))

        revision_number = d.pop("revision_number")

        revision_hash = d.pop("revision_hash")

        state = PackageState(d.pop("state"))

        progress = d.pop("progress")

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

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_error_evidence_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_evidence_id = _parse_error_evidence_id(d.pop("error_evidence_id"))

        def _parse_created_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by = _parse_created_by(d.pop("created_by"))

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

        evidence_count = d.pop("evidence_count", UNSET)

        _evidence_choices = d.pop("evidence_choices", UNSET)
        evidence_choices: list[EvidenceChoiceOut] | Unset = UNSET
        if _evidence_choices is not UNSET:
            evidence_choices = []
            for evidence_choices_item_data in _evidence_choices:
                evidence_choices_item = EvidenceChoiceOut.from_dict(
                    evidence_choices_item_data
                )

                evidence_choices.append(evidence_choices_item)

        _excluded = d.pop("excluded", UNSET)
        excluded: list[ExcludedOut] | Unset = UNSET
        if _excluded is not UNSET:
            excluded = []
            for excluded_item_data in _excluded:
                excluded_item = ExcludedOut.from_dict(excluded_item_data)

                excluded.append(excluded_item)

        def _parse_heartbeat_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                heartbeat_at_type_0 = datetime.datetime.fromisoformat(data)

                return heartbeat_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        heartbeat_at = _parse_heartbeat_at(d.pop("heartbeat_at", UNSET))

        def _parse_submission_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        submission_id = _parse_submission_id(d.pop("submission_id", UNSET))

        def _parse_submission_status(data: object) -> None | SubmissionStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                submission_status_type_0 = SubmissionStatus(data)

                return submission_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubmissionStatus | Unset, data)

        submission_status = _parse_submission_status(d.pop("submission_status", UNSET))

        def _parse_download_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        download_url = _parse_download_url(d.pop("download_url", UNSET))

        package_out = cls(
            id=id,
            case_id=case_id,
            jurisdiction=jurisdiction,
            regimes=regimes,
            revision_number=revision_number,
            revision_hash=revision_hash,
            state=state,
            progress=progress,
            sha256=sha256,
            size=size,
            error=error,
            error_evidence_id=error_evidence_id,
            created_by=created_by,
            created_at=created_at,
            built_at=built_at,
            evidence_count=evidence_count,
            evidence_choices=evidence_choices,
            excluded=excluded,
            heartbeat_at=heartbeat_at,
            submission_id=submission_id,
            submission_status=submission_status,
            download_url=download_url,
        )

        package_out.additional_properties = d
        return package_out

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
