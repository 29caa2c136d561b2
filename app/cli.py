"""The `portal` command: serve, migrate, seed, administer, verify."""

from __future__ import annotations

import getpass
import logging
import sys
from pathlib import Path

import typer
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.config import ConfigurationError, Settings, check_startup, get_settings

cli = typer.Typer(help="Case-file portal of the sanctions coalition", no_args_is_help=True)
db_cli = typer.Typer(help="Database tasks", no_args_is_help=True)
audit_cli = typer.Typer(help="Audit chain", no_args_is_help=True)
jobs_cli = typer.Typer(help="Background jobs", no_args_is_help=True)
evidence_cli = typer.Typer(help="Evidence upkeep", no_args_is_help=True)
lists_cli = typer.Typer(help="Official sanctions lists", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(audit_cli, name="audit")
cli.add_typer(jobs_cli, name="jobs")
cli.add_typer(evidence_cli, name="evidence")
cli.add_typer(lists_cli, name="lists")


def _session() -> Session:
    from app.db import make_engine, make_sessionmaker
    from app.jobs import queue, registry

    settings = get_settings()
    sm = make_sessionmaker(make_engine(settings.effective_database_url))
    registry.load()
    # One-shot admin commands run no jobs: what they defer (the demo seed's notification e-mails)
    # is dropped, as it always was.
    queue.bind(sm, None)
    return sm()


def _announce_scanner(settings: Settings) -> bool:
    """Use the configured ClamAV, or (embedded default) a system or private clamd, and say which, or
    say plainly that there is none; the same settings object then serves the app (get_settings)."""
    from app.jobs.scan import ensure_scanner

    status = ensure_scanner(settings)
    typer.echo(f"Virus scanner: {status.message}", err=not status.available)
    if not status.available:
        allowed = settings.package_unscanned_evidence and not settings.require_scanner
        typer.echo(
            "  Packages "
            + ("include unscanned items, marked 'not scanned'" if allowed else "refuse unscanned items")
            + " (PORTAL_PACKAGE_UNSCANNED_EVIDENCE)",
            err=True,
        )
    if settings.tsa_url is None:
        typer.echo("Trusted timestamps: none (PORTAL_TSA_URL is not set): evidence says 'no timestamp'")
    return status.available


def _checked_settings() -> Settings:
    """The settings, or exit 2 naming what a start (server or worker) is missing."""
    try:
        settings = get_settings()
    except ValidationError as exc:  # pydantic hides the input values (hide_input_in_errors)
        typer.echo(f"configuration refused: {exc}", err=True)
        raise typer.Exit(2) from exc
    try:
        check_startup(settings)
    except ConfigurationError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    return settings


def serve_workers(settings: Settings, workers: int | None) -> int:
    """API processes for `portal serve`: the option, PORTAL_WORKERS, else the CPUs in production, 1 else."""
    if workers is not None:
        return workers
    if settings.workers is not None:
        return settings.workers
    if settings.is_production:
        import os

        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 1


@cli.command()
def serve(
    host: str | None = None,
    port: int | None = None,
    migrate: bool = True,
    workers: int | None = typer.Option(
        None, min=1, max=256, help="API processes (default: PORTAL_WORKERS, else CPUs in production, 1)"
    ),
    proxy_headers: bool | None = typer.Option(
        None,
        "--proxy-headers/--no-proxy-headers",
        help="Client addresses from X-Forwarded-For sent by PORTAL_TRUSTED_PROXIES (PORTAL_PROXY_HEADERS)",
    ),
) -> None:
    """Run the web server (migrates the database first)."""
    import os

    import uvicorn

    from app import migrate as migrations
    from app import telemetry

    if proxy_headers is not None:
        # Through the environment: every worker process reads its settings from it.
        os.environ["PORTAL_PROXY_HEADERS"] = "true" if proxy_headers else "false"
        get_settings.cache_clear()
    settings = _checked_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    if migrate:
        migrations.upgrade(settings.effective_database_url)
    _announce_scanner(settings)
    processes = serve_workers(settings, workers)
    if processes > 1 and settings.jobs_backend == "inline":
        typer.echo(
            f"{processes} API processes with inline jobs: each runs the periodic jobs (they claim their "
            "rows, so nothing runs twice); PORTAL_JOBS_BACKEND=procrastinate with `portal worker` scales",
            err=True,
        )
    typer.echo(
        f"Serving with {processes} process(es), at most {settings.max_in_flight} requests at work in each "
        f"(PORTAL_MAX_IN_FLIGHT); proxy headers {'on' if settings.proxy_headers else 'off'}"
    )
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=processes,
        # The app believes X-Forwarded-For itself, from trusted proxies only (app/api/proxy_headers.py).
        proxy_headers=False,
        access_log=False,  # app/api/telemetry_http.py writes the access log, with the request id
        log_config=telemetry.logging_config(settings.effective_log_format),
        log_level="info",
        backlog=4096,
        timeout_graceful_shutdown=30,
    )


