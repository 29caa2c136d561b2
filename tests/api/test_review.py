from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.models.audit import AuditEvent
from tests.conftest import outbox
from tests.support.review_flow import approve, new_case, realistic_content, submit


def _case_url(case):
    return f"/api/v1/cases/{case['id']}"


def test_whole_loop(as_, settings, db):
    researcher, a, b = as_["researcher_a"], as_["coordinator_a"], as_["coordinator_b"]
    case = new_case(researcher)
    # Drafts never reach the queue.
    assert case["id"] not in [i["id"] for i in a.get("/api/v1/review/queue").json()["items"]]
    submitted = submit(researcher, case["id"])
    assert submitted["status"] == "submitted"
    queue = a.get("/api/v1/review/queue").json()
    assert case["id"] in [i["id"] for i in queue["items"]] and queue["counts"]["submitted"] >= 1

    r = a.post(f"/api/v1/review/cases/{case['id']}/assign", json={})
    assert r.status_code == 200
    assert a.get(_case_url(case)).json()["status"] == "in_review"
    assert a.get("/api/v1/review/queue", params={"assignee": "me"}).json()["items"][0]["id"] == case["id"]

    # Request changes needs an open comment.
    rev = a.get(_case_url(case)).json()["revision_number"]
    r = a.post(
        f"/api/v1/review/cases/{case['id']}/decisions", json={"decision": "request_changes", "revision": rev}
    )
    assert r.status_code == 422 and "open comment" in r.json()["detail"]
    c = a.post(
        f"{_case_url(case)}/comments",
        json={"path": "perpetrators[0].positions", "body": "Give the exact dates of command."},
    )
    assert c.status_code == 201, c.text
    comment = c.json()
    r = a.post(
        f"/api/v1/review/cases/{case['id']}/decisions",
        json={"decision": "request_changes", "revision": rev, "reason": "dates"},
    )
    assert r.status_code == 200 and r.json()["case_status"] == "changes_requested"

    # The researcher answers in the thread, edits, and resubmits.
    reply = researcher.post(
        f"{_case_url(case)}/comments",
        json={"parent_id": comment["id"], "body": "Added: command from 2014-09-01."},
    )
    assert reply.status_code == 201 and reply.json()["path"] == "perpetrators[0].positions"
    current = researcher.get(_case_url(case)).json()
    content = current["content"]
    content["perpetrators"][0]["positions"][0]["start_date"] = "2014-09-01"
    r = researcher.put(
        _case_url(case), json={"content": content}, headers={"If-Match": f'"{current["version"]}"'}
    )
    assert r.status_code == 200, r.text
    assert researcher.post(f"{_case_url(case)}/comments/{comment['id']}/resolve").status_code == 200
    submit(researcher, case["id"])

    # The reviewer sees exactly what changed since the revision they reviewed.
    since = a.get(f"/api/v1/review/cases/{case['id']}/since-reviewed").json()
    assert since["from_revision"] == rev and since["to_revision"] == rev + 1
    assert [ch["path"] for ch in since["changes"]] == ["perpetrators[0].positions[0].start_date"]

    approve(a, b, case["id"])
    state = researcher.get(f"{_case_url(case)}/review").json()
    assert state["approvals"] == 2 and len([d for d in state["decisions"] if d["decision"] == "approve"]) == 2

    actions = [
        e.action
        for e in db.execute(
            select(AuditEvent).where(AuditEvent.target_id == case["id"]).order_by(AuditEvent.seq)
        ).scalars()
    ]
    for needed in (
        "case.submit",
        "review.assigned",
        "case.start_review",
        "review.decision.request_changes",
        "case.request_changes",
        "review.decision.approve",
        "case.approve",
    ):
        assert needed in actions, needed

    # E-mails went out (dev outbox here; SMTP is tested separately).
    mails = outbox(settings)
    assert any("Changes requested" in m and "researcher@lantern.example" in m for m in mails)
    assert any("Case approved" in m for m in mails)
    assert all("Громов" not in m for m in mails)  # no case content in e-mail


def _in_review(as_):
    case = new_case(as_["researcher_a"])
    submit(as_["researcher_a"], case["id"])
    as_["coordinator_a"].post(f"/api/v1/review/cases/{case['id']}/assign", json={})
    return as_["coordinator_a"].get(_case_url(case)).json()


