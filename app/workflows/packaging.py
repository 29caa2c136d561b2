"""Jurisdiction packages: eligibility, the dossier, and a reproducible ZIP streamed into storage.

A request (`request_packages`) checks the case and each jurisdiction's regimes, creates one `building`
row per eligible jurisdiction and defers a `package.build` job for it. The job (`run_build`) renders the
dossier, streams the cleared evidence from the BlobStore through a ZIP writer into the BlobStore,
verifying every shared copy's SHA-256 on the way, and then records the result in one transaction.

A build that fails (evidence missing or corrupt in storage, anything else) leaves the row `failed` with
the error naming the item, no blob, no custody event, and an audit event: never a half-built package.

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
byte-identical.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import json
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import zipstream
from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from app.jobs.queue import JobContext, defer
from app.jurisdictions import JURISDICTIONS, Jurisdiction
from app.jurisdictions import get as get_jurisdiction
from app.models.cases import CaseFile, CaseRevision, CaseStatus
from app.models.evidence import CustodyEvent, Evidence, ScanStatus, Sensitivity
from app.models.identity import Organization, OrgKind, Role
from app.models.packages import Package, PackageState, Submission, SubmissionEvent, SubmissionStatus
from app.schemas.case_content import (
    TAXONOMY,
    AbuseCategory,
    CaseContent,
    JurisdictionContent,
    perpetrator_to_ftm,
    public_view,
)
from app.security.permissions import Principal
from app.storage import BlobStore, make_blob_store
from app.workflows import audit, case_states, cases, scoping
from app.workflows.events import emit
from app.workflows.readiness import EligibleRegime, readiness

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FORMAT = "coalition-package/1"
PROGRESS_EVERY_SECONDS = 1.0


class EvidenceUnavailable(DomainError):
    """An evidence item cleared for the package is missing from storage or fails its integrity check."""

    status_code = 500
    title = "Evidence unavailable in storage"
    type_slug = "evidence-unavailable"

    def __init__(self, item: EvidenceItem, problem: str) -> None:
        super().__init__(f"Evidence {item.label} ({item.title!r}, id {item.id}) {problem}")
        self.item = item


# ---- actor (jobs run without the request's principal) --------------------------------------------


def actor_payload(p: Principal) -> dict[str, Any]:
    return {
        "org_id": p.org_id,
        "org_kind": p.org_kind.value,
        "role": p.role.value,
        "permissions": sorted(p.permissions),
        "user_id": p.user_id,
        "token_id": p.token_id,
    }


def actor_from_payload(data: dict[str, Any]) -> Principal:
    return Principal(
        org_id=data["org_id"],
        org_kind=OrgKind(data["org_kind"]),
        role=Role(data["role"]),
        permissions=frozenset(data["permissions"]),
        user_id=data.get("user_id"),
        token_id=data.get("token_id"),
    )


# ---- reading packages (tenant-scoped) ---------------------------------------------------------------------


def visible_packages(p: Principal) -> Select[Package]:
    """Packages of the cases this principal can see (the authoring NGO and the coalition)."""
    return select(Package).where(Package.case_id.in_(scoping.cases(p).with_only_columns(CaseFile.id)))


def get_package(db: Session, p: Principal, package_id: str, *, for_update: bool = False) -> Package:
    stmt = visible_packages(p).where(Package.id == package_id)
    if for_update:
        stmt = stmt.with_for_update()
    pkg = db.execute(stmt).scalar_one_or_none()
    if pkg is None:
        raise NotFound("No such package")
    return pkg


def list_packages(db: Session, p: Principal, case_id: str) -> list[Package]:
    return case_packages(db, cases.get_case(db, p, case_id).id)


def case_packages(db: Session, case_id: str) -> list[Package]:
    """All packages of a case the caller has already fetched (and so may see), newest first."""
    return list(
        db.execute(
            select(Package)
            .where(Package.case_id == case_id)
            .order_by(Package.created_at.desc(), Package.id.desc())
        ).scalars()
    )


def submissions_by_package(db: Session, package_ids: list[str]) -> dict[str, Submission]:
    if not package_ids:
        return {}
    rows = db.execute(select(Submission).where(Submission.package_id.in_(package_ids))).scalars()
    return {s.package_id: s for s in rows}


# ---- requesting packages -------------------------------------------------------------------------


@dataclass
class Refusal:
    jurisdiction: str
    kind: str  # not_targeted | ineligible | missing_content | busy
    reasons: list[str]
    missing: list[str] = field(default_factory=list)


@dataclass
class PackageRequest:
    case: CaseFile
    packages: list[Package]
    refused: list[Refusal]


def check_packageable(p: Principal, case: CaseFile) -> None:
    """409 (naming the allowed transitions) unless the case is approved or already packaged; 403 unless
    the principal may package. A case already submitted to one government can still get packages for
    others (or rebuilds) without moving back to `packaged`."""
    if case.status == CaseStatus.submitted_to_government:
        if not case_states.may_fire(p, case, case_states.TRANSITIONS["package"]):
            raise Forbidden("Your role may not package this case")
        return
    case_states.check(p, case, "package")


def _check_codes(codes: list[str]) -> list[str]:
    unknown = [c for c in codes if c not in JURISDICTIONS]
    if unknown or not codes:
        raise Invalid(
            "Unknown or missing jurisdiction",
            errors=[
                {
                    "loc": ["body", "jurisdictions"],
                    "msg": f"choose from: {', '.join(JURISDICTIONS)}"
                    + (f"; unknown: {', '.join(unknown)}" if unknown else ""),
                }
            ],
        )
    return list(dict.fromkeys(codes))


def _revision(db: Session, case_id: str, number: int) -> CaseRevision:
    rev = db.execute(
        select(CaseRevision).where(CaseRevision.case_id == case_id, CaseRevision.number == number)
    ).scalar_one_or_none()
    if rev is None:  # every save writes a revision; this is a data fault, not a user error
        raise Conflict(f"Revision {number} of this case is missing")
    return rev


def request_packages(
    db: Session, p: Principal, case_id: str, jurisdictions: list[str], ip: str | None
) -> PackageRequest:
    """Create a `building` package for every eligible jurisdiction and defer its build.

    Ineligible jurisdictions (no regime covers the conduct, required content missing, a build already
    running) are reported with their reasons; if none is eligible the request is refused (422).
    """
    case = cases.get_case(db, p, case_id, for_update=True)
    check_packageable(p, case)
    codes = _check_codes(jurisdictions)
    rev = _revision(db, case.id, case.revision_number)
    content = CaseContent.model_validate(rev.content)
    assessed = readiness(content, rev.title, codes)
    running = set(
        db.execute(
            select(Package.jurisdiction).where(
                Package.case_id == case.id, Package.state == PackageState.building
            )
        ).scalars()
    )
    packages: list[Package] = []
    refused: list[Refusal] = []
    for code in codes:
        r = assessed[code]
        if code not in case.target_jurisdictions:
            # Where a case goes is the authoring NGO's decision (and its evidence clearances follow it).
            reason = f"{r.name} is not a target jurisdiction of this case; the authoring organisation chose "
            reason += ", ".join(case.target_jurisdictions) or "none"
            refused.append(Refusal(code, "not_targeted", [reason]))
        elif not r.eligible:
            refused.append(
                Refusal(code, "ineligible", r.reasons or [f"No regime of {r.name} covers this case"])
            )
        elif r.missing:
            reason = f"Required content is missing: {', '.join(r.missing)}"
            refused.append(Refusal(code, "missing_content", [reason], list(r.missing)))
        elif code in running:
            refused.append(Refusal(code, "busy", [f"A package for {r.name} is already being built"]))
        else:
            packages.append(
                Package(
                    case_id=case.id,
                    revision_number=rev.number,
                    revision_hash=rev.content_hash,
                    jurisdiction=code,
                    regimes=[g.code for g in r.eligible_regimes],
                    state=PackageState.building,
                    progress=0,
                    created_by=p.user_id,
                )
            )
    if not packages:
        detail = "No package can be built: " + "; ".join(
            f"{x.jurisdiction}: {' '.join(x.reasons)}" for x in refused
        )
        extra = {"refused": [x.__dict__ for x in refused]}
        if all(x.kind == "busy" for x in refused):
            raise Conflict(detail, extra=extra)
        raise Invalid(
            detail,
            errors=[
                {"loc": ["body", "jurisdictions", x.jurisdiction], "msg": " ".join(x.reasons)}
                for x in refused
            ],
            extra=extra,
        )
    db.add_all(packages)
    db.flush()
    for pkg in packages:
        audit.record(
            db,
            "package.requested",
            principal=p,
            ip=ip,
            org_id=case.org_id,
            target_type="package",
            target_id=pkg.id,
            data={
                "case_id": case.id,
                "jurisdiction": pkg.jurisdiction,
                "regimes": pkg.regimes,
                "revision": pkg.revision_number,
            },
        )
        defer(db, "package.build", package_id=pkg.id, actor=actor_payload(p))
    return PackageRequest(case, packages, refused)


# ---- evidence selection --------------------------------------------------------------------------

_KINDS = {"image": "image", "audio": "audio", "video": "video", "text": "text"}
_DOCUMENT = re.compile(r"^application/(pdf|rtf|msword|vnd\.(openxmlformats|oasis|ms-))")
_EXT = re.compile(r"^\.[A-Za-z0-9]{1,8}$")


def evidence_kind(media_type: str) -> str:
    top = media_type.split("/", 1)[0]
    if top in _KINDS:
        return _KINDS[top]
    return "document" if _DOCUMENT.match(media_type) else "other"


# A fixed table, not the `mimetypes` module (it reads the host's /etc/mime.types): file names inside the
# package must not depend on the machine that builds it.
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/rtf": ".rtf",
    "text/rtf": ".rtf",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/vnd.oasis.opendocument.graphics": ".odg",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "audio/mpeg": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/vnd.wave": ".wav",
    "audio/ogg": ".ogg",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/flac": ".flac",
    "audio/x-flac": ".flac",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "video/webm": ".webm",
    "video/x-matroska": ".mkv",
    "video/x-msvideo": ".avi",
}


def _extension(media_type: str, filename: str) -> str:
    if media_type in _EXTENSIONS:
        return _EXTENSIONS[media_type]
    suffix = Path(filename).suffix
    return suffix.lower() if _EXT.match(suffix) else ".bin"


@dataclass(frozen=True)
class EvidenceItem:
    id: str
    number: int
    title: str
    captured_date: str | None
    media_type: str
    kind: str
    sha256: str
    derivative_key: str
    derivative_sha256: str
    derivative_size: int | None
    path: str  # inside the ZIP
    incident_ids: tuple[str, ...]
    perpetrator_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"E-{self.number}"


def shareable_evidence(db: Session, settings: Settings, case_id: str, jurisdiction: str) -> list[Evidence]:
    """Items that may leave the portal for this jurisdiction, in evidence-number order.

    Not deleted; scanned clean (or not scanned, only where no scanner is required; never infected);
    public (confidential and source-identifying items never leave); cleared for this jurisdiction;
    with a sanitised (metadata-stripped) copy, which is what gets shared.
    """
    scans = [ScanStatus.clean] if settings.require_scanner else [ScanStatus.clean, ScanStatus.not_scanned]
    rows = db.execute(
        select(Evidence)
        .where(
            Evidence.case_id == case_id,
            Evidence.deleted_at.is_(None),
            Evidence.scan_status.in_(scans),
            Evidence.sensitivity == Sensitivity.public,
            Evidence.derivative_key.is_not(None),
            Evidence.derivative_sha256.is_not(None),
        )
        .order_by(Evidence.number)
    ).scalars()
    return [e for e in rows if jurisdiction in (e.share_with or [])]


def _item(e: Evidence) -> EvidenceItem:
    assert e.derivative_key is not None and e.derivative_sha256 is not None
    return EvidenceItem(
        id=e.id,
        number=e.number,
        title=e.title,
        captured_date=e.captured_date,
        media_type=e.media_type,
        kind=evidence_kind(e.media_type),
        sha256=e.sha256,
        derivative_key=e.derivative_key,
        derivative_sha256=e.derivative_sha256,
        derivative_size=e.derivative_size,
        path=f"evidence/E-{e.number:03d}{_extension(e.media_type, e.original_filename)}",
        incident_ids=tuple(e.incident_ids or ()),
        perpetrator_ids=tuple(e.perpetrator_ids or ()),
    )


# ---- the dossier ---------------------------------------------------------------------------------


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


def _by_number(items: Iterable[EvidenceItem]) -> list[EvidenceItem]:
    return sorted(items, key=lambda i: i.number)


def _evidence_ref(item: EvidenceItem) -> dict[str, Any]:
    return {"number": item.label, "title": item.title, "path": item.path}


@dataclass
class DossierInput:
    case_id: str
    title: str
    revision_number: int
    revision_hash: str
    revision_at: datetime
    organisation: str
    jurisdiction: Jurisdiction
    content: CaseContent  # the full revision content; made public here
    evidence: list[EvidenceItem]


def build_dossier(d: DossierInput) -> tuple[dict[str, Any], dict[str, Any]]:
    """The dossier as structured data (dossier.json), and the extra view the PDF template needs."""
    content = public_view(d.content)
    j = d.jurisdiction
    eligible: list[EligibleRegime] = readiness(content, d.title, [j.code])[j.code].eligible_regimes
    by_incident: dict[str, list[EvidenceItem]] = {}
    by_perpetrator: dict[str, list[EvidenceItem]] = {}
    for item in d.evidence:
        for iid in item.incident_ids:
            by_incident.setdefault(iid, []).append(item)
        for pid in item.perpetrator_ids:
            by_perpetrator.setdefault(pid, []).append(item)

    def abuse_evidence(abuse_id: str) -> tuple[list[EvidenceItem], list[EvidenceItem]]:
        """Evidence of the conduct (linked to its incidents), then of the perpetrators' involvement."""
        abuse = next(a for a in content.abuses if a.id == abuse_id)
        conduct: dict[str, EvidenceItem] = {}
        for incident in abuse.incidents:
            conduct.update((i.id, i) for i in by_incident.get(incident.id, []))
        link: dict[str, EvidenceItem] = {}
        for role in abuse.perpetrator_roles:
            link.update((i.id, i) for i in by_perpetrator.get(role.perpetrator_id, []) if i.id not in conduct)
        return _by_number(conduct.values()), _by_number(link.values())

    qualifying_ids = list(dict.fromkeys(a.abuse_id for g in eligible for a in g.abuses))
    abuses = [a for a in content.abuses if a.id in qualifying_ids]
    involved = {r.perpetrator_id for a in abuses for r in a.perpetrator_roles}
    proposed: dict[str, list[str]] = {}
    for g in eligible:
        for pid in g.perpetrator_ids:
            proposed.setdefault(pid, []).append(g.code)
    perpetrators = [p for p in content.perpetrators if p.id in involved]
    entities = {p.id: perpetrator_to_ftm(p, d.case_id) for p in perpetrators}
    names = {p.id: p.name or p.id for p in content.perpetrators}

    regimes = []
    for g in eligible:
        regime = j.regime(g.code)
        criteria = []
        for qa in g.abuses:
            conduct, link = abuse_evidence(qa.abuse_id)
            criteria.append(
                {
                    "abuse_id": qa.abuse_id,
                    "category": qa.category,
                    "category_label": TAXONOMY[AbuseCategory(qa.category)].label,
                    "conduct": qa.conduct,
                    "evidence": [_evidence_ref(i) for i in conduct],
                    "link_evidence": [_evidence_ref(i) for i in link],
                }
            )
        regimes.append(
            {
                "code": g.code,
                "name": g.name,
                "legal_basis": g.legal_basis,
                "standard_of_proof": g.standard_of_proof,
                "measures": regime.measures,
                "criteria": criteria,
                "proposed_for_listing": [
                    {"perpetrator_id": pid, "entity_id": entities[pid]["id"], "name": names[pid]}
                    for pid in g.perpetrator_ids
                    if pid in entities
                ],
            }
        )

    by_code: dict[str, JurisdictionContent] = {str(k): v for k, v in content.jurisdictions.items()}
    jc = by_code.get(j.code)
    sanctions: dict[tuple[Any, ...], dict[str, Any]] = {}
    for code in JURISDICTIONS:  # sanctions in force are facts, wherever the drafter recorded them
        other = by_code.get(code)
        for s in other.sanctions_in_force if other else []:
            row = s.model_dump(mode="json")
            sanctions.setdefault(tuple(row.values()), row)

    abuse_rows = []
    for a in abuses:
        conduct, link = abuse_evidence(a.id)
        assert a.category is not None
        abuse_rows.append(
            {
                "id": a.id,
                "category": a.category.value,
                "category_label": TAXONOMY[a.category].label,
                "kind": TAXONOMY[a.category].kind.value,
                "description": a.description,
                "widespread_or_systematic": a.widespread_or_systematic,
                "incidents": [i.model_dump(mode="json") for i in a.incidents],
                "perpetrator_roles": [
                    {
                        "perpetrator_id": r.perpetrator_id,
                        "entity_id": entities[r.perpetrator_id]["id"]
                        if r.perpetrator_id in entities
                        else None,
                        "name": names.get(r.perpetrator_id, r.perpetrator_id),
                        "role": r.role.value if r.role else None,
                        "description": r.description,
                    }
                    for r in a.perpetrator_roles
                ],
                "evidence": [_evidence_ref(i) for i in conduct],
                "link_evidence": [_evidence_ref(i) for i in link],
            }
        )

    index = [evidence_row(i) for i in d.evidence]
    data: dict[str, Any] = {
        "format": "coalition-dossier/1",
        "case": {
            "id": d.case_id,
            "title": d.title,
            "revision": d.revision_number,
            "revision_hash": d.revision_hash,
            "revision_date": d.revision_at.isoformat(),
        },
        "jurisdiction": {
            "code": j.code,
            "name": j.name,
            "addressee": j.addressee,
            "official_list": j.official_list,
        },
        "regimes": regimes,
        "perpetrators": [entities[p.id] for p in perpetrators],
        "abuses": abuse_rows,
        "victims": content.victims.model_dump(mode="json") if content.victims else None,
        "ties_and_assets": [t.model_dump(mode="json") for t in jc.ties_and_assets] if jc else [],
        "impact_argument": jc.impact_argument if jc else None,
        "sanctions_in_force": list(sanctions.values()),
        "exculpatory_information": content.exculpatory_information,
        "sources": [s.model_dump(mode="json") for s in content.sources],
        "submitted_by": {"organisation": d.organisation, "partners": list(content.partner_organisations)},
        "evidence": index,
        "generated_by": {"portal": portal_version(), "renderer": renderer_version()},
    }
    people = [
        {
            "id": p.id,
            "entity_id": entities[p.id]["id"],
            "schema": p.entity_schema,
            "name": p.name,
            "aliases": p.aliases,
            "transliterations": p.transliterations,
            "birth_date": p.birth_date,
            "nationality": [c.upper() for c in p.nationality],
            "id_numbers": [i.model_dump(mode="json") for i in p.id_numbers],
            "positions": [pos.model_dump(mode="json") for pos in p.positions],
            "affiliated_units": p.affiliated_units,
            "proposed_under": proposed.get(p.id, []),
            "evidence": [_evidence_ref(i) for i in _by_number(by_perpetrator.get(p.id, []))],
        }
        for p in perpetrators
    ]
    victims = content.victims
    view = {
        "people": people,
        "victim_groups": [g.value.replace("_", " ") for g in victims.groups] if victims else [],
        "regime_names": {g.code: g.name for g in eligible},
        "in_sentence": j.in_sentence,
    }
    return data, view


