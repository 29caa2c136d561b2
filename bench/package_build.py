"""Benchmark: build a jurisdiction package for a case with N MiB of evidence, against `zip -0`.

    python bench/package_build.py                    # 1 GiB in 50 files, the real (age-encrypted) store
    python bench/package_build.py --total-mb 200
    python bench/package_build.py --store plain      # a plain-file store: packaging's own overhead

The case lives in a scratch SQLite database (the embedded default) under --workdir. Evidence is random
(incompressible) bytes, written once as plain files (the `zip -0` baseline reads those) and once into
the BlobStore as the items' sanitised copies (what the package streams). The build runs in a fresh
process, as a job worker would run it, so its peak RSS is the build's own (imports, the PDF, the
streaming). In the same run `zip -0` stores the same files. Printed: both throughputs, their ratio
(target >= 0.5) and the build's peak RSS (target < 200 MB).

With the real store the build decrypts every item (age; through the `age` CLI in a child process
when it is installed, so decryption runs beside the ZIP's encryption instead of behind the GIL) and
encrypts the ZIP it writes, and hashes everything twice (the evidence check, the package hash);
`zip -0` does none of that.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.errors import Conflict, NotFound  # noqa: E402
from app.storage import PutResult  # noqa: E402

MiB = 1024 * 1024
CHUNK = 1 * MiB  # as the S3 store reads


class PlainBlobStore:
    """Unencrypted files (bench only): isolates the packaging pipeline from encryption at rest."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / "objects" / key

    def put_stream(self, key: str, chunks: Iterable[bytes]) -> PutResult:
        path = self._path(key)
        if path.exists():
            raise Conflict(f"Blob {key!r} already exists")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        digest, size = hashlib.sha256(), 0
        try:
            with tmp.open("wb") as f:
                for chunk in chunks:
                    digest.update(chunk)
                    size += len(chunk)
                    f.write(chunk)
            tmp.rename(path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return PutResult(size, digest.hexdigest())

    def open_stream(self, key: str) -> Iterator[bytes]:
        path = self._path(key)
        if not path.is_file():
            raise NotFound("Evidence file not found")

        def gen() -> Iterator[bytes]:
            with path.open("rb") as f:
                while chunk := f.read(CHUNK):
                    yield chunk

        return gen()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        path = self._path(key)
        if not path.is_file():
            raise NotFound("Evidence file not found")
        return path.stat().st_size


def settings_for(workdir: Path) -> Settings:
    return Settings(env="development", var_dir=workdir / "var", secret_key="b" * 40, jobs_backend="inline")


def store_for(settings: Settings, kind: str) -> Any:
    if kind == "plain":
        return PlainBlobStore(settings.var_dir / "plain-blobs")
    from app.storage import make_blob_store

    return make_blob_store(settings)


def use_store(kind: str) -> None:
    """Make the packaging workflow use the chosen store (the plain one is not an app adapter)."""
    if kind == "plain":
        from app.workflows.packaging import build

        build.blob_store = lambda s: PlainBlobStore(s.var_dir / "plain-blobs")  # type: ignore[assignment]


# ---- setup (parent process) ----------------------------------------------------------------------


def setup(workdir: Path, total_mb: int, files: int, store_kind: str) -> tuple[str, dict[str, Any], Path]:
    from sqlalchemy import update

    from app import migrate
    from app.db import make_engine, make_sessionmaker, new_id, utcnow
    from app.jobs import queue
    from app.models.cases import CaseFile, CaseStatus
    from app.models.evidence import Evidence, SanitiseStatus, ScanStatus, Sensitivity
    from app.workflows import cases, packaging
    from app.workflows.demo import _content, _principal, seed

    settings = settings_for(workdir)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.effective_database_url)
    engine = make_engine(settings.effective_database_url)
    sm = make_sessionmaker(engine)
    queue.bind(sm, None)  # the build job runs in the child process, timed
    store = store_for(settings, store_kind)
    plain_dir = workdir / "files"
    plain_dir.mkdir()
    per_file = total_mb * MiB // files
    with sm() as db:
        seed(db, settings, with_cases=False)
        db.commit()
        researcher = _principal(db, "researcher@lantern.example")
        coordinator = _principal(db, "coordinator.a@coalition.example")
        content = _content("case_zarechny.json")
        case = cases.create_case(db, researcher, "Benchmark case", ["us", "uk", "ca", "eu"], content, None)
        db.flush()
        db.execute(
            update(CaseFile)
            .where(CaseFile.id == case.id)
            .values(status=CaseStatus.approved, first_submitted_at=utcnow())
        )
        db.commit()
        t0 = time.perf_counter()
        for n in range(1, files + 1):
            path = plain_dir / f"E-{n:03d}.bin"
            digest = hashlib.sha256()
            with path.open("wb") as f:
                left = per_file
                while left:
                    chunk = os.urandom(min(CHUNK, left))
                    f.write(chunk)
                    digest.update(chunk)
                    left -= len(chunk)

            def read(p: Path = path) -> Iterator[bytes]:
                with p.open("rb") as f:
                    while chunk := f.read(CHUNK):
                        yield chunk

            ev_id = new_id()
            key = f"evidence/{case.id}/{ev_id}/shared"
            store.put_stream(key, read())
            db.add(
                Evidence(
                    id=ev_id,
                    case_id=case.id,
                    org_id=case.org_id,
                    number=n,
                    title=f"Evidence file {n}",
                    original_filename=f"file-{n}.bin",
                    media_type="application/octet-stream",
                    size=per_file,
                    sha256=digest.hexdigest(),
                    storage_key=key,
                    derivative_key=key,
                    derivative_sha256=digest.hexdigest(),
                    derivative_size=per_file,
                    sanitise_status=SanitiseStatus.done,
                    scan_status=ScanStatus.clean,
                    sensitivity=Sensitivity.public,
                    share_with=["us", "uk", "ca", "eu"],
                )
            )
        db.commit()
        took = time.perf_counter() - t0
        print(f"setup: {files} files, {per_file * files / MiB:.0f} MiB stored in {took:.1f} s")
    with sm() as db:
        req = packaging.request_packages(db, coordinator, case.id, ["us"], None)
        pkg_id = req.packages[0].id
        actor = packaging.actor_payload(coordinator)
        db.commit()
    engine.dispose()
    return pkg_id, actor, plain_dir


