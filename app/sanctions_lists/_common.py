"""Helpers shared by the importers: safe streaming XML, dates as the lists write them, FtM building.

Imports followthemoney at module level: only the importer modules import this, and they are loaded on
demand by `app.sanctions_lists.parse`.
"""

from __future__ import annotations

import calendar
import functools
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from followthemoney import EntityProxy, model
from followthemoney.types import registry

from app.sanctions_lists.base import ListFormatError, xml_root

Element = ET.Element


# --- XML ---------------------------------------------------------------------------------------------------
def local(tag: str) -> str:
    """Tag without its namespace: the formats are matched on local names (OFAC has used two namespaces)."""
    return tag.rpartition("}")[2]


def iter_children(data: bytes, list_format: str) -> Iterator[tuple[str, Element, dict[str, str]]]:
    """Stream the root's children as (local name, element, root attributes); each child is complete when
    yielded and dropped from memory afterwards. A DOCTYPE is refused before parsing (see `xml_root`);
    a document that is not well-formed, or ends early, raises ListFormatError with its line and column —
    after the children before that point were yielded, so callers must not act on them before the end."""
    try:
        xml_root(data)
    except ListFormatError as exc:
        exc.list_format = list_format
        raise
    depth = 0
    root: Element | None = None
    root_attrib: dict[str, str] = {}
    try:
        # Not defusedxml: xml_root() above refused any DOCTYPE, so no entity can be declared, hence none
        # expanded or fetched; undeclared ones are parse errors. The C parser keeps big lists fast.
        for event, el in ET.iterparse(io.BytesIO(data), events=("start", "end")):  # noqa: S314
            if event == "start":
                depth += 1
                if depth == 1:
                    root, root_attrib = el, dict(el.attrib)
                continue
            depth -= 1
            if depth == 1 and root is not None:
                yield local(el.tag), el, root_attrib
                root.clear()  # clear() also drops the root's attributes: they were copied above
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        at_end = line >= data.rstrip().count(b"\n") + 1  # e.g. "unclosed token" in a file cut mid-tag
        ends_early = "no element found" in reason or (at_end and "unclosed" in reason)
        what = "the file ends early (truncated?)" if ends_early else "the XML is broken"
        raise ListFormatError(
            f"{what}: {reason}", list_format=list_format, line=line, column=column + 1
        ) from None


def check_root(data: bytes, list_format: str, expected: str) -> None:
    """Refuse a file whose root element is not the format's, before reading any further."""
    try:
        root = xml_root(data)
    except ListFormatError as exc:
        exc.list_format = list_format
        raise
    if root is None:
        raise ListFormatError("not an XML document", list_format=list_format)
    if root[0] != expected:
        raise ListFormatError(
            f"the root element is <{root[0]}>, not <{expected}>", list_format=list_format, element=root[0]
        )


def kids(el: Element, name: str) -> list[Element]:
    return [c for c in el if local(c.tag) == name]


def kid(el: Element | None, name: str) -> Element | None:
    if el is None:
        return None
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def path(el: Element | None, *names: str) -> list[Element]:
    """All elements at a path of local names below `el` (every branch, not only the first)."""
    level = [el] if el is not None else []
    for name in names:
        level = [c for parent in level for c in parent if local(c.tag) == name]
    return level


def text(el: Element | None) -> str | None:
    """Stripped text with whitespace runs collapsed; None when empty."""
    if el is None or el.text is None:
        return None
    value = " ".join(el.text.split())
    return value or None


def child_text(el: Element | None, name: str) -> str | None:
    return text(kid(el, name))


def texts(el: Element | None, *names: str) -> list[str]:
    return [t for t in (text(e) for e in path(el, *names)) if t]


