"""Reading the audit trail as a person does: names beside ids, filters, paging, a CSV export.

The chain itself (appending, verifying) is `audit.py`; this module only reads it. Readers hold
`audit:read` (coalition administrators), which the route checks: the trail spans every tenant.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.errors import Invalid
from app.models.audit import AuditEvent
from app.models.identity import User
from app.workflows import people, scoping

EXPORT_MAX_ROWS = 100_000  # one CSV; narrow the filters for more
_EXPORT_BATCH = 2_000
CSV_COLUMNS = (
    "seq",
    "at",
    "action",
    "actor",
    "actor_user_id",
    "actor_token",
    "actor_token_id",
    "organisation",
    "org_id",
    "target_type",
    "target_id",
    "ip",
    "hash",
)


@dataclass(frozen=True)
class AuditFilters:
    action: str | None = None  # an exact key (`case.submitted`) or a family ending in `.` (`case.`)
    actor_user_id: str | None = None
    actor: str | None = None  # part of a name or e-mail address
    org_id: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def check(self) -> None:
        if self.since and self.until and self.since > self.until:
            msg = "`since` is after `until`"
            raise Invalid(msg, errors=[{"loc": ["query", "since"], "msg": msg, "type": "value_error"}])


@dataclass
class AuditRow:
    event: AuditEvent
    actor_name: str | None
    token_name: str | None
    org_name: str | None


def _statement(f: AuditFilters) -> Select[Any]:
    stmt = scoping.unscoped_audit_events()
    if f.action:
        if f.action.endswith("."):
            stmt = stmt.where(AuditEvent.action.startswith(f.action, autoescape=True))
        else:
            stmt = stmt.where(AuditEvent.action == f.action)
    if f.actor_user_id:
        stmt = stmt.where(AuditEvent.actor_user_id == f.actor_user_id)
    if f.actor:
        needle = f"%{f.actor.strip().lower()}%"
        matching = select(User.id).where(
            or_(User.email.like(needle), User.display_name.ilike(needle))  # e-mails are stored lower-cased
        )
        stmt = stmt.where(AuditEvent.actor_user_id.in_(matching))
    if f.org_id:
        stmt = stmt.where(AuditEvent.org_id == f.org_id)
    if f.target_type:
        stmt = stmt.where(AuditEvent.target_type == f.target_type)
    if f.target_id:
        stmt = stmt.where(AuditEvent.target_id == f.target_id)
    if f.since:
        stmt = stmt.where(AuditEvent.at >= f.since)
    if f.until:
        stmt = stmt.where(AuditEvent.at <= f.until)
    return stmt


def _named(db: Session, events: list[AuditEvent]) -> list[AuditRow]:
    users = people.user_names(db, (e.actor_user_id for e in events))
    tokens = people.token_names(db, (e.actor_token_id for e in events))
    orgs = people.org_names(db, (e.org_id for e in events))
    return [
        AuditRow(
            e,
            users.get(e.actor_user_id or ""),
            tokens.get(e.actor_token_id or ""),
            orgs.get(e.org_id or ""),
        )
        for e in events
    ]


def page(
    db: Session, f: AuditFilters, *, before_seq: int | None, limit: int
) -> tuple[list[AuditRow], int | None]:
    """Newest first. Returns the rows and the `before_seq` of the next (older) page, if any."""
    f.check()
    stmt = _statement(f).order_by(AuditEvent.seq.desc()).limit(limit + 1)
    if before_seq is not None:
        stmt = stmt.where(AuditEvent.seq < before_seq)
    events = list(db.execute(stmt).scalars())
    more = len(events) > limit
    events = events[:limit]
    return _named(db, events), (events[-1].seq if more and events else None)


def export_csv(db: Session, f: AuditFilters) -> Iterator[str]:
    """The matching events, oldest first, as CSV text chunks (at most EXPORT_MAX_ROWS rows)."""
    f.check()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    yield out.getvalue()
    after, sent = 0, 0
    while sent < EXPORT_MAX_ROWS:
        batch = min(_EXPORT_BATCH, EXPORT_MAX_ROWS - sent)
        events = list(
            db.execute(
                _statement(f).where(AuditEvent.seq > after).order_by(AuditEvent.seq).limit(batch)
            ).scalars()
        )
        if not events:
            return
        out.seek(0)
        out.truncate()
        for row in _named(db, events):
            e = row.event
            w.writerow(
                [
                    e.seq,
                    e.at.isoformat(),
                    e.action,
                    _cell(row.actor_name),
                    e.actor_user_id or "",
                    _cell(row.token_name),
                    e.actor_token_id or "",
                    _cell(row.org_name),
                    e.org_id or "",
                    e.target_type or "",
                    e.target_id or "",
                    e.ip or "",
                    e.hash,
                ]
            )
        yield out.getvalue()
        sent += len(events)
        after = events[-1].seq


def _cell(value: str | None) -> str:
    """A name typed by a person, safe to open in a spreadsheet (no formula injection)."""
    if not value:
        return ""
    return "'" + value if value[0] in "=+-@\t\r" else value
