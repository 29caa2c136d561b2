"""UK Sanctions List (FCDO) XML: `<Designations>` / `<Designation>`.

The authoritative UK list since the OFSI Consolidated List was frozen on 28 January 2026. Per designation:
`UniqueID` (the list id), `Names/Name` with `Name1`..`Name5` (given names) and `Name6` (surname, or the
whole name of an entity or ship), `NameType` "Primary Name" / "Primary name" / "Alias" (casing varies, so
it is compared lower-cased) and `AliasStrength` ("Good quality a.k.a" -> `alias`, "Low quality a.k.a" ->
`weakAlias`); `NonLatinNames`; `RegimeName`; `IndividualEntityShip`; `DateDesignated` (dd/mm/yyyy, the
listing date); birth dates in dd/mm/yyyy with placeholders for unknown parts (dd/mm/1968 is the year
1968). Magnitsky-style regimes: the Global Human Rights and the Global Anti-Corruption regulations.
"""

from __future__ import annotations

import re

from app.sanctions_lists._common import (
    Element,
    add,
    add_countries,
    add_dates,
    check_root,
    child_text,
    country_code,
    iter_children,
    join,
    kid,
    new_entity,
    parse_listing_date,
    path,
    slug,
    text,
    texts,
)
from app.sanctions_lists.base import ListEntry, ListFormat, ListFormatError, ParsedList, Programme

FORMAT: ListFormat = "uk_fcdo"
PREFIX = "uk-fcdo"
_SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_BOILERPLATE = re.compile(
    r"\s*(?:\((?:United Nations )?Sanctions\)\s*\(EU Exit\)\s*|Sanctions\s+)Regulations\s*\d{4}\s*$", re.I
)
_MAGNITSKY = re.compile(r"global\s+(?:human\s+rights|anti[\s-]*corruption)", re.I)


def regime(name: str) -> Programme:
    """RegimeName -> a programme with a short stable code: "The Global Human Rights Sanctions
    Regulations 2020" -> GLOBAL-HUMAN-RIGHTS, "The Russia (Sanctions) (EU Exit) Regulations 2019"
    -> RUSSIA."""
    short = _BOILERPLATE.sub("", re.sub(r"^the\s+", "", name.strip(), flags=re.I))
    return Programme(slug(short or name).upper(), name.strip(), bool(_MAGNITSKY.search(name)))


def parse(data: bytes, filename: str = "") -> ParsedList:
    check_root(data, FORMAT, "Designations")
    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    warnings: list[str] = []
    published = None
    for name, el, _attrib in iter_children(data, FORMAT):
        if name == "DateGenerated":
            published = parse_listing_date(text(el))
        elif name == "Designation":
            position = len(entries) + 1
            entry = _entry(el, position, warnings)
            if entry.list_id in seen:
                raise ListFormatError(
                    f"UniqueID {entry.list_id} appears twice (first in Designation #{seen[entry.list_id]})",
                    list_format=FORMAT,
                    element=f"Designation #{position}",
                )
            seen[entry.list_id] = position
            entries.append(entry)
    if not entries:
        raise ListFormatError("no Designation in the file", list_format=FORMAT, element="Designations")
    return ParsedList(FORMAT, "uk", entries, published=published, warnings=warnings)


