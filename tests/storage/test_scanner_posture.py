"""The embedded default's virus scanner (a private clamd when ClamAV is installed with signatures, and a
plain statement when there is none) and rescans when the signatures change."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from app.jobs import evidence as evidence_jobs
from app.jobs import queue, scan
from app.models.evidence import CustodyEvent, Evidence, SanitiseStatus, ScanStatus, Sensitivity
from app.workflows import evidence_processing
from app.workflows.evidence import blob_store, original_key
from tests.conftest import make_settings
from tests.support.clamav import EICAR, _clamd_binary
from tests.support.review_flow import new_case


def signatures(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "custom.hdb").write_text(f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:Eicar-Test\n")  # noqa: S324
    (directory / "custom.ndb").write_text(f"Eicar-Body:0:*:{EICAR.hex()}\n")
    return directory


@pytest.fixture
def no_system_clamd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """This machine's /etc/clamav/clamd.conf must not decide the test."""
    monkeypatch.setattr(scan, "SYSTEM_CONF", tmp_path / "absent.conf")


def test_without_autostart_it_says_there_is_no_scanner(tmp_path, no_system_clamd):
    settings = make_settings("sqlite://", tmp_path / "var", clamd_autostart=False)
    status = scan.ensure_scanner(settings)
    assert not status.available and status.message.startswith("NO VIRUS SCANNER")
    assert settings.clamd_socket is None


def test_clamd_without_signatures_says_so(tmp_path, no_system_clamd):
    if _clamd_binary() is None:
        pytest.skip("clamd not installed")
    empty = tmp_path / "db"
    empty.mkdir()
    settings = make_settings("sqlite://", tmp_path / "var", clamav_database_dir=empty)
    status = scan.ensure_scanner(settings)
    assert not status.available and f"{empty} has no signatures: run freshclam" in status.message
    assert settings.clamd_socket is None


def test_installed_clamd_with_signatures_is_started_and_scans(tmp_path, no_system_clamd):
    if _clamd_binary() is None:
        pytest.skip("clamd not installed")
    settings = make_settings("sqlite://", tmp_path / "var", clamav_database_dir=signatures(tmp_path / "db"))
    try:
        status = scan.ensure_scanner(settings)
        assert status.available and status.message.startswith("ClamAV (a private clamd"), status
        assert (
            settings.clamd_socket == status.socket and status.version and status.version.startswith("ClamAV")
        )
        result = scan.scan_stream([EICAR], settings)
        assert result.status == "infected" and result.engine == status.version
        assert scan.scan_stream([b"a witness statement\n"], settings).status == "clean"
    finally:
        scan._stop_private()
    assert scan._private is None


def _stored(
    db: Any, settings: Any, case_id: str, data: bytes, status: ScanStatus, engine: str | None
) -> Evidence:
    from app.models.cases import CaseFile

    case = db.get(CaseFile, case_id)
    number = (
        max(db.execute(select(Evidence.number).where(Evidence.case_id == case_id)).scalars(), default=0) + 1
    )
    ev = Evidence(
        case_id=case_id,
        org_id=case.org_id,
        number=number,
        title=f"Item {number}",
        original_filename="notes.txt",
        media_type="text/plain",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        sanitise_status=SanitiseStatus.done,
        scan_status=status,
        scan_engine=engine,
        sensitivity=Sensitivity.public,
        share_with=["us"],
    )
    db.add(ev)
    db.flush()
    ev.storage_key = original_key(case_id, ev.id)
    blob_store(settings).put_stream(ev.storage_key, [data])
    db.commit()
    return ev


def test_new_signatures_rescan_clean_and_unscanned_items(pg_url, tmp_path, login, db, sm, clamd_socket):
    settings = make_settings(pg_url, tmp_path / "var", clamd_socket=clamd_socket)
    case_id = new_case(login("researcher_a"))["id"]
    current = scan.signature_version(settings)
    assert current is not None
    seen = _stored(db, settings, case_id, b"statement one\n", ScanStatus.clean, current)
    stale = _stored(db, settings, case_id, b"statement two\n", ScanStatus.clean, "ClamAV 0.1/1/old")
    unscanned = _stored(db, settings, case_id, b"statement three\n", ScanStatus.not_scanned, None)
    turned = _stored(
        db, settings, case_id, EICAR, ScanStatus.clean, "ClamAV 0.1/1/old"
    )  # new signatures find it
    ctx = queue.JobContext(settings, sm)
    runs: list[str] = []

    class Inline:
        def submit(self, name: str, payload: dict[str, Any]) -> None:
            runs.append(payload.get("evidence_id", ""))
            queue.run_task(ctx, name, payload)

    queue.bind(sm, Inline())
    evidence_jobs.rescan_on_new_signatures(ctx)
    assert set(runs) >= {stale.id, unscanned.id, turned.id} and seen.id not in runs
    for ev in (seen, stale, unscanned, turned):
        db.refresh(ev)
    assert stale.scan_status == ScanStatus.clean and stale.scan_engine == current
    assert unscanned.scan_status == ScanStatus.clean and turned.scan_status == ScanStatus.infected
    custody = db.execute(
        select(CustodyEvent).where(
            CustodyEvent.action == "scanned",
            CustodyEvent.evidence_id.in_([stale.id, unscanned.id, turned.id]),
        )
    ).scalars()
    changed = {c.evidence_id: c.detail for c in custody}
    assert set(changed) == {unscanned.id, turned.id}  # a rescan that changes nothing is no custody event
    assert changed[turned.id]["previous"] == "clean" and changed[turned.id]["quarantined"] is True
    runs.clear()
    evidence_jobs.rescan_on_new_signatures(ctx)  # all seen by these signatures now
    assert not [r for r in runs if r in {stale.id, unscanned.id, turned.id}]
    assert evidence_processing.queue_rescans(ctx, None) == 0  # no scanner: nothing to do


def test_portal_evidence_rescan_says_when_there_is_no_scanner(tmp_path, monkeypatch, no_system_clamd):
    from app import cli

    settings = make_settings("sqlite://", tmp_path / "var", clamd_autostart=False)
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    result = CliRunner().invoke(cli.cli, ["evidence", "rescan"])
    assert result.exit_code == 1 and "NO VIRUS SCANNER" in result.output
