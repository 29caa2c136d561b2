"""Evidence custody: metadata, chain of custody, verification, downloads, deletion.

How a file becomes evidence is `ingest.py` (both upload paths); the scan and the sanitised copy are
`evidence_processing.py`. The original is write-once: its SHA-256 is taken while it streams into the
BlobStore (encrypted at rest there), and every later touch (scan, derivative, download,
verification, metadata change, deletion) is a custody event and an audit-chain event in the same
transaction. As in ingest, no transaction stays open while bytes are read (verification hashes with
none open; a download opens the stored object with none open, and its custody event is committed
before the first byte leaves).

Who sees what (on top of `scoping.cases`, so another tenant gets 404):
- the authoring NGO (evidence:read) sees its items and downloads the original by default;
- the coalition (once the case was submitted) gets the sanitised copy by default; the original only
  with an explicit `reason`, which goes into the custody record;
- `source_identifying` items are downloadable only by the authoring NGO and coalition admins, never
  by coordinators, who also do not see their original file name;
- quarantined (infected) items are never served, to anyone.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from app.models.cases import CaseFile
from app.models.evidence import CustodyEvent, Evidence, SanitiseStatus, ScanStatus, Sensitivity, Upload
from app.models.identity import Role
from app.schemas.evidence import Variant
from app.security.permissions import Principal
from app.storage import BlobCorrupted, BlobStore, make_blob_store
from app.workflows import audit, cases, media_types, scoping

log = logging.getLogger(__name__)

SENSITIVITY_RANK = {Sensitivity.public: 0, Sensitivity.confidential: 1, Sensitivity.source_identifying: 2}
SERVABLE_SCANS = frozenset({ScanStatus.clean, ScanStatus.not_scanned})


class Gone(DomainError):
    status_code = 410
    title = "Gone"
    type_slug = "gone"


class Quarantined(DomainError):
    status_code = 409
    title = "Evidence quarantined"
    type_slug = "quarantined"


class NotServable(DomainError):
    status_code = 409
    title = "Evidence not available"
    type_slug = "not-available"


# ---- the blob store ------------------------------------------------------------------------------------

_stores: dict[int, BlobStore] = {}
_stores_lock = threading.Lock()


def blob_store(settings: Settings) -> BlobStore:
    """The store the settings name, made once per Settings object; an S3 bucket is ensured on first use.

    If S3 is unreachable this raises Unavailable (503 + Retry-After) and is tried again next time."""
    key = id(settings)
    with _stores_lock:
        store = _stores.get(key)
    if store is not None:
        return store
    store = make_blob_store(settings)
    ensure_bucket = getattr(store, "ensure_bucket", None)  # S3 only (boto3 is not imported otherwise)
    if ensure_bucket is not None:
        ensure_bucket()
    with _stores_lock:
        if key not in _stores:
            _stores[key] = store
            weakref.finalize(settings, _stores.pop, key, None)
        return _stores[key]


def original_key(case_id: str, evidence_id: str) -> str:
    return f"cases/{case_id}/evidence/{evidence_id}/original"


def sanitised_key(case_id: str, evidence_id: str) -> str:
    return f"cases/{case_id}/evidence/{evidence_id}/sanitised"


# ---- custody ----------------------------------------------------------------------------------------------


def record_custody(
    db: Session,
    ev: Evidence,
    action: str,
    *,
    principal: Principal | None = None,
    sha256: str | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> CustodyEvent:
    """A custody event and its audit-chain event, in the caller's transaction.

    `principal=None` means the system (a job). Packaging records `shared` events through this too."""
    detail = detail or {}
    data: dict[str, Any] = {"case_id": ev.case_id, "number": ev.number, **detail}
    if sha256:
        data["sha256"] = sha256
    event = audit.record(
        db,
        f"evidence.{action}",
        principal=principal,
        org_id=None if principal is not None else ev.org_id,
        target_type="evidence",
        target_id=ev.id,
        data=data,
        ip=ip,
    )
    row = CustodyEvent(
        evidence_id=ev.id,
        action=action,
        at=event.at,
        actor_user_id=event.actor_user_id,
        actor_token_id=event.actor_token_id,
        sha256=sha256,
        detail={k: v for k, v in event.data.items() if k not in ("case_id", "number", "sha256")},
    )
    db.add(row)
    db.flush()
    audit.on_chained(db, event, lambda chained: setattr(row, "audit_seq", chained.seq))
    return row


def custody_events(db: Session, p: Principal, evidence_id: str) -> list[CustodyEvent]:
    ev = get_evidence(db, p, evidence_id)
    return list(
        db.execute(
            scoping.custody_events(p)
            .where(CustodyEvent.evidence_id == ev.id)
            .order_by(CustodyEvent.at, CustodyEvent.audit_seq)
        ).scalars()
    )


# ---- reading and rules ------------------------------------------------------------------------------------


def get_evidence(db: Session, p: Principal, evidence_id: str, *, for_update: bool = False) -> Evidence:
    stmt = scoping.evidence(p).where(Evidence.id == evidence_id)
    if for_update:
        stmt = stmt.with_for_update()
    ev = db.execute(stmt).scalar_one_or_none()
    if ev is None:
        raise NotFound("No such evidence")
    return ev


def list_evidence(
    db: Session, p: Principal, case_id: str, *, include_deleted: bool = False
) -> tuple[list[Evidence], int]:
    case = cases.get_case(db, p, case_id)
    stmt = scoping.evidence(p).where(Evidence.case_id == case.id)
    if not include_deleted:
        stmt = stmt.where(Evidence.deleted_at.is_(None))
    items = list(db.execute(stmt.order_by(Evidence.number)).scalars())
    return items, stored_bytes(db, p, case.id)


def stored_bytes(db: Session, p: Principal, case_id: str) -> int:
    """Bytes of the case's evidence not deleted (a case `p` sees: then it sees all its evidence)."""
    total = db.execute(
        scoping.evidence(p)
        .with_only_columns(func.coalesce(func.sum(Evidence.size), 0))
        .where(Evidence.case_id == case_id, Evidence.deleted_at.is_(None))
    ).scalar_one()
    return int(total)


