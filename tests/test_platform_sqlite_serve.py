"""`make run`'s path in a subprocess: `portal seed-demo` then `portal serve` on SQLite and local disk.

One test, so the whole demo coalition (sample sanctions lists included) is seeded once: what the seed
holds, that a second seed adds nothing, that the audit chain verifies, then serving and signing in.
Its own file so that the test runner's workers run it beside the rest of tests/test_platform.py."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.test_platform import _free_port


def _counts(db: Path) -> tuple[dict[str, int], int, int, set[str]]:
    con = sqlite3.connect(db)
    try:
        states = dict(con.execute("SELECT status, count(*) FROM case_files GROUP BY status").fetchall())
        evidence = con.execute("SELECT count(*) FROM evidence").fetchone()[0]
        submissions = con.execute("SELECT count(*) FROM submissions").fetchone()[0]
        outcomes = {r[0] for r in con.execute("SELECT status FROM submissions")}
    finally:
        con.close()
    return states, evidence, submissions, outcomes


def test_demo_seed_then_portal_serve_on_sqlite(tmp_path):
    """`portal seed-demo` (twice: idempotent) then `portal serve` in a temporary directory; sign in over
    real HTTP."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update({"PORTAL_VAR_DIR": str(tmp_path / "var")})
    portal = str(Path(sys.executable).parent / "portal")
    subprocess.run([portal, "db", "upgrade"], cwd=tmp_path, env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [portal, "seed-demo"], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    )
    assert "researcher@lantern.example" in seeded.stdout
    db = tmp_path / "var" / "portal.db"
    first = _counts(db)
    states, evidence, _, outcomes = first
    assert evidence == 3 and {"designated", "declined", "no_response"} <= outcomes
    assert {
        "draft",
        "submitted",
        "in_review",
        "changes_requested",
        "approved",
        "rejected",
        "withdrawn",
    } <= set(states)
    subprocess.run([portal, "seed-demo"], cwd=tmp_path, env=env, check=True, capture_output=True)
    assert _counts(db) == first  # the second run added nothing
    verified = subprocess.run(
        [portal, "audit", "verify"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    port = _free_port()
    proc = subprocess.Popen(
        [portal, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        with httpx.Client(base_url=base) as client:
            r = client.post(
                "/api/v1/auth/login",
                json={"email": "researcher@lantern.example", "password": "demo-password-2026"},
            )
            assert r.status_code == 200
            assert client.get("/api/v1/me").json()["organization"]["name"] == "Lantern Rights Watch"
        assert (tmp_path / "var" / "portal.db").exists()
        assert (tmp_path / "var" / "secret_key").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
