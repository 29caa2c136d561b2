"""The change feed `GET /api/v1/events?after=<cursor>` (app/workflows/change_feed.py).

A receiver that was down catches up on every event it missed exactly once, in order, by following the
cursor; the events are those its webhooks carry (ids and states, no content); another organisation sees
none of them; the coalition hears a case from its submission on; cursors are validated.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.models.notify import WebhookDelivery
from app.workflows.webhooks import WEBHOOK_EVENTS
from tests.conftest import Api
from tests.support.review_flow import approved_case, new_case, submit

EVENTS = "/api/v1/events"


@pytest.fixture
def token_client(app, as_):
    def make(who: str, scopes: list[str]) -> Api:
        r = as_[who].post("/api/v1/tokens", json={"name": "feed reader", "scopes": scopes})
        assert r.status_code == 201, r.text
        return Api(TestClient(app), bearer=r.json()["token"])

    return make


def read_all(api: Api, cursor: str | None, limit: int = 2) -> tuple[list[dict], str]:
    """Follow the feed from `cursor` until it has nothing more; the events and the last cursor."""
    seen: list[dict] = []
    for _ in range(100):
        params = {"limit": str(limit), **({"after": cursor} if cursor else {})}
        r = api.get(EVENTS, params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        seen += page["events"]
        assert len(page["events"]) <= limit
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return seen, cursor
    raise AssertionError("the feed never ended")


def reject(as_, case_id: str) -> None:
    a = as_["coordinator_a"]
    assert a.post(f"/api/v1/review/cases/{case_id}/assign", json={}).status_code == 200
    revision = a.get(f"/api/v1/cases/{case_id}").json()["revision_number"]
    r = a.post(
        f"/api/v1/review/cases/{case_id}/decisions",
        json={"decision": "reject", "revision": revision, "reason": "Outside the regimes' scope"},
    )
    assert r.status_code == 200, r.text


def test_receiver_down_catches_up_exactly_once_in_order(as_, token_client, job_runner, db):
    job_runner(None)  # webhook deliveries stay queued: the receiver is down
    admin_a = as_["org_admin_a"]
    hook = admin_a.post(
        "/api/v1/webhooks", json={"url": "https://hooks.example/in", "events": list(WEBHOOK_EVENTS)}
    )
    assert hook.status_code == 201, hook.text
    feed = token_client("org_admin_a", ["cases:read"])
    # Start from the feed's current end: test files that run on committed data (live servers, other
    # workers' order) may have left events of this organisation before this test.
    before, cursor = read_all(feed, None, limit=100)

    # The outage: two cases through review.
    one = approved_case(as_, title="Feed case one")
    two = new_case(as_["researcher_a"], title="Feed case two")
    submit(as_["researcher_a"], two["id"])
    reject(as_, two["id"])

    missed, cursor = read_all(feed, cursor, limit=1)
    assert [(e["event"], e["case"]["id"]) for e in missed] == [
        ("case.submitted", one["id"]),
        ("case.approved", one["id"]),
        ("case.submitted", two["id"]),
        ("case.rejected", two["id"]),
    ]
    assert len({e["event_id"] for e in missed}) == len({e["cursor"] for e in missed}) == 4
    assert missed[-1]["case"]["status"] == "rejected" and missed[0]["case"]["org_id"] == one["org_id"]
    # The events its webhooks carry (queued while it was down, oldest last), and no case content.
    deliveries = admin_a.get(f"/api/v1/webhooks/{hook.json()['id']}/deliveries").json()
    assert [d["event"] for d in reversed(deliveries)] == [e["event"] for e in missed]
    # ...with the same event ids (receivers deduplicate across webhooks and the feed on them).
    payloads = db.execute(
        select(WebhookDelivery.payload).where(WebhookDelivery.endpoint_id == hook.json()["id"])
    ).scalars()
    assert {p["event_id"] for p in payloads} == {e["event_id"] for e in missed}
    text = json.dumps(missed)
    assert "Feed case" not in text and "Outside the regimes" not in text

    # Read again from the same cursor: nothing, and the cursor holds.
    again = feed.get(EVENTS, params={"after": cursor}).json()
    assert again == {"events": [], "next_cursor": cursor, "has_more": False}
    # A later event arrives once, after the ones already read; the whole feed from the start is the
    # same sequence (the cursor is durable: any earlier one resumes from there).
    three = new_case(as_["researcher_a"], title="Feed case three")
    submit(as_["researcher_a"], three["id"])
    later, _ = read_all(feed, cursor)
    assert [(e["event"], e["case"]["id"]) for e in later] == [("case.submitted", three["id"])]
    whole, _ = read_all(feed, None, limit=500)
    assert [e["event_id"] for e in whole] == [e["event_id"] for e in before + missed + later]
    resumed, _ = read_all(feed, missed[1]["cursor"])
    assert [e["event_id"] for e in resumed] == [e["event_id"] for e in missed[2:] + later]


def test_other_organisations_see_none_and_the_coalition_from_submission(as_, token_client, job_runner):
    job_runner(None)
    draft = new_case(as_["researcher_a"], title="Never submitted")
    case = approved_case(as_, title="Reviewed")
    ours = {draft["id"], case["id"]}

    for who in ("org_admin_b", "researcher_b"):
        events, _ = read_all(as_[who], None, limit=500)
        assert not ours & {e["case"]["id"] for e in events}, who
    other_token = token_client("org_admin_b", ["cases:read"])
    events, _ = read_all(other_token, None, limit=500)
    assert not ours & {e["case"]["id"] for e in events}

    coalition, _ = read_all(as_["coordinator_a"], None, limit=500)
    mine = [(e["event"], e["case"]["id"]) for e in coalition if e["case"]["id"] in ours]
    assert mine == [("case.submitted", case["id"]), ("case.approved", case["id"])]
    # The researcher's own session reads its organisation's feed too (cases:read).
    own, _ = read_all(as_["researcher_a"], None, limit=500)
    assert [e["event"] for e in own if e["case"]["id"] == case["id"]] == ["case.submitted", "case.approved"]
    # The same event has one id for every organisation that hears it.
    assert {e["event_id"] for e in own if e["case"]["id"] == case["id"]} == {
        e["event_id"] for e in coalition if e["case"]["id"] == case["id"]
    }


def test_cursor_and_limit_are_validated(as_, token_client):
    feed = token_client("org_admin_a", ["cases:read"])
    for bad in ("nonsense", "MTox", "Mjo1OjY"):  # garbage; "1:1" (too short); version 2
        r = feed.get(EVENTS, params={"after": bad})
        assert r.status_code == 422, (bad, r.text)
        assert r.json()["errors"][0]["loc"] == ["query", "after"]
    assert feed.get(EVENTS, params={"limit": "0"}).status_code == 422
    assert feed.get(EVENTS, params={"limit": "501"}).status_code == 422
    # A token without cases:read may not read it.
    no_read = token_client("org_admin_a", ["admin"])
    assert no_read.get(EVENTS).status_code == 403
