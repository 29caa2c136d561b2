"""What every metric shares: the filters, the scope it is computed in, its result table, small-cell
suppression, and the few SQL pieces PostgreSQL and SQLite spell differently.

A metric is one SQL statement (or a handful) built with SQLAlchemy Core over statements from
app/workflows/scoping.py; Python only shapes the aggregated rows (a few dozen), never loops over cases
or submissions.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Date,
    FromClause,
    Integer,
    Select,
    cast,
    extract,
    false,
    or_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Float

from app.errors import Invalid
from app.models.cases import CaseFile
from app.models.packages import Submission
from app.models.sanctions import DesignationMatch
from app.schemas.case_content import TAXONOMY, AbuseCategory, AbuseKind
from app.security.permissions import Principal
from app.workflows import scoping
from app.workflows.analytics.m49 import REGIONS

# A column of a table or of a subquery.
Col = ColumnElement[Any] | InstrumentedAttribute[Any]

JURISDICTIONS: tuple[str, ...] = ("us", "uk", "ca", "eu")
JURISDICTION_LABELS = {"us": "United States", "uk": "United Kingdom", "ca": "Canada", "eu": "European Union"}
# Cells below this are suppressed in the public aggregates (shown as "<5").
SMALL_CELL = 5
# The marginalised victim groups the coalition's reports follow (the other groups are shown too).
MARGINALISED: tuple[str, ...] = ("women", "children", "lgbtqi", "indigenous", "persons_with_disabilities")
# The default allies for the allied-country share: NATO and EU members, the Five Eyes and the United
# States' and Europe's treaty allies in Asia and the Pacific. `analytics_allies` in the settings (ISO
# codes, comma-separated) or `allies=` on the request replaces it.
DEFAULT_ALLIES: tuple[str, ...] = tuple(
    sorted(
        {
            *"al be bg ca hr cz dk ee fr de gr hu is it lv lt lu me nl mk no pl pt ro sk si es".split(),
            *"tr gb us fi se".split(),
            *"at cy ie mt".split(),  # EU members outside NATO
            *"au nz jp kr ph th il".split(),  # treaty allies in Asia and the Pacific, Israel
        }
    )
)


class Scope(enum.StrEnum):
    # The caller's own reach: the coalition sees every case from its first submission, an NGO its own.
    tenant = "tenant"
    # Every tenant's figures as the coalition publishes them: counts only, small cells suppressed, no
    # organisation named without its consent.
    public = "public"


@dataclass(frozen=True)
class Filters:
    years: tuple[int, ...] = ()
    jurisdictions: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    # Abuse category codes (app/schemas/case_content.py) or the kinds `human_rights` / `corruption`.
    categories: tuple[str, ...] = ()
    # UN M49 regions or sub-regions ("Africa", "Eastern Europe") or ISO 3166-1 alpha-2 codes.
    regions: tuple[str, ...] = ()
    months: int = 6  # open submissions older than this
    allies: tuple[str, ...] = ()  # ISO codes; empty: the configured default
    window: int = 5  # years of the multi-year average
    today: date | None = None  # fixed in tests; the day "now" is

    def as_dict(self) -> dict[str, Any]:
        return {
            "years": list(self.years),
            "jurisdictions": list(self.jurisdictions),
            "organisations": list(self.organisations),
            "categories": list(self.categories),
            "regions": list(self.regions),
            "months": self.months,
            "allies": list(self.allies),
            "window": self.window,
        }


def _bad(field_name: str, msg: str, value: Any) -> Invalid:
    return Invalid(msg, errors=[{"loc": ["query", field_name], "msg": msg, "input": value}])


_KINDS = {k.value for k in AbuseKind}
_CATEGORIES = {c.value for c in AbuseCategory}
_REGION_NAMES = {r for r, _ in REGIONS.values()} | {s for _, s in REGIONS.values()}


def check_filters(f: Filters) -> Filters:
    """422 naming the parameter for any value outside the vocabularies; codes lower-cased."""
    jurisdictions = tuple(j.lower() for j in f.jurisdictions)
    for j in jurisdictions:
        if j not in JURISDICTIONS:
            raise _bad("jurisdictions", f"{j!r} is not one of {', '.join(JURISDICTIONS)}", j)
    for c in f.categories:
        if c not in _CATEGORIES | _KINDS:
            raise _bad("categories", f"{c!r} is neither an abuse category nor human_rights / corruption", c)
    regions: list[str] = []
    for r in f.regions:
        if r.lower() in REGIONS:
            regions.append(r.lower())
        elif r in _REGION_NAMES:
            regions.append(r)
        else:
            raise _bad("regions", f"{r!r} is not a UN M49 region or sub-region, nor an ISO country code", r)
    allies = tuple(a.lower() for a in f.allies)
    for a in allies:
        if a not in REGIONS:
            raise _bad("allies", f"{a!r} is not an ISO 3166-1 alpha-2 country code", a)
    for y in f.years:
        if not 1990 <= y <= 2100:
            raise _bad("years", f"{y} is not a year between 1990 and 2100", y)
    if not 1 <= f.months <= 240:
        raise _bad("months", "months must be between 1 and 240", f.months)
    if not 1 <= f.window <= 20:
        raise _bad("window", "window must be between 1 and 20 years", f.window)
    return replace(f, jurisdictions=jurisdictions, regions=tuple(regions), allies=allies)


def category_codes(values: Sequence[str]) -> list[str]:
    """Category codes a `categories` filter stands for (a kind expands to its categories)."""
    out: list[str] = []
    for v in values:
        if v in _KINDS:
            out += [c.value for c, info in TAXONOMY.items() if info.kind.value == v]
        else:
            out.append(v)
    return sorted(set(out))


def region_countries(values: Sequence[str]) -> list[str]:
    """ISO codes (lower case) a `regions` filter stands for."""
    out = {v for v in values if v in REGIONS}
    out |= {c for c, (region, sub) in REGIONS.items() if region in values or sub in values}
    return sorted(out)


def key_has_any(key: Col, values: Sequence[str]) -> ColumnElement[bool]:
    """`key` is a "|a|b|" string: true when it holds any of `values` (false for none)."""
    if not values:
        return false()
    return or_(*(key.contains(f"|{v}|", autoescape=True) for v in values))


# ---- the data a scope reads ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where the tenant rows come from: the caller's scope (scoping.py's readable statements) or, for the
    public aggregates, every tenant's submitted cases (scoping.py's unscoped_public_aggregate_*)."""

    principal: Principal
    scope: Scope
    named_orgs: frozenset[str] = field(default_factory=frozenset)

    @property
    def public(self) -> bool:
        return self.scope == Scope.public

    def recommendations(self) -> Select[Submission]:
        if self.public:
            return scoping.unscoped_public_aggregate_recommendations()
        return scoping.recommendations(self.principal)

    def matches(self) -> Select[Any]:
        if self.public:
            return scoping.unscoped_public_aggregate_matches()
        return scoping.designation_matches(self.principal)


