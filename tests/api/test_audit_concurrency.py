"""The audit chain under concurrent audited writes on PostgreSQL (issue #14, item 4).

Writers on their own connections append at once, some of their transactions rolling back: the chain
must hold every committed event exactly once, none of the rolled-back ones, with no gap in the
sequence, and `verify` must pass. This is what the head lock guarantees today, and what any other
way of appending (an outbox and a single appender) must keep.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine
from app.models.audit import AuditEvent
from app.workflows import audit, scoping
from tests.conftest import scratch_database

WRITERS = 8
PER_WRITER = 25


@pytest.fixture(scope="module")
def chain_engine(pg_url: str) -> Iterator[Engine]:
    url = scratch_database("audit_conc")
    migrate.upgrade(url)
    engine = make_engine(url, pool_size=WRITERS, max_overflow=0)
    yield engine
    engine.dispose()


def test_concurrent_audited_writes_form_one_unbroken_chain(chain_engine: Engine) -> None:
    with chain_engine.begin() as conn:
        conn.execute(text("CREATE TABLE scratch_rows (id int PRIMARY KEY, counter int NOT NULL)"))
        conn.execute(
            text("INSERT INTO scratch_rows SELECT i, 0 FROM generate_series(1, :n) AS i"), {"n": WRITERS}
        )
    committed: set[tuple[int, int]] = set()
    rolled_back: set[tuple[int, int]] = set()
    failures: list[BaseException] = []
    record_lock = threading.Lock()
    start = threading.Barrier(WRITERS)

    def writer(w: int) -> None:
        try:
            start.wait(30)
            with Session(chain_engine) as db:
                for n in range(PER_WRITER):
                    db.execute(
                        text("UPDATE scratch_rows SET counter = counter + 1 WHERE id = :id"), {"id": w + 1}
                    )
                    audit.record(db, "test.write", target_type="row", target_id=str(w), data={"w": w, "n": n})
                    if n % 5 == 4:
                        db.rollback()
                        with record_lock:
                            rolled_back.add((w, n))
                    else:
                        db.commit()
                        with record_lock:
                            committed.add((w, n))
        except Exception as exc:  # noqa: BLE001  (re-raised in the test: a thread would lose it)
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(w,), name=f"writer{w}") for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures, failures
    assert not any(t.is_alive() for t in threads)

    with Session(chain_engine) as db:
        rows = db.execute(
            scoping.unscoped_audit_events().where(AuditEvent.action == "test.write").order_by(AuditEvent.seq)
        ).scalars()
        seen = [(ev.data["w"], ev.data["n"]) for ev in rows]
        all_seqs = list(db.execute(text("SELECT seq FROM audit_events ORDER BY seq")).scalars())
        result = audit.verify(db)
        counters = {r.id: r.counter for r in db.execute(text("SELECT id, counter FROM scratch_rows"))}

    assert len(seen) == len(set(seen)), "an event was chained twice"
    assert set(seen) == committed
    assert not set(seen) & rolled_back
    assert len(committed) == WRITERS * PER_WRITER * 4 // 5
    assert all_seqs == list(range(1, len(all_seqs) + 1)), "a gap in the sequence"
    # Each writer's own events are chained in the order it committed them.
    for w in range(WRITERS):
        mine = [n for ww, n in seen if ww == w]
        assert mine == sorted(mine)
    assert result.ok, result.as_dict()
    assert result.events == len(all_seqs)
    assert counters == {w + 1: PER_WRITER * 4 // 5 for w in range(WRITERS)}


def test_events_are_chained_at_commit_and_savepoints_keep_or_drop_theirs(chain_engine: Engine) -> None:
    """Events get their place in the chain when their transaction commits (so the head lock is held
    for the commit only): a rolled-back savepoint drops its events, a released one keeps them, and a
    session closed without committing leaves nothing."""

    def actions() -> list[str]:
        with Session(chain_engine) as db:
            rows = db.execute(
                scoping.unscoped_audit_events()
                .where(AuditEvent.action.startswith("sp."))
                .order_by(AuditEvent.seq)
            ).scalars()
            return [r.action for r in rows]

    with Session(chain_engine) as db:
        outer = audit.record(db, "sp.outer")
        assert outer.seq is None  # not chained yet
        try:
            with db.begin_nested():
                audit.record(db, "sp.rolled_back")
                raise RuntimeError("the savepoint fails")
        except RuntimeError:
            pass
        with db.begin_nested():
            kept = audit.record(db, "sp.released")
        seen: list[int] = []
        audit.on_chained(db, kept, lambda e: seen.append(e.seq))
        db.commit()
        assert outer.seq is not None and seen == [outer.seq + 1] == [kept.seq]
    assert actions() == ["sp.outer", "sp.released"]

    with Session(chain_engine) as db:
        audit.record(db, "sp.never_committed")
    with Session(chain_engine) as db:
        audit.record(db, "sp.rolled_back_whole")
        db.rollback()
        audit.record(db, "sp.after_rollback")
        db.commit()
    assert actions() == ["sp.outer", "sp.released", "sp.after_rollback"]
    with Session(chain_engine) as db:
        assert audit.verify(db).ok
