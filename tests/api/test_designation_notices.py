"""Designation events are domain events like the others: the "designation" notification kind can be
muted, and its e-mails carry no names.

The events are emitted as app.workflows.designations.notify.announce emits them (matches.confirm,
lists' delistings); the flows that lead there are covered in tests/api/test_designations.py.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.models.cases import CaseFile
from app.models.identity import User
from app.models.notify import Notification
from app.workflows import events, notifications
from app.workflows.designations.notify import KIND, announce
from tests.support.review_flow import new_case

NOTICE = "Ivan ZARECHNY was removed from the UK Sanctions List (entry GHR0901), by the United Kingdom"


def _notices(db: Any, case_id: str) -> list[tuple[str, str, str]]:
    rows = db.execute(
        select(User.email, Notification.kind, Notification.title)
        .join(User, User.id == Notification.user_id)
        .where(Notification.case_id == case_id)
    ).tuples()
    return sorted(rows)


def test_designation_events_are_known_and_their_kind_can_be_muted(login: Any) -> None:
    assert {"designation.confirmed", "designation.rejected", "designation.delisted"} <= set(events.EVENTS)
    assert KIND == "designation" and KIND in notifications.ALL_KINDS
    researcher = login("researcher_a")
    r = researcher.get("/api/v1/notifications/preferences")
    assert r.status_code == 200 and "designation" in r.json()["kinds"]
    r = researcher.put("/api/v1/notifications/preferences", json={"muted": ["designation"]})
    assert r.status_code == 200 and r.json()["muted"] == ["designation"]
    bad = researcher.put("/api/v1/notifications/preferences", json={"muted": ["designations"]})
    assert bad.status_code == 422


def test_who_hears_of_designation_events_and_mutes(login: Any, db: Any, monkeypatch: Any) -> None:
    researcher, org_admin = login("researcher_a"), login("org_admin_a")
    case_id = new_case(researcher)["id"]
    case = db.execute(select(CaseFile).where(CaseFile.id == case_id)).scalar_one()
    # The public facts of a listing, as designation_data gives them (the webhook payload declares each).
    facts = {
        "list": "uk_sanctions_list",
        "jurisdiction": "uk",
        "entry_id": "e-1",
        "list_entry_id": "GHR0901",
        "programmes": ["Global Human Rights"],
        "listing_date": "2024-05-01",
    }
    data = {"match_id": "m-1", "jurisdiction": "uk", "status": "confirmed", "designation": facts}

    # A rejection tells nobody; a confirmation with a submission neither (submission.status_changed does).
    announce(db, "designation.rejected", case, actor=None, data=data)
    confirmed = {**data, "designation": {**facts, "civil_society_basis": True}, "submission_id": "s-1"}
    announce(db, "designation.confirmed", case, actor=None, data=confirmed)
    db.flush()
    assert _notices(db, case_id) == []

    # A delisting tells the NGO's people; the one who muted "designation" hears nothing.
    assert (
        org_admin.put("/api/v1/notifications/preferences", json={"muted": ["designation"]}).status_code == 200
    )
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(notifications, "defer", lambda _db, name, **kw: sent.append({"job": name, **kw}))
    announce(db, "designation.delisted", case, actor=None, data=data, notice=NOTICE)
    db.flush()
    notes = _notices(db, case_id)
    emails = {email for email, _, _ in notes}
    assert "researcher@lantern.example" in emails and "admin@lantern.example" not in emails
    assert all(kind == "designation" and title.startswith(NOTICE) for _, kind, title in notes)
    # E-mail says that something happened to which case, never who or which entry.
    assert sent and {m["job"] for m in sent} == {"mail.send"}
    for mail in sent:
        assert "ZARECHNY" not in mail["subject"] + mail["body"] and "GHR0901" not in mail["subject"]
        assert case_id in mail["subject"]