def _entry(el: Element, position: int, warnings: list[str]) -> ListEntry:
    uid = child_text(el, "UniqueID")
    element = f"Designation #{position}" + (f" (UniqueID {uid})" if uid else "")
    if not uid:
        raise ListFormatError("no <UniqueID>", list_format=FORMAT, element=element)
    kind = (child_text(el, "IndividualEntityShip") or "").lower()
    schema = _SCHEMAS.get(kind)
    if schema is None:
        raise ListFormatError(
            f"IndividualEntityShip {kind!r} is not Individual, Entity or Ship",
            list_format=FORMAT,
            element=element,
        )
    regime_name = child_text(el, "RegimeName")
    if not regime_name:
        raise ListFormatError("no <RegimeName>", list_format=FORMAT, element=element)

    entity = new_entity(schema, PREFIX, uid)
    where = element
    primary_seen = False
    for name_el in path(el, "Names", "Name"):
        given = [child_text(name_el, f"Name{i}") for i in range(1, 6)]
        surname = child_text(name_el, "Name6")
        full = join(*given, surname)
        if not full:
            continue
        name_type = (child_text(name_el, "NameType") or "").lower()
        strength = (child_text(name_el, "AliasStrength") or "").lower()
        if name_type.startswith("primary name") and "variation" not in name_type:
            add(entity, "name", full)
            if schema == "Person" and not primary_seen:
                add(entity, "firstName", given[0])
                add(entity, "middleName", join(*given[1:]))
                add(entity, "lastName", surname)
            primary_seen = True
        else:
            add(entity, "weakAlias" if "low" in strength else "alias", full)
    if not primary_seen:
        raise ListFormatError(
            "no primary name (Names/Name with NameType Primary Name)", list_format=FORMAT, element=element
        )
    add(entity, "alias", texts(el, "NonLatinNames", "NonLatinName", "NameNonLatinScript"))
    add(entity, "title", texts(el, "Titles", "Title"))
    add(entity, "notes", child_text(el, "OtherInformation"))
    add(entity, "summary", child_text(el, "UKStatementofReasons"))
    add(entity, "email", texts(el, "EmailAddresses", "EmailAddress"))
    add(entity, "phone", texts(el, "PhoneNumbers", "PhoneNumber"))

    for address in path(el, "Addresses", "Address"):
        lines = [child_text(address, f"AddressLine{i}") for i in range(1, 7)]
        country = child_text(address, "AddressCountry")
        add(entity, "address", join(*lines, child_text(address, "AddressPostalCode"), country, sep=", "))
        add_countries(entity, "country", [country], warnings, where)

    person = kid(kid(el, "IndividualDetails"), "Individual")
    if person is not None:
        for dob in texts(person, "DOBs", "DOB"):
            add_dates(entity, "birthDate", dob, warnings, where)
        add_countries(entity, "nationality", texts(person, "Nationalities", "Nationality"), warnings, where)
        add(entity, "passportNumber", texts(person, "PassportDetails", "Passport", "PassportNumber"))
        ids = texts(person, "NationalIdentifierDetails", "NationalIdentifier", "NationalIdentifierNumber")
        add(entity, "idNumber", ids)
        add(entity, "position", texts(person, "Positions", "Position"))
        add(
            entity,
            "gender",
            [g.lower() for g in texts(person, "Genders", "Gender") + texts(person, "Gender")],
        )
        for location in path(person, "BirthDetails", "Location"):
            town, country = child_text(location, "TownOfBirth"), child_text(location, "CountryOfBirth")
            add(entity, "birthPlace", join(town, country, sep=", "))
            add_countries(entity, "birthCountry", [country], warnings, where)

    ship = kid(kid(el, "ShipDetails"), "Ship")
    if ship is not None:
        add(entity, "imoNumber", texts(ship, "IMONumbers", "IMONumber"))
        add(
            entity,
            "flag",
            [country_code(f) for f in texts(ship, "CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip")],
        )
        add(entity, "pastFlags", [country_code(f) for f in texts(ship, "PreviousFlags", "PreviousFlag")])
        add(entity, "type", texts(ship, "TypeOfShipDetails", "TypeOfShip"))
        add(entity, "tonnage", texts(ship, "TonnageOfShipDetails", "TonnageOfShip"))
        add(entity, "buildDate", texts(ship, "YearsBuilt", "YearBuilt"))
        owners = texts(ship, "CurrentOwnerOperators", "CurrentOwnerOperator")
        add(entity, "notes", [f"Owner/operator: {o}" for o in owners])

    listed_raw = child_text(el, "DateDesignated")
    listed = parse_listing_date(listed_raw)
    if listed_raw and listed is None:
        warnings.append(f"{where}: DateDesignated {listed_raw!r} is not dd/mm/yyyy")
    other_ids = {k: v for k in ("OFSIGroupID", "UNReferenceNumber") if (v := child_text(el, k))}
    return ListEntry(uid, entity, (regime(regime_name),), listing_date=listed, other_ids=other_ids)
