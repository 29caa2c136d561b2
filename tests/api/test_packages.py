"""Jurisdiction packages over HTTP: eligibility, contents, reproducibility, faults, access."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import zipfile
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.jobs import queue
from app.jurisdictions import JURISDICTIONS
from app.models.audit import AuditEvent
from app.models.cases import CaseRevision
from app.models.evidence import CustodyEvent
from app.models.notify import WebhookDelivery
from app.models.packages import Package
from app.storage import make_blob_store
from app.workflows import packaging
from app.workflows.packaging import build as build_job
from tests.conftest import make_settings
from tests.support.clamav import clamd_socket
from tests.support.flows import (
    EXPECTED,
    NEVER,
    LazyLogins,
    add_evidence,
    approved_case,
    force_status,
    realistic_evidence,
)
from tests.support.moto_server import s3_endpoint
from tests.support.package_format import assert_valid_files, assert_valid_package
from tests.support.review_flow import new_case, realistic_content

__all__ = ["clamd_socket", "s3_endpoint"]  # the fixtures, registered by importing them

# After the evidence (so the PDF renders while the evidence streams); the manifest lists all before it.
FILES = ["evidence-index.csv", "dossier.json", "dossier.pdf", "manifest.json"]


@pytest.fixture(autouse=True)
def every_package_follows_the_published_format(monkeypatch):
    """Every package planned in these tests, built or not, has a manifest.json and dossier.json that
    validate against docs/schemas/ (downloads are checked again, from the stored ZIP)."""
    plan_package = build_job.plan_package

    def checked(*args: Any) -> Any:
        plan = plan_package(*args)
        assert_valid_files(dict(plan.files))
        return plan

    monkeypatch.setattr(build_job, "plan_package", checked)


def request(api: Any, case_id: str, *codes: str, **decisions: Any) -> Any:
    return api.post(f"/api/v1/cases/{case_id}/packages", json={"jurisdictions": list(codes), **decisions})


def build(api: Any, case_id: str, code: str, **decisions: Any) -> dict[str, Any]:
    """Jobs run in-process here: the request's answer already shows the finished build, as GET does."""
    r = request(api, case_id, code, **decisions)
    assert r.status_code == 202, r.text
    (pkg,) = r.json()["packages"]
    assert pkg["state"] in ("built", "failed"), pkg
    got = api.get(f"/api/v1/packages/{pkg['id']}")
    assert got.status_code == 200
    assert got.json() == pkg
    return dict(got.json())


# The realistic fixture's cleared items that cannot go as they are: the coordinator excludes them.
LEFT_OUT = {
    "unsanitised": "No metadata-free copy could be made; sent separately through counsel",
    "pending": "Still being scanned when the package was prepared",
    "unscanned": "Never scanned for malware on this portal",
}
INCLUDED = {code: [k for k in keys if k not in LEFT_OUT] for code, keys in EXPECTED.items()}


def exclusions(ev: dict[str, Any], *keys: str) -> list[dict[str, str]]:
    return [{"evidence_id": ev[k].id, "reason": LEFT_OUT[k]} for k in keys or LEFT_OUT]


def download(api: Any, pkg: dict[str, Any]) -> bytes:
    r = api.get(f"/api/v1/packages/{pkg['id']}/download")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert_valid_package(r.content)
    return bytes(r.content)


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def as_(login: Any) -> LazyLogins:
    return LazyLogins(login)


@pytest.fixture
def settings(request: pytest.FixtureRequest, pg_url: str, tmp_path: Any) -> Any:
    """`@pytest.mark.parametrize("settings", ["clamd"], indirect=True)`: a real ClamAV scans uploads;
    "unscanned": the coalition allows unscanned evidence in packages."""
    kind = getattr(request, "param", "")
    overrides: dict[str, Any] = {}
    if "clamd" in kind:
        overrides["clamd_socket"] = request.getfixturevalue("clamd_socket")
    if "unscanned" in kind:
        overrides["package_unscanned_evidence"] = True
    return make_settings(pg_url, tmp_path / "var", **overrides)


@pytest.fixture
def case_with_evidence(as_, db, settings):
    case = approved_case(as_, db)
    return case, realistic_evidence(db, settings, case["id"])