# --- Dates -------------------------------------------------------------------------------------------------
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})
_MONTHS["sept"] = 9
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY_SLASH = re.compile(r"^(dd|\d{1,2})/(mm|\d{1,2})/(\d{4})$", re.I)
_D_MON_Y = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_MON_Y = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{4})$")
_CIRCA = re.compile(r"^(?:circa|ca\.|c\.|approximately|approx\.|about)\s*", re.I)
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
MAX_YEAR_SPAN = 15  # "DOB 1955 to 1957" becomes three years; wider ranges keep only their ends


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1800 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _one_date(value: str) -> str | None:
    s = value.strip().rstrip(".").strip()
    if m := _ISO.match(s):
        return _iso(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    if m := _DMY_SLASH.match(s):
        # The UK writes unknown parts as placeholders: dd/mm/1968 is the year 1968, dd/09/1958 a month.
        day = None if m[1].lower() == "dd" or int(m[1]) == 0 else int(m[1])
        month = None if m[2].lower() == "mm" or int(m[2]) == 0 else int(m[2])
        if month is None:
            return _iso(int(m[3]))
        return _iso(int(m[3]), month, day)
    if m := _D_MON_Y.match(s):
        month = _MONTHS.get(m[2].lower())
        return _iso(int(m[3]), month, int(m[1])) if month else None
    if m := _MON_Y.match(s):
        month = _MONTHS.get(m[1].lower())
        return _iso(int(m[2]), month) if month else None
    return None


def parse_dates(value: str) -> list[str] | None:
    """ISO dates (partial where the list is: "1968", "1958-09") for a date as the lists write it —
    "23 Dec 1973", "Dec 1973", "circa 1951", "1955 to 1957", "dd/mm/1968", "1972-08-10 or 1972-08-11".
    None if any part cannot be read (the caller warns rather than guessing)."""
    out: list[str] = []
    for alternative in re.split(r"\s+or\s+|;|\s+and\s+", value.strip(), flags=re.I):
        part = _CIRCA.sub("", alternative.strip())
        if not part:
            continue
        bounds = re.split(r"\s+to\s+", part, flags=re.I)
        if len(bounds) == 1 and (m := _YEAR_RANGE.match(part)):
            bounds = [m[1], m[2]]
        if len(bounds) == 2:
            start, end = _one_date(bounds[0]), _one_date(bounds[1])
            if start is None or end is None:
                return None
            if len(start) == len(end) == 4 and 0 <= int(end) - int(start) <= MAX_YEAR_SPAN:
                out.extend(str(y) for y in range(int(start), int(end) + 1))
            else:
                out.extend((start, end))
            continue
        if len(bounds) != 1 or (one := _one_date(part)) is None:
            return None
        out.append(one)
    return out or None


def parse_listing_date(value: str | None) -> date | None:
    """A full date (listing dates are never partial) in ISO, dd/mm/yyyy or dd Mon yyyy; else None."""
    if not value:
        return None
    value = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}T", value):  # a timestamp such as the EU's generationDate
        value = value[:10]
    parsed = _one_date(value)
    if parsed is None or len(parsed) != 10:
        return None
    return date.fromisoformat(parsed)


# --- Names, countries, ids ---------------------------------------------------------------------------------
def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def new_entity(schema: str, prefix: str, list_id: str) -> EntityProxy:
    """An FtM entity whose id is readable and stable: the list's prefix and the list's own id."""
    entity = model.make_entity(schema)
    entity.id = f"{prefix}-{slug(list_id)}"
    return entity


def add(entity: EntityProxy, prop: str, values: Any) -> None:
    """Add values FtM can read; properties the schema lacks (e.g. a passport on a vessel) are skipped."""
    if values is None or values == "" or values == []:
        return
    entity.add(prop, values, quiet=True)


def country_code(name: str | None) -> str | None:
    return _country_code(name.strip()) if name else None


@functools.lru_cache(maxsize=4096)
def _country_code(name: str) -> str | None:
    # Lists repeat the same few hundred country names thousands of times.
    return registry.country.clean(name)  # type: ignore[no-any-return]


_NO_COUNTRY = {"undetermined", "unknown", "-", "00"}


def add_countries(
    entity: EntityProxy, prop: str, names: Iterable[str | None], warnings: list[str], where: str
) -> None:
    for name in names:
        if not name or name.strip().lower() in _NO_COUNTRY:
            continue
        name = name.strip().removeprefix("Region:").removeprefix("possibly ").strip()
        code = country_code(name)
        if code is None:
            warnings.append(f"{where}: country {name!r} not recognised ({prop})")
        else:
            add(entity, prop, code)


def add_dates(entity: EntityProxy, prop: str, value: str | None, warnings: list[str], where: str) -> None:
    if not value:
        return
    dates = parse_dates(value)
    if dates is None:
        warnings.append(f"{where}: date {value!r} not readable ({prop})")
    else:
        add(entity, prop, dates)


def given_first(name: str) -> tuple[str, str | None, str | None]:
    """OFAC writes individuals as "LAST, First Middle": (full name given-first, first, last)."""
    last, sep, first = name.partition(",")
    last, first = last.strip(), first.strip()
    if not sep or not first or not last:
        return name.strip(), None, None
    return f"{first} {last}", first, last


def join(*parts: str | None, sep: str = " ") -> str | None:
    value = sep.join(p.strip() for p in parts if p and p.strip())
    return value or None
