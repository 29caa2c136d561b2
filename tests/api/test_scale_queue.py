"""Issue #14: a review queue and a case search that don't grow with the table.

- A page of summaries never loads (nor decodes) the case content or the search columns.
- The per-state counts can be answered from an index alone (ix_case_files_coalition_status).
- Name and title search has a pg_trgm index (migration 0011_scale_indexes) and keeps the transliteration
  behaviour: "Gromov" finds "Громов Виктор Александрович".
- The queue and the case list page by keyset (a cursor), not OFFSET.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event

from tests.support.review_flow import new_case, submit


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def keep(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", keep)
    yield seen
    event.remove(engine, "before_cursor_execute", keep)


def _case_selects(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM case_files" in s]


def _first_select_list(statement: str) -> str:
    return statement.split("FROM", 1)[0]


@pytest.fixture
def submitted(as_: dict[str, Any]) -> list[dict[str, Any]]:
    researcher = as_["researcher_a"]
    made = [new_case(researcher, title=f"Zarechny detentions {i}") for i in range(3)]
    for case in made:
        submit(researcher, case["id"])
    return made


def test_queue_page_loads_summaries_only(
    as_: dict[str, Any], submitted: list[dict[str, Any]], statements: list[str]
) -> None:
    statements.clear()
    r = as_["coordinator_a"].get("/api/v1/review/queue", params={"limit": 2})
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["items"]) == 2 and body["next_cursor"]
    assert body["counts"].get("submitted", 0) >= 3
    page = [s for s in _case_selects(statements) if "ORDER BY" in s]
    assert page, statements
    for s in page:
        columns = _first_select_list(s)
        assert "case_files.title" in columns
        assert "case_files.content" not in columns and "case_files.search_text" not in columns
    # The next page by its cursor: no OFFSET anywhere.
    r2 = as_["coordinator_a"].get("/api/v1/review/queue", params={"limit": 2, "cursor": body["next_cursor"]})
    assert r2.status_code == 200
    assert not {i["id"] for i in r2.json()["items"]} & {i["id"] for i in body["items"]}
    assert not any(" OFFSET " in s.upper() for s in statements)


def test_case_list_loads_summaries_only(
    as_: dict[str, Any], submitted: list[dict[str, Any]], statements: list[str]
) -> None:
    statements.clear()
    r = as_["researcher_a"].get("/api/v1/cases", params={"limit": 2})
    assert r.status_code == 200 and len(r.json()["items"]) == 2
    page = [s for s in _case_selects(statements) if "ORDER BY" in s]
    assert page and all("case_files.content" not in _first_select_list(s) for s in page)


def test_a_case_read_after_a_list_still_has_its_content(
    as_: dict[str, Any], submitted: list[dict[str, Any]]
) -> None:
    researcher = as_["researcher_a"]
    assert researcher.get("/api/v1/cases").status_code == 200
    case = researcher.get(f"/api/v1/cases/{submitted[0]['id']}").json()
    assert case["content"]["perpetrators"]


def test_search_keeps_transliteration(as_: dict[str, Any], submitted: list[dict[str, Any]]) -> None:
    coordinator = as_["coordinator_a"]
    for q in ("Gromov", "громов", "Zarechny detentions 1"):
        r = coordinator.get("/api/v1/review/queue", params={"q": q})
        assert r.status_code == 200
        assert {c["id"] for c in submitted} & {i["id"] for i in r.json()["items"]}, q
    assert coordinator.get("/api/v1/review/queue", params={"q": "Nobody-by-that-name"}).json()["items"] == []


# ---- the plans, on a scratch database with enough rows for the planner to mean it ----------------------


@pytest.fixture(scope="module")
def big_table(pg_url: str) -> Iterator[Any]:
    import psycopg

    from app import migrate
    from tests.conftest import scratch_database

    url = scratch_database("queue_plans")
    migrate.upgrade(url)
    from sqlalchemy.orm import Session

    from app.db import make_engine
    from app.models.identity import Organization, OrgKind

    engine = make_engine(url)
    with Session(engine) as db:
        db.add(Organization(id="o1", name="NGO", kind=OrgKind.ngo, country="UA"))
        db.commit()
    engine.dispose()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(
            """
            INSERT INTO case_files (id, org_id, title, status, target_jurisdictions, content, version,
                revision_number, created_at, updated_at, status_changed_at, first_submitted_at, search_text,
                jurisdictions_key, categories_key, groups_key, countries_key)
            SELECT md5(i::text), 'o1', 'Case ' || i, st, '[]', '{}', 1, 1, now(), now(),
                now() - make_interval(mins => i), CASE WHEN st = 'draft' THEN NULL ELSE now() END,
                'case ' || i || E'\n' || 'name' || i || ' holdings', '|', '|', '|', '|'
            FROM (SELECT i, (ARRAY['draft', 'submitted', 'in_review', 'approved', 'rejected'])[1 + i % 5]
                  AS st FROM generate_series(1, 20000) AS i) AS x
            """
        )
        conn.execute("VACUUM ANALYZE case_files")
        yield conn


def _plan(conn: Any, sql: str, *params: Any) -> str:
    return "\n".join(r[0] for r in conn.execute("EXPLAIN ANALYZE " + sql, params))


def test_per_state_counts_are_index_only(big_table: Any) -> None:
    # The statement the queue sends for its counts (cases.status_counts over the coalition's scope).
    plan = _plan(
        big_table,
        "SELECT anon.status, count(*) FROM (SELECT case_files.* FROM case_files "
        "WHERE case_files.first_submitted_at IS NOT NULL) AS anon GROUP BY anon.status",
    )
    assert "Index Only Scan using ix_case_files_coalition_status" in plan, plan
    assert "Heap Fetches: 0" in plan, plan


def test_name_search_uses_the_trigram_index(big_table: Any) -> None:
    assert big_table.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone() == (1,)
    plan = _plan(big_table, "SELECT id FROM case_files WHERE search_text LIKE %s ESCAPE '/'", "%name1234 %")
    assert "ix_case_files_search_text_trgm" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_the_default_queue_order_has_an_index(big_table: Any) -> None:
    plan = _plan(
        big_table,
        "SELECT id FROM case_files WHERE status IN ('submitted', 'in_review') "
        "AND first_submitted_at IS NOT NULL ORDER BY status_changed_at, id LIMIT 51",
    )
    assert "Seq Scan" not in plan, plan
