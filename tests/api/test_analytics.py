"""Coalition analytics: every metric on a small hand-counted world (tests/support/analytics_fixture.py,
whose docstring holds the tables the numbers below are counted from), on PostgreSQL and SQLite; filters;
tenant rules; small-cell suppression; the annual report (pdftotext); the demo history."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine
from app.models.identity import Organization, User
from app.workflows.analytics import METRICS, Filters, Scope, compute
from app.workflows.analytics.base import suppress
from app.workflows.analytics.metrics import OTHER_ORGS
from tests.support.analytics_fixture import TODAY, World, build, make_orgs, rows_by

V1 = "/api/v1/analytics"


def _pg_world(db: Session) -> World:
    def org(name: str) -> str:
        return db.execute(select(Organization.id).where(Organization.name == name)).scalar_one()

    coordinator = db.execute(
        select(User.id).where(User.email == "coordinator.a@coalition.example")
    ).scalar_one()
    w = build(
        db,
        org("Demo Sanctions Coalition"),
        org("Lantern Rights Watch"),
        org("Open Ledger Initiative"),
        coordinator,
    )
    db.commit()
    return w


@pytest.fixture
def pg_world(db: Session) -> World:
    return _pg_world(db)


@pytest.fixture(params=["postgresql", "sqlite"])
def world_db(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "postgresql":
        db = request.getfixturevalue("db")
        yield _pg_world(db), db
        return
    url = f"sqlite:///{tmp_path / 'analytics.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as s:
        yield build(s, *make_orgs(s)), s
    engine.dispose()


def run(
    db: Session, w: World, metric: str, who: str = "coalition", scope: Scope = Scope.tenant, **kw: Any
) -> Any:
    return compute(db, w.principal(who), metric, Filters(today=TODAY, **kw), scope)


def pick(rows: dict[Any, dict[str, Any]], *keys: str) -> dict[Any, tuple[Any, ...]]:
    return {k: tuple(r[c] for c in keys) for k, r in rows.items()}


J = ("us", "uk", "ca", "eu", "total")


# ---- each metric, hand-counted --------------------------------------------------------------------------


def test_recommendations(world_db: Any) -> None:
    w, db = world_db
    by_year = rows_by(run(db, w, "recommendations_by_year"), "year")
    # S1-S10 (S11 was never sent, C6 never submitted)
    assert pick(by_year, *J) == {2023: (2, 1, 1, 1, 5), 2024: (2, 1, 0, 1, 4), 2025: (0, 0, 1, 0, 1)}
    by_org = rows_by(run(db, w, "recommendations_by_organisation"), "org_id")
    assert pick(by_org, *J) == {w.org_a: (3, 2, 1, 1, 7), w.org_b: (1, 0, 1, 1, 3)}
    by_country = rows_by(run(db, w, "recommendations_by_country"), "country")
    assert pick(by_country, "region", *J) == {
        "RU": ("Europe", 2, 2, 0, 1, 5),
        "BY": ("Europe", 1, 1, 0, 0, 2),
        "KE": ("Africa", 1, 0, 1, 0, 2),
        "CN": ("Asia", 1, 0, 0, 1, 2),
        "(not recorded)": ("(not recorded)", 0, 0, 1, 0, 1),
    }
    by_region = rows_by(run(db, w, "recommendations_by_region"), "region")
    # Europe: C1 (S1-S3) and C3 (S6, S7), counted once though C3 has two European countries
    assert pick(by_region, "total") == {"Europe": (5,), "Africa": (2,), "Asia": (2,), "(not recorded)": (1,)}
    by_kind = rows_by(run(db, w, "recommendations_by_kind"), "kind")
    assert pick(by_kind, *J) == {"human_rights": (3, 2, 0, 2, 7), "corruption": (2, 1, 2, 0, 5)}
    by_cat = rows_by(run(db, w, "recommendations_by_category"), "category")
    assert pick(by_cat, "total") == {
        "torture": (5,),
        "arbitrary_detention": (2,),
        "bribery": (2,),
        "embezzlement": (2,),
        "kleptocracy": (1,),
    }
    by_group = rows_by(run(db, w, "recommendations_by_victim_group"), "victim_group")
    assert pick(by_group, "total") == {
        "women": (5,),
        "children": (3,),
        "indigenous": (2,),
        "journalists": (2,),
        "(not recorded)": (3,),
    }


def test_outcomes_and_times(world_db: Any) -> None:
    w, db = world_db
    out = rows_by(run(db, w, "outcomes"), "jurisdiction")
    cols = (
        "sent",
        "designated",
        "declined",
        "no_response",
        "pending",
        "conversion_rate",
        "decided_conversion_rate",
    )
    assert pick(out, *cols) == {
        "us": (4, 2, 0, 1, 1, 0.5, 0.6667),
        "uk": (2, 1, 1, 0, 0, 0.5, 0.5),
        "ca": (2, 1, 0, 0, 1, 0.5, 1.0),
        "eu": (2, 0, 0, 1, 1, 0.0, 0.0),
        "all": (10, 4, 1, 2, 3, 0.4, 0.5714),
    }
    t = rows_by(run(db, w, "time_to_designation"), "jurisdiction")
    # us: 312, 366 days; uk 184; ca 30; all sorted 30, 184, 312, 366 (nearest rank: 1, 2, 3)
    assert pick(t, "n", "q1", "median", "q3") == {
        "us": (2, 312, 312, 366),
        "uk": (1, 184, 184, 184),
        "ca": (1, 30, 30, 30),
        "all": (4, 30, 184, 312),
    }
    o = rows_by(run(db, w, "open_submissions", months=6), "jurisdiction")
    assert pick(o, "pending", "older") == {"us": (1, 1), "ca": (1, 1), "eu": (1, 1), "all": (3, 3)}
    # 30 months before 2026-06-30 is 2023-12-30: only S5 (2023-04-15) is older
    o = rows_by(run(db, w, "open_submissions", months=30), "jurisdiction")
    assert pick(o, "pending", "older") == {"us": (1, 0), "ca": (1, 1), "eu": (1, 0), "all": (3, 1)}


def test_list_metrics(world_db: Any) -> None:
    w, db = world_db
    d = {
        (r["jurisdiction"], r["year"]): (r["designations"], r["direct"], r["ties"])
        for r in run(db, w, "designations").rows
    }
    assert d == {
        ("us", 2022): (1, 1, 0),
        ("us", 2023): (3, 2, 1),  # E3 is "Linked To:" another designee
        ("uk", 2023): (1, 1, 0),
        ("uk", 2024): (1, 1, 0),
        ("ca", 2025): (1, 1, 0),
        ("eu", 2022): (1, 1, 0),
        ("eu", 2024): (1, 1, 0),
    }
    basis = rows_by(run(db, w, "civil_society_basis"), "jurisdiction")
    # E2 (S1), E3 (S4), E7 (S7), E8 (S10); E9's submission S8 came after its designation
    assert pick(basis, "designations", "with_submission", "share") == {
        "us": (4, 2, 0.5),
        "uk": (2, 1, 0.5),
        "ca": (1, 1, 1.0),
        "eu": (2, 0, 0.0),
        "all": (9, 4, 0.4444),
    }
    multi = rows_by(run(db, w, "multilateral"), "jurisdiction")
    # one person on three lists (E2, E6, E9); 6 other entries alone: 7 persons, 1 multilateral
    assert pick(multi, "designations", "also_elsewhere", "rate") == {
        "us": (4, 1, 0.25),
        "uk": (2, 1, 0.5),
        "ca": (1, 0, 0.0),
        "eu": (2, 1, 0.5),
        "all (persons)": (7, 1, 0.1429),
    }
    overlap = rows_by(run(db, w, "overlap"), "jurisdiction")
    assert pick(overlap, "us", "uk", "ca", "eu") == {
        "us": (4, 1, 0, 1),
        "uk": (1, 2, 0, 1),
        "ca": (0, 0, 1, 0),
        "eu": (1, 1, 0, 2),
    }
    kinds = rows_by(run(db, w, "designation_basis"), "jurisdiction")
    # us: E2 from C1 (torture), E3 from C2 (bribery), E1 and E4 unknown (E4's match was rejected)
    assert pick(kinds, "corruption", "human_rights", "unknown", "corruption_share") == {
        "us": (1, 1, 2, 0.5),
        "uk": (1, 1, 0, 0.5),
        "ca": (1, 0, 0, 1.0),
        "eu": (0, 2, 0, 0.0),
        "all": (3, 4, 2, 0.4286),
    }
    allied = rows_by(run(db, w, "allied_share"), "jurisdiction")
    assert pick(allied, "designations", "allied", "allied_share") == {
        "us": (4, 1, 0.25),  # E4 (gb)
        "uk": (2, 0, 0.0),
        "ca": (1, 0, 0.0),
        "eu": (2, 0, 0.0),
        "all": (9, 1, 0.1111),
    }
    # with Russia as an "ally": E1, E2 (us), E6 (uk), E10 (eu)
    allied = rows_by(run(db, w, "allied_share", allies=("ru",)), "jurisdiction")
    assert pick(allied, "allied") == {"us": (2,), "uk": (1,), "ca": (0,), "eu": (1,), "all": (4,)}
    from app.config import Settings

    configured = compute(
        db, w.principal("coalition"), "allied_share", Filters(), settings=Settings(analytics_allies="RU, by")
    )
    assert pick(rows_by(configured, "jurisdiction"), "allied")["uk"] == (2,)  # E6 (ru), E7 (by)
    yoy = rows_by(run(db, w, "year_over_year", years=(2024,), window=2), "jurisdiction")
    assert pick(yoy, "designations", "previous_years", "average", "change") == {
        "us": (0, 4, 2.0, -1.0),
        "uk": (1, 1, 0.5, 1.0),
        "ca": (0, 0, 0.0, None),
        "eu": (1, 1, 0.5, 1.0),
        "all": (2, 6, 3.0, -0.3333),
    }


def test_victims_and_review(world_db: Any) -> None:
    w, db = world_db
    v = rows_by(run(db, w, "victim_recognition"), "victim_group")
    cols = (
        "designated_with",
        "designated_cases",
        "designated_share",
        "recommended_with",
        "recommended_share",
    )
    # designated: C1, C2, C3, C5 (C4 only declined or pending); recommended: C1-C5
    assert pick(v, *cols)["women"] == (1, 4, 0.25, 2, 0.4)
    assert pick(v, *cols)["children"] == (1, 4, 0.25, 1, 0.2)
    assert pick(v, *cols)["indigenous"] == (1, 4, 0.25, 1, 0.2)
    assert pick(v, *cols)["journalists"] == (0, 4, 0.0, 1, 0.2)
    assert pick(v, *cols)["lgbtqi"] == (0, 4, 0.0, 0, 0.0)
    assert v["women"]["marginalised"] is True and v["journalists"]["marginalised"] is False
    r = rows_by(run(db, w, "review_operations"), "measure")
    # queue: C1 10 (first decision), C2 5, C3 2, C4 1 (assignments) → 1, 2, 5, 10; C5 still waiting
    assert pick(r, "n", "q1", "median", "q3")["queue_days"] == (4, 1.0, 2.0, 5.0)
    # in review: C1 30-10, C2 12-5, C3 9-2 → 7, 7, 20
    assert pick(r, "n", "q1", "median", "q3")["review_days"] == (3, 7.0, 7.0, 20.0)
    rounds = r["changes_requested_rounds"]
    assert (rounds["n"], rounds["median"], rounds["cases_with_rounds"], rounds["waiting_now"]) == (
        5,
        0.6,
        2,
        1,
    )


# ---- filters --------------------------------------------------------------------------------------------


def test_filters(world_db: Any) -> None:
    w, db = world_db
    assert pick(rows_by(run(db, w, "recommendations_by_year", years=(2024,)), "year"), "total") == {
        2024: (4,)
    }
    out = rows_by(run(db, w, "outcomes", jurisdictions=("us",)), "jurisdiction")
    assert pick(out, "sent", "designated") == {"us": (4, 2), "all": (4, 2)}
    # corruption cases C2, C3, C5: C3 is also a human-rights case
    kinds = rows_by(run(db, w, "recommendations_by_kind", categories=("corruption",)), "kind")
    assert pick(kinds, "total") == {"corruption": (5,), "human_rights": (2,)}
    cats = rows_by(run(db, w, "recommendations_by_kind", categories=("bribery",)), "kind")
    assert pick(cats, "total") == {"corruption": (2,)}
    europe = rows_by(run(db, w, "recommendations_by_year", regions=("Europe",)), "year")
    assert pick(europe, "total") == {2023: (3,), 2024: (2,)}
    kenya = rows_by(run(db, w, "recommendations_by_year", regions=("ke",)), "year")
    assert pick(kenya, "total") == {2023: (2,)}
    b = rows_by(run(db, w, "outcomes", organisations=(w.org_b,)), "jurisdiction")
    assert b["all"]["sent"] == 3
    # list metrics: years, jurisdictions, regions
    basis = rows_by(run(db, w, "civil_society_basis", years=(2024,)), "jurisdiction")
    assert pick(basis, "designations", "with_submission") == {"uk": (1, 1), "eu": (1, 0), "all": (2, 1)}
    multi = rows_by(run(db, w, "multilateral", jurisdictions=("us", "uk")), "jurisdiction")
    # the EU's E9 no longer counts: E2 and E6 are each on one other list
    assert pick(multi, "designations", "also_elsewhere") == {
        "us": (4, 1),
        "uk": (2, 1),
        "all (persons)": (5, 1),
    }
    russia = rows_by(run(db, w, "designations", regions=("Eastern Europe",)), "jurisdiction")
    assert sum(r["designations"] for r in run(db, w, "designations", regions=("Eastern Europe",)).rows) == 5
    assert set(russia) == {"us", "uk", "eu"}
    # organisations on the civil-society basis: NGO B's cases account for E8 only
    mine = rows_by(run(db, w, "civil_society_basis", organisations=(w.org_b,)), "jurisdiction")
    assert mine["all"]["with_submission"] == 1


def test_bad_filters_are_422_naming_the_parameter(world_db: Any) -> None:
    from app.errors import Invalid, NotFound

    w, db = world_db
    for kw, loc in (
        ({"jurisdictions": ("fr",)}, "jurisdictions"),
        ({"categories": ("arson",)}, "categories"),
        ({"regions": ("Atlantis",)}, "regions"),
        ({"allies": ("zz",)}, "allies"),
        ({"years": (1066,)}, "years"),
    ):
        with pytest.raises(Invalid) as e:
            run(db, w, "outcomes", **kw)
        assert e.value.errors[0]["loc"] == ["query", loc]
    with pytest.raises(NotFound):
        run(db, w, "no_such_metric")


# ---- tenant rules ---------------------------------------------------------------------------------------


def test_ngo_sees_its_own_figures(world_db: Any) -> None:
    from app.errors import NotFound

    w, db = world_db
    a = rows_by(run(db, w, "recommendations_by_year", who="a"), "year")
    assert pick(a, "total") == {2023: (5,), 2024: (2,)}  # S1-S7 only
    assert [r["org_id"] for r in run(db, w, "recommendations_by_organisation", who="a").rows] == [w.org_a]
    basis = rows_by(run(db, w, "civil_society_basis", who="b"), "jurisdiction")
    assert basis["all"]["with_submission"] == 1  # E8, from NGO B's C5
    review = rows_by(run(db, w, "review_operations", who="a"), "measure")
    assert review["queue_days"]["n"] == 3  # C1-C3
    for foreign in (w.org_b, "0" * 32):
        with pytest.raises(NotFound) as e:
            run(db, w, "outcomes", who="a", organisations=(foreign,))
        assert e.value.detail == "Unknown organisation"  # the same for a real and a made-up id


def test_public_aggregates_suppress_small_cells(world_db: Any) -> None:
    w, db = world_db
    for who in ("a", "coalition"):
        r = run(db, w, "recommendations_by_year", who=who, scope=Scope.public)
        rows = rows_by(r, "year")
        # every tenant's figures, cells 1-4 suppressed, zeros kept
        assert pick(rows, *J) == {
            2023: (None, None, None, None, 5),
            2024: (None, None, 0, None, None),
            2025: (0, 0, None, 0, None),
        }
        assert (0, "us") in r.suppressed and (1, "total") in r.suppressed
    orgs = run(db, w, "recommendations_by_organisation", who="a", scope=Scope.public)
    # nobody agreed to be named: one row for all
    assert [(x["organisation"], x["org_id"], x["total"]) for x in orgs.rows] == [(OTHER_ORGS, None, 10)]
    out = rows_by(run(db, w, "outcomes", who="b", scope=Scope.public), "jurisdiction")
    # 4 of 10 designated: the count is suppressed, and so is the rate resting on it
    assert pick(out, "sent", "designated", "conversion_rate") == {
        "us": (None, None, None),
        "uk": (None, None, None),
        "ca": (None, None, None),
        "eu": (None, 0, None),
        "all": (10, None, None),
    }
    t = rows_by(run(db, w, "time_to_designation", who="a", scope=Scope.public), "jurisdiction")
    assert t["all"]["n"] is None and t["all"]["median"] is None
    opened = run(db, w, "open_submissions", who="a", scope=Scope.public)
    assert all("oldest_sent_on" not in x for x in opened.rows)  # a date could single one out


def test_suppression_keeps_what_it_may() -> None:
    from app.workflows.analytics.base import Column, MetricResult

    r = MetricResult(
        "m",
        "t",
        "d",
        [
            Column("k", "k", "dimension"),
            Column("n", "n"),
            Column("of", "of"),
            Column("share", "s", "rate", ("n", "of")),
        ],
        [
            {"k": 3, "n": 5, "of": 10, "share": 0.5},
            {"k": 4, "n": 4, "of": 10, "share": 0.4},
            {"k": 1, "n": 0, "of": 9, "share": 0.0},
        ],
    )
    suppress(r)
    assert [tuple(x.values()) for x in r.rows] == [(3, 5, 10, 0.5), (4, None, 10, None), (1, 0, 9, 0.0)]
    assert r.suppressed == [(1, "n"), (1, "share")]


def test_public_organisation_filter_and_consent(pg_world: World, as_: dict[str, Any]) -> None:
    a, admin_a, coord = as_["researcher_a"], as_["org_admin_a"], as_["coordinator_a"]
    url = f"{V1}/recommendations_by_organisation"
    r = a.get(url, params={"scope": "public", "organisations": pg_world.org_a})
    assert r.status_code == 404, r.text  # not named: its figures are not singled out
    assert a.put(f"{V1}/publication", json={"named": True}).status_code == 403  # a researcher
    assert coord.put(f"{V1}/publication", json={"named": True}).status_code == 403
    r = admin_a.put(f"{V1}/publication", json={"named": True})
    assert r.status_code == 200 and r.json()["named"] is True, r.text
    assert a.get(f"{V1}/publication").json()["named"] is True
    assert as_["researcher_b"].get(f"{V1}/publication").json()["named"] is False
    rows = as_["researcher_b"].get(url, params={"scope": "public"}).json()["rows"]
    assert [(x["organisation"], x["total"]) for x in rows] == [
        ("Lantern Rights Watch", 7),
        (OTHER_ORGS, None),
    ]
    r = a.get(url, params={"scope": "public", "organisations": pg_world.org_a})
    assert r.status_code == 200 and [x["total"] for x in r.json()["rows"]] == [7]


def test_tenant_rules(pg_world: World, as_: dict[str, Any]) -> None:
    a, b, coord, admin = (
        as_["researcher_a"],
        as_["researcher_b"],
        as_["coordinator_a"],
        as_["coalition_admin"],
    )
    url = f"{V1}/recommendations_by_organisation"
    # an NGO: its own figures; the coalition: every organisation's
    assert [x["org_id"] for x in a.get(url).json()["rows"]] == [pg_world.org_a]
    assert [x["org_id"] for x in b.get(url).json()["rows"]] == [pg_world.org_b]
    assert sorted(x["org_id"] for x in coord.get(url).json()["rows"]) == sorted(
        [pg_world.org_a, pg_world.org_b]
    )
    assert sorted(x["org_id"] for x in admin.get(url).json()["rows"]) == sorted(
        [pg_world.org_a, pg_world.org_b]
    )
    # another NGO's figures are a 404, the same as for an id that does not exist
    real = a.get(url, params={"organisations": pg_world.org_b})
    fake = a.get(url, params={"organisations": "f" * 32})
    assert real.status_code == fake.status_code == 404 and real.json()["detail"] == fake.json()["detail"]
    # the coalition filters on any organisation
    assert coord.get(url, params={"organisations": pg_world.org_b}).json()["rows"][0]["total"] == 3
    # no foreign id, title or perpetrator in any answer to an NGO
    secret = {pg_world.org_b, *[pg_world.cases[c] for c in ("C4", "C5")], "Fixture case C4"}
    for m in METRICS:
        for scope in ("tenant", "public") if METRICS[m].public else ("tenant",):
            r = a.get(f"{V1}/{m}", params={"scope": scope})
            assert r.status_code == 200, (m, r.text)
            assert not [s for s in secret if s in r.text], (m, scope)
    # not published, and not for an NGO to build
    assert a.get(f"{V1}/review_operations", params={"scope": "public"}).status_code == 422
    assert a.post(f"{V1}/report", params={"year": 2024}).status_code == 403
    assert a.get(f"{V1}/no_such_metric").status_code == 404
    r = a.get(f"{V1}/outcomes", params={"jurisdictions": "fr"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "jurisdictions"]


def test_api_json_and_csv(pg_world: World, as_: dict[str, Any]) -> None:
    coord = as_["coordinator_a"]
    cat = coord.get(V1).json()
    assert set(cat["definitions"]) == set(METRICS) and all(len(d) > 60 for d in cat["definitions"].values())
    assert cat["small_cell"] == 5
    r = coord.get(f"{V1}/outcomes", params={"jurisdictions": ["us", "uk"], "years": [2023, 2024]})
    body = r.json()
    assert body["definition"].startswith("A recommendation is")
    assert [x["jurisdiction"] for x in body["rows"]] == ["us", "uk", "all"]
    assert body["filters"]["jurisdictions"] == ["us", "uk"] and body["filters"]["years"] == [2023, 2024]
    r = coord.get(f"{V1}/recommendations_by_year", params={"format": "csv", "scope": "public"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="recommendations_by_year.csv"' in r.headers["content-disposition"]
    lines = list(csv.reader(io.StringIO(r.text)))
    assert lines == [
        ["year", "us", "uk", "ca", "eu", "total"],
        ["2023", "<5", "<5", "<5", "<5", "5"],
        ["2024", "<5", "<5", "0", "<5", "<5"],
        ["2025", "0", "0", "<5", "0", "<5"],
    ]
    r = as_["researcher_b"].get(f"{V1}/public-export", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {x["metric"] for x in rows} == {m for m, x in METRICS.items() if x.public}
    assert not any("Fixture case" in x["value"] for x in rows)
    assert {
        x["value"]
        for x in rows
        if x["metric"] == "recommendations_by_organisation" and x["column"] == "organisation"
    } == {OTHER_ORGS}
    exported = as_["researcher_b"].get(f"{V1}/public-export", params={"years": 2023}).json()["metrics"]
    assert all(m["scope"] == "public" for m in exported)


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_annual_report(pg_world: World, as_: dict[str, Any], tmp_path: Path) -> None:
    coord = as_["coordinator_a"]
    started = time.monotonic()
    r = coord.post(f"{V1}/report", params={"year": 2024, "scope": "tenant"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf", r.text[:300]
    assert time.monotonic() - started < 30
    text = _pdftotext(r.content, tmp_path)
    assert "Coalition annual report 2024" in text and "Internal edition" in text
    # the 2024 civil-society basis table: uk E7 with a submission, eu E9 without; 1 of 2 in all
    assert "Civil-society basis of this year's designations" in text
    assert "United Kingdom" in text and "Civil-society basis share" in text
    assert "all 2 1 50.0%" in text
    # outcomes of every recommendation up to 2024 (S1-S9): S1, S4, S7 designated, S2 declined, S3 and
    # S9 no response, S5, S6, S8 pending
    assert "all 9 3 1 2 3 33.3% 50.0%" in text
    # victims up to 2024: C1-C4 recommended, C1-C3 designated; women in C1 and C4
    assert "Recognition of victims" in text and "women yes 1 3 33.3% 2 4 50.0%" in text
    # the same data, the same bytes; the annex holds the same figures
    again = coord.post(f"{V1}/report", params={"year": 2024, "scope": "tenant"})
    assert again.content == r.content
    z = coord.post(f"{V1}/report", params={"year": 2024, "scope": "tenant", "format": "zip"})
    with zipfile.ZipFile(io.BytesIO(z.content)) as zf:
        assert zf.namelist() == ["annual-report-2024.pdf", "annual-report-2024-annex.csv"]
        annex = list(csv.DictReader(io.StringIO(zf.read("annual-report-2024-annex.csv").decode())))
    share = [x for x in annex if x["metric"] == "civil_society_basis" and x["column"] == "share"]
    assert [x["value"] for x in share][-1] == "0.5"
    # the public edition suppresses small cells
    pub = coord.post(f"{V1}/report", params={"year": 2024})
    text = _pdftotext(pub.content, tmp_path)
    assert "Published aggregates" in text and "<5" in text and "Internal edition" not in text
    assert coord.post(f"{V1}/report", params={"year": 2099}).status_code == 422


# ---- the demo history -----------------------------------------------------------------------------------


def test_demo_history(db: Session) -> None:
    from app.models.cases import CaseFile
    from app.models.packages import Submission
    from app.schemas.case_content import CaseContent
    from app.workflows import scoping
    from app.workflows.demo_analytics import seed_history

    started = time.monotonic()
    made = seed_history(db, today=TODAY)
    assert time.monotonic() - started < 10, "the demo seed must stay fast"
    assert made["cases"] > 150 and made["submissions"] > 300, made
    assert seed_history(db, today=TODAY) == {}  # once only
    subs = db.execute(scoping.unscoped_submissions()).scalars().all()
    assert {s.status.value for s in subs} >= {
        "sent",
        "acknowledged",
        "under_consideration",
        "designated",
        "declined",
        "no_response",
    }
    assert {s.jurisdiction for s in subs} == {"us", "uk", "ca", "eu"}
    years = {s.sent_on.year for s in subs if s.sent_on}
    assert min(years) == 2017 and max(years) == TODAY.year
    assert all(s.sent_on >= date(2020, 7, 6) for s in subs if s.jurisdiction == "uk" and s.sent_on)
    cases = (
        db.execute(scoping.unscoped_cases().where(CaseFile.id.in_({s.case_id for s in subs}))).scalars().all()
    )
    for c in cases:
        CaseContent.model_validate(c.content)  # what the case pages read is valid content
    assert {s.case_id for s in subs} <= {c.id for c in cases}
    named = set(db.execute(scoping.unscoped_named_organisations()).scalars())
    assert len(named) == 2
    assert db.execute(scoping.unscoped_submissions().where(Submission.status == "designated")).first()


def test_every_metric_answers_on_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as s:
        w = World(*make_orgs(s), {}, {})
        for mid, m in METRICS.items():
            for scope in (Scope.tenant, Scope.public) if m.public else (Scope.tenant,):
                r = compute(s, w.principal("a"), mid, Filters(today=TODAY), scope)
                assert [c.name for c in r.columns], mid
        out = rows_by(run(s, w, "outcomes"), "jurisdiction")
        assert out == {
            "all": {
                "jurisdiction": "all",
                "sent": 0,
                "designated": 0,
                "declined": 0,
                "no_response": 0,
                "pending": 0,
                "conversion_rate": None,
                "decided_conversion_rate": None,
            }
        }
    engine.dispose()
