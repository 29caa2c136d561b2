"""Evidence ingest benchmark: the tus endpoint against the plain copy it wraps, in the same run.

    python bench/evidence_ingest.py --size-mb 1024            # S3 (moto server) and local disk
    python bench/evidence_ingest.py --size-mb 200 --backend s3
    python bench/evidence_ingest.py --server granian          # the servers under Granian, not uvicorn

For S3: a file uploaded through the portal's tus endpoint (tuspy, one API server process, storage on a
moto S3 server) against the same file sent with boto3 `upload_file` to the same endpoint. For the
local adapter (age-encrypted at rest): the tus upload against `cp`. Prints both throughputs, their
ratio (target ≥ 0.8) and the API server's peak RSS (target < 150 MB), measured from /proc.

The server runs without background jobs (scan and sanitise run on workers in production), so the
figures are those of ingest: streaming, hashing, encryption or SSE, and the commit of the staged
upload (S3: completing the multipart upload in place; the SHA-256 is computed while the bytes stream).

Also printed, for the local adapter: the ceiling of the stack on this machine, i.e. the same tuspy
client against a bare tus endpoint (uvicorn, same HTTP stack) that only hashes and discards the
bytes; and the server's RSS once it has also validated a case's content (followthemoney loaded).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MiB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent
# The HTTP server of the API process and of the bare sink (--server; issue #14, item 9: measured only).
SERVER = {"name": "uvicorn"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def peak_rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) in MB of a process."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def make_file(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with path.open("wb") as f:
        head = b"%PDF-1.7\n"
        f.write(head)
        digest.update(head)
        left = size - len(head)
        block = os.urandom(8 * MiB)
        while left > 0:
            piece = block[: min(left, len(block))]
            f.write(piece)
            digest.update(piece)
            left -= len(piece)
    return digest.hexdigest()


# ---- the API server (a subprocess) --------------------------------------------------------------------


def setup_database() -> None:
    from sqlalchemy.orm import Session

    from app import migrate
    from app.config import get_settings
    from app.db import make_engine
    from app.workflows.demo import seed

    settings = get_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.effective_database_url)
    engine = make_engine(settings.effective_database_url)
    with Session(engine) as db:
        seed(db, settings, with_cases=False)
        db.commit()
    engine.dispose()


def ingest_app() -> Any:
    """The portal app for ingest only: no inline scan/sanitise in this process, no lifespan (no ticker)."""
    from app.config import get_settings
    from app.jobs import queue
    from app.main import create_app

    app = create_app(get_settings())
    queue.bind(app.state.sessionmaker, None)
    return without_lifespan(app)


def without_lifespan(app: Any) -> Any:
    """uvicorn's lifespan="off" for servers that always run the lifespan protocol (Granian)."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await app(scope, receive, send)

    return wrapped


def sink_factory() -> Any:
    return without_lifespan(sink_app())


def server_cmd(target: str, port: int) -> list[str]:
    """Granian on one worker process (its pid: see app_pid), or uvicorn in this file's own process."""
    if SERVER["name"] == "granian":
        granian = str(Path(sys.executable).parent / "granian")
        return [granian, "--interface", "asgi", "--factory", "--no-ws", "--host", "127.0.0.1",
                "--port", str(port), "--workers", "1", "--log-level", "warning",
                f"bench.evidence_ingest:{target}"]  # fmt: skip
    flag = "--serve" if target == "ingest_app" else "--sink"
    return [sys.executable, __file__, flag, "--port", str(port)]


def app_pid(proc: subprocess.Popen[bytes]) -> int:
    """The process that runs the app: Granian's worker is a child of the process started."""
    if SERVER["name"] != "granian":
        return proc.pid
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    return int(children[0]) if children else proc.pid


