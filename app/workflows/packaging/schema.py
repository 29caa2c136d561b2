"""The published JSON Schemas of the package format, generated from the Pydantic models.

After changing `Manifest` or `Dossier`, rewrite them (tests/workflows/test_package_schema.py fails
while they are stale):

    .venv/bin/python -m app.workflows.packaging.schema docs/schemas
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from app.workflows.packaging.dossier import Dossier
from app.workflows.packaging.manifest import Manifest

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# File name under docs/schemas/ → the model of the ZIP entry it describes.
SCHEMAS: dict[str, type[BaseModel]] = {
    "coalition-package-1.schema.json": Manifest,  # manifest.json
    "coalition-dossier-1.schema.json": Dossier,  # dossier.json
}


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    # Serialization mode: the schema of what the portal writes, which is what a recipient reads.
    return {"$schema": DIALECT, **model.model_json_schema(mode="serialization")}


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(json_schema(model), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> None:
    out = Path(argv[0] if argv else "docs/schemas")
    out.mkdir(parents=True, exist_ok=True)
    for name, model in SCHEMAS.items():
        (out / name).write_text(schema_text(model), encoding="utf-8")
        print(out / name)


if __name__ == "__main__":
    main(sys.argv[1:])
