"""Which evidence leaves the portal in a jurisdiction's package, in which form, and under which name.

No item is ever dropped silently. Of the case's public items cleared for the jurisdiction, each is
  - shared: its sanitised copy (or, for a type no stripper handles, its original, when the coordinator
    asked for that with a reason); scanned clean, or "not scanned" where the coalition allows that
    (PORTAL_PACKAGE_UNSCANNED_EVIDENCE);
  - excluded, with the reason, listed in the manifest and the dossier's evidence index: because the
    coordinator excluded it, or because the virus scanner found malware (quarantined items never leave);
  - or a problem that fails the build, naming the item and why (no shareable copy, not scanned, still
    being processed), until the coordinator excludes it or the problem is gone.
Confidential and source-identifying items, items not cleared for the jurisdiction and deleted items
never leave and are not listed (their very titles may expose a source).

An item's kind and its file's extension come from the one media-type registry (`media_types`), whose
fixed table keeps file names independent of the machine that builds the package."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.errors import DomainError
from app.jurisdictions.content_labels import LANGS, Lang
from app.jurisdictions.messages import compose, render
from app.models.evidence import Evidence, SanitiseStatus, ScanStatus, Sensitivity, TimestampState
from app.schemas.messages import ParamValue
from app.workflows import media_types
from app.workflows.timestamps import for_evidence

Shared = Literal["sanitised", "original"]
Scan = Literal["clean", "not scanned"]
QUARANTINED = "quarantined: the virus scanner found malware in it, so it never leaves the portal"


@dataclass(frozen=True)
class EvidenceItem:
    """One item the package shares: a snapshot of its row, taken before streaming starts."""

    id: str
    number: int
    title: str
    captured_date: str | None
    media_type: str
    kind: str
    sha256: str  # the original's
    shared_key: str  # the bytes that go into the package: the sanitised copy, or the original
    shared_sha256: str
    shared_size: int | None
    path: str  # inside the ZIP
    incident_ids: tuple[str, ...]
    perpetrator_ids: tuple[str, ...]
    shared: Shared = "sanitised"
    shared_reason: str | None = None  # why the original is shared
    scan: Scan = "clean"
    timestamp_token: bytes | None = None  # the TSA's reply over `sha256`
    timestamp_time: str | None = None  # its time (ISO 8601)
    timestamp_tsa: str | None = None
    timestamp_serial: str | None = None

    @property
    def label(self) -> str:
        return f"E-{self.number}"

    @property
    def timestamp_path(self) -> str | None:
        return f"timestamps/E-{self.number:03d}.tsr" if self.timestamp_token is not None else None


@dataclass(frozen=True)
class Excluded:
    id: str
    number: int
    reason: str
    by: Literal["coordinator", "portal"]

    @property
    def label(self) -> str:
        return f"E-{self.number}"

    def as_dict(self) -> dict[str, Any]:
        return {"evidence_id": self.id, "number": self.label, "reason": self.reason, "by": self.by}


@dataclass(frozen=True)
class Problem:
    id: str
    number: int
    title: str
    problem: str

    @property
    def label(self) -> str:
        return f"E-{self.number}"


@dataclass
class Selection:
    items: list[EvidenceItem] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class EvidenceUnavailable(DomainError):
    """An evidence item cleared for the package is missing from storage or fails its integrity check."""

    status_code = 500
    title = "Evidence unavailable in storage"
    type_slug = "evidence-unavailable"

    def __init__(self, item: EvidenceItem, problem: str) -> None:
        super().__init__(f"Evidence {item.label} ({item.title!r}, id {item.id}) {problem}")
        self.item_id, self.label = item.id, item.label


class EvidenceNotShareable(DomainError):
    """Cleared evidence that cannot go into the package as things stand: the build fails naming each."""

    status_code = 409
    title = "Evidence cannot be shared"
    type_slug = "evidence-not-shareable"

    def __init__(self, problems: list[Problem]) -> None:
        named = "; ".join(f"{p.label} ({p.title!r}, id {p.id}) {p.problem}" for p in problems)
        super().__init__(
            f"Evidence cleared for this jurisdiction cannot be shared: {named}. Exclude each such item "
            "(with a reason), or, for a type that cannot be sanitised, share its original with a reason"
        )
        self.item_id, self.label = problems[0].id, problems[0].label


def candidates(db: Session, case_id: str, jurisdiction: str) -> list[Evidence]:
    """The case's public, not deleted items cleared for this jurisdiction, in evidence-number order."""
    rows = db.execute(
        select(Evidence)
        .where(
            Evidence.case_id == case_id,
            Evidence.deleted_at.is_(None),
            Evidence.sensitivity == Sensitivity.public,
        )
        .order_by(Evidence.number)
    ).scalars()
    return [e for e in rows if jurisdiction in (e.share_with or [])]


