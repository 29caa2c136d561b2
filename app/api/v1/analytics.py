"""Coalition analytics: the metrics with their definitions, one metric as JSON or CSV, the public
aggregates export, the annual report (PDF; CSV or XLSX annex), and an NGO's consent to be named in public.

Tenant rules are the workflow's (app/workflows/analytics/service.py): `scope=tenant` is the caller's own
reach (the coalition: every submitted case; an NGO: its own), `scope=public` every tenant's figures as
published (cells under 5 suppressed, only consenting organisations named)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.schemas.analytics import (
    CatalogueOut,
    MetricInfoOut,
    MetricOut,
    PublicationIn,
    PublicationOut,
    PublicExportOut,
)
from app.workflows.analytics import report as annual
from app.workflows.analytics import service
from app.workflows.analytics.base import DEFAULT_ALLIES, SMALL_CELL, Filters, Scope

router = APIRouter(tags=["analytics"])
READ = Depends(Permission("cases:read"))
MAX_VALUES = 50

Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
ScopeQ = Annotated[
    Scope,
    Query(description="tenant: your own reach (the coalition: all; an NGO: its own); public: the aggregates"),
]
Years = Annotated[list[int] | None, Query(max_length=MAX_VALUES, description="years (repeat the parameter)")]
Texts = Annotated[list[str] | None, Query(max_length=MAX_VALUES)]
Months = Annotated[int, Query(ge=1, le=240, description="open submissions older than this many months")]
Window = Annotated[int, Query(ge=1, le=20, description="years of the multi-year average")]

_CSV = "text/csv; charset=utf-8"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {_CSV: {"schema": {"type": "string"}}}, "description": "CSV, when format=csv"}
}


def _split(values: list[str] | None) -> tuple[str, ...]:
    """Repeated parameters, each possibly comma-separated: ?regions=Africa&regions=Asia or
    ?regions=Africa,Asia."""
    return tuple(v.strip() for item in values or [] for v in item.split(",") if v.strip())


def filters(
    years: Years = None,
    jurisdictions: Texts = None,
    organisations: Texts = None,
    categories: Texts = None,
    regions: Texts = None,
    allies: Texts = None,
    months: Months = 6,
    window: Window = 5,
) -> Filters:
    return Filters(
        years=tuple(years or ()),
        jurisdictions=_split(jurisdictions),
        organisations=_split(organisations),
        categories=_split(categories),
        regions=_split(regions),
        allies=_split(allies),
        months=months,
        window=window,
    )


FiltersDep = Annotated[Filters, Depends(filters)]


def _csv(body: str, name: str) -> Response:
    return Response(
        body.encode("utf-8"),
        media_type=_CSV,
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.get("/analytics", dependencies=[READ])
def list_metrics() -> CatalogueOut:
    """Every metric with its definition and the filters it honours."""
    infos = [MetricInfoOut(**m) for m in service.catalogue()]
    return CatalogueOut(
        metrics=infos,
        definitions={m.id: m.definition for m in infos},
        small_cell=SMALL_CELL,
        default_allies=list(DEFAULT_ALLIES),
    )


@router.get(
    "/analytics/public-export", dependencies=[READ], responses=CSV_RESPONSE, response_model=PublicExportOut
)
def public_export(
    p: PrincipalDep, db: SessionDep, settings: SettingsDep, f: FiltersDep, format: Format = "json"
) -> Any:
    """Every public metric as the coalition publishes it: counts only, cells under 5 suppressed, no
    case titles, no perpetrators, no organisation named unless it agreed. CSV: long form."""
    results = service.public_export(db, p, f, settings)
    if format == "csv":
        return _csv(service.to_long_csv(results), "public-aggregates")
    return PublicExportOut(metrics=[MetricOut(**service.to_json(r)) for r in results])


@router.get("/analytics/publication", dependencies=[READ])
def get_publication(p: PrincipalDep, db: SessionDep) -> PublicationOut:
    """Whether your organisation agreed to be named in the public aggregates."""
    return PublicationOut(**service.publication(db, p))


@router.put("/analytics/publication", dependencies=[Depends(Permission("members:manage"))])
def put_publication(body: PublicationIn, request: Request, p: PrincipalDep, db: SessionDep) -> PublicationOut:
    """An NGO's administrators agree (or stop agreeing) to have it named in the public aggregates."""
    return PublicationOut(**service.set_publication(db, p, body.named, client_ip(request)))


@router.post(
    "/analytics/report",
    dependencies=[READ],
    responses={
        200: {
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                _CSV: {"schema": {"type": "string"}},
                _XLSX: {"schema": {"type": "string", "format": "binary"}},
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
            },
            "description": "The report (pdf), its annex (csv or xlsx) or the PDF and CSV together (zip)",
        }
    },
    response_class=Response,
)
def build_report(
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    year: Annotated[int, Query(ge=2010, le=2100)],
    scope: Annotated[
        Scope, Query(description="public (default): as published; tenant: internal")
    ] = Scope.public,
    format: Annotated[
        Literal["pdf", "csv", "xlsx", "zip"],
        Query(description="pdf (default); the annex as csv (long form) or xlsx (a sheet per table); zip"),
    ] = "pdf",
) -> Response:
    """The annual report for a year (coalition staff): the published tables and charts as a PDF, with an
    annex of every figure in it (CSV, or XLSX with a README sheet of definitions and a sheet per table).
    The same data gives the same bytes in every format."""
    rep = annual.build(db, p, year, scope, settings, pdf=format in ("pdf", "zip"))
    name = f"annual-report-{year}"
    if format == "csv":
        return _csv(rep.annex_csv, f"{name}-annex")
    if format == "xlsx":
        body, media, ext = rep.annex_xlsx, _XLSX, "xlsx"
        name = f"{name}-annex"
    elif format == "zip":
        body, media, ext = rep.zip(), "application/zip", "zip"
    else:
        body, media, ext = rep.pdf, "application/pdf", "pdf"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}.{ext}"'}
    )


@router.get("/analytics/{metric}", dependencies=[READ], responses=CSV_RESPONSE, response_model=MetricOut)
def get_metric(
    metric: str,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    f: FiltersDep,
    scope: ScopeQ = Scope.tenant,
    format: Format = "json",
) -> Any:
    """One metric in the caller's scope (or the public aggregates), with its definition."""
    result = service.compute(db, p, metric, f, scope, settings)
    if format == "csv":
        return _csv(service.to_csv(result), metric)
    return MetricOut(**service.to_json(result))
