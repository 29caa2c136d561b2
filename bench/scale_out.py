"""Benchmark: the production shape on one machine (issue #14, item 8).

    python bench/scale_out.py                              # 50 clients, 60 s per phase
    python bench/scale_out.py --clients 200 --seconds 300  # the full run
    python bench/scale_out.py --server granian             # the API processes under Granian

Two API processes (`portal serve --workers 1` each, or Granian with `--server granian`) and one
`portal worker` (procrastinate) on one private PostgreSQL database, behind HAProxy (Debian package
`haproxy`), evidence on a moto S3 server. Everything listens on loopback; every phase stops by itself;
the database is dropped at the end (PORTAL_BENCH_PG_ADMIN, default
postgresql://postgres@127.0.0.1:5432/postgres).

The mixed load: --clients closed-loop clients, each signed in, picking operations at random:
sign-ins, review-queue reads (coordinators), autosaves with If-Match (two clients share each case, so
412s from real conflicts happen), comments (coordinators, on submitted cases), tus uploads (64 KiB)
and package builds (approved cases with evidence; the worker builds them).

It runs twice with the same clients and seed: first HAProxy sends everything to one API process,
then to both. Printed: requests, errors by status, lost updates (two saves accepted on the same
version, or a final version/title that does not match the accepted saves), jobs run twice or never
(procrastinate's events; packages built more than once or left unbuilt), p50/p95/p99 per operation,
RSS per process, audited writes per second (issue #14, item 4) and the throughput ratio of two
processes to one. `uptime` is printed before and after: the machine is shared.
"""

# ruff: noqa: E501
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_load import (  # noqa: E402
    SERVERS,
    Conn,
    create_database,
    drop_database,
    free_port,
    pct,
    server_command,
    uptime,
    wait_healthy,
)

RESEARCHER = "researcher@lantern.example"
COORDINATOR = "coordinator.a@coalition.example"
# Operation weights of the mix, per role: half the clients are the researcher, half a coordinator.
RESEARCHER_MIX = {"sign_in": 5, "autosave": 55, "upload": 20, "case_list": 20}
COORDINATOR_MIX = {"sign_in": 5, "queue": 55, "comment": 25, "package": 15}
UPLOAD_BYTES = 64 * 1024


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (MB)."""
    total = 0.0
    pids = [pid]
    seen: set[int] = set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        pids += [int(c) for c in children]
    return total


# ---- the stack ---------------------------------------------------------------------------------------------


@dataclass
class Stack:
    work: Path
    url: str
    env: dict[str, str]
    server: str
    proxy_port: int = 0
    api_ports: list[int] = field(default_factory=list)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    haproxy: subprocess.Popen[bytes] | None = None
    # Requests HAProxy lets through to one API process at once (more wait in HAProxy's queue): the
    # process's own admission limit, PORTAL_MAX_IN_FLIGHT, so it does not answer 503 to the proxy.
    maxconn: int = 16

    def start(self, name: str, cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = (self.work / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            cmd,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.work,
            start_new_session=True,
        )
        log.close()
        self.procs[name] = proc
        return proc

    def start_api(self, index: int) -> None:
        port = free_port()
        self.api_ports.append(port)
        proc = self.start(f"api{index}", server_command(self.server, port))
        wait_healthy(proc, port, self.work / f"api{index}.log")

    def proxy(self, backends: int) -> None:
        """(Re)start HAProxy in front of the first `backends` API processes."""
        if self.haproxy is not None:
            stop(self.haproxy)
        if not self.proxy_port:
            self.proxy_port = free_port()
        servers = "\n".join(
            f"    server api{i} 127.0.0.1:{port} check inter 1s maxconn {self.maxconn}"
            for i, port in enumerate(self.api_ports[:backends])
        )
        cfg = self.work / f"haproxy-{backends}.cfg"
        cfg.write_text(
            f"""global
    maxconn 8192
defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    timeout queue 60s
    option http-keep-alive
    option forwardfor
