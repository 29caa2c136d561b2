"""US OFAC SDN list, legacy CSV set: sdn.csv with its companions alt.csv, add.csv and sdn_comments.csv.

The files have no header; empty fields are "-0- "; lines end in CRLF and the file in a Ctrl-Z; several
programmes share one field as "PROG1] [PROG2"; birth dates, nationalities, passports and OFAC's weak
aliases live only in the free-text remarks (continued in sdn_comments.csv when too long). alt.csv holds
the strong aliases: "aka" and "nka" (now known as) become `alias`, "fka" (formerly known as)
`previousName`; the quoted a.k.a.s of the remarks become `weakAlias`. The CSV has no listing date.

`parse_set` takes the four files; `parse` takes sdn.csv and any companions by content.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

from app.sanctions_lists import _ofac
from app.sanctions_lists._common import add, add_countries, country_code, given_first, join, new_entity
from app.sanctions_lists.base import (
    OFAC_CSV_COLUMNS,
    OFAC_CSV_FILES,
    ListEntry,
    ListFormat,
    ListFormatError,
    ParsedList,
    ofac_csv_part,
)

FORMAT: ListFormat = "us_ofac_csv"
_COLUMNS = {part: n for n, part in OFAC_CSV_COLUMNS.items()}
# Remarks too long for sdn.csv are cut anywhere (even at a space) and continue in sdn_comments.csv.
_RAW_LAST = {"sdn", "comments"}
_ALT_PROPS = {"aka": "alias", "nka": "alias", "fka": "previousName"}


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:  # older OFAC exports were Windows-1252
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ListFormatError(
            "not text (undecodable byte)", list_format=FORMAT, line=line, element=file
        ) from None


def _rows(data: bytes, part: str) -> Iterator[tuple[int, list[str | None]]]:
    """(line, fields) of one file; "-0-" becomes None. Broken quoting, a wrong column count or a last row
    cut short raise ListFormatError with the file and line."""
    file = OFAC_CSV_FILES[part]
    text = _decode(data, file).removeprefix("\ufeff")
    text = text.removesuffix("\x1a")  # MS-DOS end-of-file marker
    if not text.strip():
        if part == "sdn":
            raise ListFormatError("the file is empty", list_format=FORMAT, element=file)
        return  # an empty companion (no overflowing remarks, no aliases) is normal
    if not text.endswith("\n"):
        raise ListFormatError(
            "the file ends in the middle of a row (truncated?)",
            list_format=FORMAT,
            line=text.count("\n") + 1,
            element=file,
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    expected = _COLUMNS[part]
    line = 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not row or row == [""]:
                continue
            if len(row) != expected:
                raise ListFormatError(
                    f"{len(row)} columns where the format has {expected}",
                    list_format=FORMAT,
                    line=start,
                    element=file,
                )
            fields: list[str | None] = [None if v.strip() in ("-0-", "") else v.strip() for v in row]
            if part in _RAW_LAST and fields[-1] is not None:
                fields[-1] = row[-1]  # remarks may be cut at a space: keep it for the continuation
            yield start, fields
    except csv.Error as exc:
        raise ListFormatError(
            f"broken CSV ({exc})", list_format=FORMAT, line=reader.line_num, element=file
        ) from None


def _ent_num(value: str | None, file: str, line: int) -> str:
    if value is None or not value.isdigit():
        raise ListFormatError(
            f"ent_num {value!r} is not a number", list_format=FORMAT, line=line, element=file
        )
    return str(int(value))


def parse_set(
    sdn: bytes, alt: bytes | None = None, add_csv: bytes | None = None, comments: bytes | None = None
) -> ParsedList:
    warnings: list[str] = []
    records: dict[str, tuple[int, list[str | None]]] = {}
    for line, row in _rows(sdn, "sdn"):
        ent = _ent_num(row[0], "sdn.csv", line)
        if ent in records:
            raise ListFormatError(
                f"ent_num {ent} appears twice (first on line {records[ent][0]})",
                list_format=FORMAT,
                line=line,
                element="sdn.csv",
            )
        if not row[1]:
            raise ListFormatError(
                f"entry {ent} has no name", list_format=FORMAT, line=line, element="sdn.csv"
            )
        records[ent] = (line, row)

    # Remarks too long for sdn.csv continue in sdn_comments.csv, mid-word: join without a separator.
    overflow: dict[str, str] = {}
    for line, row in _rows(comments, "comments") if comments else ():
        ent = _ent_num(row[0], "sdn_comments.csv", line)
        _known(ent, records, "sdn_comments.csv", line)
        overflow[ent] = overflow.get(ent, "") + (row[1] or "")

    entries: dict[str, ListEntry] = {}
    for ent, (line, row) in records.items():
        entries[ent] = _entry(ent, line, row, overflow.get(ent), warnings)

    for line, row in _rows(alt, "alt") if alt else ():
        ent = _ent_num(row[0], "alt.csv", line)
        _known(ent, records, "alt.csv", line)
        kind, name = (row[2] or "").lower(), row[3]
        if kind not in _ALT_PROPS:
            raise ListFormatError(
                f"alias type {row[2]!r} (expected aka, fka or nka)",
                list_format=FORMAT,
                line=line,
                element="alt.csv",
            )
        entity = entries[ent].entity
        if name:
            full = given_first(name)[0] if entity.schema.name == "Person" else name
            add(entity, _ALT_PROPS[kind], full)

    for line, row in _rows(add_csv, "add") if add_csv else ():
        ent = _ent_num(row[0], "add.csv", line)
        _known(ent, records, "add.csv", line)
        entity = entries[ent].entity
        add(entity, "address", join(row[2], row[3], row[4], sep=", "))
        add_countries(entity, "country", [row[4]], warnings, f"add.csv line {line}")

    return ParsedList(FORMAT, "us", list(entries.values()), published=None, warnings=warnings)


def _known(ent: str, records: Mapping[str, object], file: str, line: int) -> None:
    if ent not in records:
        raise ListFormatError(
            f"ent_num {ent} is not in sdn.csv (files from different versions?)",
            list_format=FORMAT,
            line=line,
            element=file,
        )


def _entry(
    ent: str, line: int, row: list[str | None], overflow: str | None, warnings: list[str]
) -> ListEntry:
    _, name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, flag, owner, remarks = row
    where = f"sdn.csv line {line} (ent_num {ent})"
    schema = _ofac.SCHEMAS.get((sdn_type or "entity").lower())
    if schema is None:
        raise ListFormatError(
            f"SDN_Type {sdn_type!r} is not individual, vessel, aircraft or -0-",
            list_format=FORMAT,
            line=line,
            element="sdn.csv",
        )
    if not program:
        raise ListFormatError(
            f"entry {ent} has no programme", list_format=FORMAT, line=line, element="sdn.csv"
        )
    entity = new_entity(schema, _ofac.PREFIX, ent)
    assert name is not None  # checked by the caller
    if schema == "Person":
        full, first, last = given_first(name)
        add(entity, "name", full)
        add(entity, "firstName", first)
        add(entity, "lastName", last)
        add(entity, "position", title)
    else:
        add(entity, "name", name)
    if schema == "Vessel":
        add(entity, "callSign", call_sign)
        add(entity, "type", vess_type)
        add(entity, "tonnage", tonnage)
        add(entity, "grossRegisteredTonnage", grt)
        add(entity, "flag", country_code(flag))
        add(entity, "notes", f"Owner: {owner}" if owner else None)
    text = ((remarks or "") + (overflow or "")).strip()
    if text:
        _ofac.apply_remarks(entity, text, warnings, where)
    codes = program.strip().removeprefix("[").removesuffix("]").split("] [")
    return ListEntry(ent, entity, _ofac.programmes(codes), listing_date=None)


def parse(data: bytes, filename: str = "", companions: Mapping[str, bytes] | None = None) -> ParsedList:
    """sdn.csv in `data`; alt.csv, add.csv and sdn_comments.csv among `companions` (any keys: each file
    is recognised by its columns). A companion that is not one of those is refused."""
    if ofac_csv_part(data) != "sdn":
        raise ListFormatError(f"{filename or 'the file'} is not an OFAC sdn.csv", list_format=FORMAT)
    parts: dict[str, bytes] = {}
    for name, blob in (companions or {}).items():
        if not blob.strip(b"\x1a \t\r\n"):
            continue  # an empty sdn_comments.csv is normal: nothing overflowed
        part = ofac_csv_part(blob)
        if part is None or part == "sdn":
            raise ListFormatError(
                f"{name}: not an OFAC alt.csv, add.csv or sdn_comments.csv", list_format=FORMAT, element=name
            )
        if part in parts:
            raise ListFormatError(
                f"{name}: a second {OFAC_CSV_FILES[part]}", list_format=FORMAT, element=name
            )
        parts[part] = blob
    return parse_set(data, alt=parts.get("alt"), add_csv=parts.get("add"), comments=parts.get("comments"))
