from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence_decision_in import EvidenceDecisionIn


T = TypeVar("T", bound="PackageRequestIn")


@_attrs_define
class PackageRequestIn:
    """
    Attributes:
        jurisdictions (list[str]): us, uk, ca, eu
        exclude (list[EvidenceDecisionIn] | Unset): items cleared for the jurisdictions to leave out; each is listed
            with its reason
        share_original (list[EvidenceDecisionIn] | Unset): items of a type that cannot be sanitised to share as their
            original, with a reason
    """

    jurisdictions: list[str]
    exclude: list[EvidenceDecisionIn] | Unset = UNSET
    share_original: list[EvidenceDecisionIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        jurisdictions = self.jurisdictions

        exclude: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.exclude, Unset):
            exclude = []
            for exclude_item_data in self.exclude:
                exclude_item = exclude_item_data.to_dict()
                exclude.append(exclude_item)

        share_original: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.share_original, Unset):
            share_original = []
            for share_original_item_data in self.share_original:
                share_original_item = share_original_item_data.to_dict()
                share_original.append(share_original_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "jurisdictions": jurisdictions,
            }
        )
        if exclude is not UNSET:
            field_dict["exclude"] = exclude
        if share_original is not UNSET:
            field_dict["share_original"] = share_original

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence_decision_in import EvidenceDecisionIn

        d = dict(src_dict)
        jurisdictions = cast(list[str], d.pop("jurisdictions"))

        _exclude = d.pop("exclude", UNSET)
        exclude: list[EvidenceDecisionIn] | Unset = UNSET
        if _exclude is not UNSET:
            exclude = []
            for exclude_item_data in _exclude:
                exclude_item = EvidenceDecisionIn.from_dict(exclude_item_data)

                exclude.append(exclude_item)

        _share_original = d.pop("share_original", UNSET)
        share_original: list[EvidenceDecisionIn] | Unset = UNSET
        if _share_original is not UNSET:
            share_original = []
            for share_original_item_data in _share_original:
                share_original_item = EvidenceDecisionIn.from_dict(
                    share_original_item_data
                )

                share_original.append(share_original_item)

        package_request_in = cls(
            jurisdictions=jurisdictions,
            exclude=exclude,
            share_original=share_original,
        )

        return package_request_in
