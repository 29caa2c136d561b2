"""`portal backup` / `portal restore`: the database and the evidence store, with checksums, and a drill.

A backup is a directory:
  database.dump     PostgreSQL `pg_dump --format=custom` (SQLite: database.sqlite, an online copy)
  objects/…         the local evidence store's objects, still age-encrypted, byte for byte
  manifest.json     format, time, migration revisions, storage backend, every evidence item
                    (id, object keys, expected SHA-256) and the SHA-256 of every file above
  manifest.sha256   the SHA-256 of manifest.json

The store's key (the age identity) is never written into a backup: keep it apart (PORTAL_AGE_IDENTITY
or _FILE), or the backup is unreadable, and a stolen backup is useless without it. With S3 the objects
stay in the bucket (use its versioning or replication); the manifest names them and a restore checks
that each one is there.

`restore` checks every checksum before it touches anything, refuses a database that already holds
an audit trail unless forced, restores, and `drill` then proves the result: the audit chain
re-hashes (`portal audit verify`) and every evidence item's bytes hash to the value recorded at
ingest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import make_engine, utcnow
from app.errors import Conflict, Invalid
from app.models.audit import AuditEvent
from app.models.evidence import Evidence
from app.storage import make_blob_store
from app.storage.base import MiB, sha256_hex
from app.workflows import audit, scoping

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite"
RESTORE_OPTIONS = [
    "--clean",
    "--if-exists",
    "--no-owner",
    "--no-privileges",
    "--single-transaction",
    "--exit-on-error",
]


@dataclass
class BackupResult:
    path: Path
    files: int
    evidence: int
    bytes: int


@dataclass
class DrillResult:
    audit: audit.VerifyResult
    evidence_checked: int = 0
    evidence_failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.audit.ok and not self.evidence_failed


def _sha256_file(path: Path) -> str:
    with path.open("rb") as f:
        return sha256_hex(iter(lambda: f.read(MiB), b""))


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password, and the environment that carries it (never on a command line)."""
    u = make_url(url).set(drivername="postgresql")
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    return u.set(password=None).render_as_string(hide_password=False), env


class ToolFailed(RuntimeError):
    pass


def _run(tool: str, args: list[str], env: dict[str, str]) -> None:
    """Run pg_dump / pg_restore (PostgreSQL's client tools, same major version as the server)."""
    path = shutil.which(tool)
    if path is None:
        raise ToolFailed(f"{tool} is not installed (Debian: apt-get install postgresql-client)")
    done = subprocess.run([path, *args], env=env, capture_output=True, check=False)  # noqa: S603 (our arguments)
    if done.returncode != 0:
        raise ToolFailed(f"{tool} failed: {done.stderr.decode(errors='replace').strip()[-2000:]}")


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgresql", "postgres"))


def _revisions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return []
        return sorted(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))


