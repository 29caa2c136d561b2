"""Each evidence item says, per jurisdiction, whether a package built now would carry it, and why not
(issue #15 item 7: "will not be sent to …, because …"), by the rules the package build applies."""

from __future__ import annotations

from sqlalchemy import update

from app.models.evidence import Evidence, SanitiseStatus, ScanStatus
from tests.api.test_evidence import as_, case, jpeg_with_gps, settings, upload
from tests.support.review_flow import new_case

__all__ = ["as_", "case", "settings"]


def sending(ev: dict) -> dict[str, tuple[bool, str | None]]:
    return {s["jurisdiction"]: (s["sent"], s["reason"]) for s in ev["sending"]}


def test_public_item_is_sent_where_cleared_and_says_why_not_elsewhere(as_, case, settings, db):
    api = as_["researcher_a"]
    r = upload(
        api, case["id"], jpeg_with_gps(), "gate.jpg", title="Gate", sensitivity="public", share_with="uk,eu"
    )
    assert r.status_code == 201, r.text
    ev = api.get(f"/api/v1/evidence/{r.json()['id']}").json()
    assert ev["sanitise_status"] == "done"
    plan = sending(ev)
    assert set(plan) == {"us", "uk", "ca", "eu"}
    assert plan["us"] == (False, "it is not cleared for this jurisdiction")
    assert plan["ca"][0] is False
    # No scanner here, and this coalition sends no unscanned evidence.
    assert plan["uk"][0] is False and "not scanned for malware" in plan["uk"][1]
    # Scanned clean (as clamd would mark it): cleared jurisdictions get it.
    db.execute(update(Evidence).where(Evidence.id == ev["id"]).values(scan_status=ScanStatus.clean))
    db.commit()
    plan = sending(api.get(f"/api/v1/evidence/{ev['id']}").json())
    assert plan["uk"] == (True, None) and plan["eu"] == (True, None)
    assert plan["us"][0] is False and plan["ca"][0] is False


def test_confidential_and_failed_sanitising_are_named(as_, case, settings, db):
    api = as_["researcher_a"]
    conf = upload(
        api, case["id"], jpeg_with_gps(), "c.jpg", title="C", sensitivity="confidential", share_with="us"
    )
    plan = sending(api.get(f"/api/v1/evidence/{conf.json()['id']}").json())
    assert plan["us"][0] is False and "confidential" in plan["us"][1]

    pub = upload(api, case["id"], jpeg_with_gps(), "p.jpg", title="P", sensitivity="public", share_with="us")
    ev_id = pub.json()["id"]
    db.execute(
        update(Evidence)
        .where(Evidence.id == ev_id)
        .values(
            scan_status=ScanStatus.clean,
            sanitise_status=SanitiseStatus.failed,
            sanitise_detail="mat2 exited 1",
            derivative_key=None,
        )
    )
    db.commit()
    ev = api.get(f"/api/v1/evidence/{ev_id}").json()
    sent, reason = sending(ev)["us"]
    assert sent is False and "sanitising failed (mat2 exited 1)" in reason
    # The list says the same as the item.
    listed = api.get(f"/api/v1/cases/{case['id']}/evidence").json()["items"]
    assert sending(next(i for i in listed if i["id"] == ev_id))["us"] == (sent, reason)


def test_a_coordinator_sees_the_plan_of_a_submitted_case(as_, settings):
    api = as_["researcher_a"]
    c = new_case(api)
    r = upload(api, c["id"], jpeg_with_gps(), "x.jpg", title="X", sensitivity="public", share_with="ca")
    assert r.status_code == 201
    ev = api.get(f"/api/v1/evidence/{r.json()['id']}").json()
    assert sending(ev)["us"] == (False, "it is not cleared for this jurisdiction")
