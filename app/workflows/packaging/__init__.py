"""Jurisdiction packages: eligibility, the dossier, and a reproducible ZIP streamed into storage.

One module per concern:
  request.py    who may ask, which jurisdictions are eligible; the `building` rows; reading packages
  selection.py  which evidence may leave for a jurisdiction, and its name inside the ZIP
  dossier.py    the dossier model (dossier.json, `coalition-dossier/1`) and the PDF's view of it
  manifest.py   manifest.json (`coalition-package/1`); schema.py writes both JSON Schemas to docs/schemas/
  contents.py   the dossier built from one case revision, and the plan of the ZIP's files
  render.py     evidence-index.csv, canonical JSON, dossier.pdf (Jinja + WeasyPrint)
  archive.py    the reproducible ZIP: evidence streamed and verified, fixed entry dates
  build.py      the `package.build` job, recording the result, download, stale-build clean-up

The ZIP (stored, not compressed: evidence is mostly compressed media already):
  evidence/E-001.pdf ...   the sanitised copies of exactly the items cleared for the jurisdiction
  evidence-index.csv       number, title, date, kind, SHA-256 of the original and of the shared copy
  dossier.json             the dossier as data (perpetrators as FollowTheMoney entities)
  dossier.pdf              the same, rendered for the addressee (WeasyPrint)
  manifest.json            case, revision and its hash, jurisdiction, regimes, versions, and the size
                           and SHA-256 of every other file

Reproducibility: everything in the ZIP derives from the case revision and the evidence rows: entry
order is fixed, entry timestamps and the PDF's dates are the revision's time, JSON is canonical, so a
rebuild from the same revision and evidence (with the same portal, WeasyPrint and font versions) is
byte-identical. docs/package-format.md describes the format for recipients.
"""

from __future__ import annotations

from app.workflows import scoping
from app.workflows.packaging.archive import ReproducibleZip, zip_date_time
from app.workflows.packaging.build import fail_stale_builds, open_download, package_key, run_build
from app.workflows.packaging.dossier import Dossier
from app.workflows.packaging.manifest import FORMAT, Manifest
from app.workflows.packaging.request import (
    PackageRequest,
    Refusal,
    actor_from_payload,
    actor_payload,
    case_packages,
    get_package,
    list_packages,
    request_packages,
    submissions_by_package,
)
from app.workflows.packaging.selection import EvidenceUnavailable

# TEMPORARY: submissions.py still reads `packaging.visible_packages`; the statement lives in scoping.
visible_packages = scoping.packages

__all__ = [
    "FORMAT",
    "Dossier",
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
    "visible_packages",
    "zip_date_time",
]
