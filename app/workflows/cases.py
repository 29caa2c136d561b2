"""Drafting case files: create, list, update with optimistic concurrency, revisions, diff, readiness."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol, cast

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Row, Select, func, or_
from sqlalchemy.orm import Session, object_session

from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid, NotFound, PreconditionFailed
from app.jobs.queue import defer
from app.jurisdictions import JURISDICTIONS
from app.models.cases import CaseFile, CaseRevision, CaseStatus
from app.models.evidence import Evidence
from app.schemas.case_content import (
    CaseContent,
    abuse_categories,
    abuse_countries,
    normalise_for_search,
    perpetrator_to_ftm,
    search_terms,
    victim_groups,
)
from app.security.permissions import Principal
from app.workflows import audit, case_states, scoping
from app.workflows.content_diff import ContentChange, diff_content
from app.workflows.designations import listed
from app.workflows.pagination import decode_cursor, encode_cursor
from app.workflows.readiness import JurisdictionReadiness, readiness

EDITABLE = frozenset({CaseStatus.draft, CaseStatus.changes_requested})


def validation_errors(exc: ValidationError) -> list[dict[str, Any]]:
    return [{"loc": ["body", "content", *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()]


def parse_content(data: dict[str, Any] | None) -> CaseContent:
    try:
        return CaseContent.model_validate(data or {})
    except ValidationError as exc:
        errors = validation_errors(exc)
        paths = ", ".join(".".join(str(x) for x in e["loc"][2:]) for e in errors[:5])
        raise Invalid(f"The case content has invalid values: {paths}", errors=errors) from exc


def check_jurisdictions(codes: list[str]) -> list[str]:
    unknown = [c for c in codes if c not in JURISDICTIONS]
    if unknown:
        raise Invalid(
            "Unknown target jurisdiction",
            errors=[
                {
                    "loc": ["body", "target_jurisdictions"],
                    "msg": f"unknown: {', '.join(unknown)}; known: {', '.join(sorted(JURISDICTIONS))}",
                }
            ],
        )
    return sorted(set(codes))


def content_hash(title: str, targets: list[str], content: dict[str, Any]) -> str:
    canonical = json.dumps(
        {"title": title, "targets": targets, "content": content},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def membership_key(values: list[str]) -> str:
    """The `|a|b|` form of a case's list columns: a LIKE `%|x|%` finds one member (filters and analytics)."""
    return "|" + "|".join(values) + ("|" if values else "")


def _denormalise(case: CaseFile, content: CaseContent) -> None:
    from rigour.text import ascii_text  # deferred: rigour loads PyICU/normality (~30 MB)

    terms = [case.title, *search_terms(content)]
    folded = {normalise_for_search(t) for t in terms}
    # A transliterated copy lets "Ivanov" find "Иванов" even when no transliteration was typed in.
    folded |= {normalise_for_search(ascii_text(t)) for t in terms}
    case.search_text = "\n".join(sorted(f for f in folded if f))
    case.jurisdictions_key = membership_key(case.target_jurisdictions)
    case.categories_key = membership_key(abuse_categories(content))
    case.groups_key = membership_key(victim_groups(content))
    case.countries_key = membership_key(sorted({c.upper() for c in abuse_countries(content)}))


CASE_KEYS = ("org_id", "categories_key", "groups_key", "countries_key")


def case_keys(case: CaseFile) -> dict[str, str]:
    """The case's organisation and keys that its submissions carry (models/packages.py `Submission`).

    Copied when a package's submission is made and never again: a submission exists only from approval
    on, and an approved case's content is frozen (no transition leads back to an EDITABLE state;
    tests/api/test_analytics_keys.py fails if one is added)."""
    return {name: getattr(case, name) for name in CASE_KEYS}


def _add_revision(db: Session, p: Principal, case: CaseFile, autosave: bool) -> CaseRevision:
    rev = CaseRevision(
        case_id=case.id,
        number=case.revision_number,
        title=case.title,
        target_jurisdictions=case.target_jurisdictions,
        content=case.content,
        content_hash=content_hash(case.title, case.target_jurisdictions, case.content),
        author_id=p.user_id,
        author_token_id=p.token_id,
        autosave=autosave,
    )
    db.add(rev)
    return rev


def create_case(
    db: Session, p: Principal, title: str, targets: list[str], data: dict[str, Any] | None, ip: str | None
) -> CaseFile:
    if p.is_coalition or not p.can("cases:write"):
        raise Forbidden("Only NGO members draft case files")
    content = parse_content(data)
    case = CaseFile(
        org_id=p.org_id,
        title=title,
        status=CaseStatus.draft,
        target_jurisdictions=check_jurisdictions(targets),
        content=content.model_dump(mode="json", exclude_none=True),
        created_by=p.user_id,
        version=1,
        revision_number=1,
    )
    _denormalise(case, content)
    db.add(case)
    db.flush()
    _add_revision(db, p, case, autosave=False)
    audit.record(
        db, "case.created", principal=p, ip=ip, target_type="case", target_id=case.id, data={"title": title}
    )
    _screen(db, case)
    return case


