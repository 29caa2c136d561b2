"""Migrations on both databases, settings, health, and a real `portal serve` subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from app import migrate
from app.config import ConfigurationError, Settings, check_startup
from app.db import make_engine
from tests.conftest import PG_URL, scratch_database

ROOT = Path(__file__).resolve().parent.parent


def _roundtrip(url: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    assert "audit_events" in inspect(engine).get_table_names()
    migrate.downgrade(url, "base")
    assert "audit_events" not in inspect(engine).get_table_names()
    migrate.upgrade(url)
    assert {"users", "organizations", "memberships", "sessions", "api_tokens", "invitations"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_migrations_roundtrip_sqlite(tmp_path):
    _roundtrip(f"sqlite:///{tmp_path / 'm.db'}")


def test_migrations_roundtrip_postgresql(pg_url):
    _roundtrip(scratch_database("migrations"))


def test_production_refuses_without_secret_pg_and_https(tmp_path):
    s = Settings(
        env="production",
        var_dir=tmp_path,
        database_url="sqlite:///x.db",
        public_base_url="http://portal.example",
    )
    with pytest.raises(ConfigurationError) as exc:
        check_startup(s)
    msg = str(exc.value)
    assert "PORTAL_SECRET_KEY" in msg and "PORTAL_DATABASE_URL" in msg and "PORTAL_PUBLIC_BASE_URL" in msg
    ok = Settings(
        env="production",
        var_dir=tmp_path,
        database_url=PG_URL,
        secret_key="s" * 40,
        public_base_url="https://portal.example",
    )
    check_startup(ok)


def test_development_keeps_a_generated_secret(tmp_path):
    s = Settings(var_dir=tmp_path)
    first = s.secret()
    assert len(first) >= 32 and Settings(var_dir=tmp_path).secret() == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_health_and_ready(anon):
    assert anon.get("/api/v1/health").json() == {"status": "ok"}
    r = anon.get("/api/v1/ready")
    assert r.status_code == 200 and r.json()["migrations"]["at_head"] is True


def test_errors_are_problem_json_without_internals(anon):
    r = anon.get("/api/v1/does-not-exist")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = anon.post("/api/v1/auth/login", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "Traceback" not in r.text


def test_security_headers(anon):
    r = anon.get("/api/v1/health")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "unsafe-inline" not in r.headers["content-security-policy"].split("script-src")[1].split(";")[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_audit_verify(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env["PORTAL_VAR_DIR"] = str(tmp_path)
    portal = str(Path(sys.executable).parent / "portal")
    subprocess.run([portal, "db", "upgrade"], env=env, check=True, capture_output=True)
    r = subprocess.run(
        [portal, "create-admin", "root@coalition.example", "--password", "x" * 16],
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    ok = subprocess.run([portal, "audit", "verify"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("OK: 1 events")
    import sqlite3

    con = sqlite3.connect(tmp_path / "portal.db")
    con.execute("UPDATE audit_events SET action='tampered' WHERE seq=1")
    con.commit()
    con.close()
    bad = subprocess.run([portal, "audit", "verify"], env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and "event 1" in bad.stderr
