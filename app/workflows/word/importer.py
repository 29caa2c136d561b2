"""Import a Word document (.docx; .odt through LibreOffice) as a new draft case file.

    check the package → (convert .odt) → read the body → place the fields → create the draft →
    ingest the embedded images as evidence

Reading is pure (no database) and runs in a worker thread: `read_document`. The draft is created and
committed before the images go through the normal evidence pipeline (`ingest.receive`: hashing, type
sniffing, limits, then the scan and the sanitised copy), so an image the pipeline refuses costs the
draft nothing; it is reported, as is everything the document links to or embeds (never followed).
Nothing is ever submitted.
"""

from __future__ import annotations

import io
import posixpath
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy.orm import Session

from app.config import Settings
from app.errors import DomainError, Forbidden, TooLarge, UnsupportedMediaType
from app.models.cases import CaseFile
from app.schemas.case_content import CaseContent
from app.security.permissions import Principal
from app.workflows import audit, cases, ingest
from app.workflows.word import ooxml
from app.workflows.word.convert import odt_to_docx
from app.workflows.word.draft import Draft, ImageRef
from app.workflows.word.mapping import fold, mapping, texts
from app.workflows.word.readers import FreeReader, TemplateReader, is_template
from app.workflows.word.report import (
    EmbeddedObjectOut,
    ExternalLinkOut,
    ImageOut,
    ImportReport,
)

MAX_IMPORT_BYTES = 25 * ooxml.MiB  # the uploaded file itself
MAX_IMAGES = 50


def check_name(filename: str) -> None:
    """Refusals the name alone decides, before the body is read (the content is checked anyway)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext in ("doc", "dot"):
        raise UnsupportedMediaType("Old Word 97-2003 documents (.doc) are not read: save it as .docx first")


def check_size(size: int) -> None:
    """The uploaded file's bound, checked as its bytes arrive."""
    if size > MAX_IMPORT_BYTES:
        raise TooLarge(
            f"The document exceeds the {MAX_IMPORT_BYTES // 1024**2} MiB import limit",
            extra={"max_bytes": MAX_IMPORT_BYTES},
        )


@dataclass
class _Image:
    ref: ImageRef
    blob: bytes
    filename: str
    media_type: str


@dataclass
class ReadDocument:
    """What `read_document` found: the draft's content and everything the report says."""

    title: str
    targets: list[str]
    content: CaseContent
    report: ImportReport
    images: list[_Image] = field(default_factory=list)


@dataclass
class ImportResult:
    case: CaseFile
    report: ImportReport


def _stem(filename: str) -> str:
    return PurePosixPath(filename.replace("\\", "/")).stem.strip()


def _title(draft: Draft, document: Any, filename: str) -> str:
    defaults = {fold(str(t["document_title"])) for t in texts().values()}
    candidates: list[str | None] = [draft.title, document.core_properties.title, _stem(filename)]
    for candidate in candidates:
        if candidate and candidate.strip() and fold(candidate) not in defaults:
            return str(candidate).strip()[:300]
    return "Imported from Word"


def read_document(data: bytes, filename: str) -> ReadDocument:
    """Check, (convert,) read and place a document: no database, no storage (run it in a thread)."""
    package = ooxml.check_package(data, filename)
    converted_from = None
    refs: list[ooxml.ExternalRef] = []
    if package.kind == "odt":
        data, refs = odt_to_docx(data)
        ooxml.check_package(data, "converted.docx")
        converted_from = "odt"
    document = ooxml.load(data)
    blocks = ooxml.walk(document)
    draft = Draft()
    template = is_template(blocks)
    (TemplateReader(draft) if template else FreeReader(draft)).read(blocks)
    content, placements = draft.finish()
    images = _images(document, draft)
    refs += ooxml.external_refs(document)
    paragraphs = sum(1 for b in blocks if isinstance(b, ooxml.Para))
    tables = sum(1 for b in blocks if isinstance(b, ooxml.Table))
    report = ImportReport(
        mapping_version=mapping().version,
        mode="template" if template else "mapped",
        converted_from=converted_from,
        paragraphs=paragraphs,
        tables=tables,
        placements=placements,
        needs_review=draft.review,
        unmapped_blocks=len(content.unmapped_content),
        images=[ImageOut(where=i.ref.where, filename=i.filename, media_type=i.media_type) for i in images],
        external_links=[ExternalLinkOut(kind=r.kind, target=r.target) for r in refs],
        embedded_objects=[
            EmbeddedObjectOut(name=o.name, content_type=o.content_type)
            for o in ooxml.embedded_objects(document)
        ],
    )
    return ReadDocument(_title(draft, document, filename), draft.targets, content, report, images)


