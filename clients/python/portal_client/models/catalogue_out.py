from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.catalogue_out_definitions import CatalogueOutDefinitions
    from ..models.metric_info_out import MetricInfoOut


T = TypeVar("T", bound="CatalogueOut")


@_attrs_define
class CatalogueOut:
    """
    Attributes:
        metrics (list[MetricInfoOut]):
        definitions (CatalogueOutDefinitions):
        small_cell (int):
        default_allies (list[str]):
    """

    metrics: list[MetricInfoOut]
    definitions: CatalogueOutDefinitions
    small_cell: int
    default_allies: list[str]

    def to_dict(self) -> dict[str, Any]:
        metrics = []
        for metrics_item_data in self.metrics:
            metrics_item = metrics_item_data.to_dict()
            metrics.append(metrics_item)

        definitions = self.definitions.to_dict()

        small_cell = self.small_cell

        default_allies = self.default_allies

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "metrics": metrics,
                "definitions": definitions,
                "small_cell": small_cell,
                "default_allies": default_allies,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.catalogue_out_definitions import CatalogueOutDefinitions
        from ..models.metric_info_out import MetricInfoOut

        d = dict(src_dict)
        metrics = []
        _metrics = d.pop("metrics")
        for metrics_item_data in _metrics:
            metrics_item = MetricInfoOut.from_dict(metrics_item_data)

            metrics.append(metrics_item)

        definitions = CatalogueOutDefinitions.from_dict(d.pop("definitions"))

        small_cell = d.pop("small_cell")

        default_allies = cast(list[str], d.pop("default_allies"))

        catalogue_out = cls(
            metrics=metrics,
            definitions=definitions,
            small_cell=small_cell,
            default_allies=default_allies,
        )

        return catalogue_out
