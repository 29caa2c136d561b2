from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="EvidenceDecisionIn")


@_attrs_define
class EvidenceDecisionIn:
    """
    Attributes:
        evidence_id (str):
        reason (str): recorded in the manifest, the dossier and the item's custody
    """

    evidence_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        evidence_id = self.evidence_id

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "evidence_id": evidence_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        evidence_id = d.pop("evidence_id")

        reason = d.pop("reason")

        evidence_decision_in = cls(
            evidence_id=evidence_id,
            reason=reason,
        )

        return evidence_decision_in
