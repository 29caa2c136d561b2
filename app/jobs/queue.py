"""One job interface, two runners: inline (embedded default) and procrastinate (production).

Workflows call `defer(db, "task.name", **payload)`; the job is handed to the runner only once the
caller's transaction commits, so a rolled-back action never sends an e-mail or a webhook.

Periodic work (webhook retries, reminders…) registers with `@periodic`: a function of the JobContext,
called about every minute by the procrastinate worker (`portal.tick`), by the inline ticker in the web
process, or once per `portal jobs tick` (cron). It may run in several processes at once, so it must
claim its rows itself (e.g. `SELECT … FOR UPDATE SKIP LOCKED`).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings

log = logging.getLogger(__name__)

TaskFn = Callable[..., None]
TASKS: dict[str, TaskFn] = {}


def task(name: str) -> Callable[[TaskFn], TaskFn]:
    def register(fn: TaskFn) -> TaskFn:
        TASKS[name] = fn
        return fn

    return register


@dataclass
class JobContext:
    settings: Settings
    sessionmaker: sessionmaker[Session]


PeriodicFn = Callable[[JobContext], None]
PERIODIC: list[PeriodicFn] = []


def periodic(fn: PeriodicFn) -> PeriodicFn:
    """Register `fn(ctx)` to be called on every tick (about once a minute in production).

    Use it in a module that `app.jobs.tasks` imports, so the web process, the worker and
    `portal jobs tick` all know it."""
    if fn not in PERIODIC:
        PERIODIC.append(fn)
    return fn


def run_periodic(ctx: JobContext) -> int:
    """Call every registered periodic function once; a failure is logged and the others still run.

    Returns how many failed."""
    failed = 0
    for fn in list(PERIODIC):
        try:
            fn(ctx)
        except Exception:
            failed += 1
            log.exception("periodic %s failed", getattr(fn, "__qualname__", fn))
    return failed


def start_inline_ticker(ctx: JobContext, interval_seconds: float) -> Callable[[], None]:
    """Call `run_periodic(ctx)` every `interval_seconds` in a daemon thread; returns `stop()`."""
    if interval_seconds <= 0:
        raise ValueError("interval_seconds must be positive")
    stopping = threading.Event()

    def loop() -> None:
        while not stopping.wait(interval_seconds):
            try:
                run_periodic(ctx)
            except Exception:  # never let the ticker die
                log.exception("periodic tick failed")

    thread = threading.Thread(target=loop, name="portal-ticker", daemon=True)
    thread.start()

    def stop(timeout: float = 10.0) -> None:
        stopping.set()
        if thread is not threading.current_thread():
            thread.join(timeout)

    return stop


class Runner(Protocol):
    def submit(self, name: str, payload: dict[str, Any]) -> None: ...


class InlineRunner:
    """Runs each job right after the commit, in-process; failures are logged, never raised."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx

    def submit(self, name: str, payload: dict[str, Any]) -> None:
        run_task(self.ctx, name, payload)


def run_task(ctx: JobContext, name: str, payload: dict[str, Any], *, raise_errors: bool = False) -> None:
    """Run a registered task. Failures are logged, unless `raise_errors` (procrastinate then retries)."""
    fn = TASKS.get(name)
    if fn is None:
        if raise_errors:
            raise LookupError(f"unknown job {name}")
        log.error("unknown job %s", name)
        return
    try:
        fn(ctx, **payload)
    except Exception:
        if raise_errors:
            raise
        log.exception("job %s failed", name)


_runner: Runner | None = None


def configure(runner: Runner | None) -> None:
    global _runner
    _runner = runner


def current_runner() -> Runner | None:
    return _runner


def defer(db: Session, name: str, **payload: Any) -> None:
    if name not in TASKS:
        import app.jobs.tasks  # noqa: F401  (registers every task; a no-op once loaded)
    if name not in TASKS:
        raise KeyError(f"unknown job {name}")
    json.dumps(payload)  # a TypeError here rather than a lost job: procrastinate stores payloads as JSON
    db.info.setdefault("pending_jobs", []).append((name, payload))


@event.listens_for(Session, "after_commit")
def _submit_pending(db: Session) -> None:
    pending = db.info.pop("pending_jobs", [])
    runner = _runner
    for name, payload in pending:
        if runner is not None:
            runner.submit(name, payload)


@event.listens_for(Session, "after_rollback")
def _drop_pending(db: Session) -> None:
    db.info.pop("pending_jobs", None)
