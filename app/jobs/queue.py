"""One job interface, two runners: inline (embedded default) and procrastinate (production).

Workflows call `defer(db, "task.name", **payload)`; the job is handed to the runner only once the
caller's transaction commits, so a rolled-back action never sends an e-mail or a webhook.
"""

from __future__ import annotations

import logging
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


class Runner(Protocol):
    def submit(self, name: str, payload: dict[str, Any]) -> None: ...


class InlineRunner:
    """Runs each job right after the commit, in-process; failures are logged, never raised."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx

    def submit(self, name: str, payload: dict[str, Any]) -> None:
        run_task(self.ctx, name, payload)


def run_task(ctx: JobContext, name: str, payload: dict[str, Any]) -> None:
    fn = TASKS.get(name)
    if fn is None:
        log.error("unknown job %s", name)
        return
    try:
        fn(ctx, **payload)
    except Exception:
        log.exception("job %s failed", name)


_runner: Runner | None = None


def configure(runner: Runner | None) -> None:
    global _runner
    _runner = runner


def current_runner() -> Runner | None:
    return _runner


def defer(db: Session, name: str, **payload: Any) -> None:
    if name not in TASKS:
        raise KeyError(f"unknown job {name}")
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