def evidence_row(i: EvidenceItem) -> dict[str, Any]:
    return {
        "number": i.label,
        "path": i.path,
        "title": i.title,
        "date": i.captured_date,
        "kind": i.kind,
        "media_type": i.media_type,
        "sha256_original": i.sha256,
        "sha256_shared": i.derivative_sha256,
    }


def evidence_index_csv(items: list[EvidenceItem]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["number", "title", "date", "kind", "sha256_original", "sha256_shared", "file", "media_type"])
    for i in items:
        w.writerow(
            [
                i.label,
                i.title,
                i.captured_date or "",
                i.kind,
                i.sha256,
                i.derivative_sha256,
                i.path,
                i.media_type,
            ]
        )
    return out.getvalue().encode("utf-8")


def canonical_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


@lru_cache(maxsize=1)
def _jinja() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(data: dict[str, Any], view: dict[str, Any]) -> str:
    return str(_jinja().get_template("dossier.html").render(d=data, v=view))


def render_pdf(data: dict[str, Any], view: dict[str, Any]) -> bytes:
    """dossier.pdf. WeasyPrint writes no file ID and no dates but the fixed ones in the template."""
    import weasyprint

    html = render_html(data, view)
    css = weasyprint.CSS(filename=str(TEMPLATES / "dossier.css"))
    pdf: bytes = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(stylesheets=[css])
    # The layout is a web of cyclic references: free it now, so the memory serves the streaming that
    # follows instead of adding to the build's peak.
    gc.collect()
    return pdf


