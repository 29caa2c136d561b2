from __future__ import annotations

from sqlalchemy import select, update

from app.models.audit import AuditEvent


def test_verify_passes_after_actions(as_):
    org = as_["org_admin_a"].get("/api/v1/me").json()["organization"]["id"]
    as_["org_admin_a"].post(
        f"/api/v1/orgs/{org}/invitations", json={"email": "q@lantern.example", "role": "researcher"}
    )
    as_["org_admin_a"].post("/api/v1/tokens", json={"name": "t", "scopes": ["cases:read"]})
    r = as_["coalition_admin"].get("/api/v1/audit/verify").json()
    assert r["ok"] is True and r["events"] >= 10 and r["first_broken_seq"] is None
    actions = {e["action"] for e in as_["coalition_admin"].get("/api/v1/audit/events").json()}
    assert {"auth.login", "invitation.created", "token.created"} <= actions


def test_editing_a_stored_event_is_named_by_verify(as_, db):
    admin = as_["coalition_admin"]
    victim = (
        db.execute(
            select(AuditEvent).where(AuditEvent.action == "auth.login").order_by(AuditEvent.seq.desc())
        )
        .scalars()
        .first()
    )
    db.execute(update(AuditEvent).where(AuditEvent.seq == victim.seq).values(ip="10.66.66.66"))
    db.commit()
    r = admin.get("/api/v1/audit/verify").json()
    assert r["ok"] is False and r["first_broken_seq"] == victim.seq
    assert "hash" in r["reason"]


def test_deleting_an_event_is_detected(as_, db):
    admin = as_["coalition_admin"]
    last = db.execute(select(AuditEvent).order_by(AuditEvent.seq.desc())).scalars().first()
    middle = last.seq - 2
    db.execute(AuditEvent.__table__.delete().where(AuditEvent.seq == middle))
    db.commit()
    r = admin.get("/api/v1/audit/verify").json()
    assert r["ok"] is False and r["first_broken_seq"] == middle


def test_audit_records_no_secrets(as_, db):
    as_["org_admin_a"].post("/api/v1/tokens", json={"name": "t", "scopes": ["cases:read"]})
    rows = db.execute(select(AuditEvent)).scalars().all()
    blob = " ".join(str(r.data) for r in rows)
    assert "demo-password-2026" not in blob and "pt_" not in blob
