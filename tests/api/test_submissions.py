"""Submission tracking over HTTP: sending, the status timeline, forbidden jumps, follow-ups, summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.models.audit import AuditEvent
from app.models.notify import Notification, WebhookDelivery
from app.workflows import submissions
from tests.support.flows import LazyLogins, approved_case


def today(delta: int = 0) -> str:
    return (datetime.now(UTC).date() + timedelta(days=delta)).isoformat()


def built(api: Any, case_id: str, *codes: str) -> dict[str, dict[str, Any]]:
    r = api.post(f"/api/v1/cases/{case_id}/packages", json={"jurisdictions": list(codes)})
    assert r.status_code == 202, r.text
    out = {}
    for p in r.json()["packages"]:
        pkg = api.get(f"/api/v1/packages/{p['id']}").json()
        assert pkg["state"] == "built", pkg
        out[pkg["jurisdiction"]] = pkg
    return out


def send(api: Any, pkg: dict[str, Any], **kw: Any) -> Any:
    body = {"sent_on": today(), "channel": "official_form", "reference": "GLOMAG-2026-0042", **kw}
    return api.post(f"/api/v1/packages/{pkg['id']}/send", json=body)


def status(api: Any, sub_id: str, new: str, **kw: Any) -> Any:
    return api.post(f"/api/v1/submissions/{sub_id}/status", json={"status": new, **kw})


@pytest.fixture
def as_(login: Any) -> LazyLogins:
    return LazyLogins(login)


@pytest.fixture
def packaged(as_, db):
    case = approved_case(as_, db)
    return case, built(as_["coordinator_a"], case["id"], "us")


def test_timeline_from_prepared_to_designated(as_, db, settings, sm, job_runner, packaged):
    coordinator = as_["coordinator_a"]
    case, pkgs = packaged
    pkgs.update(built(coordinator, case["id"], "uk"))
    hook = as_["org_admin_a"].post(
        "/api/v1/webhooks",
        json={"url": "https://hooks.example/portal", "events": ["submission.status_changed"]},
    )
    assert hook.status_code == 201, hook.text
    job_runner(None)  # deliveries stay queued: no network in tests

    sub = coordinator.get(f"/api/v1/packages/{pkgs['us']['id']}/submission").json()
    assert sub["status"] == "prepared" and sub["allowed_statuses"] == ["sent"]
    assert [e["status"] for e in sub["timeline"]] == ["prepared"]

    r = send(
        coordinator, pkgs["us"], note="Filed through the State Department's form", follow_up_date=today(30)
    )
    assert r.status_code == 200, r.text
    sub = r.json()
    assert sub["status"] == "sent" and sub["channel"] == "official_form" and sub["sent_on"] == today()
    assert sub["addressee"] == "U.S. Department of State and U.S. Department of the Treasury (OFAC)"
    assert sub["reference"] == "GLOMAG-2026-0042" and sub["follow_up_date"] == today(30)
    assert coordinator.get(f"/api/v1/cases/{case['id']}").json()["status"] == "submitted_to_government"

    r = status(coordinator, sub["id"], "acknowledged", note="Receipt e-mail from OFAC")
    assert r.status_code == 200, r.text
    r = status(
        coordinator, sub["id"], "under_consideration", on=today(), note="Meeting with the desk officer"
    )
    assert r.status_code == 200 and r.json()["allowed_statuses"] == ["designated", "declined", "no_response"]
    designation = {"date": today(), "program": "GLOMAG", "list_reference": "SDN entry 12345"}
    r = status(coordinator, sub["id"], "designated", note="Designated", designation=designation)
    assert r.status_code == 200, r.text
    sub = r.json()
    assert sub["status"] == "designated" and sub["allowed_statuses"] == [] and sub["outcome_on"] == today()
    assert sub["designation"] == designation and sub["follow_up_date"] is None
    timeline = sub["timeline"]
    assert [e["status"] for e in timeline] == [
        "prepared",
        "sent",
        "acknowledged",
        "under_consideration",
        "designated",
    ]
    assert [e["previous_status"] for e in timeline[1:]] == [e["status"] for e in timeline[:-1]]
    assert timeline[2]["note"] == "Receipt e-mail from OFAC" and all(e["on"] for e in timeline)
    assert timeline[4]["detail"]["list_reference"] == "SDN entry 12345"
    # Who recorded each step, by name (the screen shows it beside the step).
    from app.models.identity import User
    from tests.conftest import DEMO

    name = db.execute(select(User.display_name).where(User.email == DEMO["coordinator_a"])).scalar_one()
    assert [e["actor_name"] for e in timeline[1:]] == [name] * 4

    # The authoring NGO follows along read-only.
    author = as_["researcher_a"]
    assert author.get(f"/api/v1/submissions/{sub['id']}").json()["status"] == "designated"
    assert status(author, sub["id"], "declined").status_code == 403

    # The case's per-jurisdiction summary.
    summary = coordinator.get(f"/api/v1/cases/{case['id']}/submissions-summary").json()
    rows = {j["jurisdiction"]: j for j in summary["jurisdictions"]}
    assert list(rows) == ["us", "uk", "ca", "eu"]
    assert (
        rows["us"]["status"] == "designated"
        and rows["us"]["submission"]["designation"]["program"] == "GLOMAG"
    )
    assert rows["uk"]["status"] == "prepared" and rows["uk"]["latest_package"]["state"] == "built"
    assert rows["ca"]["status"] == "not_packaged" and rows["ca"]["latest_package"] is None
    assert summary["case_status"] == "submitted_to_government"

    # submission.status_changed for every step, queued for the NGO's webhook with the outcome at the end.
    deliveries = (
        db.execute(
            select(WebhookDelivery)
            .where(WebhookDelivery.endpoint_id == hook.json()["id"])
            .order_by(WebhookDelivery.next_attempt_at)
        )
        .scalars()
        .all()
    )
    data = [d.payload["data"] for d in deliveries]
    assert [d["status"] for d in data] == ["sent", "acknowledged", "under_consideration", "designated"]
    assert data[-1]["outcome"]["program"] == "GLOMAG" and data[-1]["submission_id"] == sub["id"]
    audited = db.execute(
        select(AuditEvent.data).where(
            AuditEvent.action == "submission.status_changed", AuditEvent.target_id == sub["id"]
        )
    ).scalars()
    assert [a["to"] for a in audited] == ["sent", "acknowledged", "under_consideration", "designated"]


def test_forbidden_jumps_are_409_naming_the_allowed(as_, packaged):
    coordinator = as_["coordinator_a"]
    case, pkgs = packaged
    sub_id = coordinator.get(f"/api/v1/packages/{pkgs['us']['id']}/submission").json()["id"]

    r = status(coordinator, sub_id, "acknowledged")
    assert r.status_code == 409 and r.json()["allowed_statuses"] == ["sent"]
    r = status(coordinator, sub_id, "sent")
    assert r.status_code == 409 and "/send" in r.json()["detail"]
    assert send(coordinator, pkgs["us"], channel="carrier_pigeon").status_code == 422
    assert send(coordinator, pkgs["us"], sent_on=today(-400)).status_code == 422  # before it was built
    assert send(coordinator, pkgs["us"], follow_up_date=today(-1)).status_code == 422
    assert send(coordinator, pkgs["us"], channel="via_partner").status_code == 200
    assert send(coordinator, pkgs["us"]).status_code == 409  # already sent

    for jump in ("designated", "declined", "under_consideration", "prepared"):
        r = status(
            coordinator,
            sub_id,
            jump,
            **({"designation": {"date": today(), "program": "X"}} if jump == "designated" else {}),
        )
        assert r.status_code == 409, (jump, r.text)
        assert r.json()["allowed_statuses"] == ["acknowledged", "no_response"]
        assert "allowed from sent: acknowledged, no_response" in r.json()["detail"]
    assert status(coordinator, sub_id, "acknowledged", on=today(5)).status_code == 422  # in the future
    assert status(coordinator, sub_id, "acknowledged", on=today(-1)).status_code == 422  # before sending
    assert (
        status(coordinator, sub_id, "acknowledged", designation={"date": today(), "program": "X"}).status_code
        == 422
    )
    assert status(coordinator, sub_id, "acknowledged").status_code == 200
    assert status(coordinator, sub_id, "under_consideration").status_code == 200
    r = status(coordinator, sub_id, "designated")
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "designation"]
    assert status(coordinator, sub_id, "declined", note="Not a priority this year").status_code == 200
    for later in ("designated", "acknowledged", "no_response"):
        r = status(coordinator, sub_id, later)
        assert r.status_code == 409 and r.json()["allowed_statuses"] == []

    # A government that never answers: no_response straight from sent.
    eu = built(coordinator, case["id"], "eu")["eu"]
    eu_sub = coordinator.get(f"/api/v1/packages/{eu['id']}/submission").json()["id"]
    assert send(coordinator, eu, channel="meeting").status_code == 200
    assert (
        status(coordinator, eu_sub, "no_response", note="No reply after 6 months").json()["status"]
        == "no_response"
    )


def test_follow_up_raises_a_notification_once_when_due(as_, db, packaged):
    coordinator = as_["coordinator_a"]
    case, pkgs = packaged
    sub = send(coordinator, pkgs["us"], follow_up_date=today(14)).json()
    r = coordinator.patch(f"/api/v1/submissions/{sub['id']}", json={"follow_up_date": today()})
    assert r.status_code == 200 and r.json()["follow_up_date"] == today()

    def follow_up_notes() -> list[Notification]:
        return (
            db.execute(
                select(Notification).where(
                    Notification.case_id == case["id"], Notification.kind == "follow_up_due"
                )
            )
            .scalars()
            .all()
        )

    assert submissions.notify_due_follow_ups(db) == 1
    db.commit()
    first = follow_up_notes()
    assert first, "the authors are notified"
    assert submissions.notify_due_follow_ups(db) == 0  # once per date
    db.commit()
    assert len(follow_up_notes()) == len(first)
    summary = coordinator.get(f"/api/v1/cases/{case['id']}/submissions-summary").json()
    assert summary["jurisdictions"][0]["submission"]["follow_up_due"] is True

    # A new date raises a new one when it comes.
    r = coordinator.patch(f"/api/v1/submissions/{sub['id']}", json={"follow_up_date": today(7)})
    assert r.status_code == 200
    assert submissions.notify_due_follow_ups(db) == 0
    assert submissions.notify_due_follow_ups(db, today=datetime.now(UTC).date() + timedelta(days=7)) == 1
    db.commit()
    assert len(follow_up_notes()) == 2 * len(first)
    titles = {n.title for n in follow_up_notes()}
    assert titles == {"Follow-up due for Zarechny detentions"}

    # Clearing it; and no follow-up once the government has decided.
    cleared = coordinator.patch(f"/api/v1/submissions/{sub['id']}", json={"follow_up_date": None})
    assert cleared.json()["follow_up_date"] is None
    for step in ("acknowledged", "under_consideration", "declined"):
        assert status(coordinator, sub["id"], step).status_code == 200
    r = coordinator.patch(f"/api/v1/submissions/{sub['id']}", json={"follow_up_date": today(3)})
    assert r.status_code == 409


def test_submissions_are_tenant_scoped(as_, packaged):
    coordinator, other = as_["coordinator_a"], as_["researcher_b"]
    _, pkgs = packaged
    sub_id = coordinator.get(f"/api/v1/packages/{pkgs['us']['id']}/submission").json()["id"]
    assert other.get(f"/api/v1/submissions/{sub_id}").status_code == 404
    assert as_["org_admin_b"].get(f"/api/v1/submissions/{sub_id}").status_code == 404
    assert as_["researcher_a"].get(f"/api/v1/submissions/{sub_id}").status_code == 200
    assert (
        as_["coordinator_b"].post(f"/api/v1/submissions/{sub_id}/status", json={"status": "x"}).status_code
        == 422
    )
    assert coordinator.get("/api/v1/submissions/nope").status_code == 404
