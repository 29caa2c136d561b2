"""Computing a metric for a caller: which scope they may ask for, which organisations they may filter
on, suppression of the public aggregates, and the CSV/JSON forms. Also an organisation's consent to be
named in the public aggregates.

Tenant rules: the coalition's staff see every case from its first submission (scoping.cases); an NGO sees
its own organisation's figures, and every tenant's figures only as the public aggregates (counts, cells
under 5 suppressed, no organisation named without its consent). A filter on an organisation the caller
may not see is a 404, as for any other tenant object.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Forbidden, Invalid, NotFound
from app.models.analytics import AnalyticsPublication
from app.models.identity import Role
from app.security.permissions import Principal
from app.workflows import audit, scoping
from app.workflows.analytics.base import (
    DEFAULT_ALLIES,
    SMALL_CELL,
    Filters,
    MetricResult,
    Scope,
    Source,
    check_filters,
    suppress,
)
from app.workflows.analytics.metrics import METRICS, Context, Metric


def catalogue() -> list[dict[str, Any]]:
    """Every metric: id, title, group, definition, the filters it honours, whether it is public."""
    return [
        {
            "id": m.id,
            "title": m.title,
            "group": m.group,
            "definition": m.definition,
            "filters": list(m.filters),
            "public": m.public,
        }
        for m in METRICS.values()
    ]


def allies(settings: Settings | None, f: Filters) -> tuple[str, ...]:
    if f.allies:
        return f.allies
    configured = settings.analytics_allies if settings is not None else ""
    if configured:
        return tuple(sorted({a.strip().lower() for a in configured.split(",") if a.strip()}))
    return DEFAULT_ALLIES


def named_organisations(db: Session) -> frozenset[str]:
    return frozenset(db.execute(scoping.unscoped_named_organisations()).scalars())


def source_for(db: Session, p: Principal, scope: Scope, f: Filters) -> Source:
    """The rows a caller's request may count; refuses organisation filters outside their reach (404)."""
    if scope == Scope.public:
        named = named_organisations(db)
        if any(o not in named for o in f.organisations):
            raise NotFound("Unknown organisation (the public aggregates name only organisations that agreed)")
        return Source(p, scope, named)
    if not p.is_coalition and any(o != p.org_id for o in f.organisations):
        raise NotFound("Unknown organisation")
    return Source(p, scope)


def tune_session(db: Session) -> None:
    """On PostgreSQL, give this transaction's aggregates room to sort and hash in memory (the default
    4 MB spills the per-case groups and the quartile sorts of 100,000 cases to disk) and no JIT (its
    compilation costs more than it saves on queries of this size). SET LOCAL ends with the transaction."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SET LOCAL work_mem = '64MB'"))
        db.execute(text("SET LOCAL jit = off"))


def _metric(metric_id: str) -> Metric:
    m = METRICS.get(metric_id)
    if m is None:
        raise NotFound(f"No metric {metric_id!r}; GET /api/v1/analytics lists them")
    return m


def compute(
    db: Session,
    p: Principal,
    metric_id: str,
    f: Filters,
    scope: Scope = Scope.tenant,
    settings: Settings | None = None,
) -> MetricResult:
    m = _metric(metric_id)
    f = check_filters(f)
    if scope == Scope.public and not m.public:
        raise Invalid(
            f"{m.title} is not part of the public aggregates",
            errors=[{"loc": ["query", "scope"], "msg": "not a public aggregate", "input": scope.value}],
        )
    src = source_for(db, p, scope, f)
    tune_session(db)
    return _compute(db, m, f, src, settings)


def _compute(db: Session, m: Metric, f: Filters, src: Source, settings: Settings | None) -> MetricResult:
    """`m` over checked filters and a source already refused or granted."""
    scope = src.scope
    unused = [k for k, v in f.as_dict().items() if v and k in _LISTY and k not in m.filters]
    cols, rows = m.compute(Context(db, src, f, allies(settings, f)))
    result = MetricResult(
        metric=m.id,
        title=m.title,
        definition=m.definition,
        columns=cols,
        rows=rows,
        scope=scope,
        filters=f.as_dict(),
    )
    if unused:
        result.notes.append(f"Not applicable to this metric, ignored: {', '.join(unused)}.")
    if scope == Scope.public:
        suppress(result)
    return result


_LISTY = ("years", "jurisdictions", "organisations", "categories", "regions", "allies")


def public_export(db: Session, p: Principal, f: Filters, settings: Settings | None) -> list[MetricResult]:
    """Every public metric as the coalition publishes it (suppressed, consenting organisations only).
    The filters are checked, the consenting organisations read and the session tuned once for all."""
    f = check_filters(f)
    src = source_for(db, p, Scope.public, f)
    tune_session(db)
    return [_compute(db, m, f, src, settings) for m in METRICS.values() if m.public]


# ---- shapes -------------------------------------------------------------------------------------------


def _cell(result: MetricResult, i: int, name: str, hidden: set[tuple[int, str]]) -> str:
    if (i, name) in hidden:
        return f"<{SMALL_CELL}"
    v = result.rows[i].get(name)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def to_csv(result: MetricResult) -> str:
    """One metric as CSV: a header of column names, one line per row; suppressed cells read "<5"."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    names = [c.name for c in result.columns]
    w.writerow(names)
    hidden = set(result.suppressed)
    for i in range(len(result.rows)):
        w.writerow([_cell(result, i, n, hidden) for n in names])
    return out.getvalue()