@pytest.mark.parametrize("code", list(JURISDICTIONS))
def test_package_per_jurisdiction(as_, db, settings, case_with_evidence, code):
    coordinator = as_["coordinator_a"]
    case, ev = case_with_evidence
    pkg = build(coordinator, case["id"], code, exclude=exclusions(ev))
    assert pkg["state"] == "built" and pkg["progress"] == 100, pkg
    assert pkg["evidence_count"] == len(INCLUDED[code]) and pkg["submission_status"] == "prepared"
    data = download(coordinator, pkg)
    assert sha(data) == pkg["sha256"] and len(data) == pkg["size"]

    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.testzip() is None
    names = z.namelist()
    assert names[-4:] == FILES
    manifest = json.loads(z.read("manifest.json"))
    rev = db.execute(
        select(CaseRevision).where(CaseRevision.case_id == case["id"], CaseRevision.number == 1)
    ).scalar_one()
    assert manifest["case_id"] == case["id"] and manifest["jurisdiction"] == code
    assert manifest["revision"] == 1 and manifest["revision_hash"] == rev.content_hash
    assert manifest["regimes"] == pkg["regimes"] and manifest["portal_version"]
    # Every file but the manifest is listed with its size and SHA-256, and nothing else is in the ZIP.
    assert [f["path"] for f in manifest["files"]] == names[:-1]
    for f in manifest["files"]:
        body = z.read(f["path"])
        assert sha(body) == f["sha256"] and len(body) == f["size"], f["path"]

    # Exactly the items cleared for this jurisdiction and not excluded, as their sanitised copies.
    store = make_blob_store(settings)
    expected = [ev[k] for k in INCLUDED[code]]
    expected.sort(key=lambda e: e.number)
    evidence_names = [n for n in names if n.startswith("evidence/")]
    assert len(evidence_names) == len(expected)
    for name, item in zip(evidence_names, expected, strict=True):
        assert name.startswith(f"evidence/E-{item.number:03d}.")
        body = z.read(name)
        assert body == b"".join(store.open_stream(item.derivative_key))
        assert sha(body) == item.derivative_sha256 != item.sha256
    # The manifest says how each was shared, and lists every cleared item left out with its reason:
    # the coordinator's exclusions, and the quarantined one (excluded by the portal). Nothing is silent.
    assert [(e["number"], e["shared"], e["scan"], e["timestamp"]) for e in manifest["evidence"]] == [
        (f"E-{e.number}", "sanitised", "clean", None) for e in expected
    ]
    assert manifest["timestamp_verification"] is None  # no TSA configured: no item has a token
    left_out = {x["number"]: (x["by"], x["reason"]) for x in manifest["excluded"]}
    assert left_out == {
        **{f"E-{ev[k].number}": ("coordinator", reason) for k, reason in LEFT_OUT.items()},
        f"E-{ev['infected'].number}": ("portal", packaging.selection.QUARANTINED),
    }
    assert pkg["excluded"] == [
        {"evidence_id": x["evidence_id"], "number": x["number"], "reason": x["reason"], "by": x["by"]}
        for x in pkg["excluded"]
    ] and {x["number"] for x in pkg["excluded"]} == set(left_out)
    rows = list(csv.DictReader(io.StringIO(z.read("evidence-index.csv").decode())))
    assert [r["number"] for r in rows] == [f"E-{e.number}" for e in expected]
    assert {"number", "title", "date", "kind", "sha256_original", "sha256_shared"} <= set(rows[0])
    assert rows[0]["sha256_original"] == expected[0].sha256
    assert rows[0]["sha256_shared"] == expected[0].derivative_sha256

    # The PDF: addressee, regime, the perpetrator in both scripts; no confidential source or contact.
    j = JURISDICTIONS[code]
    pdf = z.read("dossier.pdf")
    text = pdf_text(pdf)
    assert " ".join(j.addressee.split()) in text
    assert any(r.name in text for r in j.regimes if r.code in pkg["regimes"])
    assert "Громов Виктор Александрович" in text and "Gromov Viktor Aleksandrovich" in text
    assert "Ties and assets in" in text and "Exculpatory information" in text
    assert "Investigative article in an independent regional outlet" in text  # public source
    secret_words = ["Former detainee W-1", "interviewed in exile", "cases@example.org", "7946 0000"]
    secret_words += [ev[k].title for k in NEVER]  # excluded items are listed by label, never by title
    assert f"E-{ev['unsanitised'].number}" in text and LEFT_OUT["unsanitised"] in text  # the PDF's index
    assert "Evidence not enclosed" in text and "virus scanner found malware" in text
    if code == "eu":
        secret_words.append(ev["bank"].title)  # not cleared for the EU
    whole = data.decode("latin-1") + text + z.read("dossier.json").decode()
    for word in secret_words:
        assert word not in text and word not in whole, word
    # pypdf reads the same document (metadata fixed to the revision time).
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    assert reader.metadata is not None and reader.metadata.creation_date is not None

    # dossier.json: the same content, structured; perpetrators as FollowTheMoney entities.
    dossier = json.loads(z.read("dossier.json"))
    assert dossier["jurisdiction"]["addressee"] == j.addressee
    people = {p["properties"]["name"][0]: p for p in dossier["perpetrators"]}
    gromov = people["Громов Виктор Александрович"]
    assert gromov["schema"] == "Person" and "Gromov Viktor Aleksandrovich" in gromov["properties"]["alias"]
    assert "contact" not in dossier and all(not s["confidential"] for s in dossier["sources"])
    assert [e["number"] for e in dossier["evidence"]] == [r["number"] for r in rows]
    assert {x["number"]: x["reason"] for x in dossier["excluded_evidence"]} == {
        n: reason for n, (_, reason) in left_out.items()
    }
    criteria = {c["abuse_id"]: c for r in dossier["regimes"] for c in r["criteria"]}
    assert f"E-{ev['medical'].number}" in [e["number"] for e in criteria["a-torture"]["evidence"]]

    # Custody: one `shared` event per packaged item, each matching an audit event.
    custody = db.execute(
        select(CustodyEvent).where(
            CustodyEvent.evidence_id.in_([e.id for e in ev.values()]), CustodyEvent.action == "shared"
        )
    ).scalars()
    shared = {c.evidence_id: c for c in custody}
    assert set(shared) == {e.id for e in expected}
    assert all(c.detail["package_id"] == pkg["id"] and c.audit_seq for c in shared.values())
    assert all(c.detail["variant"] == "sanitised" for c in shared.values())
    excluded_custody = db.execute(
        select(CustodyEvent).where(
            CustodyEvent.evidence_id.in_([e.id for e in ev.values()]), CustodyEvent.action == "excluded"
        )
    ).scalars()
    reasons = {c.evidence_id: (c.detail["reason"], c.detail["by"]) for c in excluded_custody}
    assert reasons == {
        **{ev[k].id: (reason, "coordinator") for k, reason in LEFT_OUT.items()},
        ev["infected"].id: (packaging.selection.QUARANTINED, "portal"),
    }
    assert coordinator.get(f"/api/v1/cases/{case['id']}").json()["status"] == "packaged"