@db_cli.command("upgrade")
def db_upgrade(revision: str = "heads") -> None:
    """Apply migrations."""
    from app import migrate as migrations

    settings = get_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(settings.effective_database_url, revision)
    typer.echo(f"database at {revision}")
    if settings.jobs_backend == "procrastinate":
        from app.jobs.procrastinate_runner import apply_schema_if_missing

        if apply_schema_if_missing(settings):
            typer.echo("procrastinate schema applied")


@db_cli.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Revert migrations to REVISION (e.g. base)."""
    from app import migrate as migrations

    migrations.downgrade(get_settings().effective_database_url, revision)


@cli.command()
def worker(
    concurrency: int = typer.Option(1, min=1, help="Jobs run at once (each in a thread)"),
    once: bool = typer.Option(False, help="Run the jobs already due, then exit"),
) -> None:
    """Run the job worker (PORTAL_JOBS_BACKEND=procrastinate): queued jobs and the minute tick."""
    from app.jobs import registry
    from app.jobs.procrastinate_runner import apply_schema_if_missing, make_procrastinate_app, run_worker

    settings = _checked_settings()
    if settings.jobs_backend != "procrastinate":
        typer.echo("PORTAL_JOBS_BACKEND is inline: jobs run in the web process, there is no worker", err=True)
        raise typer.Exit(2)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if apply_schema_if_missing(settings):
        typer.echo("procrastinate schema applied")
    _announce_scanner(settings)  # the worker scans evidence: its own clamd when the embedded default
    registry.load()
    # Its jobs' sessions are bound to this app: jobs that defer further jobs queue them here too.
    app = make_procrastinate_app(settings)
    # First the jobs of workers that died (retried), then the queue; see procrastinate_runner.run_worker.
    run_worker(app, settings, concurrency=concurrency, wait=not once)


@jobs_cli.command("tick")
def jobs_tick() -> None:
    """Run every periodic job once (for cron; then set PORTAL_JOBS_TICK_SECONDS=0)."""
    from app.db import make_engine, make_sessionmaker
    from app.jobs import queue, registry

    settings = get_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = make_engine(settings.effective_database_url)
    sm = make_sessionmaker(engine)
    # Inline: what the periodic jobs defer runs here after their commit; procrastinate: it is queued
    # for the worker in their transaction.
    runner = registry.install(settings, sm)
    try:
        failed = queue.run_periodic(queue.JobContext(settings, sm))
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()
        engine.dispose()
    total = len(queue.PERIODIC)
    typer.echo(f"{total - failed} of {total} periodic jobs ran")
    if failed:
        raise typer.Exit(1)


@cli.command("seed-demo")
def seed_demo() -> None:
    """Seed the demo coalition (idempotent) and print its logins."""
    from app.workflows.demo import DEMO_PASSWORD, seed

    _announce_scanner(get_settings())
    db = _session()
    try:
        accounts = seed(db, get_settings())
        db.commit()
    finally:
        db.close()
    from app.demo_api import seed_through_api

    seed_through_api(get_settings())
    typer.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, role, org in accounts:
        typer.echo(f"  {email:38} {role:16} {org}")


@evidence_cli.command("rescan")
def evidence_rescan(
    everything: bool = typer.Option(False, "--all", help="Every clean item too, not only those not yet seen"),
) -> None:
    """Scan again the items the virus scanner's current signatures have not seen (and unscanned ones)."""
    from app.db import make_engine, make_sessionmaker
    from app.jobs import queue, registry
    from app.jobs.scan import signature_version
    from app.workflows.evidence_processing import queue_rescans

    settings = get_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not _announce_scanner(settings):
        raise typer.Exit(1)
    engine = make_engine(settings.effective_database_url)
    sm = make_sessionmaker(engine)
    runner = registry.install(settings, sm)  # inline: the rescans run here; procrastinate: queued
    try:
        count = queue_rescans(
            queue.JobContext(settings, sm), signature_version(settings), everything=everything, limit=None
        )
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()
        engine.dispose()
    typer.echo(f"{count} evidence items rescanned (or queued for the worker)")


