"""The audit chain: every security-relevant action, hash-chained so tampering is detectable."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session, SessionTransaction

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
    """Add an event to the caller's transaction: it commits or rolls back with the action.

    The event is chained when the transaction commits (`_chain_at_commit`): its sequence number and
    hashes are assigned then, under the chain head's row lock, so the lock is held only for the
    commit itself instead of for the rest of the request (issue #14: under load most waiting
    connections waited for it), and the chain is in commit order. Until then `seq` is None; a caller
    that needs it registers `on_chained`."""
    if not db.in_transaction():
        db.begin()  # the event belongs to a transaction even before any SQL: a rollback drops it
    event = AuditEvent(
        at=utcnow(),
        actor_user_id=actor_user_id or (principal.user_id if principal else None),
        actor_token_id=principal.token_id if principal else None,
        org_id=org_id or (principal.org_id if principal else None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        ip=ip,
        # Round-trip through JSON so the stored form and the hashed form are identical.
        data=json.loads(json.dumps(data or {}, default=str)),
    )
    txn = db.get_nested_transaction() or db.get_transaction()
    assert txn is not None
    _pending(db).append(_Pending(event, txn))
    return event


def on_chained(db: Session, event: AuditEvent, fn: Callable[[AuditEvent], None]) -> None:
    """Call `fn(event)` once the event has its sequence number, just before the transaction commits."""
    for p in _pending(db):
        if p.event is event:
            p.callbacks.append(fn)
            return
    raise ValueError("on_chained: the event is not pending in this session")


@dataclass
class _Pending:
    event: AuditEvent
    txn: SessionTransaction  # where it was recorded: rolling that savepoint back drops it
    callbacks: list[Callable[[AuditEvent], None]] = field(default_factory=list)


_PENDING = "portal.audit.pending"


def _pending(db: Session) -> list[_Pending]:
    pending: list[_Pending] = db.info.setdefault(_PENDING, [])
    return pending


@sa_event.listens_for(Session, "before_commit")
def _chain_at_commit(db: Session) -> None:
    """Chain the transaction's events, in the order they were recorded, after every other event
    committed so far. A released savepoint fires this too, but is not the commit: its events wait."""
    if db.in_nested_transaction():
        return
    pending: list[_Pending] = db.info.pop(_PENDING, [])
    if not pending:
        return
    head = db.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()
    for p in pending:
        ev = p.event
        ev.seq = head.seq + 1
        ev.prev_hash = head.hash
        ev.hash = chain_hash(head.hash, ev)
        head.seq, head.hash = ev.seq, ev.hash
        db.add(ev)
        for fn in p.callbacks:
            fn(ev)
    db.flush()


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(db: Session, previous_transaction: SessionTransaction) -> None:
    """A rolled-back savepoint drops the events recorded inside it; the outermost rollback, all."""
    pending: list[_Pending] | None = db.info.get(_PENDING)
    if not pending:
        return
    if previous_transaction.parent is None:
        db.info.pop(_PENDING, None)
        return
    db.info[_PENDING] = [p for p in pending if not _within(p.txn, previous_transaction)]


@sa_event.listens_for(Session, "after_transaction_end")
def _drop_unfinished(db: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended without the commit taking its events (closed, or rolled back
    # without reaching the database): they never happened.
    if transaction.parent is None:
        db.info.pop(_PENDING, None)


def _within(txn: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while txn is not None:
        if txn is ancestor:
            return True
        txn = txn.parent
    return False


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
