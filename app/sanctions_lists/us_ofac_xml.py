"""US OFAC XML (`SDN.XML`, and the Consolidated non-SDN list in the same schema): `sdnList` / `sdnEntry`.

Namespaced (OFAC has used more than one namespace, so elements are matched by local name). Aliases carry
their quality: `category` strong -> `alias` (or `previousName` for an f.k.a.), weak -> `weakAlias`.
`publshInformation` (sic) gives the publication date (MM/DD/YYYY) and the record count, which must match
the entries read: a file cut at an entry boundary is refused too. No listing date in this format.
"""

from __future__ import annotations

from datetime import date

from app.sanctions_lists import _ofac
from app.sanctions_lists._common import (
    Element,
    add,
    add_countries,
    add_dates,
    check_root,
    child_text,
    country_code,
    given_first,
    iter_children,
    join,
    kid,
    new_entity,
    path,
    texts,
)
from app.sanctions_lists.base import ListEntry, ListFormat, ListFormatError, ParsedList

FORMAT: ListFormat = "us_ofac_xml"
_ALIAS_TYPES = {"a.k.a.": "alias", "n.k.a.": "alias", "f.k.a.": "previousName"}


def parse(data: bytes, filename: str = "") -> ParsedList:
    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    warnings: list[str] = []
    published: date | None = None
    record_count: int | None = None
    check_root(data, FORMAT, "sdnList")
    for name, el, _attrib in iter_children(data, FORMAT):
        if name == "publshInformation":
            published, record_count = _publish_info(el)
        elif name == "sdnEntry":
            position = len(entries) + 1
            entry = _entry(el, position, warnings)
            if entry.list_id in seen:
                raise ListFormatError(
                    f"uid {entry.list_id} appears twice (first in sdnEntry #{seen[entry.list_id]})",
                    list_format=FORMAT,
                    element=f"sdnEntry #{position}",
                )
            seen[entry.list_id] = position
            entries.append(entry)
    if not entries:
        raise ListFormatError("no sdnEntry in the file", list_format=FORMAT, element="sdnList")
    if record_count is not None and record_count != len(entries):
        raise ListFormatError(
            f"Record_Count says {record_count} entries but the file has {len(entries)} (truncated?)",
            list_format=FORMAT,
            element="publshInformation/Record_Count",
        )
    return ParsedList(FORMAT, "us", entries, published=published, warnings=warnings)


def _publish_info(el: Element) -> tuple[date | None, int | None]:
    published = None
    raw = child_text(el, "Publish_Date")
    if raw:
        month, _, rest = raw.partition("/")
        day, _, year = rest.partition("/")
        try:
            published = date(int(year), int(month), int(day))
        except ValueError:
            raise ListFormatError(
                f"Publish_Date {raw!r} is not MM/DD/YYYY", list_format=FORMAT, element="publshInformation"
            ) from None
    count = child_text(el, "Record_Count")
    if count is not None and not count.isdigit():
        raise ListFormatError(
            f"Record_Count {count!r} is not a number", list_format=FORMAT, element="publshInformation"
        )
    return published, int(count) if count is not None else None


def _entry(el: Element, position: int, warnings: list[str]) -> ListEntry:
    uid = child_text(el, "uid")
    element = f"sdnEntry #{position}" + (f" (uid {uid})" if uid else "")
    if uid is None or not uid.isdigit():
        raise ListFormatError("no numeric <uid>", list_format=FORMAT, element=element)
    sdn_type = (child_text(el, "sdnType") or "").lower()
    schema = _ofac.SCHEMAS.get(sdn_type)
    if schema is None:
        raise ListFormatError(f"sdnType {sdn_type!r} is not known", list_format=FORMAT, element=element)
    first, last = child_text(el, "firstName"), child_text(el, "lastName")
    if not last and not first:
        raise ListFormatError("no name (lastName)", list_format=FORMAT, element=element)
    codes = texts(el, "programList", "program")
    if not codes:
        raise ListFormatError("no programme (programList/program)", list_format=FORMAT, element=element)

    entity = new_entity(schema, _ofac.PREFIX, uid)
    add(entity, "name", join(first, last))
    if schema == "Person":
        add(entity, "firstName", first)
        add(entity, "lastName", last)
        add(entity, "position", child_text(el, "title"))
    add(entity, "notes", child_text(el, "remarks"))
    where = element

    for aka in path(el, "akaList", "aka"):
        aka_first, aka_last = child_text(aka, "firstName"), child_text(aka, "lastName")
        if schema == "Person" and not aka_first and aka_last and "," in aka_last:
            aka_last = given_first(aka_last)[0]  # weak a.k.a.s are often one "LAST, First" string
        name = join(aka_first, aka_last)
        kind = (child_text(aka, "type") or "a.k.a.").lower()
        weak = (child_text(aka, "category") or "strong").lower() == "weak"
        add(entity, "weakAlias" if weak else _ALIAS_TYPES.get(kind, "alias"), name)

    for item in path(el, "dateOfBirthList", "dateOfBirthItem"):
        add_dates(entity, "birthDate", child_text(item, "dateOfBirth"), warnings, where)
    add(entity, "birthPlace", texts(el, "placeOfBirthList", "placeOfBirthItem", "placeOfBirth"))
    add_countries(
        entity, "nationality", texts(el, "nationalityList", "nationality", "country"), warnings, where
    )
    add_countries(
        entity, "citizenship", texts(el, "citizenshipList", "citizenship", "country"), warnings, where
    )

    for ident in path(el, "idList", "id"):
        label, number = child_text(ident, "idType") or "", child_text(ident, "idNumber")
        if label.lower() == "gender":
            add(entity, "gender", (number or "").lower())
        elif label.lower().startswith("nationality of registration"):
            add_countries(entity, "jurisdiction", [child_text(ident, "idCountry") or number], warnings, where)
        elif label.lower() == "organization established date":
            add_dates(entity, "incorporationDate", number, warnings, where)
        else:
            _ofac.add_identifier(entity, label, number)

    for address in path(el, "addressList", "address"):
        parts = [child_text(address, n) for n in ("address1", "address2", "address3", "city")]
        parts += [child_text(address, "stateOrProvince"), child_text(address, "postalCode")]
        country = child_text(address, "country")
        add(entity, "address", join(*parts, country, sep=", "))
        add_countries(entity, "country", [country], warnings, where)

    vessel = kid(el, "vesselInfo")
    if vessel is not None:
        add(entity, "callSign", child_text(vessel, "callSign"))
        add(entity, "type", child_text(vessel, "vesselType"))
        add(entity, "flag", country_code(child_text(vessel, "vesselFlag")))
        add(entity, "tonnage", child_text(vessel, "tonnage"))
        add(entity, "grossRegisteredTonnage", child_text(vessel, "grossRegisteredTonnage"))
        owner = child_text(vessel, "vesselOwner")
        add(entity, "notes", f"Owner: {owner}" if owner else None)
    return ListEntry(uid, entity, _ofac.programmes(codes), listing_date=None)
