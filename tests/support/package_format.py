"""Checks that a built package follows the published `coalition-package/1` format (docs/schemas/)."""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"
# ZIP entry → the published schema it must validate against.
ENTRIES = {
    "manifest.json": "coalition-package-1.schema.json",
    "dossier.json": "coalition-dossier-1.schema.json",
}


@cache
def validator(schema_file: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(entry: str, data: Any) -> list[str]:
    errors = validator(ENTRIES[entry]).iter_errors(data)
    return [f"{entry}: /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def assert_valid_files(files: dict[str, bytes]) -> None:
    """manifest.json and dossier.json (both must be there) validate against their published schemas."""
    found = [p for entry in ENTRIES for p in problems(entry, json.loads(files[entry]))]
    assert not found, "\n".join(found)


def assert_valid_package(zip_bytes: bytes) -> None:
    z = zipfile.ZipFile(io.BytesIO(zip_bytes))
    assert_valid_files({entry: z.read(entry) for entry in ENTRIES})
