"""`make run`'s path in a subprocess: `portal seed-demo` then `portal serve` on SQLite and local disk.

Its own file so that the test runner's workers run it beside the demo-seed test, not after it: both
seed the whole demo coalition, sample sanctions lists included."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.test_platform import _free_port


def test_portal_serve_on_sqlite_smoke(tmp_path):
    """`portal seed-demo` then `portal serve` in a temporary directory; sign in over real HTTP."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update({"PORTAL_VAR_DIR": str(tmp_path / "var")})
    portal = str(Path(sys.executable).parent / "portal")
    subprocess.run([portal, "db", "upgrade"], cwd=tmp_path, env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [portal, "seed-demo"], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    )
    assert "researcher@lantern.example" in seeded.stdout
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