def _screen(db: Session, case: CaseFile, before: Any = None) -> None:
    """Perpetrators saved: screen them against the official lists (a job; none before any list exists).
    `before`: the perpetrators the save replaced (all removed: their candidates go)."""
    if (case.content.get("perpetrators") or before) and listed.lists_imported(db):
        defer(db, "designations.screen_case", case_id=case.id)


def get_case(db: Session, p: Principal, case_id: str, *, for_update: bool = False) -> CaseFile:
    stmt = scoping.cases(p).where(CaseFile.id == case_id)
    if for_update:
        stmt = stmt.with_for_update()
    case = db.execute(stmt).scalar_one_or_none()
    if case is None:
        raise NotFound("No such case file")
    return case


def _check_owner_can_edit(p: Principal, case: CaseFile) -> None:
    if case.org_id != p.org_id or not p.can("cases:write"):
        raise Forbidden("You may read this case file but not change it")
    if case.status not in EDITABLE:
        raise Conflict(
            f"A case that is {case.status.value} cannot be edited; "
            "it can be edited as a draft or when changes are requested",
            extra={"case_status": case.status.value},
        )


def check_version(case: CaseFile, if_match: int) -> None:
    if if_match != case.version:
        raise PreconditionFailed(
            f"The case was changed by someone else (you sent version {if_match}, it is now at "
            f"version {case.version}). Reload it, merge your changes and save again.",
            extra={"current_version": case.version},
        )


def update_case(
    db: Session,
    p: Principal,
    case_id: str,
    if_match: int,
    title: str | None,
    targets: list[str] | None,
    data: dict[str, Any] | None,
    autosave: bool,
    ip: str | None,
) -> CaseFile:
    case = get_case(db, p, case_id, for_update=True)
    _check_owner_can_edit(p, case)
    check_version(case, if_match)
    new_title = title if title is not None else case.title
    new_targets = check_jurisdictions(targets) if targets is not None else case.target_jurisdictions
    content = parse_content(data) if data is not None else CaseContent.model_validate(case.content)
    dumped = content.model_dump(mode="json", exclude_none=True)
    if content_hash(new_title, new_targets, dumped) == content_hash(
        case.title, case.target_jurisdictions, case.content
    ):
        return case  # nothing changed: no new version or revision
    perpetrators_before = case.content.get("perpetrators")
    case.title, case.target_jurisdictions, case.content = new_title, new_targets, dumped
    case.version += 1
    case.revision_number += 1
    case.updated_at = utcnow()
    _denormalise(case, content)
    _add_revision(db, p, case, autosave=autosave)
    db.flush()
    if not autosave:
        audit.record(
            db,
            "case.updated",
            principal=p,
            ip=ip,
            target_type="case",
            target_id=case.id,
            data={"revision": case.revision_number},
        )
    if dumped.get("perpetrators") != perpetrators_before:
        _screen(db, case, perpetrators_before)
    return case


def delete_case(db: Session, p: Principal, case_id: str, if_match: int | None, ip: str | None) -> None:
    case = get_case(db, p, case_id, for_update=True)
    if case.org_id != p.org_id or not p.can("cases:write"):
        raise Forbidden("You may not delete this case file")
    if case.first_submitted_at is not None or case.status != CaseStatus.draft:
        raise Conflict(
            "Only a draft that was never submitted can be deleted; withdraw it instead",
            extra={"case_status": case.status.value},
        )
    if if_match is not None:
        check_version(case, if_match)
    # The evidence rows go with the case (cascade); their bytes are purged once this commits.
    keys = [
        k
        for row in db.execute(
            scoping.evidence(p)
            .where(Evidence.case_id == case.id)
            .with_only_columns(Evidence.storage_key, Evidence.derivative_key)
        )
        for k in row
        if k
    ]
    if keys:
        defer(db, "evidence.purge_keys", keys=keys)
    db.execute(scoping.delete_rows(scoping.case_revisions(p).where(CaseRevision.case_id == case.id)))
    db.delete(case)
    audit.record(
        db,
        "case.deleted",
        principal=p,
        ip=ip,
        target_type="case",
        target_id=case_id,
        data={"title": case.title},
    )


