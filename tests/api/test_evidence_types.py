"""Every accepted type the whole way, over HTTP, with a real ClamAV and mat2: ingest → scan → sanitise →
package, each with the outcome the media-type registry defines; no silent drops (a cleared item without
a shareable copy fails the build naming it, until excluded or, for a type that cannot be sanitised,
shared as its original, with a reason); EICAR never reaches a package; unscanned items only where the
coalition allows them, marked "not scanned"."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from sqlalchemy import select, update

from app.models.evidence import CustodyEvent
from app.models.packages import Package, PackageState
from app.workflows import media_types, packaging
from app.workflows.evidence_media import sniff
from tests.api.test_packages import pdf_text
from tests.conftest import make_settings
from tests.support.clamav import EICAR, clamd_socket
from tests.support.flows import LazyLogins, force_status
from tests.support.media_samples import sample
from tests.support.review_flow import new_case

__all__ = ["clamd_socket"]

ACCEPTED = sorted(t.name for t in media_types.TYPES if t.accepted)


@pytest.fixture
def as_(login: Any) -> LazyLogins:
    return LazyLogins(login)


@pytest.fixture
def settings(request: pytest.FixtureRequest, pg_url: str, tmp_path: Any) -> Any:
    """A real clamd by default; `indirect` "unscanned": no scanner, and the coalition allows unscanned
    evidence in packages; "noscanner": no scanner, and it does not."""
    kind = getattr(request, "param", "clamd")
    if kind == "unscanned":
        return make_settings(pg_url, tmp_path / "var", package_unscanned_evidence=True)
    if kind == "noscanner":
        return make_settings(pg_url, tmp_path / "var")
    return make_settings(pg_url, tmp_path / "var", clamd_socket=request.getfixturevalue("clamd_socket"))


def upload(api: Any, case_id: str, data: bytes, filename: str, title: str, **fields: str) -> dict[str, Any]:
    r = api.post(
        f"/api/v1/cases/{case_id}/evidence",
        data={"title": title, "sensitivity": "public", "share_with": "us,uk", **fields},
        files={"file": (filename, data, "application/octet-stream")},
    )
    assert r.status_code == 201, r.text
    got = api.get(f"/api/v1/evidence/{r.json()['id']}").json()
    return dict(got)


def request(api: Any, case_id: str, code: str = "us", **decisions: Any) -> dict[str, Any]:
    r = api.post(f"/api/v1/cases/{case_id}/packages", json={"jurisdictions": [code], **decisions})
    assert r.status_code == 202, r.text
    (pkg,) = r.json()["packages"]
    return dict(pkg)


def test_every_type_ingested_scanned_sanitised_and_packaged(as_, db, settings):
    researcher, coordinator = as_["researcher_a"], as_["coordinator_a"]
    case = new_case(researcher)
    items: dict[str, tuple[dict[str, Any], Any]] = {}
    for media_type in ACCEPTED:
        made = sample(media_type)
        # Aliases (audio/wav, video/avi…) are what other tools call a type; the content names it here.
        sniffed = sniff(made.data, made.filename)
        assert media_types.is_accepted(sniffed), (media_type, sniffed)
        if sniffed in items:
            continue
        ev = upload(researcher, case["id"], made.data, made.filename, f"Sample of {media_type}")
        assert ev["media_type"] == sniffed
        items[sniffed] = (ev, made)
    eicar = upload(researcher, case["id"], EICAR, "notes.txt", "Field notes (infected)")
    assert eicar["scan_status"] == "infected" and eicar["quarantined"]

    share_original = []
    for media_type, (ev, _) in items.items():
        assert (
            ev["scan_status"] == "clean" and ev["scan_engine"] and ev["scan_note"].startswith("scanned clean")
        )
        how = media_types.sanitiser_for(media_type)
        if ev["sanitise_status"] == "not_applicable":  # no stripper, or the program it needs is missing
            assert ev["sanitise_note"].startswith("cannot be sanitised: "), ev
            assert how is None or "is not installed" in ev["sanitise_note"], ev
            share_original.append({"evidence_id": ev["id"], "reason": f"{media_type}: sent as received"})
        else:
            assert ev["sanitise_status"] == "done" and how is not None, ev
            assert ev["timestamp"]["state"] == "none" and ev["timestamp"]["note"].startswith("no timestamp")
    force_status(db, case["id"], "approved")

    # Without a decision on the items that cannot be sanitised, the build fails naming each of them.
    failed = request(coordinator, case["id"])
    assert failed["state"] == "failed" and share_original, failed
    for decision in share_original:
        ev = next(e for e, _ in items.values() if e["id"] == decision["evidence_id"])
        assert (
            f"{ev['label']} ('{ev['title']}'" in failed["error"] and "cannot be sanitised" in failed["error"]
        )
    assert failed["error_evidence_id"] == share_original[0]["evidence_id"]

    pkg = request(coordinator, case["id"], share_original=share_original)
    assert pkg["state"] == "built", pkg
    data = coordinator.get(f"/api/v1/packages/{pkg['id']}/download").content
    assert EICAR not in data  # never packaged
    z = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(z.read("manifest.json"))
    listed = {e["number"]: e for e in manifest["evidence"]}
    assert manifest["excluded"] == [
        {"number": eicar["label"], "reason": packaging.selection.QUARANTINED, "by": "portal"}
    ]
    originals = {d["evidence_id"]: d["reason"] for d in share_original}
    for media_type, (ev, made) in items.items():
        entry = listed[ev["label"]]
        body = z.read(entry["path"])
        assert entry["scan"] == "clean" and entry["sha256_original"] == ev["sha256"]
        if ev["id"] in originals:
            assert entry["shared"] == "original" and entry["shared_reason"] == originals[ev["id"]]
            assert body == made.data
        elif ev["sanitise_note"].startswith("the shared copy is the original bytes"):
            assert entry["shared"] == "sanitised" and body == made.data  # plain text, recorded as such
        else:
            assert entry["shared"] == "sanitised" and body != made.data, media_type
            assert made.marker not in body, media_type
        assert entry["sha256_shared"] == ev["derivative_sha256"] or ev["id"] in originals
    assert len(listed) == len(items)
    shared = db.execute(
        select(CustodyEvent).where(
            CustodyEvent.action == "shared", CustodyEvent.evidence_id.in_(list(originals))
        )
    ).scalars()
    assert {c.evidence_id: (c.detail["variant"], c.detail["reason"]) for c in shared} == {
        k: ("original", v) for k, v in originals.items()
    }


def test_a_failing_item_fails_the_build_until_excluded(as_, db, settings):
    researcher, coordinator = as_["researcher_a"], as_["coordinator_a"]
    case = new_case(researcher)
    good = upload(researcher, case["id"], sample("image/png").data, "gate.png", "Gate of the facility")
    broken = upload(
        researcher, case["id"], b"\xff\xd8\xff\xe0 truncated camera file", "IMG_9.jpg", "Broken photo"
    )
    assert good["sanitise_status"] == "done" and broken["sanitise_status"] == "failed", broken
    assert broken["sanitise_note"].startswith("sanitising failed: mat2 could not clean this file")
    force_status(db, case["id"], "approved")

    failed = request(coordinator, case["id"])
    assert failed["state"] == "failed" and failed["error_evidence_id"] == broken["id"]
    assert "E-2 ('Broken photo'" in failed["error"] and "sanitising failed" in failed["error"]
    assert coordinator.get(f"/api/v1/packages/{failed['id']}/download").status_code == 409

    # Its type can be sanitised: sharing its original instead is refused, naming the entry.
    r = coordinator.post(
        f"/api/v1/cases/{case['id']}/packages",
        json={
            "jurisdictions": ["us"],
            "share_original": [{"evidence_id": broken["id"], "reason": "needed as is"}],
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == [
        "body",
        "share_original",
        0,
        "evidence_id",
    ]
    r = coordinator.post(
        f"/api/v1/cases/{case['id']}/packages",
        json={"jurisdictions": ["us"], "exclude": [{"evidence_id": "nope", "reason": "a typo"}]},
    )
    assert r.status_code == 422 and "no evidence item of this case" in r.json()["errors"][0]["msg"]

    reason = "Camera file truncated in transit; the NGO sends a new copy"
    pkg = request(coordinator, case["id"], exclude=[{"evidence_id": broken["id"], "reason": reason}])
    assert pkg["state"] == "built" and pkg["evidence_count"] == 1, pkg
    assert pkg["excluded"] == [
        {"evidence_id": broken["id"], "number": "E-2", "reason": reason, "by": "coordinator"}
    ]
    assert pkg["evidence_choices"][0]["action"] == "exclude"
    z = zipfile.ZipFile(io.BytesIO(coordinator.get(f"/api/v1/packages/{pkg['id']}/download").content))
    manifest = json.loads(z.read("manifest.json"))
    assert manifest["excluded"] == [{"number": "E-2", "reason": reason, "by": "coordinator"}]
    assert [e["number"] for e in manifest["evidence"]] == ["E-1"]
    dossier = json.loads(z.read("dossier.json"))
    assert dossier["excluded_evidence"] == [{"number": "E-2", "reason": reason, "by": "coordinator"}]
    text = pdf_text(z.read("dossier.pdf"))
    assert "Evidence not enclosed" in text and reason in text and "Broken photo" not in text
    custody = researcher.get(f"/api/v1/evidence/{broken['id']}/custody").json()
    excluded = [c for c in custody if c["action"] == "excluded"]
    assert excluded and excluded[0]["detail"] == {
        "package_id": pkg["id"],
        "jurisdiction": "us",
        "reason": reason,
        "by": "coordinator",
    }


@pytest.mark.parametrize("settings", ["noscanner"], indirect=True)
def test_unscanned_evidence_is_refused_unless_the_coalition_allows_it(as_, db, settings):
    researcher, coordinator = as_["researcher_a"], as_["coordinator_a"]
    case = new_case(researcher)
    ev = upload(researcher, case["id"], EICAR, "notes.txt", "Field notes")
    assert ev["scan_status"] == "not_scanned" and "no virus scanner" in ev["scan_note"], ev
    force_status(db, case["id"], "approved")
    failed = request(coordinator, case["id"])
    assert failed["state"] == "failed" and "was not scanned for malware" in failed["error"], failed


@pytest.mark.parametrize("settings", ["unscanned"], indirect=True)
def test_allowed_unscanned_evidence_is_marked_not_scanned(as_, db, settings):
    researcher, coordinator = as_["researcher_a"], as_["coordinator_a"]
    case = new_case(researcher)
    ev = upload(researcher, case["id"], sample("image/png").data, "gate.png", "Gate of the facility")
    assert ev["scan_status"] == "not_scanned"
    force_status(db, case["id"], "approved")
    pkg = request(coordinator, case["id"])
    assert pkg["state"] == "built", pkg
    z = zipfile.ZipFile(io.BytesIO(coordinator.get(f"/api/v1/packages/{pkg['id']}/download").content))
    assert json.loads(z.read("manifest.json"))["evidence"][0]["scan"] == "not scanned"
    assert json.loads(z.read("dossier.json"))["evidence"][0]["scan"] == "not scanned"
    assert "not scanned for malware" in pdf_text(z.read("dossier.pdf"))


def test_a_build_whose_worker_died_is_failed_and_can_be_rebuilt(as_, db, sm, settings):
    """Issue 13: a `building` row whose heartbeat stopped (its worker was killed) is failed with the
    reason by the periodic job, or at once when someone asks again; the rebuild is accepted."""
    from datetime import timedelta

    from app.db import utcnow
    from app.jobs import packages as package_jobs
    from app.jobs import queue

    researcher, coordinator = as_["researcher_a"], as_["coordinator_a"]
    case = new_case(researcher)
    force_status(db, case["id"], "approved")
    pkg = request(coordinator, case["id"])
    assert pkg["state"] == "built"  # inline jobs: the answer is the true state, not "building 0%"
    dead = Package(
        case_id=case["id"],
        revision_number=1,
        revision_hash=pkg["revision_hash"],
        jurisdiction="uk",
        regimes=["uk_ghr"],
        state=PackageState.building,
        progress=37,
        heartbeat_at=utcnow() - timedelta(minutes=3),
    )
    young = Package(
        case_id=case["id"],
        revision_number=1,
        revision_hash=pkg["revision_hash"],
        jurisdiction="ca",
        regimes=["ca_sema"],
        state=PackageState.building,
        progress=10,
        heartbeat_at=utcnow() - timedelta(seconds=30),
    )
    db.add_all([dead, young])
    db.commit()
    package_jobs.stale_builds(queue.JobContext(settings, sm))
    db.refresh(dead)
    db.refresh(young)
    assert dead.state == PackageState.failed and "worker stopped" in (dead.error or "")
    assert "2 minute(s)" in (dead.error or "") and young.state == PackageState.building
    got = coordinator.get(f"/api/v1/packages/{dead.id}").json()
    assert got["state"] == "failed" and got["error"] == dead.error

    # A request reaps the case's stale builds itself: the stuck ca build no longer blocks a rebuild.
    db.execute(
        update(Package).where(Package.id == young.id).values(heartbeat_at=utcnow() - timedelta(minutes=5))
    )
    db.commit()
    again = request(coordinator, case["id"], "ca")
    assert again["state"] == "built", again
    db.refresh(young)
    assert young.state == PackageState.failed
