"""Session control over HTTP: the list of one's sessions, revoking one or all, password change, and the
idle and absolute timeouts."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.db import utcnow
from app.models.auth import AuthSession
from app.models.identity import Organization, Role
from app.workflows.orgs import create_user_direct
from tests.conftest import DEMO, PASSWORD, Api


@pytest.fixture
def person(db) -> str:
    """A researcher of their own for each test: demo accounts may hold sessions committed by other
    tests (live_app), which would skew the counts here."""
    org = db.execute(select(Organization).where(Organization.name == "Lantern Rights Watch")).scalar_one()
    email = f"person-{secrets.token_hex(4)}@lantern.example"
    create_user_direct(db, org, email, "Pat Person", PASSWORD, Role.researcher)
    db.commit()
    return email


def sign_in(app: Any, who: str, user_agent: str, password: str = PASSWORD) -> Api:
    client = TestClient(app, headers={"user-agent": user_agent})
    r = client.post("/api/v1/auth/login", json={"email": DEMO.get(who, who), "password": password})
    assert r.status_code == 200, r.text
    return Api(client, csrf=r.json()["csrf_token"])


def current_id(api: Api) -> str:
    return next(s["id"] for s in api.get("/api/v1/auth/sessions").json() if s["current"])


def events(app: Any, action: str) -> list[dict[str, Any]]:
    """Read the audit chain as the coalition admin (signed in only now, not to skew session counts)."""
    admin = sign_in(app, "coalition_admin", "audit")
    return list(admin.get("/api/v1/audit/events", params={"action": action}).json())


def test_list_shows_own_open_sessions_with_device_ip_and_current_flag(person, app, login):
    laptop = sign_in(app, person, "Firefox on a laptop")
    phone = sign_in(app, person, "Safari on a phone")
    login("researcher_b")  # someone else's session is never listed
    listed = laptop.get("/api/v1/auth/sessions").json()
    assert {s["device"] for s in listed} == {"Firefox on a laptop", "Safari on a phone"}
    assert [s["current"] for s in listed].count(True) == 1
    mine = next(s for s in listed if s["current"])
    assert mine["device"] == "Firefox on a laptop" and mine["ip"] == "testclient"
    assert mine["auth_method"] == "password"
    assert {"created_at", "last_seen_at", "expires_at"} <= mine.keys()
    assert current_id(phone) != mine["id"]


def test_revoke_one_session(person, app):
    laptop = sign_in(app, person, "laptop")
    phone = sign_in(app, person, "phone")
    phone_id = current_id(phone)
    assert laptop.delete(f"/api/v1/auth/sessions/{phone_id}").status_code == 204
    r = phone.get("/api/v1/me")
    assert r.status_code == 401 and "ended" in r.json()["detail"]
    assert [s["device"] for s in laptop.get("/api/v1/auth/sessions").json()] == ["laptop"]
    revoked = events(app, "auth.session_revoked")
    assert revoked and revoked[0]["target_id"] == phone_id


def test_another_persons_session_is_not_found(person, app):
    mine = sign_in(app, person, "laptop")
    theirs = sign_in(app, "researcher_b", "laptop")
    r = mine.delete(f"/api/v1/auth/sessions/{current_id(theirs)}")
    assert r.status_code == 404
    assert theirs.get("/api/v1/me").status_code == 200


def test_revoking_the_current_session_signs_out(person, app):
    api = sign_in(app, person, "laptop")
    assert api.delete(f"/api/v1/auth/sessions/{current_id(api)}").status_code == 204
    assert api.get("/api/v1/me").status_code == 401


def test_sign_out_everywhere_keeping_or_not_the_current_session(person, app):
    a, b, c = (sign_in(app, person, ua) for ua in ("a", "b", "c"))
    r = a.post("/api/v1/auth/sessions/revoke-all")
    assert r.status_code == 200 and r.json() == {"revoked": 2}
    assert b.get("/api/v1/me").status_code == 401 and c.get("/api/v1/me").status_code == 401
    assert a.get("/api/v1/me").status_code == 200
    r = a.post("/api/v1/auth/sessions/revoke-all", json={"keep_current": False})
    assert r.status_code == 200 and r.json() == {"revoked": 1}
    assert a.get("/api/v1/me").status_code == 401
    logged = events(app, "auth.sessions_revoked")
    assert [e["data"] for e in logged[:2]] == [
        {"count": 1, "kept_current": False},
        {"count": 2, "kept_current": True},
    ]


def test_api_tokens_have_no_sessions(app, login):
    token = login("org_admin_a").post("/api/v1/tokens", json={"name": "ci", "scopes": ["cases:read"]})
    bearer = Api(TestClient(app), bearer=token.json()["token"])
    r = bearer.get("/api/v1/auth/sessions")
    assert r.status_code == 403 and "API token" in r.json()["detail"]


def test_password_change_needs_the_current_password_and_ends_other_sessions(person, app, anon):
    api = sign_in(app, person, "laptop")
    other = sign_in(app, person, "phone")
    new = "a-much-better-passphrase-2026"
    r = api.post("/api/v1/auth/password", json={"current_password": "wrong-one", "new_password": new})
    assert r.status_code == 403 and "current password" in r.json()["detail"]
    assert events(app, "auth.password_change_failed")  # kept despite the error
    r = api.post("/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": "short"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "new_password"]
    r = api.post("/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": PASSWORD})
    assert r.status_code == 422

    r = api.post("/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": new})
    assert r.status_code == 200 and r.json() == {"revoked": 1}
    assert other.get("/api/v1/me").status_code == 401
    assert api.get("/api/v1/me").status_code == 200
    old = anon.post("/api/v1/auth/login", json={"email": person, "password": PASSWORD})
    assert old.status_code == 401
    assert anon.post("/api/v1/auth/login", json={"email": person, "password": new}).status_code == 200
    changed = events(app, "auth.password_changed")
    assert changed and changed[0]["data"] == {"sessions_revoked": 1}


def test_wrong_current_passwords_count_towards_the_lockout(app, settings):
    api = sign_in(app, "researcher_b", "laptop")
    for _ in range(settings.login_lock_after):
        api.post("/api/v1/auth/password", json={"current_password": "guess-guess", "new_password": "x" * 20})
    r = api.post("/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": "y" * 20})
    assert r.status_code == 429


def test_idle_timeout_ends_the_session_and_is_audited(person, app, db, settings):
    api = sign_in(app, person, "laptop")
    session_id = current_id(api)
    row = db.get(AuthSession, session_id)
    row.last_seen_at = utcnow() - timedelta(minutes=settings.session_idle_minutes + 1)
    db.commit()
    r = api.get("/api/v1/me")
    assert r.status_code == 401 and "inactivity" in r.json()["detail"]
    db.expire_all()
    assert db.get(AuthSession, session_id).revoked_at is not None  # kept despite the 401
    timed_out = events(app, "auth.session_timed_out")
    assert timed_out and timed_out[0]["target_id"] == session_id


def test_activity_within_the_idle_limit_keeps_the_session(person, app, db, settings):
    api = sign_in(app, person, "laptop")
    row = db.get(AuthSession, current_id(api))
    row.last_seen_at = utcnow() - timedelta(minutes=settings.session_idle_minutes - 1)
    db.commit()
    assert api.get("/api/v1/me").status_code == 200
    db.expire_all()
    assert utcnow() - db.get(AuthSession, row.id).last_seen_at < timedelta(minutes=1)  # touched


def test_absolute_timeout_ends_even_an_active_session(person, app, db, settings):
    api = sign_in(app, person, "laptop")
    row = db.get(AuthSession, current_id(api))
    assert row.expires_at - row.created_at == timedelta(hours=settings.session_absolute_hours)
    row.expires_at = utcnow() - timedelta(seconds=1)
    row.last_seen_at = utcnow()
    db.commit()
    r = api.get("/api/v1/me")
    assert r.status_code == 401 and "maximum length" in r.json()["detail"]


def test_timed_out_sessions_are_not_listed(person, app, db, settings):
    api = sign_in(app, person, "laptop")
    stale = sign_in(app, person, "old phone")
    row = db.get(AuthSession, current_id(stale))
    row.last_seen_at = utcnow() - timedelta(minutes=settings.session_idle_minutes + 5)
    db.commit()
    assert [s["device"] for s in api.get("/api/v1/auth/sessions").json()] == ["laptop"]
    assert db.execute(select(AuthSession).where(AuthSession.id == row.id)).scalar_one().revoked_at is None
