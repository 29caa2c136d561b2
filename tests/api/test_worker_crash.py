"""A real `portal worker` killed (SIGKILL) in the middle of a package build (issue 13).

The web app runs here (procrastinate jobs, S3 over HTTP: moto server); the workers are separate
`portal worker` processes on the same PostgreSQL database. To kill one at a known point of the build
without slowing anything down, the test holds the case's row lock: the build loads, beats, streams the
evidence and stores the ZIP, then waits for that lock to record the package (`_record_built`). The
test sees the worker's backend wait for it (pg_blocking_pids), kills the worker there (the package
ZIP stored, nothing recorded: the worst moment) and lets go of the lock.

- The next worker retries the dead worker's job once that worker's heartbeat is older than
  PORTAL_JOBS_STALLED_AFTER_SECONDS: the build runs again, replaces the dead attempt's ZIP and
  completes; the package downloads and validates, recorded once.
- If the package's own heartbeat is older than PORTAL_PACKAGE_STALE_AFTER_SECONDS first, a new request
  fails the build with the reason and builds again; the next worker builds that one, and the dead job,
  retried, only removes the ZIP its attempt had stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine
from app.jobs.procrastinate_runner import (
    RETRY,
    RUN_TASK,
    TICK_TASK,
    apply_schema_if_missing,
    libpq_conninfo,
    make_procrastinate_app,
    retry_stalled_jobs,
)
from app.main import create_app
from app.workflows.demo import seed
from app.workflows.evidence import blob_store
from tests.conftest import DEMO, PASSWORD, Api, make_settings, scratch_database
from tests.support.flows import add_evidence, force_status
from tests.support.moto_server import s3_endpoint
from tests.support.package_format import assert_valid_package
from tests.support.review_flow import new_case

__all__ = ["s3_endpoint"]  # the fixture, registered by importing it

PORTAL = Path(sys.executable).parent / "portal"
STALLED_AFTER = 2  # PORTAL_JOBS_STALLED_AFTER_SECONDS of the workers
BOUND = 60.0  # seconds any one wait may take before the test fails


@pytest.fixture(scope="module")
def crash_db(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database of its own (committed data, seen by the worker processes), with procrastinate's schema
    and the demo people."""
    url = scratch_database("crash")
    migrate.upgrade(url)
    settings = make_settings(url, tmp_path_factory.mktemp("seed"), jobs_backend="procrastinate")
    apply_schema_if_missing(settings)
    engine = make_engine(url)
    with Session(engine) as db:
        seed(db, settings, with_cases=False)
        db.commit()
    engine.dispose()
    return url


@dataclass
class Portal:
    """The web app (in this process) and its workers (processes), sharing database, S3 and var dir."""

    url: str
    settings: Any
    env: dict[str, str]
    app: Any
    log_dir: Path
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def login(self, who: str) -> Api:
        client = TestClient(self.app)
        r = client.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
        assert r.status_code == 200, r.text
        return Api(client, csrf=r.json()["csrf_token"])

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"worker{len(self.workers)}.log").open("wb")
        proc = subprocess.Popen(
            [str(PORTAL), "worker"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.workers.append(proc)
        return proc

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-6000:]}"
            for p in sorted(self.log_dir.glob("*.log"))
        )

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(libpq_conninfo(self.url), autocommit=True) as conn:
            cur = conn.execute(query, params or None)
            return cur.fetchall() if cur.description else []

    def wait_for(self, what: str, check: Callable[[], Any]) -> Any:
        deadline = time.monotonic() + BOUND
        while time.monotonic() < deadline:
            got = check()
            if got:
                return got
            for proc in self.workers:
                if proc.poll() not in (None, -signal.SIGKILL):
                    pytest.fail(
                        f"a worker exited ({proc.returncode}) while waiting for {what}\n{self.logs()}"
                    )
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {what}\n{self.logs()}")


