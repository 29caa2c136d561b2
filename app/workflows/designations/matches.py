"""The match queue: candidate designation matches, both records side by side, confirmed or rejected.

Coordinators decide (`review`); the authoring NGO reads the matches of its own cases (scoping). A
confirmed match for a case that was sent to that jurisdiction marks the submission `designated` with
the list, programme, entry id and listing date (the submission's own event tells the NGO); a confirmed
match for a jurisdiction the coalition never submitted to is a designation without a civil-society
basis (both count for analytics). A rejection is remembered for the pair until the entry changes
(screening compares fingerprints). Every decision is audited and a webhook event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.models.cases import CaseFile
from app.models.packages import Submission, SubmissionStatus
from app.models.sanctions import DesignationMatch, ListEntry, MatchStatus, SanctionsList
from app.security.permissions import Principal
from app.workflows import audit, scoping, submissions
from app.workflows.designations.listed import first_seen, listing_phrase, programmes_label
from app.workflows.designations.lists import designation_data, lists_by_id
from app.workflows.designations.notify import announce
from app.workflows.pagination import decode_cursor, encode_cursor


@dataclass
class MatchFilters:
    status: MatchStatus | None = MatchStatus.candidate
    band: str | None = None
    jurisdiction: str | None = None
    case_id: str | None = None
    list_name: str | None = None


@dataclass
class MatchView:
    """A match with what the queue shows beside it: the case, the perpetrator as the case describes
    them, the list entry as the list does, and where the case stands with that government."""

    match: DesignationMatch
    entry: ListEntry
    sanctions_list: SanctionsList
    case: CaseFile
    perpetrator: dict[str, Any] | None
    submission: Submission | None


def _perpetrator(case: CaseFile, perpetrator_id: str) -> dict[str, Any] | None:
    for p in case.content.get("perpetrators") or []:
        if p.get("id") == perpetrator_id:
            return dict(p)
    return None


def _sent_submission(db: Session, p: Principal, case_id: str, jurisdiction: str) -> Submission | None:
    """The submission that counts for a jurisdiction: the latest one sent."""
    rows = db.execute(
        scoping.submissions(p)
        .where(
            Submission.case_id == case_id,
            Submission.jurisdiction == jurisdiction,
            Submission.status != SubmissionStatus.prepared,
        )
        .order_by(Submission.sent_on.desc(), Submission.created_at.desc())
        .limit(1)
    ).scalars()
    return next(iter(rows), None)


def _views(db: Session, p: Principal, rows: list[tuple[DesignationMatch, ListEntry]]) -> list[MatchView]:
    case_ids = {m.case_id for m, _ in rows}
    cases = (
        {c.id: c for c in db.execute(scoping.cases(p).where(CaseFile.id.in_(case_ids))).scalars()}
        if case_ids
        else {}
    )
    lists = lists_by_id(db, {e.sanctions_list_id for _, e in rows})
    out = []
    for m, e in rows:
        case = cases[m.case_id]
        out.append(
            MatchView(
                m,
                e,
                lists[e.sanctions_list_id],
                case,
                _perpetrator(case, m.perpetrator_id),
                _sent_submission(db, p, case.id, m.jurisdiction),
            )
        )
    return out


def queue(
    db: Session, p: Principal, f: MatchFilters, limit: int, cursor: str | None
) -> tuple[list[MatchView], str | None, dict[str, int]]:
    """Matches this principal sees, likely before possible, best score first; counts per status."""
    stmt = (
        scoping.designation_matches(p)
        .add_columns(ListEntry)
        .join(ListEntry, ListEntry.id == DesignationMatch.entry_id)
    )
    if f.band:
        stmt = stmt.where(DesignationMatch.band == f.band)
    if f.jurisdiction:
        stmt = stmt.where(DesignationMatch.jurisdiction == f.jurisdiction)
    if f.case_id:
        stmt = stmt.where(DesignationMatch.case_id == f.case_id)
    if f.list_name:
        stmt = stmt.where(
            ListEntry.sanctions_list_id.in_(select(SanctionsList.id).where(SanctionsList.name == f.list_name))
        )
    counted = stmt.with_only_columns(DesignationMatch.status, func.count()).group_by(DesignationMatch.status)
    counts = {s.value: 0 for s in MatchStatus} | {
        status.value: int(n) for status, n in db.execute(counted).tuples()
    }
    if f.status is not None:
        stmt = stmt.where(DesignationMatch.status == f.status)
    offset = int(decode_cursor(cursor, 1)[0]) if cursor else 0
    likely_first = sql_case((DesignationMatch.band == "likely", 0), else_=1)
    ordered = stmt.order_by(
        likely_first, DesignationMatch.score.desc(), DesignationMatch.created_at, DesignationMatch.id
    )
    rows = [(m, e) for m, e in db.execute(ordered.offset(offset).limit(limit + 1)).tuples()]
    following = encode_cursor([offset + limit]) if len(rows) > limit else None
    return _views(db, p, rows[:limit]), following, counts


def get_match(db: Session, p: Principal, match_id: str, *, for_update: bool = False) -> MatchView:
    stmt = (
        scoping.designation_matches(p)
        .where(DesignationMatch.id == match_id)
        .add_columns(ListEntry)
        .join(ListEntry, ListEntry.id == DesignationMatch.entry_id)
    )
    if for_update:
        stmt = stmt.with_for_update(of=DesignationMatch)
    row = db.execute(stmt).tuples().first()
    if row is None:
        raise NotFound("No such designation match")
    return _views(db, p, [row])[0]


def _check_decider(p: Principal) -> None:
    if not p.can("review"):
        raise Forbidden("Only coalition coordinators confirm or reject designation matches")


def _decide(
    m: DesignationMatch, p: Principal, status: MatchStatus, entry: ListEntry, note: str | None
) -> None:
    m.status = status
    m.decided_by = p.user_id or p.token_id
    m.decided_at = utcnow()
    m.decided_fingerprint = entry.fingerprint
    m.decision_note = note
    m.updated_at = m.decided_at


def listed_since(db: Session, entry: ListEntry) -> date:
    """The listing date, or (OFAC publishes none) the first version that had the entry."""
    return entry.listing_date or first_seen(db, entry) or utcnow().date()


def confirm(db: Session, p: Principal, match_id: str, note: str | None, ip: str | None) -> MatchView:
    _check_decider(p)
    view = get_match(db, p, match_id, for_update=True)
    m, entry, lst, case = view.match, view.entry, view.sanctions_list, view.case
    if m.status == MatchStatus.confirmed:
        raise Conflict("The match is already confirmed", extra={"match_status": m.status.value})
    if entry.removed:
        raise Conflict(
            f"Entry {entry.list_id} is no longer on the {lst.title}: a delisted entry cannot be confirmed",
            extra={"match_status": m.status.value},
        )
    _decide(m, p, MatchStatus.confirmed, entry, note)
    facts = designation_data(lst, entry)
    sub = view.submission
    if sub is not None:
        designation = submissions.Designation(
            date=listed_since(db, entry),
            program=programmes_label(entry.programmes)[:200],
            list_reference=f"{lst.name} entry {entry.list_id}"[:200],
        )
        submissions.record_listed(db, p, sub, designation, note or f"Found on the {lst.title}", ip)
        m.submission_id, m.civil_society_basis = sub.id, True
    else:
        m.submission_id, m.civil_society_basis = None, False
    db.flush()
    audit.record(
        db,
        "designation.match_confirmed",
        principal=p,
        ip=ip,
        org_id=case.org_id,
        target_type="designation_match",
        target_id=m.id,
        data={
            "case_id": case.id,
            "perpetrator_id": m.perpetrator_id,
            "score": m.score,
            "submission_id": m.submission_id,
            "civil_society_basis": m.civil_society_basis,
            **facts,
        },
    )
    who = m.perpetrator_name or m.perpetrator_id
    # With a submission, its `submission.status_changed` already tells the NGO.
    notice = None
    if sub is None:
        notice = f"{who} is {listing_phrase(db, entry)} (recorded without a submission by the coalition)"
    announce(
        db,
        "designation.confirmed",
        case,
        actor=p,
        data={
            "match_id": m.id,
            "jurisdiction": m.jurisdiction,
            "submission_id": m.submission_id,
            "status": m.status.value,
            "designation": {**facts, "civil_society_basis": m.civil_society_basis},
        },
        notice=notice,
    )
    view.submission = sub
    return view


def reject(db: Session, p: Principal, match_id: str, note: str | None, ip: str | None) -> MatchView:
    _check_decider(p)
    view = get_match(db, p, match_id, for_update=True)
    m, entry, lst, case = view.match, view.entry, view.sanctions_list, view.case
    if m.status != MatchStatus.candidate:
        raise Conflict(
            f"Only a candidate can be rejected; this match is {m.status.value}",
            extra={"match_status": m.status.value},
        )
    _decide(m, p, MatchStatus.rejected, entry, note)
    facts = designation_data(lst, entry)
    audit.record(
        db,
        "designation.match_rejected",
        principal=p,
        ip=ip,
        org_id=case.org_id,
        target_type="designation_match",
        target_id=m.id,
        data={"case_id": case.id, "perpetrator_id": m.perpetrator_id, "score": m.score, **facts},
    )
    announce(
        db,
        "designation.rejected",
        case,
        actor=p,
        data={
            "match_id": m.id,
            "jurisdiction": m.jurisdiction,
            "status": m.status.value,
            "designation": facts,
        },
    )
    return view
