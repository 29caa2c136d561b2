"""Official sanctions lists (public to every signed-in user), their versions, changes, entries and FtM
export; the designation match queue (coordinators decide, NGOs read their own cases' matches); the
multilateral gap and follow-on case files from it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.api.guards import Int32
from app.api.v1.cases import case_out, etag
from app.errors import Invalid, TooLarge, UnsupportedMediaType
from app.models.sanctions import ChangeKind, ListEntry, ListVersion, MatchStatus, SanctionsList
from app.schemas.cases import CaseOut
from app.schemas.designations import (
    CaseTemplateOut,
    ChangeOut,
    ChangesOut,
    ConfirmIn,
    EntriesOut,
    EntryOut,
    FetchStateOut,
    GapOut,
    GapsOut,
    GapSummaryOut,
    ImportOut,
    ListingOut,
    ListOut,
    MatchCaseOut,
    MatchesOut,
    MatchOut,
    MatchSubmissionOut,
    PerpetratorSideOut,
    ProgrammeOut,
    RejectIn,
    VersionOut,
)
from app.workflows.designations import gaps, lists, matches
from app.workflows.designations.listed import listing_phrase

router = APIRouter(tags=["designations"])
READ_CASES = Depends(Permission("cases:read"))
REVIEW = Depends(Permission("review"))
Limit = Annotated[int, Query(ge=1, le=500)]
Jurisdiction = Annotated[str | None, Query(pattern=r"^(us|uk|ca|eu)$")]
MAX_UPLOAD_FILES = 4  # the OFAC CSV set: sdn.csv, alt.csv, add.csv, sdn_comments.csv

_BIRTH = ("birthDate",)
_COUNTRIES = ("nationality", "citizenship", "country")
_IDS = (
    "passportNumber",
    "idNumber",
    "taxNumber",
    "registrationNumber",
    "innCode",
    "ogrnCode",
    "vatCode",
    "imoNumber",
    "swiftBic",
    "leiCode",
)


def _values(props: dict[str, list[str]], names: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(v for n in names for v in props.get(n, [])))


def entry_out(entry: ListEntry, lst: SanctionsList) -> EntryOut:
    props: dict[str, list[str]] = entry.entity.get("properties", {})
    return EntryOut(
        id=entry.id,
        list_name=lst.name,
        list_title=lst.title,
        jurisdiction=entry.jurisdiction,
        list_id=entry.list_id,
        entity_schema=entry.schema,
        caption=entry.caption,
        names=list(entry.names),
        birth_dates=_values(props, _BIRTH),
        nationalities=_values(props, _COUNTRIES),
        identifiers=_values(props, _IDS),
        programmes=[ProgrammeOut.model_validate(p) for p in entry.programmes],
        magnitsky=entry.magnitsky,
        listing_date=entry.listing_date,
        other_ids=dict(entry.other_ids),
        removed=entry.removed,
        entity=entry.entity,
    )


def version_out(v: ListVersion) -> VersionOut:
    return VersionOut.model_validate(v, from_attributes=True)


def list_out(s: lists.ListSummary) -> ListOut:
    row = s.row
    return ListOut(
        name=s.known.name,
        title=s.known.title,
        jurisdiction=s.known.jurisdiction,
        formats=list(s.known.formats),
        current_version=version_out(s.current) if s.current else None,
        fetch=FetchStateOut(
            configured=s.configured_url,
            source_url=row.source_url if row else None,
            last_fetch_at=row.last_fetch_at if row else None,
            last_fetch_status=row.last_fetch_status if row else None,
            last_fetch_error=row.last_fetch_error if row else None,
            fetch_failures=row.fetch_failures if row else 0,
        ),
    )


# ---- lists ------------------------------------------------------------------------------------------------


@router.get("/lists", response_model=list[ListOut])
def list_lists(p: PrincipalDep, db: SessionDep, settings: SettingsDep) -> list[ListOut]:
    return [list_out(s) for s in lists.overview(db, settings)]


@router.get("/lists/{name}", response_model=ListOut)
def get_list(name: str, p: PrincipalDep, db: SessionDep, settings: SettingsDep) -> ListOut:
    return list_out(lists.summary(db, settings, name))


@router.post(
    "/lists/{name}/versions",
    response_model=ImportOut,
    status_code=201,
    responses={200: {"model": ImportOut}, 403: {}, 413: {}, 415: {}, 422: {}},
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "array", "items": {"type": "string", "format": "binary"}}
                        },
                        "required": ["file"],
                    }
                }
            }
        }
    },
)
async def import_version(
    name: str, request: Request, response: Response, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> ImportOut:
    """Import a list file as a new version (coalition administrators). One `file` part, or for the OFAC
    CSV set up to four (sdn.csv with alt.csv, add.csv, sdn_comments.csv). A file of another format or a
    malformed one is a 422 naming the line or element; nothing is replaced. The same bytes as the
    current version answer 200 with `unchanged`."""
    lists.check_can_import(p)
    lists.known_list(name)
    if not (request.headers.get("content-type") or "").startswith("multipart/form-data"):
        raise UnsupportedMediaType("Send the list as multipart/form-data with a 'file' part")
    files: list[lists.ListFile] = []
    form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=10)
    try:
        total = 0
        for _, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = await value.read()
                total += len(data)
                if total > settings.sanctions_list_max_bytes:
                    raise TooLarge("The list files exceed PORTAL_SANCTIONS_LIST_MAX_BYTES")
                files.append(lists.ListFile(value.filename or "", data))
    finally:
        await form.close()
    if not files:
        raise Invalid(
            "No file in the form: send it as a part named 'file'",
            errors=[{"loc": ["body", "file"], "msg": "required"}],
        )
    result = await run_in_threadpool(lists.import_files, db, p, name, files, settings, client_ip(request))
    if result.unchanged:
        response.status_code = 200
    return ImportOut(list=name, unchanged=result.unchanged, version=version_out(result.version))


@router.get("/lists/{name}/versions", response_model=list[VersionOut])
def list_versions(name: str, p: PrincipalDep, db: SessionDep) -> list[VersionOut]:
    return [version_out(v) for v in lists.versions(db, name)]


@router.get("/lists/{name}/versions/{seq}", response_model=VersionOut)
def get_version(name: str, seq: Int32, p: PrincipalDep, db: SessionDep) -> VersionOut:
    return version_out(lists.get_version(db, name, seq))


@router.get("/lists/{name}/versions/{seq}/changes", response_model=ChangesOut)
def list_changes(
    name: str,
    seq: Int32,
    p: PrincipalDep,
    db: SessionDep,
    kind: ChangeKind | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> ChangesOut:
    """What the version added, removed or amended (by fingerprint) since the previous one."""
    version, rows, following = lists.changes(db, name, seq, kind, limit, cursor)
    lst = lists.list_row(db, name)
    assert lst is not None
    return ChangesOut(
        version=version_out(version),
        items=[
            ChangeOut(
                kind=c.kind,
                entry=entry_out(e, lst),
                previous_fingerprint=c.previous_fingerprint,
                fingerprint=c.fingerprint,
                detail=c.detail,
            )
            for c, e in rows
        ],
        next_cursor=following,
    )


@router.get("/lists/{name}/entries", response_model=EntriesOut)
def search_entries(
    name: str,
    p: PrincipalDep,
    db: SessionDep,
    q: Annotated[
        str | None, Query(max_length=200, description="names in any script, or the list's id")
    ] = None,
    programme: Annotated[str | None, Query(max_length=100)] = None,
    magnitsky: bool | None = None,
    schema: Annotated[str | None, Query(max_length=40)] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    include_removed: bool = False,
    limit: Limit = 50,
    cursor: str | None = None,
) -> EntriesOut:
    f = lists.EntryFilters(q, programme, magnitsky, schema, country, include_removed)
    items, following = lists.search_entries(db, name, f, limit, cursor)
    lst = lists.list_row(db, name)
    return EntriesOut(items=[entry_out(e, lst) for e in items] if lst else [], next_cursor=following)


@router.get("/lists/{name}/export", responses={200: {"content": {"application/x-ndjson": {}}}})
def export_list(name: str, p: PrincipalDep, db: SessionDep) -> StreamingResponse:
    """The list's current entries as FollowTheMoney entities, each followed by its `Sanction`."""
    lines = [
        json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in lists.export_entities(db, name)
    ]

    def body() -> Iterator[str]:
        yield from lines

    return StreamingResponse(
        body(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="{name}.ftm.ndjson"'},
    )


@router.get("/designations/entries/{entry_id}", response_model=EntryOut)
def get_entry(entry_id: str, p: PrincipalDep, db: SessionDep) -> EntryOut:
    entry, lst = lists.get_entry(db, entry_id)
    return entry_out(entry, lst)


# ---- matches -----------------------------------------------------------------------------------------------


def _perpetrator_out(data: dict[str, Any] | None) -> PerpetratorSideOut | None:
    if data is None:
        return None
    return PerpetratorSideOut(
        id=data.get("id", ""),
        entity_schema=data.get("schema", "Person"),
        name=data.get("name"),
        aliases=list(data.get("aliases") or []),
        transliterations=list(data.get("transliterations") or []),
        birth_date=data.get("birth_date"),
        nationality=list(data.get("nationality") or []),
        id_numbers=list(data.get("id_numbers") or []),
        positions=list(data.get("positions") or []),
    )


def match_out(db: SessionDep, v: matches.MatchView) -> MatchOut:
    m, sub = v.match, v.submission
    return MatchOut(
        id=m.id,
        status=m.status,
        score=m.score,
        band=m.band,
        algorithm=m.algorithm,
        algorithm_version=m.algorithm_version,
        explanations=m.explanations,
        jurisdiction=m.jurisdiction,
        case=MatchCaseOut(id=v.case.id, title=v.case.title, org_id=v.case.org_id, status=v.case.status.value),
        perpetrator=_perpetrator_out(v.perpetrator),
        entry=entry_out(v.entry, v.sanctions_list),
        listing=listing_phrase(db, v.entry),
        submission=MatchSubmissionOut(id=sub.id, status=sub.status, sent_on=sub.sent_on) if sub else None,
        civil_society_basis=m.civil_society_basis,
        submission_id=m.submission_id,
        decided_by=m.decided_by,
        decided_at=m.decided_at,
        decision_note=m.decision_note,
        created_at=m.created_at,
        updated_at=m.updated_at,
    )


@router.get("/designations/matches", response_model=MatchesOut, dependencies=[READ_CASES])
def list_matches(
    p: PrincipalDep,
    db: SessionDep,
    status: MatchStatus | None = MatchStatus.candidate,
    all_statuses: Annotated[bool, Query(description="ignore `status`")] = False,
    band: Annotated[str | None, Query(pattern=r"^(likely|possible)$")] = None,
    jurisdiction: Jurisdiction = None,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
    list_name: Annotated[str | None, Query(alias="list", max_length=60)] = None,
    limit: Limit = 50,
    cursor: str | None = None,
) -> MatchesOut:
    """The match queue: likely before possible, best score first. Coordinators see the cases submitted
    to the coalition; an NGO sees its own cases' matches."""
    f = matches.MatchFilters(None if all_statuses else status, band, jurisdiction, case_id, list_name)
    views, following, counts = matches.queue(db, p, f, limit, cursor)
    return MatchesOut(items=[match_out(db, v) for v in views], next_cursor=following, counts=counts)


@router.get("/designations/matches/{match_id}", response_model=MatchOut, dependencies=[READ_CASES])
def get_match(match_id: str, p: PrincipalDep, db: SessionDep) -> MatchOut:
    return match_out(db, matches.get_match(db, p, match_id))


@router.post("/designations/matches/{match_id}/confirm", response_model=MatchOut, dependencies=[REVIEW])
def confirm_match(
    match_id: str, body: ConfirmIn, request: Request, p: PrincipalDep, db: SessionDep
) -> MatchOut:
    """The perpetrator is the listed person: a submission sent to that jurisdiction becomes designated."""
    return match_out(db, matches.confirm(db, p, match_id, body.note, client_ip(request)))


@router.post("/designations/matches/{match_id}/reject", response_model=MatchOut, dependencies=[REVIEW])
def reject_match(
    match_id: str, body: RejectIn, request: Request, p: PrincipalDep, db: SessionDep
) -> MatchOut:
    """Not the same person: not raised again for this pair unless the list entry changes."""
    return match_out(db, matches.reject(db, p, match_id, body.reason, client_ip(request)))


# ---- the multilateral gap ----------------------------------------------------------------------------------


@router.get("/designations/gaps", response_model=GapsOut, dependencies=[READ_CASES])
def list_gaps(
    p: PrincipalDep,
    db: SessionDep,
    designating: Jurisdiction = None,
    missing: Jurisdiction = None,
    programme: Annotated[str | None, Query(max_length=100)] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="year of listing")] = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> GapsOut:
    """People and entities on one jurisdiction's Magnitsky-style list who are not on the others'."""
    f = gaps.GapFilters(designating, missing, programme, country, year)
    rows, following, s = gaps.gaps(db, f, limit, cursor)
    return GapsOut(
        items=[
            GapOut(
                entry=entry_out(r.entry, r.sanctions_list),
                designating=r.entry.jurisdiction,
                listed_elsewhere=[
                    ListingOut(entry=entry_out(x.entry, x.sanctions_list), score=x.score) for x in r.elsewhere
                ],
                missing=r.missing,
            )
            for r in rows
        ],
        next_cursor=following,
        summary=GapSummaryOut(
            jurisdictions=s.jurisdictions,
            magnitsky_entries=s.magnitsky_entries,
            listed_elsewhere=s.listed_elsewhere,
        ),
    )


@router.get(
    "/designations/gaps/{entry_id}/case-template", response_model=CaseTemplateOut, dependencies=[READ_CASES]
)
def case_template(entry_id: str, p: PrincipalDep, db: SessionDep) -> CaseTemplateOut:
    """What a follow-on case file from this entry starts with (for a coordinator to hand to an NGO)."""
    t = gaps.case_template(db, entry_id)
    return CaseTemplateOut(title=t.title, target_jurisdictions=t.target_jurisdictions, content=t.content)


@router.post(
    "/designations/gaps/{entry_id}/case",
    response_model=CaseOut,
    status_code=201,
    dependencies=[Depends(Permission("cases:write"))],
)
def start_case(
    entry_id: str, request: Request, response: Response, p: PrincipalDep, db: SessionDep
) -> CaseOut:
    """A draft for the caller's NGO, pre-filled from the entry: names, dates, nationality, and the
    existing designations as sanctions already in force."""
    case = gaps.start_case(db, p, entry_id, client_ip(request))
    response.headers["ETag"] = etag(case)
    response.headers["Location"] = f"/api/v1/cases/{case.id}"
    return case_out(case)
