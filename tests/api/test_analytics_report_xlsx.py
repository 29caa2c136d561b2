"""The annual report's XLSX annex (POST /api/v1/analytics/report?format=xlsx) on the hand-counted world
of tests/support/analytics_fixture.py: a README sheet with the definitions, one sheet per table whose
cells are the figures GET /api/v1/analytics/{metric} gives as JSON, byte-identical for the same data,
suppressed cells in the public edition, and no formula ever written from a text."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy.orm import Session

from app.workflows.analytics import report as annual
from app.workflows.analytics.base import Column, MetricResult, Scope
from tests.api.test_analytics import _pg_world
from tests.support.analytics_fixture import World

V1 = "/api/v1/analytics"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(db: Session) -> World:
    return _pg_world(db)


def _xlsx(client: Any, **params: Any) -> Any:
    r = client.post(f"{V1}/report", params={"year": 2024, "format": "xlsx", **params})
    assert r.status_code == 200, r.text[:300]
    return r


def _sheet(wb: Any, name: str) -> list[list[Any]]:
    return [list(row) for row in wb[name].iter_rows(values_only=True)]


def _json_years(s: annual.Section) -> list[int]:
    return list(range(annual.FIRST_YEAR, 2025)) if s.cumulative else [2024]


def test_xlsx_annex_matches_the_json_metrics(world: World, as_: dict[str, Any]) -> None:
    coord = as_["coordinator_a"]
    r = _xlsx(coord, scope="tenant")
    assert r.headers["content-type"] == XLSX
    assert 'filename="annual-report-2024-annex.xlsx"' in r.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    metrics = [s.metric for s in annual.SECTIONS]
    assert wb.sheetnames == ["README", *metrics]

    # every table: a header of the column labels, then the JSON rows cell by cell
    for s in annual.SECTIONS:
        body = coord.get(f"{V1}/{s.metric}", params={"years": _json_years(s)}).json()
        rows = _sheet(wb, s.metric)
        assert rows[0] == [c["label"] for c in body["columns"]], s.metric
        expected = [
            [
                ("yes" if v else "no") if isinstance(v, bool) else v
                for v in (x[c["name"]] for c in body["columns"])
            ]
            for x in body["rows"]
        ]
        assert rows[1:] == expected, s.metric

    # hand-counted figures (the same as the PDF's, tests/api/test_analytics.py::test_annual_report)
    basis = {row[0]: row for row in _sheet(wb, "civil_society_basis")[1:]}
    assert basis["all"][1:4] == [2, 1, 0.5]
    assert wb["civil_society_basis"]["D2"].number_format == "0.0%"
    outcomes = {row[0]: row for row in _sheet(wb, "outcomes")[1:]}
    assert outcomes["all"][1:6] == [9, 3, 1, 2, 3]

    # the README: edition, the "as of" day, and each sheet's metric, period and definition
    readme = _sheet(wb, "README")
    facts = {row[0]: row[1] for row in readme[:6]}
    assert facts["Coalition annual report"] == "2024" and facts["Figures as of"] == "2024-12-31"
    assert str(facts["Edition"]).startswith("Internal edition")
    catalogue = coord.get(V1).json()["definitions"]
    tables = readme.index(["Sheet", "Metric", "Table", "Period", "Definition", "Notes"])
    columns_at = readme.index(["Sheet", "Column", "Label", "Kind", None, None])
    listed = {row[0]: row for row in readme[tables + 1 : columns_at] if row[0]}
    assert set(listed) == set(metrics)
    for s in annual.SECTIONS:
        _sheet_name, metric, heading, period, definition = listed[s.metric][:5]
        assert (metric, heading, definition) == (s.metric, s.heading, catalogue[s.metric])
        assert period == ("2010-2024" if s.cumulative else "2024")
    columns = [row[:4] for row in readme[columns_at + 1 :]]
    assert ["outcomes", "conversion_rate", "Conversion rate", "rate"] in columns
    assert len(columns) == sum(len(wb[m][1]) for m in metrics)  # every column of every sheet
    assert wb.properties.created.date() == date(2024, 12, 31) == wb.properties.modified.date()


def test_xlsx_annex_is_byte_identical_for_the_same_data(world: World, as_: dict[str, Any]) -> None:
    coord = as_["coordinator_a"]
    first = _xlsx(coord, scope="tenant").content
    # ZIP timestamps have a 2-second resolution: a clock (or a temporary file's mtime) would show
    time.sleep(2.1)
    again = _xlsx(coord, scope="tenant").content
    assert first == again
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 12, 31, 0, 0, 0)}
        assert "xl/worksheets/sheet1.xml" in z.namelist()


def test_xlsx_annex_public_edition_and_refusals(world: World, as_: dict[str, Any]) -> None:
    coord = as_["coordinator_a"]
    wb = load_workbook(io.BytesIO(_xlsx(coord).content))
    assert str(_sheet(wb, "README")[2][1]).startswith("Published aggregates")
    # recommendations per year in the public edition: every 2024 count under 5 is the text "<5"
    body = coord.get(
        f"{V1}/recommendations_by_year", params={"years": list(range(2010, 2025)), "scope": "public"}
    ).json()
    rows = _sheet(wb, "recommendations_by_year")
    hidden = {(c["row"], c["column"]) for c in body["suppressed"]}
    assert hidden, "the fixture has small cells"
    names = [c["name"] for c in body["columns"]]
    for i, column in hidden:
        assert rows[i + 1][names.index(column)] == "<5"
    assert "<5" in [v for row in rows for v in row]
    # an NGO builds no report, an unknown format is a 422 naming the parameter
    assert (
        as_["researcher_b"].post(f"{V1}/report", params={"year": 2024, "format": "xlsx"}).status_code == 403
    )
    bad = coord.post(f"{V1}/report", params={"year": 2024, "format": "xls"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["query", "format"]


def test_xlsx_text_is_never_a_formula() -> None:
    """An organisation's name comes from its members: a name that looks like a formula stays text, and
    characters XML cannot hold are dropped rather than break the file."""
    cols = [Column("organisation", "Organisation", "dimension"), Column("total", "Total", "count")]
    results = [
        MetricResult(
            metric=s.metric,
            title=s.heading,
            definition="Test definition.",
            columns=cols,
            rows=[
                {"organisation": '=HYPERLINK("http://x.example","x")', "total": 7},
                {"organisation": "a\x07b", "total": 0},
            ],
        )
        for s in annual.SECTIONS
    ]
    data = annual.render_xlsx(results, 2024, Scope.public, date(2024, 12, 31))
    wb = load_workbook(io.BytesIO(data))
    cell = wb["outcomes"]["A2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x.example","x")'
    assert wb["outcomes"]["A3"].value == "ab" and wb["outcomes"]["B2"].value == 7
    assert annual.render_xlsx(results, 2024, Scope.public, date(2024, 12, 31)) == data
