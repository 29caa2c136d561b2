"""The production runner: jobs in PostgreSQL, run by `portal worker` (procrastinate).

One generic procrastinate task, `portal.run`, carries every job as `(name, payload)` and runs it through
`app.jobs.queue.run_task`, so task modules stay runner-agnostic. A failing job raises and is retried
with exponential backoff. `portal.tick` runs the `@periodic` functions every minute.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import procrastinate
import psycopg
from procrastinate.schema import SchemaManager
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import make_url

from app.config import ConfigurationError, Settings
from app.jobs import queue
from app.jobs import tasks as _tasks  # noqa: F401  (registers every task)

log = logging.getLogger(__name__)

RUN_TASK = "portal.run"
TICK_TASK = "portal.tick"
QUEUE = "default"
# Retries after 4 s, 16 s, 64 s, 4 min, 17 min; then the job stays "failed" in procrastinate_jobs.
RETRY = procrastinate.RetryStrategy(max_attempts=5, exponential_wait=4)
TICK_CRON = "* * * * *"
_SCHEMA_LOCK = 7_305_113_201  # pg_advisory_xact_lock key: two workers starting never apply it twice


def libpq_conninfo(database_url: str) -> str:
    """`postgresql+psycopg://user:pw@host:5432/db?sslmode=require` → a libpq conninfo string."""
    url = make_url(database_url)
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise ConfigurationError("PORTAL_JOBS_BACKEND=procrastinate needs a PostgreSQL PORTAL_DATABASE_URL")
    params: dict[str, Any] = {
        "host": url.host,
        "port": url.port,
        "dbname": url.database,
        "user": url.username,
        "password": url.password,
    }
    for key, value in url.query.items():
        params[key] = ",".join(value) if isinstance(value, tuple) else value
    return make_conninfo(**{k: v for k, v in params.items() if v is not None})


def make_procrastinate_app(settings: Settings, ctx: queue.JobContext | None = None) -> procrastinate.App:
    """A procrastinate App on the portal's database, with `portal.run` and the periodic `portal.tick`.

    Jobs run with `ctx`; without one, the first job builds it from `settings` (the worker's case)."""
    connector = procrastinate.PsycopgConnector(
        conninfo=libpq_conninfo(settings.effective_database_url), min_size=1, max_size=10
    )
    app = procrastinate.App(connector=connector)
    lock = threading.Lock()
    contexts: list[queue.JobContext] = [ctx] if ctx is not None else []

    def job_context() -> queue.JobContext:
        with lock:
            if not contexts:
                from app.db import make_engine, make_sessionmaker

                engine = make_engine(settings.effective_database_url)
                contexts.append(queue.JobContext(settings, make_sessionmaker(engine)))
            return contexts[0]

    @app.task(name=RUN_TASK, queue=QUEUE, retry=RETRY)
    def run(name: str, payload: dict[str, Any]) -> None:
        queue.run_task(job_context(), name, payload, raise_errors=True)

    # One tick at a time (lock) and never a backlog of ticks (queueing_lock); not retried: the next
    # minute's tick is the retry.
    @app.periodic(cron=TICK_CRON, periodic_id="tick")
    @app.task(name=TICK_TASK, queue=QUEUE, lock=TICK_TASK, queueing_lock=TICK_TASK)
    def tick(timestamp: int) -> None:
        queue.run_periodic(job_context())

    return app


class ProcrastinateRunner:
    """`Runner` that stores each job in procrastinate_jobs for `portal worker`.

    `submit` runs in SQLAlchemy's after_commit hook, in request threads: the app's synchronous
    connection pool is opened on first use, under a lock. The caller's transaction is already
    committed, so a failure to queue is logged (like InlineRunner's failures), not raised."""

    def __init__(self, app: procrastinate.App) -> None:
        self.app = app
        self._lock = threading.Lock()

    def _ensure_open(self) -> None:
        with self._lock:
            sync = self.app.connector.get_sync_connector()
            if sync is self.app.connector:
                return  # the async pool is open: we are inside `portal worker`
            sync.open()  # idempotent

    def submit(self, name: str, payload: dict[str, Any]) -> None:
        try:
            self._ensure_open()
            self.app.tasks[RUN_TASK].defer(name=name, payload=payload)
        except Exception:
            log.exception("could not queue job %s", name)

    def close(self) -> None:
        with self._lock:
            sync = self.app.connector.get_sync_connector()
            if sync is not self.app.connector:
                sync.close()


def apply_schema_if_missing(settings: Settings) -> bool:
    """Create procrastinate's tables unless `procrastinate_jobs` exists; True if it applied them."""
    with psycopg.connect(libpq_conninfo(settings.effective_database_url)) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        row = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if row is not None and row[0] is not None:
            return False
        conn.execute(SchemaManager.get_schema())
        return True
