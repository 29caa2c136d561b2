"""Asking for packages: who may, which jurisdictions are eligible, and reading packages back.

`request_packages` checks the case and each jurisdiction's regimes, and the coordinator's decisions on
single items (exclude one with a reason; share the original of a type no stripper handles, with a
reason), creates one `building` row per eligible jurisdiction and defers a `package.build` job for it
(see `build.py`), in the request's transaction.

A build writes a heartbeat while it runs; `fail_stale_builds` fails a build whose heartbeat stopped
(its worker died: PORTAL_PACKAGE_STALE_AFTER_SECONDS, two minutes by default) or that never started
within `NEVER_STARTED_AFTER`, so it neither shows as running forever nor blocks a rebuild. A request
reaps the case's stale builds first, so a rebuild is accepted at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.jobs.queue import defer
from app.jurisdictions import JURISDICTIONS
from app.jurisdictions.content_labels import Lang
from app.models.cases import CaseFile, CaseRevision, CaseStatus
from app.models.evidence import Evidence, SanitiseStatus, Sensitivity
from app.models.identity import OrgKind, Role
from app.models.packages import Package, PackageState, Submission
from app.schemas.case_content import CaseContent
from app.schemas.messages import Message
from app.security.permissions import Principal
from app.workflows import audit, case_states, cases, scoping
from app.workflows.labels import Labeller
from app.workflows.readiness import readiness

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


# ---- reading packages (tenant-scoped) -------------------------------------------------------------


def get_package(db: Session, p: Principal, package_id: str, *, for_update: bool = False) -> Package:
    stmt = scoping.packages(p).where(Package.id == package_id)
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
    """The submission of each of these packages (ids the caller has already read, so may see)."""
    if not package_ids:
        return {}
    rows = db.execute(select(Submission).where(Submission.package_id.in_(package_ids))).scalars()
    return {s.package_id: s for s in rows}


# ---- requesting packages -------------------------------------------------------------------------


@dataclass
class Refusal:
    jurisdiction: str
    kind: str  # not_targeted | ineligible | missing_content | busy
    reasons: list[str]  # in English, with raw content paths (as before)
    missing: list[str] = field(default_factory=list)
    # `reasons`, in the same order, by code and params (app.jurisdictions.messages), each with its `text`
    # in the caller's language; `text` is all of them in that language.
    reason_details: list[Message] = field(default_factory=list)
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The refusal as the API answers it (also in the body of a refused request)."""
        return {
            "jurisdiction": self.jurisdiction,
            "kind": self.kind,
            "reasons": self.reasons,
            "missing": self.missing,
            "reason_details": [d.model_dump(mode="json") for d in self.reason_details],
            "text": self.text,
        }


def _refusal(
    labeller: Labeller, code: str, kind: str, details: list[Message], missing: list[str] | None = None
) -> Refusal:
    for d in details:
        d.text = labeller.message(d)
    return Refusal(
        code,
        kind,
        [d.msg for d in details],
        list(missing or []),
        details,
        " ".join(d.text or d.msg for d in details),
    )


@dataclass
class PackageRequest:
    case: CaseFile
    packages: list[Package]
    refused: list[Refusal]


@dataclass(frozen=True)
class EvidenceChoice:
    """A coordinator's decision on one item for this request: leave it out, or share its original."""

    evidence_id: str
    action: Literal["exclude", "share_original"]
    reason: str


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


def revision(db: Session, case_id: str, number: int) -> CaseRevision:
    rev = db.execute(
        select(CaseRevision).where(CaseRevision.case_id == case_id, CaseRevision.number == number)
    ).scalar_one_or_none()
    if rev is None:  # every save writes a revision; this is a data fault, not a user error
        raise Conflict(f"Revision {number} of this case is missing")
    return rev


def _check_choices(db: Session, case: CaseFile, choices: list[EvidenceChoice]) -> list[dict[str, Any]]:
    """422 naming the entry unless each names an item of this case, once, and may be decided so."""
    rows = {
        e.id: e
        for e in db.execute(
            select(Evidence).where(
                Evidence.case_id == case.id, Evidence.id.in_([c.evidence_id for c in choices])
            )
        ).scalars()
    }
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    out = []
    index = {"exclude": 0, "share_original": 0}
    for c in choices:
        loc: list[str | int] = ["body", c.action, index[c.action], "evidence_id"]
        index[c.action] += 1
        ev = rows.get(c.evidence_id)
        if ev is None or ev.deleted_at is not None:
            errors.append({"loc": loc, "msg": "no evidence item of this case has this id"})
        elif c.evidence_id in seen:
            errors.append({"loc": loc, "msg": f"E-{ev.number} is named twice"})
        elif c.action == "share_original" and ev.sensitivity != Sensitivity.public:
            errors.append(
                {"loc": loc, "msg": f"E-{ev.number} is {ev.sensitivity.value}: it never leaves the portal"}
            )
        elif c.action == "share_original" and ev.sanitise_status != SanitiseStatus.not_applicable:
            errors.append(
                {
                    "loc": loc,
                    "msg": f"E-{ev.number} is sanitised (status {ev.sanitise_status.value}): only an item "
                    "that cannot be sanitised may be shared as its original",
                }
            )
        else:
            seen.add(c.evidence_id)
            out.append(
                {"evidence_id": ev.id, "number": f"E-{ev.number}", "action": c.action, "reason": c.reason}
            )
    if errors:
        raise Invalid("Some evidence decisions cannot be applied", errors=errors)
    return out