@dataclass(frozen=True)
class Why:
    """Why an item is not shared: in English (`text`, after "E-3 …"), and as a message code with params
    (app.jurisdictions.messages; its template reads after "will not be sent to …:")."""

    text: str
    code: str
    params: dict[str, ParamValue] = field(default_factory=dict)


def _unshareable(e: Evidence, settings: Settings, share_original: bool) -> str | None:
    """Why this item cannot be shared now, or None."""
    why = _why_unshareable(e, settings, share_original)
    return why.text if why is not None else None


def _why_unshareable(e: Evidence, settings: Settings, share_original: bool) -> Why | None:
    if e.scan_status == ScanStatus.pending:
        return Why("is still being scanned for malware; build again shortly", "evidence_scan_pending")
    if e.scan_status == ScanStatus.error:
        text = "could not be scanned for malware (the scan is retried); build again once it is scanned"
        return Why(text, "evidence_scan_error")
    if e.scan_status == ScanStatus.not_scanned and (
        settings.require_scanner or not settings.package_unscanned_evidence
    ):
        setting = "PORTAL_PACKAGE_UNSCANNED_EVIDENCE"
        text = (
            "was not scanned for malware (the portal had no virus scanner), and this coalition does not "
            f"send unscanned evidence ({setting})"
        )
        return Why(text, "evidence_not_scanned", {"setting": setting})
    if e.storage_key is None:
        return Why("has no stored original", "evidence_no_original")
    if share_original:
        return None
    if e.sanitise_status == SanitiseStatus.done and e.derivative_key and e.derivative_sha256:
        return None
    if e.sanitise_status == SanitiseStatus.pending:
        return Why("is still being sanitised; build again shortly", "evidence_sanitise_pending")
    if e.sanitise_status == SanitiseStatus.not_applicable:
        detail = e.sanitise_detail or media_types.unsanitisable(e.media_type)
        text = f"has no sanitised copy: it cannot be sanitised ({detail})"
        return Why(text, "evidence_cannot_sanitise", {"detail": detail})
    detail = e.sanitise_detail or "the metadata stripper could not process this file"
    return Why(
        f"has no sanitised copy: sanitising failed ({detail})", "evidence_sanitise_failed", {"detail": detail}
    )


def select_evidence(
    db: Session, settings: Settings, case_id: str, jurisdiction: str, choices: list[dict[str, Any]]
) -> Selection:
    """What the package shares, excludes (listed with the reason) and cannot share (the build fails)."""
    chosen = {c["evidence_id"]: c for c in choices}
    rows = candidates(db, case_id, jurisdiction)
    stamps = for_evidence(db, [e.id for e in rows])
    out = Selection()
    for e in rows:
        choice = chosen.get(e.id)
        action = choice["action"] if choice else None
        if action == "exclude":
            assert choice is not None
            out.excluded.append(Excluded(e.id, e.number, choice["reason"], "coordinator"))
            continue
        if e.scan_status == ScanStatus.infected:
            out.excluded.append(Excluded(e.id, e.number, QUARANTINED, "portal"))
            continue
        share_original = action == "share_original" and e.sanitise_status == SanitiseStatus.not_applicable
        problem = _unshareable(e, settings, share_original)
        if problem is not None:
            out.problems.append(Problem(e.id, e.number, e.title, problem))
            continue
        stamp = stamps.get(e.id)
        granted = stamp if stamp is not None and stamp.state == TimestampState.granted else None
        out.items.append(
            evidence_item(
                e,
                original_reason=choice["reason"] if share_original and choice else None,
                token=granted.token if granted is not None else None,
                token_time=granted.gen_time.isoformat() if granted and granted.gen_time else None,
                tsa=granted.tsa_url if granted is not None else None,
                serial=granted.serial if granted is not None else None,
            )
        )
    return out


