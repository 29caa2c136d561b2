"""Benchmark: one API process under overload, and the review queue against the cost of authentication.

    python bench/api_load.py                       # 20,000 seeded cases, 1,000 connections for 15 s
    python bench/api_load.py --cases 100000 --overload-seconds 20
    python bench/api_load.py --skip-overload       # only the queue/search figures
    python bench/api_load.py --server granian      # the same app under Granian instead of uvicorn

Bounded and local: it creates a private database on the local PostgreSQL (PORTAL_BENCH_PG_ADMIN,
default postgresql://postgres@127.0.0.1:5432/postgres), seeds the demo coalition and --cases case
files (the demo's Zarechny content, ~8 KB each; 30 % drafts, 10 % in each later state) straight in
SQL, starts `portal serve --workers 1` on a loopback port, runs the phases below, stops the server and
drops the database. Every phase stops by itself.

1. Overload: --connections (1,000) keep-alive connections at once, each sending authenticated
   `GET /api/v1/cases/{id}` back to back for --overload-seconds, with one more connection probing
   `/api/v1/health` every 100 ms. Printed: requests by status, 5xx other than 503 (must be 0), 503s
   without Retry-After (must be 0), the longest wait for any answer (must be < 5 s), /health latency
   during the load, and the time from the end of the load to full service (a `GET /api/v1/me` 200 in
   under a second; must be < 1 s).
2. Queue: 10 connections on `GET /api/v1/review/queue` (a coordinator, default filters: counts per
   state and a page of 50 summaries) for --phase-seconds, then 10 on `GET /api/v1/me` (the cost of
   authentication alone), then 10 on a name search `GET /api/v1/cases?q=<surname>`. Printed: p50/p95
   and throughput of each, and the queue's throughput as a ratio of /me's, measured in this run.

`uptime` is printed before and after: the machine is shared, so read the figures with the load.
"""

