"""What every list importer returns, the error it raises, and recognising a file's format.

An importer reads one official file (bytes) and returns a `ParsedList`: one `ListEntry` per designation,
each holding a FollowTheMoney entity (names, aliases by quality, birth dates, nationalities, identifiers)
plus what FtM has no place for on the entity itself: the list's own id, the programmes/regimes, whether
one of them is Magnitsky-style, and the listing date where the list gives one.

Importers are all-or-nothing: a file whose structure is broken (not well-formed, truncated, a row with the
wrong number of columns, an entry without its id, ids that repeat) raises `ListFormatError` naming the
line or element, and nothing is returned. A *value* that cannot be read inside a sound entry (an odd
birth date, an unknown country name) does not reject the list: it is left out and reported in
`ParsedList.warnings`, so one typo by a government does not block every later version.

This module stays light (no followthemoney import at run time): `detect` is called on uploads by the API
process, and followthemoney costs most of a second to import (see tests/test_startup_imports.py).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from followthemoney import EntityProxy

ListFormat = Literal["us_ofac_csv", "us_ofac_xml", "uk_fcdo", "ca_sema", "eu_fsf"]
LIST_FORMATS: tuple[ListFormat, ...] = ("us_ofac_csv", "us_ofac_xml", "uk_fcdo", "ca_sema", "eu_fsf")
Jurisdiction = Literal["us", "uk", "ca", "eu"]

FORMAT_LABELS: dict[ListFormat, str] = {
    "us_ofac_csv": "US OFAC SDN list, legacy CSV set (sdn.csv with alt.csv, add.csv, sdn_comments.csv)",
    "us_ofac_xml": "US OFAC SDN / Consolidated list XML (sdnList)",
    "uk_fcdo": "UK Sanctions List XML (FCDO)",
    "ca_sema": "Canada Consolidated Autonomous Sanctions List XML (sema-lmes.xml)",
    "eu_fsf": "EU Financial Sanctions Files XML (FSF export)",
}
JURISDICTION_OF: dict[ListFormat, Jurisdiction] = {
    "us_ofac_csv": "us",
    "us_ofac_xml": "us",
    "uk_fcdo": "uk",
    "ca_sema": "ca",
    "eu_fsf": "eu",
}


class ListFormatError(Exception):
    """The file cannot be imported as a whole. `line` (1-based) or `element` says where."""

    def __init__(
        self,
        message: str,
        *,
        list_format: str | None = None,
        line: int | None = None,
        column: int | None = None,
        element: str | None = None,
    ) -> None:
        self.message = message
        self.list_format = list_format
        self.line = line
        self.column = column
        self.element = element
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}" + (f", column {self.column}" if self.column is not None else ""))
        if self.element:
            where.append(self.element)
        return f"{'; '.join(where)}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "list_format": self.list_format,
            "line": self.line,
            "column": self.column,
            "element": self.element,
        }


@dataclass(frozen=True, slots=True)
class Programme:
    """A sanctions programme or regime as the list names it. `code` is stable across versions."""

    code: str
    name: str
    magnitsky: bool = False


@dataclass(slots=True)
class ListEntry:
    list_id: (
        str  # the list's own id: OFAC ent_num/uid, UK UniqueID, EU logicalId, Canada regime/schedule/item
    )
    entity: EntityProxy  # FtM Person / Organization / Vessel / Airplane / LegalEntity; id from list + list_id
    programmes: tuple[Programme, ...]
    listing_date: date | None = None  # None where the list has none (OFAC)
    # Other ids the list gives for the entry: EU euReferenceNumber, UN reference numbers, UK OFSIGroupID.
    other_ids: dict[str, str] = field(default_factory=dict)

    @property
    def magnitsky(self) -> bool:
        return any(p.magnitsky for p in self.programmes)

    @property
    def programme_codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.programmes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "list_id": self.list_id,
            "entity": self.entity.to_dict(),
            "programmes": [
                {"code": p.code, "name": p.name, "magnitsky": p.magnitsky} for p in self.programmes
            ],
            "magnitsky": self.magnitsky,
            "listing_date": self.listing_date.isoformat() if self.listing_date else None,
            "other_ids": dict(self.other_ids),
        }

    def fingerprint(self) -> str:
        """SHA-256 of everything the entry says, in a canonical order: equal across two versions of a list
        iff the entry was not amended (the order of values in the file does not count)."""
        props = {k: sorted(v) for k, v in sorted(self.entity.to_dict()["properties"].items())}
        canonical = {
            "schema": self.entity.schema.name,
            "properties": props,
            "programmes": sorted(p.code for p in self.programmes),
            "listing_date": self.listing_date.isoformat() if self.listing_date else None,
            "other_ids": dict(sorted(self.other_ids.items())),
        }
        blob = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(slots=True)
class ParsedList:
    list_format: ListFormat
    jurisdiction: Jurisdiction
    entries: list[ListEntry]
    published: date | None = None  # the file's own publication/generation date, where it has one
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Entries per FtM schema, plus `total` and `magnitsky` (for a version's summary)."""
        counts = Counter(e.entity.schema.name for e in self.entries)
        return {"total": len(self.entries), "magnitsky": sum(e.magnitsky for e in self.entries), **counts}

    def by_id(self) -> dict[str, ListEntry]:
        return {e.list_id: e for e in self.entries}


