"""Issues #14 and #18: the queue's page in one statement, its own index, and the per-case analytics on
covering indexes with merge joins (migration 0013_query_speed).

- A queue page is one statement: each row's assignee and approvals are correlated subqueries, not two
  more statements with the page's ids spelled out; the values are the same as before.
- The default queue order reads `ix_case_files_reviewable_order` and touches a page's worth of rows even
  when thousands of older cases are past review (a scratch database with that shape).
- victim_recognition and review_operations switch hash joins off for their statement only: the
  transaction's setting is back afterwards; their results are those of the hash plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session

from app.models.identity import User
from app.workflows.analytics import Filters, Scope, compute
from app.workflows.auth import _principal_for
from tests.support.review_flow import new_case, submit


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def keep(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", keep)
    yield seen
    event.remove(engine, "before_cursor_execute", keep)


def test_queue_page_is_one_statement_with_assignee_and_approvals(
    as_: dict[str, Any], statements: list[str]
) -> None:
    researcher, a, b = as_["researcher_a"], as_["coordinator_a"], as_["coordinator_b"]
    cases = [new_case(researcher, title=f"Queue speed {i}") for i in range(3)]
    for c in cases:
        submit(researcher, c["id"])
    taken, approved = cases[0]["id"], cases[1]["id"]
    assert a.post(f"/api/v1/review/cases/{taken}/assign", json={}).status_code == 200
    assert b.post(f"/api/v1/review/cases/{approved}/assign", json={}).status_code == 200
    revision = b.get(f"/api/v1/cases/{approved}").json()["revision_number"]
    r = a.post(
        f"/api/v1/review/cases/{approved}/decisions", json={"decision": "approve", "revision": revision}
    )
    assert r.status_code == 200, r.text

    statements.clear()
    r = a.get("/api/v1/review/queue", params={"q": "Queue speed", "limit": 50})
    assert r.status_code == 200, r.text
    items = {i["id"]: i for i in r.json()["items"]}
    assert set(items) == {c["id"] for c in cases}
    a_id = a.get("/api/v1/me").json()["id"]
    b_id = b.get("/api/v1/me").json()["id"]
    assert (items[taken]["assignee_id"], items[taken]["approvals"]) == (a_id, 0)
    assert (items[approved]["assignee_id"], items[approved]["approvals"]) == (b_id, 1)
    assert (items[cases[2]["id"]]["assignee_id"], items[cases[2]["id"]]["approvals"]) == (None, 0)
    # The page, its assignees and approvals: one statement; no statement of their own.
    pages = [s for s in statements if "FROM case_files" in s and "ORDER BY" in s]
    assert len(pages) == 1, pages
    assert "review_assignments" in pages[0] and "review_decisions" in pages[0]
    alone = [
        s
        for s in statements
        if s.lstrip().startswith(("SELECT review_assignments", "SELECT review_decisions"))
    ]
    assert alone == [], alone


def test_queue_cursor_still_pages(as_: dict[str, Any]) -> None:
    researcher, a = as_["researcher_a"], as_["coordinator_a"]
    made = {new_case(researcher, title=f"Cursor speed {i}")["id"] for i in range(3)}
    for case_id in made:
        submit(researcher, case_id)
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params: dict[str, Any] = {"q": "Cursor speed", "limit": 1}
        if cursor:
            params["cursor"] = cursor
        body = a.get("/api/v1/review/queue", params=params).json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(made) and len(seen) == 3
    bad = a.get("/api/v1/review/queue", params={"cursor": "WyJub3QgYSBkYXRlIiwiaWQiXQ"})
    assert bad.status_code == 422, bad.text


# ---- the queue's index, on a scratch database where most cases are long past review ---------------------


@pytest.fixture(scope="module")
def past_review(pg_url: str) -> Iterator[Any]:
    import psycopg

    from app import migrate
    from app.db import make_engine
    from app.models.identity import Organization, OrgKind
    from tests.conftest import scratch_database

    url = scratch_database("query_speed")
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as db:
        db.add(Organization(id="o1", name="NGO", kind=OrgKind.ngo, country="UA"))
        db.commit()
    engine.dispose()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        # 20,000 cases: the oldest 19,800 approved, the newest 200 waiting for review.
        conn.execute(
            """
            INSERT INTO case_files (id, org_id, title, status, target_jurisdictions, content, version,
                revision_number, created_at, updated_at, status_changed_at, first_submitted_at, search_text,
                jurisdictions_key, categories_key, groups_key, countries_key)
            SELECT md5(i::text), 'o1', 'Case ' || i,
                CASE WHEN i > 19800 THEN 'submitted' ELSE 'approved' END, '[]', '{}', 1, 1, now(), now(),
                now() - make_interval(mins => 20001 - i), now(), 'case ' || i, '|', '|', '|', '|'
            FROM generate_series(1, 20000) AS i
            """
        )
        conn.execute("VACUUM ANALYZE case_files")
        yield conn


def test_default_queue_reads_its_own_index(past_review: Any) -> None:
    plan = "\n".join(
        r[0]
        for r in past_review.execute(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM case_files WHERE first_submitted_at IS NOT NULL "
            "AND status IN ('submitted', 'in_review') ORDER BY status_changed_at, id LIMIT 51"
        )
    )
    assert "ix_case_files_reviewable_order" in plan, plan
    assert "Rows Removed by Filter" not in plan, plan


def test_covering_indexes_exist(past_review: Any) -> None:
    names = {
        r[0] for r in past_review.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
    }
    assert {
        "ix_case_files_reviewable_order",
        "ix_case_files_id_cover",
        "ix_submissions_case_cover",
        "ix_review_decisions_case_cover",
    } <= names


# ---- the per-case analytics ------------------------------------------------------------------------------


def _coordinator(db: Session) -> Any:
    uid = db.execute(select(User.id).where(User.email == "coordinator.a@coalition.example")).scalar_one()
    return _principal_for(db, uid, session_id=None, mfa_passed=True)


@pytest.mark.parametrize("metric", ["victim_recognition", "review_operations"])
def test_per_case_metrics_put_the_planner_back(db: Session, metric: str) -> None:
    p = _coordinator(db)
    f = Filters(today=date(2026, 6, 1))
    merged = compute(db, p, metric, f, Scope.tenant)
    assert db.execute(text("SHOW enable_hashjoin")).scalar_one() == "on"
    # The same figures from the plan the planner would choose by itself.
    db.execute(text("SET LOCAL enable_mergejoin = off"))
    hashed = compute(db, p, metric, f, Scope.tenant)
    assert merged.rows == hashed.rows
    assert db.execute(text("SHOW enable_mergejoin")).scalar_one() == "off"
    db.rollback()
