"""Coalition review: submit, queue, assignment, anchored comments, four-eyes decisions."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Literal, cast

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.models.cases import CaseFile, CaseStatus
from app.models.identity import Membership, Organization, User
from app.models.review import Assignment, Comment, ConflictOfInterest, Decision, ReviewMark
from app.security.permissions import Principal
from app.workflows import anchors, audit, case_states, cases, people, scoping
from app.workflows.content_diff import ContentChange
from app.workflows.events import emit

APPROVALS_NEEDED = 2
REVIEWABLE = frozenset({CaseStatus.submitted, CaseStatus.in_review})
PATH_RE = re.compile(r"^(title|target_jurisdictions|[a-z_]+)(\[\d+\]|\.[a-z_]+){0,6}$")
TOP_SECTIONS = frozenset(
    {
        "title",
        "target_jurisdictions",
        "perpetrators",
        "abuses",
        "victims",
        "jurisdictions",
        "exculpatory_information",
        "sources",
        "contact",
        "partner_organisations",
        "evidence",
        "general",
    }
)


# ---- submit ---------------------------------------------------------------------------------------------


def submit(db: Session, p: Principal, case_id: str, if_match: int | None, ip: str | None) -> CaseFile:
    case = cases.get_case(db, p, case_id, for_update=True)
    if if_match is not None:
        cases.check_version(case, if_match)
    case_states.check(p, case, "submit")
    report = cases.case_readiness(case)
    if not report:
        raise Invalid(
            "Choose at least one target jurisdiction before submitting",
            errors=[{"loc": ["target_jurisdictions"], "msg": "at least one target jurisdiction is required"}],
        )
    if not any(r.ready for r in report.values()):
        errors = [
            {"loc": [code, *path.replace("[", ".").replace("]", "").split(".")], "msg": "required"}
            for code, r in report.items()
            for path in r.missing
        ]
        errors += [{"loc": [code], "msg": reason} for code, r in report.items() for reason in r.reasons]
        raise Invalid(
            "The case is not ready for any of its target jurisdictions",
            errors=errors,
            extra={
                "missing": {code: r.missing for code, r in report.items()},
                "reasons": {code: r.reasons for code, r in report.items()},
            },
        )
    resubmission = case.status == CaseStatus.changes_requested
    cases.transition(
        db,
        p,
        case,
        "submit",
        ip,
        {"revision": case.revision_number, "ready_for": sorted(c for c, r in report.items() if r.ready)},
    )
    emit(
        db,
        "case.submitted",
        case,
        actor=p,
        data={"revision": case.revision_number, "resubmission": resubmission},
    )
    return case


# ---- conflicts of interest ------------------------------------------------------------------------------


def _conflicted(db: Session, coordinator_id: str, case: CaseFile) -> bool:
    # Asked about the coordinator a case is handed to too, not only the caller: system statements.
    member_of_author = db.execute(
        scoping.unscoped_membership_of_user(coordinator_id).where(Membership.org_id == case.org_id)
    ).first()
    declared = db.execute(
        scoping.unscoped_conflicts_with(case)
        .where(ConflictOfInterest.coordinator_id == coordinator_id)
        .with_only_columns(ConflictOfInterest.id)
    ).first()
    return bool(member_of_author or declared)


def _require_reviewer(db: Session, p: Principal, case: CaseFile) -> str:
    if not (p.is_coalition and p.can("review")):
        raise Forbidden("Only coalition coordinators review case files")
    if p.user_id is None:
        raise Forbidden("Decisions are taken by a person, not an API token")
    if _conflicted(db, p.user_id, case):
        raise Forbidden(
            "You have a conflict of interest with this case (declared, or you belong to the "
            "authoring organisation) and may not review it"
        )
    return p.user_id


def declare_conflict(
    db: Session, p: Principal, org_id: str | None, case_id: str | None, reason: str, ip: str | None
) -> ConflictOfInterest:
    if not (p.is_coalition and p.can("review")) or p.user_id is None:
        raise Forbidden("Only coordinators declare conflicts of interest")
    if (org_id is None) == (case_id is None):
        raise Invalid(
            "Name either an organisation or a case",
            errors=[{"loc": ["body"], "msg": "exactly one of org_id, case_id"}],
        )
    if case_id is not None:
        cases.get_case(db, p, case_id)
    # An unknown organisation is a 404, not a foreign-key violation (500) at the insert.
    if (
        org_id is not None
        and db.execute(select(Organization.id).where(Organization.id == org_id)).first() is None
    ):
        raise NotFound("No such organisation")
    coi = ConflictOfInterest(coordinator_id=p.user_id, org_id=org_id, case_id=case_id, reason=reason)
    db.add(coi)
    # A declared conflict also ends any assignment it touches.
    touched = scoping.assignments(p).where(Assignment.coordinator_id == p.user_id)
    if case_id:
        touched = touched.where(Assignment.case_id == case_id)
    else:
        org_cases = scoping.cases(p).where(CaseFile.org_id == org_id).with_only_columns(CaseFile.id)
        touched = touched.where(Assignment.case_id.in_(org_cases))
    db.execute(scoping.delete_rows(touched))
    db.flush()
    audit.record(
        db,
        "review.conflict_declared",
        principal=p,
        ip=ip,
        target_type="conflict",
        target_id=coi.id,
        data={"org_id": org_id, "case_id": case_id},
    )
    return coi


def list_conflicts(db: Session, p: Principal) -> list[ConflictOfInterest]:
    return list(db.execute(scoping.conflicts(p)).scalars())


# ---- queue ----------------------------------------------------------------------------------------------


@dataclass
class QueueFilters:
    state: list[CaseStatus] | None = None
    assignee: str | None = None  # a user id, or "me"
    unassigned: bool = False
    org_id: str | None = None
    jurisdiction: str | None = None
    category: str | None = None
    victim_group: str | None = None
    country: str | None = None
    waiting_days: int | None = None
    q: str | None = None


@dataclass
class QueueItem:
    case: cases.CaseSummary
    assignee_id: str | None
    approvals: int

    @property
    def waiting_days(self) -> float:
        """How long the case has waited in its current state."""
        return round((utcnow() - self.case.status_changed_at).total_seconds() / 86400, 2)


def _queue_stmt(p: Principal, f: QueueFilters) -> Select[CaseFile]:
    if not p.is_coalition:
        raise Forbidden("The review queue is for coalition coordinators")
    stmt = cases.apply_filters(
        scoping.cases(p),
        cases.CaseFilters(
            status=f.state,
            jurisdiction=f.jurisdiction,
            category=f.category,
            victim_group=f.victim_group,
            country=f.country,
            org_id=f.org_id,
            q=f.q,
        ),
    )
    assigned = scoping.assignments(p).with_only_columns(Assignment.case_id)
    if f.unassigned:
        stmt = stmt.where(~CaseFile.id.in_(assigned))
    if f.assignee:
        who = p.user_id if f.assignee == "me" else f.assignee
        stmt = stmt.where(CaseFile.id.in_(assigned.where(Assignment.coordinator_id == who)))
    if f.waiting_days is not None:
        stmt = stmt.where(CaseFile.status_changed_at <= utcnow() - timedelta(days=f.waiting_days))
    return stmt


def queue(
    db: Session, p: Principal, f: QueueFilters, sort: str, limit: int, cursor: str | None
) -> tuple[list[QueueItem], str | None, dict[str, int]]:
    stmt = _queue_stmt(p, f)
    if f.state is None:
        # By default the queue shows what waits on the coalition, oldest first.
        stmt = stmt.where(CaseFile.status.in_(REVIEWABLE))
    # One round trip for the page: each case's assignee and approvals are correlated subqueries (an
    # index probe each, per row of the page), not two more statements with the page's ids spelled out.
    assignee = (
        scoping.assignments(p)
        .where(Assignment.case_id == CaseFile.id)
        .with_only_columns(Assignment.coordinator_id)
        .scalar_subquery()
    )
    approvals = (
        scoping.decisions(p)
        .where(
            Decision.case_id == CaseFile.id,
            Decision.revision_number == CaseFile.revision_number,
            Decision.decision == "approve",
        )
        .with_only_columns(func.count(func.distinct(Decision.coordinator_id)))
        .scalar_subquery()
    )
    rows, next_cursor = cases.keyset_rows(
        db, stmt, sort, limit, cursor, assignee.label("assignee_id"), approvals.label("approvals")
    )
    counts = cases.status_counts(db, _queue_stmt(p, replace(f, state=None)))
    return (
        [QueueItem(cast(cases.CaseSummary, r), r.assignee_id, int(r.approvals or 0)) for r in rows],
        next_cursor,
        counts,
    )


# ---- assignment -----------------------------------------------------------------------------------------


def _coordinator(db: Session, user_id: str) -> User:
    row = db.execute(
        select(User).where(User.id == user_id, User.id.in_(scoping.unscoped_coordinator_ids()))
    ).scalar_one_or_none()
    if row is None:
        raise Invalid(
            "No such coordinator", errors=[{"loc": ["body", "coordinator_id"], "msg": "not a coordinator"}]
        )
    return row


def assign(
    db: Session,
    p: Principal,
    case_id: str,
    coordinator_id: str | None,
    ip: str | None,
    expect_unassigned: bool = False,
) -> Assignment:
    """Take a case (no coordinator named) or hand it to another coordinator. Starts the review."""
    case = cases.get_case(db, p, case_id, for_update=True)
    me = _require_reviewer(db, p, case)
    target = coordinator_id or me
    _coordinator(db, target)
    if _conflicted(db, target, case):
        raise Conflict("That coordinator has a conflict of interest with this case")
    if case.status not in REVIEWABLE:
        raise Conflict(
            f"A case that is {case.status.value} cannot be assigned", extra={"case_status": case.status.value}
        )
    current = _assignment(db, p, case)
    if current is not None and expect_unassigned and current.coordinator_id != target:
        raise Conflict(
            "Someone else took this case a moment ago", extra={"assignee_id": current.coordinator_id}
        )
    if current is None:
        current = Assignment(case_id=case.id, coordinator_id=target, assigned_by=me)
        db.add(current)
    else:
        current.coordinator_id, current.assigned_by, current.assigned_at = target, me, utcnow()
    if case.status == CaseStatus.submitted:
        cases.transition(db, p, case, "start_review", ip)
    db.flush()
    audit.record(
        db,
        "review.assigned",
        principal=p,
        ip=ip,
        target_type="case",
        target_id=case.id,
        data={"coordinator_id": target},
    )
    emit(db, "case.assigned", case, actor=p, data={"coordinator_id": target})
    return current


def release(db: Session, p: Principal, case_id: str, ip: str | None) -> None:
    case = cases.get_case(db, p, case_id, for_update=True)
    me = _require_reviewer(db, p, case)
    current = _assignment(db, p, case)
    if current is None:
        raise Conflict("This case is not assigned")
    if current.coordinator_id != me:
        raise Forbidden("Only the assigned coordinator can release a case")
    db.delete(current)
    audit.record(db, "review.released", principal=p, ip=ip, target_type="case", target_id=case.id)


# ---- comments -------------------------------------------------------------------------------------------


def _check_path(path: str) -> str:
    path = path.strip()
    if not PATH_RE.match(path) or path.split("[")[0].split(".")[0] not in TOP_SECTIONS:
        raise Invalid(
            "Unknown section path",
            errors=[
                {
                    "loc": ["body", "path"],
                    "msg": (
                        "a section path such as 'perpetrators[1].positions' or 'victims.groups'; sections: "
                        + ", ".join(sorted(TOP_SECTIONS))
                    ),
                }
            ],
        )
    return path


def _require_commenter(db: Session, p: Principal, case: CaseFile, refusal: str) -> None:
    """Coordinators comment as reviewers (so not when conflicted); NGO members on their own cases."""
    if p.is_coalition:
        _require_reviewer(db, p, case)
    elif case.org_id != p.org_id or not p.can("comments:write"):
        raise Forbidden(refusal)


def add_comment(
    db: Session,
    p: Principal,
    case_id: str,
    path: str | None,
    body: str,
    parent_id: str | None,
    ip: str | None,
) -> Comment:
    case = cases.get_case(db, p, case_id, for_update=True)
    _require_commenter(db, p, case, "You may not comment on this case")
    parent = None
    if parent_id:
        parent = db.execute(
            scoping.comments(p).where(Comment.id == parent_id, Comment.case_id == case.id)
        ).scalar_one_or_none()
        if parent is None:
            raise NotFound("No such comment on this case")
        path = parent.path
    elif not p.is_coalition:
        raise Forbidden("Authors reply to coordinators' comments; new threads are opened by reviewers")
    if path is None:
        raise Invalid("A section path is required", errors=[{"loc": ["body", "path"], "msg": "required"}])
    comment = Comment(
        case_id=case.id,
        parent_id=parent.id if parent else None,
        path=_check_path(path),
        revision_number=case.revision_number,
        body=body,
        author_id=p.user_id,
        author_org_id=p.org_id,
    )
    if parent is None:  # a reply keeps its thread's anchor, even once a later revision dropped it
        anchors.check_anchor(case, comment.path)
    db.add(comment)
    db.flush()
    audit.record(
        db,
        "review.commented",
        principal=p,
        ip=ip,
        target_type="comment",
        target_id=comment.id,
        data={"case_id": case.id, "path": comment.path, "reply_to": comment.parent_id},
    )
    emit(
        db,
        "case.commented",
        case,
        actor=p,
        data={"comment_id": comment.id, "path": comment.path, "by_coalition": p.is_coalition},
    )
    return comment


def list_comments(db: Session, p: Principal, case_id: str) -> list[Comment]:
    case = cases.get_case(db, p, case_id)
    return list(
        db.execute(
            scoping.comments(p).where(Comment.case_id == case.id).order_by(Comment.created_at)
        ).scalars()
    )


def set_resolved(
    db: Session, p: Principal, case_id: str, comment_id: str, resolved: bool, ip: str | None
) -> Comment:
    case = cases.get_case(db, p, case_id, for_update=True)
    _require_commenter(db, p, case, "You may not change this comment")
    comment = db.execute(
        scoping.comments(p).where(
            Comment.id == comment_id, Comment.case_id == case.id, Comment.parent_id.is_(None)
        )
    ).scalar_one_or_none()
    if comment is None:
        raise NotFound("No such comment thread on this case")
    comment.resolved_at = utcnow() if resolved else None
    comment.resolved_by = p.user_id if resolved else None
    audit.record(
        db,
        "review.comment_resolved" if resolved else "review.comment_reopened",
        principal=p,
        ip=ip,
        target_type="comment",
        target_id=comment.id,
        data={"case_id": case.id},
    )
    return comment


def open_threads(db: Session, p: Principal, case_id: str) -> int:
    threads = scoping.comments(p).where(
        Comment.case_id == case_id, Comment.parent_id.is_(None), Comment.resolved_at.is_(None)
    )
    return int(db.execute(select(func.count()).select_from(threads.subquery())).scalar_one())


# ---- decisions ------------------------------------------------------------------------------------------


def _approval_counts(db: Session, p: Principal, rows: list[CaseFile]) -> dict[str, int]:
    """Coordinators who approved each case's current revision, in one query (cases with none are absent)."""
    if not rows:
        return {}
    return dict(
        db.execute(
            scoping.decisions(p)
            .with_only_columns(Decision.case_id, func.count(func.distinct(Decision.coordinator_id)))
            .where(
                tuple_(Decision.case_id, Decision.revision_number).in_(
                    [(c.id, c.revision_number) for c in rows]
                ),
                Decision.decision == "approve",
            )
            .group_by(Decision.case_id)
        )
        .tuples()
        .all()
    )


