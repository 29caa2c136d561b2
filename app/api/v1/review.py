"""Coalition review: submit, queue, assignment, comments, decisions, conflicts of interest."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from sqlalchemy.orm import Session

from app.api.deps import Permission, PrincipalDep, SessionDep, client_ip
from app.api.v1.cases import case_out, parse_if_match
from app.models.cases import CaseStatus
from app.models.review import Assignment, Comment, ConflictOfInterest
from app.schemas.case_content import AbuseCategory, VictimGroup
from app.schemas.cases import CaseOut, CaseSort, CaseSummaryOut, ChangeOut
from app.schemas.review import (
    AssignIn,
    AssignmentOut,
    CommentIn,
    CommentOut,
    ConflictIn,
    ConflictOut,
    DecisionIn,
    DecisionOut,
    DecisionResultOut,
    QueueItemOut,
    QueueOut,
    ReviewStateOut,
    SinceReviewedOut,
)
from app.workflows import people, review

router = APIRouter(tags=["review"])
READ = Depends(Permission("cases:read"))
REVIEW = Depends(Permission("review"))
COMMENT = Depends(Permission("comments:write"))


@router.post(
    "/cases/{case_id}/submit", response_model=CaseOut, dependencies=[Depends(Permission("cases:write"))]
)
def submit_case(
    case_id: str,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    if_match: Annotated[str | None, Header()] = None,
) -> CaseOut:
    return case_out(
        review.submit(db, p, case_id, parse_if_match(if_match, required=False), client_ip(request))
    )


@router.get("/review/queue", response_model=QueueOut, dependencies=[REVIEW])
def review_queue(
    p: PrincipalDep,
    db: SessionDep,
    state: Annotated[list[CaseStatus] | None, Query()] = None,
    assignee: Annotated[str | None, Query(description="a coordinator id, or 'me'")] = None,
    unassigned: bool = False,
    org_id: str | None = None,
    jurisdiction: str | None = None,
    category: AbuseCategory | None = None,
    victim_group: VictimGroup | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    waiting_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: CaseSort = CaseSort.status_changed_at,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> QueueOut:
    f = review.QueueFilters(
        state=state,
        assignee=assignee,
        unassigned=unassigned,
        org_id=org_id,
        jurisdiction=jurisdiction,
        category=category.value if category else None,
        victim_group=victim_group.value if victim_group else None,
        country=country,
        waiting_days=waiting_days,
        q=q,
    )
    items, next_cursor, counts = review.queue(db, p, f, sort, limit, cursor)
    # The NGO by name: a coordinator reads every NGO's cases in the queue, not the organisations list.
    org_names = people.org_names(db, (i.case.org_id for i in items))
    return QueueOut(
        items=[
            QueueItemOut(
                **CaseSummaryOut.model_validate(i.case).model_dump(),
                org_name=org_names.get(i.case.org_id),
                assignee_id=i.assignee_id,
                approvals=i.approvals,
                waiting_days=i.waiting_days,
            )
            for i in items
        ],
        next_cursor=next_cursor,
        counts=counts,
    )


@router.post("/review/cases/{case_id}/assign", response_model=AssignmentOut, dependencies=[REVIEW])
def assign_reviewer(
    case_id: str, body: AssignIn, request: Request, p: PrincipalDep, db: SessionDep
) -> Assignment:
    return review.assign(
        db, p, case_id, body.coordinator_id, client_ip(request), expect_unassigned=body.coordinator_id is None
    )


@router.post("/review/cases/{case_id}/release", status_code=204, dependencies=[REVIEW])
def release_case(case_id: str, request: Request, p: PrincipalDep, db: SessionDep) -> None:
    review.release(db, p, case_id, client_ip(request))


def comments_out(db: Session, comments: list[Comment]) -> list[CommentOut]:
    """Comments with their author's (and resolver's) display name."""
    names = people.user_names(db, [i for c in comments for i in (c.author_id, c.resolved_by)])
    return [
        CommentOut.model_validate(c).model_copy(
            update={
                "author_name": names.get(c.author_id or ""),
                "resolved_by_name": names.get(c.resolved_by or ""),
            }
        )
        for c in comments
    ]


@router.get("/cases/{case_id}/comments", response_model=list[CommentOut], dependencies=[READ])
def list_comments(case_id: str, p: PrincipalDep, db: SessionDep) -> list[CommentOut]:
    return comments_out(db, review.list_comments(db, p, case_id))


@router.post("/cases/{case_id}/comments", response_model=CommentOut, status_code=201, dependencies=[COMMENT])
def add_comment(
    case_id: str, body: CommentIn, request: Request, p: PrincipalDep, db: SessionDep
) -> CommentOut:
    c = review.add_comment(db, p, case_id, body.path, body.body, body.parent_id, client_ip(request))
    return comments_out(db, [c])[0]


@router.post(
    "/cases/{case_id}/comments/{comment_id}/resolve", response_model=CommentOut, dependencies=[COMMENT]
)
def resolve_comment(
    case_id: str, comment_id: str, request: Request, p: PrincipalDep, db: SessionDep
) -> CommentOut:
    return comments_out(db, [review.set_resolved(db, p, case_id, comment_id, True, client_ip(request))])[0]


@router.post(
    "/cases/{case_id}/comments/{comment_id}/reopen", response_model=CommentOut, dependencies=[COMMENT]
)
def reopen_comment(
    case_id: str, comment_id: str, request: Request, p: PrincipalDep, db: SessionDep
) -> CommentOut:
    return comments_out(db, [review.set_resolved(db, p, case_id, comment_id, False, client_ip(request))])[0]


@router.post("/review/cases/{case_id}/decisions", response_model=DecisionResultOut, dependencies=[REVIEW])
def decide_case(
    case_id: str, body: DecisionIn, request: Request, p: PrincipalDep, db: SessionDep
) -> DecisionResultOut:
    r = review.decide(db, p, case_id, body.decision, body.revision, body.reason, client_ip(request))
    return DecisionResultOut(
        decision=DecisionOut.model_validate(r.decision),
        case_status=r.case.status.value,
        approvals=r.approvals,
        approvals_needed=r.approvals_needed,
    )


@router.get("/cases/{case_id}/review", response_model=ReviewStateOut, dependencies=[READ])
def review_state(case_id: str, p: PrincipalDep, db: SessionDep) -> ReviewStateOut:
    return ReviewStateOut.model_validate(review.review_state(db, p, case_id), from_attributes=True)


@router.get("/review/cases/{case_id}/since-reviewed", response_model=SinceReviewedOut, dependencies=[REVIEW])
def since_reviewed(case_id: str, p: PrincipalDep, db: SessionDep) -> SinceReviewedOut:
    s = review.changes_since_reviewed(db, p, case_id)
    return SinceReviewedOut(
        from_revision=s.from_revision,
        to_revision=s.to_revision,
        changes=[ChangeOut.model_validate(c) for c in s.changes],
    )


@router.post("/review/conflicts", response_model=ConflictOut, status_code=201, dependencies=[REVIEW])
def declare_conflict(
    body: ConflictIn, request: Request, p: PrincipalDep, db: SessionDep
) -> ConflictOfInterest:
    return review.declare_conflict(db, p, body.org_id, body.case_id, body.reason, client_ip(request))


@router.get("/review/conflicts", response_model=list[ConflictOut], dependencies=[REVIEW])
def list_conflicts(p: PrincipalDep, db: SessionDep) -> list[ConflictOfInterest]:
    return review.list_conflicts(db, p)
