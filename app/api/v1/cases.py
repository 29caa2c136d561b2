"""Case files: the NGO's structured dossier."""

from __future__ import annotations

import json
from collections import Counter
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.api.deps import Permission, PrincipalDep, SessionDep, client_ip
from app.api.guards import Int32
from app.errors import Invalid, PreconditionRequired
from app.jurisdictions import JURISDICTIONS
from app.models.cases import CaseFile, CaseRevision, CaseStatus
from app.schemas.case_content import AbuseCategory, VictimGroup
from app.schemas.cases import (
    CaseCreateIn,
    CaseListOut,
    CaseOut,
    CaseSort,
    CaseSummaryOut,
    CaseUpdateIn,
    ChangeOut,
    DiffOut,
    RevisionDetailOut,
    RevisionOut,
    WithdrawIn,
)
from app.workflows import case_states, cases, labels
from app.workflows.readiness import JurisdictionReadiness

router = APIRouter(tags=["cases"])
READ = Depends(Permission("cases:read"))
WRITE = Depends(Permission("cases:write"))


def etag(case: CaseFile) -> str:
    return f'"{case.version}"'


def parse_if_match(value: str | None, required: bool = True) -> int | None:
    if value is None:
        if required:
            raise PreconditionRequired(
                "Send If-Match with the version you edited (the ETag of GET /cases/{id})"
            )
        return None
    try:
        return int(value.strip().removeprefix("W/").strip('"'))
    except ValueError as exc:
        raise Invalid(
            'If-Match must be the case\'s ETag, e.g. "3"',
            errors=[{"loc": ["header", "If-Match"], "msg": "not a version"}],
        ) from exc


def case_out(case: CaseFile) -> CaseOut:
    out = CaseOut.model_validate(case, from_attributes=True)
    out.allowed_transitions = case_states.allowed_from(case.status)
    return out


@router.get("/jurisdictions")
def list_jurisdictions() -> list[dict[str, Any]]:
    return [j.to_dict() for j in JURISDICTIONS.values()]


@router.post("/cases", response_model=CaseOut, status_code=201, dependencies=[WRITE])
def create_case(
    body: CaseCreateIn, request: Request, response: Response, p: PrincipalDep, db: SessionDep
) -> CaseOut:
    case = cases.create_case(db, p, body.title, body.target_jurisdictions, body.content, client_ip(request))
    response.headers["ETag"] = etag(case)
    response.headers["Location"] = f"/api/v1/cases/{case.id}"
    return case_out(case)