def _approvals(db: Session, p: Principal, case: CaseFile) -> int:
    return _approval_counts(db, p, [case]).get(case.id, 0)


def _assignment(db: Session, p: Principal, case: CaseFile) -> Assignment | None:
    return db.execute(scoping.assignments(p).where(Assignment.case_id == case.id)).scalar_one_or_none()


def _mark(db: Session, p: Principal, case: CaseFile) -> ReviewMark | None:
    """The revision this person last reviewed the case at."""
    return db.execute(scoping.review_marks(p).where(ReviewMark.case_id == case.id)).scalar_one_or_none()


def _mark_reviewed(db: Session, p: Principal, case: CaseFile, coordinator_id: str) -> None:
    mark = _mark(db, p, case)
    if mark is None:
        db.add(
            ReviewMark(case_id=case.id, coordinator_id=coordinator_id, revision_number=case.revision_number)
        )
    else:
        mark.revision_number, mark.at = case.revision_number, utcnow()


@dataclass
class DecisionResult:
    case: CaseFile
    decision: Decision
    approvals: int
    approvals_needed: int


def decide(
    db: Session,
    p: Principal,
    case_id: str,
    decision: Literal["approve", "request_changes", "reject"],
    revision: int,
    reason: str | None,
    ip: str | None,
) -> DecisionResult:
    # The row lock serialises decisions on one case: two approvals at once cannot both miss each other.
    case = cases.get_case(db, p, case_id, for_update=True)
    me = _require_reviewer(db, p, case)
    case_states.check(p, case, decision)
    if revision != case.revision_number:
        raise Conflict(
            f"You reviewed revision {revision} but the case is now at revision "
            f"{case.revision_number}; review the changes first",
            extra={"current_revision": case.revision_number},
        )
    if decision == "reject" and not (reason and reason.strip()):
        raise Invalid("A rejection needs a reason", errors=[{"loc": ["body", "reason"], "msg": "required"}])
    if decision == "request_changes" and open_threads(db, p, case.id) == 0:
        raise Invalid(
            "Requesting changes needs at least one open comment saying what to change",
            errors=[{"loc": ["comments"], "msg": "no open comment"}],
        )
    if decision == "approve":
        already = db.execute(
            scoping.decisions(p)
            .with_only_columns(Decision.id)
            .where(
                Decision.case_id == case.id,
                Decision.coordinator_id == me,
                Decision.decision == "approve",
                Decision.revision_number == case.revision_number,
            )
        ).first()
        if already:
            raise Conflict("You already approved this revision; a second coordinator must approve it")
    d = Decision(
        case_id=case.id,
        coordinator_id=me,
        decision=decision,
        revision_number=case.revision_number,
        reason=reason,
    )
    db.add(d)
    db.flush()
    _mark_reviewed(db, p, case, me)
    audit.record(
        db,
        f"review.decision.{decision}",
        principal=p,
        ip=ip,
        target_type="case",
        target_id=case.id,
        data={"revision": case.revision_number, "reason": reason},
    )
    approvals = _approvals(db, p, case)
    if decision == "approve":
        if approvals >= APPROVALS_NEEDED:
            cases.transition(db, p, case, "approve", ip, {"revision": case.revision_number})
            emit(db, "case.approved", case, actor=p, data={"revision": case.revision_number})
    else:
        cases.transition(db, p, case, decision, ip, {"revision": case.revision_number, "reason": reason})
        if decision == "reject":
            db.execute(scoping.delete_rows(scoping.assignments(p).where(Assignment.case_id == case.id)))
        emit(
            db,
            "case.changes_requested" if decision == "request_changes" else "case.rejected",
            case,
            actor=p,
            data={"revision": case.revision_number, "reason": reason},
        )
    return DecisionResult(case, d, approvals, APPROVALS_NEEDED)


