"""Benchmark: is the audit chain head lock the bottleneck for audited writes? (issue #14, item 4)

    python bench/audit_chain.py                      # 1 and 8 writers, 8 s each, with and without the lock
    python bench/audit_chain.py --writers 1 4 8 16 --seconds 15

Every audited transaction calls `app.workflows.audit.record()`, which takes `SELECT ... FOR UPDATE` on
the one `audit_head` row and keeps it until the transaction commits: audited writes serialise across
every process, commit (WAL flush) included. This measures what that costs on the local PostgreSQL.

Each writer is its own OS process with its own connection (as API processes are), running back to back
the shape of a real audited write: update one of its own rows, write the audit event, commit. Modes:

- `head lock`: `audit.record()` as the application calls it (locks the head, chains in the transaction);
- `no lock`: the same event row inserted into a table shaped like `audit_events` (sequence-numbered, no
  head touched): the cost of an outbox insert, i.e. the ceiling any lock-free design could reach.

Printed per mode and writer count: committed audited writes per second, p50/p95/p99 transaction time,
and the ratio lock/no-lock. After the `head lock` runs `audit.verify()` must pass over every event.
A private database is created and dropped (PORTAL_BENCH_PG_ADMIN, default
postgresql://postgres@127.0.0.1:5432/postgres). `uptime` is printed before and after.
"""

# ruff: noqa: E501
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_load import create_database, drop_database, pct, uptime  # noqa: E402


def _writer(url: str, mode: str, writer: int, seconds: float, ready: Any, go: Any, out: Any) -> None:
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from app.db import make_engine, utcnow
    from app.workflows import audit

    engine = make_engine(url, pool_size=1, max_overflow=0)
    latencies: list[float] = []
    with Session(engine) as db:
        db.execute(text("SELECT 1"))
        db.commit()
        ready.put(writer)
        go.wait()
        stop_at = time.monotonic() + seconds
        n = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            n += 1
            db.execute(
                text("UPDATE bench_rows SET counter = counter + 1, note = :note WHERE id = :id"),
                {"id": writer, "note": f"write {n}"},
            )
            if mode == "lock":
                audit.record(db, "bench.write", target_type="bench_row", target_id=str(writer), data={"n": n})
            else:
                db.execute(
                    text(
                        "INSERT INTO bench_outbox (at, action, target_type, target_id, data, prev_hash, hash)"
                        " VALUES (:at, 'bench.write', 'bench_row', :target, CAST(:data AS json), '', :hash)"
                    ),
                    {
                        "at": utcnow(),
                        "target": str(writer),
                        "data": f'{{"n": {n}}}',
                        "hash": uuid.uuid4().hex * 2,
                    },
                )
            db.commit()
            latencies.append(time.perf_counter() - started)
    engine.dispose()
    out.put(latencies)


def run(url: str, mode: str, writers: int, seconds: float) -> tuple[float, list[float]]:
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(target=_writer, args=(url, mode, w + 1, seconds, ready, go, out)) for w in range(writers)
    ]
    for p in procs:
        p.start()
    for _ in procs:  # every writer imported and connected before the clock starts
        ready.get(timeout=120)
    go.set()
    latencies: list[float] = []
    for _ in procs:
        latencies += out.get(timeout=seconds + 120)
    for p in procs:
        p.join(30)
    return len(latencies) / seconds, latencies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()

    import psycopg
    from sqlalchemy.orm import Session

    from app import migrate
    from app.db import make_engine
    from app.workflows import audit

    print("before:", uptime())
    name = f"portal_bench_audit_{os.getpid()}"
    url = create_database(name)
    try:
        migrate.upgrade(url)
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute("CREATE TABLE bench_outbox (LIKE audit_events INCLUDING ALL)")
            conn.execute("CREATE TABLE bench_rows (id int PRIMARY KEY, counter bigint NOT NULL, note text)")
            conn.execute(
                "INSERT INTO bench_rows SELECT i, 0, '' FROM generate_series(1, %s) AS i",
                (max(args.writers),),
            )
            sync = conn.execute("SHOW synchronous_commit").fetchone()
        print(f"PostgreSQL synchronous_commit={sync[0] if sync else '?'}; {os.cpu_count()} CPUs")
        results: dict[tuple[str, int], float] = {}
        print(f"\n{'mode':<10}{'writers':>8}{'writes/s':>11}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for writers in args.writers:
            for mode in ("lock", "nolock"):
                rate, lat = run(url, mode, writers, args.seconds)
                results[(mode, writers)] = rate
                label = "head lock" if mode == "lock" else "no lock"
                print(
                    f"{label:<10}{writers:>8}{rate:>11.1f}{pct(lat, 0.5) * 1000:>9.2f}"
                    f"{pct(lat, 0.95) * 1000:>9.2f}{pct(lat, 0.99) * 1000:>9.2f}"
                )
        print()
        for writers in args.writers:
            lock, nolock = results[("lock", writers)], results[("nolock", writers)]
            print(f"{writers} writer(s): head lock / no lock = {lock / nolock:.2f}")
        if len(args.writers) > 1:
            lo, hi = min(args.writers), max(args.writers)
            print(
                f"scaling {lo} -> {hi} writers: head lock x{results[('lock', hi)] / results[('lock', lo)]:.2f}, "
                f"no lock x{results[('nolock', hi)] / results[('nolock', lo)]:.2f}"
            )
        engine = make_engine(url)
        with Session(engine) as db:
            result = audit.verify(db)
        engine.dispose()
        print(f"audit verify over the head-lock events: ok={result.ok} events={result.events:,}")
    finally:
        drop_database(name)
        print("\nafter:", uptime())


if __name__ == "__main__":
    main()