def case_filters(f: Filters) -> list[ColumnElement[bool]]:
    """Filters on a case's own keys (organisation, categories, countries)."""
    return _key_filters(f, CaseFile.org_id, CaseFile.categories_key, CaseFile.countries_key)


def _key_filters(f: Filters, org: Col, categories: Col, countries: Col) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if f.organisations:
        out.append(org.in_(f.organisations))
    if f.categories:
        out.append(key_has_any(categories, category_codes(f.categories)))
    if f.regions:
        out.append(key_has_any(countries, [c.upper() for c in region_countries(f.regions)]))
    return out


def recommendation_rows(src: Source, f: Filters) -> Select[Submission]:
    """The recommendations (submissions with a sending date) in scope and in the filters, from the
    submissions alone (each carries its case's organisation and keys): callers choose the columns (and
    may group by `Submission.case_id`: a case's submissions carry the same keys)."""
    stmt = src.recommendations().where(
        Submission.sent_on.is_not(None),
        *_key_filters(f, Submission.org_id, Submission.categories_key, Submission.countries_key),
    )
    if f.years:
        stmt = stmt.where(year_of(Submission.sent_on).in_(f.years))
    if f.jurisdictions:
        stmt = stmt.where(Submission.jurisdiction.in_(f.jurisdictions))
    return stmt


def recommendations(src: Source, f: Filters) -> FromClause:
    """One row per recommendation (a submission with a sending date) in scope, with its case's keys."""
    stmt = recommendation_rows(src, f).with_only_columns(
        Submission.id.label("submission_id"),
        Submission.case_id.label("case_id"),
        Submission.jurisdiction.label("jurisdiction"),
        Submission.status.label("status"),
        Submission.sent_on.label("sent_on"),
        Submission.outcome_on.label("outcome_on"),
        Submission.designation_date.label("designation_date"),
        year_of(Submission.sent_on).label("year"),
        Submission.org_id.label("org_id"),
        Submission.categories_key.label("categories_key"),
        Submission.groups_key.label("groups_key"),
        Submission.countries_key.label("countries_key"),
    )
    return stmt.subquery("recs")