@cli.command("create-admin")
def create_admin(email: str, name: str = "Coalition administrator", password: str | None = None) -> None:
    """Create a coalition administrator (creates the coalition organisation if there is none)."""
    from sqlalchemy import select

    from app.errors import DomainError
    from app.models.identity import Organization, OrgKind, Role
    from app.workflows.orgs import create_user_direct

    if password is None:
        password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    db = _session()
    try:
        org = db.execute(select(Organization).where(Organization.kind == OrgKind.coalition)).scalars().first()
        if org is None:
            org = Organization(name="Coalition", kind=OrgKind.coalition)
            db.add(org)
            db.flush()
        create_user_direct(db, org, email, name, password, Role.coalition_admin)
        db.commit()
    except DomainError as exc:
        db.rollback()
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(1) from exc
    finally:
        db.close()
    typer.echo(f"coalition admin {email} created")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Re-hash the audit chain; exit 1 and name the first broken event if it was tampered with."""
    from app.workflows.audit import verify

    db = _session()
    try:
        result = verify(db)
    finally:
        db.close()
    if result.ok:
        typer.echo(f"OK: {result.events} events, head {result.head_hash}")
    else:
        typer.echo(f"BROKEN at event {result.first_broken_seq}: {result.reason}", err=True)
        raise typer.Exit(1)


@cli.command("backup")
def backup_cmd(dest: Path = typer.Argument(..., file_okay=False, help="A new (or empty) directory")) -> None:
    """Back up the database and the evidence store (with checksums); the store's key is not included."""
    from app.errors import DomainError
    from app.workflows import backup

    try:
        result = backup.backup(get_settings(), dest)
    except (DomainError, backup.ToolFailed) as exc:
        typer.echo(f"error: {getattr(exc, 'detail', exc)}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"backup in {result.path}: {result.files} files, {result.bytes:,} bytes, "
        f"{result.evidence} evidence items (keep the store's key, PORTAL_AGE_IDENTITY, apart from it)"
    )


@cli.command("restore")
def restore_cmd(
    src: Path = typer.Argument(..., exists=True, file_okay=False, help="A directory from `portal backup`"),
    force: bool = typer.Option(False, help="Replace a database that already holds an audit trail"),
) -> None:
    """Restore a backup (checksums first), then prove it: audit chain and every evidence item verify."""
    from app.errors import DomainError
    from app.workflows import backup

    settings = get_settings()
    try:
        manifest = backup.restore(settings, src, force=force)
    except (DomainError, backup.ToolFailed) as exc:
        typer.echo(f"error: {getattr(exc, 'detail', exc)}", err=True)
        raise typer.Exit(1) from exc
    revisions = ", ".join(manifest["revisions"])
    typer.echo(f"restored the backup of {manifest['created_at']} (revisions {revisions})")
    result = backup.drill(settings)
    if result.audit.ok:
        typer.echo(f"audit: OK, {result.audit.events} events, head {result.audit.head_hash}")
    else:
        typer.echo(f"audit: BROKEN at event {result.audit.first_broken_seq}: {result.audit.reason}", err=True)
    verified = result.evidence_checked - len(result.evidence_failed)
    typer.echo(f"evidence: {verified} of {result.evidence_checked} items verify")
    for item in result.evidence_failed[:20]:
        typer.echo(f"  FAILED {item}", err=True)
    if not result.ok:
        raise typer.Exit(1)


@lists_cli.command("import")
def lists_import(
    files: list[Path] = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        help="The list file; for the OFAC CSV set sdn.csv and its companions",
    ),
    list_name: str = typer.Option(
        ..., "--list", help="us_ofac_sdn, us_ofac_consolidated, uk_sanctions_list, …"
    ),
) -> None:
    """Import a list file as a new version (offline installations); matching runs as a job after it."""
    from app.db import make_engine, make_sessionmaker
    from app.errors import DomainError
    from app.jobs import registry
    from app.workflows.designations import lists

    settings = get_settings()
    engine = make_engine(settings.effective_database_url)
    sm = make_sessionmaker(engine)
    # Inline: the matching job runs here after the commit; procrastinate: it is queued for the worker.
    runner = registry.install(settings, sm)
    try:
        with sm() as db:
            try:
                result = lists.import_files(
                    db, None, list_name, [lists.ListFile(f.name, f.read_bytes()) for f in files], settings
                )
                db.commit()
            except DomainError as exc:
                db.rollback()
                typer.echo(f"error: {exc.detail}", err=True)
                raise typer.Exit(1) from exc
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()
        engine.dispose()
    v = result.version
    if result.unchanged:
        typer.echo(f"{list_name}: unchanged (the same file as version {v.seq})")
    else:
        typer.echo(
            f"{list_name}: version {v.seq}, {v.counts.get('total', 0)} entries "
            f"(+{v.added} added, {v.amended} amended, -{v.removed} removed), sha256 {v.sha256}"
        )


if __name__ == "__main__":
    cli()