def quota_used(db: Session, p: Principal, case_id: str, *, exclude_upload: str | None = None) -> int:
    """Stored evidence plus the declared length of resumable uploads still in progress (reserved).

    `p` is the case's owner (only the owner adds evidence, so every upload of the case is theirs)."""
    stmt = (
        scoping.uploads(p)
        .with_only_columns(func.coalesce(func.sum(Upload.length), 0))
        .where(Upload.case_id == case_id, Upload.completed_at.is_(None), Upload.expires_at > utcnow())
    )
    if exclude_upload is not None:
        stmt = stmt.where(Upload.id != exclude_upload)
    return stored_bytes(db, p, case_id) + int(db.execute(stmt).scalar_one())


def is_owner(p: Principal, ev: Evidence | CaseFile) -> bool:
    return p.org_id == ev.org_id and not p.is_coalition


def may_download(p: Principal, ev: Evidence) -> bool:
    if ev.sensitivity == Sensitivity.source_identifying:
        return is_owner(p, ev) or p.role == Role.coalition_admin
    return True


def visible_filename(p: Principal, ev: Evidence) -> str | None:
    return ev.original_filename if may_download(p, ev) else None


def default_variant(p: Principal, ev: Evidence) -> Variant:
    return "original" if is_owner(p, ev) else "sanitised"


def serving_problem(ev: Evidence, settings: Settings) -> DomainError | None:
    """Why the bytes of this item may not be served now, or None."""
    if ev.deleted_at is not None or ev.storage_key is None:
        return Gone("This evidence was deleted; its custody record is kept")
    if ev.scan_status == ScanStatus.infected:
        return Quarantined(
            f"This file is quarantined: the virus scanner found {ev.scan_signature or 'malware'}. "
            "It is never served or packaged.",
            extra={"scan_status": ev.scan_status.value},
        )
    if ev.scan_status == ScanStatus.pending:
        return NotServable(
            "The file is still being scanned for malware; try again shortly",
            extra={"scan_status": ev.scan_status.value},
            headers={"Retry-After": "10"},
        )
    if ev.scan_status not in SERVABLE_SCANS or (
        ev.scan_status == ScanStatus.not_scanned and settings.require_scanner
    ):
        return NotServable(
            "The file could not be scanned for malware, so it is not served; the scan is retried",
            extra={"scan_status": ev.scan_status.value},
        )
    return None


