"""Official sanctions lists: one importer module per list format, turning a government's file into
FollowTheMoney entities plus per-entry metadata (see `base`).

    fmt = detect(data, filename)            # or ListFormatError: what the file is, and why not
    parsed = parse(data, filename)          # a ParsedList, or ListFormatError naming the line/element

The importers (and followthemoney) are imported on first use, so importing this package is cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from app.sanctions_lists.base import (
    FORMAT_LABELS,
    JURISDICTION_OF,
    LIST_FORMATS,
    Jurisdiction,
    ListEntry,
    ListFormat,
    ListFormatError,
    ParsedList,
    Programme,
    detect,
    ofac_csv_part,
)


def parse(
    data: bytes,
    filename: str = "",
    *,
    expected: ListFormat | None = None,
    companions: Mapping[str, bytes] | None = None,
) -> ParsedList:
    """Recognise and import one list file, all or nothing.

    `expected`: the format the caller configured (e.g. `--list uk_fcdo`); a file of another format is
    refused, saying what it is. `companions`: alt.csv, add.csv and sdn_comments.csv for the OFAC CSV set
    (keys are file names, used in messages only); refused for every other format."""
    found = detect(data, filename)
    if expected is not None and found != expected:
        raise ListFormatError(
            f"{filename or 'the file'} is a {FORMAT_LABELS[found]} file,"
            f" not a {FORMAT_LABELS[expected]} file",
            list_format=expected,
        )
    if companions and found != "us_ofac_csv":
        raise ListFormatError(f"only the OFAC CSV set takes companion files, not {FORMAT_LABELS[found]}")
    module = importlib.import_module(f"app.sanctions_lists.{found}")
    if found == "us_ofac_csv":
        result: ParsedList = module.parse(data, filename, companions=companions)
    else:
        result = module.parse(data, filename)
    return result


__all__ = [
    "FORMAT_LABELS",
    "JURISDICTION_OF",
    "LIST_FORMATS",
    "Jurisdiction",
    "ListEntry",
    "ListFormat",
    "ListFormatError",
    "ParsedList",
    "Programme",
    "detect",
    "ofac_csv_part",
    "parse",
]
