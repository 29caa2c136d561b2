from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.decision_out import DecisionOut


T = TypeVar("T", bound="ReviewStateOut")


@_attrs_define
class ReviewStateOut:
    """
    Attributes:
        assignee_id (None | str):
        approvals (int):
        approvals_needed (int):
        open_comments (int):
        decisions (list[DecisionOut]):
        org_name (None | str | Unset): the organisation (NGO) the case is from
        assignee_name (None | str | Unset):
    """

    assignee_id: None | str
    approvals: int
    approvals_needed: int
    open_comments: int
    decisions: list[DecisionOut]
    org_name: None | str | Unset = UNSET
    assignee_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        assignee_id: None | str
        assignee_id = self.assignee_id

        approvals = self.approvals

        approvals_needed = self.approvals_needed

        open_comments = self.open_comments

        decisions = []
        for decisions_item_data in self.decisions:
            decisions_item = decisions_item_data.to_dict()
            decisions.append(decisions_item)

        org_name: None | str | Unset
        if isinstance(self.org_name, Unset):
            org_name = UNSET
        else:
            org_name = self.org_name

        assignee_name: None | str | Unset
        if isinstance(self.assignee_name, Unset):
            assignee_name = UNSET
        else:
            assignee_name = self.assignee_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "assignee_id": assignee_id,
                "approvals": approvals,
                "approvals_needed": approvals_needed,
                "open_comments": open_comments,
                "decisions": decisions,
            }
        )
        if org_name is not UNSET:
            field_dict["org_name"] = org_name
        if assignee_name is not UNSET:
            field_dict["assignee_name"] = assignee_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.decision_out import DecisionOut

        d = dict(src_dict)

        def _parse_assignee_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        assignee_id = _parse_assignee_id(d.pop("assignee_id"))

        approvals = d.pop("approvals")

        approvals_needed = d.pop("approvals_needed")

        open_comments = d.pop("open_comments")

        decisions = []
        _decisions = d.pop("decisions")
        for decisions_item_data in _decisions:
            decisions_item = DecisionOut.from_dict(decisions_item_data)

            decisions.append(decisions_item)

        def _parse_org_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        org_name = _parse_org_name(d.pop("org_name", UNSET))

        def _parse_assignee_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        assignee_name = _parse_assignee_name(d.pop("assignee_name", UNSET))

        review_state_out = cls(
            assignee_id=assignee_id,
            approvals=approvals,
            approvals_needed=approvals_needed,
            open_comments=open_comments,
            decisions=decisions,
            org_name=org_name,
            assignee_name=assignee_name,
        )

        review_state_out.additional_properties = d
        return review_state_out

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