# ruff: noqa: E501  (SQL and report lines read better unbroken)
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_ADMIN = os.environ.get("PORTAL_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
SURNAMES = [
    "ivanov", "petrov", "sidorov", "kuznetsov", "smirnov", "popov", "volkov", "sokolov", "lebedev", "kozlov",
    "novikov", "morozov", "pavlov", "semenov", "golubev", "vinogradov", "bogdanov", "vorobyov", "fedorov",
    "mikhailov", "belyaev", "tarasov", "belov", "komarov", "orlov", "kiselev", "makarov", "andreev", "kovalev",
    "ilyin", "gusev", "titov", "kuzmin", "kudryavtsev", "baranov", "kulikov", "alekseev", "stepanov",
    "yakovlev", "sorokin", "sergeev", "romanov", "zakharov", "borisov", "korolev", "gerasimov", "ponomarev",
    "grigoriev", "lazarev", "medvedev",
]  # fmt: skip
GIVEN = ["ivan", "pavel", "oleg", "sergei", "dmitri", "anna", "olga", "elena", "igor", "nikolai"]
STATES = ["draft", "draft", "draft", "submitted", "in_review", "changes_requested", "approved", "rejected",
          "packaged", "submitted_to_government"]  # fmt: skip


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


# ---- database ---------------------------------------------------------------------------------------------


def create_database(name: str) -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(url: str, var_dir: Path, cases: int) -> dict[str, str]:
    """Migrate, seed the demo coalition, insert `cases` case files; returns a case id of NGO A."""
    import psycopg
    from sqlalchemy.orm import Session

    from app import migrate
    from app.config import Settings
    from app.db import make_engine
    from app.workflows.demo import seed as seed_demo

    migrate.upgrade(url)
    settings = Settings(env="test", database_url=url, var_dir=var_dir, secret_key="b" * 40)
    engine = make_engine(url)
    with Session(engine) as db:
        seed_demo(db, settings, with_cases=False)
        db.commit()
    engine.dispose()
    content = (ROOT / "app" / "demo_data" / "case_zarechny.json").read_text()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    started = time.monotonic()
    with psycopg.connect(plain, autocommit=True) as conn:
        orgs = [r[0] for r in conn.execute("SELECT id FROM organizations WHERE kind = 'ngo' ORDER BY name")]
        conn.execute(
            """
            INSERT INTO case_files (id, org_id, title, status, target_jurisdictions, content, version,
                revision_number, created_at, updated_at, status_changed_at, first_submitted_at, search_text,
                jurisdictions_key, categories_key, groups_key, countries_key)
            SELECT md5('bench' || i), (%(orgs)s::text[])[1 + i %% %(n_orgs)s],
                'Case ' || i || ': ' || initcap(g) || ' ' || initcap(s), st, '["uk", "eu"]', %(content)s, 1, 1,
                now() - make_interval(mins => i), now() - make_interval(mins => i),
                now() - make_interval(mins => i),
                CASE WHEN st = 'draft' THEN NULL ELSE now() - make_interval(mins => i) END,
                'case ' || i || ': ' || g || ' ' || s || E'\n' || g || ' ' || s || E'\n' || s || ' holdings llc',
                '|eu|uk|', '|torture|', '|journalists|', '|RU|'
            FROM (
                SELECT i, (%(given)s::text[])[1 + i %% 10] AS g, (%(surnames)s::text[])[1 + (i / 10) %% 50] AS s,
                       (%(states)s::text[])[1 + i %% 10] AS st
                FROM generate_series(1, %(cases)s) AS i
            ) AS x
            """,
            {
                "orgs": orgs,
                "n_orgs": len(orgs),
                "content": content,
                "given": GIVEN,
                "surnames": SURNAMES,
                "states": STATES,
                "cases": cases,
            },
        )
        conn.execute("VACUUM ANALYZE case_files")
        researcher_org = conn.execute(
            "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = %s",
            ("researcher@lantern.example",),
        ).fetchone()
        assert researcher_org is not None
        case_id = conn.execute(
            "SELECT id FROM case_files WHERE org_id = %s ORDER BY id LIMIT 1", (researcher_org[0],)
        ).fetchone()
        assert case_id is not None
    print(f"seeded {cases:,} case files in {time.monotonic() - started:.1f} s")
    return {"case_id": case_id[0]}


# ---- a small HTTP/1.1 client (keep-alive), cheap enough for 1,000 connections in one process -------------


@dataclass
class Conn:
    host: str
    port: int
    cookie: str = ""
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            await self.open()
        assert self.reader is not None and self.writer is not None
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Content-Length: {len(body)}",
        ]
        if self.cookie:
            lines.append(f"Cookie: {self.cookie}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        hdrs: dict[str, str] = {}
        for line in header_lines:
            if ":" in line:
                k, v = line.split(":", 1)
                key = k.strip().lower()
                if key == "set-cookie" and key in hdrs:
                    hdrs[key] += "\n" + v.strip()  # every cookie, one a line
                else:
                    hdrs[key] = v.strip()
        if "content-length" in hdrs:
            data = await self.reader.readexactly(int(hdrs["content-length"]))
        elif hdrs.get("transfer-encoding") == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            data = b"".join(parts)
        else:
            data = b""
        if hdrs.get("connection") == "close":
            await self.close()
        return status, hdrs, data


async def sign_in(host: str, port: int, email: str) -> str:
    from app.workflows.demo import DEMO_PASSWORD

    c = Conn(host, port)
    body = json.dumps({"email": email, "password": DEMO_PASSWORD}).encode()
    status, hdrs, data = await c.request(
        "POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"}
    )
    await c.close()
    assert status == 200, (status, data[:300])
    cookie = "; ".join(line.split(";", 1)[0] for line in hdrs.get("set-cookie", "").splitlines() if line)
    assert cookie, hdrs
    return cookie


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ---- phase 1: overload --------------------------------------------------------------------------------------


@dataclass
class OverloadResult:
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    waits: list[float] = field(default_factory=list)
    no_retry_after: int = 0
    health: list[float] = field(default_factory=list)
    health_failures: int = 0
    recovery: float = float("nan")


