"""Shortcuts to later stages of a case for tests of packaging and submission tracking.

`force_status` puts a case in a state directly (the review flow is tested on its own in test_review.py);
`add_evidence` stores an evidence item's original and sanitised copy in the BlobStore and records it,
until tests can go through the evidence API for every state an item can be in (infected, deleted,
not sanitised...).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import new_id, utcnow
from app.models.cases import CaseFile, CaseStatus
from app.models.evidence import Evidence, SanitiseStatus, ScanStatus, Sensitivity
from app.storage import make_blob_store
from tests.support.review_flow import new_case

ALL = ("us", "uk", "ca", "eu")


def force_status(db: Session, case_id: str, status: str) -> None:
    """Set a case's status as if it had got there (coordinators see it: it counts as submitted)."""
    now = utcnow()
    db.execute(
        update(CaseFile)
        .where(CaseFile.id == case_id)
        .values(
            status=CaseStatus(status),
            status_changed_at=now,
            first_submitted_at=now,
            version=CaseFile.version + 1,
        )
    )
    db.commit()


def approved_case(as_: dict[str, Any], db: Session, **kw: Any) -> dict[str, Any]:
    """A case drafted by researcher_a (Lantern) and approved."""
    case = new_case(as_["researcher_a"], **kw)
    force_status(db, case["id"], "approved")
    return case


def add_evidence(
    db: Session,
    settings: Settings,
    case_id: str,
    title: str,
    *,
    original: bytes | None = None,
    shared: bytes | None = b"",
    media_type: str = "application/pdf",
    filename: str = "file.pdf",
    sensitivity: str = "public",
    share_with: Iterable[str] = ALL,
    scan_status: str = "clean",
    deleted: bool = False,
    captured_date: str | None = None,
    incident_ids: Iterable[str] = (),
    perpetrator_ids: Iterable[str] = (),
) -> Evidence:
    """An evidence item with its original and (unless `shared` is None) a sanitised copy in storage.

    `shared=b""` (the default) derives a copy from the original, different from it as a stripped copy is.
    """
    case = db.get(CaseFile, case_id)
    assert case is not None
    store = make_blob_store(settings)
    number = (
        max(db.execute(select(Evidence.number).where(Evidence.case_id == case_id)).scalars(), default=0) + 1
    )
    ev_id = new_id()
    original = original if original is not None else f"%PDF-1.4\n% original of {title}\n".encode()
    key = f"evidence/{case_id}/{ev_id}/original"
    store.put_stream(key, [original])
    derivative_key = derivative_sha = None
    derivative_size = None
    if shared is not None:
        shared = shared or original.replace(b"original", b"shared copy")
        derivative_key = f"evidence/{case_id}/{ev_id}/shared"
        store.put_stream(derivative_key, [shared])
        derivative_sha, derivative_size = hashlib.sha256(shared).hexdigest(), len(shared)
    ev = Evidence(
        id=ev_id,
        case_id=case_id,
        org_id=case.org_id,
        number=number,
        title=title,
        original_filename=filename,
        media_type=media_type,
        size=len(original),
        sha256=hashlib.sha256(original).hexdigest(),
        storage_key=key,
        derivative_key=derivative_key,
        derivative_sha256=derivative_sha,
        derivative_size=derivative_size,
        sanitise_status=SanitiseStatus.done if shared is not None else SanitiseStatus.failed,
        scan_status=ScanStatus(scan_status),
        sensitivity=Sensitivity(sensitivity),
        share_with=list(share_with),
        captured_date=captured_date,
        incident_ids=list(incident_ids),
        perpetrator_ids=list(perpetrator_ids),
        deleted_at=utcnow() if deleted else None,
    )
    db.add(ev)
    db.commit()
    return ev


def realistic_evidence(db: Session, settings: Settings, case_id: str) -> dict[str, Evidence]:
    """The evidence of the realistic fixture case, in every state that matters for sharing."""
    e = {
        "medical": add_evidence(
            db,
            settings,
            case_id,
            "Forensic medical report on detainee injuries",
            captured_date="2021-03-20",
            incident_ids=["i-t1"],
        ),
        "photo": add_evidence(
            db,
            settings,
            case_id,
            "Photograph of Gromov at the OSN-7 holding facility",
            original=b"\xff\xd8\xff\xe0 JPEG original with GPS EXIF",
            shared=b"\xff\xd8\xff\xe0 JPEG stripped",
            media_type="image/jpeg",
            filename="IMG_2041.jpg",
            captured_date="2021-03-15",
            perpetrator_ids=["p-gromov"],
        ),
        "witness": add_evidence(
            db,
            settings,
            case_id,
            "Unredacted testimony of witness W-1",
            sensitivity="confidential",
            incident_ids=["i-t1"],
        ),
        "identity": add_evidence(
            db,
            settings,
            case_id,
            "Interview notes naming the facility guard who spoke to us",
            sensitivity="source_identifying",
        ),
        "bank": add_evidence(
            db,
            settings,
            case_id,
            "Bank transfer records, Halcyon Bay Holdings",
            media_type="text/csv",
            filename="transfers.csv",
            original=b"date,amount\n2019-06-01,1000000\n# exported by a named bank clerk\n",
            shared=b"date,amount\n2019-06-01,1000000\n",
            share_with=("us", "uk", "ca"),
            incident_ids=["i-e2"],
        ),
        "video": add_evidence(
            db,
            settings,
            case_id,
            "Video of the protest dispersal, 14 March 2021",
            media_type="video/mp4",
            filename="dispersal.mp4",
            share_with=("us",),
            incident_ids=["i-t1", "i-d1"],
        ),
        "infected": add_evidence(
            db, settings, case_id, "Spreadsheet with a macro virus", scan_status="infected"
        ),
        "unscanned": add_evidence(
            db,
            settings,
            case_id,
            "Detention register extract",
            scan_status="not_scanned",
            incident_ids=["i-d1"],
        ),
        "pending": add_evidence(db, settings, case_id, "Upload still being scanned", scan_status="pending"),
        "deleted": add_evidence(db, settings, case_id, "Duplicate upload, deleted", deleted=True),
        "unsanitised": add_evidence(
            db, settings, case_id, "Document that could not be stripped", shared=None
        ),
    }
    return e


# Which items each jurisdiction's package holds (public, clean or not scanned, cleared, sanitised).
EXPECTED = {
    "us": ["medical", "photo", "bank", "video", "unscanned"],
    "uk": ["medical", "photo", "bank", "unscanned"],
    "ca": ["medical", "photo", "bank", "unscanned"],
    "eu": ["medical", "photo", "unscanned"],
}
NEVER = ["witness", "identity", "infected", "pending", "deleted", "unsanitised"]


class LazyLogins(dict):  # type: ignore[type-arg]
    """`as_["coordinator_a"]` signs that person in on first use (the shared fixture signs in all seven)."""

    def __init__(self, login: Any) -> None:
        super().__init__()
        self._login = login

    def __missing__(self, who: str) -> Any:
        self[who] = api = self._login(who)
        return api
