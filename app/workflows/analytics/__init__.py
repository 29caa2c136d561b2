"""Coalition analytics: the figures the coalition publishes, computed live from its own work (cases,
submissions, outcomes, reviews) and the official lists (designations, confirmed matches, cross-list
pairs). Metrics and their definitions in `metrics.py`, tenant rules and shapes in `service.py`, the
annual report in `report.py`."""

from app.workflows.analytics.base import Filters, MetricResult, Scope
from app.workflows.analytics.metrics import DEFINITIONS, METRICS
from app.workflows.analytics.service import catalogue, compute, public_export, to_csv, to_json

__all__ = [
    "DEFINITIONS",
    "METRICS",
    "Filters",
    "MetricResult",
    "Scope",
    "catalogue",
    "compute",
    "public_export",
    "to_csv",
    "to_json",
]
