"""EU Financial Sanctions Files (FSF) XML: `<export xmlns="http://eu.europa.ec/fpi/fsd/export">`.

Each `sanctionEntity` (list id: `logicalId`; `euReferenceNumber` kept as an identifier) has `regulation`
elements (their `programme` is the regime code, e.g. TERR, RUS), `subjectType` (person / enterprise),
`nameAlias` (`wholeName`, `nameLanguage`, `strong`; a remark "low quality alias" also marks a weak one),
`birthdate` (full, partial via year/monthOfYear/dayOfMonth, or a circa year range), `citizenship`,
`identification` and `address`. The listing date is `designationDate`, else the earliest regulation's
publication date (which may be that of an amending act when the EU gives nothing older).

Magnitsky-style: the EU Global Human Rights Sanctions Regime, Council Regulation (EU) 2020/1998 and
Council Decision (CFSP) 2020/1999, recognised by its programme code or by either act's number.
"""

from __future__ import annotations

import re
from datetime import date

from followthemoney import EntityProxy

from app.sanctions_lists._common import (
    Element,
    add,
    add_countries,
    add_dates,
    check_root,
    iter_children,
    join,
    kids,
    new_entity,
    parse_dates,
    parse_listing_date,
    text,
)
from app.sanctions_lists.base import ListEntry, ListFormat, ListFormatError, ParsedList, Programme

FORMAT: ListFormat = "eu_fsf"
PREFIX = "eu-fsf"
# The FSF's programme code for the Global Human Rights regime. Amending and implementing acts carry their
# own numbers, so the code is the reliable mark; the act numbers catch listings made by the acts themselves.
GHR_PROGRAMMES = frozenset({"GHR"})
GHR_ACTS = re.compile(r"^\s*2020/(?:1998|1999)\b")
GHR_NAME = "EU Global Human Rights Sanctions Regime (Regulation (EU) 2020/1998, Decision (CFSP) 2020/1999)"
_SCHEMAS = {"person": "Person", "enterprise": "Organization"}
_ID_PROPS = {
    "passport": "passportNumber",
    "id": "idNumber",
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
}
_WEAK = re.compile(r"\b(?:low|lo|weak)\s+quality\b", re.I)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes")


def parse(data: bytes, filename: str = "") -> ParsedList:
    check_root(data, FORMAT, "export")
    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    warnings: list[str] = []
    published: date | None = None
    for name, el, root_attrib in iter_children(data, FORMAT):
        if published is None:
            published = parse_listing_date(root_attrib.get("generationDate"))
        if name != "sanctionEntity":
            continue
        position = len(entries) + 1
        entry = _entry(el, position, warnings)
        if entry.list_id in seen:
            raise ListFormatError(
                f"logicalId {entry.list_id} appears twice (first in sanctionEntity #{seen[entry.list_id]})",
                list_format=FORMAT,
                element=f"sanctionEntity #{position}",
            )
        seen[entry.list_id] = position
        entries.append(entry)
    if not entries:
        raise ListFormatError("no sanctionEntity in the file", list_format=FORMAT, element="export")
    return ParsedList(FORMAT, "eu", entries, published=published, warnings=warnings)


def _programmes(el: Element) -> tuple[tuple[Programme, ...], list[str]]:
    codes: dict[str, bool] = {}
    dates: list[str] = []
    for reg in kids(el, "regulation"):
        code = (reg.get("programme") or "").strip()
        number = reg.get("numberTitle") or ""
        ghr = code in GHR_PROGRAMMES or bool(GHR_ACTS.match(number))
        if code or ghr:
            key = code or "GHR"
            codes[key] = codes.get(key, False) or ghr
        if reg.get("publicationDate"):
            dates.append(reg.get("publicationDate", ""))
    return tuple(Programme(c, GHR_NAME if m else c, m) for c, m in codes.items()), dates