def _images(document: Any, draft: Draft) -> list[_Image]:
    """The distinct images the body shows, in order (an image shown twice is one item)."""
    out: list[_Image] = []
    seen: set[str] = set()
    related = document.part.related_parts
    for ref in draft.images:
        part = related.get(ref.rid)
        if part is None:
            continue
        name = str(part.partname)
        if name in seen:
            continue
        seen.add(name)
        out.append(_Image(ref, part.blob, posixpath.basename(name), part.content_type))
    return out[:MAX_IMAGES]


class _InMemoryFile:
    """An embedded image as an `ingest.IncomingFile`."""

    def __init__(self, blob: bytes, details: dict[str, str]) -> None:
        self._blob = blob
        self._details = details
        self.least_size: int | None = len(blob)

    async def details(self) -> dict[str, str]:
        return dict(self._details)

    async def chunks(self) -> AsyncIterator[bytes]:
        view = io.BytesIO(self._blob)
        while chunk := view.read(ingest.HANDOFF_BYTES):
            yield chunk

    async def all_details(self) -> dict[str, str]:
        return dict(self._details)


def _create(db: Session, p: Principal, doc: ReadDocument, filename: str, ip: str | None) -> CaseFile:
    data = doc.content.model_dump(mode="json", exclude_none=True, by_alias=True)
    case = cases.create_case(db, p, doc.title, doc.targets, data, ip)
    audit.record(
        db,
        "case.imported",
        principal=p,
        ip=ip,
        target_type="case",
        target_id=case.id,
        data={
            "mode": doc.report.mode,
            "mapping_version": doc.report.mapping_version,
            "converted_from": doc.report.converted_from,
            "fields_placed": len(doc.report.placements),
            "unmapped_blocks": doc.report.unmapped_blocks,
            "images": len(doc.images),
            "file_type": PurePosixPath(filename).suffix.lower()[:10],
        },
    )
    return case


async def import_document(
    db: Session, p: Principal, data: bytes, filename: str, settings: Settings, *, ip: str | None
) -> ImportResult:
    """The whole import: a committed draft, its images ingested, and the placement report."""
    if p.is_coalition or not p.can("cases:write"):
        raise Forbidden("Only NGO members draft case files")
    doc = await ingest.in_thread(read_document, data, filename)
    case = await ingest.in_thread(_create, db, p, doc, filename, ip)
    await ingest.in_thread(db.commit)  # the draft stands whatever happens to its images
    report = doc.report
    content = doc.content
    for n, (image, out) in enumerate(zip(doc.images, report.images, strict=True), start=1):
        details = {
            "filename": image.filename,
            "title": f"Image {n} from {_stem(filename) or 'the document'}"[:300],
            "description": f"Embedded in {filename[:200]} ({image.ref.where})",
        }
        owner = image.ref.owner
        if owner is not None and isinstance(owner.get("id"), str):
            key = "perpetrator_ids" if image.ref.kind == "perpetrator" else "incident_ids"
            if _has_item(content, image.ref.kind, owner["id"]):
                details[key] = owner["id"]
        try:
            ev = await ingest.receive(db, p, case.id, _InMemoryFile(image.blob, details), settings, ip=ip)
        except DomainError as exc:
            await ingest.in_thread(db.rollback)
            out.error = exc.detail
            continue
        out.evidence_id = ev.id
        out.label = f"E-{ev.number}"
        out.media_type = ev.media_type
    case = await ingest.in_thread(cases.get_case, db, p, case.id)
    return ImportResult(case, report)


def _has_item(content: CaseContent, kind: str | None, ident: str) -> bool:
    if kind == "perpetrator":
        return any(p.id == ident for p in content.perpetrators)
    return any(i.id == ident for a in content.abuses for i in a.incidents)
