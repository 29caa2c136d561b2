"""Every accepted evidence type through the real `evidence.sanitise` job, the way the portal runs it
(relative `./var` as in the embedded default, real mat2/Pillow/ffmpeg, a real file made here): each ends
with the outcome the media-type registry defines for it, and no metadata marker survives in a copy."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.jobs import evidence as evidence_jobs
from app.jobs import queue, sanitise
from app.models.evidence import CustodyEvent, Evidence, SanitiseStatus, ScanStatus, Sensitivity
from app.workflows import media_types
from app.workflows.evidence import blob_store, original_key
from tests.conftest import make_settings
from tests.support.media_samples import sample
from tests.support.review_flow import new_case

ACCEPTED = sorted(t.name for t in media_types.TYPES if t.accepted)
AUDIO_VIDEO = [t for t in ACCEPTED if t.split("/")[0] in ("audio", "video")]


@pytest.fixture
def relative_settings(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`PORTAL_VAR_DIR` left at its relative default, run from a working directory (as `make run`)."""
    monkeypatch.chdir(tmp_path)
    return make_settings(pg_url, Path("var"))


@pytest.fixture
def case_id(login: Any) -> str:
    return str(new_case(login("researcher_a"))["id"])


def stored_item(db: Any, settings: Any, case_id: str, media_type: str, data: bytes, name: str) -> Evidence:
    from app.models.cases import CaseFile

    case = db.get(CaseFile, case_id)
    number = (
        max(db.execute(select(Evidence.number).where(Evidence.case_id == case_id)).scalars(), default=0) + 1
    )
    ev = Evidence(
        case_id=case_id,
        org_id=case.org_id,
        number=number,
        title=f"Sample {media_type}",
        original_filename=name,
        media_type=media_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        sanitise_status=SanitiseStatus.pending,
        scan_status=ScanStatus.clean,
        sensitivity=Sensitivity.public,
        share_with=["us"],
    )
    db.add(ev)
    db.flush()
    ev.storage_key = original_key(case_id, ev.id)
    blob_store(settings).put_stream(ev.storage_key, [data])
    db.commit()
    return ev


def expected(media_type: str) -> tuple[SanitiseStatus, str | None]:
    """The registry's outcome on this machine: (status, the tool that makes the copy, or the reason)."""
    how = media_types.sanitiser_for(media_type)
    if how is None:
        return SanitiseStatus.not_applicable, media_types.unsanitisable(media_type)
    if sanitise.missing_programs(how) and how.pillow is None:
        return SanitiseStatus.not_applicable, "is not installed"
    if "mat2" in sanitise.missing_programs(how):
        return SanitiseStatus.done, "pillow"
    return SanitiseStatus.done, how.steps()[0]


def run_sanitise(
    db: Any, sm: Any, settings: Any, case_id: str, media_type: str
) -> tuple[Evidence, bytes, bytes]:
    made = sample(media_type)
    ev = stored_item(db, settings, case_id, media_type, made.data, made.filename)
    evidence_jobs.sanitise(queue.JobContext(settings, sm), ev.id)  # the job itself
    db.refresh(ev)
    copy = b"".join(blob_store(settings).open_stream(ev.derivative_key)) if ev.derivative_key else b""
    return ev, made.data, copy


def check_outcome(
    db: Any, ev: Evidence, media_type: str, original: bytes, copy: bytes, marker: bytes
) -> None:
    status, tool_or_reason = expected(media_type)
    assert ev.sanitise_status == status, (media_type, ev.sanitise_status, ev.sanitise_detail)
    derived = db.execute(
        select(CustodyEvent).where(CustodyEvent.evidence_id == ev.id, CustodyEvent.action == "derived")
    ).scalar_one()
    if status == SanitiseStatus.not_applicable:
        assert tool_or_reason is not None and tool_or_reason in (ev.sanitise_detail or ""), ev.sanitise_detail
        assert ev.derivative_key is None and derived.detail["result"] == "not_applicable"
        return
    assert ev.sanitise_detail == tool_or_reason == derived.detail["tool"], (media_type, ev.sanitise_detail)
    assert hashlib.sha256(copy).hexdigest() == ev.derivative_sha256 == derived.sha256
    if tool_or_reason == "verbatim":  # plain text: the original bytes, and the record says so
        assert copy == original and ev.derivative_sha256 == ev.sha256
        assert derived.detail["removed"].startswith("nothing")
    else:
        assert copy and copy != original and marker not in copy, media_type


@pytest.mark.parametrize("media_type", ACCEPTED)
def test_every_accepted_type_has_its_defined_outcome(media_type, relative_settings, db, sm, case_id):
    if shutil.which("mat2") is None:
        pytest.skip("mat2 not installed")
    ev, original, copy = run_sanitise(db, sm, relative_settings, case_id, media_type)
    check_outcome(db, ev, media_type, original, copy, sample(media_type).marker)
    tmp = Path("var") / "tmp"
    assert not tmp.exists() or not list(tmp.iterdir()), "plaintext work files left behind"


@pytest.mark.parametrize("media_type", AUDIO_VIDEO)
def test_without_ffmpeg_audio_and_video_say_so(media_type, relative_settings, db, sm, case_id, monkeypatch):
    which = shutil.which
    monkeypatch.setattr(
        sanitise.shutil, "which", lambda name, *a, **k: None if name == "ffmpeg" else which(name)
    )
    ev, original, copy = run_sanitise(db, sm, relative_settings, case_id, media_type)
    check_outcome(db, ev, media_type, original, copy, sample(media_type).marker)
    how = media_types.sanitiser_for(media_type)
    assert how is not None
    if how.ffmpeg or how.needs:
        assert "ffmpeg is not installed" in (ev.sanitise_detail or "")


def test_mat2_failure_is_reported_with_what_it_said(relative_settings, db, sm, case_id):
    """A file mat2 cannot clean (and Pillow cannot read) fails with mat2's own words, not silently."""
    ev = stored_item(
        db, relative_settings, case_id, "image/jpeg", b"\xff\xd8\xff\xe0 not really a jpeg", "x.jpg"
    )
    evidence_jobs.sanitise(queue.JobContext(relative_settings, sm), ev.id)
    db.refresh(ev)
    assert ev.sanitise_status == SanitiseStatus.failed and ev.derivative_key is None
    assert "mat2 could not clean this file" in (ev.sanitise_detail or "")
    assert "Pillow could not read this image" in (ev.sanitise_detail or "")