def transition(
    db: Session, p: Principal, case: CaseFile, name: str, ip: str | None, data: dict[str, Any] | None = None
) -> CaseFile:
    """Fire a state-machine transition on a locked case, audited."""
    t = case_states.check(p, case, name)
    old = case.status
    now = utcnow()
    case.status = t.target
    case.status_changed_at = now
    case.version += 1
    if t.target == CaseStatus.submitted and case.first_submitted_at is None:
        case.first_submitted_at = now
    db.flush()
    audit.record(
        db,
        f"case.{name}",
        principal=p,
        ip=ip,
        target_type="case",
        target_id=case.id,
        data={"from": old.value, "to": t.target.value, **(data or {})},
    )
    return case


def withdraw(
    db: Session, p: Principal, case_id: str, if_match: int | None, reason: str | None, ip: str | None
) -> CaseFile:
    case = get_case(db, p, case_id, for_update=True)
    if if_match is not None:
        check_version(case, if_match)
    return transition(db, p, case, "withdraw", ip, {"reason": reason} if reason else None)


# ---- listing -------------------------------------------------------------------------------------------


@dataclass
class CaseFilters:
    status: list[CaseStatus] | None = None
    jurisdiction: str | None = None
    category: str | None = None
    victim_group: str | None = None
    country: str | None = None
    org_id: str | None = None
    q: str | None = None


def apply_filters(stmt: Select[CaseFile], f: CaseFilters) -> Select[CaseFile]:
    if f.status:
        stmt = stmt.where(CaseFile.status.in_(f.status))
    if f.jurisdiction:
        stmt = stmt.where(CaseFile.jurisdictions_key.contains(f"|{f.jurisdiction.lower()}|", autoescape=True))
    if f.category:
        stmt = stmt.where(CaseFile.categories_key.contains(f"|{f.category}|", autoescape=True))
    if f.victim_group:
        stmt = stmt.where(CaseFile.groups_key.contains(f"|{f.victim_group}|", autoescape=True))
    if f.country:
        stmt = stmt.where(CaseFile.countries_key.contains(f"|{f.country.upper()}|", autoescape=True))
    if f.org_id:
        stmt = stmt.where(CaseFile.org_id == f.org_id)
    if f.q and f.q.strip():
        from rigour.text import ascii_text  # deferred: rigour loads PyICU/normality (~30 MB)

        needles = {normalise_for_search(f.q), normalise_for_search(ascii_text(f.q))} - {""}
        stmt = stmt.where(or_(*[CaseFile.search_text.contains(n, autoescape=True) for n in needles]))
    return stmt


SORT_COLUMNS = {
    "updated_at": CaseFile.updated_at,
    "created_at": CaseFile.created_at,
    "title": CaseFile.title,
    "status_changed_at": CaseFile.status_changed_at,
}


# What a list of case files shows (CaseSummaryOut): the content (a large JSON document) and the search
# columns are neither loaded nor decoded for a page of summaries.
SUMMARY_COLUMNS = (
    CaseFile.id,
    CaseFile.org_id,
    CaseFile.title,
    CaseFile.status,
    CaseFile.target_jurisdictions,
    CaseFile.version,
    CaseFile.revision_number,
    CaseFile.created_at,
    CaseFile.updated_at,
    CaseFile.status_changed_at,
    CaseFile.first_submitted_at,
)


class CaseSummary(Protocol):
    """A row of SUMMARY_COLUMNS: what a list of case files shows (CaseSummaryOut), by attribute."""

    id: str
    org_id: str
    title: str
    status: CaseStatus
    target_jurisdictions: list[str]
    version: int
    revision_number: int
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    first_submitted_at: datetime | None


def keyset_page(
    db: Session, stmt: Select[CaseFile], sort: str, limit: int, cursor: str | None
) -> tuple[list[CaseSummary], str | None]:
    """Keyset pagination over (sort column, id): stable under inserts, no OFFSET scans.

    The rows are SUMMARY_COLUMNS read as plain rows: no case object is built, loaded or tracked for a
    page of summaries (the session's identity map stays empty), and the content is never read."""
    rows, next_cursor = keyset_rows(db, stmt, sort, limit, cursor)
    return [cast(CaseSummary, r) for r in rows], next_cursor


