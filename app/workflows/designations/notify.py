"""Designation events: a webhook event and, where people must hear of it, in-app and e-mail notices.

`designation.confirmed`, `designation.rejected` and `designation.delisted` are webhook events
(app.workflows.webhooks.WEBHOOK_EVENTS). app.workflows.events.emit does not know them yet, so the
notification rows are written here, in the same shape and with the same rules as
app.workflows.notifications (authors and the assigned coordinator, mutes honoured, e-mails that say
something happened and never carry content). Once events.EVENTS and notifications.KINDS name these
events, `announce` becomes one `emit` call.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.jobs.queue import defer
from app.models.cases import CaseFile
from app.models.identity import Role, User
from app.models.notify import Notification, NotificationPrefs
from app.security.permissions import Principal
from app.workflows import scoping, webhooks

KIND = "designation"


def _recipients(db: Session, case: CaseFile) -> set[str]:
    authors = set(
        db.execute(scoping.unscoped_active_members(case.org_id, [Role.researcher, Role.org_admin])).scalars()
    )
    assignment = db.execute(scoping.unscoped_assignment_of(case.id)).scalar_one_or_none()
    return authors | ({assignment.coordinator_id} if assignment else set())


def announce(
    db: Session,
    event: str,
    case: CaseFile,
    *,
    actor: Principal | None,
    data: dict[str, Any],
    notice: str | None = None,
) -> None:
    """Queue `event` for the webhooks that hear about `case`; with `notice`, also tell its people."""
    webhooks.on_event(db, event, case, data=data)
    if notice is None:
        return
    users = _recipients(db, case) - {actor.user_id if actor else None}
    if not users:
        return
    muted = {
        u
        for u, m in db.execute(
            select(NotificationPrefs.user_id, NotificationPrefs.muted).where(
                NotificationPrefs.user_id.in_(users)
            )
        ).tuples()
        if KIND in (m or [])
    }
    title = f"{notice}: {case.title}"[:300]
    emails = dict(db.execute(select(User.id, User.email).where(User.id.in_(users - muted))).tuples().all())
    for user_id in sorted(users - muted):
        db.add(Notification(user_id=user_id, kind=KIND, case_id=case.id, title=title, body=notice))
        defer(
            db,
            "mail.send",
            to=emails[user_id],
            subject=f"[Coalition portal] {title}",
            body=f"{notice}.\n\nOpen the portal to see it: /cases/{case.id}\n",
        )
