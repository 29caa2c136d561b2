"""The multilateral gap: people and entities on one jurisdiction's Magnitsky-style list who are not on
the others', and follow-on case files pre-filled from such an entry.

Read from the cross-list pairs stored when each version arrived (screening.cross_list): an entry is
"listed by" another jurisdiction when a likely pair joins it to one of that jurisdiction's current
entries, and "missing" there when none of those is Magnitsky-style. Only jurisdictions with an imported
list count: a list the portal has never seen cannot show a gap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import Invalid
from app.models.cases import CaseFile
from app.models.sanctions import CrossListMatch, ListEntry, SanctionsList
from app.schemas.case_content import JURISDICTION_CODES, MAX_LIST_ITEMS, MAX_NAME_LENGTH, Perpetrator
from app.security.permissions import Principal
from app.workflows import audit, cases
from app.workflows.designations.listed import BY, programmes_label
from app.workflows.designations.lists import get_entry, lists_by_id
from app.workflows.pagination import decode_cursor, encode_cursor

CHUNK = 500


@dataclass
class GapFilters:
    designating: str | None = None
    missing: str | None = None
    programme: str | None = None
    country: str | None = None
    year: int | None = None


@dataclass
class Listing:
    entry: ListEntry
    sanctions_list: SanctionsList
    score: float


@dataclass
class GapRow:
    entry: ListEntry
    sanctions_list: SanctionsList
    elsewhere: list[Listing] = field(default_factory=list)  # likely matches on other jurisdictions' lists
    missing: list[str] = field(default_factory=list)


@dataclass
class GapSummary:
    jurisdictions: list[str]  # those with an imported list
    magnitsky_entries: int  # matching the filters, `missing` aside
    listed_elsewhere: int  # of those, on another jurisdiction's Magnitsky-style list too


def imported_jurisdictions(db: Session) -> list[str]:
    rows = db.execute(
        select(SanctionsList.jurisdiction).where(SanctionsList.current_version_id.is_not(None)).distinct()
    ).scalars()
    return sorted(set(rows))


def _pairs(db: Session, ids: list[str]) -> dict[str, dict[str, float]]:
    """Likely cross-list pairs touching `ids`, both directions: entry id -> other entry id -> score."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = db.execute(
            select(CrossListMatch.entry_id, CrossListMatch.other_entry_id, CrossListMatch.score).where(
                CrossListMatch.band == "likely",
                or_(CrossListMatch.entry_id.in_(chunk), CrossListMatch.other_entry_id.in_(chunk)),
            )
        ).tuples()
        for a, b, score in rows:
            for x, y in ((a, b), (b, a)):
                out[x][y] = max(score, out[x].get(y, 0.0))
    return out


def gaps(
    db: Session, f: GapFilters, limit: int, cursor: str | None
) -> tuple[list[GapRow], str | None, GapSummary]:
    known = imported_jurisdictions(db)
    stmt = select(ListEntry).where(ListEntry.magnitsky.is_(True), ListEntry.removed.is_(False))
    if f.designating:
        stmt = stmt.where(ListEntry.jurisdiction == f.designating)
    if f.programme:
        stmt = stmt.where(ListEntry.programme_key.contains(f"|{f.programme.upper()}|", autoescape=True))
    if f.country:
        stmt = stmt.where(ListEntry.countries_key.contains(f"|{f.country.lower()}|", autoescape=True))
    if f.year:
        stmt = stmt.where(ListEntry.listing_date.between(date(f.year, 1, 1), date(f.year, 12, 31)))
    entries = list(
        db.execute(stmt.order_by(ListEntry.jurisdiction, ListEntry.caption, ListEntry.id)).scalars()
    )
    pairs = _pairs(db, [e.id for e in entries])
    other_ids = sorted({o for e in entries for o in pairs.get(e.id, {})})
    others: dict[str, ListEntry] = {}
    for start in range(0, len(other_ids), CHUNK):
        for o in db.execute(
            select(ListEntry).where(
                ListEntry.id.in_(other_ids[start : start + CHUNK]), ListEntry.removed.is_(False)
            )
        ).scalars():
            others[o.id] = o
    lists = lists_by_id(
        db, {e.sanctions_list_id for e in entries} | {o.sanctions_list_id for o in others.values()}
    )
    rows: list[GapRow] = []
    listed_elsewhere = 0
    for e in entries:
        elsewhere = sorted(
            (
                Listing(others[o], lists[others[o].sanctions_list_id], score)
                for o, score in pairs.get(e.id, {}).items()
                if o in others and others[o].jurisdiction != e.jurisdiction
            ),
            key=lambda x: (x.entry.jurisdiction, -x.score, x.entry.id),
        )
        covered = {x.entry.jurisdiction for x in elsewhere if x.entry.magnitsky}
        missing = [j for j in known if j != e.jurisdiction and j not in covered]
        listed_elsewhere += bool(covered)
        if missing and (f.missing is None or f.missing in missing):
            rows.append(GapRow(e, lists[e.sanctions_list_id], elsewhere, missing))
    offset = int(decode_cursor(cursor, 1)[0]) if cursor else 0
    page = rows[offset : offset + limit]
    following = encode_cursor([offset + limit]) if offset + limit < len(rows) else None
    return page, following, GapSummary(known, len(entries), listed_elsewhere)


# ---- a follow-on case file from a list entry ---------------------------------------------------------------

