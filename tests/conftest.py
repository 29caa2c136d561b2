"""Test harness: a real PostgreSQL schema built by `alembic upgrade head` once per session, the demo
coalition committed once, and every test inside a transaction that is rolled back at its end."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import migrate
from app.config import Settings
from app.db import make_engine
from app.jobs import queue
from app.main import create_app
from app.security import passwords

PG_ADMIN = os.environ.get("PORTAL_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
# One database per test session: parallel runs (CI, a developer, helpers) never clobber each other.
PG_DB = os.environ.get("PORTAL_TEST_DB", f"portal_test_{os.getpid()}")
PG_URL = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + PG_DB
PASSWORD = "demo-password-2026"

# Cheaper Argon2id parameters keep the suite fast; the algorithm and code path are the real ones.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("timing-dummy")


def _recreate_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


_SCRATCH: list[str] = []


def _drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    _recreate_database(PG_DB)
    migrate.upgrade(PG_URL)
    yield PG_URL
    for name in [*_SCRATCH, PG_DB]:
        _drop_database(name)


def scratch_database(suffix: str) -> str:
    """A fresh, empty database private to this session; returns its SQLAlchemy URL."""
    name = f"{PG_DB}_{suffix}"
    _recreate_database(name)
    _SCRATCH.append(name)
    return PG_URL.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def engine(pg_url: str) -> Iterator[Engine]:
    eng = make_engine(pg_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def var_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("var")


def make_settings(pg_url: str, var_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "database_url": pg_url,
        "var_dir": var_dir,
        "secret_key": "t" * 40,
        "login_slowdown_seconds": 0.0,
        "public_base_url": "http://testserver",
        "enforce_2fa_for_privileged": False,  # the suite signs demo admins in with passwords
        # Race tests fire 20+ requests at once at one process: above the production default (16), so
        # they meet the database's locks rather than the overload 503 (tests/api/test_scale_admission.py).
        "max_in_flight": 64,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def seeded(engine: Engine, pg_url: str, var_root: Path) -> dict[str, Any]:
    """The demo coalition, committed once for the whole session."""
    from app.workflows.demo import seed

    with Session(engine) as db:
        seed(db, make_settings(pg_url, var_root), with_cases=False)
        db.commit()
    return {}


@pytest.fixture
def db_conn(engine: Engine, seeded: dict[str, Any]) -> Iterator[Any]:
    conn = engine.connect()
    trans = conn.begin()
    yield conn
    trans.rollback()
    conn.close()


@pytest.fixture
def sm(db_conn: Any) -> sessionmaker[Session]:
    # Sessions join the test's outer transaction through savepoints: their commits are real commits
    # to the code under test, and everything vanishes at the rollback.
    made = sessionmaker(
        bind=db_conn, expire_on_commit=False, autoflush=False, join_transaction_mode="create_savepoint"
    )
    # Without an app, deferred jobs are dropped; create_app(sessionmaker_override=sm) binds its runner,
    # for the sessions already open too.
    queue.bind(made, None)
    return made


@pytest.fixture
def db(sm: sessionmaker[Session]) -> Iterator[Session]:
    s = sm()
    yield s
    s.close()


@pytest.fixture
def settings(pg_url: str, tmp_path: Path) -> Settings:
    return make_settings(pg_url, tmp_path / "var")


@pytest.fixture
def app(settings: Settings, sm: sessionmaker[Session]) -> Any:
    return create_app(settings, sessionmaker_override=sm)


@pytest.fixture
def job_runner(app: Any, sm: sessionmaker[Session]) -> Callable[[queue.Runner | None], None]:
    """job_runner(r) hands the jobs the app defers from now on to `r` (None: they stay unrun)."""

    def use(runner: queue.Runner | None) -> None:
        queue.bind(sm, runner)

    return use


@dataclass
class Api:
    """A signed-in (or anonymous) HTTP client that sends the CSRF header like the frontend does."""

    client: TestClient
    csrf: str | None = None
    bearer: str | None = None

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        h = dict(extra or {})
        if self.csrf:
            h.setdefault("X-CSRF-Token", self.csrf)
        if self.bearer:
            h.setdefault("Authorization", f"Bearer {self.bearer}")
        return h

    def request(self, method: str, url: str, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        return self.client.request(method, url, headers=self._headers(headers), **kw)

    def get(self, url: str, **kw: Any) -> Any:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.request("POST", url, **kw)

    def patch(self, url: str, **kw: Any) -> Any:
        return self.request("PATCH", url, **kw)

    def put(self, url: str, **kw: Any) -> Any:
        return self.request("PUT", url, **kw)

    def delete(self, url: str, **kw: Any) -> Any:
        return self.request("DELETE", url, **kw)


DEMO = {
    "coalition_admin": "admin@coalition.example",
    "coordinator_a": "coordinator.a@coalition.example",
    "coordinator_b": "coordinator.b@coalition.example",
    "researcher_a": "researcher@lantern.example",
    "org_admin_a": "admin@lantern.example",
    "researcher_b": "researcher@ledger.example",
    "org_admin_b": "admin@ledger.example",
}


@pytest.fixture
def anon(app: Any) -> Api:
    return Api(TestClient(app))


@pytest.fixture
def login(app: Any) -> Any:
    """login("researcher_a") → a fresh signed-in client for that demo person."""

    def _login(who: str, password: str = PASSWORD) -> Api:
        client = TestClient(app)
        email = DEMO.get(who, who)
        r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        return Api(client, csrf=r.json()["csrf_token"])

    return _login


@pytest.fixture
def as_(login: Any) -> dict[str, Api]:
    """Every demo role signed in."""
    return {who: login(who) for who in DEMO}


def outbox(settings: Settings) -> list[str]:
    """The dev outbox's messages, decoded: 'To: …\nSubject: …\n\nbody'."""
    import email
    from email import policy

    box = settings.var_dir / "outbox"
    out = []
    for path in sorted(box.glob("*.eml")) if box.exists() else []:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = msg.get_body(("plain",))
        out.append(f"To: {msg['To']}\nSubject: {msg['Subject']}\n\n{body.get_content() if body else ''}")
    return out


@pytest.fixture
def live_app(settings: Settings, engine: Engine) -> Iterator[Any]:
    """The app on real, separate connections (committed data): for concurrency tests.

    Case files created through it are purged at the end (child tables cascade from case_files)."""
    from sqlalchemy import text

    app = create_app(settings)
    with engine.connect() as conn:
        before = {r[0] for r in conn.execute(text("SELECT id FROM case_files"))}
    yield app
    with engine.begin() as conn:
        after = {r[0] for r in conn.execute(text("SELECT id FROM case_files"))}
        for case_id in after - before:
            conn.execute(text("DELETE FROM case_files WHERE id = :id"), {"id": case_id})
    app.state.engine.dispose()


@pytest.fixture
def live_login(live_app: Any) -> Any:
    def _login(who: str, password: str = PASSWORD) -> Api:
        client = TestClient(live_app)
        r = client.post("/api/v1/auth/login", json={"email": DEMO.get(who, who), "password": password})
        assert r.status_code == 200, r.text
        return Api(client, csrf=r.json()["csrf_token"])

    return _login
