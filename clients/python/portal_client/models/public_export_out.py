from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.metric_out import MetricOut


T = TypeVar("T", bound="PublicExportOut")


@_attrs_define
class PublicExportOut:
    """
    Attributes:
        metrics (list[MetricOut]):
    """

    metrics: list[MetricOut]

    def to_dict(self) -> dict[str, Any]:
        metrics = []
        for metrics_item_data in self.metrics:
            metrics_item = metrics_item_data.to_dict()
            metrics.append(metrics_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "metrics": metrics,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.metric_out import MetricOut

        d = dict(src_dict)
        metrics = []
        _metrics = d.pop("metrics")
        for metrics_item_data in _metrics:
            metrics_item = MetricOut.from_dict(metrics_item_data)

            metrics.append(metrics_item)

        public_export_out = cls(
            metrics=metrics,
        )

        return public_export_out
