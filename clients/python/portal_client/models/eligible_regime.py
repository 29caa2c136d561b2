from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.labelled_perpetrator import LabelledPerpetrator
    from ..models.qualifying_abuse import QualifyingAbuse


T = TypeVar("T", bound="EligibleRegime")


@_attrs_define
class EligibleRegime:
    """
    Attributes:
        code (str):
        name (str):
        legal_basis (str):
        kind (str):
        standard_of_proof (str):
        abuses (list[QualifyingAbuse]):
        perpetrator_ids (list[str]):
        label (None | str | Unset):
        perpetrators (list[LabelledPerpetrator] | Unset):
    """

    code: str
    name: str
    legal_basis: str
    kind: str
    standard_of_proof: str
    abuses: list[QualifyingAbuse]
    perpetrator_ids: list[str]
    label: None | str | Unset = UNSET
    perpetrators: list[LabelledPerpetrator] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        legal_basis = self.legal_basis

        kind = self.kind

        standard_of_proof = self.standard_of_proof

        abuses = []
        for abuses_item_data in self.abuses:
            abuses_item = abuses_item_data.to_dict()
            abuses.append(abuses_item)

        perpetrator_ids = self.perpetrator_ids

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        perpetrators: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.perpetrators, Unset):
            perpetrators = []
            for perpetrators_item_data in self.perpetrators:
                perpetrators_item = perpetrators_item_data.to_dict()
                perpetrators.append(perpetrators_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "name": name,
                "legal_basis": legal_basis,
                "kind": kind,
                "standard_of_proof": standard_of_proof,
                "abuses": abuses,
                "perpetrator_ids": perpetrator_ids,
            }
        )
        if label is not UNSET:
            field_dict["label"] = label
        if perpetrators is not UNSET:
            field_dict["perpetrators"] = perpetrators

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.labelled_perpetrator import LabelledPerpetrator
        from ..models.qualifying_abuse import QualifyingAbuse

        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        legal_basis = d.pop("legal_basis")

        kind = d.pop("kind")

        standard_of_proof = d.pop("standard_of_proof")

        abuses = []
        _abuses = d.pop("abuses")
        for abuses_item_data in _abuses:
            abuses_item = QualifyingAbuse.from_dict(abuses_item_data)

            abuses.append(abuses_item)

        perpetrator_ids = cast(list[str], d.pop("perpetrator_ids"))

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        _perpetrators = d.pop("perpetrators", UNSET)
        perpetrators: list[LabelledPerpetrator] | Unset = UNSET
        if _perpetrators is not UNSET:
            perpetrators = []
            for perpetrators_item_data in _perpetrators:
                perpetrators_item = LabelledPerpetrator.from_dict(
                    perpetrators_item_data
                )

                perpetrators.append(perpetrators_item)

        eligible_regime = cls(
            code=code,
            name=name,
            legal_basis=legal_basis,
            kind=kind,
            standard_of_proof=standard_of_proof,
            abuses=abuses,
            perpetrator_ids=perpetrator_ids,
            label=label,
            perpetrators=perpetrators,
        )

        eligible_regime.additional_properties = d
        return eligible_regime

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
