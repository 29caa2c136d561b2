"""Jobs: the procrastinate runner on a real PostgreSQL, its retries, the periodic tick (procrastinate,
inline ticker, `portal jobs tick`) and the worker command."""

from __future__ import annotations

import ast
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from app import migrate
from app.cli import cli
from app.config import Settings, get_settings
from app.db import make_engine, make_sessionmaker
from app.jobs import queue, registry
from app.jobs.procrastinate_runner import (
    RETRY,
    ProcrastinateRunner,
    apply_schema_if_missing,
    libpq_conninfo,
    make_procrastinate_app,
)
from app.main import create_app
from app.models.identity import Organization, OrgKind
from tests.conftest import make_settings, outbox, scratch_database


@pytest.fixture(scope="module")
def jobs_url() -> str:
    jobs_db_url = scratch_database("jobs")
    migrate.upgrade(jobs_db_url)
    s = make_settings(jobs_db_url, Path("/nonexistent"), jobs_backend="procrastinate")
    assert apply_schema_if_missing(s) is True
    assert apply_schema_if_missing(s) is False  # idempotent
    return jobs_db_url


@pytest.fixture
def psettings(jobs_url: str, tmp_path: Path) -> Settings:
    return make_settings(jobs_url, tmp_path / "var", jobs_backend="procrastinate")


@pytest.fixture
def runner(psettings: Settings) -> Iterator[ProcrastinateRunner]:
    r = ProcrastinateRunner(make_procrastinate_app(psettings))
    yield r
    r.close()


@pytest.fixture
def periodic_fns() -> Iterator[list[queue.PeriodicFn]]:
    """Periodic functions registered by a test, unregistered at its end."""
    fns: list[queue.PeriodicFn] = []
    yield fns
    for fn in fns:
        queue.PERIODIC.remove(fn)


def _register(fns: list[queue.PeriodicFn], fn: queue.PeriodicFn) -> None:
    fns.append(queue.periodic(fn))


def _work(r: ProcrastinateRunner) -> None:
    r.app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


def _sql(url: str, query: Any, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_conninfo(url), autocommit=True) as conn:
        cur = conn.execute(query, params or None)
        return cur.fetchall() if cur.description else []


def _jobs(url: str, name: str) -> list[tuple[Any, ...]]:
    return _sql(
        url,
        "SELECT id, status, attempts, extract(epoch FROM scheduled_at - now()) FROM procrastinate_jobs "
        "WHERE task_name = 'portal.run' AND args->>'name' = %s ORDER BY id",
        name,
    )


def test_conninfo_from_sqlalchemy_url():
    assert libpq_conninfo("postgresql+psycopg://u%40x:p%20w@db.example:6543/portal?sslmode=require") == (
        "host=db.example port=6543 dbname=portal user=u@x password='p w' sslmode=require"
    )
    with pytest.raises(RuntimeError, match="PostgreSQL"):
        libpq_conninfo("sqlite:///x.db")


