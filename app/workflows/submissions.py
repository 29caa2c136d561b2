"""Submission tracking: a built package is sent to its government, then moves along a status timeline.

prepared → sent → acknowledged → under_consideration → designated | declined | no_response

A government that never answers is the common case, so `no_response` can also be recorded from `sent`
and `acknowledged`. The outcomes (designated, declined, no_response) are final. Any other change is a
409 naming the allowed ones. Every change carries its date and a note, fires
`submission.status_changed`, and is audited; a follow-up date raises `submission.follow_up_due` once
it is reached (a periodic job).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.jobs.queue import JobContext
from app.jurisdictions import JURISDICTIONS
from app.jurisdictions import get as get_jurisdiction
from app.models.cases import CaseFile
from app.models.packages import (
    Channel,
    Package,
    PackageState,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from app.security.permissions import Principal
from app.workflows import audit, case_states, cases, packaging, scoping
from app.workflows.events import emit

S = SubmissionStatus
TRANSITIONS: dict[SubmissionStatus, tuple[SubmissionStatus, ...]] = {
    S.prepared: (S.sent,),
    S.sent: (S.acknowledged, S.no_response),
    S.acknowledged: (S.under_consideration, S.no_response),
    S.under_consideration: (S.designated, S.declined, S.no_response),
    S.designated: (),
    S.declined: (),
    S.no_response: (),
}
OUTCOMES = frozenset({S.designated, S.declined, S.no_response})
# Follow-ups make sense until the government has decided.
FOLLOW_UP_STATUSES = frozenset({S.sent, S.acknowledged, S.under_consideration, S.no_response})


def allowed_from(status: SubmissionStatus) -> list[str]:
    return [s.value for s in TRANSITIONS[status]]


def _today() -> date:
    return utcnow().date()


def get_submission(db: Session, p: Principal, submission_id: str, *, for_update: bool = False) -> Submission:
    stmt = scoping.submissions(p).where(Submission.id == submission_id)
    if for_update:
        stmt = stmt.with_for_update()
    sub = db.execute(stmt).scalar_one_or_none()
    if sub is None:
        raise NotFound("No such submission")
    return sub


def for_package(db: Session, p: Principal, package_id: str, *, for_update: bool = False) -> Submission:
    pkg = packaging.get_package(db, p, package_id)
    stmt = scoping.submissions(p).where(Submission.package_id == pkg.id)
    if for_update:
        stmt = stmt.with_for_update()
    sub = db.execute(stmt).scalar_one_or_none()
    if sub is None:
        raise Conflict(
            f"The package is {pkg.state.value}: only a built package can be sent",
            extra={"package_state": pkg.state.value},
        )
    return sub


def timeline(db: Session, submission_ids: list[str]) -> dict[str, list[SubmissionEvent]]:
    # TODO(scoping): take the principal and read through scoping.submission_events(p) once
    # app/api/v1/packages.py passes it (tests/test_scoping_rule.py allow-lists this function till then).
    out: dict[str, list[SubmissionEvent]] = {i: [] for i in submission_ids}
    if submission_ids:
        rows = db.execute(
            select(SubmissionEvent)
            .where(SubmissionEvent.submission_id.in_(submission_ids))
            .order_by(SubmissionEvent.submission_id, SubmissionEvent.seq)
        ).scalars()
        for ev in rows:
            out[ev.submission_id].append(ev)
    return out


def _check_date(value: date, field: str, not_before: date | None) -> None:
    # A day of slack: the coordinator's calendar day may be ahead of UTC.
    if value > _today() + timedelta(days=1):
        raise Invalid(
            f"{field} is in the future",
            errors=[{"loc": ["body", field], "msg": f"{value.isoformat()} is in the future"}],
        )
    if not_before is not None and value < not_before:
        raise Invalid(
            f"{field} is before the previous step of the timeline ({not_before.isoformat()})",
            errors=[
                {"loc": ["body", field], "msg": f"must not be before {not_before.isoformat()}"},
            ],
        )


def _check_follow_up(value: date | None) -> None:
    if value is not None and value < _today():
        raise Invalid(
            "The follow-up date is in the past",
            errors=[{"loc": ["body", "follow_up_date"], "msg": f"{value.isoformat()} is in the past"}],
        )


def _set_follow_up(sub: Submission, value: date | None) -> None:
    if value != sub.follow_up_date:
        sub.follow_up_date = value
        sub.follow_up_notified_for = None  # a new date raises a new notification


def _last_event(db: Session, p: Principal, sub: Submission) -> SubmissionEvent | None:
    return db.execute(
        scoping.submission_events(p)
        .where(SubmissionEvent.submission_id == sub.id)
        .order_by(SubmissionEvent.seq.desc())
        .limit(1)
    ).scalar_one_or_none()


def _advance(
    db: Session,
    p: Principal,
    sub: Submission,
    target: SubmissionStatus,
    on: date,
    note: str | None,
    detail: dict[str, Any],
    ip: str | None,
    *,
    listed: bool = False,
) -> SubmissionEvent:
    allowed = TRANSITIONS[sub.status]
    if target not in allowed and not listed:
        names = allowed_from(sub.status)
        hint = " (record sending with POST /api/v1/packages/{id}/send)" if sub.status == S.prepared else ""
        raise Conflict(
            f"A submission that is {sub.status.value} cannot become {target.value}; "
            f"allowed from {sub.status.value}: {', '.join(names) or 'none (final)'}{hint}",
            extra={"submission_status": sub.status.value, "allowed_statuses": names},
        )
    last = _last_event(db, p, sub)
    _check_date(on, "on" if target != S.sent else "sent_on", last.occurred_on if last else None)
    previous = sub.status
    sub.status = target
    sub.updated_at = utcnow()
    event = SubmissionEvent(
        submission_id=sub.id,
        seq=(last.seq if last else 0) + 1,
        status=target,
        previous_status=previous,
        occurred_on=on,
        note=note,
        detail=detail,
        actor_user_id=p.user_id,
        actor_token_id=p.token_id,
    )
    db.add(event)
    db.flush()
    case = cases.get_case(db, p, sub.case_id, for_update=True)
    audit.record(
        db,
        "submission.status_changed",
        principal=p,
        ip=ip,
        org_id=case.org_id,
        target_type="submission",
        target_id=sub.id,
        data={
            "case_id": sub.case_id,
            "package_id": sub.package_id,
            "jurisdiction": sub.jurisdiction,
            "from": previous.value,
            "to": target.value,
            "on": on.isoformat(),
            **detail,
        },
    )
    if target == S.sent and case.status in case_states.TRANSITIONS["send"].sources:
        cases.transition(db, p, case, "send", ip, {"jurisdiction": sub.jurisdiction, "submission_id": sub.id})
    outcome: dict[str, Any] | None = None
    if target in OUTCOMES:
        outcome = {"status": target.value, "on": on.isoformat()}
        if target == S.designated:
            outcome |= {
                "designation_date": sub.designation_date.isoformat() if sub.designation_date else None,
                "program": sub.designation_program,
                "list_reference": sub.designation_list_reference,
            }
    emit(
        db,
        "submission.status_changed",
        case,
        actor=p,
        data={
            "submission_id": sub.id,
            "package_id": sub.package_id,
            "jurisdiction": sub.jurisdiction,
            "status": target.value,
            **({"outcome": outcome} if outcome else {}),
        },
    )
    return event


@dataclass
class SendInput:
    sent_on: date
    channel: Channel
    addressee: str | None = None
    reference: str | None = None
    note: str | None = None
    follow_up_date: date | None = None


def record_sent(db: Session, p: Principal, package_id: str, body: SendInput, ip: str | None) -> Submission:
    """Record that a built package was sent: when, how, to whom, under which reference."""
    sub = for_package(db, p, package_id, for_update=True)
    pkg = db.execute(scoping.packages(p).where(Package.id == sub.package_id)).scalar_one_or_none()
    if pkg is None or pkg.state != PackageState.built:  # pragma: no cover - submissions exist only when built
        raise Conflict("Only a built package can be sent")
    _check_follow_up(body.follow_up_date)
    if sub.status == S.prepared:
        sub.channel = body.channel
        sub.sent_on = body.sent_on
        sub.addressee = body.addressee or get_jurisdiction(sub.jurisdiction).addressee
        sub.reference = body.reference
    _advance(
        db,
        p,
        sub,
        S.sent,
        body.sent_on,
        body.note,
        {"channel": body.channel.value, "addressee": body.addressee, "reference": body.reference},
        ip,
    )
    _set_follow_up(sub, body.follow_up_date)
    return sub


@dataclass
class Designation:
    date: date
    program: str
    list_reference: str | None = None


@dataclass
class StatusInput:
    status: SubmissionStatus
    on: date | None = None
    note: str | None = None
    follow_up_date: date | None = None
    clear_follow_up: bool = False
    designation: Designation | None = None


def change_status(
    db: Session, p: Principal, submission_id: str, body: StatusInput, ip: str | None
) -> Submission:
    sub = get_submission(db, p, submission_id, for_update=True)
    if body.status == S.sent and sub.status == S.prepared:
        raise Conflict(
            "Record sending with POST /api/v1/packages/{id}/send (date, channel, addressee, reference)",
            extra={"submission_status": sub.status.value, "allowed_statuses": allowed_from(sub.status)},
        )
    if body.designation is not None and body.status != S.designated:
        raise Invalid(
            "Designation details go only with the status designated",
            errors=[{"loc": ["body", "designation"], "msg": "only for status designated"}],
        )
    # A jump the timeline does not allow is left to `_advance` (409), details or not.
    allowed = body.status in TRANSITIONS[sub.status]
    if body.status == S.designated and body.designation is None and allowed:
        raise Invalid(
            "A designation needs its details: date, program, list reference",
            errors=[{"loc": ["body", "designation"], "msg": "required for status designated"}],
        )
    _check_follow_up(body.follow_up_date)
    on = body.on or _today()
    detail: dict[str, Any] = {}
    if body.designation is not None and allowed:
        d = body.designation
        _check_date(d.date, "designation.date", None)
        sub.designation_date, sub.designation_program = d.date, d.program
        sub.designation_list_reference = d.list_reference
        detail = {
            "designation_date": d.date.isoformat(),
            "program": d.program,
            "list_reference": d.list_reference,
        }
    _advance(db, p, sub, body.status, on, body.note, detail, ip)
    if body.status in OUTCOMES:
        sub.outcome_on = on
    if body.clear_follow_up or body.status in (S.designated, S.declined):
        _set_follow_up(sub, None)
    elif body.follow_up_date is not None:
        _set_follow_up(sub, body.follow_up_date)
    return sub


def record_listed(
    db: Session, p: Principal, sub: Submission, d: Designation, note: str | None, ip: str | None
) -> SubmissionEvent | None:
    """An official list shows the person designated (a coordinator confirmed the match): the submission
    becomes `designated` with the listing, from wherever it stands once sent (a government that never
    answered, or declined, and listed later still listed). Already designated: nothing changes."""
    if sub.status == S.designated:
        return None
    if sub.status == S.prepared:
        raise Conflict(
            "The package was never sent: the listing is not an outcome of this submission",
            extra={"submission_status": sub.status.value},
        )
    sub.designation_date, sub.designation_program = d.date, d.program
    sub.designation_list_reference = d.list_reference
    detail = {
        "designation_date": d.date.isoformat(),
        "program": d.program,
        "list_reference": d.list_reference,
        "source": "official_list",
    }
    event = _advance(db, p, sub, S.designated, _today(), note, detail, ip, listed=True)
    sub.outcome_on = event.occurred_on
    _set_follow_up(sub, None)
    return event


@dataclass
class UpdateInput:
    fields: dict[str, Any]  # only what the client sent: follow_up_date, reference, addressee


def update_submission(
    db: Session, p: Principal, submission_id: str, body: UpdateInput, ip: str | None
) -> Submission:
    sub = get_submission(db, p, submission_id, for_update=True)
    changed: dict[str, Any] = {}
    if "follow_up_date" in body.fields:
        value = body.fields["follow_up_date"]
        _check_follow_up(value)
        if value is not None and sub.status not in FOLLOW_UP_STATUSES:
            raise Conflict(
                f"No follow-up for a submission that is {sub.status.value}",
                extra={"submission_status": sub.status.value},
            )
        _set_follow_up(sub, value)
        changed["follow_up_date"] = value.isoformat() if value else None
    for name in ("reference", "addressee"):
        if name in body.fields:
            setattr(sub, name, body.fields[name])
            changed[name] = body.fields[name]
    if changed:
        sub.updated_at = utcnow()
        case = db.execute(scoping.cases(p).where(CaseFile.id == sub.case_id)).scalar_one_or_none()
        audit.record(
            db,
            "submission.updated",
            principal=p,
            ip=ip,
            org_id=case.org_id if case else None,
            target_type="submission",
            target_id=sub.id,
            data={"case_id": sub.case_id, **changed},
        )
    return sub


# ---- the per-jurisdiction summary of a case --------------------------------------------------------------


def _package_summary(pkg: Package) -> dict[str, Any]:
    return {
        "id": pkg.id,
        "state": pkg.state.value,
        "progress": pkg.progress,
        "revision_number": pkg.revision_number,
        "sha256": pkg.sha256,
        "created_at": pkg.created_at,
        "built_at": pkg.built_at,
        "error": pkg.error,
    }


def designation(sub: Submission) -> dict[str, Any] | None:
    """The listing recorded with a `designated` submission (only that status carries one)."""
    if sub.status != S.designated:
        return None
    return {
        "date": sub.designation_date,
        "program": sub.designation_program,
        "list_reference": sub.designation_list_reference,
    }


def _submission_summary(sub: Submission, today: date) -> dict[str, Any]:
    return {
        "id": sub.id,
        "package_id": sub.package_id,
        "status": sub.status.value,
        "sent_on": sub.sent_on,
        "channel": sub.channel.value if sub.channel else None,
        "addressee": sub.addressee,
        "reference": sub.reference,
        "follow_up_date": sub.follow_up_date,
        "follow_up_due": bool(
            sub.follow_up_date and sub.follow_up_date <= today and sub.status in FOLLOW_UP_STATUSES
        ),
        "outcome_on": sub.outcome_on,
        "designation": designation(sub),
        "updated_at": sub.updated_at,
    }


def case_summary(db: Session, p: Principal, case_id: str) -> dict[str, Any]:
    """Per jurisdiction: the latest package and the submission that counts (the latest one sent, else
    the latest prepared), so a coordinator sees at a glance where each government stands."""
    case = cases.get_case(db, p, case_id)
    pkgs = list(
        db.execute(
            scoping.packages(p)
            .where(Package.case_id == case.id)
            .order_by(Package.created_at.desc(), Package.id.desc())
        ).scalars()
    )
    ids = [x.id for x in pkgs]
    subs = (
        {
            s.package_id: s
            for s in db.execute(scoping.submissions(p).where(Submission.package_id.in_(ids))).scalars()
        }
        if ids
        else {}
    )
    today = _today()
    codes = [
        c for c in JURISDICTIONS if c in case.target_jurisdictions or any(x.jurisdiction == c for x in pkgs)
    ]
    rows = []
    for code in codes:
        mine = [x for x in pkgs if x.jurisdiction == code]
        mine_subs = [subs[x.id] for x in mine if x.id in subs]
        sent = [s for s in mine_subs if s.status != S.prepared]
        current = max(sent, key=lambda s: (s.sent_on or date.min, s.created_at)) if sent else None
        current = current or (mine_subs[0] if mine_subs else None)
        latest = mine[0] if mine else None
        if current is not None:
            status = current.status.value
        elif latest is not None:
            status = latest.state.value  # building | failed
        else:
            status = "not_packaged"
        j = get_jurisdiction(code)
        rows.append(
            {
                "jurisdiction": code,
                "name": j.name,
                "addressee": j.addressee,
                "status": status,
                "packages": len(mine),
                "latest_package": _package_summary(latest) if latest else None,
                "submission": _submission_summary(current, today) if current else None,
            }
        )
    return {"case_id": case.id, "case_status": case.status.value, "jurisdictions": rows}


# ---- follow-ups (periodic) ---------------------------------------------------------------------------------


def notify_due_follow_ups(db: Session, today: date | None = None, limit: int = 200) -> int:
    """Raise `submission.follow_up_due` once per follow-up date reached. Safe to run in several processes:
    rows are claimed with SKIP LOCKED."""
    today = today or _today()
    due = list(
        db.execute(
            scoping.unscoped_submissions()
            .where(
                Submission.follow_up_date.is_not(None),
                Submission.follow_up_date <= today,
                Submission.status.in_(FOLLOW_UP_STATUSES),
                or_(
                    Submission.follow_up_notified_for.is_(None),
                    Submission.follow_up_notified_for != Submission.follow_up_date,
                ),
            )
            .order_by(Submission.follow_up_date, Submission.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).scalars()
    )
    for sub in due:
        case = db.execute(scoping.unscoped_cases().where(CaseFile.id == sub.case_id)).scalar_one_or_none()
        if case is None:  # pragma: no cover - cascades with the case
            continue
        sub.follow_up_notified_for = sub.follow_up_date
        assert sub.follow_up_date is not None
        emit(
            db,
            "submission.follow_up_due",
            case,
            actor=None,
            data={
                "submission_id": sub.id,
                "package_id": sub.package_id,
                "jurisdiction": sub.jurisdiction,
                "status": sub.status.value,
                "follow_up_date": sub.follow_up_date.isoformat(),
            },
        )
    return len(due)


def run_follow_ups(ctx: JobContext) -> int:
    with ctx.sessionmaker() as db:
        n = notify_due_follow_ups(db)
        db.commit()
    return n
