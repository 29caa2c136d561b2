"""The production runner: jobs in PostgreSQL, run by `portal worker` (procrastinate).

One generic procrastinate task, `portal.run`, carries every job as `(name, payload)` and runs it through
`app.jobs.queue.run_task`, so task modules stay runner-agnostic. A failing job raises and is retried
with exponential backoff. `portal.tick` runs the `@periodic` functions every minute.

`defer` writes the job row through the caller's own SQLAlchemy connection, in its transaction
(procrastinate_jobs lives in the portal's database): the change and its job commit together or not at
all, and the web process needs no procrastinate connection pool. The worker's NOTIFY trigger fires at
that commit.

A worker that dies (SIGKILL, out of memory, its host lost) leaves its jobs `doing`. Every worker
signals procrastinate's heartbeat, and every `portal worker` retries the jobs of workers silent for
PORTAL_JOBS_STALLED_AFTER_SECONDS (`retry_stalled_jobs`: at start and then continually), so a package
build killed mid-way runs again on the next worker; a job that keeps killing its workers is failed once
it has used up its attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from typing import Any

import procrastinate
import psycopg
from procrastinate.schema import SchemaManager
from psycopg.conninfo import make_conninfo
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from app import telemetry
from app.config import ConfigurationError, Settings
from app.jobs import queue

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

    Jobs run with `ctx`; without one, the first job builds it from `settings` (the worker's case), its
    sessionmaker bound to this app, so what a job defers is queued in the job's own transaction.
    The caller loads the job registry (`app.jobs.registry.load`)."""
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

                sm = make_sessionmaker(make_engine(settings.effective_database_url))
                queue.bind(sm, ProcrastinateRunner(app))
                contexts.append(queue.JobContext(settings, sm))
            return contexts[0]

    @app.task(name=RUN_TASK, queue=QUEUE, retry=RETRY)
    def run(name: str, payload: dict[str, Any], request_id: str | None = None) -> None:
        # The request that deferred the job: its id is on the job's log lines too.
        with telemetry.bound_request_id(request_id):
            queue.run_task(job_context(), name, payload, raise_errors=True)

    # One tick at a time (lock) and never a backlog of ticks (queueing_lock); not retried: the next
    # minute's tick is the retry.
    @app.periodic(cron=TICK_CRON, periodic_id="tick")
    @app.task(name=TICK_TASK, queue=QUEUE, lock=TICK_TASK, queueing_lock=TICK_TASK)
    def tick(timestamp: int) -> None:
        queue.run_periodic(job_context())

    return app


# procrastinate's own insert function (schema.sql), as `Task.defer` calls it; the NOTIFY trigger and
# the `deferred` event come with the row.
_DEFER_SQL = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW("
    "CAST(:queue AS varchar), CAST(:task AS varchar), CAST(:priority AS integer), CAST(:lock AS text), "
    "CAST(:queueing_lock AS text), CAST(:args AS jsonb), CAST(:scheduled_at AS timestamptz)"
    ")]::procrastinate_job_to_defer_v1[]))"
)


def _request_id() -> dict[str, str]:
    """The deferring request's id, as a task argument (absent outside a request)."""
    rid = telemetry.current_request_id()
    return {"request_id": rid} if rid else {}


class ProcrastinateRunner:
    """`TransactionalRunner` that stores each job in procrastinate_jobs for `portal worker`.

    `enqueue` (what `queue.defer` calls) inserts the row on the caller's connection, so a failure
    raises into the caller's transaction like any other failed write. `submit` queues a job outside
    any transaction, through procrastinate's own pool (opened on first use, under a lock)."""

    def __init__(self, app: procrastinate.App) -> None:
        self.app = app
        self._lock = threading.Lock()

    def enqueue(self, connection: Connection, name: str, payload: dict[str, Any]) -> None:
        # The task's configured queue, priority and locks, exactly as `Task.defer` would store them.
        job = self.app.tasks[RUN_TASK].configure().make_new_job(name=name, payload=payload, **_request_id())
        connection.execute(
            _DEFER_SQL,
            {
                "queue": job.queue,
                "task": job.task_name,
                "priority": job.priority,
                "lock": job.lock,
                "queueing_lock": job.queueing_lock,
                "args": json.dumps(job.task_kwargs),
                "scheduled_at": job.scheduled_at,
            },
        )

    def _ensure_open(self) -> None:
        with self._lock:
            sync = self.app.connector.get_sync_connector()
            if sync is self.app.connector:
                return  # the async pool is open: we are inside `portal worker`
            sync.open()  # idempotent

    def submit(self, name: str, payload: dict[str, Any]) -> None:
        try:
            self._ensure_open()
            self.app.tasks[RUN_TASK].defer(name=name, payload=payload, **_request_id())
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


# ---- running the worker, and retrying what dead workers were running --------------------------------------


async def retry_stalled_jobs(app: procrastinate.App, settings: Settings) -> int:
    """Jobs left `doing` by workers silent for PORTAL_JOBS_STALLED_AFTER_SECONDS: retried at once, or
    failed when their task is not retried (the tick: the next minute's is its retry) or they have used
    up their attempts (a job that kills its workers must not kill them for ever). Safe when several
    workers do it at once: a job another worker already took back is skipped. Returns how many."""
    manager = app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=settings.jobs_stalled_after_seconds)
    done = 0
    for job in stalled:
        task = app.tasks.get(job.task_name)
        strategy = task.retry_strategy if task is not None else None
        limit = getattr(strategy, "max_attempts", None)
        try:
            if strategy is None or (limit is not None and job.attempts >= limit):
                await manager.finish_job(job, status=procrastinate.jobs.Status.FAILED, delete_job=False)
                log.error("job %s (%s) died with its worker; not retried", job.id, job.call_string)
            else:
                await manager.retry_job(job)
                log.warning("job %s (%s) died with its worker; retried", job.id, job.call_string)
        except Exception:  # taken back by another worker meanwhile, or the database is away
            log.info("stalled job %s was not taken back here", job.id, exc_info=True)
            continue
        done += 1
    return done


async def _keep_retrying_stalled_jobs(app: procrastinate.App, settings: Settings) -> None:
    every = max(1.0, settings.jobs_stalled_after_seconds / 2)
    while True:
        await asyncio.sleep(every)
        try:
            await retry_stalled_jobs(app, settings)
        except Exception:  # the database away for a moment: try again next time
            log.warning("could not look for jobs of stalled workers", exc_info=True)


def run_worker(app: procrastinate.App, settings: Settings, *, concurrency: int, wait: bool) -> None:
    """`portal worker`: the jobs of workers that died are retried first (and, while it waits for work,
    continually), then the worker runs, sending its heartbeat three times per stalled window."""
    stalled = settings.jobs_stalled_after_seconds

    async def main() -> None:
        async with app.open_async():
            await retry_stalled_jobs(app, settings)
            keeper = asyncio.create_task(_keep_retrying_stalled_jobs(app, settings)) if wait else None
            try:
                await app.run_worker_async(
                    concurrency=concurrency,
                    wait=wait,
                    name="portal-worker",
                    update_heartbeat_interval=stalled / 3,
                    stalled_worker_timeout=stalled,
                )
            finally:
                if keeper is not None:
                    keeper.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await keeper

    asyncio.run(main())