frontend portal
    bind 127.0.0.1:{self.proxy_port}
    default_backend api
backend api
    balance leastconn
    option httpchk GET /api/v1/health
{servers}
"""
        )
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.haproxy = self.start(f"haproxy{backends}", [haproxy, "-db", "-f", str(cfg)])
        wait_healthy(self.haproxy, self.proxy_port, self.work / f"haproxy{backends}.log")
        # HAProxy answers before its first health checks pass: wait until every backend is up.
        time.sleep(2.5)

    def stop_all(self) -> None:
        for proc in [*self.procs.values()]:
            stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def portal_env(url: str, work: Path, s3: str, public_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "AWS_"))}
    env.update(
        {
            "PORTAL_ENV": "test",  # no matcher warm-up thread in the measured processes
            "PORTAL_DATABASE_URL": url,
            "PORTAL_SECRET_KEY": "b" * 40,
            "PORTAL_VAR_DIR": str(work / "var"),
            "PORTAL_PUBLIC_BASE_URL": f"http://127.0.0.1:{public_port}",
            "PORTAL_JOBS_BACKEND": "procrastinate",
            "PORTAL_STORAGE_BACKEND": "s3",
            "PORTAL_S3_ENDPOINT_URL": s3,
            "PORTAL_S3_BUCKET": "scale-evidence",
            "PORTAL_S3_ACCESS_KEY_ID": "testing",
            "PORTAL_S3_SECRET_ACCESS_KEY": "testing",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "PORTAL_CLAMD_AUTOSTART": "false",
            "PORTAL_PACKAGE_UNSCANNED_EVIDENCE": "true",
            "PORTAL_ENFORCE_2FA_FOR_PRIVILEGED": "false",
            "PORTAL_LOGIN_SLOWDOWN_SECONDS": "0",
            # Every client is one of two demo people: per-person limits would measure the limiter.
            "PORTAL_RATE_LIMIT_PER_TOKEN": "1000000",
            "PORTAL_RATE_LIMIT_PER_ORG": "1000000",
            # Likewise the concurrent-upload bounds per person and organisation; the per-process bound
            # (PORTAL_UPLOADS_PER_PROCESS) stays: its 429 + Retry-After is overload answered, counted apart.
            "PORTAL_UPLOADS_PER_USER": "1000",
            "PORTAL_UPLOADS_PER_ORG": "1000",
            "PORTAL_PROXY_HEADERS": "true",
            "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
            "PORTAL_LOG_FORMAT": "json",
        }
    )
    return env


def seed(url: str, env: dict[str, str]) -> None:
    """Migrate, procrastinate's schema, the demo coalition (people and their demo cases)."""
    from sqlalchemy.orm import Session

    from app import migrate
    from app.config import Settings
    from app.db import make_engine
    from app.jobs.procrastinate_runner import apply_schema_if_missing
    from app.workflows.demo import seed as seed_demo

    with patched_environ(env):
        settings = Settings()
        settings.var_dir.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(url)
        apply_schema_if_missing(settings)
        engine = make_engine(url)
        with Session(engine) as db:
            seed_demo(db, settings, with_cases=False)
            db.commit()
        engine.dispose()


class patched_environ:
    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.saved = env, dict(os.environ)

    def __enter__(self) -> None:
        os.environ.update(self.env)

    def __exit__(self, *exc: object) -> None:
        os.environ.clear()
        os.environ.update(self.saved)