# ---- the build (child process) -------------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(workdir: Path, package_id: str, actor_json: str, store_kind: str) -> None:
    from app.db import make_engine, make_sessionmaker
    from app.jobs import queue
    from app.models.packages import Package
    from app.workflows import packaging
    from app.workflows.packaging import build, contents

    use_store(store_kind)
    # A job worker imports these once at start, not per build.
    from app.jobs import registry

    registry.load()
    import weasyprint  # noqa: F401

    settings = settings_for(workdir)
    engine = make_engine(settings.effective_database_url)
    sm = make_sessionmaker(engine)
    queue.bind(sm, None)
    samples: list[tuple[float, float]] = []
    done = threading.Event()

    def sample() -> None:
        start = time.perf_counter()
        while not done.wait(0.05):
            samples.append((time.perf_counter() - start, _rss_mb()))

    phases: dict[str, float] = {}
    render_pdf = contents.render_pdf

    def timed_render(*a: Any) -> bytes:
        t = time.perf_counter()
        try:
            return render_pdf(*a)
        finally:
            phases["pdf"] = time.perf_counter() - t

    zip_chunks = build.zip_chunks

    def timed_zip(*a: Any) -> Iterator[bytes]:
        t = time.perf_counter()
        yield from zip_chunks(*a)
        phases["stream"] = time.perf_counter() - t

    make_store = build.blob_store

    def timed_store(s: Settings) -> Any:
        store = make_store(s)
        put = store.put_stream

        def timed_put(key: str, chunks: Iterable[bytes]) -> PutResult:
            t = time.perf_counter()
            try:
                return put(key, chunks)
            finally:
                phases["put"] = time.perf_counter() - t

        store.put_stream = timed_put
        return store

    build.blob_store = timed_store  # type: ignore[assignment]
    contents.render_pdf = timed_render  # type: ignore[assignment]
    build.zip_chunks = timed_zip  # type: ignore[assignment]
    rss_before = _rss_mb()
    threading.Thread(target=sample, daemon=True).start()
    t0 = time.perf_counter()
    packaging.run_build(queue.JobContext(settings, sm), package_id, json.loads(actor_json))
    seconds = time.perf_counter() - t0
    done.set()
    with sm() as db:
        pkg = db.get(Package, package_id)
        assert pkg is not None
        state, size, error, sha = pkg.state.value, pkg.size, pkg.error, pkg.sha256
    later = [r for t, r in samples if t > seconds / 4]
    print(
        json.dumps(
            {
                "seconds": seconds,
                "pdf_seconds": phases.get("pdf"),
                "stream_seconds": phases.get("stream"),
                "put_seconds": phases.get("put"),
                "state": state,
                "error": error,
                "size": size,
                "sha256": sha,
                "rss_before_mb": rss_before,
                "rss_streaming_min_mb": min(later) if later else None,
                "rss_streaming_max_mb": max(later) if later else None,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


# ---- main ----------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--total-mb", type=int, default=1024, help="evidence in MiB (default 1024)")
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--store", choices=["local", "plain"], default="local", help="local: the app's store")
    ap.add_argument("--workdir", type=Path, default=None, help="default: a temporary directory")
    ap.add_argument("--keep", action="store_true", help="keep the working directory")
    ap.add_argument("--child", nargs=3, metavar=("WORKDIR", "PACKAGE", "ACTOR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], args.child[2], args.store)
        return
    if shutil.which("zip") is None:
        sys.exit("the baseline needs `zip` (apt-get install zip)")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-package-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        pkg_id, actor, plain_dir = setup(workdir, args.total_mb, args.files, args.store)
        evidence_bytes = sum(p.stat().st_size for p in plain_dir.iterdir())
        os.sync()  # setup's writes must not be flushed during the timed build (nor the build's during zip)
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--store",
                args.store,
                "--child",
                str(workdir),
                pkg_id,
                json.dumps(actor),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            sys.exit(f"build process failed:\n{out.stderr[-4000:]}")
        build = json.loads(out.stdout.strip().splitlines()[-1])
        if build["state"] != "built":
            sys.exit(f"build failed: {build['error']}")

        baseline_zip = workdir / "baseline.zip"
        os.sync()
        t0 = time.perf_counter()
        subprocess.run(
            ["zip", "-0", "-q", "-j", str(baseline_zip), *sorted(map(str, plain_dir.iterdir()))], check=True
        )
        zip_seconds = time.perf_counter() - t0

        mib = evidence_bytes / MiB
        build_tp, zip_tp = mib / build["seconds"], mib / zip_seconds
        ratio = build_tp / zip_tp
        peak, zip_mib = build["peak_rss_mb"], build["size"] / MiB
        stream, put = build["stream_seconds"], build["put_seconds"]
        lines = [
            f"when:                {datetime.now().isoformat(timespec='seconds')}  cpus: {os.cpu_count()}  "
            f"load: {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
            f"evidence:            {args.files} files, {mib:.0f} MiB (random bytes), store: {args.store}",
            f"package build:       {build['seconds']:.2f} s  {build_tp:.0f} MiB/s  (ZIP {zip_mib:.0f} MiB)",
            f"  PDF:               {build['pdf_seconds']:.2f} s",
            f"  ZIP into store:    {put:.2f} s  {mib / put:.0f} MiB/s  (finishing: {put - stream:.2f} s)",
            f"zip -0 baseline:     {zip_seconds:.2f} s  {zip_tp:.0f} MiB/s",
            f"ratio build/zip:     {ratio:.2f}  (target >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'})",
            f"build peak RSS:      {peak:.0f} MB  (target < 200 MB: {'met' if peak < 200 else 'NOT met'})",
        ]
        low, high, start = (
            build["rss_streaming_min_mb"],
            build["rss_streaming_max_mb"],
            build["rss_before_mb"],
        )
        if low is not None:
            shape = "flat" if high - low < 32 else "GROWING"
            lines.append(f"RSS while streaming: {low:.0f}-{high:.0f} MB ({shape}; {start:.0f} MB at start)")
        print("\n".join(lines))
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