def _evidence(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as db:
        rows = db.execute(
            scoping.unscoped_evidence()
            .where(Evidence.storage_key.is_not(None), Evidence.deleted_at.is_(None))
            .with_only_columns(
                Evidence.id,
                Evidence.storage_key,
                Evidence.sha256,
                Evidence.derivative_key,
                Evidence.derivative_sha256,
            )
        ).all()
    out = []
    for ev_id, key, sha, dkey, dsha in rows:
        objects = [{"key": key, "sha256": sha}]
        if dkey and dsha:
            objects.append({"key": dkey, "sha256": dsha})
        out.append({"id": ev_id, "objects": objects})
    return out


def backup(settings: Settings, dest: Path) -> BackupResult:
    """Write a backup into `dest` (a new or empty directory)."""
    if dest.exists() and any(dest.iterdir()):
        raise Conflict(f"{dest} is not empty: a backup goes into a new directory")
    dest.mkdir(parents=True, exist_ok=True)
    url = settings.effective_database_url
    engine = make_engine(url)
    try:
        revisions = _revisions(engine)
        if _is_postgres(url):
            conninfo, env = _libpq(url)
            _run(
                "pg_dump",
                ["--format=custom", "--no-owner", "--no-privileges", "--file", str(dest / PG_DUMP), conninfo],
                env,
            )
        else:
            source = sqlite3.connect(make_url(url).database or "")
            target = sqlite3.connect(dest / SQLITE_COPY)
            with target:
                source.backup(target)
            source.close()
            target.close()
        evidence = _evidence(engine)
    finally:
        engine.dispose()
    if settings.storage_backend == "local":
        objects = settings.effective_storage_dir / "objects"
        if objects.exists():
            shutil.copytree(objects, dest / "objects")
    files = {
        str(p.relative_to(dest)): _sha256_file(p)
        for p in sorted(dest.rglob("*"))
        if p.is_file() and p.name not in (MANIFEST, MANIFEST_SUM)
    }
    manifest = {
        "format": FORMAT,
        "created_at": utcnow().isoformat(),
        "database": PG_DUMP if _is_postgres(url) else SQLITE_COPY,
        "revisions": revisions,
        "storage_backend": settings.storage_backend,
        "evidence": evidence,
        "files": files,
    }
    body = json.dumps(manifest, indent=1, sort_keys=True).encode()
    (dest / MANIFEST).write_bytes(body)
    (dest / MANIFEST_SUM).write_text(hashlib.sha256(body).hexdigest() + "\n")
    size = sum((dest / name).stat().st_size for name in files)
    return BackupResult(dest, len(files), len(evidence), size)


def check_backup(src: Path) -> dict[str, Any]:
    """The manifest, once every checksum in the backup matches; Invalid naming what does not."""
    body = (src / MANIFEST).read_bytes() if (src / MANIFEST).is_file() else None
    if body is None or not (src / MANIFEST_SUM).is_file():
        raise Invalid(f"{src} is not a portal backup (no {MANIFEST})")
    if hashlib.sha256(body).hexdigest() != (src / MANIFEST_SUM).read_text().strip():
        raise Invalid("The backup's manifest does not match its checksum")
    manifest: dict[str, Any] = json.loads(body)
    if manifest.get("format") != FORMAT:
        raise Invalid(f"Unknown backup format {manifest.get('format')!r}")
    bad = [
        name
        for name, expected in manifest["files"].items()
        if not (src / name).is_file() or _sha256_file(src / name) != expected
    ]
    if bad:
        raise Invalid(f"{len(bad)} file(s) of the backup are missing or damaged, e.g. {bad[0]}")
    return manifest


def _holds_audit_trail(engine: Engine) -> bool:
    with engine.connect() as conn:
        if not inspect(conn).has_table("audit_events"):
            return False
    with Session(engine) as db:
        stmt = scoping.unscoped_audit_events().with_only_columns(AuditEvent.seq).limit(1)
        return db.execute(stmt).first() is not None


def restore(settings: Settings, src: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore `src` into the configured database and store; returns its manifest."""
    manifest = check_backup(src)
    url = settings.effective_database_url
    if _is_postgres(url) != (manifest["database"] == PG_DUMP):
        raise Invalid("The backup's database kind (PostgreSQL or SQLite) differs from PORTAL_DATABASE_URL's")
    if manifest["storage_backend"] != settings.storage_backend:
        raise Invalid(f"The backup is of a {manifest['storage_backend']} evidence store")
    engine = make_engine(url)
    try:
        if _holds_audit_trail(engine) and not force:
            raise Conflict(
                "The database already holds an audit trail: restore into an empty one (or --force)"
            )
    finally:
        engine.dispose()
    if _is_postgres(url):
        conninfo, env = _libpq(url)
        _run(
            "pg_restore",
            [*RESTORE_OPTIONS, "--dbname", conninfo, str(src / PG_DUMP)],
            env,
        )
    else:
        shutil.copyfile(src / SQLITE_COPY, make_url(url).database or "")
    if settings.storage_backend == "local" and (src / "objects").exists():
        shutil.copytree(src / "objects", settings.effective_storage_dir / "objects", dirs_exist_ok=True)
    return manifest


def drill(settings: Settings) -> DrillResult:
    """What a restore must prove: the audit chain verifies and every evidence item hashes as recorded."""
    engine = make_engine(settings.effective_database_url)
    try:
        with Session(engine) as db:
            result = DrillResult(audit.verify(db))
        store = make_blob_store(settings)
        for item in _evidence(engine):
            result.evidence_checked += 1
            for obj in item["objects"]:
                try:
                    sha256 = sha256_hex(store.open_stream(obj["key"]))
                except Exception:  # noqa: BLE001  (missing or damaged: a failed item, named)
                    result.evidence_failed.append(item["id"])
                    break
                if sha256 != obj["sha256"]:
                    result.evidence_failed.append(item["id"])
                    break
    finally:
        engine.dispose()
    return result