def _entry(el: Element, position: int, warnings: list[str]) -> ListEntry:
    logical_id = (el.get("logicalId") or "").strip()
    element = f"sanctionEntity #{position}" + (f" (logicalId {logical_id})" if logical_id else "")
    if not logical_id:
        raise ListFormatError("no logicalId attribute", list_format=FORMAT, element=element)
    subject = next(iter(kids(el, "subjectType")), None)
    code = (subject.get("code") if subject is not None else None) or ""
    schema = _SCHEMAS.get(code.strip().lower())
    if schema is None:
        raise ListFormatError(
            f"subjectType code {code!r} is not person or enterprise", list_format=FORMAT, element=element
        )
    programmes, regulation_dates = _programmes(el)
    if not programmes:
        raise ListFormatError("no regulation with a programme", list_format=FORMAT, element=element)

    entity = new_entity(schema, PREFIX, logical_id)
    where = element
    add(entity, "notes", [text(r) for r in kids(el, "remark")])
    has_name = False
    for alias in kids(el, "nameAlias"):
        whole = " ".join((alias.get("wholeName") or "").split()) or join(
            alias.get("firstName"), alias.get("middleName"), alias.get("lastName")
        )
        if not whole:
            continue
        remark = " ".join(text(r) or "" for r in kids(alias, "remark"))
        weak = not _flag(alias.get("strong", "true")) or bool(_WEAK.search(remark))
        if weak:
            add(entity, "weakAlias", whole)
        elif not has_name:
            add(entity, "name", whole)
            if schema == "Person":
                add(entity, "firstName", alias.get("firstName"))
                add(entity, "middleName", alias.get("middleName"))
                add(entity, "lastName", alias.get("lastName"))
            has_name = True
        else:
            add(entity, "alias", whole)
        if schema == "Person":
            add(entity, "title", alias.get("title"))
            add(entity, "position", alias.get("function"))
            gender = {"M": "male", "F": "female"}.get((alias.get("gender") or "").strip().upper())
            add(entity, "gender", gender)
    if not has_name:
        raise ListFormatError("no strong nameAlias with a wholeName", list_format=FORMAT, element=element)

    for birth in kids(el, "birthdate"):
        _birth(entity, birth, warnings, where)
    for citizenship in kids(el, "citizenship"):
        add_countries(entity, "nationality", [_country(citizenship)], warnings, where)
    for ident in kids(el, "identification"):
        number = ident.get("number") or ident.get("latinNumber")
        prop = _ID_PROPS.get((ident.get("identificationTypeCode") or "").strip().lower(), "idNumber")
        add(entity, prop, (number or "").strip())
    for address in kids(el, "address"):
        parts = [address.get(k) for k in ("street", "poBox", "city", "zipCode", "region", "place")]
        add(entity, "address", join(*parts, _country_label(address), sep=", "))
        add_countries(entity, "country", [_country(address)], warnings, where)

    listed = parse_listing_date(el.get("designationDate"))
    if listed is None and regulation_dates:
        listed = min((d for d in map(parse_listing_date, regulation_dates) if d), default=None)
    other_ids = {
        k: v.strip() for k in ("euReferenceNumber", "unitedNationId") if (v := el.get(k) or "").strip()
    }
    return ListEntry(logical_id, entity, programmes, listing_date=listed, other_ids=other_ids)


def _country(el: Element) -> str | None:
    description = (el.get("countryDescription") or "").strip()
    iso = (el.get("countryIso2Code") or "").strip()
    if description.upper() == "UNKNOWN" or iso == "00":
        return None
    return iso or description or None


def _country_label(el: Element) -> str | None:
    """The country as the EU spells it ("RUSSIAN FEDERATION"), for address and place texts."""
    return (el.get("countryDescription") or "").strip() if _country(el) else None


def _birth(entity: EntityProxy, birth: Element, warnings: list[str], where: str) -> None:
    full = (birth.get("birthdate") or "").strip()
    calendar = (birth.get("calendarType") or "GREGORIAN").strip().upper()
    if full:
        add_dates(entity, "birthDate", full, warnings, where)
    elif calendar == "GREGORIAN":
        year, month, day = birth.get("year"), birth.get("monthOfYear"), birth.get("dayOfMonth")
        start, end = birth.get("yearRangeFrom"), birth.get("yearRangeTo")
        if year:
            parts = [year] + ([f"{int(month):02d}"] if month and month.isdigit() else [])
            if len(parts) == 2 and day and day.isdigit():
                parts.append(f"{int(day):02d}")
            add_dates(entity, "birthDate", "-".join(parts), warnings, where)
        elif start and end:
            add(entity, "birthDate", parse_dates(f"{start} to {end}"))
        elif start or end:
            add_dates(entity, "birthDate", start or end, warnings, where)
    city = birth.get("city") if birth.get("city") != "-" else None
    place = join(city, birth.get("place"), _country_label(birth), sep=", ")
    add(entity, "birthPlace", place)
    add_countries(entity, "birthCountry", [_country(birth)], warnings, where)
