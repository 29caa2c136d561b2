"""The audit chain: every security-relevant action, hash-chained so tampering is detectable."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.models.audit import AuditEvent, AuditHead
from app.security.permissions import Principal
from app.workflows import scoping

GENESIS = "0" * 64


def canonical(event: AuditEvent) -> str:
    body = {
        "seq": event.seq,
        "at": event.at.isoformat(timespec="microseconds"),
        "actor_user_id": event.actor_user_id,
        "actor_token_id": event.actor_token_id,
        "org_id": event.org_id,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "ip": event.ip,
        "data": event.data,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode()).hexdigest()


def record(
    db: Session,
    action: str,
    *,
    principal: Principal | None = None,
    actor_user_id: str | None = None,
    org_id: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append an event in the caller's transaction: it commits or rolls back with the action."""
    head = db.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    at = utcnow()
    event = AuditEvent(
        seq=head.seq + 1,
        at=at,
        actor_user_id=actor_user_id or (principal.user_id if principal else None),
        actor_token_id=principal.token_id if principal else None,
        org_id=org_id or (principal.org_id if principal else None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        ip=ip,
        # Round-trip through JSON so the stored form and the hashed form are identical.
        data=json.loads(json.dumps(data or {}, default=str)),
        prev_hash=head.hash,
    )
    event.hash = chain_hash(head.hash, event)
    head.seq = event.seq
    head.hash = event.hash
    db.add(event)
    db.flush()
    return event


def events(
    db: Session, *, before_seq: int | None, action: str | None, target_id: str | None, limit: int
) -> list[AuditEvent]:
    """The newest events first; `before_seq` pages back through the chain."""
    stmt = scoping.unscoped_audit_events().order_by(AuditEvent.seq.desc()).limit(limit)
    if before_seq is not None:
        stmt = stmt.where(AuditEvent.seq < before_seq)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if target_id:
        stmt = stmt.where(AuditEvent.target_id == target_id)
    return list(db.execute(stmt).scalars())


@dataclass
class VerifyResult:
    ok: bool
    events: int
    first_broken_seq: int | None = None
    reason: str | None = None
    head_hash: str | None = None
    checked_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "first_broken_seq": self.first_broken_seq,
            "reason": self.reason,
            "head_hash": self.head_hash,
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
        }


def verify(db: Session, batch: int = 2000) -> VerifyResult:
    prev = GENESIS
    expected_seq = 1
    count = 0
    last_seq = 0
    now = utcnow()
    while True:
        rows = (
            db.execute(
                scoping.unscoped_audit_events()
                .where(AuditEvent.seq > last_seq)
                .order_by(AuditEvent.seq)
                .limit(batch)
            )
            .scalars()
            .all()
        )
        if not rows:
            break
        for ev in rows:
            if ev.seq != expected_seq:
                return VerifyResult(
                    False, count, expected_seq, "event missing from the chain", checked_at=now
                )
            if ev.prev_hash != prev:
                return VerifyResult(False, count, ev.seq, "previous-hash link broken", checked_at=now)
            if chain_hash(prev, ev) != ev.hash:
                return VerifyResult(
                    False, count, ev.seq, "event content does not match its hash", checked_at=now
                )
            prev = ev.hash
            expected_seq += 1
            count += 1
            last_seq = ev.seq
            db.expunge(ev)
    head = db.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    if head.seq != count or head.hash != prev:
        return VerifyResult(
            False, count, count + 1, "chain truncated: head points past the last event", checked_at=now
        )
    return VerifyResult(True, count, head_hash=prev, checked_at=now)
