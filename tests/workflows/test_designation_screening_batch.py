"""Screening in batches against the database: several perpetrators share one round of blocking-key
look-ups and one load of candidate rows, with exactly the results of screening them one by one.

PostgreSQL (the test's transaction, rolled back); the invented UK fixture list; logic-v2 warmed once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.schemas.case_content import Perpetrator
from app.workflows.designations import lists, matching, screening
from tests.conftest import make_settings

UK = (Path(__file__).resolve().parents[1] / "fixtures" / "sanctions" / "uk_sanctions_list.xml").read_bytes()


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    matching.warm_up()


@pytest.fixture
def uk_list(db: Session, pg_url: str, tmp_path: Path) -> None:
    lists.import_files(
        db, None, "uk_sanctions_list", [lists.ListFile("uk.xml", UK)], make_settings(pg_url, tmp_path)
    )
    db.flush()


def perps() -> list[Any]:
    return [
        matching.perpetrator_entity(Perpetrator.model_validate(fields), "case-batch")
        for fields in (
            {"name": "Zoltan Veleskov", "birth_date": "1968-03-14"},
            {"name": "Фарида аль-Кумрани"},
            {"name": "Iliyas Torvalev"},
            {"name": "Northwind Amber Holdings", "schema": "Organization"},
            {"name": "Nobody Atall Known"},
        )
    ]


@pytest.fixture
def statements(db: Session) -> Iterator[list[str]]:
    seen: list[str] = []
    engine = db.get_bind()

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)


def test_a_batch_finds_what_one_by_one_finds_in_fewer_round_trips(
    db: Session, uk_list: None, statements: list[str]
) -> None:
    queries = perps()
    scope = screening.Scope.of(db)
    statements.clear()
    one_by_one = [screening.screen_entity(db, q, scope, screening.EntryCache(db)) for q in queries]
    singly = len(statements)
    statements.clear()
    batch = screening.screen_entities(db, queries, scope, screening.EntryCache(db))
    batched = len(statements)

    def plain(results: list[list[tuple[str, Any]]]) -> list[list[tuple[str, float, Any]]]:
        return [[(entry_id, r.score, r.explanations) for entry_id, r in hits] for hits in results]

    assert plain(batch) == plain(one_by_one)
    # Something was found, and not for everyone: the comparison means something.
    assert sum(map(bool, batch)) >= 3 and not batch[-1]
    # One query for the keys of all five, one for the candidates' rows (one-by-one: up to two each).
    assert batched == 2
    assert singly > batched


def test_a_scoped_batch_reads_name_frequencies_once(
    db: Session, uk_list: None, statements: list[str]
) -> None:
    from app.models.sanctions import ListEntry

    queries = perps()
    scope = screening.Scope.of(db, ListEntry.jurisdiction == "uk")
    scope.all_entries(db)  # counted once per batch, as match_version does
    statements.clear()
    batch = screening.screen_entities(db, queries, scope, screening.EntryCache(db))
    # Keys in scope, keys over every list (the common-name rule), candidates' rows.
    assert len(statements) == 3
    one_by_one = [screening.screen_entity(db, q, scope, screening.EntryCache(db)) for q in queries]
    assert [[i for i, _ in hits] for hits in batch] == [[i for i, _ in hits] for hits in one_by_one]


def test_an_empty_scope_or_batch_costs_nothing(db: Session, statements: list[str]) -> None:
    from app.models.sanctions import ListEntry

    scope = screening.Scope.of(db, ListEntry.id == "no-such-entry")
    statements.clear()
    assert screening.screen_entities(db, perps(), scope, screening.EntryCache(db)) == [[]] * 5
    assert screening.screen_entities(db, [], screening.Scope.of(db), screening.EntryCache(db)) == []
    assert len(statements) == 1  # the second Scope's count, nothing else
