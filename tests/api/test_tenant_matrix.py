"""Every identity endpoint, called by every role of another tenant, yields nothing it should not."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO


@pytest.fixture
def target(as_):
    """Objects belonging to NGO A (Lantern)."""
    admin_a = as_["org_admin_a"]
    me = admin_a.get("/api/v1/me").json()
    org = me["organization"]["id"]
    researcher_id = as_["researcher_a"].get("/api/v1/me").json()["id"]
    inv = admin_a.post(
        f"/api/v1/orgs/{org}/invitations", json={"email": "t@lantern.example", "role": "researcher"}
    ).json()
    tok = admin_a.post("/api/v1/tokens", json={"name": "a", "scopes": ["cases:read"]}).json()
    return {"org": org, "user": researcher_id, "inv": inv["id"], "token": tok["id"]}


CALLS = [
    ("GET", "/api/v1/orgs/{org}", None),
    ("GET", "/api/v1/orgs/{org}/members", None),
    ("PATCH", "/api/v1/orgs/{org}/members/{user}", {"role": "org_admin"}),
    ("DELETE", "/api/v1/orgs/{org}/members/{user}", None),
    ("GET", "/api/v1/orgs/{org}/invitations", None),
    ("POST", "/api/v1/orgs/{org}/invitations", {"email": "evil@x.example", "role": "researcher"}),
    ("DELETE", "/api/v1/orgs/{org}/invitations/{inv}", None),
    ("DELETE", "/api/v1/tokens/{token}", None),
]
OUTSIDERS = ["researcher_b", "org_admin_b", "coordinator_a"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_other_tenants_get_404(who, as_, target):
    api = as_[who]
    for method, path, body in CALLS:
        r = api.request(method, path.format(**target), json=body)
        assert r.status_code in (403, 404), (who, method, path, r.status_code)
        if "{org}" in path or "{token}" in path:
            # Existence is never confirmed: another tenant's objects are simply not found...
            # ...except where the role lacks the permission altogether (403 before any lookup).
            assert r.status_code == 404 or "allow" in r.json()["detail"], (who, method, path, r.text)
    listed = api.get("/api/v1/orgs").json()
    assert target["org"] not in [o["id"] for o in listed]
    tokens = api.get("/api/v1/tokens")
    if tokens.status_code == 200:
        assert target["token"] not in [t["id"] for t in tokens.json()]


def test_org_a_state_unchanged_after_attacks(as_, target):
    for who in OUTSIDERS:
        for method, path, body in CALLS:
            as_[who].request(method, path.format(**target), json=body)
    admin_a = as_["org_admin_a"]
    members = admin_a.get(f"/api/v1/orgs/{target['org']}/members").json()
    assert any(m["user_id"] == target["user"] and m["role"] == "researcher" for m in members)
    invs = admin_a.get(f"/api/v1/orgs/{target['org']}/invitations").json()
    assert next(i for i in invs if i["id"] == target["inv"])["revoked_at"] is None
    assert all(i["email"] != "evil@x.example" for i in invs)
    tokens = admin_a.get("/api/v1/tokens").json()
    assert next(t for t in tokens if t["id"] == target["token"])["revoked_at"] is None


def test_only_coalition_admin_creates_orgs_and_reads_audit(as_):
    for who in DEMO:
        r = as_[who].post("/api/v1/orgs", json={"name": f"Org by {who}"})
        assert r.status_code == (201 if who == "coalition_admin" else 403), who
        r = as_[who].get("/api/v1/audit/verify")
        assert r.status_code == (200 if who == "coalition_admin" else 403), who


def test_ngo_sees_only_itself_coalition_admin_sees_all(as_):
    assert [o["name"] for o in as_["researcher_a"].get("/api/v1/orgs").json()] == ["Lantern Rights Watch"]
    names = {o["name"] for o in as_["coalition_admin"].get("/api/v1/orgs").json()}
    assert {"Lantern Rights Watch", "Open Ledger Initiative", "Demo Sanctions Coalition"} <= names
