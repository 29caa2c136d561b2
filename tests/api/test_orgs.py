from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update

from app.db import utcnow
from app.models.identity import Invitation
from tests.conftest import Api, outbox


def _org_id(api: Api) -> str:
    return api.get("/api/v1/me").json()["organization"]["id"]


def _invite_token(settings, email: str) -> str:
    mail = next(m for m in reversed(outbox(settings)) if email in m)
    return re.search(r"#token=([A-Za-z0-9_\-]+)", mail).group(1)


def test_coalition_admin_creates_ngo_and_invites_its_admin(as_, anon, settings):
    admin = as_["coalition_admin"]
    r = admin.post("/api/v1/orgs", json={"name": "Harbour Justice Project", "country": "ph"})
    assert r.status_code == 201, r.text
    org = r.json()
    assert org["kind"] == "ngo" and org["country"] == "PH"
    assert admin.post("/api/v1/orgs", json={"name": "harbour justice project"}).status_code == 409
    r = admin.post(
        f"/api/v1/orgs/{org['id']}/invitations", json={"email": "Chief@Harbour.example", "role": "org_admin"}
    )
    assert r.status_code == 201, r.text
    token = _invite_token(settings, "chief@harbour.example")
    info = anon.post("/api/v1/invitations/lookup", json={"token": token}).json()
    assert info["organization"] == "Harbour Justice Project" and info["role"] == "org_admin"
    r = anon.post(
        "/api/v1/invitations/accept",
        json={"token": token, "display_name": "Hana Harbour", "password": "a-long-enough-password"},
    )
    assert r.status_code == 201, r.text
    client = TestClient(anon.client.app)
    r = client.post(
        "/api/v1/auth/login", json={"email": "chief@harbour.example", "password": "a-long-enough-password"}
    )
    assert r.status_code == 200 and r.json()["me"]["role"] == "org_admin"
    # Reuse of the link is refused.
    r = anon.post(
        "/api/v1/invitations/accept",
        json={"token": token, "display_name": "X", "password": "a-long-enough-password"},
    )
    assert r.status_code == 404 and "already been used" in r.json()["detail"]


def test_coalition_admin_invites_coordinator(as_, settings, anon):
    admin = as_["coalition_admin"]
    coalition = _org_id(admin)
    r = admin.post(
        f"/api/v1/orgs/{coalition}/invitations",
        json={"email": "new.coord@coalition.example", "role": "coordinator"},
    )
    assert r.status_code == 201
    # An NGO role makes no sense in the coalition.
    r = admin.post(
        f"/api/v1/orgs/{coalition}/invitations", json={"email": "z@coalition.example", "role": "researcher"}
    )
    assert r.status_code == 422


def test_org_admin_invites_researcher_who_accepts(as_, anon, settings):
    org_admin = as_["org_admin_a"]
    org = _org_id(org_admin)
    r = org_admin.post(
        f"/api/v1/orgs/{org}/invitations", json={"email": "new@lantern.example", "role": "researcher"}
    )
    assert r.status_code == 201
    token = _invite_token(settings, "new@lantern.example")
    short = anon.post(
        "/api/v1/invitations/accept", json={"token": token, "display_name": "N", "password": "short"}
    )
    assert short.status_code == 422 and short.json()["errors"][0]["loc"] == ["body", "password"]
    ok = anon.post(
        "/api/v1/invitations/accept",
        json={"token": token, "display_name": "Nadia New", "password": "another-long-password"},
    )
    assert ok.status_code == 201
    members = org_admin.get(f"/api/v1/orgs/{org}/members").json()
    assert any(m["email"] == "new@lantern.example" and m["role"] == "researcher" for m in members)


def test_expired_and_revoked_invitations_refused(as_, anon, settings, db):
    org_admin = as_["org_admin_a"]
    org = _org_id(org_admin)
    inv = org_admin.post(
        f"/api/v1/orgs/{org}/invitations", json={"email": "late@lantern.example", "role": "researcher"}
    ).json()
    token = _invite_token(settings, "late@lantern.example")
    db.execute(
        update(Invitation)
        .where(Invitation.id == inv["id"])
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.commit()
    r = anon.post(
        "/api/v1/invitations/accept",
        json={"token": token, "display_name": "L", "password": "another-long-password"},
    )
    assert r.status_code == 404
    inv2 = org_admin.post(
        f"/api/v1/orgs/{org}/invitations", json={"email": "gone@lantern.example", "role": "researcher"}
    ).json()
    token2 = _invite_token(settings, "gone@lantern.example")
    assert org_admin.delete(f"/api/v1/orgs/{org}/invitations/{inv2['id']}").status_code == 204
    assert anon.post("/api/v1/invitations/lookup", json={"token": token2}).status_code == 404


def test_cannot_invite_someone_already_in_an_org(as_):
    org_admin = as_["org_admin_a"]
    r = org_admin.post(
        f"/api/v1/orgs/{_org_id(org_admin)}/invitations",
        json={"email": "researcher@ledger.example", "role": "researcher"},
    )
    assert r.status_code == 409


def test_role_change_revokes_sessions_and_is_audited(as_, login):
    org_admin = as_["org_admin_a"]
    org = _org_id(org_admin)
    researcher = login("researcher_a")
    uid = researcher.get("/api/v1/me").json()["id"]
    r = org_admin.patch(f"/api/v1/orgs/{org}/members/{uid}", json={"role": "org_admin"})
    assert r.status_code == 200 and r.json()["role"] == "org_admin"
    assert researcher.get("/api/v1/me").status_code == 401
    assert login("researcher_a").get("/api/v1/me").json()["role"] == "org_admin"
    events = (
        as_["coalition_admin"]
        .get("/api/v1/audit/events", params={"action": "member.role_changed", "target_id": uid})
        .json()
    )
    assert events and events[0]["data"] == {"from": "researcher", "to": "org_admin"}


def test_last_admin_cannot_be_demoted_or_removed(as_):
    org_admin = as_["org_admin_a"]
    org = _org_id(org_admin)
    uid = org_admin.get("/api/v1/me").json()["id"]
    assert (
        org_admin.patch(f"/api/v1/orgs/{org}/members/{uid}", json={"role": "researcher"}).status_code == 409
    )
    assert org_admin.delete(f"/api/v1/orgs/{org}/members/{uid}").status_code == 409


def test_remove_member_disables_account(as_, login, anon):
    org_admin = as_["org_admin_a"]
    org = _org_id(org_admin)
    researcher = login("researcher_a")
    uid = researcher.get("/api/v1/me").json()["id"]
    assert org_admin.delete(f"/api/v1/orgs/{org}/members/{uid}").status_code == 204
    assert researcher.get("/api/v1/me").status_code == 401
    r = anon.post(
        "/api/v1/auth/login", json={"email": "researcher@lantern.example", "password": "demo-password-2026"}
    )
    assert r.status_code == 401


def test_researcher_cannot_manage_members(as_):
    researcher = as_["researcher_a"]
    org = _org_id(researcher)
    assert researcher.get(f"/api/v1/orgs/{org}/members").status_code == 403
    r = researcher.post(
        f"/api/v1/orgs/{org}/invitations", json={"email": "x@y.example", "role": "researcher"}
    )
    assert r.status_code == 403


def test_invitation_bad_email_is_422(as_):
    org_admin = as_["org_admin_a"]
    r = org_admin.post(
        f"/api/v1/orgs/{_org_id(org_admin)}/invitations", json={"email": "not-an-email", "role": "researcher"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "email"]
