"""Word in, Word out: the blank case-file template, import of a document as a draft, export of a case.

The rules are in `app/workflows/word/`; this parses the request, calls them and shapes the answer.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel
from starlette.requests import ClientDisconnect

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.api.multipart import StreamingForm
from app.api.v1.cases import case_out, etag
from app.api.v1.evidence import content_disposition
from app.schemas.cases import CaseOut
from app.workflows.word import exporter, importer, template
from app.workflows.word.mapping import Lang
from app.workflows.word.report import ImportReport

log = logging.getLogger(__name__)
router = APIRouter(tags=["word"])
READ = Depends(Permission("cases:read"))
WRITE = Depends(Permission("cases:write"))
DOCX = exporter.DOCX_MEDIA_TYPE
DOCX_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {DOCX: {"schema": {"type": "string", "format": "binary"}}}, "description": "A .docx"}
}
IMPORT_FORM_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": ".docx or .odt"}
                    },
                }
            }
        },
    }
}


class ImportOut(BaseModel):
    case: CaseOut
    report: ImportReport


@cache
def _blank(lang: Lang) -> bytes:
    return template.render(lang)


@router.get("/templates/case-file.docx", response_class=Response, responses=DOCX_RESPONSE)
def case_file_template(lang: Lang = "en") -> Response:
    """The blank case-file template (no sign-in needed): fill it in Word or LibreOffice, import it back."""
    return Response(
        _blank(lang),
        media_type=DOCX,
        headers={"Content-Disposition": content_disposition(f"case-file-template-{lang}.docx")},
    )


@router.post(
    "/cases/import",
    status_code=201,
    response_model=ImportOut,
    dependencies=[WRITE],
    openapi_extra=IMPORT_FORM_OPENAPI,
    responses={413: {}, 415: {}, 422: {}},
)
async def import_case(
    request: Request, response: Response, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> Any:
    """A draft from a Word document, with the placement report: where each field came from, what needs a
    look, what was kept as unmapped content, the images that became evidence, links not followed."""
    form = StreamingForm(
        request.stream(), request.headers.get("content-type"), request.headers.get("content-length")
    )
    try:
        details = await form.details()
        filename = details.get("filename", "")
        importer.check_name(filename)
        body = bytearray()
        async for chunk in form.chunks():
            body += chunk
            importer.check_size(len(body))
        await form.all_details()
    except ClientDisconnect:
        log.info("client dropped a Word import; nothing was kept")
        return Response(status_code=400)
    result = await importer.import_document(db, p, bytes(body), filename, settings, ip=client_ip(request))
    response.headers["Location"] = f"/api/v1/cases/{result.case.id}"
    response.headers["ETag"] = etag(result.case)
    return ImportOut(case=case_out(result.case), report=result.report)


@router.get(
    "/cases/{case_id}/export.docx",
    response_class=Response,
    dependencies=[READ],
    responses={**DOCX_RESPONSE, 403: {}},
)
def export_case(
    case_id: str,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    lang: Lang = "en",
    purpose: exporter.Purpose = "share",
) -> Response:
    """The case in the Word template. `share` (default) leaves out confidential sources, the contact
    and unmapped import leftovers; `own_use` (the authoring organisation only) keeps everything."""
    export = exporter.export_case(db, p, case_id, lang, purpose, client_ip(request))
    return Response(
        export.body,
        media_type=DOCX,
        headers={"Content-Disposition": content_disposition(export.filename)},
    )