def scan_note(ev: Evidence, settings: Settings) -> str:
    """The item's scan in words (the API's `scan_note`); plain about a portal without a scanner."""
    if ev.scan_status == ScanStatus.clean:
        when = f" on {ev.scanned_at:%Y-%m-%d}" if ev.scanned_at else ""
        return f"scanned clean by {ev.scan_engine or 'ClamAV'}{when}"
    if ev.scan_status == ScanStatus.infected:
        return f"quarantined: the virus scanner found {ev.scan_signature or 'malware'}"
    if ev.scan_status == ScanStatus.not_scanned:
        note = "not scanned: this portal has no virus scanner, so the file was never checked for malware"
        return note if settings.package_unscanned_evidence else f"{note}; packages take it only if excluded"
    if ev.scan_status == ScanStatus.error:
        return "the virus scan failed; it is retried"
    return "waiting for the virus scan"


_TOOLS = {
    "mat2": "metadata stripped by mat2",
    "mat2 -L": "metadata stripped by mat2 (lightweight mode: text kept)",
    "pillow": "metadata stripped by re-encoding the pixels (Pillow)",
    "ffmpeg": "metadata stripped by an ffmpeg remux",
    "verbatim": "the shared copy is the original bytes: this format carries no embedded metadata",
}


def sanitise_note(ev: Evidence) -> str:
    """How the shared copy was made, or why there is none (the API's `sanitise_note`)."""
    detail = ev.sanitise_detail
    if ev.sanitise_status == SanitiseStatus.done:
        return _TOOLS.get(detail or "", f"metadata stripped ({detail or 'tool not recorded'})")
    if ev.sanitise_status == SanitiseStatus.not_applicable:
        return f"cannot be sanitised: {detail or media_types.unsanitisable(ev.media_type)}"
    if ev.sanitise_status == SanitiseStatus.failed:
        return f"sanitising failed: {detail or 'the metadata stripper could not process this file'}"
    return "waiting for the sanitised copy"


def downloadable(p: Principal, ev: Evidence, settings: Settings) -> list[Variant]:
    if serving_problem(ev, settings) is not None or not may_download(p, ev) or not p.can("evidence:read"):
        return []
    out: list[Variant] = ["original"]
    if ev.sanitise_status == SanitiseStatus.done and ev.derivative_key:
        out.append("sanitised")
    return out


def check_can_add(p: Principal, case: CaseFile) -> None:
    if not is_owner(p, case) or not p.can("evidence:write"):
        raise Forbidden("Only the authoring organisation adds evidence to a case file")
    if case.status not in cases.EDITABLE:
        raise Conflict(
            f"Evidence can be added to a draft or when changes are requested, not to a case that is "
            f"{case.status.value}",
            extra={"case_status": case.status.value},
        )


def ref_sets(case: CaseFile) -> tuple[frozenset[str], frozenset[str]]:
    content = case.content or {}
    perpetrators = frozenset(str(x.get("id")) for x in content.get("perpetrators", []))
    incidents = frozenset(str(i.get("id")) for a in content.get("abuses", []) for i in a.get("incidents", []))
    return perpetrators, incidents


def check_refs(case: CaseFile, perpetrator_ids: list[str], incident_ids: list[str]) -> None:
    check_ref_sets(*ref_sets(case), perpetrator_ids, incident_ids)