def keyset_rows(
    db: Session,
    stmt: Select[CaseFile],
    sort: str,
    limit: int,
    cursor: str | None,
    *extra: ColumnElement[Any],
) -> tuple[list[Row[*tuple[Any, ...]]], str | None]:
    """`keyset_page` with `extra` columns after the summary columns: values computed per case in the
    same statement (e.g. a correlated count), so a page costs one round trip whatever it shows."""
    page = stmt.with_only_columns(*SUMMARY_COLUMNS, *extra)
    desc = sort.startswith("-")
    name = sort.lstrip("-")
    if name not in SORT_COLUMNS:
        raise Invalid(
            "Unknown sort",
            errors=[
                {
                    "loc": ["query", "sort"],
                    "msg": f"one of: {', '.join(sorted(SORT_COLUMNS))} (prefix - for descending)",
                }
            ],
        )
    col = SORT_COLUMNS[name]
    if cursor:
        value, last_id = decode_cursor(cursor, 2)
        if name != "title":
            try:
                value = datetime.fromisoformat(value)
            except (TypeError, ValueError) as exc:
                raise Invalid(
                    "Invalid cursor", errors=[{"loc": ["query", "cursor"], "msg": "not a cursor"}]
                ) from exc
        if not isinstance(value, str | datetime) or not isinstance(last_id, str):
            raise Invalid("Invalid cursor", errors=[{"loc": ["query", "cursor"], "msg": "not a cursor"}])
        if desc:
            page = page.where(or_(col < value, (col == value) & (CaseFile.id < last_id)))
        else:
            page = page.where(or_(col > value, (col == value) & (CaseFile.id > last_id)))
    order = (col.desc(), CaseFile.id.desc()) if desc else (col.asc(), CaseFile.id.asc())
    rows = list(db.execute(page.order_by(*order).limit(limit + 1)).all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        v = getattr(last, name)
        next_cursor = encode_cursor([v.isoformat() if hasattr(v, "isoformat") else v, last.id])
    return rows, next_cursor


def list_cases(
    db: Session, p: Principal, f: CaseFilters, sort: str, limit: int, cursor: str | None
) -> tuple[list[CaseSummary], str | None]:
    return keyset_page(db, apply_filters(scoping.cases(p), f), sort, limit, cursor)


def status_counts(db: Session, stmt: Select[CaseFile]) -> dict[str, int]:
    """How many cases `stmt` selects, per status (list pages show them beside the status filter)."""
    # Grouped in place (not over a subquery of every column, which rebuilds all of them per request).
    rows = db.execute(stmt.with_only_columns(CaseFile.status, func.count()).group_by(CaseFile.status)).all()
    return {str(getattr(s, "value", s)): n for s, n in rows}


def count_by_status(db: Session, p: Principal, f: CaseFilters) -> dict[str, int]:
    return status_counts(db, apply_filters(scoping.cases(p), replace(f, status=None)))


# ---- revisions, diff, readiness, export ------------------------------------------------------------------


def revisions(db: Session, p: Principal, case_id: str) -> list[CaseRevision]:
    case = get_case(db, p, case_id)
    return list(
        db.execute(
            scoping.case_revisions(p)
            .where(CaseRevision.case_id == case.id)
            .order_by(CaseRevision.number.desc())
        ).scalars()
    )


def revision(db: Session, p: Principal, case_id: str, number: int) -> CaseRevision:
    return _revision(db, p, get_case(db, p, case_id), number)


def _revision(db: Session, p: Principal, case: CaseFile, number: int) -> CaseRevision:
    rev = db.execute(
        scoping.case_revisions(p).where(CaseRevision.case_id == case.id, CaseRevision.number == number)
    ).scalar_one_or_none()
    if rev is None:
        raise NotFound(f"No revision {number} of this case file")
    return rev


def _as_diffable(rev: CaseRevision) -> dict[str, Any]:
    return {"title": rev.title, "target_jurisdictions": rev.target_jurisdictions, **rev.content}


def diff(db: Session, p: Principal, case_id: str, from_number: int, to_number: int) -> list[ContentChange]:
    return diff_revisions(db, p, get_case(db, p, case_id), from_number, to_number)


def diff_revisions(
    db: Session, p: Principal, case: CaseFile, from_number: int, to_number: int
) -> list[ContentChange]:
    """Changes between two revisions of a case the caller has already fetched."""
    old = _revision(db, p, case, from_number)
    new = _revision(db, p, case, to_number)
    return diff_content(_as_diffable(old), _as_diffable(new))


def case_readiness(case: CaseFile, targets: list[str] | None = None) -> dict[str, JurisdictionReadiness]:
    """Per target jurisdiction (or the ones asked for): eligible regimes, missing paths, warnings."""
    chosen = check_jurisdictions(targets) if targets else case.target_jurisdictions
    db = object_session(case)  # the caller's session, which read the case through scoping
    listings = listed.readiness_warnings(db, case) if db is not None else {}
    return readiness(CaseContent.model_validate(case.content), case.title, chosen, listings)


def entities(case: CaseFile) -> list[dict[str, Any]]:
    content = CaseContent.model_validate(case.content)
    return [perpetrator_to_ftm(perp, case.id) for perp in content.perpetrators]
