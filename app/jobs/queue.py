"""One job interface, two runners: inline (embedded default) and procrastinate (production).

Workflows call `defer(db, "task.name", **payload)`. The session carries the runner that takes it:
`bind(sessionmaker, runner)` (done by `app.jobs.registry.install` at start-up) puts it in the `info`
of every session that sessionmaker makes and hooks the transaction events of that sessionmaker only.
- A transactional runner (procrastinate) writes the job in the caller's transaction: it is committed
  with the change that caused it, or rolled back with it; a crash after the commit loses nothing.
- Any other runner (inline) is handed the job once the caller's outermost transaction commits, so a
  rolled-back action never sends an e-mail or a webhook.

Jobs are known by name: job modules register with `@task(name)` and `@periodic`, and
`app.jobs.registry` imports them at start-up. This module imports no job module, so any of them may
import it; until the registry is loaded, `defer` cannot tell a typo from a job not yet imported and
accepts the name.

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
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from app.config import Settings

log = logging.getLogger(__name__)

TaskFn = Callable[..., None]
TASKS: dict[str, TaskFn] = {}
_registry_loaded = threading.Event()


def task(name: str) -> Callable[[TaskFn], TaskFn]:
    def register(fn: TaskFn) -> TaskFn:
        TASKS[name] = fn
        return fn

    return register


def mark_registry_loaded() -> None:
    """From now on `defer` refuses names no job module registered (called by `registry.load`)."""
    _registry_loaded.set()


@dataclass
class JobContext:
    settings: Settings
    sessionmaker: sessionmaker[Session]


PeriodicFn = Callable[[JobContext], None]
PERIODIC: list[PeriodicFn] = []


def periodic(fn: PeriodicFn) -> PeriodicFn:
    """Register `fn(ctx)` to be called on every tick (about once a minute in production).

    Use it in a module that `app.jobs.registry` imports, so the web process, the worker and
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
    def submit(self, name: str, payload: dict[str, Any]) -> None:
        """Run or queue one job now, outside any transaction of the caller."""


@runtime_checkable
class TransactionalRunner(Runner, Protocol):
    def enqueue(self, connection: Connection, name: str, payload: dict[str, Any]) -> None:
        """Queue one job on the caller's connection, inside its open transaction."""


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
        _observe(name, "failed")
        if raise_errors:
            raise
        log.exception("job %s failed", name)
    else:
        _observe(name, "ok")


# Told of every job run here, `(name, "ok" | "failed")`: the API's metrics count them (app/api/serving.py).
JOB_OBSERVERS: list[Callable[[str, str], None]] = []


def _observe(name: str, outcome: str) -> None:
    for observer in list(JOB_OBSERVERS):
        try:
            observer(name, outcome)
        except Exception:  # an observer never changes a job's outcome
            log.exception("job observer failed")


_BINDING = "portal.jobs.binding"
_PENDING = "portal.jobs.pending"


@dataclass
class _Binding:
    """Shared by every session of one sessionmaker (Session.info is a shallow copy of its `info`)."""

    runner: Runner | None


def bind(sm: sessionmaker[Session], runner: Runner | None) -> None:
    """Jobs deferred in sessions made by `sm` go to `runner`; `None` drops them (tests, benchmarks).

    Binding again replaces the runner, for the sessions already open too."""
    binding: _Binding | None = (sm.kw.get("info") or {}).get(_BINDING)
    if binding is not None:
        binding.runner = runner
        return
    sm.configure(info={**(sm.kw.get("info") or {}), _BINDING: _Binding(runner)})
    # On this sessionmaker, not the Session class: other sessionmakers in the process are untouched.
    event.listen(sm, "after_commit", _submit_pending)
    event.listen(sm, "after_transaction_end", _drop_pending)


def bound_runner(sm: sessionmaker[Session]) -> Runner | None:
    binding: _Binding | None = (sm.kw.get("info") or {}).get(_BINDING)
    return binding.runner if binding is not None else None


def _runner_of(db: Session, name: str) -> Runner | None:
    binding: _Binding | None = db.info.get(_BINDING)
    if binding is None:
        raise RuntimeError(
            f"job {name} deferred in a session without a job runner: make the session with a "
            "sessionmaker passed to app.jobs.queue.bind (create_app and the CLI do)"
        )
    return binding.runner


def defer(db: Session, name: str, **payload: Any) -> None:
    if _registry_loaded.is_set() and name not in TASKS:
        raise KeyError(f"unknown job {name}")
    json.dumps(payload)  # a TypeError here rather than a lost job: procrastinate stores payloads as JSON
    runner = _runner_of(db, name)
    if runner is None:
        return
    if isinstance(runner, TransactionalRunner):
        runner.enqueue(db.connection(), name, payload)
    else:
        if not db.in_transaction():
            db.begin()  # the job belongs to a transaction even before any SQL: a rollback drops it
        db.info.setdefault(_PENDING, []).append((name, payload))


def _submit_pending(db: Session) -> None:
    # A released savepoint (begin_nested) is not the commit: its jobs wait for the outer transaction.
    if db.in_nested_transaction():
        return
    pending = db.info.pop(_PENDING, [])
    binding: _Binding | None = db.info.get(_BINDING)
    runner = binding.runner if binding is not None else None
    for name, payload in pending:
        if runner is not None:
            runner.submit(name, payload)


def _drop_pending(db: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended and after_commit did not take its jobs: it was rolled back or
    # closed (after_rollback would miss a rollback that never reached the database).
    if transaction.parent is None:
        db.info.pop(_PENDING, None)