def test_same_coordinator_cannot_approve_twice(as_):
    case = _in_review(as_)
    a = as_["coordinator_a"]
    body = {"decision": "approve", "revision": case["revision_number"]}
    assert a.post(f"/api/v1/review/cases/{case['id']}/decisions", json=body).json()["approvals"] == 1
    r = a.post(f"/api/v1/review/cases/{case['id']}/decisions", json=body)
    assert r.status_code == 409
    assert a.get(_case_url(case)).json()["status"] == "in_review"


def test_approval_of_an_old_revision_refused_and_new_revision_voids_approvals(as_):
    case = _in_review(as_)
    a, b, researcher = as_["coordinator_a"], as_["coordinator_b"], as_["researcher_a"]
    rev = case["revision_number"]
    a.post(f"/api/v1/review/cases/{case['id']}/decisions", json={"decision": "approve", "revision": rev})
    a.post(f"{_case_url(case)}/comments", json={"path": "victims", "body": "How many?"})
    b.post(
        f"/api/v1/review/cases/{case['id']}/decisions", json={"decision": "request_changes", "revision": rev}
    )
    cur = researcher.get(_case_url(case)).json()
    content = cur["content"]
    content["victims"]["count"] = 41
    researcher.put(_case_url(case), json={"content": content}, headers={"If-Match": f'"{cur["version"]}"'})
    submit(researcher, case["id"])
    a.post(f"/api/v1/review/cases/{case['id']}/assign", json={})
    r = b.post(f"/api/v1/review/cases/{case['id']}/decisions", json={"decision": "approve", "revision": rev})
    assert r.status_code == 409 and r.json()["current_revision"] == rev + 1
    r = b.post(
        f"/api/v1/review/cases/{case['id']}/decisions", json={"decision": "approve", "revision": rev + 1}
    )
    # A's approval was for the old revision: it no longer counts.
    assert r.status_code == 200 and r.json()["approvals"] == 1 and r.json()["case_status"] == "in_review"


def test_researcher_cannot_approve_or_see_queue(as_):
    case = _in_review(as_)
    r = as_["researcher_a"].post(
        f"/api/v1/review/cases/{case['id']}/decisions",
        json={"decision": "approve", "revision": case["revision_number"]},
    )
    assert r.status_code == 403
    assert as_["researcher_a"].get("/api/v1/review/queue").status_code == 403
    assert as_["org_admin_a"].post(f"/api/v1/review/cases/{case['id']}/assign", json={}).status_code == 403


def test_conflicted_coordinator_excluded(as_):
    case = _in_review(as_)
    b = as_["coordinator_b"]
    org_a = as_["researcher_a"].get("/api/v1/me").json()["organization"]["id"]
    r = b.post("/api/v1/review/conflicts", json={"org_id": org_a, "reason": "Worked at Lantern until 2024"})
    assert r.status_code == 201
    r = b.post(
        f"/api/v1/review/cases/{case['id']}/decisions",
        json={"decision": "approve", "revision": case["revision_number"]},
    )
    assert r.status_code == 403 and "conflict of interest" in r.json()["detail"]
    b_id = b.get("/api/v1/me").json()["id"]
    r = as_["coordinator_a"].post(f"/api/v1/review/cases/{case['id']}/assign", json={"coordinator_id": b_id})
    assert r.status_code == 409


def test_reject_needs_reason(as_):
    case = _in_review(as_)
    a = as_["coordinator_a"]
    r = a.post(
        f"/api/v1/review/cases/{case['id']}/decisions",
        json={"decision": "reject", "revision": case["revision_number"]},
    )
    assert r.status_code == 422
    r = a.post(
        f"/api/v1/review/cases/{case['id']}/decisions",
        json={"decision": "reject", "revision": case["revision_number"], "reason": "Out of mandate"},
    )
    assert r.status_code == 200 and r.json()["case_status"] == "rejected"
    r = a.post(
        f"/api/v1/review/cases/{case['id']}/decisions",
        json={"decision": "approve", "revision": case["revision_number"]},
    )
    assert r.status_code == 409 and r.json()["allowed_transitions"] == []


def test_submit_requires_readiness_with_missing_fields(as_):
    researcher = as_["researcher_a"]
    case = new_case(researcher, content={"perpetrators": [{"name": "Unknown officer"}]}, targets=("uk",))
    r = researcher.post(f"{_case_url(case)}/submit")
    assert r.status_code == 422
    body = r.json()
    assert "uk" in body["missing"] and body["missing"]["uk"]
    assert researcher.get(_case_url(case)).json()["status"] == "draft"


