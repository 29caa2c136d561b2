from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.match_status import MatchStatus

if TYPE_CHECKING:
    from ..models.entry_out import EntryOut
    from ..models.match_case_out import MatchCaseOut
    from ..models.match_out_explanations import MatchOutExplanations
    from ..models.match_submission_out import MatchSubmissionOut
    from ..models.perpetrator_side_out import PerpetratorSideOut


T = TypeVar("T", bound="MatchOut")


@_attrs_define
class MatchOut:
    """
    Attributes:
        id (str):
        status (MatchStatus):
        score (float):
        band (str): likely (>= 0.70) | possible (0.50-0.70)
        algorithm (str):
        algorithm_version (str): nomenklatura's version + the portal's matcher profile (e.g. 4.17.4+portal-2)
        explanations (MatchOutExplanations): per feature: score, weight, detail
        jurisdiction (str):
        case (MatchCaseOut):
        perpetrator (None | PerpetratorSideOut): None if the perpetrator left the case
        entry (EntryOut): A list entry as the list gives it: names in every script, dates, nationalities, programmes.
        listing (str): e.g. listed by the United States under GLOMAG since … — entry 23252
        submission (MatchSubmissionOut | None): the case's latest sent submission there
        civil_society_basis (bool | None):
        submission_id (None | str): the submission a confirmation marked designated
        decided_by (None | str):
        decided_at (datetime.datetime | None):
        decision_note (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    status: MatchStatus
    score: float
    band: str
    algorithm: str
    algorithm_version: str
    explanations: MatchOutExplanations
    jurisdiction: str
    case: MatchCaseOut
    perpetrator: None | PerpetratorSideOut
    entry: EntryOut
    listing: str
    submission: MatchSubmissionOut | None
    civil_society_basis: bool | None
    submission_id: None | str
    decided_by: None | str
    decided_at: datetime.datetime | None
    decision_note: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.match_submission_out import MatchSubmissionOut
        from ..models.perpetrator_side_out import PerpetratorSideOut

        id = self.id

        status = self.status.value

        score = self.score

        band = self.band

        algorithm = self.algorithm

        algorithm_version = self.algorithm_version

        explanations = self.explanations.to_dict()

        jurisdiction = self.jurisdiction

        case = self.case.to_dict()

        perpetrator: dict[str, Any] | None
        if isinstance(self.perpetrator, PerpetratorSideOut):
            perpetrator = self.perpetrator.to_dict()
        else:
            perpetrator = self.perpetrator

        entry = self.entry.to_dict()

        listing = self.listing

        submission: dict[str, Any] | None
        if isinstance(self.submission, MatchSubmissionOut):
            submission = self.submission.to_dict()
        else:
            submission = self.submission

        civil_society_basis: bool | None
        civil_society_basis = self.civil_society_basis

        submission_id: None | str
        submission_id = self.submission_id

        decided_by: None | str
        decided_by = self.decided_by

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_note: None | str
        decision_note = self.decision_note

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "score": score,
                "band": band,
                "algorithm": algorithm,
                "algorithm_version": algorithm_version,
                "explanations": explanations,
                "jurisdiction": jurisdiction,
                "case": case,
                "perpetrator": perpetrator,
                "entry": entry,
                "listing": listing,
                "submission": submission,
                "civil_society_basis": civil_society_basis,
                "submission_id": submission_id,
                "decided_by": decided_by,
                "decided_at": decided_at,
                "decision_note": decision_note,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.entry_out import EntryOut
        from ..models.match_case_out import MatchCaseOut
        from ..models.match_out_explanations import MatchOutExplanations
        from ..models.match_submission_out import MatchSubmissionOut
        from ..models.perpetrator_side_out import PerpetratorSideOut

        d = dict(src_dict)
        id = d.pop("id")

        status = MatchStatus(d.pop("status"))

        score = d.pop("score")

        band = d.pop("band")

        algorithm = d.pop("algorithm")

        algorithm_version = d.pop("algorithm_version")

        explanations = MatchOutExplanations.from_dict(d.pop("explanations"))

        jurisdiction = d.pop("jurisdiction")

        case = MatchCaseOut.from_dict(d.pop("case"))

        def _parse_perpetrator(data: object) -> None | PerpetratorSideOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                perpetrator_type_0 = PerpetratorSideOut.from_dict(data)

                return perpetrator_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PerpetratorSideOut, data)

        perpetrator = _parse_perpetrator(d.pop("perpetrator"))

        entry = EntryOut.from_dict(d.pop("entry"))

        listing = d.pop("listing")

        def _parse_submission(data: object) -> MatchSubmissionOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                submission_type_0 = MatchSubmissionOut.from_dict(data)

                return submission_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MatchSubmissionOut | None, data)

        submission = _parse_submission(d.pop("submission"))

        def _parse_civil_society_basis(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        civil_society_basis = _parse_civil_society_basis(d.pop("civil_society_basis"))

        def _parse_submission_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        submission_id = _parse_submission_id(d.pop("submission_id"))

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decision_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_note = _parse_decision_note(d.pop("decision_note"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        match_out = cls(
            id=id,
            status=status,
            score=score,
            band=band,
            algorithm=algorithm,
            algorithm_version=algorithm_version,
            explanations=explanations,
            jurisdiction=jurisdiction,
            case=case,
            perpetrator=perpetrator,
            entry=entry,
            listing=listing,
            submission=submission,
            civil_society_basis=civil_society_basis,
            submission_id=submission_id,
            decided_by=decided_by,
            decided_at=decided_at,
            decision_note=decision_note,
            created_at=created_at,
            updated_at=updated_at,
        )

        match_out.additional_properties = d
        return match_out

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
