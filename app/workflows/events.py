"""Domain events: one call fans out to in-app/e-mail notifications and to webhooks.

Workflows call `emit(db, "case.submitted", case, actor=p, data={...})` inside their transaction; delivery
happens in jobs after the commit (see app/jobs/queue.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models.cases import CaseFile
from app.security.permissions import Principal

EVENTS = (
    "case.submitted",
    "case.assigned",
    "case.commented",
    "case.changes_requested",
    "case.approved",
    "case.rejected",
    "package.built",
    "submission.status_changed",
    "submission.follow_up_due",
    # Official lists (app/workflows/designations/notify.py): a match confirmed or rejected, a delisting.
    "designation.confirmed",
    "designation.rejected",
    "designation.delisted",
)


def emit(
    db: Session, event: str, case: CaseFile, *, actor: Principal | None, data: dict[str, Any] | None = None
) -> None:
    if event not in EVENTS:
        raise ValueError(f"unknown event {event}")
    from app.workflows import notifications, webhooks

    data = data or {}
    notifications.on_event(db, event, case, actor=actor, data=data)
    webhooks.on_event(db, event, case, data=data)