@dataclass
class SinceReviewed:
    from_revision: int | None
    to_revision: int
    changes: list[ContentChange]


def changes_since_reviewed(db: Session, p: Principal, case_id: str) -> SinceReviewed:
    case = cases.get_case(db, p, case_id)
    mark = _mark(db, p, case) if p.user_id else None
    if mark is None:
        return SinceReviewed(None, case.revision_number, [])
    return SinceReviewed(
        mark.revision_number,
        case.revision_number,
        cases.diff_revisions(db, p, case, mark.revision_number, case.revision_number),
    )


def review_state(db: Session, p: Principal, case_id: str) -> dict[str, Any]:
    case = cases.get_case(db, p, case_id)
    a = _assignment(db, p, case)
    decisions = list(
        db.execute(
            scoping.decisions(p).where(Decision.case_id == case.id).order_by(Decision.created_at)
        ).scalars()
    )
    assignee = a.coordinator_id if a else None
    names = people.user_names(db, [assignee, *(d.coordinator_id for d in decisions)])
    return {
        "org_name": people.org_name(db, case.org_id),
        "assignee_id": assignee,
        "assignee_name": names.get(assignee) if assignee else None,
        "approvals": _approvals(db, p, case),
        "approvals_needed": APPROVALS_NEEDED,
        "open_comments": open_threads(db, p, case.id),
        "decisions": [
            {
                "id": d.id,
                "coordinator_id": d.coordinator_id,
                "coordinator_name": names.get(d.coordinator_id),
                "decision": d.decision,
                "revision_number": d.revision_number,
                "reason": d.reason,
                "created_at": d.created_at,
            }
            for d in decisions
        ],
    }