def test_forbidden_transition_names_allowed_ones(as_):
    researcher = as_["researcher_a"]
    case = new_case(researcher)
    submit(researcher, case["id"])
    r = researcher.post(f"{_case_url(case)}/submit")
    assert r.status_code == 409 and r.json()["allowed_transitions"] == ["start_review", "withdraw"]


def test_comment_paths_validated_and_threads(as_):
    case = _in_review(as_)
    a = as_["coordinator_a"]
    assert (
        a.post(f"{_case_url(case)}/comments", json={"path": "'; drop table", "body": "x"}).status_code == 422
    )
    assert (
        a.post(f"{_case_url(case)}/comments", json={"path": "nonsense.field", "body": "x"}).status_code == 422
    )
    # Authors can't open new threads, only reply.
    r = as_["researcher_a"].post(f"{_case_url(case)}/comments", json={"path": "victims", "body": "x"})
    assert r.status_code == 403
    # Other tenants can't see or comment.
    assert as_["researcher_b"].get(f"{_case_url(case)}/comments").status_code == 404
    c = a.post(f"{_case_url(case)}/comments", json={"path": "abuses[0].incidents", "body": "Source?"}).json()
    assert a.post(f"{_case_url(case)}/comments/{c['id']}/resolve").json()["resolved_at"]
    assert a.post(f"{_case_url(case)}/comments/{c['id']}/reopen").json()["resolved_at"] is None


def test_queue_filters_and_sort(as_):
    researcher, a = as_["researcher_a"], as_["coordinator_a"]
    ids = []
    for i in range(3):
        case = new_case(researcher, title=f"Queued {i}")
        submit(researcher, case["id"])
        ids.append(case["id"])
    q = a.get("/api/v1/review/queue", params={"unassigned": True}).json()
    mine = [i["id"] for i in q["items"] if i["id"] in ids]
    assert mine == ids  # oldest waiting first
    org_b = as_["researcher_b"].get("/api/v1/me").json()["organization"]["id"]
    assert a.get("/api/v1/review/queue", params={"org_id": org_b}).json()["items"] == []
    r = a.get(
        "/api/v1/review/queue", params={"country": "RU", "category": "torture", "victim_group": "women"}
    )
    assert set(ids) <= {i["id"] for i in r.json()["items"]}
    assert set(ids).isdisjoint(
        i["id"] for i in a.get("/api/v1/review/queue", params={"waiting_days": 5}).json()["items"]
    )
    assert a.get("/api/v1/review/queue", params={"country": "ZZZ"}).status_code == 422


def test_release_and_reassign(as_):
    case = _in_review(as_)
    a, b = as_["coordinator_a"], as_["coordinator_b"]
    assert b.post(f"/api/v1/review/cases/{case['id']}/release").status_code == 403
    b_id = b.get("/api/v1/me").json()["id"]
    r = a.post(f"/api/v1/review/cases/{case['id']}/assign", json={"coordinator_id": b_id})
    assert r.status_code == 200 and r.json()["coordinator_id"] == b_id
    assert b.post(f"/api/v1/review/cases/{case['id']}/release").status_code == 204
    q = a.get("/api/v1/review/queue", params={"unassigned": True}).json()
    assert case["id"] in [i["id"] for i in q["items"]]


def test_notifications_list_read_and_mute(as_):
    researcher, a = as_["researcher_a"], as_["coordinator_a"]
    case = _in_review(as_)
    a.post(f"{_case_url(case)}/comments", json={"path": "victims", "body": "Please add the count source."})
    n = researcher.get("/api/v1/notifications").json()
    assert n["unread"] >= 1 and n["items"][0]["kind"] == "comment"
    assert researcher.post("/api/v1/notifications/read", json={}).json()["marked"] >= 1
    assert researcher.get("/api/v1/notifications").json()["unread"] == 0
    assert researcher.put("/api/v1/notifications/preferences", json={"muted": ["comment"]}).status_code == 200
    a.post(f"{_case_url(case)}/comments", json={"path": "abuses", "body": "And this."})
    assert researcher.get("/api/v1/notifications").json()["unread"] == 0
    assert researcher.put("/api/v1/notifications/preferences", json={"muted": ["bogus"]}).status_code == 422
    # Coordinators were told about the submission.
    kinds = {x["kind"] for x in as_["coordinator_b"].get("/api/v1/notifications").json()["items"]}
    assert "submitted" in kinds