_SCHEMAS = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Company",
    "PublicBody": "PublicBody",
}
_LEGAL = {"LegalEntity": "Organization"}
_ID_KINDS = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "taxNumber": "tax_id",
    "innCode": "tax_id",
    "registrationNumber": "registration",
    "ogrnCode": "registration",
}


def _perpetrator(entry: ListEntry, lst: SanctionsList) -> dict[str, Any]:
    props: dict[str, list[str]] = entry.entity.get("properties", {})
    schema = _SCHEMAS.get(entry.schema) or _LEGAL.get(entry.schema)
    if schema is None:
        raise Invalid(
            f"Entry {entry.list_id} is a {entry.schema}: "
            "a case file's perpetrators are people and organisations",
            errors=[{"loc": ["path", "entry_id"], "msg": f"a {entry.schema} cannot be a perpetrator"}],
        )
    name = (props.get("name") or [entry.caption])[0]
    aliases = [n for n in entry.names if n != name]
    person = schema == "Person"
    countries = (
        props.get("nationality", []) + props.get("citizenship", []) if person else props.get("country", [])
    )
    ids = [
        {"kind": kind, "number": value}
        for prop, kind in _ID_KINDS.items()
        for value in props.get(prop, [])
        if person or kind != "passport"
    ]
    data: dict[str, Any] = {
        "id": "p-listed",
        "schema": schema,
        "name": name[:MAX_NAME_LENGTH],
        "aliases": [a[:MAX_NAME_LENGTH] for a in aliases][:MAX_LIST_ITEMS],
        "nationality": list(dict.fromkeys(countries))[:MAX_LIST_ITEMS],
        "id_numbers": ids[:MAX_LIST_ITEMS],
        "notes": f"Pre-filled from the {lst.title}, entry {entry.list_id}.",
    }
    if person:
        births = sorted(props.get("birthDate", []), key=len, reverse=True)  # the most precise first
        if births:
            data["birth_date"] = births[0]
        data["positions"] = [{"title": t[:MAX_NAME_LENGTH]} for t in props.get("position", [])][
            :MAX_LIST_ITEMS
        ]
    return _valid(data)


def _valid(data: dict[str, Any]) -> dict[str, Any]:
    """`data` as a Perpetrator accepts it: a value the case-file model refuses (a country FtM knows but
    ISO does not, an odd date) is left out rather than refusing the whole draft."""
    for _ in range(10):
        try:
            return Perpetrator.model_validate(data).model_dump(mode="json", exclude_none=True)
        except ValidationError as exc:
            for err in exc.errors():
                loc = err["loc"]
                if not loc or loc[0] not in data:
                    continue
                if len(loc) > 1 and isinstance(loc[1], int) and isinstance(data[loc[0]], list):
                    if loc[1] < len(data[loc[0]]):
                        data[loc[0]][loc[1]] = None
                else:
                    data.pop(loc[0], None)
            data = {k: [x for x in v if x is not None] if isinstance(v, list) else v for k, v in data.items()}
    return {"id": data["id"], "schema": data["schema"], "name": data.get("name")}  # pragma: no cover


@dataclass
class CaseTemplate:
    title: str
    target_jurisdictions: list[str]
    content: dict[str, Any]


def case_template(db: Session, entry_id: str) -> CaseTemplate:
    """A draft's title, targets (the jurisdictions whose lists lack the person) and content: the
    perpetrator from the entry, and each listing found as a sanction already in force."""
    entry, lst = get_entry(db, entry_id)
    perpetrator = _perpetrator(entry, lst)
    pairs = _pairs(db, [entry.id]).get(entry.id, {})
    listings = [(entry, lst)]
    if pairs:
        others = list(
            db.execute(
                select(ListEntry).where(ListEntry.id.in_(sorted(pairs)), ListEntry.removed.is_(False))
            ).scalars()
        )
        lists = lists_by_id(db, {o.sanctions_list_id for o in others})
        listings += [(o, lists[o.sanctions_list_id]) for o in others if o.jurisdiction != entry.jurisdiction]
    in_force: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e, sl in listings:
        sanction = {
            "authority": sl.title,
            "program": programmes_label(e.programmes)[:MAX_NAME_LENGTH],
            "reference": f"entry {e.list_id}"[:200],
        }
        if e.listing_date:
            sanction["date"] = e.listing_date.isoformat()
        in_force[e.jurisdiction].append(sanction)
    targets: list[str] = [j for j in JURISDICTION_CODES if j not in in_force]
    content = {
        "perpetrators": [perpetrator],
        "jurisdictions": {j: {"sanctions_in_force": s} for j, s in in_force.items()},
    }
    title = f"Follow-on: {entry.caption} (listed by {BY.get(entry.jurisdiction, entry.jurisdiction)})"
    return CaseTemplate(title[:300], targets, content)


def start_case(db: Session, p: Principal, entry_id: str, ip: str | None) -> CaseFile:
    """A draft of the principal's organisation pre-filled from the entry (NGO members only: the coalition
    drafts no case files; it can hand the template to an NGO)."""
    template = case_template(db, entry_id)
    case = cases.create_case(db, p, template.title, template.target_jurisdictions, template.content, ip)
    audit.record(
        db,
        "case.started_from_listing",
        principal=p,
        ip=ip,
        target_type="case",
        target_id=case.id,
        data={"entry_id": entry_id},
    )
    return case