def check_ref_sets(
    perpetrators: frozenset[str],
    incidents: frozenset[str],
    perpetrator_ids: list[str],
    incident_ids: list[str],
) -> None:
    errors = [
        {"loc": ["body", "perpetrator_ids"], "msg": f"no perpetrator has the id {ref!r} in this case"}
        for ref in perpetrator_ids
        if ref not in perpetrators
    ] + [
        {"loc": ["body", "incident_ids"], "msg": f"no incident has the id {ref!r} in this case"}
        for ref in incident_ids
        if ref not in incidents
    ]
    if errors:
        raise Invalid("Links to unknown perpetrators or incidents", errors=errors)


# ---- metadata ---------------------------------------------------------------------------------------------


def update_metadata(
    db: Session, p: Principal, evidence_id: str, changes: dict[str, Any], ip: str | None
) -> Evidence:
    """Owner edits while the case is editable; afterwards only tightening (sensitivity up, fewer
    jurisdictions to share with), which is always allowed because it protects sources."""
    ev = get_evidence(db, p, evidence_id, for_update=True)
    if not is_owner(p, ev) or not p.can("evidence:write"):
        raise Forbidden("Only the authoring organisation edits evidence details")
    if ev.deleted_at is not None:
        raise Gone("This evidence was deleted")
    if "title" in changes and changes["title"] is None:
        raise Invalid(
            "An evidence item needs a title", errors=[{"loc": ["body", "title"], "msg": "required"}]
        )
    diffs: dict[str, tuple[Any, Any]] = {}
    for field, new in changes.items():
        old = getattr(ev, field)
        if isinstance(new, list):
            new = list(new)
        if old != new:
            diffs[field] = (old, new)
    if not diffs:
        return ev
    case = cases.get_case(db, p, ev.case_id)
    if case.status not in cases.EDITABLE:
        for field, (old, new) in diffs.items():
            tighter = (field == "sensitivity" and SENSITIVITY_RANK[new] > SENSITIVITY_RANK[old]) or (
                field == "share_with" and set(new) <= set(old)
            )
            if not tighter:
                raise Conflict(
                    f"The case is {case.status.value}: evidence details are frozen, except raising the "
                    "sensitivity or narrowing the jurisdictions it may be shared with",
                    extra={"case_status": case.status.value, "field": field},
                )
    check_refs(case, diffs.get("perpetrator_ids", (None, []))[1], diffs.get("incident_ids", (None, []))[1])
    for field, (_, new) in diffs.items():
        setattr(ev, field, new)
    ev.updated_at = utcnow()

    def shown(field: str, value: Any) -> Any:
        if field == "description":
            return None if value is None else f"{len(value)} characters"
        return value.value if isinstance(value, Sensitivity) else value

    record_custody(
        db,
        ev,
        "metadata_changed",
        principal=p,
        detail={"changes": {f: {"from": shown(f, o), "to": shown(f, n)} for f, (o, n) in diffs.items()}},
        ip=ip,
    )
    return ev


# ---- download ---------------------------------------------------------------------------------------------


@dataclass
class Download:
    chunks: Iterator[bytes]
    filename: str
    size: int
    sha256: str
    variant: Variant
    media_type: str


def _extension(ev: Evidence) -> str:
    suffix = PurePosixPath(ev.original_filename).suffix
    return suffix if len(suffix) <= 10 and suffix[1:].isalnum() else ""


@dataclass(frozen=True)
class _Served:
    """What one download serves, as decided by the checks."""

    key: str
    sha256: str
    size: int
    filename: str
    variant: Variant
    reason: str | None