# ---- the ZIP -------------------------------------------------------------------------------------


class ReproducibleZip(zipstream.ZipStream):  # type: ignore[misc]
    """zipstream-ng stamps data entries with the current time; this stamps them with a fixed one.

    zipstream-ng 1.9 has no per-entry date for data entries, so the DOS time/date fields of each local
    header (bytes 10-13, the first chunk an entry yields) are overwritten, and the entry's ZipInfo is
    given the same date for the central directory, written at the end.
    """

    def __init__(self, date_time: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(compress_type=zipstream.ZIP_STORED)
        self._fixed = date_time
        y, mo, d, h, mi, s = date_time
        dos_date = (y - 1980) << 9 | mo << 5 | d
        dos_time = h << 11 | mi << 5 | s // 2
        self._dos = dos_time.to_bytes(2, "little") + dos_date.to_bytes(2, "little")

    def _gen_file_entry(self, **kwargs: Any) -> Iterator[bytes]:
        first = True
        for chunk in super()._gen_file_entry(**kwargs):
            if first:
                if chunk[:4] != b"PK\x03\x04":  # pragma: no cover - guards a library change
                    raise RuntimeError("unexpected zipstream-ng output: no local header first")
                chunk = chunk[:10] + self._dos + chunk[14:]
                first = False
            yield chunk
        self._filelist[-1].date_time = self._fixed


def zip_date_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    m = moment.astimezone(UTC)
    return (max(m.year, 1980), m.month, m.day, m.hour, m.minute, m.second)


@dataclass
class ZipPlan:
    """What goes into the package, in order: the evidence streamed from storage, then the small files
    built in memory (index, dossier, manifest)."""

    date_time: tuple[int, int, int, int, int, int]
    evidence: list[tuple[EvidenceItem, int]]  # item and its verified size
    files: list[tuple[str, bytes]]

    @property
    def evidence_bytes(self) -> int:
        return sum(n for _, n in self.evidence)


@dataclass(frozen=True)
class _Digest:
    sha256: str
    size: int


PREFETCH_CHUNKS = 2  # bounded: memory stays flat whatever the size of the evidence


def _read_and_hash(
    store: BlobStore, item: EvidenceItem, out: queue.Queue[Any], stop: threading.Event
) -> None:
    """Producer thread: read the shared copy and hash it (hashlib releases the GIL, so this overlaps
    with the ZIP writer and the store's own work in the main thread)."""

    def put(value: Any) -> bool:
        while not stop.is_set():
            try:
                out.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    digest = hashlib.sha256()
    n = 0
    try:
        with contextlib.closing(iter(store.open_stream(item.derivative_key))) as chunks:  # type: ignore[type-var]
            for chunk in chunks:
                digest.update(chunk)
                n += len(chunk)
                if not put(chunk):
                    return
        put(_Digest(digest.hexdigest(), n))
    except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised in the build thread
        put(exc)


def _unreadable(item: EvidenceItem, exc: BaseException) -> EvidenceUnavailable:
    if isinstance(exc, NotFound):
        return EvidenceUnavailable(item, "is missing from storage")
    return EvidenceUnavailable(item, f"could not be read from storage ({exc})")


def _verified(
    store: BlobStore, item: EvidenceItem, size: int, count: Callable[[int], None]
) -> Iterator[bytes]:
    """The shared copy's bytes, hashed on the way; the stream fails at its end if they are not genuine."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=PREFETCH_CHUNKS)
    stop = threading.Event()
    reader = threading.Thread(
        target=_read_and_hash, args=(store, item, chunks, stop), name=f"package-{item.label}", daemon=True
    )
    reader.start()
    try:
        while True:
            value = chunks.get()
            if isinstance(value, _Digest):
                break
            if isinstance(value, BaseException):
                raise _unreadable(item, value) from value
            count(len(value))
            yield value
    finally:
        stop.set()
        reader.join()
    if value.size != size or value.sha256 != item.derivative_sha256:
        raise EvidenceUnavailable(
            item,
            f"failed its integrity check: the stored shared copy has SHA-256 {value.sha256} "
            f"({value.size} bytes), the recorded one is {item.derivative_sha256}",
        )


def zip_chunks(plan: ZipPlan, store: BlobStore, count: Callable[[int], None]) -> Iterator[bytes]:
    z = ReproducibleZip(plan.date_time)
    for item, size in plan.evidence:
        z.add(_verified(store, item, size, count), item.path, size=size)
    for name, data in plan.files:
        z.add(data, name)
    yield from z


def preflight(store: BlobStore, items: list[EvidenceItem]) -> list[tuple[EvidenceItem, int]]:
    """Every shared copy is present, with the recorded size: fail before streaming anything."""
    out = []
    for item in items:
        try:
            size = store.size(item.derivative_key)
        except Exception as exc:
            raise _unreadable(item, exc) from exc
        if item.derivative_size is not None and size != item.derivative_size:
            raise EvidenceUnavailable(
                item,
                f"failed its integrity check: {size} bytes stored, {item.derivative_size} recorded",
            )
        out.append((item, size))
    return out


def plan_package(d: DossierInput, regimes: list[str], evidence: list[tuple[EvidenceItem, int]]) -> ZipPlan:
    """The package's files: the evidence, then the index and the dossier, then manifest.json with the
    size and SHA-256 of every other file (the evidence's are the recorded ones, which the streaming
    verifies; a mismatch fails the build before the manifest is written).

    The PDF is rendered before streaming starts. (Rendering it in a thread while the evidence streams
    was measured slower: WeasyPrint is pure Python and fights the streaming threads for the GIL.)"""
    data, view = build_dossier(d)
    files = [
        ("evidence-index.csv", evidence_index_csv(d.evidence)),
        ("dossier.json", canonical_json(data)),
        ("dossier.pdf", render_pdf(data, view)),
    ]
    listing = [{"path": i.path, "size": n, "sha256": i.derivative_sha256} for i, n in evidence]
    listing += [{"path": name, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for name, b in files]
    manifest = {
        "format": FORMAT,
        "case_id": d.case_id,
        "case_title": d.title,
        "revision": d.revision_number,
        "revision_hash": d.revision_hash,
        "revision_date": d.revision_at.isoformat(),
        "jurisdiction": d.jurisdiction.code,
        "addressee": d.jurisdiction.addressee,
        "regimes": regimes,
        "portal_version": portal_version(),
        "renderer": renderer_version(),
        "files": listing,
    }
    return ZipPlan(
        zip_date_time(d.revision_at), evidence, [*files, ("manifest.json", canonical_json(manifest))]
    )


def package_key(pkg: Package) -> str:
    return f"packages/{pkg.case_id}/{pkg.id}.zip"


# ---- the build job -------------------------------------------------------------------------------


class _Progress:
    """Progress percent, written in its own short transaction at most about once a second."""

    def __init__(self, ctx: JobContext, package_id: str, total: int) -> None:
        self.ctx, self.package_id, self.total = ctx, package_id, max(total, 1)
        self.done = 0
        self.reported = 0
        self.last = time.monotonic()

    def __call__(self, n: int) -> None:
        self.done += n
        percent = min(99, self.done * 100 // self.total)
        now = time.monotonic()
        if percent > self.reported and now - self.last >= PROGRESS_EVERY_SECONDS:
            self.reported, self.last = percent, now
            with self.ctx.sessionmaker() as db:
                db.execute(
                    update(Package)
                    .where(Package.id == self.package_id, Package.state == PackageState.building)
                    .values(progress=percent)
                )
                db.commit()


@dataclass
class _Loaded:
    pkg_id: str
    case_id: str
    org_id: str
    key: str
    regimes: list[str]
    dossier: DossierInput


def _load(db: Session, settings: Settings, package_id: str) -> _Loaded | None:
    pkg = db.get(Package, package_id)
    if pkg is None or pkg.state != PackageState.building:
        return None  # deleted with its case, or a retry of a build that already finished
    case = db.get(CaseFile, pkg.case_id)
    assert case is not None  # packages cascade with their case
    rev = _revision(db, case.id, pkg.revision_number)
    org = db.get(Organization, case.org_id)
    items = [_item(e) for e in shareable_evidence(db, settings, case.id, pkg.jurisdiction)]
    return _Loaded(
        pkg_id=pkg.id,
        case_id=case.id,
        org_id=case.org_id,
        key=package_key(pkg),
        regimes=list(pkg.regimes),
        dossier=DossierInput(
            case_id=case.id,
            title=rev.title,
            revision_number=rev.number,
            revision_hash=rev.content_hash,
            revision_at=rev.created_at,
            organisation=org.name if org else case.org_id,
            jurisdiction=get_jurisdiction(pkg.jurisdiction),
            content=CaseContent.model_validate(rev.content),
            evidence=items,
        ),
    )


def run_build(ctx: JobContext, package_id: str, actor: dict[str, Any]) -> None:
    """The `package.build` job: stream the package into storage, then record it in one transaction.

    Any failure leaves the row `failed` with the error (naming the evidence item when one is at fault)
    and removes whatever was stored: a package is either complete and recorded, or not there."""
    p = actor_from_payload(actor)
    store = make_blob_store(ctx.settings)
    key: str | None = None
    stored = False
    try:
        with ctx.sessionmaker() as db:
            loaded = _load(db, ctx.settings, package_id)
            db.commit()
        if loaded is None:
            return
        key = loaded.key
        if store.exists(key):
            store.delete(key)  # our own output from an attempt that died before recording it
        evidence = preflight(store, loaded.dossier.evidence)
        plan = plan_package(loaded.dossier, loaded.regimes, evidence)
        progress = _Progress(ctx, package_id, plan.evidence_bytes)
        result = store.put_stream(key, zip_chunks(plan, store, progress))
        stored = True
        with ctx.sessionmaker() as db:
            _record_built(db, p, loaded, result.sha256, result.size, [i for i, _ in evidence])
            db.commit()
    except Exception as exc:
        if stored and key is not None:
            store.delete(key)
        item = exc.item if isinstance(exc, EvidenceUnavailable) else None
        message = exc.detail if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        log.warning("package %s failed: %s", package_id, message, exc_info=item is None)
        with ctx.sessionmaker() as db:
            _record_failed(db, p, package_id, message, item)
            db.commit()


def _record_built(
    db: Session, p: Principal, loaded: _Loaded, sha256: str, size: int, items: list[EvidenceItem]
) -> None:
    case = db.execute(select(CaseFile).where(CaseFile.id == loaded.case_id).with_for_update()).scalar_one()
    pkg = db.execute(select(Package).where(Package.id == loaded.pkg_id).with_for_update()).scalar_one()
    now = utcnow()
    pkg.state, pkg.progress, pkg.built_at = PackageState.built, 100, now
    pkg.storage_key, pkg.sha256, pkg.size = loaded.key, sha256, size
    pkg.evidence_ids = [i.id for i in items]
    pkg.error = pkg.error_evidence_id = None
    jurisdiction = loaded.dossier.jurisdiction.code
    for item in items:
        event = audit.record(
            db,
            "evidence.shared",
            principal=p,
            org_id=loaded.org_id,
            target_type="evidence",
            target_id=item.id,
            data={
                "case_id": loaded.case_id,
                "package_id": pkg.id,
                "jurisdiction": jurisdiction,
                "path": item.path,
                "sha256": item.derivative_sha256,
            },
        )
        db.add(
            CustodyEvent(
                evidence_id=item.id,
                action="shared",
                at=now,
                actor_user_id=p.user_id,
                actor_token_id=p.token_id,
                sha256=item.derivative_sha256,
                detail={"package_id": pkg.id, "jurisdiction": jurisdiction, "path": item.path},
                audit_seq=event.seq,
            )
        )
    audit.record(
        db,
        "package.built",
        principal=p,
        org_id=loaded.org_id,
        target_type="package",
        target_id=pkg.id,
        data={
            "case_id": loaded.case_id,
            "jurisdiction": jurisdiction,
            "revision": pkg.revision_number,
            "sha256": sha256,
            "size": size,
            "evidence": [i.label for i in items],
        },
    )
    sub = Submission(
        package_id=pkg.id,
        case_id=case.id,
        jurisdiction=jurisdiction,
        status=SubmissionStatus.prepared,
        addressee=loaded.dossier.jurisdiction.addressee,
        created_by=p.user_id,
        created_at=now,
        updated_at=now,
    )
    db.add(sub)
    db.flush()
    db.add(
        SubmissionEvent(
            submission_id=sub.id,
            seq=1,
            status=SubmissionStatus.prepared,
            previous_status=None,
            occurred_on=now.date(),
            note="Package built",
            detail={"package_id": pkg.id},
            actor_user_id=p.user_id,
            actor_token_id=p.token_id,
            created_at=now,
        )
    )
    if case.status == CaseStatus.approved:
        cases.transition(db, p, case, "package", None, {"package_id": pkg.id, "jurisdiction": jurisdiction})
    emit(
        db,
        "package.built",
        case,
        actor=p,
        data={"package_id": pkg.id, "jurisdiction": jurisdiction, "sha256": sha256, "submission_id": sub.id},
    )


def _record_failed(
    db: Session, p: Principal, package_id: str, message: str, item: EvidenceItem | None
) -> None:
    pkg = db.execute(select(Package).where(Package.id == package_id).with_for_update()).scalar_one_or_none()
    if pkg is None or pkg.state != PackageState.building:
        return
    case = db.get(CaseFile, pkg.case_id)
    pkg.state, pkg.error = PackageState.failed, message[:4000]
    pkg.error_evidence_id = item.id if item else None
    pkg.storage_key = pkg.sha256 = None
    pkg.size = None
    audit.record(
        db,
        "package.build_failed",
        principal=p,
        org_id=case.org_id if case else None,
        target_type="package",
        target_id=pkg.id,
        data={
            "case_id": pkg.case_id,
            "jurisdiction": pkg.jurisdiction,
            "error": message[:1000],
            "evidence_id": item.id if item else None,
            "evidence": item.label if item else None,
        },
    )


# ---- download ------------------------------------------------------------------------------------


def open_download(
    db: Session, settings: Settings, p: Principal, package_id: str, ip: str | None
) -> tuple[Package, Iterable[bytes]]:
    """The built ZIP as a stream, audited (coordinators, and the authoring NGO read-only)."""
    pkg = get_package(db, p, package_id)
    if pkg.state != PackageState.built or pkg.storage_key is None:
        raise Conflict(f"The package is {pkg.state.value}; only a built package can be downloaded")
    store = make_blob_store(settings)
    chunks = store.open_stream(pkg.storage_key)
    case = db.get(CaseFile, pkg.case_id)
    audit.record(
        db,
        "package.downloaded",
        principal=p,
        ip=ip,
        org_id=case.org_id if case else None,
        target_type="package",
        target_id=pkg.id,
        data={"case_id": pkg.case_id, "jurisdiction": pkg.jurisdiction, "sha256": pkg.sha256},
    )
    return pkg, chunks


STALE_AFTER = timedelta(hours=6)


def fail_stale_builds(db: Session, now: datetime | None = None) -> int:
    """Builds still `building` long after they were requested (their worker died): mark them failed, so
    they neither block a new build for the jurisdiction nor show as running forever."""
    cutoff = (now or utcnow()) - STALE_AFTER
    stale = list(
        db.execute(
            select(Package)
            .where(Package.state == PackageState.building, Package.created_at < cutoff)
            .with_for_update(skip_locked=True)
        ).scalars()
    )
    for pkg in stale:
        pkg.state = PackageState.failed
        pkg.error = "The build did not finish (its worker stopped); build the package again"
        audit.record(
            db,
            "package.build_failed",
            target_type="package",
            target_id=pkg.id,
            data={"case_id": pkg.case_id, "jurisdiction": pkg.jurisdiction, "error": pkg.error},
        )
    return len(stale)