async def overload(
    host: str,
    port: int,
    cookie: str,
    case_id: str,
    connections: int,
    seconds: float,
    honour_retry_after: bool,
) -> OverloadResult:
    out = OverloadResult()
    stop_at = time.monotonic() + seconds
    path = f"/api/v1/cases/{case_id}"

    async def client() -> None:
        c = Conn(host, port, cookie)
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                status, hdrs, _ = await asyncio.wait_for(c.request("GET", path), timeout=30)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError) as exc:
                out.errors[type(exc).__name__] += 1
                out.waits.append(time.monotonic() - started)
                await c.close()
                await asyncio.sleep(0.05)
                continue
            out.waits.append(time.monotonic() - started)
            out.statuses[status] += 1
            if status == 503:
                if "retry-after" not in hdrs:
                    out.no_retry_after += 1
                elif honour_retry_after:  # a well-behaved client; --ignore-retry-after hammers on
                    await asyncio.sleep(float(hdrs["retry-after"]) * random.uniform(0.5, 1.5))
        await c.close()

    # The /health probe runs in its own process: inside this one it would measure our own event loop,
    # busy with 1,000 connections, rather than the server's.
    prober = subprocess.Popen(
        [sys.executable, __file__, "--probe", f"{host}:{port}", str(seconds)], stdout=subprocess.PIPE
    )
    tasks = [asyncio.create_task(client()) for _ in range(connections)]
    await asyncio.gather(*tasks)
    probed = json.loads(prober.communicate(timeout=60)[0])
    out.health, out.health_failures = probed["latencies"], probed["failed"]
    ended = time.monotonic()
    fresh = Conn(host, port, cookie)
    while time.monotonic() - ended < 60:  # bounded: a server that never recovers is reported as such
        started = time.monotonic()
        status, _, _ = await fresh.request("GET", "/api/v1/me")
        if status == 200 and time.monotonic() - started < 1.0:
            out.recovery = time.monotonic() - ended
            break
        await asyncio.sleep(0.01)
    await fresh.close()
    return out


# ---- phase 2: queue, /me and search at 10 connections ---------------------------------------------------------


async def closed_loop(
    host: str, port: int, cookie: str, paths: list[str], connections: int, seconds: float
) -> tuple[list[float], Counter[int], float]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    stop_at = time.monotonic() + seconds
    rng = random.Random(7)

    async def client() -> None:
        c = Conn(host, port, cookie)
        while time.monotonic() < stop_at:
            path = rng.choice(paths)
            started = time.monotonic()
            status, _, _ = await c.request("GET", path)
            latencies.append(time.monotonic() - started)
            statuses[status] += 1
        await c.close()

    started = time.monotonic()
    await asyncio.gather(*[client() for _ in range(connections)])
    return latencies, statuses, len(latencies) / (time.monotonic() - started)


