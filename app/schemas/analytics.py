"""Analytics answers: a metric's table (columns, rows, suppressed cells), the catalogue of metrics with
their definitions, and an organisation's consent to be named in the public aggregates."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ColumnOut(_Out):
    name: str
    label: str
    kind: Literal["dimension", "count", "rate", "days", "number"]


class SuppressedCellOut(_Out):
    row: int
    column: str


class MetricOut(_Out):
    metric: str
    title: str
    definition: str
    scope: Literal["tenant", "public"]
    filters: dict[str, Any]
    columns: list[ColumnOut]
    # One object per row, keyed by column name; rates are fractions (0.25 = 25 %), days are days.
    rows: list[dict[str, Any]]
    # Cells under 5 in the public aggregates: null in `rows`, "<5" in CSV.
    suppressed: list[SuppressedCellOut]
    notes: list[str]


class MetricInfoOut(_Out):
    id: str
    title: str
    group: str
    definition: str
    filters: list[str]
    public: bool


class CatalogueOut(_Out):
    metrics: list[MetricInfoOut]
    definitions: dict[str, str]  # metric id → definition
    small_cell: int
    default_allies: list[str]


class PublicExportOut(_Out):
    metrics: list[MetricOut]


class PublicationOut(_Out):
    org_id: str
    named: bool
    updated_at: datetime | None


class PublicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    named: bool