def make_cases(url: str, env: dict[str, str], base: str, clients: int) -> dict[str, Any]:
    """Through the API (as the researcher): drafts for autosaves and uploads (two clients per draft),
    submitted cases for coordinators' comments, approved cases with two evidence items for builds."""
    import httpx
    from sqlalchemy.orm import Session

    from app.config import Settings
    from app.db import make_engine
    from app.workflows.demo import DEMO_PASSWORD
    from tests.support.flows import add_evidence, force_status
    from tests.support.review_flow import new_case

    researchers = (clients + 1) // 2
    n_draft, n_submitted, n_approved = (
        max(1, (researchers + 1) // 2),
        max(2, clients // 10),
        max(2, researchers // 5),
    )
    api = httpx.Client(base_url=base, timeout=60)
    r = api.post("/api/v1/auth/login", json={"email": RESEARCHER, "password": DEMO_PASSWORD})
    r.raise_for_status()
    api.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    made = [
        new_case(api, title=f"Scale case {i}", targets=("uk", "eu"))
        for i in range(n_draft + n_submitted + n_approved)
    ]
    api.close()
    drafts, submitted, approved = (
        made[:n_draft],
        made[n_draft : n_draft + n_submitted],
        made[n_draft + n_submitted :],
    )
    with patched_environ(env):
        settings = Settings()
        engine = make_engine(url)
        with Session(engine) as db:
            for c in submitted:
                force_status(db, c["id"], "submitted")
            for c in approved:
                force_status(db, c["id"], "approved")
                for title in ("Witness statement", "Detention register"):
                    add_evidence(
                        db,
                        settings,
                        c["id"],
                        title,
                        original=b"%PDF-1.4\n% " + title.encode() + b"\n" + os.urandom(100_000),
                    )
            db.commit()
        engine.dispose()
    return {
        "draft": [c["id"] for c in drafts],
        "draft_version": {c["id"]: c["version"] for c in drafts},
        "submitted": [c["id"] for c in submitted],
        "approved": [c["id"] for c in approved],
    }


# ---- the load ------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    by_op: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    # (case, base version) -> accepted saves on it; a lost update is any entry above 1
    accepted: Counter[tuple[str, int]] = field(default_factory=Counter)
    last_title: dict[str, tuple[int, str]] = field(default_factory=dict)
    saves_ok: Counter[str] = field(default_factory=Counter)
    packages: set[str] = field(default_factory=set)
    uploads_done: int = 0


class Client:
    def __init__(self, host: str, port: int, email: str) -> None:
        self.conn = Conn(host, port)
        self.host, self.port, self.email = host, port, email
        self.csrf = ""

    async def call(
        self,
        tally: Tally,
        op: str,
        method: str,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        h = dict(headers or {})
        if self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        started = time.monotonic()
        try:
            status, hdrs, data = await asyncio.wait_for(self.conn.request(method, path, body, h), 60)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError) as exc:
            tally.errors[f"{op}: {type(exc).__name__}"] += 1
            await self.conn.close()
            return 0, {}, b""
        tally.requests += 1
        tally.latency[op].append(time.monotonic() - started)
        tally.statuses[status] += 1
        tally.by_op[op][status] += 1
        if status in (429, 503) and "retry-after" in hdrs:  # a well-behaved client
            await asyncio.sleep(float(hdrs["retry-after"]) * random.uniform(0.5, 1.5))
        return status, hdrs, data

    async def sign_in(self, tally: Tally) -> bool:
        from app.workflows.demo import DEMO_PASSWORD

        await self.conn.close()
        body = json.dumps({"email": self.email, "password": DEMO_PASSWORD}).encode()
        kept = self.conn.cookie, self.csrf
        self.conn.cookie, self.csrf = "", ""
        status, hdrs, data = await self.call(
            tally, "sign_in", "POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"}
        )
        if status != 200:
            self.conn.cookie, self.csrf = kept  # still signed in with the session it had
            return False
        self.conn.cookie = "; ".join(
            line.split(";", 1)[0] for line in hdrs.get("set-cookie", "").splitlines() if line
        )
        self.csrf = json.loads(data)["csrf_token"]
        return True


async def run_load(
    host: str, port: int, clients: int, seconds: float, ids: dict[str, Any], seed_value: int
) -> tuple[Tally, float]:
    tally = Tally()
    r_ops, r_weights = list(RESEARCHER_MIX), list(RESEARCHER_MIX.values())
    c_ops, c_weights = list(COORDINATOR_MIX), list(COORDINATOR_MIX.values())
    researchers = [Client(host, port, RESEARCHER) for _ in range((clients + 1) // 2)]
    coordinators = [Client(host, port, COORDINATOR) for _ in range(clients // 2)]
    everyone = researchers + coordinators
    for c in everyone:  # signed in before the clock starts
        for _ in range(5):
            if await c.sign_in(tally):
                break
            await asyncio.sleep(0.5)
    warm = tally
    tally = Tally()
    del warm
    stop_at = time.monotonic() + seconds

    async def researcher(i: int, c: Client) -> None:
        rng = random.Random(seed_value * 1000 + i)
        draft = ids["draft"][i // 2 % len(ids["draft"])]
        n = 0
        while time.monotonic() < stop_at:
            op = rng.choices(r_ops, r_weights)[0]
            n += 1
            if op == "sign_in":
                await c.sign_in(tally)
            elif op == "case_list":
                await c.call(tally, "case_list", "GET", "/api/v1/cases?limit=20")
            elif op == "autosave":
                status, hdrs, data = await c.call(tally, "case_read", "GET", f"/api/v1/cases/{draft}")
                if status != 200:
                    continue
                case = json.loads(data)
                base = case["version"]
                title = f"Scale case · client {i} save {n}"
                body = json.dumps(
                    {
                        "title": title,
                        "target_jurisdictions": case["target_jurisdictions"],
                        "content": case["content"],
                    }
                ).encode()
                await asyncio.sleep(rng.uniform(0, 0.05))  # typing: lets the other client of the case in
                status, hdrs, data = await c.call(
                    tally,
                    "autosave",
                    "PUT",
                    f"/api/v1/cases/{draft}?autosave=true",
                    body,
                    {"Content-Type": "application/json", "If-Match": hdrs.get("etag", f'"{base}"')},
                )
                if status == 200:
                    new = json.loads(data)["version"]
                    tally.accepted[(draft, base)] += 1
                    tally.saves_ok[draft] += 1
                    if new > tally.last_title.get(draft, (0, ""))[0]:
                        tally.last_title[draft] = (new, title)
            elif op == "upload":
                meta = ",".join(
                    f"{k} {base64.b64encode(v.encode()).decode()}"
                    for k, v in {"filename": f"statement-{i}-{n}.pdf", "title": f"Statement {i}-{n}"}.items()
                )
                status, hdrs, _ = await c.call(
                    tally,
                    "upload_create",
                    "POST",
                    f"/api/v1/cases/{draft}/uploads",
                    headers={
                        "Tus-Resumable": "1.0.0",
                        "Upload-Length": str(UPLOAD_BYTES),
                        "Upload-Metadata": meta,
                    },
                )
                if status != 201:
                    continue
                location = hdrs["location"]
                path = location.split("://", 1)[-1].split("/", 1)[-1]
                payload = b"%PDF-1.7\n" + rng.randbytes(UPLOAD_BYTES - 9)
                status, _, _ = await c.call(
                    tally,
                    "upload_patch",
                    "PATCH",
                    "/" + path,
                    payload,
                    {
                        "Tus-Resumable": "1.0.0",
                        "Upload-Offset": "0",
                        "Content-Type": "application/offset+octet-stream",
                    },
                )
                if status == 204:
                    tally.uploads_done += 1

    async def coordinator(i: int, c: Client) -> None:
        rng = random.Random(seed_value * 1000 + 500 + i)
        submitted = ids["submitted"]
        n = 0
        while time.monotonic() < stop_at:
            op = rng.choices(c_ops, c_weights)[0]
            n += 1
            if op == "sign_in":
                await c.sign_in(tally)
            elif op == "package":
                body = json.dumps({"jurisdictions": ["uk"]}).encode()
                status, _, data = await c.call(
                    tally,
                    "package_build",
                    "POST",
                    f"/api/v1/cases/{ids['approved'][rng.randrange(len(ids['approved']))]}/packages",
                    body,
                    {"Content-Type": "application/json"},
                )
                if status == 202:
                    for pkg in json.loads(data)["packages"]:
                        tally.packages.add(pkg["id"])
            elif op == "comment":
                case_id = submitted[rng.randrange(len(submitted))]
                body = json.dumps({"path": "victims", "body": f"Question {i}-{n}: how many?"}).encode()
                await c.call(
                    tally,
                    "comment",
                    "POST",
                    f"/api/v1/cases/{case_id}/comments",
                    body,
                    {"Content-Type": "application/json"},
                )
            else:
                await c.call(tally, "queue", "GET", "/api/v1/review/queue")

    started = time.monotonic()
    await asyncio.gather(
        *[researcher(i, c) for i, c in enumerate(researchers)],
        *[coordinator(i, c) for i, c in enumerate(coordinators)],
    )
    elapsed = time.monotonic() - started
    for c in everyone:
        await c.conn.close()
    return tally, elapsed


def sample_rss(stack: Stack, peaks: dict[str, float], stop_flag: list[bool]) -> None:
    while not stop_flag:
        for name, proc in stack.procs.items():
            if proc.poll() is None:
                peaks[name] = max(peaks.get(name, 0.0), rss_mb(proc.pid))
        time.sleep(1.0)


class LockSampler:
    """Every 50 ms: backends waiting for the audit chain head's row lock, and all active backends
    (issue #14, item 4: measured where it would hurt, under the mixed load)."""

    def __init__(self, url: str) -> None:
        import threading

        self.url = url.replace("postgresql+psycopg://", "postgresql://")
        self.samples: list[tuple[int, int, int]] = []  # (waiting on the head, waiting on any lock, active)
        self.blockers: Counter[str] = Counter()  # what the holders of the head were doing
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stopping.wait(0.05):
                row = conn.execute(
                    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE '%%FROM audit_head%%'),"
                    " count(*) FILTER (WHERE wait_event_type = 'Lock'), count(*) FILTER (WHERE state = 'active')"
                    " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()
                assert row is not None
                self.samples.append((int(row[0]), int(row[1]), int(row[2])))
                if row[0]:
                    for (blocker,) in conn.execute(
                        "SELECT left(b.state || ': ' || regexp_replace(b.query, '\\s+', ' ', 'g'), 110) FROM pg_stat_activity w"
                        " JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS bp(pid) ON true"
                        " JOIN pg_stat_activity b ON b.pid = bp.pid"
                        " WHERE w.wait_event_type = 'Lock' AND w.query ILIKE '%%FROM audit_head%%'"
                        " AND w.datname = current_database()"
                    ):
                        self.blockers[blocker] += 1

    def __enter__(self) -> LockSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join(10)

    def waited_seconds(self) -> float:
        """Backend-seconds spent waiting for the head (each sample stands for 50 ms)."""
        return sum(s[0] for s in self.samples) * 0.05

    def summary(self) -> str:
        n = len(self.samples) or 1
        head = [s[0] for s in self.samples]
        any_lock = [s[1] for s in self.samples]
        active = [s[2] for s in self.samples]
        return (
            f"{len(self.samples)} samples: a backend waits for the audit head in {sum(1 for h in head if h) / n:.1%} "
            f"(mean {sum(head) / n:.2f} waiting, max {max(head, default=0)}); any lock wait {sum(1 for a in any_lock if a) / n:.1%}; "
            f"mean active backends {sum(active) / n:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0, help="of each phase (one process, then two)")
    parser.add_argument("--server", choices=SERVERS, default="uvicorn")
    parser.add_argument(
        "--backend-maxconn",
        type=int,
        default=16,
        help="HAProxy maxconn per API process (PORTAL_MAX_IN_FLIGHT)",
    )
    parser.add_argument("--skip-single", action="store_true", help="only the two-process phase")
    parser.add_argument("--drain-seconds", type=float, default=180.0, help="bound on waiting for the jobs")
    args = parser.parse_args()
    if shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists():
        raise SystemExit("haproxy is not installed: apt-get install haproxy")
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    import resource
    import threading

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.clients * 4 + 256)), hard))

    print("before:", uptime())
    name = f"portal_bench_scale_{os.getpid()}"
    url = create_database(name)
    work = Path(tempfile.mkdtemp(prefix="portal-scale-"))
    moto_port = free_port()
    moto = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack: Stack | None = None
    stop_flag: list[bool] = []
    try:
        proxy_port = free_port()
        env = portal_env(url, work, f"http://127.0.0.1:{moto_port}", proxy_port)
        wait_moto(moto_port)
        seed(url, env)
        stack = Stack(work, url, env, args.server, proxy_port=proxy_port, maxconn=args.backend_maxconn)
        portal = Path(sys.executable).parent / "portal"
        stack.start("worker", [str(portal), "worker", "--concurrency", "2"])
        stack.start_api(0)
        stack.start_api(1)
        stack.proxy(2)
        ids = make_cases(url, env, f"http://127.0.0.1:{stack.proxy_port}", args.clients)
        peaks: dict[str, float] = {}
        sampler = threading.Thread(target=sample_rss, args=(stack, peaks, stop_flag), daemon=True)
        sampler.start()
        audited_before = count_audit(url)
        print(
            f"stack: {args.server} x2, portal worker x1, HAProxy {stack.proxy_port}, moto S3 {moto_port}, "
            f"PostgreSQL {name}; {args.clients} clients, {args.seconds:.0f} s per phase"
        )
        results: dict[int, tuple[Tally, float]] = {}
        for backends in [2] if args.skip_single else [1, 2]:
            stack.proxy(backends)
            t0 = count_audit(url)
            with LockSampler(url) as locks:
                tally, elapsed = asyncio.run(
                    run_load("127.0.0.1", stack.proxy_port, args.clients, args.seconds, ids, seed_value=1)
                )
            audited = count_audit(url) - t0
            results[backends] = (tally, elapsed)
            report(backends, tally, elapsed, audited)
            print(f"   audit head lock: {locks.summary()}")
            per_write = locks.waited_seconds() / audited * 1000 if audited else float("nan")
            print(
                f"   waiting for the head: ~{locks.waited_seconds():.1f} backend-seconds in all, "
                f"~{per_write:.0f} ms per audited write"
            )
            for what, n in locks.blockers.most_common(5):
                print(f"      holder seen {n:>4}x: {what}")
        drained = drain(url, args.drain_seconds)
        print(f"\njobs drained in {drained:.1f} s" if drained >= 0 else "\njobs NOT drained in time")
        check(url, results, ids)
        stop_flag.append(True)
        print("\nRSS (peak during the run, MB; API processes include Granian's worker children):")
        for pname, proc in stack.procs.items():
            if pname.startswith("haproxy"):
                continue
            print(f"   {pname:<8} peak {peaks.get(pname, float('nan')):6.0f}   now {rss_mb(proc.pid):6.0f}")
        print(f"\naudit events written during the run: {count_audit(url) - audited_before:,}")
        if 1 in results and 2 in results:
            r1 = (results[1][0].requests - results[1][0].statuses[503]) / results[1][1]
            r2 = (results[2][0].requests - results[2][0].statuses[503]) / results[2][1]
            print(
                f"throughput: 1 process {r1:.1f} req/s, 2 processes {r2:.1f} req/s, ratio {r2 / r1:.2f} (target >= 1.6)"
            )
    except BaseException:
        for log in sorted(work.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        raise
    finally:
        stop_flag.append(True)
        if stack is not None:
            stack.stop_all()
        stop(moto)
        drop_database(name)
        shutil.rmtree(work, ignore_errors=True)
        print("\nafter:", uptime())


def wait_moto(port: int) -> None:
    import socket

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("moto server did not start")


def sql(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        cur = conn.execute(query, params or None)
        return cur.fetchall() if cur.description else []


def count_audit(url: str) -> int:
    return int(sql(url, "SELECT count(*) FROM audit_events")[0][0])


def drain(url: str, bound: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < bound:
        left = sql(url, "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')")[0][0]
        if left == 0:
            return time.monotonic() - started
        time.sleep(1.0)
    return -1.0


def report(backends: int, t: Tally, elapsed: float, audited: int) -> None:
    print(
        f"\n{backends} API process(es): {t.requests:,} requests in {elapsed:.1f} s = {t.requests / elapsed:.1f} req/s"
    )
    print("   statuses: " + ", ".join(f"{s}: {n:,}" for s, n in sorted(t.statuses.items())))
    bad = {s: n for s, n in t.statuses.items() if s >= 400 and s not in (409, 412)}
    print(f"   errors other than real conflicts (412/409): {sum(bad.values())} {bad or ''}")
    if bad.get(429) or bad.get(503):
        print("   (429/503 come with Retry-After: admission bounds answering overload, not failures)")
    if t.errors:
        print(f"   client-side errors: {dict(t.errors)}")
    print(f"   audited writes: {audited:,} = {audited / elapsed:.1f}/s")
    print(f"   {'operation':<15}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for op in sorted(t.latency):
        lat = t.latency[op]
        print(
            f"   {op:<15}{len(lat):>7}{pct(lat, 0.5) * 1000:>9.1f}{pct(lat, 0.95) * 1000:>9.1f}"
            f"{pct(lat, 0.99) * 1000:>9.1f}  {dict(sorted(t.by_op[op].items()))}"
        )


def check(url: str, results: dict[int, tuple[Tally, float]], ids: dict[str, Any]) -> None:
    lost = 0
    saves: Counter[str] = Counter()
    last: dict[str, tuple[int, str]] = {}
    packages: set[str] = set()
    for tally, _ in results.values():
        lost += sum(n - 1 for n in tally.accepted.values() if n > 1)
        saves.update(tally.saves_ok)
        for case_id, got in tally.last_title.items():
            if got[0] > last.get(case_id, (0, ""))[0]:
                last[case_id] = got
        packages |= tally.packages
    mismatched = 0
    for case_id in ids["draft"]:
        version, title = sql(url, "SELECT version, title FROM case_files WHERE id = %s", case_id)[0]
        expected = ids["draft_version"][case_id] + saves[case_id]
        if version != expected or (case_id in last and last[case_id] != (version, title)):
            mismatched += 1
    print(
        f"lost updates: {lost} saves accepted on an already-saved version; {mismatched} cases whose version/title do not match the accepted saves"
    )
    by_status = dict(sql(url, "SELECT status, count(*) FROM procrastinate_jobs GROUP BY status ORDER BY 1"))
    twice = sql(
        url,
        "SELECT count(*) FROM (SELECT job_id FROM procrastinate_events WHERE type = 'started' "
        "GROUP BY job_id HAVING count(*) > 1) AS x",
    )[0][0]
    never = sum(n for s, n in by_status.items() if s in ("todo", "doing"))
    print(f"jobs: {by_status}; run twice: {twice}; not run (still queued at the drain bound): {never}")
    if packages:
        states = dict(
            sql(url, "SELECT state, count(*) FROM packages WHERE id = ANY(%s) GROUP BY state", list(packages))
        )
        built_twice = sql(
            url,
            "SELECT count(*) FROM (SELECT target_id FROM audit_events WHERE action = 'package.built' "
            "AND target_id = ANY(%s) GROUP BY target_id HAVING count(*) > 1) AS x",
            list(packages),
        )[0][0]
        print(
            f"packages requested: {len(packages)}; states {states}; recorded built more than once: {built_twice}"
        )


if __name__ == "__main__":
    main()
