"""manifest.json, the package's table of contents: the `coalition-package/1` format.

docs/schemas/coalition-package-1.schema.json is generated from `Manifest` (see `schema.py`); a test
fails when the two differ, so change the model, regenerate, and describe the change in
docs/package-format.md. A change that breaks readers of the format needs a new format name.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "coalition-package/1"
SHA256 = r"^[0-9a-f]{64}$"


@lru_cache(maxsize=1)
def portal_version() -> str:
    try:
        return metadata.version("sanctions-portal")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.1.0"


@lru_cache(maxsize=1)
def renderer_version() -> str:
    try:
        return f"WeasyPrint {metadata.version('weasyprint')}"
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "WeasyPrint"


class ManifestFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="Path inside the ZIP, e.g. `evidence/E-003.pdf` or `dossier.pdf`")
    size: int = Field(ge=0, description="Size in bytes")
    sha256: str = Field(pattern=SHA256, description="SHA-256 of the file's bytes, lowercase hex")


class ManifestTimestamp(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(description="Path of the token in the ZIP (timestamps/E-003.tsr): the TSA's DER reply")
    time: str | None = Field(description="The time the token states (ISO 8601)")
    tsa: str | None = Field(description="The Time-Stamping Authority that issued it")
    serial: str | None = Field(description="The token's serial number")
    verify: str = Field(description="The openssl command line that checks it offline")


class ManifestEvidence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(description="The item's label, e.g. `E-3`")
    path: str = Field(description="Its file in the ZIP")
    sha256_original: str = Field(pattern=SHA256, description="SHA-256 of the original the portal holds")
    sha256_shared: str = Field(pattern=SHA256, description="SHA-256 of the file in the ZIP")
    shared: Literal["sanitised", "original"] = Field(
        description="`sanitised`: a copy stripped of metadata; `original`: the original, shared on a "
        "coordinator's decision with `shared_reason` (a type no stripper handles)"
    )
    shared_reason: str | None
    scan: Literal["clean", "not scanned"] = Field(
        description="`not scanned`: the portal had no virus scanner (only where the coalition allows it)"
    )
    timestamp: ManifestTimestamp | None = Field(description="The RFC 3161 token over sha256_original, if any")


class ManifestExcluded(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(description="The item's label, e.g. `E-7`")
    reason: str
    by: Literal["coordinator", "portal"] = Field(
        description="`coordinator`: excluded when the package was requested; `portal`: quarantined (malware)"
    )


class Manifest(BaseModel):
    """manifest.json: the last entry of the ZIP, listing every other entry in ZIP order."""

    model_config = ConfigDict(extra="forbid", title="coalition-package/1 manifest.json")

    format: Literal["coalition-package/1"] = Field(description="The package format and its version")
    case_id: str = Field(description="The portal's id of the case file")
    case_title: str = Field(description="The case title at the packaged revision")
    revision: int = Field(ge=1, description="The packaged revision of the case (1, 2, …)")
    revision_hash: str = Field(pattern=SHA256, description="SHA-256 of the revision's canonical content")
    revision_date: str = Field(
        description="When the revision was saved (ISO 8601 with offset); the ZIP entries and the "
        "PDF carry this time, which makes a rebuild byte-identical"
    )
    jurisdiction: str = Field(description="The addressed jurisdiction's code: us, uk, ca or eu")
    addressee: str = Field(description="The government body the package is addressed to")
    regimes: list[str] = Field(min_length=1, description="Codes of the regimes the case is made under")
    portal_version: str = Field(description="Version of the portal that built the package")
    renderer: str = Field(description="The PDF renderer and its version")
    files: list[ManifestFile] = Field(
        description="Every other entry of the ZIP, in ZIP order: the evidence (evidence/…), the timestamp "
        "tokens (timestamps/…), evidence-index.csv, dossier.json, dossier.pdf"
    )
    evidence: list[ManifestEvidence] = Field(description="Every enclosed item: what was shared and how")
    excluded: list[ManifestExcluded] = Field(
        description="Items cleared for this jurisdiction that are not enclosed, each with the reason"
    )
    timestamp_verification: str | None = Field(
        description="How to check the timestamp tokens offline (null when no item has one)"
    )