@router.get("/cases", response_model=CaseListOut, dependencies=[READ])
def list_cases(
    p: PrincipalDep,
    db: SessionDep,
    status: Annotated[list[CaseStatus] | None, Query()] = None,
    jurisdiction: Annotated[str | None, Query(max_length=4)] = None,
    category: AbuseCategory | None = None,
    victim_group: VictimGroup | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    q: Annotated[str | None, Query(max_length=200, description="title, names, aliases; any script")] = None,
    sort: CaseSort = CaseSort.updated_at_desc,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> CaseListOut:
    f = cases.CaseFilters(
        status=status,
        jurisdiction=jurisdiction,
        category=category.value if category else None,
        victim_group=victim_group.value if victim_group else None,
        country=country,
        q=q,
    )
    items, next_cursor = cases.list_cases(db, p, f, sort, limit, cursor)
    return CaseListOut(
        items=[CaseSummaryOut.model_validate(c) for c in items],
        next_cursor=next_cursor,
        counts=cases.count_by_status(db, p, f),
    )


@router.get("/cases/{case_id}", response_model=CaseOut, dependencies=[READ])
def get_case(case_id: str, response: Response, p: PrincipalDep, db: SessionDep) -> CaseOut:
    case = cases.get_case(db, p, case_id)
    response.headers["ETag"] = etag(case)
    return case_out(case)


@router.put("/cases/{case_id}", response_model=CaseOut, dependencies=[WRITE])
def update_case(
    case_id: str,
    body: CaseUpdateIn,
    request: Request,
    response: Response,
    p: PrincipalDep,
    db: SessionDep,
    if_match: Annotated[str | None, Header()] = None,
    autosave: bool = False,
) -> CaseOut:
    version = parse_if_match(if_match)
    assert version is not None
    case = cases.update_case(
        db,
        p,
        case_id,
        version,
        body.title,
        body.target_jurisdictions,
        body.content,
        autosave,
        client_ip(request),
    )
    response.headers["ETag"] = etag(case)
    return case_out(case)


@router.delete("/cases/{case_id}", status_code=204, dependencies=[WRITE])
def delete_case(
    case_id: str,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    if_match: Annotated[str | None, Header()] = None,
) -> None:
    cases.delete_case(db, p, case_id, parse_if_match(if_match, required=False), client_ip(request))


@router.post("/cases/{case_id}/withdraw", response_model=CaseOut, dependencies=[WRITE])
def withdraw_case(
    case_id: str,
    body: WithdrawIn,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    if_match: Annotated[str | None, Header()] = None,
) -> CaseOut:
    case = cases.withdraw(
        db, p, case_id, parse_if_match(if_match, required=False), body.reason, client_ip(request)
    )
    return case_out(case)


@router.get("/cases/{case_id}/revisions", response_model=list[RevisionOut], dependencies=[READ])
def list_revisions(case_id: str, p: PrincipalDep, db: SessionDep) -> list[CaseRevision]:
    return cases.revisions(db, p, case_id)


@router.get("/cases/{case_id}/revisions/{number}", response_model=RevisionDetailOut, dependencies=[READ])
def get_revision(case_id: str, number: Int32, p: PrincipalDep, db: SessionDep) -> CaseRevision:
    return cases.revision(db, p, case_id, number)


LangQuery = Annotated[
    Literal["en", "fr", "es", "ar"] | None,
    Query(description="language of the labels; without it, the best of Accept-Language (else en)"),
]
AcceptLanguage = Annotated[str | None, Header(max_length=500)]


@router.get("/cases/{case_id}/diff", response_model=DiffOut, dependencies=[READ])
def diff_case(
    case_id: str,
    p: PrincipalDep,
    db: SessionDep,
    from_: Annotated[Int32, Query(alias="from", ge=1)],
    to: Annotated[Int32, Query(ge=1)],
    lang: LangQuery = None,
    accept_language: AcceptLanguage = None,
) -> DiffOut:
    changes = labels.case_diff(db, p, case_id, from_, to, labels.pick_lang(lang, accept_language))
    return DiffOut(
        from_revision=from_,
        to_revision=to,
        changes=[ChangeOut.model_validate(c) for c in changes],
        sections=dict(Counter(c["section"] for c in changes)),
    )


@router.get(
    "/cases/{case_id}/readiness", response_model=dict[str, JurisdictionReadiness], dependencies=[READ]
)
def case_readiness(
    case_id: str,
    p: PrincipalDep,
    db: SessionDep,
    jurisdiction: Annotated[list[str] | None, Query()] = None,
    lang: LangQuery = None,
    accept_language: AcceptLanguage = None,
) -> dict[str, JurisdictionReadiness]:
    """Per target jurisdiction: eligible regimes, missing content and warnings, each with a label in
    the caller's language and the editor's key of its field."""
    case = cases.get_case(db, p, case_id)
    return labels.case_readiness(case, jurisdiction, labels.pick_lang(lang, accept_language))


@router.get(
    "/cases/{case_id}/entities",
    dependencies=[READ],
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def case_entities(case_id: str, p: PrincipalDep, db: SessionDep) -> StreamingResponse:
    case = cases.get_case(db, p, case_id)
    lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in cases.entities(case)]
    return StreamingResponse(
        iter(lines),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="case-{case.id}-entities.ndjson"'},
    )