def evidence_item(
    e: Evidence,
    *,
    original_reason: str | None = None,
    token: bytes | None = None,
    token_time: str | None = None,
    tsa: str | None = None,
    serial: str | None = None,
) -> EvidenceItem:
    shared: Shared
    size: int | None
    if original_reason is not None:
        assert e.storage_key is not None
        key, sha256, size, shared = e.storage_key, e.sha256, e.size, "original"
    else:
        assert e.derivative_key is not None and e.derivative_sha256 is not None
        key, sha256, size, shared = e.derivative_key, e.derivative_sha256, e.derivative_size, "sanitised"
    return EvidenceItem(
        id=e.id,
        number=e.number,
        title=e.title,
        captured_date=e.captured_date,
        media_type=e.media_type,
        kind=media_types.kind_of(e.media_type),
        sha256=e.sha256,
        shared_key=key,
        shared_sha256=sha256,
        shared_size=size,
        path=f"evidence/E-{e.number:03d}{media_types.extension_for(e.media_type, e.original_filename)}",
        incident_ids=tuple(e.incident_ids or ()),
        perpetrator_ids=tuple(e.perpetrator_ids or ()),
        shared=shared,
        shared_reason=original_reason,
        scan="clean" if e.scan_status == ScanStatus.clean else "not scanned",
        timestamp_token=token,
        timestamp_time=token_time,
        timestamp_tsa=tsa,
        timestamp_serial=serial,
    )


@dataclass(frozen=True)
class Sending:
    """Whether an item would leave in a package to this jurisdiction now, and if not, why: in English
    (`reason`) and as a message code with params (app.jurisdictions.messages)."""

    jurisdiction: str
    sent: bool
    reason: str | None = None
    code: str | None = None
    params: dict[str, ParamValue] = field(default_factory=dict)
    details: tuple[str, ...] = ()  # codes (without params) of messages the reason adds

    def text(self, lang: Lang) -> str | None:
        if self.code is None:
            return self.reason
        details = [(d, render(d, {}, lang)) for d in self.details]
        return compose(render(self.code, self.params, lang), details, lang)

    def texts(self) -> dict[Lang, str]:
        """`reason` in each of the portal's languages (empty when the item is sent)."""
        return {lang: text for lang in LANGS if (text := self.text(lang)) is not None}


def _not_sent(j: str, why: Why, details: tuple[str, ...] = ()) -> Sending:
    return Sending(j, False, why.text, why.code, why.params, details)


def sending_plan(e: Evidence, settings: Settings, jurisdictions: list[str]) -> list[Sending]:
    """What a build would do with this item for each jurisdiction, by the same rules as
    `select_evidence` (before any coordinator's choice): so the evidence card can say "will not be sent
    to …, because …" rather than the package silently lacking it."""
    out: list[Sending] = []
    for j in jurisdictions:
        if e.deleted_at is not None:
            out.append(_not_sent(j, Why("it was deleted", "evidence_deleted")))
        elif e.sensitivity == Sensitivity.confidential:
            text = "it is confidential: confidential evidence never leaves the portal"
            out.append(_not_sent(j, Why(text, "evidence_confidential")))
        elif e.sensitivity == Sensitivity.source_identifying:
            text = "it could identify a source: such evidence never leaves the portal"
            out.append(_not_sent(j, Why(text, "evidence_source_identifying")))
        elif j not in (e.share_with or []):
            out.append(_not_sent(j, Why("it is not cleared for this jurisdiction", "evidence_not_cleared")))
        elif e.scan_status == ScanStatus.infected:
            out.append(_not_sent(j, Why(QUARANTINED, "evidence_quarantined")))
        else:
            why = _why_unshareable(e, settings, share_original=False)
            if why is None:
                out.append(Sending(j, True))
                continue
            text = f"it {why.text}"
            details: tuple[str, ...] = ()
            if e.sanitise_status == SanitiseStatus.not_applicable:
                text += "; a coordinator may send the original instead, with a reason"
                details = ("evidence_original_possible",)
            out.append(_not_sent(j, Why(text, why.code, why.params), details))
    return out
