"""The annual report: the tables (and simple bar charts) of the coalition's published reports for one
year, as a PDF (WeasyPrint, like the dossier) with an annex holding every figure in it: CSV (long form)
or XLSX (openpyxl: a README sheet with the definitions, then one sheet per table).

The public edition (the default) is built from the public aggregates (small cells suppressed, only
consenting organisations named); the internal one, for coalition staff, from their full scope. The same
data gives the same bytes: the only date in the PDF is the "as of" day, fixed for past years (31
December) and today's for the current year. The XLSX carries that day as its created/modified
properties and every part of its ZIP the same fixed timestamp, so it is byte-identical too.
"""

from __future__ import annotations

import gc
import io
import re
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from html import escape
from typing import Any, Literal

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
    results: list[MetricResult]
    year: int
    scope: Scope
    day: date  # the "as of" day: the only date in every form of the report

    @cached_property
    def pdf(self) -> bytes:
        return render_pdf(self.results, self.year, self.scope, self.day)

    @cached_property
    def annex_csv(self) -> str:
        return to_long_csv(self.results)

    @cached_property
    def annex_xlsx(self) -> bytes:
        return render_xlsx(self.results, self.year, self.scope, self.day)

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
    *,
    pdf: bool = True,
) -> Report:
    """The annual report for `year`; coalition staff only (it covers every organisation). The PDF is
    rendered here unless `pdf=False` (an annex alone needs only the figures; `.pdf` still renders it)."""
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
    rep = Report(results, year, scope, as_of(year, today))
    if pdf:
        _ = rep.pdf
    return rep


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


# ---- the XLSX annex -----------------------------------------------------------------------------------

# Excel's rules for sheet names: at most 31 characters, none of []:*?/\
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot carry (openpyxl refuses them rather than write a broken file).
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NUMBER_FORMATS = {"rate": "0.0%", "days": "0.0", "number": "0.0##", "count": "0"}


def _period(s: Section, year: int) -> str:
    return f"{FIRST_YEAR}-{year}" if s.cumulative else str(year)


def _sheet_names(results: list[MetricResult]) -> list[str]:
    names: list[str] = []
    for r in results:
        base = _SHEET_BAD.sub("_", r.metric)[:31]
        name, n = base, 2
        while name.lower() in (x.lower() for x in [*names, "readme"]):
            name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
            n += 1
        names.append(name)
    return names


def _text(v: str) -> str:
    return _XML_BAD.sub("", v)


def render_xlsx(results: list[MetricResult], year: int, scope: Scope, day: date) -> bytes:
    """The annex as a workbook: a README sheet (edition, "as of" day, suppression rule, each sheet's
    metric, period and definition, each column's name, label and kind), then one sheet per table of the
    report with a header row of labels and the figures as numbers (rates as fractions shown as
    percentages; suppressed cells as the text "<5"; no formulas: every text cell is stored as text)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell.cell import Cell  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(ws: Worksheet, row: int, col: int, v: Any, fmt: str | None = None) -> Cell:
        cell: Cell = ws.cell(row=row, column=col)
        if isinstance(v, str):
            cell.value = _text(v)
            cell.data_type = "s"  # never a formula, whatever the text starts with
        else:
            cell.value = v
            if fmt:
                cell.number_format = fmt
        return cell

    def widths(ws: Worksheet, w: list[int]) -> None:
        for i, n in enumerate(w, start=1):
            ws.column_dimensions[get_column_letter(i)].width = n

    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = "README"
    public = scope == Scope.public
    head = [
        ("Coalition annual report", str(year)),
        ("Annex", "Every figure of the report: one sheet per table, the same numbers as the PDF."),
        (
            "Edition",
            f"Published aggregates: counts under {SMALL_CELL} suppressed (shown as <{SMALL_CELL}), only "
            "organisations that agreed are named"
            if public
            else "Internal edition (coalition staff): not for publication",
        ),
        ("Figures as of", day.isoformat()),
        ("Publisher", "Sanctions coalition"),
        ("Rates", "Fractions (0.5 = 50%), displayed as percentages; days are calendar days."),
    ]
    row = 1
    for k, v in head:
        put(readme, row, 1, k).font = bold
        put(readme, row, 2, v).alignment = wrap
        row += 1
    row += 1
    for c, h in enumerate(("Sheet", "Metric", "Table", "Period", "Definition", "Notes"), start=1):
        put(readme, row, c, h).font = bold
    row += 1
    names = _sheet_names(results)
    for s, r, name in zip(SECTIONS, results, names, strict=True):
        for c, v in enumerate(
            (name, r.metric, s.heading, _period(s, year), r.definition, " ".join(r.notes)), start=1
        ):
            put(readme, row, c, v).alignment = wrap
        row += 1
    row += 1
    for c, h in enumerate(("Sheet", "Column", "Label", "Kind"), start=1):
        put(readme, row, c, h).font = bold
    row += 1
    for r, name in zip(results, names, strict=True):
        for col in r.columns:
            for c, v in enumerate((name, col.name, col.label, col.kind), start=1):
                put(readme, row, c, v)
            row += 1
    widths(readme, [24, 32, 40, 12, 80, 40])

    for r, name in zip(results, names, strict=True):
        ws = wb.create_sheet(name)
        hidden = set(r.suppressed)
        for c, col in enumerate(r.columns, start=1):
            put(ws, 1, c, col.label).font = bold
        for i, data in enumerate(r.rows):
            for c, col in enumerate(r.columns, start=1):
                value: Any = data.get(col.name)
                if (i, col.name) in hidden:
                    value = f"<{SMALL_CELL}"
                elif isinstance(value, bool):
                    value = "yes" if value else "no"
                elif isinstance(value, date):
                    value = value.isoformat()
                put(ws, i + 2, c, value, _NUMBER_FORMATS.get(col.kind))
        ws.freeze_panes = "A2"
        widths(ws, [max(12, min(40, len(col.label) + 2)) for col in r.columns])

    # Reproducible: the "as of" day as the document's dates (openpyxl's save_workbook would stamp the
    # current time) and one fixed timestamp on every part of the ZIP.
    stamp = datetime(day.year, day.month, day.day)
    wb.properties.creator = "Sanctions coalition"
    wb.properties.title = f"Coalition annual report {year}: annex"
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    with _FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, stamp) as archive:
        ExcelWriter(wb, archive).write_data()
    return buf.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A ZIP whose every member carries the same timestamp and mode (zipfile would take the clock for
    a member written by name, and a temporary file's mtime for one copied from disk, as openpyxl does
    for worksheets), so that the same workbook gives the same bytes."""

    def __init__(self, file: io.BytesIO, mode: Literal["w"], compression: int, when: datetime) -> None:
        super().__init__(file, mode, compression)
        self._when = (when.year, when.month, when.day, 0, 0, 0)

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._when)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        with open(filename, "rb") as fh:
            data = fh.read()
        self.writestr(str(arcname or filename), data, compress_type, compresslevel)
