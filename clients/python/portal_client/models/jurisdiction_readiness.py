from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.eligible_regime import EligibleRegime
    from ..models.message import Message
    from ..models.readiness_item import ReadinessItem
    from ..models.readiness_warning import ReadinessWarning


T = TypeVar("T", bound="JurisdictionReadiness")


@_attrs_define
class JurisdictionReadiness:
    """
    Attributes:
        jurisdiction (str):
        name (str):
        addressee (str):
        eligible (bool):
        ready (bool):
        eligible_regimes (list[EligibleRegime]):
        missing (list[str]):
        warnings (list[ReadinessWarning]):
        reasons (list[str]):
        reason_details (list[Message] | Unset): `reasons`, in the same order, with codes and params
        missing_items (list[ReadinessItem] | Unset): `missing`, in the same order, with why each is needed
        label (None | str | Unset):
        reason_texts (list[str] | Unset): `reasons` in the caller's language, content named by its labels
    """

    jurisdiction: str
    name: str
    addressee: str
    eligible: bool
    ready: bool
    eligible_regimes: list[EligibleRegime]
    missing: list[str]
    warnings: list[ReadinessWarning]
    reasons: list[str]
    reason_details: list[Message] | Unset = UNSET
    missing_items: list[ReadinessItem] | Unset = UNSET
    label: None | str | Unset = UNSET
    reason_texts: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jurisdiction = self.jurisdiction

        name = self.name

        addressee = self.addressee

        eligible = self.eligible

        ready = self.ready

        eligible_regimes = []
        for eligible_regimes_item_data in self.eligible_regimes:
            eligible_regimes_item = eligible_regimes_item_data.to_dict()
            eligible_regimes.append(eligible_regimes_item)

        missing = self.missing

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        reasons = self.reasons

        reason_details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reason_details, Unset):
            reason_details = []
            for reason_details_item_data in self.reason_details:
                reason_details_item = reason_details_item_data.to_dict()
                reason_details.append(reason_details_item)

        missing_items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.missing_items, Unset):
            missing_items = []
            for missing_items_item_data in self.missing_items:
                missing_items_item = missing_items_item_data.to_dict()
                missing_items.append(missing_items_item)

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        reason_texts: list[str] | Unset = UNSET
        if not isinstance(self.reason_texts, Unset):
            reason_texts = self.reason_texts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "jurisdiction": jurisdiction,
                "name": name,
                "addressee": addressee,
                "eligible": eligible,
                "ready": ready,
                "eligible_regimes": eligible_regimes,
                "missing": missing,
                "warnings": warnings,
                "reasons": reasons,
            }
        )
        if reason_details is not UNSET:
            field_dict["reason_details"] = reason_details
        if missing_items is not UNSET:
            field_dict["missing_items"] = missing_items
        if label is not UNSET:
            field_dict["label"] = label
        if reason_texts is not UNSET:
            field_dict["reason_texts"] = reason_texts

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.eligible_regime import EligibleRegime
        from ..models.message import Message
        from ..models.readiness_item import ReadinessItem
        from ..models.readiness_warning import ReadinessWarning

        d = dict(src_dict)
        jurisdiction = d.pop("jurisdiction")

        name = d.pop("name")

        addressee = d.pop("addressee")

        eligible = d.pop("eligible")

        ready = d.pop("ready")

        eligible_regimes = []
        _eligible_regimes = d.pop("eligible_regimes")
        for eligible_regimes_item_data in _eligible_regimes:
            eligible_regimes_item = EligibleRegime.from_dict(eligible_regimes_item_data)

            eligible_regimes.append(eligible_regimes_item)

        missing = cast(list[str], d.pop("missing"))

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = ReadinessWarning.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        reasons = cast(list[str], d.pop("reasons"))

        _reason_details = d.pop("reason_details", UNSET)
        reason_details: list[Message] | Unset = UNSET
        if _reason_details is not UNSET:
            reason_details = []
            for reason_details_item_data in _reason_details:
                reason_details_item = Message.from_dict(reason_details_item_data)

                reason_details.append(reason_details_item)

        _missing_items = d.pop("missing_items", UNSET)
        missing_items: list[ReadinessItem] | Unset = UNSET
        if _missing_items is not UNSET:
            missing_items = []
            for missing_items_item_data in _missing_items:
                missing_items_item = ReadinessItem.from_dict(missing_items_item_data)

                missing_items.append(missing_items_item)

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        reason_texts = cast(list[str], d.pop("reason_texts", UNSET))

        jurisdiction_readiness = cls(
            jurisdiction=jurisdiction,
            name=name,
            addressee=addressee,
            eligible=eligible,
            ready=ready,
            eligible_regimes=eligible_regimes,
            missing=missing,
            warnings=warnings,
            reasons=reasons,
            reason_details=reason_details,
            missing_items=missing_items,
            label=label,
            reason_texts=reason_texts,
        )

        jurisdiction_readiness.additional_properties = d
        return jurisdiction_readiness

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
