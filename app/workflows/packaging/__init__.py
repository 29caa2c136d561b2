"""Jurisdiction packages: eligibility, the dossier, and a reproducible ZIP streamed into storage.

One module per concern:
  request.py    who may ask, which jurisdictions are eligible, the coordinator's evidence decisions
                (exclude, share an original); the `building` rows and stale-build clean-up; reading
  selection.py  which evidence leaves for a jurisdiction and how, what is excluded and why, what fails
                the build; its name inside the ZIP
  dossier.py    the dossier model (dossier.json, `coalition-dossier/1`) and the PDF's view of it
  manifest.py   manifest.json (`coalition-package/1`); schema.py writes both JSON Schemas to docs/schemas/
  contents.py   the dossier built from one case revision, and the plan of the ZIP's files
  render.py     evidence-index.csv, canonical JSON, dossier.pdf (Jinja + WeasyPrint)
  archive.py    the reproducible ZIP: evidence streamed and verified, fixed entry dates
  build.py      the `package.build` job (with its heartbeat), recording the result, download

The ZIP (stored, not compressed: evidence is mostly compressed media already):
  evidence/E-001.pdf ...   the sanitised copies (or originals shared on a coordinator's decision) of the
                           items cleared for the jurisdiction and not excluded
  timestamps/E-001.tsr ... the RFC 3161 token over each original's SHA-256 (and tsa-chain.pem)
  evidence-index.csv       number, title, date, kind, SHA-256 of the original and of the shared copy
  dossier.json             the dossier as data (perpetrators as FollowTheMoney entities)
  dossier.pdf              the same, rendered for the addressee (WeasyPrint)
  manifest.json            case, revision and its hash, jurisdiction, regimes, versions, the size and
                           SHA-256 of every other file, each item's form, scan and token, the excluded
                           items with their reasons, and how to check the tokens offline

Reproducibility: everything in the ZIP derives from the case revision and the evidence rows: entry
order is fixed, entry timestamps and the PDF's dates are the revision's time, JSON is canonical, so a
rebuild from the same revision and evidence (with the same portal, WeasyPrint and font versions) is
byte-identical. docs/package-format.md describes the format for recipients.
"""

from __future__ import annotations

from app.workflows.packaging.archive import ReproducibleZip, zip_date_time
from app.workflows.packaging.build import open_download, package_key, run_build
from app.workflows.packaging.dossier import Dossier
from app.workflows.packaging.manifest import FORMAT, Manifest
from app.workflows.packaging.request import (
    EvidenceChoice,
    PackageRequest,
    Refusal,
    actor_from_payload,
    actor_payload,
    case_packages,
    fail_stale_builds,
    get_package,
    list_packages,
    request_packages,
    submissions_by_package,
)
from app.workflows.packaging.selection import EvidenceNotShareable, EvidenceUnavailable

__all__ = [
    "FORMAT",
    "Dossier",
    "EvidenceChoice",
    "EvidenceNotShareable",
    "EvidenceUnavailable",
    "Manifest",
    "PackageRequest",
    "Refusal",
    "ReproducibleZip",
    "actor_from_payload",
    "actor_payload",
    "case_packages",
    "fail_stale_builds",
    "get_package",
    "list_packages",
    "open_download",
    "package_key",
    "request_packages",
    "run_build",
    "submissions_by_package",
    "zip_date_time",
]
