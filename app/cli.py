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


@cli.command()
def serve(host: str | None = None, port: int | None = None, migrate: bool = True) -> None:
    """Run the web server (migrates the database first)."""
    import uvicorn

    from app import migrate as migrations

    settings = _checked_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    if migrate:
        migrations.upgrade(settings.effective_database_url)
    _announce_scanner(settings)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=False,
        log_level="info",
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
    from app.jobs.procrastinate_runner import apply_schema_if_missing, make_procrastinate_app

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
    app.run_worker(concurrency=concurrency, wait=not once, name="portal-worker")


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
