"""The coalition's metrics: each one a SQL query with its definition written next to it.

Every function takes the database, the `Source` (which tenant rows the caller's scope reads) and the
`Filters`, and returns a `MetricResult` (named columns, aggregated rows). Rates are divided in Python from
the counts the query returned; nothing here loops over cases or submissions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Float,
    FromClause,
    Text,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from app.models.cases import CaseFile
from app.models.identity import Organization
from app.models.packages import Submission
from app.models.review import Assignment, Decision
from app.models.sanctions import CrossListMatch, DesignationMatch, ListEntry, ListVersion
from app.schemas.case_content import TAXONOMY, VictimGroup
from app.workflows import scoping
from app.workflows.analytics.base import (
    JURISDICTION_LABELS,
    JURISDICTIONS,
    MARGINALISED,
    Column,
    Filters,
    Source,
    as_date,
    case_filters,
    confirmed_matches,
    days_between,
    days_elapsed,
    key_has_any,
    quartile_columns,
    rate,
    recommendation_rows,
    recommendations,
    region_countries,
    year_of,
)
from app.workflows.analytics.m49 import REGIONS

PENDING = ("sent", "acknowledged", "under_consideration")
OUTCOMES = ("designated", "declined", "no_response")
NOT_RECORDED = "(not recorded)"
OTHER_ORGS = "Other organisations (not named)"

UNKNOWN = "(unknown)"
# What each value of the cases' "|a|b|" keys stands for.
_CATEGORIES = {
    c.value: {"category": c.value, "kind": i.kind.value, "label": i.label} for c, i in TAXONOMY.items()
}
_GROUPS = {g.value: {"victim_group": g.value} for g in VictimGroup}
_COUNTRIES = {
    code.upper(): {"country": code.upper(), "region": region, "subregion": sub}
    for code, (region, sub) in sorted(REGIONS.items())
}


@dataclass(frozen=True)
class Context:
    db: Session
    src: Source
    f: Filters
    allies: tuple[str, ...]

    @property
    def today(self) -> date:
        return self.f.today or date.today()


@dataclass(frozen=True)
class Metric:
    id: str
    title: str
    definition: str
    filters: tuple[str, ...]
    compute: Callable[[Context], tuple[list[Column], list[dict[str, Any]]]]
    public: bool = True  # offered in the public aggregates
    group: str = "recommendations"


def _jurisdiction_columns(kind: str = "count") -> list[Column]:
    return [Column(j, JURISDICTION_LABELS[j], kind) for j in JURISDICTIONS]  # type: ignore[arg-type]


def _pivot_columns(*dims: tuple[str, str]) -> list[Column]:
    """The columns `_pivot` fills, after the dimensions (name, label) the rows are grouped by."""
    return [
        *(Column(name, label, "dimension") for name, label in dims),
        *_jurisdiction_columns(),
        Column("total", "All"),
    ]


def _pivot(jcol: Any, idcol: Any) -> list[Any]:
    """Rows per jurisdiction and in all, as columns us, uk, ca, eu, total (a recommendation is one row)."""
    cols: list[Any] = [
        func.coalesce(func.sum(case((jcol == j, 1), else_=0)), 0).label(j) for j in JURISDICTIONS
    ]
    return [*cols, func.count(idcol).label("total")]


def _postgres(ctx: Context) -> bool:
    return ctx.db.get_bind().dialect.name == "postgresql"


@contextmanager
def _planner_setting(ctx: Context, name: str, value: str) -> Iterator[None]:
    """A PostgreSQL planner setting for the statement run inside (nothing on SQLite): this transaction's
    (set_config ... true), put back at once; on an error the transaction is rolled back, which puts it
    back too."""
    if not _postgres(ctx):
        yield
        return
    before = ctx.db.execute(select(func.current_setting(name), func.set_config(name, value, True))).one()[0]
    yield
    ctx.db.execute(select(func.set_config(name, before, True)))


def _merge_joined(ctx: Context) -> AbstractContextManager[None]:
    """For the per-case aggregates (one group per case over its submissions or decisions): no hash joins,
    so PostgreSQL reads the case files and the child rows in case order from their covering indexes
    (migration 0013_query_speed), merge-joins them and groups as they stream, instead of hashing 100,000
    cases, probing them 300,000 times and hashing the result again by case. The planner costs the hash
    plan lower; measured on 100,000 cases it takes 2.5-3.5x the backend CPU time (bench/analytics.py)."""
    return _planner_setting(ctx, "enable_hashjoin", "off")


def _streamed_groups(ctx: Context) -> AbstractContextManager[None]:
    """For a per-case aggregate read in case order from a covering index: the default working memory.
    The 64 MB the analytics transaction sets (service.py) lets the planner hash the 100,000 cases
    instead, measured about twice as slow as grouping them as the index-only scan streams them."""
    return _planner_setting(ctx, "work_mem", "4MB")


def _rows(ctx: Context, stmt: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in ctx.db.execute(stmt)]


def _by_jurisdiction(ctx: Context, stmt: Any, label: str = "all") -> list[dict[str, Any]]:
    """Rows grouped by jurisdiction, in the usual order, and a row `label` summing them (the counts of
    each jurisdiction are disjoint, so their sum is the whole: one query, not two)."""
    rows = sorted(_rows(ctx, stmt), key=lambda x: JURISDICTIONS.index(x["jurisdiction"]))
    total: dict[str, Any] = {"jurisdiction": label}
    for x in rows:
        for k, v in x.items():
            if k == "jurisdiction" or v is None:
                continue
            if isinstance(v, date):
                total[k] = min(total.get(k, v), v)
            else:
                total[k] = total.get(k, 0) + v
    for k in stmt.selected_columns.keys():
        total.setdefault(k, None if k.startswith("oldest") else 0)
    return [*rows, total]


_REC_FILTERS = ("years", "jurisdictions", "organisations", "categories", "regions")
_LIST_FILTERS = ("years", "jurisdictions", "regions")


# ---- the coalition's recommendations ------------------------------------------------------------------


def _recs_by_year(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    r = recommendations(ctx.src, ctx.f)
    stmt = (
        select(r.c.year, *_pivot(r.c.jurisdiction, r.c.submission_id)).group_by(r.c.year).order_by(r.c.year)
    )
    cols = _pivot_columns(("year", "Year"))
    return cols, _rows(ctx, stmt)


def _recs_by_organisation(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    r = recommendations(ctx.src, ctx.f)
    # Grouped by organisation first (a few dozen rows), then named: not a name looked up per row.
    per_org = select(r.c.org_id, *_pivot(r.c.jurisdiction, r.c.submission_id)).group_by(r.c.org_id).subquery()
    stmt = (
        select(per_org.c.org_id, Organization.name, *(per_org.c[j] for j in (*JURISDICTIONS, "total")))
        .join(Organization, Organization.id == per_org.c.org_id)
        .order_by(Organization.name, per_org.c.org_id)
    )
    rows = _rows(ctx, stmt)
    if ctx.src.public:
        # Only organisations that consented are named; the others are summed into one row.
        named = [x for x in rows if x["org_id"] in ctx.src.named_orgs]
        rest = [x for x in rows if x["org_id"] not in ctx.src.named_orgs]
        if rest:
            other: dict[str, Any] = {"org_id": None, "name": OTHER_ORGS}
            for k in (*JURISDICTIONS, "total"):
                other[k] = sum(x[k] for x in rest)
            named.append(other)
        rows = named
    for x in rows:
        x["organisation"] = x.pop("name")
    cols = _pivot_columns(("org_id", "Organisation id"), ("organisation", "Organisation"))
    return cols, rows


def _dims_of(vocab: dict[str, dict[str, str]], dims: list[str], code: str) -> tuple[str, ...]:
    known = vocab.get(code)
    return tuple(known[d] if known else (code if i == 0 else UNKNOWN) for i, d in enumerate(dims))


def _by_key(
    ctx: Context, key: str, vocab: dict[str, dict[str, str]], dims: list[str]
) -> list[dict[str, Any]]:
    """Recommendations per value of a case's "|a|b|" key. SQL groups them by key and jurisdiction (as
    many rows as distinct keys, a few hundred, whatever the number of cases); each group's count is then
    spread over the values its key holds: a recommendation counts once per group of `dims` it falls in,
    and a key without values counts as "(not recorded)"."""
    r = recommendations(ctx.src, ctx.f)
    stmt = select(r.c[key], r.c.jurisdiction, func.count()).group_by(r.c[key], r.c.jurisdiction)
    out: dict[tuple[str, ...], dict[str, Any]] = {}
    for k, j, n in ctx.db.execute(stmt).tuples():
        codes = [c for c in (k or "").split("|") if c]
        groups = {_dims_of(vocab, dims, c) for c in codes} or {tuple(NOT_RECORDED for _ in dims)}
        for g in groups:
            row = out.setdefault(
                g, {**dict(zip(dims, g, strict=True)), **dict.fromkeys(JURISDICTIONS, 0), "total": 0}
            )
            row[j] += n
            row["total"] += n
    return list(out.values())


def _recs_by_country(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    rows = _by_key(ctx, "countries_key", _COUNTRIES, ["country", "region", "subregion"])
    rows.sort(key=lambda x: (-x["total"], x["country"]))
    cols = _pivot_columns(
        ("country", "Country (ISO)"), ("region", "Region (UN M49)"), ("subregion", "Sub-region")
    )
    return cols, rows


def _recs_by_region(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    rows = _by_key(ctx, "countries_key", _COUNTRIES, ["region"])
    rows.sort(key=lambda x: (x["region"] in (NOT_RECORDED, UNKNOWN), x["region"]))
    cols = _pivot_columns(("region", "Region (UN M49)"))
    return cols, rows


def _recs_by_category(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    rows = _by_key(ctx, "categories_key", _CATEGORIES, ["category", "kind", "label"])
    rows.sort(key=lambda x: (x["kind"], -x["total"], x["category"]))
    cols = _pivot_columns(("category", "Category"), ("kind", "Kind"), ("label", "Label"))
    return cols, rows


def _recs_by_kind(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    rows = _by_key(ctx, "categories_key", _CATEGORIES, ["kind"])
    rows.sort(key=lambda x: x["kind"])
    cols = _pivot_columns(("kind", "Kind of abuse"))
    return cols, rows


def _recs_by_victim_group(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    rows = _by_key(ctx, "groups_key", _GROUPS, ["victim_group"])
    order = [g.value for g in VictimGroup]
    rows.sort(key=lambda x: order.index(x["victim_group"]) if x["victim_group"] in order else len(order))
    cols = _pivot_columns(("victim_group", "Victim group"))
    return cols, rows


# ---- outcomes -----------------------------------------------------------------------------------------


def _outcomes(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    r = recommendations(ctx.src, ctx.f)

    def n(statuses: tuple[str, ...]) -> Any:
        return func.coalesce(func.sum(case((r.c.status.in_(statuses), 1), else_=0)), 0)

    parts = [
        func.count().label("sent"),
        n(("designated",)).label("designated"),
        n(("declined",)).label("declined"),
        n(("no_response",)).label("no_response"),
        n(PENDING).label("pending"),
    ]
    rows = _by_jurisdiction(ctx, select(r.c.jurisdiction, *parts).group_by(r.c.jurisdiction))
    for x in rows:
        x["conversion_rate"] = rate(x["designated"], x["sent"])
        decided = x["designated"] + x["declined"] + x["no_response"]
        x["decided_conversion_rate"] = rate(x["designated"], decided)
    cols = [
        Column("jurisdiction", "Jurisdiction", "dimension"),
        Column("sent", "Sent"),
        Column("designated", "Designated"),
        Column("declined", "Declined"),
        Column("no_response", "No response"),
        Column("pending", "Pending"),
        Column("conversion_rate", "Conversion rate", "rate", ("designated", "sent")),
        Column(
            "decided_conversion_rate",
            "Conversion rate of decided",
            "rate",
            ("designated", "declined", "no_response"),
        ),
    ]
    return cols, rows


def _time_to_designation(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    r = recommendations(ctx.src, ctx.f)
    on = func.coalesce(r.c.designation_date, r.c.outcome_on)
    days = days_between(on, r.c.sent_on)
    base = select(r.c.jurisdiction, days.label("days")).where(
        r.c.status == "designated", on.is_not(None), on >= r.c.sent_on
    )
    if _postgres(ctx):
        # percentile_disc is the nearest-rank quartile; the CTE is read twice, computed once.
        d = base.cte("designated")

        def stats() -> list[Any]:
            pct = [
                func.percentile_disc(p).within_group(d.c.days).label(name)
                for p, name in ((0.25, "q1"), (0.5, "median"), (0.75, "q3"))
            ]
            return [
                func.count().label("n"),
                *pct,
                func.min(d.c.days).label("min"),
                func.max(d.c.days).label("max"),
            ]

        per_j = select(d.c.jurisdiction, *stats()).group_by(d.c.jurisdiction)
        all_j = select(literal("all").label("jurisdiction"), *stats())
        got = [x for x in _rows(ctx, union_all(per_j, all_j)) if x["n"]]
        rows = sorted(got, key=lambda x: (*JURISDICTIONS, "all").index(x["jurisdiction"]))
        return _time_columns(), rows
    b = base.subquery()
    # One pass: ranks within each jurisdiction and over all, then both aggregates from the same CTE.
    ranked = select(
        b.c.jurisdiction,
        b.c.days,
        func.row_number().over(partition_by=b.c.jurisdiction, order_by=b.c.days).label("rn"),
        func.count().over(partition_by=b.c.jurisdiction).label("n"),
        func.row_number().over(order_by=b.c.days).label("rn_all"),
        func.count().over().label("n_all"),
    ).cte("ranked")
    per = select(
        ranked.c.jurisdiction,
        func.max(ranked.c.n).label("n"),
        *quartile_columns(ranked.c.days, ranked.c.rn, ranked.c.n),
        func.min(ranked.c.days).label("min"),
        func.max(ranked.c.days).label("max"),
    ).group_by(ranked.c.jurisdiction)
    whole = select(
        literal("all").label("jurisdiction"),
        func.max(ranked.c.n_all).label("n"),
        *quartile_columns(ranked.c.days, ranked.c.rn_all, ranked.c.n_all),
        func.min(ranked.c.days).label("min"),
        func.max(ranked.c.days).label("max"),
    )
    got = [x for x in _rows(ctx, union_all(per, whole)) if x["n"]]
    rows = sorted(got, key=lambda x: (*JURISDICTIONS, "all").index(x["jurisdiction"]))
    return _time_columns(), rows


def _time_columns() -> list[Column]:
    return [
        Column("jurisdiction", "Jurisdiction", "dimension"),
        Column("n", "Designations"),
        Column("q1", "First quartile (days)", "days", ("n",)),
        Column("median", "Median (days)", "days", ("n",)),
        Column("q3", "Third quartile (days)", "days", ("n",)),
        Column("min", "Shortest (days)", "days", ("n",)),
        Column("max", "Longest (days)", "days", ("n",)),
    ]


def _months_before(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    return date(y, m, 28)


def _open_submissions(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    r = recommendations(ctx.src, ctx.f)
    cutoff = _months_before(ctx.today, ctx.f.months)
    parts = [
        func.count().label("pending"),
        func.coalesce(func.sum(case((r.c.sent_on < cutoff, 1), else_=0)), 0).label("older"),
        func.min(r.c.sent_on).label("oldest_sent_on"),
    ]
    where = r.c.status.in_(PENDING)
    rows = _by_jurisdiction(ctx, select(r.c.jurisdiction, *parts).where(where).group_by(r.c.jurisdiction))
    for x in rows:
        x["older_share"] = rate(x["older"], x["pending"])
        x["cutoff"] = cutoff
        if ctx.src.public:
            x.pop("oldest_sent_on")  # a date can single out one submission
    cols = [
        Column("jurisdiction", "Jurisdiction", "dimension"),
        Column("pending", "Pending"),
        Column("older", f"Sent more than {ctx.f.months} months ago"),
        Column("older_share", "Share of pending", "rate", ("older", "pending")),
        Column("cutoff", "Sent before", "dimension"),
    ]
    if not ctx.src.public:
        cols.insert(4, Column("oldest_sent_on", "Oldest sent on", "dimension"))
    return cols, rows


# ---- the official lists -------------------------------------------------------------------------------

_TIE_MARK = "%Linked To:%"  # OFAC's remark naming the designee an entry is designated for ties to


def designations(ctx: Context, *, years: bool = True) -> FromClause:
    """One row per Magnitsky-style list entry (delisted ones included: they were designated), with the
    day it was designated: the list's listing date, else (OFAC gives none) the first version that had
    it (its published date, else the day it was imported), as the match queue reads it."""
    f = ctx.f
    on = func.coalesce(ListEntry.listing_date, ListVersion.published, as_date(ListVersion.imported_at))
    stmt = (
        select(
            ListEntry.id.label("entry_id"),
            ListEntry.jurisdiction.label("jurisdiction"),
            on.label("designated_on"),
            year_of(on).label("year"),
            ListEntry.countries_key.label("countries_key"),
            ListEntry.programme_key.label("programme_key"),
            case((cast(ListEntry.entity, Text).like(_TIE_MARK), 1), else_=0).label("tie"),
        )
        .join(ListVersion, ListVersion.id == ListEntry.first_version_id)
        .where(ListEntry.magnitsky, ListEntry.jurisdiction.in_(f.jurisdictions or JURISDICTIONS))
    )
    if years and f.years:
        stmt = stmt.where(year_of(on).in_(f.years))
    if f.regions:
        stmt = stmt.where(key_has_any(ListEntry.countries_key, region_countries(f.regions)))
    return stmt.subquery("designations")


def _designations_by_year(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    d = designations(ctx)
    stmt = (
        select(
            d.c.jurisdiction,
            d.c.year,
            func.count().label("designations"),
            func.sum(1 - d.c.tie).label("direct"),
            func.sum(d.c.tie).label("ties"),
        )
        .group_by(d.c.jurisdiction, d.c.year)
        .order_by(d.c.year, d.c.jurisdiction)
    )
    rows = _rows(ctx, stmt)
    cols = [
        Column("jurisdiction", "Jurisdiction", "dimension"),
        Column("year", "Year", "dimension"),
        Column("designations", "Magnitsky-style designations"),
        Column("direct", "Direct"),
        Column("ties", "For ties to another designee"),
    ]
    return cols, rows


def _basis_entries(ctx: Context) -> FromClause:
    """Per list entry, the first day the coalition sent the confirmed-matched person to that entry's
    jurisdiction (scoped: only what the caller's scope may count)."""
    # The match's case is in scope, so are all its submissions (the rule of `cases`).
    stmt = (
        confirmed_matches(ctx.src, ctx.f)
        .join(
            Submission,
            and_(
                Submission.case_id == DesignationMatch.case_id,
                Submission.jurisdiction == DesignationMatch.jurisdiction,
            ),
        )
        .where(Submission.sent_on.is_not(None))
        .with_only_columns(
            DesignationMatch.entry_id.label("entry_id"), func.min(Submission.sent_on).label("first_sent")
        )
        .group_by(DesignationMatch.entry_id)
    )
    return stmt.subquery("basis")


def _civil_society_basis(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    d, b = designations(ctx), _basis_entries(ctx)
    with_basis = func.coalesce(func.sum(case((b.c.first_sent <= d.c.designated_on, 1), else_=0)), 0)
    parts = [func.count().label("designations"), with_basis.label("with_submission")]
    joined = d.outerjoin(b, b.c.entry_id == d.c.entry_id)
    rows = _by_jurisdiction(
        ctx, select(d.c.jurisdiction, *parts).select_from(joined).group_by(d.c.jurisdiction)
    )
    for x in rows:
        x["share"] = rate(x["with_submission"], x["designations"])
    cols = [
        Column("jurisdiction", "Jurisdiction", "dimension"),
        Column("designations", "Magnitsky-style designations"),
        Column("with_submission", "Preceded by a coalition submission"),
        Column("share", "Civil-society basis share", "rate", ("with_submission", "designations")),
    ]
    return cols, rows


def _pairs(ctx: Context) -> FromClause:
    """Likely cross-list pairs, both ways, between Magnitsky-style entries of the selected jurisdictions."""
    a = select(CrossListMatch.entry_id.label("a"), CrossListMatch.other_entry_id.label("b")).where(
        CrossListMatch.band == "likely"
    )
    b = select(CrossListMatch.other_entry_id.label("a"), CrossListMatch.entry_id.label("b")).where(
        CrossListMatch.band == "likely"
    )
    return union_all(a, b).subquery("pairs")


def _per_entry_others(ctx: Context) -> FromClause:
    d, p = designations(ctx), _pairs(ctx)
    other = aliased(ListEntry)
    on_other = and_(
        other.id == p.c.b,
        other.magnitsky,
        other.jurisdiction != d.c.jurisdiction,
        other.jurisdiction.in_(ctx.f.jurisdictions or JURISDICTIONS),
    )
    stmt = (
        select(d.c.entry_id, d.c.jurisdiction, func.count(distinct(other.jurisdiction)).label("others"))
        .select_from(d)
        .outerjoin(p, p.c.a == d.c.entry_id)
        .outerjoin(other, on_other)
        .group_by(d.c.entry_id, d.c.jurisdiction)
    )
    return stmt.subquery("per_entry")


def _multilateral(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    e = _per_entry_others(ctx)
    weight = 1.0 / (1 + cast(e.c.others, Float))
    parts = [
        func.count().label("designations"),
        func.coalesce(func.sum(case((e.c.others > 0, 1), else_=0)), 0).label("also_elsewhere"),
        func.sum(weight).label("persons"),
        func.coalesce(func.sum(case((e.c.others > 0, weight), else_=0.0)), 0.0).label("multilateral_persons"),
    ]
    rows = _by_jurisdiction(ctx, select(e.c.jurisdiction, *parts).group_by(e.c.jurisdiction))
    total = rows.pop()
    for x in rows:
        x["rate"] = rate(x["also_elsewhere"], x["designations"])
        x.pop("persons")
        x.pop("multilateral_persons")
    persons, multi = float(total["persons"] or 0), float(total["multilateral_persons"] or 0)
    rows.append(
        {
            "jurisdiction": "all (persons)",
            "designations": round(persons),
            "also_elsewhere": round(multi),
            "rate": rate(multi, persons),
        }
    )
    cols = [
        Column("jurisdiction", "Jurisdiction", "dimension"),
        Column("designations", "Magnitsky-style designations"),
        Column("also_elsewhere", "Also designated by another of the four"),
        Column("rate", "Multilateral rate", "rate", ("also_elsewhere", "designations")),
    ]
    return cols, rows


def _overlap(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    d, p = designations(ctx), _pairs(ctx)
    other = aliased(ListEntry)
    pivot = [
        func.count(distinct(case((other.jurisdiction == j, d.c.entry_id)))).label(j) for j in JURISDICTIONS
    ]
    stmt = (
        select(d.c.jurisdiction, *pivot)
        .select_from(d)
        .join(p, p.c.a == d.c.entry_id)
        .join(other, and_(other.id == p.c.b, other.magnitsky, other.jurisdiction != d.c.jurisdiction))
        .group_by(d.c.jurisdiction)
    )
    found = {x["jurisdiction"]: x for x in _rows(ctx, stmt)}
    totals: dict[str, int] = dict(
        ctx.db.execute(select(d.c.jurisdiction, func.count()).group_by(d.c.jurisdiction)).tuples().all()
    )
    rows = []
    for j in ctx.f.jurisdictions or JURISDICTIONS:
        row = {"jurisdiction": j, **{k: found.get(j, {}).get(k, 0) for k in JURISDICTIONS}}
        row[j] = totals.get(j, 0)  # the diagonal: the jurisdiction's own designations
        rows.append(row)
    cols = [Column("jurisdiction", "Designated by", "dimension"), *_jurisdiction_columns()]
    return cols, rows


def _matched_kinds(ctx: Context) -> FromClause:
    """Per list entry with a confirmed coalition match: whether a matched case records a corruption and a
    human-rights abuse (1/0), in one grouped pass over the matches in scope."""

    def has(kind: str) -> Any:
        codes = [c.value for c, info in TAXONOMY.items() if info.kind.value == kind]
        return func.max(case((key_has_any(CaseFile.categories_key, codes), 1), else_=0)).label(kind)

    stmt = (
        confirmed_matches(ctx.src, ctx.f)
        .with_only_columns(
            DesignationMatch.entry_id.label("entry_id"), has("corruption"), has("human_rights")
        )
        .group_by(DesignationMatch.entry_id)
    )
    return stmt.subquery("matched_kinds")


def _designation_basis(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    d, k = designations(ctx), _matched_kinds(ctx)
    pk = d.c.programme_key
    basis = case(
        (pk.contains("CORRUPTION"), "corruption"),
        (d.c.jurisdiction == "eu", "human_rights"),  # the EU has a human-rights regime only
        (pk.contains("|GLOBAL-HUMAN-RIGHTS|") | pk.contains("|MAGNIT|"), "human_rights"),
        ((k.c.corruption == 1) & (k.c.human_rights == 0), "corruption"),
        (k.c.human_rights == 1, "human_rights"),
        else_="unknown",
    ).label("basis")
    b = select(d.c.jurisdiction, basis).select_from(d.outerjoin(k, k.c.entry_id == d.c.entry_id)).subquery()

    def n(v: str) -> Any:
        return func.coalesce(func.sum(case((b.c.basis == v, 1), else_=0)), 0).label(v)

    parts = [func.count().label("designations"), n("corruption"), n("human_rights"), n("unknown")]
    rows = _by_jurisdiction(ctx, select(b.c.jurisdiction, *parts).group_by(b.c.jurisdiction))
    for x in rows:
        x["corruption_share"] = rate(x["corruption"], x["corruption"] + x["human_rights"])
    cols = [
        Column("jurisdiction", "Jurisdiction", "dimension"),
        Column("designations", "Magnitsky-style designations"),
        Column("corruption", "Corruption"),
        Column("human_rights", "Human rights"),
        Column("unknown", "Basis not known"),
        Column("corruption_share", "Corruption share (of known)", "rate", ("corruption", "human_rights")),
    ]
    return cols, rows


def _allied_share(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    d = designations(ctx)
    allied = key_has_any(d.c.countries_key, ctx.allies)
    parts = [
        func.count().label("designations"),
        func.coalesce(func.sum(case((allied, 1), else_=0)), 0).label("allied"),
        func.coalesce(func.sum(case((d.c.countries_key == "|", 1), else_=0)), 0).label("no_country"),
    ]
    rows = _by_jurisdiction(ctx, select(d.c.jurisdiction, *parts).group_by(d.c.jurisdiction))
    for x in rows:
        x["allied_share"] = rate(x["allied"], x["designations"])
    cols = [
        Column("jurisdiction", "Jurisdiction", "dimension"),
        Column("designations", "Magnitsky-style designations"),
        Column("allied", "In allied countries"),
        Column("no_country", "No country on the list"),
        Column("allied_share", "Allied-country share", "rate", ("allied", "designations")),
    ]
    return cols, rows


def _year_over_year(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    target = max(ctx.f.years) if ctx.f.years else ctx.today.year - 1
    first = target - ctx.f.window
    d = designations(ctx, years=False)
    stmt = (
        select(d.c.jurisdiction, d.c.year, func.count().label("n"))
        .where(d.c.year >= first, d.c.year <= target)
        .group_by(d.c.jurisdiction, d.c.year)
    )
    counts: dict[tuple[str, int], int] = {(j, y): n for j, y, n in ctx.db.execute(stmt).tuples()}
    rows = []
    for j in (*(ctx.f.jurisdictions or JURISDICTIONS), "all"):
        js = JURISDICTIONS if j == "all" else (j,)

        def c(y: int, js: tuple[str, ...] = js) -> int:
            return sum(counts.get((x, y), 0) for x in js)

        prior = sum(c(y) for y in range(first, target))
        average = prior / ctx.f.window
        now = c(target)
        rows.append(
            {
                "jurisdiction": j,
                "year": target,
                "designations": now,
                "previous_years": prior,
                "average": round(average, 2),
                "change": round((now - average) / average, 4) if average else None,
            }
        )
    cols = [
        Column("jurisdiction", "Jurisdiction", "dimension"),
        Column("year", "Year", "dimension"),
        Column("designations", "Designations that year"),
        Column("previous_years", f"Designations in the {ctx.f.window} years before"),
        Column("average", f"{ctx.f.window}-year average", "number", ("previous_years",)),
        Column("change", "Change against the average", "rate", ("designations", "previous_years")),
    ]
    return cols, rows


# ---- victims ------------------------------------------------------------------------------------------


def _victim_recognition(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    # One row per recommended case, grouped by the case alone: its submissions carry the same groups_key,
    # so max() picks it. On PostgreSQL the groups stream from an index-only scan in case order
    # (ix_submissions_case_cover, migration 0015), not a hash of 100,000 cases that spills to disk.
    per_case = (
        recommendation_rows(ctx.src, ctx.f)
        .with_only_columns(
            func.max(Submission.groups_key).label("groups_key"),
            func.max(case((Submission.status == "designated", 1), else_=0)).label("designated"),
        )
        .group_by(Submission.case_id)
        .subquery("per_case")
    )
    # Grouped by key in SQL (a few hundred rows), spread over the key's groups here.
    stmt = select(
        per_case.c.groups_key, func.count(), func.coalesce(func.sum(per_case.c.designated), 0)
    ).group_by(per_case.c.groups_key)
    recommended = designated = 0
    found: dict[str, dict[str, int]] = {}
    with _streamed_groups(ctx):
        grouped = ctx.db.execute(stmt).tuples().all()
    for k, n, d in grouped:
        recommended, designated = recommended + n, designated + int(d)
        for g in {c for c in (k or "").split("|") if c}:
            x = found.setdefault(g, {"recommended_with": 0, "designated_with": 0})
            x["recommended_with"] += n
            x["designated_with"] += int(d)
    rows = []
    for g in VictimGroup:
        x = found.get(g.value, {"recommended_with": 0, "designated_with": 0})
        rows.append(
            {
                "victim_group": g.value,
                "marginalised": g.value in MARGINALISED,
                "designated_with": x["designated_with"],
                "designated_cases": designated,
                "designated_share": rate(x["designated_with"], designated),
                "recommended_with": x["recommended_with"],
                "recommended_cases": recommended,
                "recommended_share": rate(x["recommended_with"], recommended),
            }
        )
    cols = [
        Column("victim_group", "Victim group", "dimension"),
        Column("marginalised", "Marginalised group", "dimension"),
        Column("designated_with", "Designated cases recording it"),
        Column("designated_cases", "Designated cases"),
        Column("designated_share", "Share of designated", "rate", ("designated_with", "designated_cases")),
        Column("recommended_with", "Recommended cases recording it"),
        Column("recommended_cases", "Recommended cases"),
        Column(
            "recommended_share", "Share of recommended", "rate", ("recommended_with", "recommended_cases")
        ),
    ]
    return cols, rows


# ---- review operations --------------------------------------------------------------------------------


def _review_operations(ctx: Context) -> tuple[list[Column], list[dict[str, Any]]]:
    p, f = ctx.src.principal, ctx.f
    cases_ = scoping.cases(p).where(CaseFile.first_submitted_at.is_not(None), *case_filters(f))
    if f.years:
        cases_ = cases_.where(year_of(CaseFile.first_submitted_at).in_(f.years))
    if f.jurisdictions:
        cases_ = cases_.where(key_has_any(CaseFile.jurisdictions_key, f.jurisdictions))
    # One row per case: its decisions and its assignment joined to the case in scope (a decision or an
    # assignment is visible with its case: the rule of `scoping.decisions` / `assignments`).
    final = Decision.decision.in_(("approve", "reject"))
    per_case = (
        cases_.outerjoin(Decision, Decision.case_id == CaseFile.id)
        .outerjoin(Assignment, Assignment.case_id == CaseFile.id)
        .with_only_columns(
            CaseFile.id.label("case_id"),
            CaseFile.first_submitted_at.label("first_submitted_at"),
            func.min(Decision.created_at).label("first_decision"),
            func.max(case((final, Decision.created_at))).label("last_final"),
            func.coalesce(func.sum(case((Decision.decision == "request_changes", 1), else_=0)), 0).label(
                "rounds"
            ),
            func.min(Assignment.assigned_at).label("assigned_at"),
        )
        .group_by(CaseFile.id, CaseFile.first_submitted_at)
        .subquery("per_case")
    )
    pc = per_case.c
    # The first review act: the current assignment or the first decision, whichever came first.
    first_act = case(
        (pc.assigned_at.is_(None), pc.first_decision),
        (pc.first_decision.is_(None), pc.assigned_at),
        (pc.assigned_at < pc.first_decision, pc.assigned_at),
        else_=pc.first_decision,
    )
    facts = select(
        pc.case_id,
        days_elapsed(first_act, pc.first_submitted_at).label("queue_days"),
        days_elapsed(pc.last_final, first_act).label("review_days"),
        pc.rounds,
        first_act.is_(None).label("waiting"),
    ).subquery("facts")
    with _merge_joined(ctx):
        got = _review_stats_pg(ctx, facts) if _postgres(ctx) else _review_stats_ranked(ctx, facts)
    return _review_rows(got)


def _review_stats_pg(ctx: Context, facts: FromClause) -> dict[str, Any]:
    """PostgreSQL: nearest-rank quartiles are `percentile_disc` (the first value whose cumulative share
    reaches p), which ignores nulls: one aggregate pass, no window sorts."""
    k = facts.c

    def q(v: Any, prefix: str) -> list[Any]:
        return [
            func.percentile_disc(p).within_group(v).label(f"{prefix}_{name}")
            for p, name in ((0.25, "q1"), (0.5, "median"), (0.75, "q3"))
        ]

    stmt = select(
        func.count(k.queue_days).label("n_queue"),
        *q(k.queue_days, "queue"),
        func.count(k.review_days).label("n_review"),
        *q(k.review_days, "review"),
        *_review_counts(k),
    )
    return dict(ctx.db.execute(stmt).one()._mapping)


def _review_counts(k: Any) -> list[Any]:
    return [
        func.count().label("cases"),
        func.coalesce(func.sum(case((k.waiting, 1), else_=0)), 0).label("waiting"),
        func.coalesce(func.sum(k.rounds), 0).label("rounds"),
        func.coalesce(func.sum(case((k.rounds > 0, 1), else_=0)), 0).label("with_rounds"),
    ]


def _review_stats_ranked(ctx: Context, facts: FromClause) -> dict[str, Any]:
    # One pass: each measure ranked among the cases that have it (nulls in a partition of their own,
    # which the quartiles ignore), the counts beside.
    qd, rd = facts.c.queue_days, facts.c.review_days
    ranked = select(
        qd.label("qd"),
        rd.label("rd"),
        facts.c.rounds,
        facts.c.waiting,
        func.row_number().over(partition_by=qd.is_(None), order_by=qd).label("rq"),
        func.count().over(partition_by=qd.is_(None)).label("nq"),
        func.row_number().over(partition_by=rd.is_(None), order_by=rd).label("rr"),
        func.count().over(partition_by=rd.is_(None)).label("nr"),
    ).subquery("ranked")
    k = ranked.c
    stmt = select(
        func.count(k.qd).label("n_queue"),
        *(x.label(f"queue_{x.name}") for x in quartile_columns(k.qd, k.rq, k.nq)),
        func.count(k.rd).label("n_review"),
        *(x.label(f"review_{x.name}") for x in quartile_columns(k.rd, k.rr, k.nr)),
        *_review_counts(k),
    )
    return dict(ctx.db.execute(stmt).one()._mapping)


def _review_rows(got: dict[str, Any]) -> tuple[list[Column], list[dict[str, Any]]]:
    def days(v: Any) -> float | None:
        return None if v is None else round(float(v), 1)

    rows: list[dict[str, Any]] = [
        {
            "measure": m,
            "label": label,
            "n": got[f"n_{p}"],
            **{q: days(got[f"{p}_{q}"]) for q in ("q1", "median", "q3")},
        }
        for m, label, p in (
            ("queue_days", "Waiting in the queue (days)", "queue"),
            ("review_days", "In review (days)", "review"),
        )
    ]
    rows.append(
        {
            "measure": "changes_requested_rounds",
            "label": "Changes-requested rounds per case",
            "n": got["cases"],
            "q1": None,
            "median": rate(got["rounds"], got["cases"]),
            "q3": None,
            "cases_with_rounds": got["with_rounds"],
            "waiting_now": got["waiting"],
        }
    )
    for x in rows:
        x.setdefault("cases_with_rounds", None)
        x.setdefault("waiting_now", None)
    cols = [
        Column("measure", "Measure", "dimension"),
        Column("label", "Label", "dimension"),
        Column("n", "Cases"),
        Column("q1", "First quartile", "days", ("n",)),
        Column("median", "Median (rounds: mean)", "days", ("n",)),
        Column("q3", "Third quartile", "days", ("n",)),
        Column("cases_with_rounds", "Cases with changes requested"),
        Column("waiting_now", "Cases waiting for a first review act"),
    ]
    return cols, rows


# ---- the registry: every metric with its definition ---------------------------------------------------

_REC = (
    "A recommendation is a case file's package sent to one government (a submission with a sending "
    "date); its year is the year it was sent. "
)
METRICS: dict[str, Metric] = {
    m.id: m
    for m in [
        Metric(
            "recommendations_by_year",
            "Recommendations sent per jurisdiction per year",
            _REC + "Counted per jurisdiction and year of sending.",
            _REC_FILTERS,
            _recs_by_year,
        ),
        Metric(
            "recommendations_by_organisation",
            "Recommendations by organisation",
            _REC + "Counted per authoring organisation (NGO). In the public aggregates only organisations "
            "that consented are named; the others are summed as one row.",
            _REC_FILTERS,
            _recs_by_organisation,
        ),
        Metric(
            "recommendations_by_country",
            "Recommendations by country of the abuses",
            _REC + "Counted per country where the case file places an incident (ISO 3166-1); a case with "
            "incidents in two countries counts once in each, so the rows add up to more than the total.",
            _REC_FILTERS,
            _recs_by_country,
        ),
        Metric(
            "recommendations_by_region",
            "Recommendations by region (UN M49)",
            _REC + "Counted per UN M49 region of the countries of the abuses; a recommendation counts once "
            "per region it touches.",
            _REC_FILTERS,
            _recs_by_region,
        ),
        Metric(
            "recommendations_by_category",
            "Recommendations by abuse category",
            _REC + "Counted per abuse category the case file records (the coalition's taxonomy); a case "
            "with several categories counts once in each.",
            _REC_FILTERS,
            _recs_by_category,
        ),
        Metric(
            "recommendations_by_kind",
            "Recommendations: human rights or corruption",
            _REC + "Counted per kind of abuse (human rights, corruption) of the case file's categories; a "
            "case with both counts in both.",
            _REC_FILTERS,
            _recs_by_kind,
        ),
        Metric(
            "recommendations_by_victim_group",
            "Recommendations by victim group",
            _REC + "Counted per victim group the case file records.",
            _REC_FILTERS,
            _recs_by_victim_group,
        ),
        Metric(
            "outcomes",
            "Outcomes per jurisdiction",
            _REC + "Each counted by its current status: designated, declined, no response, or pending "
            "(sent, acknowledged, under consideration). Conversion rate = designated / sent; conversion "
            "rate of decided = designated / (designated + declined + no response).",
            _REC_FILTERS,
            _outcomes,
            group="outcomes",
        ),
        Metric(
            "time_to_designation",
            "Time from sending to designation",
            "Days from a recommendation's sending date to its designation date (else the day the outcome "
            "was recorded), over designated recommendations; quartiles by the nearest-rank method (Q1 at "
            "rank ceil(n/4), median at ceil(n/2), Q3 at ceil(3n/4)).",
            _REC_FILTERS,
            _time_to_designation,
            group="outcomes",
        ),
        Metric(
            "open_submissions",
            "Open submissions older than N months",
            _REC + "Pending recommendations (sent, acknowledged, under consideration), and those among "
            "them sent more than `months` months (default 6) before today.",
            (*_REC_FILTERS, "months"),
            _open_submissions,
            group="outcomes",
        ),
        Metric(
            "designations",
            "Magnitsky-style designations per jurisdiction per year",
            "Entries of the official lists under a Magnitsky-style programme (US GLOMAG and the 2012 Act, "
            "UK Global Human Rights and Global Anti-Corruption, Canada JVCFOA, EU Global Human Rights), "
            "delisted ones included, by the year designated: the list's listing date, else (OFAC gives "
            "none) the first imported version that had the entry. 'For ties' are entries the list itself "
            "designates for links to another designee (OFAC's 'Linked To:' remark); the other lists do "
            "not say, so their entries count as direct.",
            _LIST_FILTERS,
            _designations_by_year,
            group="designations",
        ),
        Metric(
            "civil_society_basis",
            "Civil-society basis share",
            "Of the Magnitsky-style designations (see designations), the share preceded by a coalition "
            "submission of that person to that jurisdiction: a confirmed designation match ties the "
            "entry to a case file, and that case was sent to the entry's jurisdiction on or before the "
            "designation day. An organisation sees the share its own submissions account for.",
            (*_LIST_FILTERS, "organisations"),
            _civil_society_basis,
            group="designations",
        ),
        Metric(
            "multilateral",
            "Multilateral rate",
            "Of each jurisdiction's Magnitsky-style designations, those whose person is also designated "
            "under a Magnitsky-style programme by another of the four (a 'likely' cross-list match). The "
            "'all (persons)' row counts persons, not entries: an entry matched in m other jurisdictions "
            "weighs 1/(1+m), so a person on k lists counts once.",
            _LIST_FILTERS,
            _multilateral,
            group="designations",
        ),
        Metric(
            "overlap",
            "Pairwise overlap of designations",
            "Row A, column B: A's Magnitsky-style designations whose person B also designated under a "
            "Magnitsky-style programme (a 'likely' cross-list match); the diagonal is A's own total.",
            _LIST_FILTERS,
            _overlap,
            group="designations",
        ),
        Metric(
            "designation_basis",
            "Corruption or human rights",
            "Magnitsky-style designations by the abuse they answer: the programme where it says (UK "
            "Global Anti-Corruption: corruption; UK Global Human Rights, the EU regime and the US 2012 "
            "Act: human rights); else (US GLOMAG, Canada JVCFOA) the abuses of the case files confirmed "
            "as that person (corruption only: corruption; any human-rights abuse: human rights); else "
            "not known. Corruption share = corruption / (corruption + human rights).",
            _LIST_FILTERS,
            _designation_basis,
            group="designations",
        ),
        Metric(
            "allied_share",
            "Designations in allied countries",
            "Magnitsky-style designations whose entry gives a country (nationality, citizenship or "
            "country) among the allies: by default NATO and EU members, the Five Eyes, Japan, South "
            "Korea, the Philippines, Thailand and Israel; configurable (`allies`).",
            (*_LIST_FILTERS, "allies"),
            _allied_share,
            group="designations",
        ),
        Metric(
            "year_over_year",
            "Change against the multi-year average",
            "Magnitsky-style designations in a year (the last of `years`, default last year) against the "
            "average of the `window` years before it (default 5): change = (count - average) / average.",
            ("years", "jurisdictions", "regions", "window"),
            _year_over_year,
            group="designations",
        ),
        Metric(
            "victim_recognition",
            "Recognition of victims",
            "For each victim group: among recommended case files that have been designated by at least "
            "one jurisdiction, the share whose case file records that group, against the same share "
            "among all recommended case files. Marginalised groups: women, children, LGBTQI+ persons, "
            "Indigenous persons, persons with disabilities.",
            _REC_FILTERS,
            _victim_recognition,
            group="victims",
        ),
        Metric(
            "review_operations",
            "Review operations",
            "Over case files submitted to the coalition (by year of first submission): waiting in the "
            "queue = days from first submission to the first review act (the current assignment or the "
            "first decision, whichever came first); in review = days from that act to the last approval "
            "or rejection; changes-requested rounds = request-changes decisions per case (mean). "
            "Quartiles by the nearest-rank method. Not part of the public aggregates.",
            ("years", "jurisdictions", "organisations", "categories", "regions"),
            _review_operations,
            public=False,
            group="operations",
        ),
    ]
}

DEFINITIONS: dict[str, str] = {m.id: m.definition for m in METRICS.values()}
