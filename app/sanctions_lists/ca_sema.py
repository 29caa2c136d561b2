"""Canada: Consolidated Canadian Autonomous Sanctions List (`sema-lmes.xml`), `<data-set>` / `<record>`.

Both generations of element names are read: `Entity`, `Title`, `DateOfBirth` (older) and `EntityOrShip`,
`TitleOrShip`, `DateOfBirthOrShipBuildDate`, `DateOfListing`, `ShipIMONumber` (newer). The regime is in
`Country`, bilingual ("Russia / Russie"); JVCFOA listings read "Justice for Victims of Corrupt Foreign
Officials Regulations (JVCFOR) / ..." (with a non-breaking space). `Aliases` is one comma-separated
string. The list has no record id: `Schedule` and `Item` within a regime are the list's own key.

Magnitsky-style: JVCFOA (the Justice for Victims of Corrupt Foreign Officials Act, "Sergei Magnitsky
Law") only. Every SEMA listing (the country regulations: Burma, Iran, Nicaragua, Russia, South Sudan,
Syria, Ukraine, Venezuela, Zimbabwe, ...) is flagged not Magnitsky-style, even where SEMA's 2017 human
rights and corruption grounds were used: the file does not say which ground a listing rests on.
"""

from __future__ import annotations

import re

from app.sanctions_lists._common import (
    Element,
    add,
    add_dates,
    check_root,
    child_text,
    iter_children,
    join,
    new_entity,
    parse_listing_date,
    slug,
)
from app.sanctions_lists.base import ListEntry, ListFormat, ListFormatError, ParsedList, Programme

FORMAT: ListFormat = "ca_sema"
PREFIX = "ca"
JVCFOA = Programme(
    "JVCFOA",
    "Justice for Victims of Corrupt Foreign Officials Act (Sergei Magnitsky Law) / Regulations (JVCFOR)",
    magnitsky=True,
)
_JVCFOA = re.compile(r"JVCFOR|JVCFOA|Justice for Victims of Corrupt Foreign Officials", re.I)
# "Pte. Ltd., Air Bagan Limited" splits on commas, but "Ltd." or "Inc." alone is the end of the name before.
_SUFFIX = re.compile(
    r"^(?:inc|ltd|llc|l\.l\.c|co|corp|plc|pte|jsc|ojsc|cjsc|pjsc|ag|gmbh|bv|b\.v|nv|n\.v|sa|s\.a|s\.l|sarl|"
    r"s\.a\.r\.l|limited|company|s\.p\.a|srl|s\.r\.l|ooo|zao|oao|pao|fze|fzco|llp|lp)\.?$",
    re.I,
)


def _field(el: Element, *names: str) -> str | None:
    """The first present of several element names (old and new generations of the format)."""
    for name in names:
        if (value := child_text(el, name)) is not None:
            return value
    return None


def regime(country: str) -> Programme:
    english = " ".join(country.replace("\xa0", " ").split()).split(" / ")[0].strip()
    if _JVCFOA.search(country):
        return JVCFOA
    return Programme(f"SEMA-{slug(english).upper()}", f"Special Economic Measures Act: {english}", False)


def split_aliases(value: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r"[;,]", value):
        part = part.strip()
        if not part:
            continue
        if out and _SUFFIX.match(part):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def parse(data: bytes, filename: str = "") -> ParsedList:
    check_root(data, FORMAT, "data-set")
    entries: list[ListEntry] = []
    ids: set[str] = set()
    warnings: list[str] = []
    for name, el, _attrib in iter_children(data, FORMAT):
        if name != "record":
            continue
        entry = _entry(el, len(entries) + 1, warnings)
        if entry.list_id in ids:
            # No true id in this list: keep both records, distinguishable, and say so.
            base, n = entry.list_id, 2
            while f"{base}#{n}" in ids:
                n += 1
            warnings.append(f"record #{len(entries) + 1}: {base} repeats; kept as {base}#{n}")
            entry.list_id = f"{base}#{n}"
            entry.entity.id = f"{PREFIX}-{slug(entry.list_id)}"
        ids.add(entry.list_id)
        entries.append(entry)
    if not entries:
        raise ListFormatError("no record in the file", list_format=FORMAT, element="data-set")
    return ParsedList(FORMAT, "ca", entries, published=None, warnings=warnings)


def _entry(el: Element, position: int, warnings: list[str]) -> ListEntry:
    element = f"record #{position}"
    country = child_text(el, "Country")
    item = child_text(el, "Item")
    if not country:
        raise ListFormatError("no <Country> (the regime)", list_format=FORMAT, element=element)
    if not item:
        raise ListFormatError("no <Item>", list_format=FORMAT, element=element)
    programme = regime(country)
    schedule = child_text(el, "Schedule")
    list_id = f"{programme.code}/{schedule or '-'}/{item}"
    element = f"{element} ({list_id})"

    last, given = child_text(el, "LastName"), child_text(el, "GivenName")
    org = _field(el, "EntityOrShip", "Entity")
    imo = child_text(el, "ShipIMONumber")
    title = _field(el, "TitleOrShip", "Title")
    if imo:
        schema, name = "Vessel", org or title
    elif last or given:
        schema, name = "Person", join(given, last)
    else:
        schema, name = "Organization", org
    if not name:
        raise ListFormatError("no name (LastName/GivenName or Entity)", list_format=FORMAT, element=element)

    entity = new_entity(schema, PREFIX, list_id)
    add(entity, "name", name)
    if schema == "Person":
        add(entity, "firstName", given)
        add(entity, "lastName", last)
        add(entity, "title", title)
        if org:  # a person record that also names an entity: keep it rather than lose it
            add(entity, "notes", org)
    if schema == "Vessel":
        add(entity, "imoNumber", imo)
    aliases = child_text(el, "Aliases")
    if aliases:
        add(entity, "alias", split_aliases(aliases))
    born = _field(el, "DateOfBirthOrShipBuildDate", "DateOfBirth")
    add_dates(entity, "buildDate" if schema == "Vessel" else "birthDate", born, warnings, element)

    listed_raw = child_text(el, "DateOfListing")
    listed = parse_listing_date(listed_raw)
    if listed_raw and listed is None:
        warnings.append(f"{element}: DateOfListing {listed_raw!r} is not a date")
    return ListEntry(list_id, entity, (programme,), listing_date=listed)
