"""The published package format: docs/schemas/ is generated from the models and says what they write.

Every package built in tests/api/test_packages.py is also validated against these schemas there.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from app.jurisdictions import JURISDICTIONS
from app.schemas.case_content import CaseContent
from app.workflows.packaging.contents import build_dossier
from app.workflows.packaging.dossier import DossierInput
from app.workflows.packaging.manifest import (
    FORMAT,
    Manifest,
    ManifestEvidence,
    ManifestExcluded,
    ManifestFile,
    ManifestTimestamp,
)
from app.workflows.packaging.schema import SCHEMAS, schema_text
from app.workflows.packaging.selection import EvidenceItem, Excluded
from tests.support.package_format import SCHEMAS as SCHEMA_DIR
from tests.support.package_format import problems
from tests.support.review_flow import realistic_content

REGENERATE = ".venv/bin/python -m app.workflows.packaging.schema docs/schemas"


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_published_schema_is_generated_from_the_model(name: str) -> None:
    path = SCHEMA_DIR / name
    assert path.exists(), f"{path} is missing: run {REGENERATE}"
    assert path.read_text(encoding="utf-8") == schema_text(SCHEMAS[name]), (
        f"{path} is stale (the model changed): run {REGENERATE} and describe the change in "
        "docs/package-format.md"
    )


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_published_schema_is_valid_json_schema(name: str) -> None:
    Draft202012Validator.check_schema(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest() -> dict[str, Any]:
    return Manifest(
        format=FORMAT,
        case_id="c1",
        case_title="A case",
        revision=2,
        revision_hash=_sha(b"revision"),
        revision_date=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC).isoformat(),
        jurisdiction="uk",
        addressee="FCDO",
        regimes=["uk-ghr"],
        portal_version="0.1.0",
        renderer="WeasyPrint 66.0",
        files=[ManifestFile(path="dossier.pdf", size=3, sha256=_sha(b"pdf"))],
        evidence=[
            ManifestEvidence(
                number="E-1",
                path="evidence/E-001.pdf",
                sha256_original=_sha(b"original"),
                sha256_shared=_sha(b"shared"),
                shared="sanitised",
                shared_reason=None,
                scan="clean",
                timestamp=ManifestTimestamp(
                    token="timestamps/E-001.tsr",
                    time="2024-05-06T07:08:09+00:00",
                    tsa="https://tsa.example",
                    serial="7",
                    verify="openssl ts -verify -digest … -in timestamps/E-001.tsr -CAfile tsa-chain.pem",
                ),
            )
        ],
        excluded=[ManifestExcluded(number="E-2", reason="duplicate of E-1", by="coordinator")],
        timestamp_verification="openssl ts -verify …",
    ).model_dump(mode="json")


def test_manifest_schema_is_strict() -> None:
    good = _manifest()
    assert problems("manifest.json", good) == []
    for bad in (
        {**good, "format": "coalition-package/2"},
        {**good, "extra": 1},
        {k: v for k, v in good.items() if k != "files"},
        {**good, "files": [{**good["files"][0], "sha256": "ABC"}]},
        {**good, "files": [{**good["files"][0], "size": -1}]},
        {**good, "regimes": []},
        {k: v for k, v in good.items() if k != "excluded"},
        {**good, "excluded": [{"number": "E-2", "reason": "x", "by": "someone"}]},
        {**good, "evidence": [{**good["evidence"][0], "scan": "unknown"}]},
        {**good, "evidence": [{**good["evidence"][0], "shared": "copy"}]},
    ):
        assert problems("manifest.json", bad), bad


@pytest.mark.parametrize("code", list(JURISDICTIONS))
def test_dossier_of_a_realistic_case_validates(code: str) -> None:
    content = CaseContent.model_validate(realistic_content())
    incident = content.abuses[0].incidents[0].id
    item = EvidenceItem(
        id="ev1",
        number=1,
        title="Forensic medical report",
        captured_date="2021-03",
        media_type="application/pdf",
        kind="document",
        sha256=_sha(b"original"),
        shared_key="k",
        shared_sha256=_sha(b"shared"),
        shared_size=6,
        path="evidence/E-001.pdf",
        incident_ids=(incident,),
        perpetrator_ids=(content.perpetrators[0].id,),
    )
    dossier, _ = build_dossier(
        DossierInput(
            case_id="c1",
            title="A case",
            revision_number=1,
            revision_hash=_sha(b"revision"),
            revision_at=datetime(2024, 5, 6, tzinfo=UTC),
            organisation="Lantern",
            jurisdiction=JURISDICTIONS[code],
            content=content,
            evidence=[item],
            excluded=[Excluded("ev2", 2, "a duplicate of E-1", "coordinator")],
        )
    )
    data = dossier.model_dump(mode="json")
    assert problems("dossier.json", data) == []
    assert data["format"] == "coalition-dossier/1" and data["evidence"][0]["number"] == "E-1"
    assert data["evidence"][0]["scan"] == "clean" and data["evidence"][0]["shared"] == "sanitised"
    assert data["excluded_evidence"] == [
        {"number": "E-2", "reason": "a duplicate of E-1", "by": "coordinator"}
    ]
    assert problems("dossier.json", {**data, "contact": {"email": "x@example.org"}})  # nothing unlisted