@pytest.fixture
def portal(crash_db: str, tmp_path: Path, s3_endpoint: str) -> Iterator[Callable[..., Portal]]:
    """portal(**settings) → the app and the environment of its `portal worker` processes."""
    made: list[Portal] = []

    def make(**overrides: Any) -> Portal:
        values: dict[str, Any] = {
            "jobs_backend": "procrastinate",
            "jobs_tick_seconds": 0,
            "jobs_stalled_after_seconds": STALLED_AFTER,
            "storage_backend": "s3",
            "s3_endpoint_url": s3_endpoint,
            "s3_bucket": f"crash-{uuid.uuid4().hex[:12]}",
            "s3_access_key_id": "testing",
            "s3_secret_access_key": "testing",
            "clamd_autostart": False,
            **overrides,
        }
        settings = make_settings(crash_db, tmp_path / "var", **values)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
        for name in (*values, "env", "secret_key", "public_base_url", "enforce_2fa_for_privileged"):
            value = getattr(settings, name)
            value = value.get_secret_value() if hasattr(value, "get_secret_value") else value
            env[f"PORTAL_{name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
        env["PORTAL_DATABASE_URL"] = crash_db
        env["PORTAL_VAR_DIR"] = str(settings.var_dir)
        log_dir = tmp_path / "logs"
        log_dir.mkdir(exist_ok=True)
        made.append(Portal(crash_db, settings, env, create_app(settings), log_dir))
        return made[-1]

    yield make
    for p in made:
        for proc in p.workers:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
        p.app.state.engine.dispose()


# ---- the case, the build, the kill -------------------------------------------------------------------------


def approved_case_with_evidence(portal: Portal) -> tuple[dict[str, Any], list[str]]:
    case = new_case(portal.login("researcher_a"))
    blob_store(portal.settings)  # its bucket made
    engine = make_engine(portal.url)
    with Session(engine) as db:
        force_status(db, case["id"], "approved")
        ids = [
            add_evidence(db, portal.settings, case["id"], title, original=original).id
            for title, original in (
                ("Witness statement", b"%PDF-1.4\n% statement of the witness\n" + b"s" * 200_000),
                ("Detention register", b"%PDF-1.4\n% register of the facility\n" + b"r" * 300_000),
            )
        ]
    engine.dispose()
    return case, ids


def request_build(coordinator: Api, case_id: str) -> dict[str, Any]:
    r = coordinator.post(f"/api/v1/cases/{case_id}/packages", json={"jurisdictions": ["us"]})
    assert r.status_code == 202, r.text
    (pkg,) = r.json()["packages"]
    assert pkg["state"] == "building", pkg  # queued for a worker: nothing ran in the request
    return dict(pkg)


@contextmanager
def case_row_locked(portal: Portal, case_id: str) -> Iterator[psycopg.Connection[Any]]:
    conn = psycopg.connect(libpq_conninfo(portal.url))
    try:
        conn.execute("SELECT id FROM case_files WHERE id = %s FOR UPDATE", (case_id,))
        yield conn
    finally:
        conn.rollback()
        conn.close()


def kill_while_recording(portal: Portal, case_id: str, pkg_id: str) -> None:
    """Start a worker, let it build the package up to recording it, and SIGKILL it there."""
    store = blob_store(portal.settings)
    with case_row_locked(portal, case_id) as lock:
        me = lock.info.backend_pid
        worker = portal.start_worker()

        def waiting_to_record() -> int | None:
            rows = portal.sql(
                "SELECT pid, query FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", me
            )
            return next((pid for pid, query in rows if "case_files" in query and "FOR UPDATE" in query), None)

        blocked = portal.wait_for("the build to wait for the case's row lock", waiting_to_record)
        pkg = portal.login("coordinator_a").get(f"/api/v1/packages/{pkg_id}").json()
        assert pkg["state"] == "building" and pkg["heartbeat_at"] is not None, pkg
        zip_key = f"packages/{case_id}/{pkg_id}.zip"
        assert store.exists(zip_key)  # the ZIP is stored; the package is not recorded
        worker.send_signal(signal.SIGKILL)
        assert worker.wait(10) == -signal.SIGKILL
    # The dead worker's backend ends once it gets the lock and finds its client gone.
    portal.wait_for(
        "the killed worker's backend to end",
        lambda: not portal.sql("SELECT 1 FROM pg_stat_activity WHERE pid = %s", blocked),
    )


def job_of(portal: Portal, pkg_id: str) -> tuple[str, int]:
    (row,) = portal.sql(
        "SELECT status, attempts FROM procrastinate_jobs WHERE args->'payload'->>'package_id' = %s", pkg_id
    )
    return str(row[0]), int(row[1])


def finished(portal: Portal, api: Api, pkg_id: str) -> Callable[[], dict[str, Any] | None]:
    def check() -> dict[str, Any] | None:
        pkg = api.get(f"/api/v1/packages/{pkg_id}").json()
        return pkg if pkg["state"] != "building" else None

    return check


def downloaded(api: Api, pkg: dict[str, Any]) -> bytes:
    r = api.get(f"/api/v1/packages/{pkg['id']}/download")
    assert r.status_code == 200, r.text
    assert (
        hashlib.sha256(r.content).hexdigest() == pkg["sha256"] and r.headers["etag"] == f'"{pkg["sha256"]}"'
    )
    assert_valid_package(r.content)
    return bytes(r.content)


def recorded_once(portal: Portal, pkg_id: str, evidence_ids: list[str]) -> None:
    """One `package.built` audit event, one submission, one `shared` custody event per item."""
    built = portal.sql(
        "SELECT count(*) FROM audit_events WHERE action = 'package.built' AND target_id = %s", pkg_id
    )
    assert built == [(1,)]
    assert portal.sql("SELECT count(*) FROM submissions WHERE package_id = %s", pkg_id) == [(1,)]
    shared = portal.sql(
        "SELECT evidence_id, count(*) FROM custody_events "
        "WHERE action = 'shared' AND detail->>'package_id' = %s GROUP BY evidence_id",
        pkg_id,
    )
    assert sorted(shared) == sorted((ev, 1) for ev in evidence_ids)


# ---- the tests ---------------------------------------------------------------------------------------------


def test_jobs_of_a_dead_worker_are_retried_or_failed_but_never_left_running(portal):
    """`retry_stalled_jobs` alone, on rows a dead worker left: a job is retried while it has attempts
    left, failed once it has used them up; the minute tick (not retried: the next one is its retry) is
    failed, which frees its lock for the next tick; a live worker's job is left alone."""
    p = portal()
    (dead,) = p.sql(
        "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '1 hour') RETURNING id"
    )
    (alive,) = p.sql("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now()) RETURNING id")

    def job(task: str, attempts: int, worker: int, lock: str | None = None) -> int:
        args = '{"name": "mail.send", "payload": {}}' if task == RUN_TASK else '{"timestamp": 0}'
        (row,) = p.sql(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, lock, args, status, attempts, worker_id) "
            "VALUES ('default', %s, %s, %s, 'doing', %s, %s) RETURNING id",
            task,
            lock,
            args,
            attempts,
            worker,
        )
        return int(row[0])

    fresh, spent = job(RUN_TASK, 0, dead[0]), job(RUN_TASK, RETRY.max_attempts or 5, dead[0])
    tick, running = job(TICK_TASK, 0, dead[0], lock=TICK_TASK), job(RUN_TASK, 0, alive[0])
    app = make_procrastinate_app(p.settings)

    async def recover() -> int:
        async with app.open_async():
            return await retry_stalled_jobs(app, p.settings)

    try:
        assert asyncio.run(recover()) == 3
        status = dict(
            p.sql(
                "SELECT id, status::text FROM procrastinate_jobs WHERE id = ANY(%s)",
                [fresh, spent, tick, running],
            )
        )
        assert status == {fresh: "todo", spent: "failed", tick: "failed", running: "doing"}
        assert asyncio.run(recover()) == 0  # nothing is taken back twice
    finally:
        p.sql("DELETE FROM procrastinate_jobs WHERE id = ANY(%s)", [fresh, spent, tick, running])
        p.sql("DELETE FROM procrastinate_workers WHERE id = ANY(%s)", [dead[0], alive[0]])


