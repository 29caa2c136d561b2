"""RFC 9457 problem+json for every error; no stack trace or SQL ever reaches a client."""

from __future__ import annotations

import html
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import DomainError

log = logging.getLogger("app.errors")
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://portal.invalid/problems/"


def problem(
    status: int,
    title: str,
    detail: str | None,
    slug: str,
    request: Request,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "instance": request.url.path,
    }
    if detail:
        body["detail"] = detail
    # Extras never override the RFC 9457 members.
    body.update({k: v for k, v in (extra or {}).items() if v is not None and k not in body})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _loc(loc: Any) -> list[Any]:
    return [str(x) if not isinstance(x, int) else x for x in loc]


def _safe_input(value: Any) -> Any:
    # Echo small scalar inputs only: a rejected password or a huge blob must not come back.
    if isinstance(value, (int, float, bool)) or (isinstance(value, str) and len(value) <= 200):
        return value
    return None


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>{title}</h1><p>{detail}</p><p><a href="/">Back to the portal</a></p></body></html>
"""


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept and "problem+json" not in accept


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        if exc.as_page and _wants_html(request):
            return HTMLResponse(
                PAGE.format(title=html.escape(exc.title), detail=html.escape(exc.detail)),
                status_code=exc.status_code,
                headers=exc.headers or None,
            )
        return problem(
            exc.status_code,
            exc.title,
            exc.detail,
            exc.type_slug,
            request,
            exc.headers or None,
            {"errors": exc.errors or None, **exc.extra},
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for e in exc.errors():
            item: dict[str, Any] = {
                "loc": _loc(e.get("loc", ())),
                "msg": e.get("msg", ""),
                "type": e.get("type"),
            }
            if "password" not in str(item["loc"]):
                safe = _safe_input(e.get("input"))
                if safe is not None:
                    item["input"] = safe
            errors.append(item)
        paths = ", ".join(".".join(str(x) for x in err["loc"]) for err in errors[:5])
        return problem(
            422,
            "Unprocessable content",
            f"Invalid request: {paths}",
            "validation-error",
            request,
            extra={"errors": errors},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem(
            exc.status_code, title, detail, "http-error", request, dict(exc.headers) if exc.headers else None
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(
            500,
            "Internal server error",
            "An unexpected error occurred; it has been logged.",
            "internal",
            request,
        )
