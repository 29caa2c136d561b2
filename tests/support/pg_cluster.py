"""A private PostgreSQL cluster for fault tests: its own port, stopped and started at will, dropped at the
end. The shared cluster (5432, every test session's databases) is never stopped or touched.

Made with Debian's `pg_createcluster` (the PostgreSQL the suite already uses), which needs root. The
name carries the test session's pid, so parallel runs never share one, and clusters left behind by
killed runs (whose pid is gone) are dropped first.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

FIRST_PORT = 5499


def available() -> str | None:
    """Why a private cluster cannot be made here, or None."""
    if shutil.which("pg_createcluster") is None or shutil.which("pg_ctlcluster") is None:
        return "Debian's postgresql-common (pg_createcluster) is not installed"
    if os.geteuid() != 0:
        return "pg_createcluster needs root"
    if not _versions():
        return "no PostgreSQL server version installed"
    return None


def _versions() -> list[str]:
    root = Path("/usr/lib/postgresql")
    found = [p.name for p in root.iterdir() if (p / "bin" / "postgres").exists()] if root.exists() else []
    return sorted(found, key=lambda v: [int(x) for x in v.split(".") if x.isdigit()])


def _free_port(start: int) -> int:
    for port in range(start, start + 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for a private PostgreSQL cluster")


def _run(*args: str, timeout: float = 60) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")


@dataclass
class PrivateCluster:
    version: str
    name: str
    port: int

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of `database` on this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, database: str) -> str:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{database}"')
        return self.url(database)

    def start(self) -> None:
        _run("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "start")
        self.wait_ready()

    def stop(self, mode: str = "fast") -> None:
        """`fast`: sessions are ended at once (in-flight transactions roll back), as in a failover."""
        _run("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "stop", "-m", mode)

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.admin_url, connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def drop(self) -> None:
        subprocess.run(
            ["pg_dropcluster", "--stop", self.version, self.name],
            capture_output=True,
            timeout=60,
            check=False,
        )


def _drop_stale(version: str, prefix: str) -> None:
    """Drop clusters of this prefix whose test session is gone (a run killed before its teardown)."""
    root = Path("/etc/postgresql") / version
    for conf in root.glob(f"{prefix}_*") if root.exists() else []:
        pid = conf.name.rsplit("_", 1)[-1]
        if pid.isdigit() and (int(pid) == os.getpid() or not Path(f"/proc/{pid}").exists()):
            PrivateCluster(version, conf.name, 0).drop()


@contextmanager
def private_cluster(prefix: str = "portal_faults") -> Iterator[PrivateCluster]:
    """A running private cluster (listening on localhost only, trusting it), dropped afterwards."""
    version = _versions()[-1]
    cluster = PrivateCluster(version, f"{prefix}_{os.getpid()}", _free_port(FIRST_PORT))
    _drop_stale(version, prefix)
    _run(
        "pg_createcluster",
        version,
        cluster.name,
        "-p",
        str(cluster.port),
        "-o",
        "max_connections=50",
        "--",
        "--auth-host=trust",
        "--auth-local=peer",
        timeout=120,
    )
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.drop()
