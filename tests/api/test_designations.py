"""Official lists and designation detection over HTTP, on PostgreSQL: imports of every format, broken
files, version diffs, matching across scripts, the match queue, confirm / reject and remembered
rejections, a confirmed match moving the submission (with its webhook), delistings, the periodic fetch,
the multilateral gap on the real OFAC + Canada samples, and the tenant rules.

The real OFAC CSV set and the Canadian list are imported once for the module (committed, removed at its
end); the invented UK and EU fixtures are imported inside each test that needs them (rolled back).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.jobs import queue
from app.models.audit import AuditEvent
from app.models.notify import Notification, WebhookDelivery
from app.models.sanctions import ListVersion, SanctionsList
from app.workflows.designations import lists, matching, screening
from tests.conftest import make_settings
from tests.support.flows import LazyLogins, force_status
from tests.support.review_flow import new_case, realistic_content

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "app" / "demo_data" / "sanctions_lists"
FIXTURES = ROOT / "tests" / "fixtures" / "sanctions"
UK = (FIXTURES / "uk_sanctions_list.xml").read_bytes()
EU = (FIXTURES / "eu_fsf.xml").read_bytes()
CA = (SAMPLES / "ca-sema-lmes.xml").read_bytes()

# Invented people of the UK/EU fixtures, as an NGO would type them: one name only, in another script.
VELESKOV = {
    "id": "p-veleskov",
    "schema": "Person",
    "name": "Золтан Радимирович Велесков",
    "birth_date": "1968-03-14",
    "nationality": ["ru"],
    "positions": [{"title": "Head of Penal Colony No. 99"}],
}
QUMRANI = {
    "id": "p-qumrani",
    "schema": "Person",
    "name": "فريدة ناصر القمراني",
    "birth_date": "1975-09",
    "nationality": ["ye"],
    "positions": [{"title": "Director of a detention centre"}],
}


@pytest.fixture(scope="module")
def real_lists(engine: Engine, seeded: dict[str, Any], var_root: Path, pg_url: str) -> Iterator[None]:
    """The OFAC SDN CSV set and the Canadian list, committed once, matched (cross-list pairs), removed
    at the end of the module. logic-v2 is warmed here (its first comparison in a process takes ~15 s)."""
    matching.warm_up()
    settings = make_settings(pg_url, var_root)
    sm = sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
    queue.bind(sm, None)
    ofac = [
        lists.ListFile(f"{part}.csv", (SAMPLES / f"us-ofac-{part}.csv").read_bytes())
        for part in ("sdn", "alt", "add", "sdn_comments")
    ]
    for name, files in (("us_ofac_sdn", ofac), ("ca_autonomous", [lists.ListFile("sema-lmes.xml", CA)])):
        with sm() as db:
            result = lists.import_files(db, None, name, files, settings)
            db.commit()
            screening.match_version(db, result.version)
            db.commit()
    yield
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM sanctions_lists WHERE name IN ('us_ofac_sdn', 'ca_autonomous')"))


@pytest.fixture
def as_(login: Any, real_lists: None) -> LazyLogins:
    return LazyLogins(login)


def upload(api: Any, name: str, *files: tuple[str, bytes]) -> Any:
    return api.post(f"/api/v1/lists/{name}/versions", files=[("file", f) for f in files])


def imported(as_: Any, name: str, data: bytes, filename: str = "list.xml") -> dict[str, Any]:
    r = upload(as_["coalition_admin"], name, (filename, data))
    assert r.status_code == 201, r.text
    return r.json()["version"]


def matches_of(api: Any, case_id: str, **params: Any) -> list[dict[str, Any]]:
    r = api.get("/api/v1/designations/matches", params={"case_id": case_id, "all_statuses": True, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def by_entry(items: list[dict[str, Any]], list_id: str, perpetrator: str) -> dict[str, Any]:
    [m] = [m for m in items if m["entry"]["list_id"] == list_id and m["perpetrator"]["id"] == perpetrator]
    return m


def content_with(*perpetrators: dict[str, Any]) -> dict[str, Any]:
    content = realistic_content()
    content["perpetrators"] += [dict(p) for p in perpetrators]
    return content


# ---- lists and imports ------------------------------------------------------------------------------------


def test_lists_are_public_and_the_real_samples_imported(as_):
    r = as_["researcher_b"].get("/api/v1/lists")
    assert r.status_code == 200, r.text
    rows = {x["name"]: x for x in r.json()}
    assert set(rows) == set(lists.KNOWN_LISTS)
    sdn = rows["us_ofac_sdn"]["current_version"]
    assert sdn["counts"]["total"] == 8976 and sdn["list_format"] == "us_ofac_csv" and sdn["added"] == 8976
    assert sdn["source"] == "sdn.csv, alt.csv, add.csv, sdn_comments.csv" and len(sdn["sha256"]) == 64
    assert rows["ca_autonomous"]["current_version"]["counts"]["magnitsky"] == 70
    assert rows["uk_sanctions_list"]["current_version"] is None
    assert rows["uk_sanctions_list"]["fetch"] == {
        "configured": False,
        "source_url": None,
        "last_fetch_at": None,
        "last_fetch_status": None,
        "last_fetch_error": None,
        "fetch_failures": 0,
    }
    # Entries: search in any script, the list's own id, programme filter; the FtM export.
    r = as_["researcher_a"].get(
        "/api/v1/lists/us_ofac_sdn/entries", params={"q": "al-qahtani", "programme": "glomag"}
    )
    found = {e["list_id"]: e for e in r.json()["items"]}
    assert "26093" in found and found["26093"]["programmes"][0]["code"] == "GLOMAG"
    assert found["26093"]["schema"] == "Person" and found["26093"]["list"] == "us_ofac_sdn"
    r = as_["coordinator_a"].get("/api/v1/lists/ca_autonomous/entries", params={"q": "JVCFOA/1/65"})
    [saud] = r.json()["items"]
    assert saud["magnitsky"] and saud["caption"] == "Saud AL-QAHTANI"
    assert as_["researcher_a"].get("/api/v1/lists/no_such_list").status_code == 404
    r = as_["researcher_a"].get(f"/api/v1/designations/entries/{saud['id']}")
    assert r.status_code == 200 and r.json()["list_id"] == "JVCFOA/1/65"


def test_import_uk_and_eu_fixtures_versions_and_export(as_):
    admin = as_["coalition_admin"]
    for who in ("coordinator_a", "researcher_a", "org_admin_a"):
        assert upload(as_[who], "uk_sanctions_list", ("uk.xml", UK)).status_code == 403
    r = upload(admin, "uk_sanctions_list", ("uk.xml", UK))
    assert r.status_code == 201, r.text
    v1 = r.json()["version"]
    assert v1["seq"] == 1 and v1["counts"]["total"] == 5 and v1["counts"]["magnitsky"] == 4
    assert v1["published"] == "2026-08-14" and v1["list_format"] == "uk_fcdo"
    again = upload(admin, "uk_sanctions_list", ("uk.xml", UK))
    assert (
        again.status_code == 200 and again.json()["unchanged"] is True and again.json()["version"]["seq"] == 1
    )
    eu = imported(as_, "eu_fsf", EU, "eu.xml")
    assert eu["counts"]["total"] == 5 and eu["published"] == "2026-08-05"
    versions = as_["researcher_a"].get("/api/v1/lists/uk_sanctions_list/versions").json()
    assert [v["seq"] for v in versions] == [1] and versions[0]["matched_at"]  # the job ran after the commit
    # Cyrillic query, Latin entry (and the reverse)
    for q in ("Велесков", "veleskov", "VELESKOFF"):
        items = (
            as_["researcher_a"]
            .get("/api/v1/lists/uk_sanctions_list/entries", params={"q": q})
            .json()["items"]
        )
        assert [e["list_id"] for e in items] == ["GHR0901"], q
    [entry] = items
    assert "Золтан Радимирович ВЕЛЕСКОВ" in entry["names"] and entry["listing_date"] == "2021-04-15"
    assert "1968-03-14" in entry["birth_dates"] and entry["nationalities"] == ["ru"]
    r = as_["researcher_b"].get("/api/v1/lists/uk_sanctions_list/export")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == 10 and [x["schema"] for x in rows].count("Sanction") == 5
    sanction = next(
        x for x in rows if x["schema"] == "Sanction" and "GHR0901" in x["properties"]["authorityId"]
    )
    assert sanction["properties"]["listingDate"] == ["2021-04-15"]
    assert sanction["properties"]["entity"] == ["uk-fcdo-ghr0901"]
    assert sanction["properties"]["programId"] == ["GLOBAL-HUMAN-RIGHTS"]


def test_the_ofac_xml_format_imports_too(as_):
    r = upload(
        as_["coalition_admin"],
        "us_ofac_consolidated",
        ("consolidated.xml", (SAMPLES / "us-ofac-consolidated.xml").read_bytes()),
    )
    assert r.status_code == 201, r.text
    v = r.json()["version"]
    assert (
        v["list_format"] == "us_ofac_xml" and v["counts"]["total"] == 442 and v["published"] == "2026-01-08"
    )
    items = (
        as_["researcher_a"]
        .get("/api/v1/lists/us_ofac_consolidated/entries", params={"q": "9639"})
        .json()["items"]
    )
    assert [e["caption"] for e in items] == ["Ismail Abdul Salah HANIYA"]


def test_broken_and_foreign_files_are_refused_whole(as_, db):
    admin = as_["coalition_admin"]
    r = upload(admin, "uk_sanctions_list", ("eu.xml", EU))
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert "EU Financial Sanctions Files" in r.json()["detail"] and "UK Sanctions List" in r.json()["detail"]
    cut = UK[: UK.index(b"<UniqueID>GHR0902")]
    r = upload(admin, "uk_sanctions_list", ("uk-truncated.xml", cut))
    assert r.status_code == 422, r.text
    error = r.json()["list_error"]
    assert error["line"] is not None and re.search(r"line \d+", r.json()["detail"]), r.json()
    assert r.json()["errors"][0]["loc"] == ["body", "file"]
    # The OFAC set: a row with a column missing, named by file and line.
    sdn = (SAMPLES / "us-ofac-sdn.csv").read_bytes()
    lines = sdn.split(b"\r\n")
    n = next(i for i in range(40, len(lines)) if lines[i].endswith(b',"-0- "') or lines[i].endswith(b",-0- "))
    lines[n] = lines[n].rsplit(b",", 1)[0]  # a row with 11 columns
    r = upload(admin, "us_ofac_sdn", ("sdn.csv", b"\r\n".join(lines)))
    assert r.status_code == 422 and r.json()["list_error"]["line"] == n + 1, r.json()
    assert "sdn.csv" in r.json()["detail"]
    # A companion on its own, a PDF, an HTML error page.
    r = upload(admin, "us_ofac_sdn", ("alt.csv", (SAMPLES / "us-ofac-alt.csv").read_bytes()))
    assert r.status_code == 422 and "companion" in r.json()["detail"]
    assert upload(admin, "eu_fsf", ("x.pdf", b"%PDF-1.4 nope")).status_code == 422
    r = upload(admin, "ca_autonomous", ("ca.xml", b"<html><body>Service unavailable</body></html>"))
    assert r.status_code == 422 and "HTML" in r.json()["detail"]
    assert admin.post("/api/v1/lists/eu_fsf/versions", json={"file": "x"}).status_code == 415
    # Nothing was replaced or recorded.
    state = {x["name"]: x["current_version"] for x in admin.get("/api/v1/lists").json()}
    assert state["uk_sanctions_list"] is None and state["eu_fsf"] is None
    assert state["us_ofac_sdn"]["seq"] == 1 and state["ca_autonomous"]["seq"] == 1


def test_a_new_version_is_diffed_against_the_previous(as_, db):
    admin = as_["coalition_admin"]
    text_ = CA.decode("utf-8")
    records = re.findall(r"<record>.*?</record>", text_, re.S)
    dropped = next(r for r in records if "MADURO MOROS" in r)
    amended = next(r for r in records if "<Item>65</Item>" in r and "JVCFOR" in r)  # Saud AL-QAHTANI
    assert "AL-QAHTANI" in amended
    new_record = amended.replace("AL-QAHTANI", "AL-QAHTANI-INVENTED").replace(
        "<Item>65</Item>", "<Item>99</Item>"
    )
    changed = (
        text_.replace(dropped, "")
        .replace(amended, amended.replace("<GivenName>Saud</GivenName>", "<GivenName>Saoud</GivenName>"))
        .replace("</data-set>", new_record + "</data-set>")
    )
    r = upload(admin, "ca_autonomous", ("sema-lmes.xml", changed.encode("utf-8")))
    assert r.status_code == 201, r.text
    v2 = r.json()["version"]
    assert (v2["seq"], v2["added"], v2["removed"], v2["amended"]) == (2, 1, 1, 1), v2
    assert v2["counts"]["total"] == 1369
    changes = admin.get("/api/v1/lists/ca_autonomous/versions/2/changes").json()
    kinds = {c["kind"]: c for c in changes["items"]}
    assert (
        kinds["removed"]["entry"]["caption"] == "Nicolás MADURO MOROS"
        and kinds["removed"]["entry"]["removed"]
    )
    assert kinds["amended"]["entry"]["list_id"] == "JVCFOA/1/65"
    assert "firstName" in kinds["amended"]["detail"]["properties"]
    assert kinds["amended"]["previous_fingerprint"] != kinds["amended"]["fingerprint"]
    assert kinds["added"]["entry"]["list_id"] == "JVCFOA/1/99"
    only_removed = admin.get("/api/v1/lists/ca_autonomous/versions/2/changes", params={"kind": "removed"})
    assert [c["kind"] for c in only_removed.json()["items"]] == ["removed"]
    # Removed entries are kept (matches point at them), out of searches unless asked for.
    entries = admin.get("/api/v1/lists/ca_autonomous/entries", params={"q": "maduro moros"}).json()["items"]
    assert entries and "JVCFOA/1/1" not in {e["list_id"] for e in entries}  # SEMA Venezuela lists him too
    entries = admin.get(
        "/api/v1/lists/ca_autonomous/entries", params={"q": "maduro moros", "include_removed": True}
    ).json()["items"]
    assert {e["list_id"]: e["removed"] for e in entries}["JVCFOA/1/1"] is True
    audit = db.execute(select(AuditEvent.data).where(AuditEvent.action == "list.imported")).scalars().all()
    assert any(a["list"] == "ca_autonomous" and a["version"] == 2 and a["removed"] == 1 for a in audit)


# ---- matching, the queue, decisions -----------------------------------------------------------------------


class NoDelivery:
    """Runs jobs inline like the app, except webhook deliveries (no network in tests): they stay queued."""

    def __init__(self, ctx: queue.JobContext) -> None:
        self.inline = queue.InlineRunner(ctx)

    def submit(self, name: str, payload: dict[str, Any]) -> None:
        if name != "webhook.deliver":
            self.inline.submit(name, payload)


def _hook(as_: Any, events: list[str]) -> str:
    r = as_["org_admin_a"].post(
        "/api/v1/webhooks", json={"url": "https://hooks.example/portal", "events": events}
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _built_and_sent(coordinator: Any, case_id: str, code: str) -> dict[str, Any]:
    r = coordinator.post(f"/api/v1/cases/{case_id}/packages", json={"jurisdictions": [code]})
    assert r.status_code == 202, r.text
    [pkg] = r.json()["packages"]
    assert coordinator.get(f"/api/v1/packages/{pkg['id']}").json()["state"] == "built"
    r = coordinator.post(
        f"/api/v1/packages/{pkg['id']}/send",
        json={"sent_on": datetime.now(UTC).date().isoformat(), "channel": "email", "reference": "UK-REF-1"},
    )
    assert r.status_code == 200, r.text
    sub: dict[str, Any] = r.json()
    return sub


def test_matching_across_scripts_queue_confirm_and_the_submission(as_, db, job_runner, sm, settings):
    job_runner(NoDelivery(queue.JobContext(settings, sm)))
    imported(as_, "uk_sanctions_list", UK)
    imported(as_, "eu_fsf", EU)
    researcher, coordinator = as_["researcher_a"], as_["coordinator_a"]
    hook = _hook(as_, ["designation.confirmed", "designation.rejected", "submission.status_changed"])
    # Saved with names in Cyrillic and Arabic only: the save screens them (a job, inline here).
    case = new_case(researcher, content=content_with(VELESKOV, QUMRANI))
    items = matches_of(researcher, case["id"])
    veleskov_uk = by_entry(items, "GHR0901", "p-veleskov")
    assert (
        veleskov_uk["band"] == "likely"
        and veleskov_uk["score"] >= 0.7
        and veleskov_uk["status"] == "candidate"
    )
    assert veleskov_uk["algorithm"] == "logic-v2" and veleskov_uk["algorithm_version"]
    assert veleskov_uk["explanations"] and all("score" in f for f in veleskov_uk["explanations"].values())
    by_entry(items, "990101", "p-veleskov")  # the EU's listing of the same person
    qumrani_uk = by_entry(items, "GHR0902", "p-qumrani")
    assert qumrani_uk["band"] == "likely"
    # Both records side by side.
    assert veleskov_uk["perpetrator"]["name"] == "Золтан Радимирович Велесков"
    assert veleskov_uk["perpetrator"]["birth_date"] == "1968-03-14"
    assert "Zoltan Radimirovich VELESKOV" in veleskov_uk["entry"]["names"]
    assert "Золтан Радимирович ВЕЛЕСКОВ" in veleskov_uk["entry"]["names"]
    assert veleskov_uk["entry"]["programmes"][0]["code"] == "GLOBAL-HUMAN-RIGHTS"
    assert veleskov_uk["listing"] == (
        "listed by the United Kingdom under GLOBAL-HUMAN-RIGHTS since 2021-04-15 — entry GHR0901"
    )
    # Drafting: readiness warns per jurisdiction.
    ready = researcher.get(f"/api/v1/cases/{case['id']}/readiness").json()
    uk_warnings = [w["msg"] for w in ready["uk"]["warnings"] if "GHR0901" in w["msg"]]
    assert uk_warnings and "may already be listed by the United Kingdom" in uk_warnings[0]
    assert not [w for w in ready["us"]["warnings"] if "GHR0901" in w["msg"]]
    # Coordinators see no draft's matches.
    assert matches_of(coordinator, case["id"]) == []
    assert coordinator.get(f"/api/v1/designations/matches/{veleskov_uk['id']}").status_code == 404

    force_status(db, case["id"], "approved")
    sub = _built_and_sent(coordinator, case["id"], "uk")
    queue_ = coordinator.get("/api/v1/designations/matches", params={"band": "likely"}).json()
    assert queue_["counts"]["candidate"] >= 4
    assert {m["id"] for m in queue_["items"]} >= {veleskov_uk["id"], qumrani_uk["id"]}
    scores = [m["score"] for m in queue_["items"]]
    assert scores == sorted(scores, reverse=True)
    shown = next(m for m in queue_["items"] if m["id"] == veleskov_uk["id"])
    assert shown["submission"]["status"] == "sent" and shown["case"]["title"] == "Zarechny detentions"

    # A researcher cannot decide.
    assert (
        researcher.post(f"/api/v1/designations/matches/{veleskov_uk['id']}/confirm", json={}).status_code
        == 403
    )
    r = coordinator.post(
        f"/api/v1/designations/matches/{veleskov_uk['id']}/confirm", json={"note": "Same DOB"}
    )
    assert r.status_code == 200, r.text
    confirmed = r.json()
    assert confirmed["status"] == "confirmed" and confirmed["civil_society_basis"] is True
    assert confirmed["submission_id"] == sub["id"] and confirmed["decided_at"]
    after = coordinator.get(f"/api/v1/submissions/{sub['id']}").json()
    assert after["status"] == "designated"
    assert after["designation"] == {
        "date": "2021-04-15",
        "program": "GLOBAL-HUMAN-RIGHTS",
        "list_reference": "uk_sanctions_list entry GHR0901",
    }
    assert after["timeline"][-1]["detail"]["source"] == "official_list"
    assert (
        coordinator.post(f"/api/v1/designations/matches/{veleskov_uk['id']}/confirm", json={}).status_code
        == 409
    )

    # The EU: never submitted there, a designation without a civil-society basis.
    veleskov_eu = by_entry(matches_of(coordinator, case["id"]), "990101", "p-veleskov")
    r = coordinator.post(f"/api/v1/designations/matches/{veleskov_eu['id']}/confirm", json={})
    assert (
        r.status_code == 200
        and r.json()["civil_society_basis"] is False
        and r.json()["submission_id"] is None
    )

    # Webhooks (the NGO's endpoint) and notices.
    deliveries = (
        db.execute(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == hook)).scalars().all()
    )
    events = [(d.event, d.payload["data"]) for d in deliveries]
    confirmed_events = [d for e, d in events if e == "designation.confirmed"]
    assert len(confirmed_events) == 2
    assert confirmed_events[0]["designation"]["list_entry_id"] in ("GHR0901", "990101")
    status_changes = [
        d for e, d in events if e == "submission.status_changed" and d["status"] == "designated"
    ]
    assert (
        status_changes and status_changes[0]["outcome"]["list_reference"] == "uk_sanctions_list entry GHR0901"
    )
    notes = db.execute(select(Notification.kind, Notification.title)).tuples().all()
    assert any(kind == "designation" and "Zarechny" in title for kind, title in notes)
    assert any(kind == "submission_status" for kind, _ in notes)
    actions = (
        db.execute(select(AuditEvent.action).where(AuditEvent.target_id == veleskov_uk["id"])).scalars().all()
    )
    assert "designation.match_confirmed" in actions
    # Once confirmed, readiness says it outright.
    ready = researcher.get(f"/api/v1/cases/{case['id']}/readiness").json()
    assert any("is already listed by the United Kingdom" in w["msg"] for w in ready["uk"]["warnings"])


def test_a_rejection_is_remembered_until_the_entry_changes(as_, db, job_runner, sm, settings):
    job_runner(NoDelivery(queue.JobContext(settings, sm)))
    imported(as_, "uk_sanctions_list", UK)
    researcher, coordinator = as_["researcher_a"], as_["coordinator_a"]
    hook = _hook(as_, ["designation.rejected"])
    case = new_case(researcher, content=content_with(QUMRANI))
    force_status(db, case["id"], "submitted")
    match = by_entry(matches_of(coordinator, case["id"]), "GHR0902", "p-qumrani")
    r = coordinator.post(
        f"/api/v1/designations/matches/{match['id']}/reject", json={"reason": "Other person"}
    )
    assert (
        r.status_code == 200
        and r.json()["status"] == "rejected"
        and r.json()["decision_note"] == "Other person"
    )
    assert coordinator.post(f"/api/v1/designations/matches/{match['id']}/reject", json={}).status_code == 409
    [delivery] = db.execute(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == hook)).scalars()
    assert delivery.event == "designation.rejected" and delivery.payload["data"]["match_id"] == match["id"]
    # Screening again (the researcher edits the perpetrator) does not raise the pair again.
    force_status(db, case["id"], "changes_requested")
    content = content_with({**QUMRANI, "notes": "Also known locally as Umm Nasser."})
    current = researcher.get(f"/api/v1/cases/{case['id']}").json()
    r = researcher.put(
        f"/api/v1/cases/{case['id']}",
        json={"content": content},
        headers={"If-Match": f'"{current["version"]}"'},
    )
    assert r.status_code == 200, r.text
    again = by_entry(matches_of(coordinator, case["id"]), "GHR0902", "p-qumrani")
    assert again["id"] == match["id"] and again["status"] == "rejected"
    assert match["id"] not in {
        m["id"] for m in matches_of(coordinator, case["id"], status="candidate", all_statuses=False)
    }
    # The UK amends the entry (a new birth date): the pair is a candidate again.
    amended = UK.replace(b"<DOB>dd/09/1975</DOB>", b"<DOB>12/09/1975</DOB>")
    assert amended != UK
    v2 = imported(as_, "uk_sanctions_list", amended)
    assert v2["amended"] == 1
    reopened = by_entry(matches_of(coordinator, case["id"]), "GHR0902", "p-qumrani")
    assert (
        reopened["id"] == match["id"] and reopened["status"] == "candidate" and reopened["decided_at"] is None
    )
    actions = db.execute(
        select(AuditEvent.action).where(AuditEvent.target_id == match["id"]).order_by(AuditEvent.seq)
    ).scalars()
    assert list(actions) == ["designation.match_rejected", "designation.match_reopened"]


def test_a_delisting_of_a_confirmed_person_is_an_event(as_, db, job_runner, sm, settings):
    job_runner(NoDelivery(queue.JobContext(settings, sm)))
    imported(as_, "uk_sanctions_list", UK)
    coordinator = as_["coordinator_a"]
    hook = _hook(as_, ["designation.delisted"])
    case = new_case(as_["researcher_a"], content=content_with(VELESKOV))
    force_status(db, case["id"], "submitted")
    match = by_entry(matches_of(coordinator, case["id"]), "GHR0901", "p-veleskov")
    assert coordinator.post(f"/api/v1/designations/matches/{match['id']}/confirm", json={}).status_code == 200
    start, end = UK.index(b"  <Designation>"), UK.index(b"  <Designation>", UK.index(b"GHR0901"))
    without = UK[:start] + UK[end:]
    v2 = imported(as_, "uk_sanctions_list", without)
    assert v2["removed"] == 1
    delisted = db.execute(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == hook)).scalars().all()
    assert [d.event for d in delisted] == ["designation.delisted"]
    assert delisted[0].payload["data"]["designation"]["list_entry_id"] == "GHR0901"
    assert delisted[0].payload["data"]["match_id"] == match["id"]
    audit = (
        db.execute(select(AuditEvent.data).where(AuditEvent.action == "designation.delisted")).scalars().all()
    )
    assert [a["list_entry_id"] for a in audit] == ["GHR0901"]
    notes = db.execute(select(Notification.title).where(Notification.kind == "designation")).scalars().all()
    assert any("removed from the UK Sanctions List" in n for n in notes)
    kept = coordinator.get(f"/api/v1/designations/matches/{match['id']}").json()
    assert kept["status"] == "confirmed" and kept["entry"]["removed"] is True
    # The person is no longer listed: readiness stops saying so.
    ready = as_["researcher_a"].get(f"/api/v1/cases/{case['id']}/readiness").json()
    assert not [w for w in ready["uk"]["warnings"] if "GHR0901" in w["msg"]]


def test_tenant_rules_for_matches(as_, db):
    imported(as_, "uk_sanctions_list", UK)
    case = new_case(as_["researcher_a"], content=content_with(VELESKOV))
    [match] = [m for m in matches_of(as_["researcher_a"], case["id"]) if m["entry"]["list_id"] == "GHR0901"]
    assert as_["org_admin_a"].get(f"/api/v1/designations/matches/{match['id']}").status_code == 200
    other = as_["researcher_b"]
    assert other.get(f"/api/v1/designations/matches/{match['id']}").status_code == 404
    assert matches_of(other, case["id"]) == []
    assert other.get("/api/v1/designations/matches", params={"all_statuses": True}).json()["items"] == []
    assert other.post(f"/api/v1/designations/matches/{match['id']}/reject", json={}).status_code == 403
    # The coalition does not see a draft's matches before the case's first submission.
    assert as_["coordinator_b"].get(f"/api/v1/designations/matches/{match['id']}").status_code == 404
    force_status(db, case["id"], "submitted")
    assert as_["coordinator_b"].get(f"/api/v1/designations/matches/{match['id']}").status_code == 200
    # An NGO reads lists and gaps like everyone.
    assert other.get("/api/v1/lists/uk_sanctions_list/entries").json()["items"]


# ---- the multilateral gap -----------------------------------------------------------------------------


def test_gaps_on_the_real_ofac_and_canada_samples(as_):
    api = as_["researcher_b"]
    r = api.get("/api/v1/designations/gaps", params={"designating": "ca", "limit": 500})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["summary"]["jurisdictions"] == ["ca", "us"]
    rows = {g["entry"]["list_id"]: g for g in body["items"]}
    # The Khashoggi killing: JVCFOA listings that are on GLOMAG too are not gaps.
    for covered in ("JVCFOA/1/65", "JVCFOA/1/69", "JVCFOA/1/53"):
        assert covered not in rows, covered
    # Venezuelan officials Canada lists under JVCFOA whom the US lists only under its Venezuela programme.
    albisinni = rows["JVCFOA/1/6"]
    assert albisinni["missing"] == ["us"] and albisinni["designating"] == "ca"
    [us_listing] = albisinni["listed_elsewhere"]
    assert (
        us_listing["entry"]["list_id"] == "22743"
        and us_listing["entry"]["programmes"][0]["code"] == "VENEZUELA"
    )
    assert body["summary"]["listed_elsewhere"] >= 40 and body["summary"]["magnitsky_entries"] == 70
    # From the US side: GLOMAG entries Canada lacks, but not those it has.
    us_rows = api.get(
        "/api/v1/designations/gaps",
        params={"designating": "us", "missing": "ca", "programme": "GLOMAG", "limit": 500},
    ).json()["items"]
    listed = {g["entry"]["list_id"] for g in us_rows}
    assert "26093" not in listed and "23278" not in listed  # Saud al-Qahtani, Maung Maung Soe
    assert len(listed) > 200 and all(g["missing"] == ["ca"] for g in us_rows)
    # Filters: country and year (OFAC gives no listing date; the 2020 Canadian file neither).
    assert api.get("/api/v1/designations/gaps", params={"year": 2019}).json()["items"] == []
    sa = api.get("/api/v1/designations/gaps", params={"designating": "us", "country": "sa"}).json()["items"]
    assert sa and all(
        "sa" in [v for vs in g["entry"]["entity"]["properties"].values() for v in vs] for g in sa
    )
    page = api.get("/api/v1/designations/gaps", params={"designating": "us", "limit": 5}).json()
    assert len(page["items"]) == 5 and page["next_cursor"]
    nxt = api.get(
        "/api/v1/designations/gaps", params={"designating": "us", "limit": 5, "cursor": page["next_cursor"]}
    )
    assert {g["entry"]["id"] for g in nxt.json()["items"]}.isdisjoint(
        {g["entry"]["id"] for g in page["items"]}
    )


def test_a_follow_on_case_from_a_gap(as_):
    researcher = as_["researcher_a"]
    rows = researcher.get("/api/v1/designations/gaps", params={"designating": "ca", "missing": "us"}).json()[
        "items"
    ]
    albisinni = next(g for g in rows if g["entry"]["list_id"] == "JVCFOA/1/6")
    template = as_["coordinator_a"].get(f"/api/v1/designations/gaps/{albisinni['entry']['id']}/case-template")
    assert template.status_code == 200, template.text
    assert (
        as_["coordinator_a"].post(f"/api/v1/designations/gaps/{albisinni['entry']['id']}/case").status_code
        == 403
    )
    r = researcher.post(f"/api/v1/designations/gaps/{albisinni['entry']['id']}/case")
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["status"] == "draft" and case["title"].startswith("Follow-on: Rocco ALBISINNI SERRANO")
    assert sorted(case["target_jurisdictions"]) == ["eu", "uk"]
    [perp] = case["content"]["perpetrators"]
    assert perp["name"] == "Rocco ALBISINNI SERRANO" and perp["schema"] == "Person"
    in_force = case["content"]["jurisdictions"]
    assert in_force["ca"]["sanctions_in_force"][0]["reference"] == "entry JVCFOA/1/6"
    assert in_force["us"]["sanctions_in_force"][0]["program"] == "VENEZUELA"
    assert r.headers["location"] == f"/api/v1/cases/{case['id']}"
    # The draft is the NGO's own: saved, screened, and its perpetrator already shows as listed.
    ready = researcher.get(f"/api/v1/cases/{case['id']}/readiness").json()
    assert set(ready) == {"uk", "eu"}


# ---- fetching -----------------------------------------------------------------------------------------


def test_the_periodic_fetch_is_conditional_bounded_and_never_fails(
    sm: sessionmaker[Session], pg_url, tmp_path, real_lists
):
    url = "https://lists.example/UK-Sanctions-List.xml"
    settings = make_settings(pg_url, tmp_path, sanctions_list_urls={"uk_sanctions_list": url})
    ctx = queue.JobContext(settings, sm)
    answers: list[httpx.Response] = []
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    answers.append(
        httpx.Response(
            200, content=UK, headers={"ETag": '"v1"', "Last-Modified": "Fri, 14 Aug 2026 23:00:00 GMT"}
        )
    )
    assert lists.fetch_list(ctx, "uk_sanctions_list", url, client=client) == "ok"
    assert lists.fetch_list(ctx, "uk_sanctions_list", url, client=client) == "not_due"
    answers.append(httpx.Response(304))
    assert lists.fetch_list(ctx, "uk_sanctions_list", url, force=True, client=client) == "not_modified"
    assert seen[-1].headers["if-none-match"] == '"v1"' and "if-modified-since" in seen[-1].headers
    answers.append(httpx.Response(503, text="down for maintenance"))
    assert lists.fetch_list(ctx, "uk_sanctions_list", url, force=True, client=client) == "failed"
    answers.append(httpx.Response(200, content=UK[:3000]))
    assert lists.fetch_list(ctx, "uk_sanctions_list", url, force=True, client=client) == "failed"
    small = make_settings(pg_url, tmp_path, sanctions_list_max_bytes=2048)
    answers.append(httpx.Response(200, content=UK))
    assert (
        lists.fetch_list(queue.JobContext(small, sm), "uk_sanctions_list", url, force=True, client=client)
        == "failed"
    )
    with sm() as db:
        lst = db.execute(select(SanctionsList).where(SanctionsList.name == "uk_sanctions_list")).scalar_one()
        versions = (
            db.execute(
                select(ListVersion.seq, ListVersion.status, ListVersion.error)
                .where(ListVersion.sanctions_list_id == lst.id)
                .order_by(ListVersion.seq)
            )
            .tuples()
            .all()
        )
        current = db.get(ListVersion, lst.current_version_id)
        assert current is not None and current.seq == 1  # the last good version stays
        assert [(s, st.value) for s, st, _ in versions] == [
            (1, "imported"),
            (2, "failed"),
            (3, "failed"),
            (4, "failed"),
        ]
        assert (
            "HTTP 503" in versions[1][2] and "import refused" in versions[2][2] and "limit" in versions[3][2]
        )
        assert lst.fetch_failures == 3 and lst.last_fetch_status == "failed" and lst.source_url == url
    # The periodic job with an unreachable host: recorded, never raised.
    unreachable = make_settings(
        pg_url,
        tmp_path,
        sanctions_list_urls={"eu_fsf": "http://127.0.0.1:9/eu.xml"},
        sanctions_fetch_timeout_seconds=2,
    )
    assert lists.run_fetches(queue.JobContext(unreachable, sm)) == {"eu_fsf": "failed"}


def test_cli_imports_a_list_file(tmp_path, monkeypatch, real_lists):
    from typer.testing import CliRunner

    from app import migrate
    from app.cli import cli
    from app.config import get_settings

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("PORTAL_DATABASE_URL", url)
    monkeypatch.setenv("PORTAL_VAR_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        path = tmp_path / "uk.xml"
        path.write_bytes(UK)
        runner = CliRunner()
        ok = runner.invoke(cli, ["lists", "import", str(path), "--list", "uk_sanctions_list"])
        assert ok.exit_code == 0, ok.output
        assert "uk_sanctions_list: version 1, 5 entries (+5 added" in ok.output
        same = runner.invoke(cli, ["lists", "import", str(path), "--list", "uk_sanctions_list"])
        assert same.exit_code == 0 and "unchanged" in same.output
        bad = runner.invoke(cli, ["lists", "import", str(path), "--list", "eu_fsf"])
        assert bad.exit_code == 1 and "EU Financial Sanctions Files" in bad.output
    finally:
        get_settings.cache_clear()