def serve(port: int) -> None:
    import uvicorn

    uvicorn.run(ingest_app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off")


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """Migrate and seed in one process, then serve from a fresh one (its RSS is the app's alone)."""
    subprocess.run(
        [sys.executable, __file__, "--setup-db"],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        check=True,
    )
    proc = subprocess.Popen(
        server_cmd("ingest_app", port), env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, cwd=ROOT
    )
    wait_http(f"http://127.0.0.1:{port}/api/v1/health")
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def sink_app() -> Any:
    """A bare tus endpoint: creation, HEAD and PATCH, hashing and discarding the bytes (no storage,
    no database, no authentication): what the HTTP stack alone costs on this machine."""
    import uuid

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    uploads: dict[str, list[Any]] = {}
    tus = {"Tus-Resumable": "1.0.0"}

    async def create(request: Request) -> Response:
        upload_id = uuid.uuid4().hex
        uploads[upload_id] = [int(request.headers["upload-length"]), 0, hashlib.sha256()]
        return Response(status_code=201, headers={**tus, "Location": f"/files/{upload_id}"})

    async def upload(request: Request) -> Response:
        state = uploads[request.path_params["upload_id"]]
        if request.method == "PATCH":
            async for chunk in request.stream():
                state[2].update(chunk)
                state[1] += len(chunk)
            return Response(status_code=204, headers={**tus, "Upload-Offset": str(state[1])})
        headers = {**tus, "Upload-Offset": str(state[1]), "Upload-Length": str(state[0])}
        return Response(status_code=200, headers=headers)

    return Starlette(
        routes=[
            Route("/files", create, methods=["POST"]),
            Route("/files/{upload_id}", upload, methods=["HEAD", "PATCH"]),
            Route("/api/v1/health", lambda request: Response("ok"), methods=["GET"]),
        ]
    )


def sink_upload(path: Path, chunk_mb: int) -> float:
    from tusclient.client import TusClient

    port = free_port()
    proc = subprocess.Popen(
        server_cmd("sink_factory", port), env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/api/v1/health")
        uploader = TusClient(f"http://127.0.0.1:{port}/files").uploader(
            file_path=str(path), chunk_size=chunk_mb * MiB, retries=0
        )
        start = time.perf_counter()
        uploader.upload()
        return time.perf_counter() - start
    finally:
        stop(proc)


# ---- the client -----------------------------------------------------------------------------------------


def reset_peak_rss(pid: int) -> None:
    """Reset VmHWM (Linux ≥ 4.0), so the peak covers the upload, not start-up or a login's Argon2."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def tus_upload(base: str, path: Path, chunk_mb: int, pid: int) -> tuple[float, str, tuple[float, float]]:
    """Upload through tus; returns (seconds, sha256 recorded by the server, (RSS before, peak RSS))."""
    import httpx
    from tusclient.client import TusClient

    from app.workflows.demo import DEMO_PASSWORD

    admin = httpx.Client(base_url=base, timeout=60)
    r = admin.post("/api/v1/auth/login", json={"email": "admin@lantern.example", "password": DEMO_PASSWORD})
    r.raise_for_status()
    r = admin.post(
        "/api/v1/tokens",
        json={
            "name": "bench",
            "scopes": ["cases:read", "cases:write", "evidence:write"],
            "expires_in_days": 1,
        },
        headers={"X-CSRF-Token": r.json()["csrf_token"]},
    )
    r.raise_for_status()
    auth = {"Authorization": f"Bearer {r.json()['token']}"}
    api = httpx.Client(base_url=base, headers=auth, timeout=600)
    case = api.post(
        "/api/v1/cases", json={"title": "Benchmark", "target_jurisdictions": ["us"], "content": {}}
    )
    case.raise_for_status()
    client = TusClient(f"{base}/api/v1/cases/{case.json()['id']}/uploads", headers=auth)
    uploader = client.uploader(
        file_path=str(path), chunk_size=chunk_mb * MiB, metadata={"filename": path.name}, retries=0
    )
    # Warm the code paths, the storage client included: a tiny upload, begun and terminated.
    api.get(f"/api/v1/cases/{case.json()['id']}/evidence").raise_for_status()
    warm = api.post(
        f"/api/v1/cases/{case.json()['id']}/uploads",
        headers={"Tus-Resumable": "1.0.0", "Upload-Length": "10"},
    )
    warm.raise_for_status()
    api.delete(warm.headers["location"], headers={"Tus-Resumable": "1.0.0"}).raise_for_status()
    reset_peak_rss(pid)
    before = peak_rss_mb(pid)[0]
    start = time.perf_counter()
    uploader.upload()
    elapsed = time.perf_counter() - start
    peak = peak_rss_mb(pid)[1]
    evidence_id = uploader.request.response_headers["evidence-id"]
    sha = api.get(f"/api/v1/evidence/{evidence_id}").json()["sha256"]
    # A process that also serves case editing loads followthemoney to validate content.
    content = json.loads((ROOT / "tests" / "fixtures" / "case_realistic.json").read_text())
    api.post(
        "/api/v1/cases", json={"title": "Validated", "target_jurisdictions": ["us"], "content": content}
    ).raise_for_status()
    with_ftm = peak_rss_mb(pid)[0]
    return elapsed, sha, (before, peak, with_ftm)


def report(
    name: str,
    size: int,
    ours: float,
    baseline: float,
    baseline_name: str,
    rss: tuple[float, float, float],
    ceiling: float | None = None,
) -> None:
    mb = size / MiB
    print(f"\n== {name} ({mb:.0f} MiB)")
    print(f"  tus endpoint      : {ours:7.2f} s  {mb / ours:8.1f} MiB/s")
    print(f"  {baseline_name:<18}: {baseline:7.2f} s  {mb / baseline:8.1f} MiB/s")
    print(f"  ratio (tus/base)  : {baseline / ours:7.2f}   (target >= 0.8)")
    if ceiling is not None:
        print(
            f"  bare tus sink     : {ceiling:7.2f} s  {mb / ceiling:8.1f} MiB/s  (hash and discard: the "
            f"stack's ceiling, ratio {baseline / ceiling:.2f})"
        )
    print(
        f"  server RSS        : {rss[0]:7.1f} MB before, {rss[1]:.1f} MB peak during the upload "
        f"(+{rss[1] - rss[0]:.1f} MB; target < 150 MB)"
    )
    print(f"  server RSS after validating case content (followthemoney loaded): {rss[2]:.1f} MB")


def bench_s3(work: Path, path: Path, size: int, sha: str, chunk_mb: int) -> None:
    import boto3
    from boto3.s3.transfer import TransferConfig
    from botocore.config import Config

    moto_port = free_port()
    moto = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{moto_port}"
    creds = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    os.environ.update(creds)
    try:
        wait_http(f"{endpoint}/")
        port = free_port()
        env = {
            "PORTAL_ENV": "development",
            "PORTAL_VAR_DIR": str(work / "var-s3"),
            "PORTAL_STORAGE_BACKEND": "s3",
            "PORTAL_S3_ENDPOINT_URL": endpoint,
            "PORTAL_S3_BUCKET": "bench-evidence",
            "PORTAL_S3_ACCESS_KEY_ID": "testing",
            "PORTAL_S3_SECRET_ACCESS_KEY": "testing",
            "PORTAL_MAX_UPLOAD_BYTES": str(size + MiB),
            "PORTAL_CASE_QUOTA_BYTES": str(4 * size),
            "PORTAL_JOBS_TICK_SECONDS": "0",
            **creds,
        }
        server = start_server(env, port)
        try:
            ours, got, rss = tus_upload(f"http://127.0.0.1:{port}", path, chunk_mb, app_pid(server))
        finally:
            stop(server)
        assert got == sha, "SHA-256 mismatch through the tus endpoint"
        # The portal's client settings: parts carry CRC32 checksums, payloads are not SHA-256-signed
        # (what botocore does by default over HTTPS; moto speaks plain HTTP).
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path", "payload_signing_enabled": False}),
        )
        for obj in s3.list_objects_v2(Bucket="bench-evidence").get("Contents", []):
            s3.delete_object(Bucket="bench-evidence", Key=obj["Key"])  # free moto's memory
        s3.create_bucket(Bucket="bench-baseline")
        start = time.perf_counter()
        s3.upload_file(str(path), "bench-baseline", "file", Config=TransferConfig())
        baseline = time.perf_counter() - start
        report("S3 (moto server)", size, ours, baseline, "boto3 upload_file", rss)
    finally:
        stop(moto)


def bench_local(work: Path, path: Path, size: int, sha: str, chunk_mb: int) -> None:
    port = free_port()
    env = {
        "PORTAL_ENV": "development",
        "PORTAL_VAR_DIR": str(work / "var-local"),
        "PORTAL_STORAGE_BACKEND": "local",
        "PORTAL_MAX_UPLOAD_BYTES": str(size + MiB),
        "PORTAL_CASE_QUOTA_BYTES": str(4 * size),
        "PORTAL_JOBS_TICK_SECONDS": "0",
    }
    server = start_server(env, port)
    try:
        ours, got, rss = tus_upload(f"http://127.0.0.1:{port}", path, chunk_mb, app_pid(server))
    finally:
        stop(server)
    assert got == sha, "SHA-256 mismatch through the tus endpoint"
    shutil.rmtree(work / "var-local", ignore_errors=True)
    target = work / "copy.bin"
    start = time.perf_counter()
    subprocess.run(["cp", str(path), str(target)], check=True)
    os.sync()
    baseline = time.perf_counter() - start
    target.unlink()
    ceiling = sink_upload(path, chunk_mb)
    report("local disk (age-encrypted)", size, ours, baseline, "cp", rss, ceiling)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--chunk-mb", type=int, default=64, help="tus PATCH size (tuspy holds one in memory)")
    parser.add_argument("--backend", choices=["s3", "local", "both"], default="both")
    parser.add_argument("--server", choices=["uvicorn", "granian"], default="uvicorn", help="HTTP server")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--setup-db", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sink", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.port)
        return
    if args.setup_db:
        setup_database()
        return
    if args.sink:
        import uvicorn

        uvicorn.run(sink_app(), host="127.0.0.1", port=args.port, log_level="warning", lifespan="off")
        return
    SERVER["name"] = args.server
    size = args.size_mb * MiB
    with tempfile.TemporaryDirectory(prefix="bench-evidence-") as tmp:
        work = Path(tmp)
        path = work / "evidence.pdf"
        sha = make_file(path, size)
        print(
            f"file: {args.size_mb} MiB, sha256 {sha[:16]}…, tus chunk {args.chunk_mb} MiB; "
            f"server {args.server}"
        )
        if args.backend in ("s3", "both"):
            bench_s3(work, path, size, sha, args.chunk_mb)
        if args.backend in ("local", "both"):
            bench_local(work, path, size, sha, args.chunk_mb)


if __name__ == "__main__":
    main()
