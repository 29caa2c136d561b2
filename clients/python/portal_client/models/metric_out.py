from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.metric_out_scope import MetricOutScope

if TYPE_CHECKING:
    from ..models.column_out import ColumnOut
    from ..models.metric_out_filters import MetricOutFilters
    from ..models.metric_out_rows_item import MetricOutRowsItem
    from ..models.suppressed_cell_out import SuppressedCellOut


T = TypeVar("T", bound="MetricOut")


@_attrs_define
class MetricOut:
    """
    Attributes:
        metric (str):
        title (str):
        definition (str):
        scope (MetricOutScope):
        filters (MetricOutFilters):
        columns (list[ColumnOut]):
        rows (list[MetricOutRowsItem]):
        suppressed (list[SuppressedCellOut]):
        notes (list[str]):
    """

    metric: str
    title: str
    definition: str
    scope: MetricOutScope
    filters: MetricOutFilters
    columns: list[ColumnOut]
    rows: list[MetricOutRowsItem]
    suppressed: list[SuppressedCellOut]
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        metric = self.metric

        title = self.title

        definition = self.definition

        scope = self.scope.value

        filters = self.filters.to_dict()

        columns = []
        for columns_item_data in self.columns:
            columns_item = columns_item_data.to_dict()
            columns.append(columns_item)

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        suppressed = []
        for suppressed_item_data in self.suppressed:
            suppressed_item = suppressed_item_data.to_dict()
            suppressed.append(suppressed_item)

        notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "metric": metric,
                "title": title,
                "definition": definition,
                "scope": scope,
                "filters": filters,
                "columns": columns,
                "rows": rows,
                "suppressed": suppressed,
                "notes": notes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.column_out import ColumnOut
        from ..models.metric_out_filters import MetricOutFilters
        from ..models.metric_out_rows_item import MetricOutRowsItem
        from ..models.suppressed_cell_out import SuppressedCellOut

        d = dict(src_dict)
        metric = d.pop("metric")

        title = d.pop("title")

        definition = d.pop("definition")

        scope = MetricOutScope(d.pop("scope"))

        filters = MetricOutFilters.from_dict(d.pop("filters"))

        columns = []
        _columns = d.pop("columns")
        for columns_item_data in _columns:
            columns_item = ColumnOut.from_dict(columns_item_data)

            columns.append(columns_item)

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = MetricOutRowsItem.from_dict(rows_item_data)

            rows.append(rows_item)

        suppressed = []
        _suppressed = d.pop("suppressed")
        for suppressed_item_data in _suppressed:
            suppressed_item = SuppressedCellOut.from_dict(suppressed_item_data)

            suppressed.append(suppressed_item)

        notes = cast(list[str], d.pop("notes"))

        metric_out = cls(
            metric=metric,
            title=title,
            definition=definition,
            scope=scope,
            filters=filters,
            columns=columns,
            rows=rows,
            suppressed=suppressed,
            notes=notes,
        )

        return metric_out
