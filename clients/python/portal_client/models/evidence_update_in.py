from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.evidence_update_in_share_with_type_0_item import (
    EvidenceUpdateInShareWithType0Item,
)
from ..models.sensitivity import Sensitivity
from ..types import UNSET, Unset

T = TypeVar("T", bound="EvidenceUpdateIn")


@_attrs_define
class EvidenceUpdateIn:
    """Fields left out are unchanged; send null to clear an optional one.

    Attributes:
        title (None | str | Unset):
        description (None | str | Unset):
        captured_date (None | str | Unset):
        captured_place (None | str | Unset):
        sensitivity (None | Sensitivity | Unset):
        share_with (list[EvidenceUpdateInShareWithType0Item] | None | Unset):
        perpetrator_ids (list[str] | None | Unset):
        incident_ids (list[str] | None | Unset):
    """

    title: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    captured_date: None | str | Unset = UNSET
    captured_place: None | str | Unset = UNSET
    sensitivity: None | Sensitivity | Unset = UNSET
    share_with: list[EvidenceUpdateInShareWithType0Item] | None | Unset = UNSET
    perpetrator_ids: list[str] | None | Unset = UNSET
    incident_ids: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        captured_date: None | str | Unset
        if isinstance(self.captured_date, Unset):
            captured_date = UNSET
        else:
            captured_date = self.captured_date

        captured_place: None | str | Unset
        if isinstance(self.captured_place, Unset):
            captured_place = UNSET
        else:
            captured_place = self.captured_place

        sensitivity: None | str | Unset
        if isinstance(self.sensitivity, Unset):
            sensitivity = UNSET
        elif isinstance(self.sensitivity, Sensitivity):
            sensitivity = self.sensitivity.value
        else:
            sensitivity = self.sensitivity

        share_with: list[str] | None | Unset
        if isinstance(self.share_with, Unset):
            share_with = UNSET
        elif isinstance(self.share_with, list):
            share_with = []
            for share_with_type_0_item_data in self.share_with:
                share_with_type_0_item = share_with_type_0_item_data.value
                share_with.append(share_with_type_0_item)

        else:
            share_with = self.share_with

        perpetrator_ids: list[str] | None | Unset
        if isinstance(self.perpetrator_ids, Unset):
            perpetrator_ids = UNSET
        elif isinstance(self.perpetrator_ids, list):
            perpetrator_ids = self.perpetrator_ids

        else:
            perpetrator_ids = self.perpetrator_ids

        incident_ids: list[str] | None | Unset
        if isinstance(self.incident_ids, Unset):
            incident_ids = UNSET
        elif isinstance(self.incident_ids, list):
            incident_ids = self.incident_ids

        else:
            incident_ids = self.incident_ids

        field_dict: dict[str, Any] = {}

        field_dict.update({})
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_captured_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        captured_date = _parse_captured_date(d.pop("captured_date", UNSET))

        def _parse_captured_place(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        captured_place = _parse_captured_place(d.pop("captured_place", UNSET))

        def _parse_sensitivity(data: object) -> None | Sensitivity | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sensitivity_type_0 = Sensitivity(data)

                return sensitivity_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Sensitivity | Unset, data)

        sensitivity = _parse_sensitivity(d.pop("sensitivity", UNSET))

        def _parse_share_with(
            data: object,
        ) -> list[EvidenceUpdateInShareWithType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                share_with_type_0 = []
                _share_with_type_0 = data
                for share_with_type_0_item_data in _share_with_type_0:
                    share_with_type_0_item = EvidenceUpdateInShareWithType0Item(
                        share_with_type_0_item_data
                    )

                    share_with_type_0.append(share_with_type_0_item)

                return share_with_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EvidenceUpdateInShareWithType0Item] | None | Unset, data)

        share_with = _parse_share_with(d.pop("share_with", UNSET))

        def _parse_perpetrator_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                perpetrator_ids_type_0 = cast(list[str], data)

                return perpetrator_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        perpetrator_ids = _parse_perpetrator_ids(d.pop("perpetrator_ids", UNSET))

        def _parse_incident_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                incident_ids_type_0 = cast(list[str], data)

                return incident_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        incident_ids = _parse_incident_ids(d.pop("incident_ids", UNSET))

        evidence_update_in = cls(
            title=title,
            description=description,
            captured_date=captured_date,
            captured_place=captured_place,
            sensitivity=sensitivity,
            share_with=share_with,
            perpetrator_ids=perpetrator_ids,
            incident_ids=incident_ids,
        )

        return evidence_update_in