def _choose(
    db: Session,
    p: Principal,
    evidence_id: str,
    variant: Variant | None,
    reason: str | None,
    settings: Settings,
) -> tuple[Evidence, _Served]:
    """The checks of a download (no storage touched): the item, and which bytes it serves."""
    ev = get_evidence(db, p, evidence_id)
    problem = serving_problem(ev, settings)
    if problem is not None:
        raise problem
    if not may_download(p, ev):
        raise Forbidden(
            "This item is marked source-identifying: only the authoring organisation and coalition "
            "admins may download it"
        )
    chosen: Variant = variant or default_variant(p, ev)
    reason = (reason or "").strip() or None
    if chosen == "original" and not is_owner(p, ev) and reason is None:
        raise Invalid(
            "The coalition works from the sanitised copy; to download the original, give a reason "
            "(it is recorded in the chain of custody)",
            errors=[{"loc": ["query", "reason"], "msg": "required for variant=original"}],
        )
    if chosen == "sanitised":
        if ev.sanitise_status != SanitiseStatus.done or ev.derivative_key is None:
            raise NotServable(
                f"No sanitised copy is available (status: {ev.sanitise_status.value}); "
                + (
                    "download the original instead"
                    if is_owner(p, ev)
                    else "ask for variant=original with a reason"
                ),
                extra={"sanitise_status": ev.sanitise_status.value},
            )
        served = _Served(
            ev.derivative_key,
            ev.derivative_sha256 or "",
            ev.derivative_size or 0,
            f"E-{ev.number}-sanitised{_extension(ev)}",
            chosen,
            reason,
        )
    else:
        assert ev.storage_key is not None
        served = _Served(ev.storage_key, ev.sha256, ev.size, ev.original_filename, chosen, reason)
    return ev, served


def download(
    db: Session,
    p: Principal,
    evidence_id: str,
    variant: Variant | None,
    reason: str | None,
    settings: Settings,
    ip: str | None,
) -> Download:
    """Checked, opened and recorded, with no transaction open while the store is asked.

    The checks' transaction ends before the object is opened (a stalled S3 must not hold a pooled
    connection, let alone a transaction); then the checks run again, so an item deleted, purged or
    quarantined meanwhile is refused and its stream closed, and the `downloaded` custody event is
    committed: it is durable before the first byte leaves, and only for bytes that are served."""
    _, served = _choose(db, p, evidence_id, variant, reason, settings)
    db.commit()
    chunks = blob_store(settings).open_stream(served.key)
    try:
        db.expire_all()  # read the item afresh, not from the session's identity map
        ev, again = _choose(db, p, evidence_id, variant, reason, settings)
        if again != served:
            raise Conflict("This item changed while its download was being opened; try again")
        detail: dict[str, Any] = {"variant": served.variant}
        if served.reason is not None:
            detail["reason"] = served.reason
        record_custody(db, ev, "downloaded", principal=p, sha256=served.sha256, detail=detail, ip=ip)
        db.commit()
    except BaseException:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
        raise
    return Download(chunks, served.filename, served.size, served.sha256, served.variant, ev.media_type)


# ---- verification -----------------------------------------------------------------------------------------


@dataclass
class HashCheck:
    variant: Variant
    key: str
    expected_sha256: str
    actual_sha256: str | None = None
    size: int | None = None
    error: str | None = None

    @property
    def match(self) -> bool:
        return self.error is None and self.actual_sha256 == self.expected_sha256


def verification_targets(db: Session, p: Principal, evidence_id: str) -> list[HashCheck]:
    ev = get_evidence(db, p, evidence_id)
    if ev.deleted_at is not None or ev.storage_key is None:
        raise Gone("This evidence was deleted; there are no bytes left to verify")
    checks = [HashCheck("original", ev.storage_key, ev.sha256)]
    if ev.derivative_key and ev.derivative_sha256:
        checks.append(HashCheck("sanitised", ev.derivative_key, ev.derivative_sha256))
    return checks


def hash_blob(store: BlobStore, check: HashCheck) -> HashCheck:
    """Re-hash the stored bytes (blocking; no database work). Damage is a result, not an error."""
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in store.open_stream(check.key):
            digest.update(chunk)
            size += len(chunk)
    except (BlobCorrupted, NotFound) as exc:
        check.error = exc.detail
    check.actual_sha256 = digest.hexdigest()
    check.size = size
    return check