def probe(target: str, seconds: float) -> None:
    """`--probe HOST:PORT SECONDS`: GET /api/v1/health every 100 ms on one keep-alive connection."""
    host, port = target.rsplit(":", 1)
    latencies: list[float] = []
    failed = 0
    stop_at = time.monotonic() + seconds
    sock: socket.socket | None = None
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            if sock is None:
                sock = socket.create_connection((host, int(port)), timeout=10)
            sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: probe\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data or not data.endswith(b"}"):
                chunk = sock.recv(4096)
                if not chunk:
                    raise OSError("closed")
                data += chunk
            if b" 200 " not in data.split(b"\r\n", 1)[0]:
                failed += 1
        except OSError:
            failed += 1
            if sock is not None:
                sock.close()
            sock = None
        latencies.append(time.monotonic() - started)
        time.sleep(0.1)
    print(json.dumps({"latencies": latencies, "failed": failed}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVERS = ("uvicorn", "granian")


def server_command(server: str, port: int, workers: int = 1) -> list[str]:
    """`portal serve` (uvicorn), or the same app factory under Granian (issue #14, item 9: measured only)."""
    bindir = Path(sys.executable).parent
    if server == "granian":
        return [
            str(bindir / "granian"), "--interface", "asgi", "--factory", "--no-ws", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers), "--backlog", "4096", "--log-level", "warning",
            "app.main:create_app",
        ]  # fmt: skip
    if server != "uvicorn":
        raise SystemExit(f"unknown server {server!r}: one of {', '.join(SERVERS)}")
    return [str(bindir / "portal"), "serve", "--no-migrate", "--workers", str(workers), "--host", "127.0.0.1",
            "--port", str(port)]  # fmt: skip


def wait_healthy(proc: subprocess.Popen[bytes], port: int, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if b" 200 " in s.recv(200):
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: see {log_path}")
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the server did not start: see {log_path}")


def start_server(
    url: str, var_dir: Path, port: int, log_path: Path, server: str = "uvicorn", workers: int = 1
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PORTAL_ENV": "test",  # no matcher warm-up thread in the measured process
        "PORTAL_DATABASE_URL": url,
        "PORTAL_SECRET_KEY": "b" * 40,
        "PORTAL_VAR_DIR": str(var_dir),
        "PORTAL_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "PORTAL_JOBS_TICK_SECONDS": "0",
        "PORTAL_CLAMD_AUTOSTART": "false",
        "PORTAL_ENFORCE_2FA_FOR_PRIVILEGED": "false",
        "PORTAL_LOGIN_SLOWDOWN_SECONDS": "0",
        "PORTAL_LOG_FORMAT": "json",
    }
    log = log_path.open("wb")
    proc = subprocess.Popen(
        server_command(server, port, workers), env=env, stdout=log, stderr=subprocess.STDOUT, cwd=var_dir
    )
    log.close()
    wait_healthy(proc, port, log_path)
    return proc


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--probe":
        probe(sys.argv[2], float(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--overload-seconds", type=float, default=15.0)
    parser.add_argument("--phase-seconds", type=float, default=10.0)
    parser.add_argument("--skip-overload", action="store_true")
    parser.add_argument("--skip-queue", action="store_true")
    parser.add_argument(
        "--server", choices=SERVERS, default="uvicorn", help="HTTP server of the measured process"
    )
    parser.add_argument("--ignore-retry-after", action="store_true", help="overload clients retry at once")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (production's default is the CPU count; the overload phase is about one)",
    )
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.connections * 2 + 256)), hard))

    print("before:", uptime())
    name = f"portal_bench_api_{os.getpid()}"
    url = create_database(name)
    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    proc = None
    try:
        ids = seed(url, tmp, args.cases)
        port = free_port()
        proc = start_server(url, tmp, port, tmp / "server.log", args.server, args.workers)
        print(f"server: {args.server}, {args.workers} worker(s)")
        host = "127.0.0.1"
        researcher = asyncio.run(sign_in(host, port, "researcher@lantern.example"))
        coordinator = asyncio.run(sign_in(host, port, "coordinator.a@coalition.example"))

        if not args.skip_overload:
            r = asyncio.run(
                overload(
                    host,
                    port,
                    researcher,
                    ids["case_id"],
                    args.connections,
                    args.overload_seconds,
                    not args.ignore_retry_after,
                )
            )
            total = sum(r.statuses.values())
            other_5xx = sum(n for s, n in r.statuses.items() if s >= 500 and s != 503)
            print(
                f"\n1. overload: {args.connections} connections for {args.overload_seconds:.0f} s on {args.workers} process(es)"
            )
            print(f"   answers {total:,}: " + ", ".join(f"{s}: {n:,}" for s, n in sorted(r.statuses.items())))
            print(
                f"   client-side errors: {dict(r.errors) or 'none'}; clients "
                + ("retry at once" if args.ignore_retry_after else "honour Retry-After")
            )
            print(f"   5xx other than 503: {other_5xx}   503 without Retry-After: {r.no_retry_after}")
            print(
                f"   wait for an answer: p50 {pct(r.waits, 0.5) * 1000:.0f} ms, p99 {pct(r.waits, 0.99) * 1000:.0f} ms, "
                f"max {max(r.waits, default=0):.2f} s"
            )
            print(
                f"   /health during the load: {len(r.health)} probes, {r.health_failures} failed, "
                f"p50 {pct(r.health, 0.5) * 1000:.0f} ms, max {max(r.health, default=0) * 1000:.0f} ms"
            )
            print(f"   full service after the load: {r.recovery * 1000:.0f} ms")

        if args.skip_queue:
            return
        queue_paths = ["/api/v1/review/queue"]
        q_lat, q_st, q_rps = asyncio.run(
            closed_loop(host, port, coordinator, queue_paths, 10, args.phase_seconds)
        )
        m_lat, m_st, m_rps = asyncio.run(
            closed_loop(host, port, coordinator, ["/api/v1/me"], 10, args.phase_seconds)
        )
        search_paths = [f"/api/v1/cases?q={s}" for s in SURNAMES]
        s_lat, s_st, s_rps = asyncio.run(
            closed_loop(host, port, coordinator, search_paths, 10, args.phase_seconds)
        )
        print(f"\n2. {args.cases:,} case files, 10 connections, {args.phase_seconds:.0f} s each")
        for label, lat, st, rps in (
            ("review queue      ", q_lat, q_st, q_rps),
            ("GET /me           ", m_lat, m_st, m_rps),
            ("search by surname ", s_lat, s_st, s_rps),
        ):
            print(
                f"   {label} p50 {pct(lat, 0.5) * 1000:6.1f} ms  p95 {pct(lat, 0.95) * 1000:6.1f} ms  "
                f"{rps:7.1f} req/s  statuses {dict(st)}"
            )
        print(f"   queue throughput / me throughput: {q_rps / m_rps:.2f}   (target >= 0.5)")
        print(f"   review queue mean {statistics.mean(q_lat) * 1000:.1f} ms")
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        drop_database(name)
        print("\nafter:", uptime())


if __name__ == "__main__":
    main()