def test_a_build_killed_mid_way_is_retried_by_the_next_worker_and_completes(portal):
    p = portal()  # the default stale window (two minutes): the retry comes first
    case, evidence_ids = approved_case_with_evidence(p)
    coordinator = p.login("coordinator_a")
    pkg = request_build(coordinator, case["id"])

    kill_while_recording(p, case["id"], pkg["id"])
    got = coordinator.get(f"/api/v1/packages/{pkg['id']}").json()
    assert got["state"] == "building" and got["download_url"] is None  # not built, not lost
    assert job_of(p, pkg["id"]) == ("doing", 0)  # left running by the dead worker

    started = time.monotonic()
    p.start_worker()
    done = p.wait_for("the next worker to finish the build", finished(p, coordinator, pkg["id"]))
    took = time.monotonic() - started
    assert done["state"] == "built" and done["progress"] == 100 and done["error"] is None, done
    # The same job, retried once: procrastinate counts the retry and the run that finished it.
    assert job_of(p, pkg["id"]) == ("succeeded", 2)
    assert took < BOUND
    data = downloaded(coordinator, done)
    assert len(data) == done["size"]
    recorded_once(p, pkg["id"], evidence_ids)


def test_a_stale_build_is_failed_with_the_reason_and_rebuilt_and_its_dead_attempt_leaves_nothing(portal):
    p = portal(package_stale_after_seconds=3)
    case, evidence_ids = approved_case_with_evidence(p)
    coordinator = p.login("coordinator_a")
    dead = request_build(coordinator, case["id"])
    kill_while_recording(p, case["id"], dead["id"])

    def stale() -> bool:
        beat = coordinator.get(f"/api/v1/packages/{dead['id']}").json()["heartbeat_at"]
        return (datetime.now().astimezone() - datetime.fromisoformat(beat)).total_seconds() > 3.5

    p.wait_for("the build's heartbeat to be older than the stale window", stale)
    # Asking again fails the stale build (it no longer blocks the jurisdiction) and queues a new one.
    again = request_build(coordinator, case["id"])
    assert again["id"] != dead["id"]
    failed = coordinator.get(f"/api/v1/packages/{dead['id']}").json()
    assert failed["state"] == "failed", failed
    assert failed["error"] == (
        "The build stopped without finishing (no progress for 3 seconds: its worker stopped); build the "
        "package again"
    )

    p.start_worker()
    done = p.wait_for("the next worker to build the new package", finished(p, coordinator, again["id"]))
    assert done["state"] == "built", done
    downloaded(coordinator, done)
    recorded_once(p, again["id"], evidence_ids)
    # The dead job was retried too: it did nothing but remove the ZIP its attempt had stored.
    p.wait_for("the dead job to be retried", lambda: job_of(p, dead["id"]) == ("succeeded", 2))
    store = blob_store(p.settings)
    assert not store.exists(f"packages/{case['id']}/{dead['id']}.zip")
    assert store.exists(f"packages/{case['id']}/{again['id']}.zip")
    assert coordinator.get(f"/api/v1/packages/{dead['id']}").json()["state"] == "failed"
    assert p.sql(
        "SELECT count(*) FROM audit_events WHERE action = 'package.built' AND target_id = %s", dead["id"]
    ) == [(0,)]
