"""The annual report: the tables (and simple bar charts) of the coalition's published reports for one
year, as a PDF (WeasyPrint, like the dossier) with a CSV annex holding every figure in it.

The public edition (the default) is built from the public aggregates (small cells suppressed, only
consenting organisations named); the internal one, for coalition staff, from their full scope. The same
data gives the same bytes: the only date in the PDF is the "as of" day, fixed for past years (31
December) and today's for the current year.
"""

from __future__ import annotations

import gc
import io
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from html import escape
from typing import Any

from sqlalchemy.orm import Session

from app.config import Settings
from app.errors import Forbidden, Invalid
from app.security.permissions import Principal
from app.workflows.analytics.base import SMALL_CELL, Filters, MetricResult, Scope
from app.workflows.analytics.service import compute, to_long_csv
from app.workflows.packaging.render import TEMPLATES, jinja_env

FIRST_YEAR = 2010  # "all years" in the report: recommendations and designations since then
# A colour-blind-safe blue (Okabe-Ito); every bar carries its value as text, so no meaning rests on colour.
BAR_COLOUR = "#0072B2"


@dataclass(frozen=True)
class Section:
    metric: str
    heading: str
    cumulative: bool = False  # every year up to the report's, else the report's year only
    chart: tuple[str, str] | None = None  # (label column, value column)


SECTIONS: list[Section] = [
    Section(
        "recommendations_by_year", "Recommendations sent, by year and jurisdiction", True, ("year", "total")
    ),
    Section("recommendations_by_organisation", "Recommendations sent this year, by organisation"),
    Section(
        "recommendations_by_region", "Recommendations sent this year, by region", chart=("region", "total")
    ),
    Section("recommendations_by_kind", "Recommendations sent this year: human rights or corruption"),
    Section("outcomes", "Outcomes of all recommendations", True, ("jurisdiction", "conversion_rate")),
    Section("time_to_designation", "Time from sending to designation", True),
    Section("designations", "Magnitsky-style designations this year"),
    Section(
        "civil_society_basis",
        "Civil-society basis of this year's designations",
        chart=("jurisdiction", "share"),
    ),
    Section("multilateral", "Multilateral rate (all years)", True, ("jurisdiction", "rate")),
    Section("overlap", "Who else designated the same persons (all years)", True),
    Section("designation_basis", "Corruption or human rights (this year)"),
    Section(
        "allied_share", "Designations in allied countries (this year)", chart=("jurisdiction", "allied_share")
    ),
    Section("year_over_year", "This year against the five-year average"),
    Section(
        "victim_recognition", "Recognition of victims (all years)", True, ("victim_group", "designated_share")
    ),
]


@dataclass
class Report:
    pdf: bytes
    annex_csv: str
    results: list[MetricResult]
    year: int
    scope: Scope

    def zip(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in (
                (f"annual-report-{self.year}.pdf", self.pdf),
                (f"annual-report-{self.year}-annex.csv", self.annex_csv.encode()),
            ):
                info = zipfile.ZipInfo(name, date_time=(self.year, 12, 31, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
        return buf.getvalue()


def as_of(year: int, today: date) -> date:
    return min(date(year, 12, 31), today)


def compute_sections(
    db: Session, p: Principal, year: int, scope: Scope, settings: Settings | None, f: Filters
) -> list[MetricResult]:
    base = replace(f, today=f.today or as_of(year, date.today()))
    out = []
    for s in SECTIONS:
        years = tuple(range(FIRST_YEAR, year + 1)) if s.cumulative else (year,)
        out.append(compute(db, p, s.metric, replace(base, years=years), scope, settings))
    return out


def build(
    db: Session,
    p: Principal,
    year: int,
    scope: Scope = Scope.public,
    settings: Settings | None = None,
    f: Filters | None = None,
) -> Report:
    """The annual report for `year`; coalition staff only (it covers every organisation)."""
    if not p.is_coalition:
        raise Forbidden("The annual report covers every organisation: coalition staff build it")
    today = (f.today if f else None) or date.today()
    if not FIRST_YEAR <= year <= today.year:
        raise Invalid(
            f"year must be between {FIRST_YEAR} and {today.year}",
            errors=[{"loc": ["query", "year"], "msg": "no report for that year", "input": year}],
        )
    f = f or Filters(today=today)
    results = compute_sections(db, p, year, scope, settings, f)
    pdf = render_pdf(results, year, scope, as_of(year, today))
    return Report(pdf, to_long_csv(results), results, year, scope)


# ---- rendering ----------------------------------------------------------------------------------------


def _fmt(v: Any, kind: str) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if kind == "rate" and isinstance(v, int | float):
        return f"{v * 100:.1f}%"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def _table(r: MetricResult) -> tuple[list[str], list[list[str]]]:
    hidden = set(r.suppressed)
    cols = [c for c in r.columns if c.name != "org_id"]
    rows = [
        [f"<{SMALL_CELL}" if (i, c.name) in hidden else _fmt(row.get(c.name), c.kind) for c in cols]
        for i, row in enumerate(r.rows)
    ]
    return [c.label for c in cols], rows


def bar_chart(points: list[tuple[str, float | None]], *, percent: bool = False) -> str:
    """A horizontal bar chart as inline SVG; each bar is labelled with its value."""
    width, bar_h, gap, left = 480, 14, 6, 150
    usable = width - left - 60
    values = [v for _, v in points if v is not None]
    top = max(values) if values else 0
    parts = []
    for i, (label, v) in enumerate(points):
        y = i * (bar_h + gap)
        w = 0 if not v or not top else usable * v / top
        text = "suppressed" if v is None else (f"{v * 100:.1f}%" if percent else f"{v:g}")
        parts.append(
            f'<text x="{left - 6}" y="{y + bar_h - 3}" text-anchor="end" font-size="9">{escape(label)}</text>'
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{BAR_COLOUR}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 3}" font-size="9">{escape(text)}</text>'
        )
    height = max(1, len(points)) * (bar_h + gap)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans">{"".join(parts)}</svg>'
    )


def render_html(results: list[MetricResult], year: int, scope: Scope, day: date) -> str:
    sections = []
    for s, r in zip(SECTIONS, results, strict=True):
        columns, rows = _table(r)
        chart, label = None, ""
        if s.chart and r.rows:
            lab, val = s.chart
            kind = next(c.kind for c in r.columns if c.name == val)
            points = [(str(row.get(lab)), row.get(val)) for row in r.rows]
            chart = bar_chart(points, percent=kind == "rate")
            measure = next(c.label for c in r.columns if c.name == val)
            label = f"Bar chart of {measure} by {lab}; the table gives the values"
        sections.append(
            {
                "heading": s.heading,
                "definition": r.definition,
                "columns": columns,
                "rows": rows,
                "notes": r.notes,
                "chart": chart,
                "chart_label": label,
            }
        )
    public = scope == Scope.public
    data = {
        "title": f"Coalition annual report {year}",
        "kicker": "Magnitsky-style sanctions: what governments did with civil society's evidence",
        "publisher": "Sanctions coalition",
        "as_of": day.isoformat(),
        "public": public,
        "small_cell": SMALL_CELL,
        "sections": sections,
    }
    return str(jinja_env().get_template("analytics_report.html").render(r=data))


def render_pdf(results: list[MetricResult], year: int, scope: Scope, day: date) -> bytes:
    import weasyprint

    html = render_html(results, year, scope, day)
    css = weasyprint.CSS(filename=str(TEMPLATES / "analytics_report.css"))
    pdf: bytes = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(stylesheets=[css])
    gc.collect()
    return pdf
