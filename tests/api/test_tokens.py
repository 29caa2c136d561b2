from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app.db import utcnow
from app.models.auth import ApiToken


def _token(api, scopes, **kw):
    r = api.post("/api/v1/tokens", json={"name": "integration", "scopes": scopes, **kw})
    assert r.status_code == 201, r.text
    return r.json()


def test_token_shown_once_stored_hashed_and_works(as_, anon, db):
    created = _token(as_["org_admin_a"], ["cases:read"])
    raw = created["token"]
    assert raw.startswith("pt_")
    listed = as_["org_admin_a"].get("/api/v1/tokens").json()
    assert all("token" not in t for t in listed)
    row = db.execute(select(ApiToken).where(ApiToken.id == created["id"])).scalar_one()
    assert raw not in row.token_hash and len(row.token_hash) == 64
    anon.bearer = raw
    me = anon.get("/api/v1/me").json()
    assert me["auth"] == "token" and me["token_scopes"] == ["cases:read"]
    assert "cases:write" not in me["permissions"]
    # No CSRF needed for bearer tokens, and last use is recorded.
    db.expire_all()
    assert db.get(ApiToken, created["id"]).last_used_at is not None


def test_token_scope_limits_what_it_can_do(as_, anon):
    anon.bearer = _token(as_["org_admin_a"], ["cases:read"])["token"]
    # members:manage needs the admin scope
    org = anon.get("/api/v1/me").json()["organization"]["id"]
    r = anon.post(f"/api/v1/orgs/{org}/invitations", json={"email": "x@y.example", "role": "researcher"})
    assert r.status_code == 403 and "scope" in r.json()["detail"]
    # No scope can mint further tokens.
    anon.bearer = _token(as_["org_admin_a"], ["admin"])["token"]
    assert anon.post("/api/v1/tokens", json={"name": "x", "scopes": ["cases:read"]}).status_code == 403


def test_unknown_and_excess_scopes_refused(as_):
    r = as_["org_admin_a"].post("/api/v1/tokens", json={"name": "x", "scopes": ["root"]})
    assert r.status_code == 422 and "root" in r.text
    r = as_["org_admin_a"].post("/api/v1/tokens", json={"name": "x", "scopes": ["review"]})
    assert r.status_code == 422 and "review" in r.text


def test_researcher_cannot_create_tokens(as_):
    r = as_["researcher_a"].post("/api/v1/tokens", json={"name": "x", "scopes": ["cases:read"]})
    assert r.status_code == 403


def test_revoked_token_refused(as_, anon):
    created = _token(as_["org_admin_a"], ["cases:read"])
    assert as_["org_admin_a"].delete(f"/api/v1/tokens/{created['id']}").status_code == 200
    anon.bearer = created["token"]
    r = anon.get("/api/v1/me")
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


def test_expired_token_refused(as_, anon, db):
    created = _token(as_["org_admin_a"], ["cases:read"], expires_in_days=1)
    db.execute(
        update(ApiToken)
        .where(ApiToken.id == created["id"])
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )
    db.commit()
    anon.bearer = created["token"]
    r = anon.get("/api/v1/me")
    assert r.status_code == 401 and "expired" in r.json()["detail"]


def test_garbage_token_and_wrong_scheme(anon):
    anon.bearer = "pt_nope_nope"
    assert anon.get("/api/v1/me").status_code == 401
    r = anon.client.get("/api/v1/me", headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert r.status_code == 401


def test_expiry_limits_validated(as_):
    r = as_["org_admin_a"].post(
        "/api/v1/tokens", json={"name": "x", "scopes": ["cases:read"], "expires_in_days": 4000}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "expires_in_days"]


def test_other_tenant_cannot_revoke(as_):
    created = _token(as_["org_admin_a"], ["cases:read"])
    assert as_["org_admin_b"].delete(f"/api/v1/tokens/{created['id']}").status_code == 404


def test_scopes_listed_are_those_the_caller_may_grant(as_):
    ngo = as_["org_admin_a"].get("/api/v1/tokens/scopes").json()
    assert "cases:write" in ngo and "review" not in ngo and "audit:read" not in ngo
    coalition = as_["coalition_admin"].get("/api/v1/tokens/scopes").json()
    assert "audit:read" in coalition and "cases:write" not in coalition