def to_long_csv(results: list[MetricResult]) -> str:
    """Several metrics in one CSV, long form: metric, row, column, value (for the public export and the
    report's annex)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["metric", "row", "column", "label", "value"])
    for r in results:
        hidden = set(r.suppressed)
        for i in range(len(r.rows)):
            for c in r.columns:
                w.writerow([r.metric, i + 1, c.name, c.label, _cell(r, i, c.name, hidden)])
    return out.getvalue()


def to_json(result: MetricResult) -> dict[str, Any]:
    return {
        "metric": result.metric,
        "title": result.title,
        "definition": result.definition,
        "scope": result.scope.value,
        "filters": result.filters,
        "columns": [{"name": c.name, "label": c.label, "kind": c.kind} for c in result.columns],
        "rows": [
            {k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()} for r in result.rows
        ],
        "suppressed": [{"row": i, "column": c} for i, c in result.suppressed],
        "notes": result.notes,
    }


# ---- consent to be named ------------------------------------------------------------------------------


def publication(db: Session, p: Principal) -> dict[str, Any]:
    """Whether the caller's organisation agreed to be named in the public aggregates."""
    row = db.execute(
        scoping.analytics_publication(p).where(AnalyticsPublication.org_id == p.org_id)
    ).scalar_one_or_none()
    return {
        "org_id": p.org_id,
        "named": bool(row and row.named),
        "updated_at": row.updated_at if row else None,
    }


def set_publication(db: Session, p: Principal, named: bool, ip: str | None) -> dict[str, Any]:
    """An NGO's administrator agrees (or stops agreeing) to have the organisation named."""
    if p.is_coalition:
        raise Forbidden("The coalition publishes the aggregates; only an NGO decides whether it is named")
    if p.role != Role.org_admin:
        raise Forbidden("Only the organisation's administrators decide whether it is named")
    row = db.execute(
        scoping.analytics_publication(p).where(AnalyticsPublication.org_id == p.org_id).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        row = AnalyticsPublication(org_id=p.org_id)
        db.add(row)
    row.named, row.updated_by, row.updated_at = named, p.user_id or p.token_id, utcnow()
    db.flush()
    audit.record(
        db,
        "analytics.publication_changed",
        principal=p,
        ip=ip,
        org_id=p.org_id,
        target_type="organization",
        target_id=p.org_id,
        data={"named": named},
    )
    return publication(db, p)


def with_today(f: Filters, today: date) -> Filters:
    return replace(f, today=today)
