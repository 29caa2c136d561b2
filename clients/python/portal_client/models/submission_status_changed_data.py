from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.submission_status import SubmissionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.submission_outcome import SubmissionOutcome


T = TypeVar("T", bound="SubmissionStatusChangedData")


@_attrs_define
class SubmissionStatusChangedData:
    """
    Attributes:
        submission_id (str):
        package_id (None | str):
        jurisdiction (str):
        status (SubmissionStatus):
        outcome (None | SubmissionOutcome | Unset): Present when the new status is an outcome.
    """

    submission_id: str
    package_id: None | str
    jurisdiction: str
    status: SubmissionStatus
    outcome: None | SubmissionOutcome | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.submission_outcome import SubmissionOutcome

        submission_id = self.submission_id

        package_id: None | str
        package_id = self.package_id

        jurisdiction = self.jurisdiction

        status = self.status.value

        outcome: dict[str, Any] | None | Unset
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        elif isinstance(self.outcome, SubmissionOutcome):
            outcome = self.outcome.to_dict()
        else:
            outcome = self.outcome

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "submission_id": submission_id,
                "package_id": package_id,
                "jurisdiction": jurisdiction,
                "status": status,
            }
        )
        if outcome is not UNSET:
            field_dict["outcome"] = outcome

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.submission_outcome import SubmissionOutcome

        d = dict(src_dict)
        submission_id = d.pop("submission_id")

        def _parse_package_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        package_id = _parse_package_id(d.pop("package_id"))

        jurisdiction = d.pop("jurisdiction")

        status = SubmissionStatus(d.pop("status"))

        def _parse_outcome(data: object) -> None | SubmissionOutcome | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                outcome_type_0 = SubmissionOutcome.from_dict(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubmissionOutcome | Unset, data)

        outcome = _parse_outcome(d.pop("outcome", UNSET))

        submission_status_changed_data = cls(
            submission_id=submission_id,
            package_id=package_id,
            jurisdiction=jurisdiction,
            status=status,
            outcome=outcome,
        )

        submission_status_changed_data.additional_properties = d
        return submission_status_changed_data

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
