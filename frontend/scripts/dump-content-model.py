"""Writes the case content model as the editor needs it: the JSON schema of `CaseContent` (every content
path; the editor's field-mapping test walks it) and the ISO 3166-1 alpha-2 codes the model accepts (the
country picker's choices; names come from Intl.DisplayNames in the browser).

Run from the repository root: `.venv/bin/python frontend/scripts/dump-content-model.py`;
tests/workflows/test_content_model_copy.py fails when the committed file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "src" / "features" / "drafts" / "content-model.json"
#: The country codes alone: what the app bundles (the schema is for the tests only).
COUNTRIES_OUT = OUT.with_name("countries.json")


def accepted_countries() -> list[str]:
    from rigour.territories import get_territories

    from app.schemas.case_content import _check_country

    codes = []
    for territory in get_territories():
        code = territory.code
        if len(code) != 2:
            continue
        try:
            if _check_country(code) == code:
                codes.append(code)
        except ValueError:
            continue
    return sorted(set(codes))


def model() -> dict[str, Any]:
    from app.schemas.case_content import CaseContent

    return {
        "about": "Generated from app/schemas/case_content.py by frontend/scripts/dump-content-model.py",
        "schema": CaseContent.model_json_schema(by_alias=True),
        "countries": accepted_countries(),
    }


def render() -> str:
    return json.dumps(model(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def render_countries() -> str:
    return json.dumps(accepted_countries()) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    OUT.write_text(render(), encoding="utf-8")
    COUNTRIES_OUT.write_text(render_countries(), encoding="utf-8")
    print(f"wrote {OUT} and {COUNTRIES_OUT}")
