"""Notifications: in-app rows and e-mail (through the job queue), muted per kind by each person."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.errors import Invalid, NotFound
from app.jobs.queue import defer
from app.models.cases import CaseFile
from app.models.identity import Role, User
from app.models.notify import Notification, NotificationPrefs
from app.models.review import ConflictOfInterest
from app.security.permissions import Principal
from app.workflows import scoping

# Event → notification kind. Kinds are what people mute.
KINDS = {
    "case.submitted": "submitted",
    "case.assigned": "assigned",
    "case.commented": "comment",
    "case.changes_requested": "changes_requested",
    "case.approved": "approved",
    "case.rejected": "rejected",
    "package.built": "package_built",
    "submission.status_changed": "submission_status",
    "submission.follow_up_due": "follow_up_due",
    # A designation found (without a submission: with one, submission.status_changed tells) or a
    # delisting; a rejected match tells nobody (designation.rejected is a webhook event only).
    "designation.confirmed": "designation",
    "designation.delisted": "designation",
}
TITLES = {
    "submitted": "Case submitted for review: {title}",
    "assigned": "Case assigned for review: {title}",
    "comment": "New comment on {title}",
    "changes_requested": "Changes requested on {title}",
    "approved": "Case approved: {title}",
    "rejected": "Case rejected: {title}",
    "package_built": "Package built for {title}",
    "submission_status": "Submission update for {title}",
    "follow_up_due": "Follow-up due for {title}",
    # In app, the title is the event's own notice (`data["notice"]`: who, which list) and the case's.
    "designation": "Sanctions list news for {title}",
}
ALL_KINDS = sorted(set(KINDS.values()))
# E-mail crosses servers the coalition does not control, and a title often names the perpetrator: mail
# subjects and bodies carry the kind, the case's id, states and an absolute link, never content or
# free text (titles, names, reasons). The in-app notification keeps the title: it is read signed in.
MAIL_SUBJECTS = {kind: text.replace("{title}", "case {ref}") for kind, text in TITLES.items()}


# Whom to tell is decided for no principal (a coordinator's act tells the authors, a job tells everyone
# concerned): these read through scoping's fan-out statements.


def _authors(db: Session, case: CaseFile) -> set[str]:
    return set(
        db.execute(scoping.unscoped_active_members(case.org_id, [Role.researcher, Role.org_admin])).scalars()
    )


def _coordinators(db: Session, case: CaseFile) -> set[str]:
    rows = set(db.execute(scoping.unscoped_coordinator_ids()).scalars())
    conflicted = set(
        db.execute(
            scoping.unscoped_conflicts_with(case).with_only_columns(ConflictOfInterest.coordinator_id)
        ).scalars()
    )
    return rows - conflicted


def _assignee(db: Session, case: CaseFile) -> set[str]:
    a = db.execute(scoping.unscoped_assignment_of(case.id)).scalar_one_or_none()
    return {a.coordinator_id} if a else set()


def recipients(db: Session, event: str, case: CaseFile, data: dict[str, Any]) -> set[str]:
    if event == "case.submitted":
        return _assignee(db, case) or _coordinators(db, case)
    if event == "case.assigned":
        return {data["coordinator_id"]}
    if event == "case.commented":
        if data.get("by_coalition"):
            return _authors(db, case)
        thread = db.execute(scoping.unscoped_coalition_commenters(case)).scalars()
        return {u for u in thread if u} | _assignee(db, case)
    if event in ("case.changes_requested", "case.approved", "case.rejected"):
        return _authors(db, case) | (_assignee(db, case) if event == "case.approved" else set())
    if event in ("package.built", "submission.status_changed", "submission.follow_up_due"):
        return _authors(db, case) | _assignee(db, case)
    unsubmitted = event == "designation.confirmed" and not data.get("submission_id")
    if event == "designation.delisted" or unsubmitted:
        return _authors(db, case) | _assignee(db, case)
    return set()


def on_event(
    db: Session, event: str, case: CaseFile, *, actor: Principal | None, data: dict[str, Any]
) -> None:
    kind = KINDS.get(event)
    if kind is None:  # an event for webhooks only
        return
    users = recipients(db, event, case, data) - {actor.user_id if actor else None}
    if not users:
        return
    muted = {
        u
        for u, m in db.execute(
            select(NotificationPrefs.user_id, NotificationPrefs.muted).where(
                NotificationPrefs.user_id.in_(users)
            )
        ).tuples()
        if kind in (m or [])
    }
    title = TITLES[kind].format(title=case.title)
    if kind == "designation" and data.get("notice"):
        title = f"{data['notice']}: {case.title}"[:300]
    body = _body(kind, data)
    detail = detail_of(case, data)
    subject = MAIL_SUBJECTS[kind].format(ref=case.id)
    mail_body = _mail_body(kind, data)
    emails = dict(db.execute(select(User.id, User.email).where(User.id.in_(users - muted))).tuples().all())
    for user_id in sorted(users - muted):
        db.add(
            Notification(user_id=user_id, kind=kind, case_id=case.id, title=title, body=body, detail=detail)
        )
        defer(
            db,
            "mail.send",
            to=emails[user_id],
            subject=f"[Coalition portal] {subject}",
            body=f"{mail_body}Open the portal to see it: {{link}}\n\n"
            "You can mute this kind of notification in your settings.",
            link=f"/cases/{case.id}",
        )


DETAIL_KEYS = ("status", "jurisdiction", "reason", "notice", "path")


def detail_of(case: CaseFile, data: dict[str, Any]) -> dict[str, str]:
    """The values a notification's words are made of, for the web app to word in its language: the
    case's title and, where the event has them, the submission's status and jurisdiction (codes), a
    reason or list notice (free text, shown as typed) and a commented section's path. In app only, like
    the title (see MAIL_SUBJECTS)."""
    out = {"case_title": case.title}
    out.update({k: str(data[k]) for k in DETAIL_KEYS if data.get(k) not in (None, "")})
    return out


def _mail_body(kind: str, data: dict[str, Any]) -> str:
    """States and identifiers only (see MAIL_SUBJECTS)."""
    if kind == "submission_status":
        return f"Status: {data.get('status')} ({data.get('jurisdiction', '')})\n\n"
    return ""


def _body(kind: str, data: dict[str, Any]) -> str:
    if kind == "designation":
        return str(data.get("notice") or "")
    if kind == "comment":
        return f"A comment was added on section {data.get('path')}."
    if kind in ("changes_requested", "rejected") and data.get("reason"):
        return f"Reason: {data['reason']}"
    if kind == "submission_status":
        return f"Status: {data.get('status')} ({data.get('jurisdiction', '')})"
    return ""


def list_for(db: Session, p: Principal, unread_only: bool, limit: int) -> tuple[list[Notification], int]:
    if p.user_id is None:
        return [], 0
    stmt = scoping.notifications(p)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    items = list(db.execute(stmt.order_by(Notification.created_at.desc()).limit(limit)).scalars())
    unread_rows = scoping.notifications(p).where(Notification.read_at.is_(None)).subquery()
    unread = db.execute(select(func.count()).select_from(unread_rows)).scalar_one()
    return items, int(unread)


def mark_read(db: Session, p: Principal, ids: list[str] | None) -> int:
    rows = scoping.notifications(p).where(Notification.read_at.is_(None))
    if ids is not None:
        rows = rows.where(Notification.id.in_(ids))
    stmt = scoping.update_rows(rows).values(read_at=utcnow())
    return int(db.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]


def get_prefs(db: Session, p: Principal) -> list[str]:
    prefs = db.get(NotificationPrefs, p.user_id) if p.user_id else None
    return sorted(prefs.muted) if prefs else []


def set_prefs(db: Session, p: Principal, muted: list[str]) -> list[str]:
    if p.user_id is None:
        raise NotFound("API tokens have no notification settings")
    unknown = sorted(set(muted) - set(ALL_KINDS))
    if unknown:
        raise Invalid(
            "Unknown notification kind",
            errors=[
                {
                    "loc": ["body", "muted"],
                    "msg": f"unknown: {', '.join(unknown)}; known: {', '.join(ALL_KINDS)}",
                }
            ],
        )
    prefs = db.get(NotificationPrefs, p.user_id)
    if prefs is None:
        prefs = NotificationPrefs(user_id=p.user_id, muted=sorted(set(muted)))
        db.add(prefs)
    else:
        prefs.muted = sorted(set(muted))
    return prefs.muted