def request_packages(
    db: Session,
    p: Principal,
    case_id: str,
    jurisdictions: list[str],
    ip: str | None,
    *,
    settings: Settings | None = None,
    choices: list[EvidenceChoice] | None = None,
    lang: Lang = "en",
) -> PackageRequest:
    """Create a `building` package for every eligible jurisdiction and defer its build.

    Ineligible jurisdictions (no regime covers the conduct, required content missing, a build already
    running) are reported with their reasons; if none is eligible the request is refused (422).
    `choices` exclude items (with a reason) or share the original of an item that cannot be sanitised
    (with a reason); they are kept on each package, applied by its build, and recorded in its manifest
    and in the items' custody.
    """
    case = cases.get_case(db, p, case_id, for_update=True)
    check_packageable(p, case)
    codes = _check_codes(jurisdictions)
    decided = _check_choices(db, case, choices or [])
    for d in decided:
        d["by"] = p.user_id
    fail_stale_builds(db, settings, case_id=case.id)
    rev = revision(db, case.id, case.revision_number)
    content = CaseContent.model_validate(rev.content)
    assessed = readiness(content, rev.title, codes)
    building = scoping.packages(p).where(Package.case_id == case.id, Package.state == PackageState.building)
    running = set(db.execute(building.with_only_columns(Package.jurisdiction)).scalars())
    packages: list[Package] = []
    refused: list[Refusal] = []
    labeller = Labeller(rev.content, lang)
    for code in codes:
        r = assessed[code]
        if code not in case.target_jurisdictions:
            # Where a case goes is the authoring NGO's decision (and its evidence clearances follow it).
            reason = f"{r.name} is not a target jurisdiction of this case; the authoring organisation chose "
            reason += ", ".join(case.target_jurisdictions) or "none"
            targets = list(case.target_jurisdictions)
            m = Message(
                code="not_target_jurisdiction" if targets else "not_target_jurisdiction_none",
                params={"jurisdiction": code, "targets": targets} if targets else {"jurisdiction": code},
                msg=reason,
            )
            refused.append(_refusal(labeller, code, "not_targeted", [m]))
        elif not r.eligible:
            details = [d.model_copy(deep=True) for d in r.reason_details] or [
                Message(
                    code="no_regime_covers",
                    params={"jurisdiction": code},
                    msg=f"No regime of {r.name} covers this case",
                )
            ]
            refused.append(_refusal(labeller, code, "ineligible", details))
        elif r.missing:
            reason = f"Required content is missing: {', '.join(r.missing)}"
            m = Message(code="required_content_missing", params={"fields": list(r.missing)}, msg=reason)
            refused.append(_refusal(labeller, code, "missing_content", [m], r.missing))
        elif code in running:
            m = Message(
                code="package_already_building",
                params={"jurisdiction": code},
                msg=f"A package for {r.name} is already being built",
            )
            refused.append(_refusal(labeller, code, "busy", [m]))
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
                    evidence_choices=decided,
                    excluded=[],
                    created_by=p.user_id,
                )
            )
    if not packages:
        detail = "No package can be built: " + "; ".join(
            f"{x.jurisdiction}: {' '.join(x.reasons)}" for x in refused
        )
        extra = {"refused": [x.as_dict() for x in refused]}
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
                "evidence_choices": [
                    {k: d[k] for k in ("evidence_id", "number", "action", "reason")} for d in decided
                ],
            },
        )
        defer(db, "package.build", package_id=pkg.id, actor=actor_payload(p))
    return PackageRequest(case, packages, refused)


# ---- builds whose worker died -----------------------------------------------------------------------------

DEFAULT_STALE_AFTER = timedelta(minutes=2)
# A build never picked up (a backlog of jobs, no worker running) is failed only after this.
NEVER_STARTED_AFTER = timedelta(hours=6)
STALE_ERROR = (
    "The build stopped without finishing (no progress for {after}: its worker stopped); build the "
    "package again"
)


def fail_stale_builds(
    db: Session, settings: Settings | None = None, *, case_id: str | None = None, now: datetime | None = None
) -> int:
    """Builds still `building` whose heartbeat stopped (or that never started): mark them failed, with the
    reason, so they neither block a new build for the jurisdiction nor show as running forever."""
    now = now or utcnow()
    after = (
        timedelta(seconds=settings.package_stale_after_seconds)
        if settings is not None
        else DEFAULT_STALE_AFTER
    )
    started_stale = Package.heartbeat_at.is_not(None) & (Package.heartbeat_at < now - after)
    never_started = Package.heartbeat_at.is_(None) & (Package.created_at < now - NEVER_STARTED_AFTER)
    stmt = select(Package).where(Package.state == PackageState.building, or_(started_stale, never_started))
    if case_id is not None:
        stmt = stmt.where(Package.case_id == case_id)
    stale = list(db.execute(stmt.with_for_update(skip_locked=True)).scalars())
    for pkg in stale:
        started = pkg.heartbeat_at is not None
        pkg.state = PackageState.failed
        pkg.error = STALE_ERROR.format(after=_words(after if started else NEVER_STARTED_AFTER))
        if not started:
            pkg.error = "The build never started (no worker took it); build the package again"
        audit.record(
            db,
            "package.build_failed",
            target_type="package",
            target_id=pkg.id,
            data={"case_id": pkg.case_id, "jurisdiction": pkg.jurisdiction, "error": pkg.error},
        )
    db.flush()
    return len(stale)


def _words(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600} hour(s)"
    if seconds % 60 == 0:
        return f"{seconds // 60} minute(s)"
    return f"{seconds} seconds"