def test_one_call_several_governments_and_eu_corruption_refusal(as_, db):
    coordinator = as_["coordinator_a"]
    case = approved_case(as_, db, content=_corruption_only(), targets=("us", "uk", "eu"))
    r = request(coordinator, case["id"], "us", "eu", "uk", "ca")
    assert r.status_code == 202, r.text
    body = r.json()
    assert [p["jurisdiction"] for p in body["packages"]] == ["us"]
    refused = {x["jurisdiction"]: x for x in body["refused"]}
    assert {j: x["kind"] for j, x in refused.items()} == {
        "eu": "ineligible",
        "uk": "missing_content",
        "ca": "not_targeted",
    }
    assert "corruption-only case is not eligible for the EU" in " ".join(refused["eu"]["reasons"])
    assert "jurisdictions.uk.ties_and_assets" in refused["uk"]["missing"]
    assert "not a target jurisdiction" in refused["ca"]["reasons"][0]
    assert coordinator.get(f"/api/v1/packages/{body['packages'][0]['id']}").json()["state"] == "built"

    only_eu = request(coordinator, case["id"], "eu")
    assert only_eu.status_code == 422
    assert "no anti-corruption sanctions regime" in only_eu.json()["detail"]
    assert only_eu.json()["refused"][0]["jurisdiction"] == "eu"
    assert request(coordinator, case["id"], "fr").status_code == 422


