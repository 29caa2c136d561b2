"""A notification keeps what it says as codes and values (`detail`), for the web app to word in the
reader's language; its English title and body stay as they were."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_submissions import built, send, status
from tests.support.flows import LazyLogins, approved_case


@pytest.fixture
def as_(login: Any) -> LazyLogins:
    return LazyLogins(login)


def test_status_change_notification_carries_codes_and_values(as_: LazyLogins, db: Any) -> None:
    coordinator, researcher = as_["coordinator_a"], as_["researcher_a"]
    case = approved_case(as_, db)
    pkg = built(coordinator, case["id"], "uk")["uk"]
    r = send(coordinator, pkg)
    assert r.status_code == 200, r.text
    sub_id = r.json()["id"]
    for step in ("acknowledged", "under_consideration"):
        r = status(coordinator, sub_id, step)
        assert r.status_code == 200, r.text
    items = researcher.get("/api/v1/notifications").json()["items"]
    (latest, *_) = [n for n in items if n["kind"] == "submission_status"]
    assert latest["detail"] == {
        "case_title": case["title"],
        "status": "under_consideration",
        "jurisdiction": "uk",
    }
    assert latest["title"] == f"Submission update for {case['title']}"
    assert latest["body"] == "Status: under_consideration (uk)"
    # Another organisation's people are told nothing of it.
    assert all(
        n["case_id"] != case["id"] for n in as_["researcher_b"].get("/api/v1/notifications").json()["items"]
    )


def test_reason_is_kept_as_typed(as_: LazyLogins) -> None:
    from tests.support.review_flow import new_case, submit

    researcher, coordinator = as_["researcher_a"], as_["coordinator_a"]
    case = new_case(researcher)
    submit(researcher, case["id"])
    assert coordinator.post(f"/api/v1/review/cases/{case['id']}/assign", json={}).status_code == 200
    rev = coordinator.get(f"/api/v1/cases/{case['id']}").json()["revision_number"]
    c = coordinator.post(
        f"/api/v1/cases/{case['id']}/comments",
        json={"path": "perpetrators[0].positions", "body": "Give the exact dates of command."},
    )
    assert c.status_code == 201, c.text
    r = coordinator.post(
        f"/api/v1/review/cases/{case['id']}/decisions",
        json={"decision": "request_changes", "revision": rev, "reason": "Add the dates of detention"},
    )
    assert r.status_code == 200, r.text
    items = researcher.get("/api/v1/notifications").json()["items"]
    (n, *_) = [x for x in items if x["kind"] == "changes_requested" and x["case_id"] == case["id"]]
    assert n["detail"] == {"case_title": case["title"], "reason": "Add the dates of detention"}