def record_verification(
    db: Session,
    p: Principal,
    evidence_id: str,
    checks: list[HashCheck],
    ip: str | None,
    *,
    timestamp: dict[str, Any] | None = None,
) -> tuple[bool, datetime]:
    """The `verified` custody event; `timestamp`: the check of the item's trusted timestamp, if it has one
    (`{"valid": bool, …}`), which must hold too."""
    ev = get_evidence(db, p, evidence_id)
    ok = all(c.match for c in checks) and (timestamp is None or bool(timestamp.get("valid")))
    detail: dict[str, Any] = {
        "match": ok,
        "checks": [
            {"variant": c.variant, "match": c.match, "actual_sha256": c.actual_sha256, "error": c.error}
            for c in checks
        ],
    }
    if timestamp is not None:
        detail["timestamp"] = timestamp
    row = record_custody(
        db, ev, "verified", principal=p, sha256=checks[0].actual_sha256, detail=detail, ip=ip
    )
    if not ok:
        log.error("evidence %s failed verification: %s", ev.id, [c.__dict__ for c in checks])
    return ok, row.at


@dataclass(frozen=True)
class Verification:
    match: bool
    checked_at: datetime
    checks: list[HashCheck]


def verify(db: Session, p: Principal, evidence_id: str, settings: Settings, ip: str | None) -> Verification:
    """Re-hash the stored bytes (original, and the sanitised copy if any) against the custody record
    and record the result; no transaction is held while hashing."""
    checks = verification_targets(db, p, evidence_id)
    db.commit()
    store = blob_store(settings)
    for check in checks:
        hash_blob(store, check)
    ok, at = record_verification(db, p, evidence_id, checks, ip)
    return Verification(ok, at, checks)


# ---- deletion ---------------------------------------------------------------------------------------------


def _purge_bytes(store: BlobStore, ev: Evidence) -> None:
    # Bytes first: deleting is idempotent, so a failed commit afterwards is fixed by trying again,
    # whereas a row marked deleted over bytes that survived would hide them.
    for key in (ev.storage_key, ev.derivative_key):
        if key:
            store.delete(key)


def delete_evidence(
    db: Session, p: Principal, evidence_id: str, reason: str | None, settings: Settings, ip: str | None
) -> Evidence:
    """The NGO deletes evidence of a case never submitted: bytes purged, row and custody kept."""
    ev = get_evidence(db, p, evidence_id, for_update=True)
    if not is_owner(p, ev) or not p.can("evidence:write"):
        raise Forbidden("Only the authoring organisation deletes evidence; coalition admins purge it")
    if ev.deleted_at is not None:
        raise Gone("This evidence was already deleted")
    case = cases.get_case(db, p, ev.case_id)
    if case.first_submitted_at is not None:
        raise Conflict(
            "Evidence of a case that was submitted is retained; only a coalition admin can purge it, "
            "with a reason",
            extra={"case_status": case.status.value},
        )
    _purge_bytes(blob_store(settings), ev)
    return _mark_deleted(db, p, ev, "deleted", reason, ip)


def purge_evidence(
    db: Session, p: Principal, evidence_id: str, reason: str, settings: Settings, ip: str | None
) -> Evidence:
    """A coalition admin purges retained evidence (e.g. a source's safety): bytes gone, reason kept."""
    if p.role != Role.coalition_admin or not p.can("evidence:purge"):
        raise Forbidden("Only a coalition admin purges evidence")
    ev = get_evidence(db, p, evidence_id, for_update=True)
    if ev.deleted_at is not None:
        raise Gone("This evidence was already deleted")
    _purge_bytes(blob_store(settings), ev)
    return _mark_deleted(db, p, ev, "purged", reason, ip)


def _mark_deleted(
    db: Session, p: Principal, ev: Evidence, action: str, reason: str | None, ip: str | None
) -> Evidence:
    now = utcnow()
    detail: dict[str, Any] = {"reason": reason, "original_sha256": ev.sha256}
    if ev.derivative_sha256:
        detail["sanitised_sha256"] = ev.derivative_sha256
    ev.deleted_at = now
    ev.deleted_reason = reason
    ev.storage_key = None
    ev.derivative_key = None
    ev.updated_at = now
    record_custody(db, ev, action, principal=p, sha256=ev.sha256, detail=detail, ip=ip)
    return ev
