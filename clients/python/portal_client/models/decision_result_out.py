from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.decision_out import DecisionOut


T = TypeVar("T", bound="DecisionResultOut")


@_attrs_define
class DecisionResultOut:
    """
    Attributes:
        decision (DecisionOut):
        case_status (str):
        approvals (int):
        approvals_needed (int):
    """

    decision: DecisionOut
    case_status: str
    approvals: int
    approvals_needed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.to_dict()

        case_status = self.case_status

        approvals = self.approvals

        approvals_needed = self.approvals_needed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "case_status": case_status,
                "approvals": approvals,
                "approvals_needed": approvals_needed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.decision_out import DecisionOut

        d = dict(src_dict)
        decision = DecisionOut.from_dict(d.pop("decision"))

        case_status = d.pop("case_status")

        approvals = d.pop("approvals")

        approvals_needed = d.pop("approvals_needed")

        decision_result_out = cls(
            decision=decision,
            case_status=case_status,
            approvals=approvals,
            approvals_needed=approvals_needed,
        )

        decision_result_out.additional_properties = d
        return decision_result_out

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