def _corruption_only() -> dict[str, Any]:
    from tests.api.test_cases import corruption_only

    return corruption_only()


def test_missing_required_content_is_refused_by_path(as_, db):
    content = realistic_content()
    del content["jurisdictions"]["ca"]["impact_argument"]
    content["contact"].pop("email")
    case = approved_case(as_, db, content=content)
    r = request(as_["coordinator_a"], case["id"], "ca")
    assert r.status_code == 422
    missing = r.json()["refused"][0]["missing"]
    assert missing == ["jurisdictions.ca.impact_argument", "contact.email"]
    assert "jurisdictions.ca.impact_argument" in r.json()["detail"]


def test_rebuild_from_same_revision_is_byte_identical(as_, db, settings, case_with_evidence):
    coordinator = as_["coordinator_b"]
    case, ev = case_with_evidence
    first = build(coordinator, case["id"], "uk", exclude=exclusions(ev))
    second = build(coordinator, case["id"], "uk", exclude=exclusions(ev))
    assert first["id"] != second["id"] and first["state"] == second["state"] == "built"
    a, b = download(coordinator, first), download(coordinator, second)
    assert a == b and first["sha256"] == second["sha256"]
    # Fixed timestamps: every entry carries the revision's time, not the build's.
    rev_at = db.execute(
        select(CaseRevision.created_at).where(CaseRevision.case_id == case["id"])
    ).scalar_one()
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(a)).infolist()}
    assert stamps == {(*packaging.zip_date_time(rev_at)[:5], rev_at.second // 2 * 2)}


def test_draft_and_unreviewed_cases_cannot_be_packaged(as_, db):
    coordinator = as_["coordinator_a"]
    case = new_case(as_["researcher_a"])
    assert request(coordinator, case["id"], "us").status_code == 404  # never submitted: invisible
    for status in ("draft", "submitted", "in_review", "changes_requested", "rejected"):
        force_status(db, case["id"], status)
        r = request(coordinator, case["id"], "us")
        assert r.status_code == 409, (status, r.text)
        assert r.json()["case_status"] == status
    assert db.execute(select(Package).where(Package.case_id == case["id"])).first() is None


def test_missing_evidence_fails_the_build_naming_the_item(as_, db, settings):
    coordinator = as_["coordinator_a"]
    case = approved_case(as_, db)
    add_evidence(db, settings, case["id"], "Forensic medical report", incident_ids=["i-t1"])
    lost = add_evidence(db, settings, case["id"], "Satellite image of the facility")
    store = make_blob_store(settings)
    assert lost.derivative_key is not None
    store.delete(lost.derivative_key)
    pkg = build(coordinator, case["id"], "us")
    _assert_failed_cleanly(db, settings, coordinator, case, pkg, lost, "missing from storage")


def test_corrupt_evidence_fails_the_build_naming_the_item(as_, db, settings):
    coordinator = as_["coordinator_a"]
    case = approved_case(as_, db)
    add_evidence(db, settings, case["id"], "Forensic medical report", incident_ids=["i-t1"])
    bad = add_evidence(db, settings, case["id"], "Payment ledger", shared=b"A" * 300_000)
    store = make_blob_store(settings)
    assert bad.derivative_key is not None
    store.delete(bad.derivative_key)  # same size, other bytes: only the hash can tell
    store.put_stream(bad.derivative_key, [b"A" * 299_999 + b"B"])
    pkg = build(coordinator, case["id"], "us")
    _assert_failed_cleanly(db, settings, coordinator, case, pkg, bad, "failed its integrity check")


def _assert_failed_cleanly(db, settings, api, case, pkg, item, problem):
    assert pkg["state"] == "failed" and pkg["error_evidence_id"] == item.id, pkg
    assert f"E-{item.number}" in pkg["error"] and item.title in pkg["error"] and problem in pkg["error"]
    assert pkg["sha256"] is None and pkg["download_url"] is None and pkg["submission_id"] is None
    assert api.get(f"/api/v1/packages/{pkg['id']}/download").status_code == 409
    blobs = settings.effective_storage_dir / "objects" / "packages"
    assert not [f for f in blobs.rglob("*") if f.is_file()] if blobs.exists() else True  # no ZIP left
    assert not make_blob_store(settings).exists(packaging.package_key(db.get(Package, pkg["id"])))
    events = db.execute(
        select(AuditEvent).where(AuditEvent.target_id == pkg["id"]).order_by(AuditEvent.seq)
    ).scalars()
    actions = {e.action: e for e in events}
    assert set(actions) == {"package.requested", "package.build_failed"}
    assert actions["package.build_failed"].data["evidence_id"] == item.id
    custody = db.execute(select(CustodyEvent).where(CustodyEvent.action == "shared")).scalars().all()
    assert not [c for c in custody if c.detail.get("package_id") == pkg["id"]]
    assert api.get(f"/api/v1/cases/{case['id']}").json()["status"] == "approved"
    summary = api.get(f"/api/v1/cases/{case['id']}/submissions-summary").json()
    assert {j["jurisdiction"]: j["status"] for j in summary["jurisdictions"]}["us"] == "failed"


def test_builds_run_as_jobs_with_visible_progress(as_, db, settings, sm, monkeypatch, job_runner):
    """With a real queue the request only creates the row; progress is committed as the job streams."""
    coordinator = as_["coordinator_a"]
    case = approved_case(as_, db)
    for n in range(3):
        body = bytes([n]) * 400_000
        add_evidence(db, settings, case["id"], f"Scan {n}", original=body, shared=body[:-1] + b"!")
    deferred: list[tuple[str, dict[str, Any]]] = []

    class Queue:
        def submit(self, name: str, payload: dict[str, Any]) -> None:
            deferred.append((name, payload))

    job_runner(Queue())
    r = request(coordinator, case["id"], "ca")
    (pkg,) = r.json()["packages"]
    got = coordinator.get(f"/api/v1/packages/{pkg['id']}").json()
    assert (got["state"], got["progress"]) == ("building", 0)
    assert request(coordinator, case["id"], "ca").status_code == 409  # one build at a time

    seen: list[tuple[str, int]] = []
    original = build_job._Progress.__call__

    def spy(self, n):
        original(self, n)
        with sm() as s:  # another session sees the committed progress while the job runs
            row = s.get(Package, pkg["id"])
            seen.append((row.state.value, row.progress))

    monkeypatch.setattr(build_job, "PROGRESS_EVERY_SECONDS", 0.0)
    monkeypatch.setattr(build_job._Progress, "__call__", spy)
    build_jobs = [(n, p) for n, p in deferred if n == "package.build"]
    assert len(build_jobs) == 1
    queue.run_task(queue.JobContext(settings, sm), *build_jobs[0])
    progress = [p for s, p in seen if s == "building"]
    assert progress and progress == sorted(progress) and 0 < progress[-1] < 100 and len(set(progress)) > 2
    got = coordinator.get(f"/api/v1/packages/{pkg['id']}").json()
    assert (got["state"], got["progress"], got["evidence_count"]) == ("built", 100, 3)


def test_who_may_build_list_and_download(as_, db, settings, case_with_evidence):
    case, ev = case_with_evidence
    coordinator, author, other = as_["coordinator_a"], as_["researcher_a"], as_["researcher_b"]
    assert request(author, case["id"], "us").status_code == 403
    assert request(as_["coalition_admin"], case["id"], "us").status_code == 403
    pkg = build(coordinator, case["id"], "us", exclude=exclusions(ev))
    # The authoring NGO lists and downloads its packages, read-only; another NGO cannot tell they exist.
    listed = author.get(f"/api/v1/cases/{case['id']}/packages")
    assert listed.status_code == 200 and [p["id"] for p in listed.json()] == [pkg["id"]]
    assert download(author, pkg) == download(coordinator, pkg)
    for url in (
        f"/api/v1/packages/{pkg['id']}",
        f"/api/v1/packages/{pkg['id']}/download",
        f"/api/v1/packages/{pkg['id']}/submission",
        f"/api/v1/cases/{case['id']}/packages",
        f"/api/v1/cases/{case['id']}/submissions-summary",
    ):
        assert other.get(url).status_code == 404, url
    assert author.post(f"/api/v1/packages/{pkg['id']}/send", json=_sent()).status_code == 403
    downloads = (
        db.execute(
            select(AuditEvent).where(
                AuditEvent.action == "package.downloaded", AuditEvent.target_id == pkg["id"]
            )
        )
        .scalars()
        .all()
    )
    assert len(downloads) == 2 and all(d.data["sha256"] == pkg["sha256"] for d in downloads)
    author_id = author.get("/api/v1/me").json()["id"]
    assert author_id in {d.actor_user_id for d in downloads}


def test_anonymous_gets_401(anon, as_, db):
    case = approved_case(as_, db)
    assert anon.get(f"/api/v1/cases/{case['id']}/packages").status_code == 401
    assert (
        anon.post(f"/api/v1/cases/{case['id']}/packages", json={"jurisdictions": ["us"]}).status_code == 401
    )


def test_package_built_webhook_and_notification(as_, db, settings, sm, job_runner):
    """package.built is queued for the NGO's webhook (without its content) and notifies the authors."""
    hook = as_["org_admin_a"].post(
        "/api/v1/webhooks",
        json={
            "url": "https://hooks.example/portal",
            "events": ["package.built", "submission.status_changed"],
        },
    )
    assert hook.status_code == 201, hook.text
    ctx = queue.JobContext(settings, sm)

    class OnlyBuilds:  # run builds; keep deliveries queued (no network in tests)
        def submit(self, name: str, payload: dict[str, Any]) -> None:
            if name == "package.build":
                queue.run_task(ctx, name, payload)

    job_runner(OnlyBuilds())
    case = approved_case(as_, db)
    pkg = build(as_["coordinator_a"], case["id"], "us")
    deliveries = (
        db.execute(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == hook.json()["id"]))
        .scalars()
        .all()
    )
    assert [d.event for d in deliveries] == ["package.built"]
    payload = deliveries[0].payload["data"]
    assert payload["package_id"] == pkg["id"] and payload["jurisdiction"] == "us"
    assert "Громов" not in json.dumps(payload, ensure_ascii=False)
    notes = as_["researcher_a"].get("/api/v1/notifications").json()
    items = notes["items"] if isinstance(notes, dict) else notes
    assert any("Package built" in n["title"] for n in items)


def _sent(**kw: Any) -> dict[str, Any]:
    return {"sent_on": "2026-01-15", "channel": "email", "reference": "REF-1", **kw}


def test_zip_dates_do_not_depend_on_build_time():
    from datetime import UTC, datetime

    z = packaging.ReproducibleZip((2021, 3, 14, 10, 20, 31))
    z.add(b"hello", "a.txt")
    z.add(iter([b"wor", b"ld"]), "b.txt", size=5)
    data = b"".join(z)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert [i.date_time for i in infos] == [(2021, 3, 14, 10, 20, 30)] * 2
    assert re.search(rb"PK\x03\x04", data)
    assert packaging.zip_date_time(datetime(1975, 1, 1, tzinfo=UTC))[0] == 1980


def test_migration_0005_adds_and_removes_its_tables(tmp_path):
    from sqlalchemy import create_engine, inspect

    from app import migrate

    url = f"sqlite:///{tmp_path / 'm.db'}"
    ours = {"packages", "submissions", "submission_events"}

    def tables() -> set[str]:
        engine = create_engine(url)
        try:
            return set(inspect(engine).get_table_names())
        finally:
            engine.dispose()

    migrate.upgrade(url, "0006")
    assert not ours & tables()
    migrate.upgrade(url, "0005")
    assert ours <= tables()
    migrate.downgrade(url, "0006")
    assert not ours & tables() and "case_files" in tables()


def test_packages_go_with_their_case(as_, db):
    from sqlalchemy import delete

    from app.models.cases import CaseFile
    from app.models.packages import Submission, SubmissionEvent

    case = approved_case(as_, db)
    pkg = build(as_["coordinator_a"], case["id"], "eu")
    assert pkg["state"] == "built" and pkg["submission_id"]
    db.execute(delete(CaseFile).where(CaseFile.id == case["id"]))
    db.commit()
    assert db.get(Package, pkg["id"]) is None and db.get(Submission, pkg["submission_id"]) is None
    events = select(SubmissionEvent).where(SubmissionEvent.submission_id == pkg["submission_id"])
    assert db.execute(events).first() is None


def test_package_through_s3_storage(pg_url, sm, db, tmp_path, s3_endpoint):
    """The production store: evidence streamed from S3 and the ZIP streamed back (multipart)."""
    import uuid

    from fastapi.testclient import TestClient

    from app.main import create_app
    from tests.conftest import DEMO, PASSWORD, Api, make_settings

    s3 = make_settings(
        pg_url,
        tmp_path / "var",
        storage_backend="s3",
        s3_endpoint_url=s3_endpoint,
        s3_bucket=f"packages-{uuid.uuid4().hex[:12]}",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
    )
    make_blob_store(s3).ensure_bucket()  # type: ignore[attr-defined]
    app = create_app(s3, sessionmaker_override=sm)

    def login(who: str) -> Api:
        client = TestClient(app)
        r = client.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
        return Api(client, csrf=r.json()["csrf_token"])

    case = new_case(login("researcher_a"))
    force_status(db, case["id"], "approved")
    big = add_evidence(
        db, s3, case["id"], "Drone footage", original=b"v" * 6_000_000, shared=b"w" * 6_000_000
    )
    coordinator = login("coordinator_a")
    pkg = build(coordinator, case["id"], "uk")
    assert pkg["state"] == "built", pkg
    z = zipfile.ZipFile(io.BytesIO(download(coordinator, pkg)))
    assert z.read(f"evidence/E-{big.number:03d}.pdf") == b"w" * 6_000_000
    manifest = json.loads(z.read("manifest.json"))
    assert all(sha(z.read(f["path"])) == f["sha256"] for f in manifest["files"])
    again = build(coordinator, case["id"], "uk")
    assert again["sha256"] == pkg["sha256"]


@pytest.mark.parametrize("settings", ["clamd"], indirect=True)
def test_evidence_uploaded_through_the_api_is_packaged_stripped(as_, db):
    """The whole way: the NGO uploads (multipart), the portal scans and strips it, the package shares the
    stripped copy only, and the item's custody shows it was shared."""
    from PIL import ExifTags, Image

    researcher = as_["researcher_a"]
    case = new_case(researcher)

    def upload(data: bytes, filename: str, **fields: str) -> dict[str, Any]:
        r = researcher.post(
            f"/api/v1/cases/{case['id']}/evidence",
            data=fields,
            files={"file": (filename, data, "application/octet-stream")},
        )
        assert r.status_code == 201, r.text
        return dict(r.json())

    img = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Ivan Source"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (55.0, 45.0, 30.0), 3: "E", 4: (37.0, 36.0, 0.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    photo = upload(
        buf.getvalue(),
        "IMG_0001.jpg",
        title="Facility entrance",
        sensitivity="public",
        share_with="us,uk",
        incident_ids="i-t1",
    )
    secret = upload(
        b"Name of the guard who talked to us\n", "notes.txt", title="Guard's name", share_with="us"
    )
    photo = researcher.get(f"/api/v1/evidence/{photo['id']}").json()
    assert photo["sanitise_status"] == "done" and photo["derivative_sha256"], photo
    force_status(db, case["id"], "approved")

    coordinator = as_["coordinator_a"]
    pkg = build(coordinator, case["id"], "us")
    assert pkg["state"] == "built", pkg
    z = zipfile.ZipFile(io.BytesIO(download(coordinator, pkg)))
    shared = [n for n in z.namelist() if n.startswith("evidence/")]
    assert shared == [f"evidence/E-{photo['number']:03d}.jpg"]
    body = z.read(shared[0])
    assert sha(body) == photo["derivative_sha256"] != photo["sha256"]
    with Image.open(io.BytesIO(body)) as copy:
        assert not dict(copy.getexif().get_ifd(ExifTags.IFD.GPSInfo)) and b"Ivan Source" not in body
    assert secret["title"] not in pdf_text(z.read("dossier.pdf"))
    custody = researcher.get(f"/api/v1/evidence/{photo['id']}/custody").json()
    assert any(c["action"] == "shared" and c["detail"]["package_id"] == pkg["id"] for c in custody), custody