def test_concurrent_takes_one_wins(live_login):
    researcher = live_login("researcher_a")
    a, b = live_login("coordinator_a"), live_login("coordinator_b")
    case = new_case(researcher)
    submit(researcher, case["id"])
    results: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def take(name, api):
        barrier.wait()
        results[name] = api.post(f"/api/v1/review/cases/{case['id']}/assign", json={}).status_code

    threads = [threading.Thread(target=take, args=("a", a)), threading.Thread(target=take, args=("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == [200, 409]


def test_concurrent_approvals_both_counted_exactly_one_transition(live_login, engine):
    researcher = live_login("researcher_a")
    a, b = live_login("coordinator_a"), live_login("coordinator_b")
    case = new_case(researcher)
    submit(researcher, case["id"])
    a.post(f"/api/v1/review/cases/{case['id']}/assign", json={})
    rev = a.get(_case_url(case)).json()["revision_number"]
    results = []
    barrier = threading.Barrier(2)

    def approve_(api):
        barrier.wait()
        r = api.post(
            f"/api/v1/review/cases/{case['id']}/decisions", json={"decision": "approve", "revision": rev}
        )
        results.append((r.status_code, r.json().get("case_status")))

    threads = [threading.Thread(target=approve_, args=(x,)) for x in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(s for s, _ in results) == [200, 200]
    assert sorted(st for _, st in results) == ["approved", "in_review"]
    assert a.get(_case_url(case)).json()["status"] == "approved"
    from sqlalchemy import text

    with engine.connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM audit_events WHERE target_id=:id AND action='case.approve'"),
            {"id": case["id"]},
        ).scalar_one()
    assert n == 1


@pytest.mark.parametrize("who", ["researcher_b", "org_admin_b"])
def test_other_ngo_cannot_touch_review(who, as_):
    case = _in_review(as_)
    api = as_[who]
    for method, path, body in [
        ("POST", f"/api/v1/cases/{case['id']}/submit", None),
        ("GET", f"/api/v1/cases/{case['id']}/comments", None),
        ("POST", f"/api/v1/cases/{case['id']}/comments", {"path": "victims", "body": "x"}),
        ("GET", f"/api/v1/cases/{case['id']}/review", None),
    ]:
        assert api.request(method, path, json=body).status_code == 404, (method, path)


def test_realistic_fixture_is_ready():
    assert realistic_content()["perpetrators"]


def _name(db, who):
    from app.models.identity import User
    from tests.conftest import DEMO

    return db.execute(select(User.display_name).where(User.email == DEMO[who])).scalar_one()


def test_comments_decisions_and_state_carry_names(as_, db):
    """The review screen shows who wrote, resolved and decided, and the case's NGO, by name."""
    from app.models.identity import Organization

    researcher, a, b = as_["researcher_a"], as_["coordinator_a"], as_["coordinator_b"]
    case = new_case(researcher)
    submit(researcher, case["id"])
    a.post(f"/api/v1/review/cases/{case['id']}/assign", json={})
    top = a.post(f"{_case_url(case)}/comments", json={"path": "victims", "body": "Source of the count?"})
    assert top.status_code == 201 and top.json()["author_name"] == _name(db, "coordinator_a")
    reply = researcher.post(
        f"{_case_url(case)}/comments", json={"parent_id": top.json()["id"], "body": "HRW"}
    )
    assert reply.json()["author_name"] == _name(db, "researcher_a")
    resolved = researcher.post(f"{_case_url(case)}/comments/{top.json()['id']}/resolve").json()
    assert resolved["resolved_by_name"] == _name(db, "researcher_a")
    listed = {c["id"]: c for c in b.get(f"{_case_url(case)}/comments").json()}
    assert listed[top.json()["id"]]["author_name"] == _name(db, "coordinator_a")
    assert listed[reply.json()["id"]]["author_name"] == _name(db, "researcher_a")
    assert _name(db, "coordinator_a") != _name(db, "researcher_a")

    approve(a, b, case["id"])
    state = researcher.get(f"{_case_url(case)}/review").json()
    org = db.execute(select(Organization.name).where(Organization.id == case["org_id"])).scalar_one()
    assert state["org_name"] == org and state["assignee_name"] == _name(db, "coordinator_a")
    assert sorted(d["coordinator_name"] for d in state["decisions"]) == sorted(
        [_name(db, "coordinator_a"), _name(db, "coordinator_b")]
    )
