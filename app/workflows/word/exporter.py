"""A case rendered in the portal's Word template, for its authors or a coordinator.

Sharing (the default) gives what may leave the portal (`public_view`: no confidential source, no
contact, no unmapped import leftovers). The authoring organisation may export everything for its own
use (`purpose="own_use"`), e.g. to keep drafting offline and import the file back. Every export is in
the audit chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from app.errors import Forbidden
from app.schemas.case_content import CaseContent, public_view
from app.security.permissions import Principal
from app.workflows import audit, cases
from app.workflows.word import template
from app.workflows.word.mapping import Lang

Purpose = Literal["share", "own_use"]
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Export:
    filename: str
    body: bytes


def _filename(title: str, case_id: str) -> str:
    slug = re.sub(r"[^\w-]+", "-", title, flags=re.UNICODE).strip("-")[:60] or "case"
    return f"{slug}-{case_id[:8]}.docx"


def export_case(
    db: Session, p: Principal, case_id: str, lang: Lang, purpose: Purpose, ip: str | None
) -> Export:
    case = cases.get_case(db, p, case_id)  # 404 for anyone who may not read it
    author = case.org_id == p.org_id and not p.is_coalition
    if not author and not p.can("review"):
        raise Forbidden("Only the case's authors and coordinators export it to Word")
    if purpose == "own_use" and not author:
        raise Forbidden("Only the authoring organisation exports a case with its confidential material")
    content = CaseContent.model_validate(case.content)
    if purpose == "share":
        content = public_view(content)
    body = template.render(
        lang,
        content,
        title=case.title,
        targets=case.target_jurisdictions,
        modified=case.updated_at,
    )
    audit.record(
        db,
        "case.exported",
        principal=p,
        ip=ip,
        target_type="case",
        target_id=case.id,
        data={"format": "docx", "purpose": purpose, "lang": lang, "revision": case.revision_number},
    )
    return Export(_filename(case.title, case.id), body)