def test_mail_job_queued_with_the_commit_and_run_by_the_worker(
    psettings: Settings, runner: ProcrastinateRunner, jobs_url: str
):
    engine = make_engine(jobs_url)
    sm = sessionmaker(bind=engine)
    queue.bind(sm, runner)
    try:

        def request(to: str, commit: bool) -> None:  # after_commit fires in a request thread
            with sm() as db:
                queue.defer(db, "mail.send", to=to, subject="Hello", body="A case was submitted.")
                if commit:
                    db.commit()
                else:
                    db.rollback()

        threads = [
            threading.Thread(target=request, args=("a@ngo.example", True)),
            threading.Thread(target=request, args=("b@ngo.example", True)),
            threading.Thread(target=request, args=("rolled-back@ngo.example", False)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        runner.submit("mail.send", {"to": "c@ngo.example", "subject": "Hello", "body": "Direct."})
    finally:
        engine.dispose()
    assert outbox(psettings) == []  # queued, not run
    assert {row[1] for row in _jobs(jobs_url, "mail.send")} == {"todo"}

    _work(runner)
    mails = outbox(psettings)
    assert sorted(m.split("\n", 1)[0] for m in mails) == [
        "To: a@ngo.example",
        "To: b@ngo.example",
        "To: c@ngo.example",
    ]
    assert all("Subject: Hello" in m for m in mails)
    assert {row[1] for row in _jobs(jobs_url, "mail.send")} == {"succeeded"}
    with pytest.raises(TypeError):  # payloads must survive JSON, whichever runner is configured
        queue.defer(sm(), "mail.send", to="x@ngo.example", subject="s", body=object())


@pytest.fixture
def noted(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A job that appends its `org` argument to a file."""
    notes = tmp_path / "noted"

    @queue.task("test.noted")
    def _noted(ctx: queue.JobContext, org: str) -> None:
        with notes.open("a") as f:
            f.write(org + "\n")

    yield "test.noted", notes
    queue.TASKS.pop("test.noted")


def test_procrastinate_job_commits_or_rolls_back_with_its_change(
    runner: ProcrastinateRunner, jobs_url: str, noted: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
):
    """The job row is written in the transaction of the change that causes it: nothing runs after the
    commit, so a crash or an outage between the two cannot commit the change and lose its job."""
    name, notes = noted

    def after_commit_submit(name: str, payload: dict[str, Any]) -> None:
        raise AssertionError("a transactional runner has nothing to do after the commit")

    monkeypatch.setattr(runner, "submit", after_commit_submit)
    engine = make_engine(jobs_url)
    sm = make_sessionmaker(engine)
    queue.bind(sm, runner)

    def committed(org: str) -> tuple[int, int]:  # seen from another connection: (organisations, jobs)
        [(orgs,)] = _sql(jobs_url, "SELECT count(*) FROM organizations WHERE name = %s", org)
        [(jobs,)] = _sql(
            jobs_url,
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'portal.run' "
            "AND args->>'name' = %s AND args->'payload'->>'org' = %s",
            name,
            org,
        )
        return orgs, jobs

    mine = text("SELECT count(*) FROM procrastinate_jobs WHERE args->'payload'->>'org' = :org")
    try:
        with sm() as db:
            db.add(Organization(name="Rolled-back NGO", kind=OrgKind.ngo))
            queue.defer(db, name, org="Rolled-back NGO")
            assert db.execute(mine, {"org": "Rolled-back NGO"}).scalar_one() == 1  # in this transaction
            assert committed("Rolled-back NGO") == (0, 0)
            db.rollback()
        assert committed("Rolled-back NGO") == (0, 0)

        with sm() as db:
            db.add(Organization(name="Committed NGO", kind=OrgKind.ngo))
            queue.defer(db, name, org="Committed NGO")
            db.flush()
            assert committed("Committed NGO") == (0, 0)
            db.commit()
        assert committed("Committed NGO") == (1, 1)  # the change and its job, in the same commit
    finally:
        engine.dispose()
    _work(runner)
    assert notes.read_text() == "Committed NGO\n"
    _sql(jobs_url, "DELETE FROM organizations WHERE name = 'Committed NGO'")


def test_inline_jobs_run_after_the_commit_of_sessions_of_their_sessionmaker(
    psettings: Settings, tmp_path: Path, noted: tuple[str, Path]
):
    name, notes = noted
    engine = make_engine(f"sqlite:///{tmp_path / 'inline.db'}")
    bound, other = make_sessionmaker(engine), make_sessionmaker(engine)
    queue.bind(bound, queue.InlineRunner(queue.JobContext(psettings, bound)))
    with bound() as db:
        queue.defer(db, name, org="rolled back")
        db.rollback()
        queue.defer(db, name, org="committed")
        assert not notes.exists()  # not before the commit
        db.commit()
        assert notes.read_text() == "committed\n"
        queue.bind(bound, None)  # a new binding reaches the sessions already open; None drops jobs
        queue.defer(db, name, org="dropped")
        db.commit()
    assert notes.read_text() == "committed\n"
    # The commit hooks and the runner belong to `bound`: other sessions have no runner to hand jobs to.
    for session in (other(), Session(engine)):
        with session, pytest.raises(RuntimeError, match="without a job runner"):
            queue.defer(session, name, org="unbound")
    engine.dispose()


def test_defer_refuses_unknown_jobs_once_the_registry_is_loaded(psettings: Settings):
    registry.load()
    assert {"mail.send", "webhook.deliver", "package.build", "evidence.scan"} <= set(queue.TASKS)
    sm = sessionmaker()
    queue.bind(sm, None)
    with pytest.raises(KeyError, match="unknown job"):
        queue.defer(sm(), "mail.sned", to="x@ngo.example")


def test_the_queue_imports_no_job_module():
    """Job modules import workflows, which import the queue: the queue may not import them back,
    not even inside a function (the registry, filled by the entry points, does)."""
    tree = ast.parse(Path(queue.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert {m for m in imported if m == "app" or m.startswith("app.")} == {"app.config"}


@pytest.fixture
def flaky() -> Iterator[str]:
    @queue.task("test.flaky")
    def _flaky(ctx: queue.JobContext, counter: str) -> None:
        path = Path(counter)
        n = int(path.read_text()) if path.exists() else 0
        path.write_text(str(n + 1))
        if n == 0:
            raise RuntimeError("first attempt fails")

    yield "test.flaky"
    queue.TASKS.pop("test.flaky")


def test_failing_job_is_retried_with_backoff(
    flaky: str, runner: ProcrastinateRunner, psettings: Settings, jobs_url: str, tmp_path: Path
):
    counter = tmp_path / "counter"
    runner.submit(flaky, {"counter": str(counter)})
    _work(runner)
    [(job_id, status, attempts, due_in)] = _jobs(jobs_url, flaky)
    assert (status, attempts, counter.read_text()) == ("todo", 1, "1")
    assert RETRY.exponential_wait - 1.5 < due_in <= RETRY.exponential_wait  # first backoff: 4 s
    _sql(jobs_url, "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = %s", job_id)  # skip it
    _work(runner)
    assert [row[1:3] for row in _jobs(jobs_url, flaky)] == [("succeeded", 2)]  # attempts counts runs
    assert counter.read_text() == "2"
    # The inline runner still only logs failures.
    counter.unlink()
    queue.run_task(queue.JobContext(psettings, sessionmaker()), flaky, {"counter": str(counter)})
    with pytest.raises(LookupError):
        queue.run_task(queue.JobContext(psettings, sessionmaker()), "no.such", {}, raise_errors=True)


def test_procrastinate_tick_runs_periodic_functions(
    runner: ProcrastinateRunner, psettings: Settings, periodic_fns: list[queue.PeriodicFn]
):
    [periodic] = runner.app.periodic_registry.periodic_tasks.values()
    assert (periodic.task.name, periodic.cron) == ("portal.tick", "* * * * *")
    seen: list[queue.JobContext] = []

    def remind(ctx: queue.JobContext) -> None:  # defers a job from inside the worker
        if not seen:
            with ctx.sessionmaker() as db:
                queue.defer(db, "mail.send", to="tick@ngo.example", subject="Reminder", body="Follow up.")
                db.commit()
        seen.append(ctx)

    _register(periodic_fns, remind)
    # The worker's job context is bound to this procrastinate app: what `remind` defers is queued here.
    runner._ensure_open()
    runner.app.tasks["portal.tick"].defer(timestamp=int(time.time()))
    _work(runner)
    assert seen and seen[0].settings.jobs_backend == "procrastinate"
    bound = queue.bound_runner(seen[0].sessionmaker)
    assert isinstance(bound, ProcrastinateRunner) and bound.app is runner.app
    _work(runner)
    assert [m.split("\n", 1)[0] for m in outbox(psettings)] == ["To: tick@ngo.example"]


def test_inline_ticker_calls_periodic_functions_and_stops(
    psettings: Settings, periodic_fns: list[queue.PeriodicFn]
):
    calls: list[float] = []
    twice = threading.Event()

    def boom(ctx: queue.JobContext) -> None:
        raise RuntimeError("a failing periodic job does not stop the others")

    def count(ctx: queue.JobContext) -> None:
        calls.append(time.monotonic())
        if len(calls) >= 2:
            twice.set()

    _register(periodic_fns, boom)
    _register(periodic_fns, count)
    engine = make_engine(psettings.database_url)
    stop = queue.start_inline_ticker(queue.JobContext(psettings, make_sessionmaker(engine)), 0.1)
    assert twice.wait(1.0)
    stop()
    engine.dispose()
    assert not any(t.name == "portal-ticker" for t in threading.enumerate())
    n = len(calls)
    time.sleep(0.25)
    assert len(calls) == n

    # The web app's lifespan runs it with the inline backend.
    app = create_app(make_settings(psettings.database_url, psettings.var_dir, jobs_tick_seconds=0.1))
    calls.clear()
    twice.clear()
    with TestClient(app):
        assert twice.wait(1.0)
    assert not any(t.name == "portal-ticker" for t in threading.enumerate())
    app.state.engine.dispose()


@pytest.fixture
def cli_env(psettings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("PORTAL_DATABASE_URL", psettings.database_url)
    monkeypatch.setenv("PORTAL_VAR_DIR", str(psettings.var_dir))
    monkeypatch.setenv("PORTAL_JOBS_BACKEND", "procrastinate")
    get_settings.cache_clear()
    yield psettings
    get_settings.cache_clear()


def test_cli_jobs_tick_worker_and_db_upgrade(cli_env: Settings, periodic_fns: list[queue.PeriodicFn]):
    sent: list[str] = []

    def remind(ctx: queue.JobContext) -> None:
        if not sent:  # the worker's own tick may call it again
            with ctx.sessionmaker() as db:
                queue.defer(db, "mail.send", to="late@ngo.example", subject="Reminder", body="Follow up.")
                db.commit()
            sent.append("late@ngo.example")

    _register(periodic_fns, remind)
    cli_runner = CliRunner()
    r = cli_runner.invoke(cli, ["jobs", "tick"])
    assert r.exit_code == 0, r.output
    assert sent and outbox(cli_env) == []  # queued for the worker
    r = cli_runner.invoke(cli, ["worker", "--once", "--concurrency", "2"])
    assert r.exit_code == 0, r.output
    assert any("To: late@ngo.example" in m for m in outbox(cli_env))

    def boom(ctx: queue.JobContext) -> None:
        raise RuntimeError("cron sees the failure")

    _register(periodic_fns, boom)
    r = cli_runner.invoke(cli, ["jobs", "tick"])
    assert r.exit_code == 1 and "of" in r.output

    r = cli_runner.invoke(cli, ["db", "upgrade"])
    assert r.exit_code == 0 and "procrastinate schema applied" not in r.output, r.output
