"""Which evidence leaves the portal in a jurisdiction's package, and under which name inside the ZIP.

An item's kind and its file's extension come from the one media-type registry (`media_types`), whose
fixed table keeps file names independent of the machine that builds the package."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.errors import DomainError
from app.models.evidence import Evidence, ScanStatus, Sensitivity
from app.workflows import media_types


@dataclass(frozen=True)
class EvidenceItem:
    """One cleared item as the build sees it: a snapshot of its row, taken before streaming starts."""

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


class EvidenceUnavailable(DomainError):
    """An evidence item cleared for the package is missing from storage or fails its integrity check."""

    status_code = 500
    title = "Evidence unavailable in storage"
    type_slug = "evidence-unavailable"

    def __init__(self, item: EvidenceItem, problem: str) -> None:
        super().__init__(f"Evidence {item.label} ({item.title!r}, id {item.id}) {problem}")
        self.item = item


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


def evidence_item(e: Evidence) -> EvidenceItem:
    assert e.derivative_key is not None and e.derivative_sha256 is not None
    return EvidenceItem(
        id=e.id,
        number=e.number,
        title=e.title,
        captured_date=e.captured_date,
        media_type=e.media_type,
        kind=media_types.kind_of(e.media_type),
        sha256=e.sha256,
        derivative_key=e.derivative_key,
        derivative_sha256=e.derivative_sha256,
        derivative_size=e.derivative_size,
        path=f"evidence/E-{e.number:03d}{media_types.extension_for(e.media_type, e.original_filename)}",
        incident_ids=tuple(e.incident_ids or ()),
        perpetrator_ids=tuple(e.perpetrator_ids or ()),
    )
