"""`portal backup` / `portal restore`: a restore drill into an empty database and a fresh store, ending
with `portal audit verify` and every evidence item verifying; damaged backups and occupied databases
are refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app import migrate
from app.cli import cli
from app.config import get_settings
from app.db import make_engine
from app.main import create_app
from tests.api.test_evidence import jpeg_with_gps
from tests.conftest import DEMO, PASSWORD, make_settings, scratch_database
from tests.support.review_flow import new_case


def _env(monkeypatch: pytest.MonkeyPatch, url: str, var_dir: Path, **extra: str) -> None:
    for name in ("PORTAL_AGE_IDENTITY_FILE", "PORTAL_AGE_IDENTITY"):
        monkeypatch.delenv(name, raising=False)
    values = {
        "PORTAL_ENV": "test",
        "PORTAL_DATABASE_URL": url,
        "PORTAL_VAR_DIR": str(var_dir),
        "PORTAL_SECRET_KEY": "t" * 40,
        **extra,
    }
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()


@pytest.fixture
def source(pg_url: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A portal with committed data: the demo coalition, a case, two evidence items, audit events."""
    from app.workflows.demo import seed

    url = scratch_database("backup_src")
    migrate.upgrade(url)
    var = tmp_path / "src-var"
    settings = make_settings(url, var)
    engine = make_engine(url)
    with Session(engine) as db:
        seed(db, settings, with_cases=False)
        db.commit()
    engine.dispose()
    app = create_app(settings)
    client = TestClient(app)
    r = client.post("/api/v1/auth/login", json={"email": DEMO["researcher_a"], "password": PASSWORD})
    assert r.status_code == 200
    from tests.conftest import Api

    api = Api(client, csrf=r.json()["csrf_token"])
    case = new_case(api)
    for name in ("gate.jpg", "yard.jpg"):
        r = api.post(
            f"/api/v1/cases/{case['id']}/evidence",
            data={"title": name},
            files={"file": (name, jpeg_with_gps(), "application/octet-stream")},
        )
        assert r.status_code == 201, r.text
    app.state.engine.dispose()
    yield {"url": url, "var": var, "case_id": case["id"]}
    get_settings.cache_clear()


def test_restore_drill(source: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    backup_dir = tmp_path / "backup"
    _env(monkeypatch, source["url"], source["var"])
    r = runner.invoke(cli, ["backup", str(backup_dir)])
    assert r.exit_code == 0, r.output
    assert "2 evidence items" in r.output
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    from alembic.script import ScriptDirectory

    from app.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config(source["url"])).get_heads()
    assert manifest["database"] == "database.dump" and manifest["revisions"] == sorted(heads)
    assert len(manifest["evidence"]) == 2
    assert any(name.startswith("objects/") for name in manifest["files"])
    assert not any("age-identity" in name for name in manifest["files"])  # the key stays out

    # A fresh, empty database and an empty store; the key supplied apart, as an operator would.
    target_url = scratch_database("backup_dst")
    target_var = tmp_path / "dst-var"
    _env(
        monkeypatch, target_url, target_var, PORTAL_AGE_IDENTITY_FILE=str(source["var"] / "age-identity.txt")
    )
    r = runner.invoke(cli, ["restore", str(backup_dir)])
    assert r.exit_code == 0, r.output
    assert "audit: OK" in r.output
    assert "evidence: 2 of 2 items verify" in r.output
    r = runner.invoke(cli, ["audit", "verify"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("OK:")

    # A second restore over the restored data is refused unless forced.
    r = runner.invoke(cli, ["restore", str(backup_dir)])
    assert r.exit_code == 1 and "already holds an audit trail" in r.output
    assert runner.invoke(cli, ["restore", str(backup_dir), "--force"]).exit_code == 0

    # Without the store's key the evidence does not verify, and the drill says so.
    other_var = tmp_path / "no-key-var"
    _env(monkeypatch, target_url, other_var)
    r = runner.invoke(cli, ["restore", str(backup_dir), "--force"])
    assert r.exit_code == 1 and "evidence: 0 of 2 items verify" in r.output


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    source: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    backup_dir = tmp_path / "backup"
    _env(monkeypatch, source["url"], source["var"])
    assert runner.invoke(cli, ["backup", str(backup_dir)]).exit_code == 0
    r = runner.invoke(cli, ["backup", str(backup_dir)])
    assert r.exit_code == 1 and "not empty" in r.output
    victim = next(p for p in (backup_dir / "objects").rglob("*") if p.is_file())
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    target_url = scratch_database("backup_dmg")
    _env(monkeypatch, target_url, tmp_path / "dmg-var")
    r = runner.invoke(cli, ["restore", str(backup_dir)])
    assert r.exit_code == 1 and "damaged" in r.output
    engine = make_engine(target_url)
    try:
        from sqlalchemy import inspect

        with engine.connect() as conn:
            assert not inspect(conn).has_table("case_files")  # nothing restored
    finally:
        engine.dispose()