def confirmed_matches(src: Source, f: Filters) -> Select[Any]:
    """Confirmed matches in scope, joined to their case (for the organisation filter)."""
    stmt = (
        src.matches()
        .join(CaseFile, CaseFile.id == DesignationMatch.case_id)
        .where(DesignationMatch.status == "confirmed")
    )
    if f.organisations:
        stmt = stmt.where(CaseFile.org_id.in_(f.organisations))
    return stmt


# ---- portable SQL -------------------------------------------------------------------------------------


def year_of(col: Col) -> ColumnElement[int]:
    return cast(extract("year", col), Integer)


def _spelled(element: type[FunctionElement[Any]], postgres: str, sqlite: str) -> None:
    """Compile `element` from a template per database; {0}, {1}... are its arguments."""

    def render(template: str) -> Any:
        def compile_(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
            return template.format(*(compiler.process(c, **kw) for c in element.clauses))

        return compile_

    compiles(element)(render(postgres))
    compiles(element, "sqlite")(render(sqlite))


class days_between(FunctionElement[int]):
    """Whole days from the second date to the first (dates only)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


_spelled(days_between, "({0} - {1})", "CAST(julianday({0}) - julianday({1}) AS INTEGER)")


class days_elapsed(FunctionElement[float]):
    """Days (fractional) from the second timestamp to the first. On PostgreSQL in double precision:
    `date_part` (float8), not `EXTRACT` (numeric since PostgreSQL 14): numeric division and numeric
    sorts for the quartiles cost review_operations 10-20 % more over 100,000 cases; the figures are
    rounded to 0.1 day, where the two agree."""

    type = Float()
    inherit_cache = True
    name = "days_elapsed"


_spelled(days_elapsed, "(date_part('epoch', {0} - {1}) / 86400)", "(julianday({0}) - julianday({1}))")


class as_date(FunctionElement[date]):
    """The calendar day (UTC) of a timestamp, comparable with DATE columns on both databases."""

    type = Date()
    inherit_cache = True
    name = "as_date"


_spelled(as_date, "CAST(({0} AT TIME ZONE 'UTC') AS DATE)", "date({0})")


def quartile_columns(value: ColumnElement[Any], rn: ColumnElement[int], n: ColumnElement[int]) -> list[Any]:
    """Nearest-rank quartiles over a ranked subquery (rn = 1..n in order of value): Q1 is the value at
    rank ceil(n/4), the median at ceil(n/2), Q3 at ceil(3n/4); integer arithmetic on both databases."""
    from sqlalchemy import case, func

    def at(rank: ColumnElement[int]) -> Any:
        return func.min(case((rn == rank, value)))

    return [
        at((n + 3) // 4).label("q1"),
        at((n + 1) // 2).label("median"),
        at((3 * n + 3) // 4).label("q3"),
    ]


# ---- results ------------------------------------------------------------------------------------------

ColumnKind = Literal["dimension", "count", "rate", "days", "number"]


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    kind: ColumnKind = "count"
    # Derived columns (rates, quartiles) name the counts they rest on: suppressed with any of them.
    of: tuple[str, ...] = ()


@dataclass
class MetricResult:
    metric: str
    title: str
    definition: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    scope: Scope = Scope.tenant
    filters: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    suppressed_cells: int = 0
    # (row index, column name) of every suppressed cell: None in JSON, "<5" in CSV.
    suppressed: list[tuple[int, str]] = field(default_factory=list)


def rate(num: Any, den: Any) -> float | None:
    if not den or num is None:
        return None
    return round(float(num) / float(den), 4)


def suppress(result: MetricResult) -> MetricResult:
    """Public aggregates: counts 1-4 become None ("<5"), and every rate or quartile resting on one of
    them too. Zero stays: it tells nothing about a person."""
    counts = [c.name for c in result.columns if c.kind == "count"]
    derived = [c for c in result.columns if c.kind in ("rate", "days", "number") and c.of]
    for i, row in enumerate(result.rows):
        hidden = set()
        for name in counts:
            v = row.get(name)
            if isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < SMALL_CELL:
                row[name] = None
                hidden.add(name)
                result.suppressed.append((i, name))
        for c in derived:
            if row.get(c.name) is not None and any(o in hidden for o in c.of):
                row[c.name] = None
                result.suppressed.append((i, c.name))
    result.suppressed_cells = len(result.suppressed)
    result.notes.append(f"Cells under {SMALL_CELL} are suppressed (shown as <{SMALL_CELL}).")
    return result
