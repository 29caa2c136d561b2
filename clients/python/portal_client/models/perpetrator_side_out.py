from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.perpetrator_side_out_id_numbers_item import (
        PerpetratorSideOutIdNumbersItem,
    )
    from ..models.perpetrator_side_out_positions_item import (
        PerpetratorSideOutPositionsItem,
    )


T = TypeVar("T", bound="PerpetratorSideOut")


@_attrs_define
class PerpetratorSideOut:
    """The perpetrator as the case file describes them.

    Attributes:
        id (str):
        schema (str):
        name (None | str):
        aliases (list[str]):
        transliterations (list[str]):
        birth_date (None | str):
        nationality (list[str]):
        id_numbers (list[PerpetratorSideOutIdNumbersItem]):
        positions (list[PerpetratorSideOutPositionsItem]):
    """

    id: str
    schema: str
    name: None | str
    aliases: list[str]
    transliterations: list[str]
    birth_date: None | str
    nationality: list[str]
    id_numbers: list[PerpetratorSideOutIdNumbersItem]
    positions: list[PerpetratorSideOutPositionsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        schema = self.schema

        name: None | str
        name = self.name

        aliases = self.aliases

        transliterations = self.transliterations

        birth_date: None | str
        birth_date = self.birth_date

        nationality = self.nationality

        id_numbers = []
        for id_numbers_item_data in self.id_numbers:
            id_numbers_item = id_numbers_item_data.to_dict()
            id_numbers.append(id_numbers_item)

        positions = []
        for positions_item_data in self.positions:
            positions_item = positions_item_data.to_dict()
            positions.append(positions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "schema": schema,
                "name": name,
                "aliases": aliases,
                "transliterations": transliterations,
                "birth_date": birth_date,
                "nationality": nationality,
                "id_numbers": id_numbers,
                "positions": positions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.perpetrator_side_out_id_numbers_item import (
            PerpetratorSideOutIdNumbersItem,
        )
        from ..models.perpetrator_side_out_positions_item import (
            PerpetratorSideOutPositionsItem,
        )

        d = dict(src_dict)
        id = d.pop("id")

        schema = d.pop("schema")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        aliases = cast(list[str], d.pop("aliases"))

        transliterations = cast(list[str], d.pop("transliterations"))

        def _parse_birth_date(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        birth_date = _parse_birth_date(d.pop("birth_date"))

        nationality = cast(list[str], d.pop("nationality"))

        id_numbers = []
        _id_numbers = d.pop("id_numbers")
        for id_numbers_item_data in _id_numbers:
            id_numbers_item = PerpetratorSideOutIdNumbersItem.from_dict(
                id_numbers_item_data
            )

            id_numbers.append(id_numbers_item)

        positions = []
        _positions = d.pop("positions")
        for positions_item_data in _positions:
            positions_item = PerpetratorSideOutPositionsItem.from_dict(
                positions_item_data
            )

            positions.append(positions_item)

        perpetrator_side_out = cls(
            id=id,
            schema=schema,
            name=name,
            aliases=aliases,
            transliterations=transliterations,
            birth_date=birth_date,
            nationality=nationality,
            id_numbers=id_numbers,
            positions=positions,
        )

        perpetrator_side_out.additional_properties = d
        return perpetrator_side_out

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
