"""API token rotation: `POST /api/v1/tokens/{id}/rotate` (app/workflows/token_rotation.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.db import utcnow
from app.models.audit import AuditEvent
from app.models.auth import ApiToken
from tests.conftest import Api


def _token(api, scopes=("cases:read", "cases:write"), **kw):
    r = api.post("/api/v1/tokens", json={"name": "ngo-sync", "scopes": list(scopes), **kw})
    assert r.status_code == 201, r.text
    return r.json()


def _bearer(app, raw: str) -> Api:
    return Api(TestClient(app), bearer=raw)


def _listed(api, token_id: str) -> dict:
    return next(t for t in api.get("/api/v1/tokens").json() if t["id"] == token_id)


def test_rotation_overlap_then_the_old_one_expires(app, as_, db):
    admin = as_["org_admin_a"]
    old = _token(admin, expires_in_days=30)
    old_client = _bearer(app, old["token"])
    assert old_client.get("/api/v1/me").status_code == 200  # used once before the rotation

    before = utcnow()
    r = admin.post(f"/api/v1/tokens/{old['id']}/rotate", json={"overlap_hours": 2})
    assert r.status_code == 201, r.text
    new = r.json()
    assert new["token"] != old["token"] and new["token"].startswith("pt_")
    assert new["scopes"] == old["scopes"] and new["name"] == old["name"]
    assert new["rotated_from"] == old["id"] and new["replaced_by"] is None
    overlap_end = datetime.fromisoformat(new["previous_expires_at"])
    assert timedelta(hours=2) - timedelta(minutes=1) <= overlap_end - before <= timedelta(hours=2, minutes=1)
    # The successor lives as long as its predecessor was meant to (30 days).
    lifetime = datetime.fromisoformat(new["expires_at"]) - before
    assert timedelta(days=30) - timedelta(minutes=1) <= lifetime <= timedelta(days=30, minutes=1)

    # During the overlap both work, with the same scopes.
    new_client = _bearer(app, new["token"])
    for client in (old_client, new_client):
        me = client.get("/api/v1/me").json()
        assert me["auth"] == "token" and me["token_scopes"] == ["cases:read", "cases:write"]
    listed_old = _listed(admin, old["id"])
    assert listed_old["replaced_by"] == new["id"] and listed_old["revoked_at"] is None
    assert datetime.fromisoformat(listed_old["expires_at"]) == overlap_end
    # Last use is shown per token.
    assert listed_old["last_used_at"] is not None
    assert _listed(admin, new["id"])["last_used_at"] is not None

    # The overlap ends: the old token is refused as expired, the new one goes on.
    db.execute(
        update(ApiToken).where(ApiToken.id == old["id"]).values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.commit()
    r = old_client.get("/api/v1/me")
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    assert new_client.get("/api/v1/me").status_code == 200

    audit = db.execute(
        select(AuditEvent).where(AuditEvent.action == "token.rotated", AuditEvent.target_id == old["id"])
    ).scalar_one()
    assert audit.data["successor"] == new["id"]


def test_no_overlap_ends_the_old_token_at_once(app, as_):
    admin = as_["org_admin_a"]
    old = _token(admin)
    new = admin.post(f"/api/v1/tokens/{old['id']}/rotate", json={"overlap_hours": 0}).json()
    assert _bearer(app, old["token"]).get("/api/v1/me").status_code == 401
    assert _bearer(app, new["token"]).get("/api/v1/me").status_code == 200


def test_rotation_refusals(app, as_, settings):
    admin = as_["org_admin_a"]
    old = _token(admin)
    url = f"/api/v1/tokens/{old['id']}/rotate"
    # The overlap is bounded (body and settings).
    r = admin.post(url, json={"overlap_hours": settings.token_rotation_max_overlap_hours + 1})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "overlap_hours"]
    assert admin.post(url, json={"overlap_hours": -1}).status_code == 422
    assert admin.post(url, json={"overlap": 1}).status_code == 422
    # Once rotated, the old token cannot be rotated again; a revoked one neither.
    assert admin.post(url, json={}).status_code == 201
    r = admin.post(url, json={})
    assert r.status_code == 409 and "successor" in r.json()["detail"]
    revoked = _token(admin)
    admin.delete(f"/api/v1/tokens/{revoked['id']}")
    assert admin.post(f"/api/v1/tokens/{revoked['id']}/rotate", json={}).status_code == 409
    # Another organisation's token is not found; a researcher may not; a token may not rotate tokens.
    fresh = _token(admin)
    assert as_["org_admin_b"].post(f"/api/v1/tokens/{fresh['id']}/rotate", json={}).status_code == 404
    assert as_["coalition_admin"].post(f"/api/v1/tokens/{fresh['id']}/rotate", json={}).status_code == 404
    assert as_["researcher_a"].post(f"/api/v1/tokens/{fresh['id']}/rotate", json={}).status_code == 403
    own = _bearer(app, _token(admin, scopes=("admin",))["token"])
    assert own.post(f"/api/v1/tokens/{fresh['id']}/rotate", json={}).status_code == 403
    assert _listed(admin, fresh["id"])["replaced_by"] is None