# --- Format detection -------------------------------------------------------------------------------------
_HEAD = 64 * 1024
# Everything allowed before an XML root element: declaration, comments, processing instructions, blanks.
_XML_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)([^>]*)>?", re.S)
_DEFAULT_NS = re.compile(rb"""\sxmlns\s*=\s*["']([^"']*)["']""")
OFAC_CSV_COLUMNS = {12: "sdn", 5: "alt", 6: "add", 2: "comments"}
OFAC_CSV_FILES = {"sdn": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"}


def _refuse(what: str, filename: str) -> ListFormatError:
    name = f"{filename}: " if filename else ""
    return ListFormatError(f"{name}{what}")


def xml_root(data: bytes) -> tuple[str, str | None] | None:
    """(local name, default namespace) of the root element, or None if `data` does not start as XML.
    Refuses a DOCTYPE: none of the list formats has one, and without a DTD no entity can be declared,
    so nothing can be expanded (billion laughs) or fetched (external entities) by the parser."""
    prolog = _XML_PROLOG.match(data)
    end = prolog.end() if prolog else 0
    rest = data[end : end + _HEAD]
    if rest.startswith(b"<!DOCTYPE") or rest.startswith(b"<!ENTITY"):
        if re.match(rb"<!DOCTYPE\s+html", rest, re.I):
            return ("html", None)
        raise ListFormatError("the XML declares a DOCTYPE, which no sanctions list format uses: refused")
    if not rest.startswith(b"<") or rest.startswith(b"<!"):
        return None
    m = _ROOT.match(rest)
    if not m:
        return None
    ns = _DEFAULT_NS.search(m.group(3))
    return (m.group(2).decode("ascii"), ns.group(1).decode("utf-8", "replace") if ns else None)


def ofac_csv_part(data: bytes) -> str | None:
    """Which file of the OFAC legacy CSV set this is ("sdn", "alt", "add", "comments"), from its first row:
    the files have no header, so the column count and an integer first column tell them apart."""
    head = data[:_HEAD].lstrip(b"\xef\xbb\xbf")
    if not head or head[:1] in (b"<", b"{", b"["):
        return None
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        row = next(csv.reader([first.decode("utf-8")]), [])
    except (UnicodeDecodeError, csv.Error):
        return None
    if not row or not row[0].strip().isdigit():
        return None
    part = OFAC_CSV_COLUMNS.get(len(row))
    if part == "alt" and row[2].strip().lower() not in ("aka", "fka", "nka"):
        return None
    if part == "add" and not row[1].strip().isdigit():
        return None
    return part


def detect(data: bytes, filename: str = "") -> ListFormat:
    """The list format of `data`, from its content (the file name only appears in messages).
    Anything else, including the formats we know but do not import, raises ListFormatError saying what
    the file looks like."""
    if not data.strip():
        raise _refuse("the file is empty", filename)
    magic = data[:8]
    if magic.startswith(b"%PDF"):
        raise _refuse("a PDF document, not a sanctions list data file", filename)
    if magic.startswith(b"PK\x03\x04"):
        raise _refuse(
            "a ZIP archive (or a spreadsheet such as .xlsx/.ods): unpack it or export XML/CSV", filename
        )
    if magic.startswith(b"\x1f\x8b"):
        raise _refuse("a gzip-compressed file: decompress it first", filename)
    if magic.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse("UTF-16 text: none of the list formats is published in UTF-16", filename)
    try:
        root = xml_root(data)
    except ListFormatError as exc:
        raise _refuse(exc.message, filename) from None
    if root is not None:
        name, ns = root
        if name == "sdnList":
            return "us_ofac_xml"
        if name == "Designations":
            return "uk_fcdo"
        if name == "data-set" and re.search(rb"<record[\s>]", data[:_HEAD]):
            return "ca_sema"
        if name == "export" and ns and ns.rstrip("/").endswith("fsd/export"):
            return "eu_fsf"
        if name.lower() == "html":
            raise _refuse("an HTML page (an error or sign-in page?), not a sanctions list", filename)
        if name == "Sanctions" and ns and "ADVANCED" in ns.upper():
            raise _refuse("OFAC SDN_ADVANCED.XML is not supported: import SDN.XML or the CSV set", filename)
        if name == "CONSOLIDATED_LIST":
            raise _refuse("the UN Security Council consolidated list, which is not imported", filename)
        if name in ("ArrayOfFinancialSanctionsTarget", "FinancialSanctionsTarget"):
            raise _refuse(
                "the UK OFSI Consolidated List, frozen on 28 January 2026: import the UK Sanctions List",
                filename,
            )
        raise _refuse(f"unrecognised XML (root element <{name}>)", filename)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        raise _refuse("JSON, not one of the supported sanctions list formats", filename)
    part = ofac_csv_part(data)
    if part == "sdn":
        return "us_ofac_csv"
    if part is not None:
        raise _refuse(
            f"the OFAC {OFAC_CSV_FILES[part]} companion file: import it together with sdn.csv", filename
        )
    first_line = stripped.split(b"\n", 1)[0].lower()
    if first_line.startswith(b"last updated") or b"name 6" in first_line:
        raise _refuse(
            "the UK OFSI Consolidated List CSV, frozen on 28 January 2026: import the UK Sanctions List XML",
            filename,
        )
    if b"\x00" in data[:_HEAD]:
        raise _refuse("a binary file, not a sanctions list", filename)
    raise _refuse("not a recognised sanctions list format", filename)
