"""The `package.build` job and the download.

The job selects the evidence (`selection.py`: cleared items that cannot be shared fail the build naming
each, unless the coordinator excluded them), renders the dossier, streams the evidence from the
BlobStore through the ZIP writer into the BlobStore, verifying every shared file's SHA-256 on the way,
and then records the result in one transaction (with a `shared` or `excluded` custody event per item).
A build that fails (evidence that cannot be shared, missing or corrupt in storage, anything else) leaves
the row `failed` with the error naming the item, no blob, no custody event, and an audit event: never a
half-built package.

While it runs, the build writes a heartbeat (with its progress: between its phases, and at least every
HEARTBEAT_EVERY_SECONDS while evidence streams), each in its own short transaction: a build whose worker
died stops beating. `portal worker` retries the jobs of a dead worker (`procrastinate_runner`): the
build runs again from the start, replacing whatever the dead attempt stored; if the build was failed as
stale first (`request.fail_stale_builds`, so it could be built again), the retry only removes what the
dead attempt stored.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, DomainError
from app.jobs.queue import JobContext
from app.jurisdictions import get as get_jurisdiction
from app.models.cases import CaseFile, CaseStatus
from app.models.evidence import Evidence
from app.models.identity import Organization
from app.models.packages import Package, PackageState, Submission, SubmissionEvent, SubmissionStatus
from app.schemas.case_content import CaseContent
from app.security.permissions import Principal
from app.workflows import audit, cases, scoping
from app.workflows.events import emit
from app.workflows.evidence import blob_store, record_custody
from app.workflows.packaging.archive import preflight, zip_chunks
from app.workflows.packaging.contents import plan_package
from app.workflows.packaging.dossier import DossierInput
from app.workflows.packaging.request import actor_from_payload, get_package, revision
from app.workflows.packaging.selection import (
    EvidenceItem,
    EvidenceNotShareable,
    EvidenceUnavailable,
    Excluded,
    select_evidence,
)

log = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 1.0
HEARTBEAT_EVERY_SECONDS = 10.0


def package_key(pkg: Package) -> str:
    return f"packages/{pkg.case_id}/{pkg.id}.zip"


def _beat(ctx: JobContext, package_id: str, progress: int | None = None) -> None:
    """The heartbeat (and progress), in its own short transaction."""
    values: dict[str, Any] = {"heartbeat_at": utcnow()}
    if progress is not None:
        values["progress"] = progress
    with ctx.sessionmaker() as db:
        db.execute(
            update(Package)
            .where(Package.id == package_id, Package.state == PackageState.building)
            .values(**values)
        )
        db.commit()


class _Progress:
    """Progress percent and heartbeat, written at most about once a second (progress) and at least every
    HEARTBEAT_EVERY_SECONDS while bytes flow (heartbeat)."""

    def __init__(self, ctx: JobContext, package_id: str, total: int) -> None:
        self.ctx, self.package_id, self.total = ctx, package_id, max(total, 1)
        self.done = 0
        self.reported = 0
        self.last = self.last_beat = time.monotonic()

    def __call__(self, n: int) -> None:
        self.done += n
        percent = min(99, self.done * 100 // self.total)
        now = time.monotonic()
        if percent > self.reported and now - self.last >= PROGRESS_EVERY_SECONDS:
            self.reported, self.last, self.last_beat = percent, now, now
            _beat(self.ctx, self.package_id, percent)
        elif now - self.last_beat >= HEARTBEAT_EVERY_SECONDS:
            self.last_beat = now
            _beat(self.ctx, self.package_id)


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
    rev = revision(db, case.id, pkg.revision_number)
    org = db.get(Organization, case.org_id)
    chosen = select_evidence(db, settings, case.id, pkg.jurisdiction, list(pkg.evidence_choices or []))
    if chosen.problems:
        raise EvidenceNotShareable(chosen.problems)
    chain = None
    if settings.tsa_ca_file is not None and any(i.timestamp_token for i in chosen.items):
        chain = settings.tsa_ca_file.read_bytes()
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
            evidence=chosen.items,
            excluded=chosen.excluded,
            tsa_chain=chain,
        ),
    )


def _failed_key(db: Session, package_id: str) -> str | None:
    """The storage key of a package that failed (where an attempt that died may have left a ZIP)."""
    pkg = db.get(Package, package_id)
    return package_key(pkg) if pkg is not None and pkg.state == PackageState.failed else None


def run_build(ctx: JobContext, package_id: str, actor: dict[str, Any]) -> None:
    """The `package.build` job: stream the package into storage, then record it in one transaction.

    Any failure leaves the row `failed` with the error (naming the evidence item when one is at fault)
    and removes whatever was stored: a package is either complete and recorded, or not there."""
    p = actor_from_payload(actor)
    key: str | None = None
    stored = False
    try:
        store = blob_store(ctx.settings)
        with ctx.sessionmaker() as db:
            loaded = _load(db, ctx.settings, package_id)
            leftover = _failed_key(db, package_id) if loaded is None else None
            db.commit()
        if loaded is None:
            if leftover is not None and store.exists(leftover):
                # A retry (its worker died) of a build failed as stale meanwhile: what the dead attempt
                # stored is no package, and must not stay in storage.
                store.delete(leftover)
            return
        _beat(ctx, package_id, 0)  # a retried build (its worker died) starts again from 0%
        key = loaded.key
        if store.exists(key):
            store.delete(key)  # our own output from an attempt that died before recording it
        evidence = preflight(store, loaded.dossier.evidence)
        plan = plan_package(loaded.dossier, loaded.regimes, evidence)
        _beat(ctx, package_id)
        progress = _Progress(ctx, package_id, plan.evidence_bytes)
        result = store.put_stream(key, zip_chunks(plan, store, progress))
        stored = True
        with ctx.sessionmaker() as db:
            recorded = _record_built(db, p, loaded, result.sha256, result.size, [i for i, _ in evidence])
            db.commit()
        if not recorded:  # failed as stale meanwhile (and perhaps rebuilt): this output is not the package
            store.delete(key)
    except Exception as exc:
        if stored and key is not None:
            store.delete(key)
        item_id: str | None = getattr(exc, "item_id", None)
        label: str | None = getattr(exc, "label", None)
        message = exc.detail if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        log.warning("package %s failed: %s", package_id, message, exc_info=not isinstance(exc, DomainError))
        with ctx.sessionmaker() as db:
            _record_failed(db, p, package_id, message, item_id, label)
            db.commit()


def _record_shared(
    db: Session, p: Principal, pkg: Package, jurisdiction: str, items: list[EvidenceItem]
) -> None:
    """One `shared` custody event per packaged item, each with its audit-chain event."""
    rows = {
        e.id: e for e in db.execute(select(Evidence).where(Evidence.id.in_([i.id for i in items]))).scalars()
    }
    for item in items:
        ev = rows.get(item.id)
        if ev is None:  # purged while the package streamed: the package must not claim it
            raise EvidenceUnavailable(item, "was deleted while the package was being built")
        detail: dict[str, Any] = {
            "package_id": pkg.id,
            "jurisdiction": jurisdiction,
            "path": item.path,
            "variant": item.shared,
        }
        if item.shared_reason is not None:
            detail["reason"] = item.shared_reason
        record_custody(db, ev, "shared", principal=p, sha256=item.shared_sha256, detail=detail)


def _record_excluded(
    db: Session, p: Principal, pkg: Package, jurisdiction: str, excluded: list[Excluded]
) -> None:
    """One `excluded` custody event per item left out, with the reason and who decided."""
    rows = {
        e.id: e
        for e in db.execute(select(Evidence).where(Evidence.id.in_([x.id for x in excluded]))).scalars()
    }
    for x in excluded:
        ev = rows.get(x.id)
        if ev is not None:
            detail = {"package_id": pkg.id, "jurisdiction": jurisdiction, "reason": x.reason, "by": x.by}
            record_custody(db, ev, "excluded", principal=p, detail=detail)


def _record_built(
    db: Session, p: Principal, loaded: _Loaded, sha256: str, size: int, items: list[EvidenceItem]
) -> bool:
    case = db.execute(select(CaseFile).where(CaseFile.id == loaded.case_id).with_for_update()).scalar_one()
    pkg = db.execute(
        select(Package).where(Package.id == loaded.pkg_id).with_for_update()
    ).scalar_one_or_none()
    if pkg is None or pkg.state != PackageState.building:
        return False
    now = utcnow()
    pkg.state, pkg.progress, pkg.built_at, pkg.heartbeat_at = PackageState.built, 100, now, now
    pkg.storage_key, pkg.sha256, pkg.size = loaded.key, sha256, size
    pkg.evidence_ids = [i.id for i in items]
    pkg.excluded = [x.as_dict() for x in loaded.dossier.excluded]
    pkg.error = pkg.error_evidence_id = None
    jurisdiction = loaded.dossier.jurisdiction.code
    _record_shared(db, p, pkg, jurisdiction, items)
    _record_excluded(db, p, pkg, jurisdiction, loaded.dossier.excluded)
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
            "excluded": [x.label for x in loaded.dossier.excluded],
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
        **cases.case_keys(case),
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
    return True


def _record_failed(
    db: Session, p: Principal, package_id: str, message: str, item_id: str | None, label: str | None
) -> None:
    pkg = db.execute(select(Package).where(Package.id == package_id).with_for_update()).scalar_one_or_none()
    if pkg is None or pkg.state != PackageState.building:
        return
    case = db.get(CaseFile, pkg.case_id)
    pkg.state, pkg.error = PackageState.failed, message[:4000]
    pkg.error_evidence_id = item_id
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
            "evidence_id": item_id,
            "evidence": label,
        },
    )


def open_download(
    db: Session, settings: Settings, p: Principal, package_id: str, ip: str | None
) -> tuple[Package, Iterable[bytes]]:
    """The built ZIP as a stream, audited (coordinators, and the authoring NGO read-only).

    No transaction is open while the store opens the object (a stalled S3 must not hold a pooled
    connection): the check's transaction ends first, and the package is read again after (a package
    deleted with its case meanwhile is refused, its stream closed) before the download is audited."""
    pkg = _built(db, p, package_id)
    key, sha256 = pkg.storage_key, pkg.sha256
    db.commit()
    assert key is not None
    chunks = blob_store(settings).open_stream(key)
    try:
        db.expire_all()  # read the package afresh, not from the session's identity map
        pkg = _built(db, p, package_id)
        if (pkg.storage_key, pkg.sha256) != (key, sha256):
            raise Conflict("This package changed while its download was being opened; try again")
        case = db.execute(scoping.cases(p).where(CaseFile.id == pkg.case_id)).scalar_one_or_none()
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
    except BaseException:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
        raise
    return pkg, chunks


def _built(db: Session, p: Principal, package_id: str) -> Package:
    pkg = get_package(db, p, package_id)
    if pkg.state != PackageState.built or pkg.storage_key is None:
        raise Conflict(f"The package is {pkg.state.value}; only a built package can be downloaded")
    return pkg
