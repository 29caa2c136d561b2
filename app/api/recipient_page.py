"""The government recipient's pages (no account): `/r/{token}` and its forms, and the receipt key.

Server-rendered HTML (app/templates/handoff_*.html) that works without JavaScript: no script at all, no
third-party asset, one inline stylesheet allowed by its hash in a strict Content-Security-Policy,
`noindex`, `Referrer-Policy: no-referrer`, `no-store`. State-changing steps are POST forms (a link
scanner that opens the mailed link only ever causes a view): ask for a code, give it, download, get the
receipt. Every refusal of the workflow (unknown, expired, revoked, locked, used up) is the same page.

The link's token is the credential, so it is kept out of the logs: `install` adds a filter that blanks
it in the paths uvicorn's access log and the error log print.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse

from app import telemetry
from app.api.deps import SessionDep, SettingsDep, client_ip
from app.errors import DomainError
from app.schemas.handoff import ReceiptKeyOut
from app.workflows import handoff

router = APIRouter()
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
GRANT_COOKIE = "portal_share_grant"
KEY_PATH = "/.well-known/portal-receipt-key"


@lru_cache(maxsize=1)
def _stylesheet() -> tuple[str, str]:
    """The page's CSS and its CSP source (`'sha256-…'`): inline, so the page loads nothing else."""
    css = (TEMPLATES / "handoff.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    return css, f"'sha256-{digest}'"


def _size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover - the loop always returns


@lru_cache(maxsize=1)
def _jinja() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["size"] = _size
    return env


def _page_headers() -> dict[str, str]:
    _, style = _stylesheet()
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; style-src {style}; img-src 'none'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'"
        ),
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex, nofollow, noarchive",
        "Cache-Control": "no-store",
    }


def _html(
    template: str, status: int, *, headers: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    css, _ = _stylesheet()
    body = _jinja().get_template(template).render(css=css, **context)
    return HTMLResponse(body, status_code=status, headers={**_page_headers(), **(headers or {})})


UNUSABLE_TITLE = "This link cannot be used"
UNUSABLE_MESSAGE = "It may have expired, been withdrawn by the sender, or been used for all its downloads."
ASK_SENDER = "Ask the person who sent it to you for a new link."


def _refusal(exc: DomainError) -> HTMLResponse:
    if isinstance(exc, handoff.LinkRateLimited):
        return _html(
            "handoff_notice.html",
            429,
            headers=exc.headers,
            title="Too many requests",
            message="Please wait a minute, then try again.",
            hint=None,
        )
    if isinstance(exc, handoff.LinkLocked):
        return _html(
            "handoff_notice.html",
            403,
            title="This link is locked",
            message="Too many wrong codes were entered, so the link no longer works.",
            hint=ASK_SENDER,
        )
    if isinstance(exc, handoff.NoReceipt):
        return _html(
            "handoff_notice.html",
            409,
            title="No receipt yet",
            message="A receipt is issued once a download has completed. Download the package first.",
            hint=None,
        )
    # LinkUnusable, and anything else the workflow refuses: the same answer for every reason.
    return _html("handoff_notice.html", 404, title=UNUSABLE_TITLE, message=UNUSABLE_MESSAGE, hint=ASK_SENDER)


def _visitor(request: Request) -> handoff.Visitor:
    return handoff.Visitor(client_ip(request), request.headers.get("user-agent"))


def _grant(request: Request) -> str | None:
    return request.cookies.get(GRANT_COOKIE)


def _back(token: str) -> RedirectResponse:
    # 303: the browser shows the page again with GET (a reload never re-posts a form).
    return RedirectResponse(f"/r/{token}", status_code=303, headers=_page_headers())


@router.get("/r/{token}", include_in_schema=False)
def page(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    try:
        view = handoff.open_page(db, settings, token, _visitor(request), _grant(request))
    except DomainError as exc:
        return _refusal(exc)
    return _html("handoff_page.html", 200, v=view, token=token, error=None)


@router.post("/r/{token}/code", include_in_schema=False)
def send_code(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    try:
        handoff.request_code(db, settings, token, _visitor(request))
    except DomainError as exc:
        return _refusal(exc)
    return _back(token)


@router.post("/r/{token}/verify", include_in_schema=False)
def verify(
    token: str,
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    code: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    try:
        grant = handoff.verify_code(db, settings, token, code, _visitor(request))
    except handoff.CodeRefused as exc:
        view = handoff.page_after_refusal(db, settings, token, _grant(request))
        if view is None:
            return _refusal(handoff.LinkUnusable())
        tries = f"{exc.tries_left} {'try' if exc.tries_left == 1 else 'tries'} left"
        error = f"That code is wrong or has expired ({tries}). Ask for a new code if it has expired."
        return _html("handoff_page.html", 422, v=view, token=token, error=error)
    except DomainError as exc:
        return _refusal(exc)
    response = _back(token)
    if grant is not None:
        response.set_cookie(
            GRANT_COOKIE,
            grant,
            max_age=settings.share_grant_minutes * 60,
            path="/r/",
            httponly=True,
            samesite="strict",
            secure=settings.public_base_url.startswith("https://"),
        )
    return response


@router.post("/r/{token}/download", include_in_schema=False, response_model=None)
def download(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    """The ZIP (or its age-encrypted form), streamed; the request's commit (the count) precedes it."""
    try:
        got = handoff.start_download(
            db, request.app.state.sessionmaker, settings, token, _visitor(request), _grant(request)
        )
    except handoff.GrantRequired:
        return _back(token)
    except DomainError as exc:
        return _refusal(exc)
    headers = {
        "Content-Disposition": f'attachment; filename="{got.file_name}"',
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex, nofollow, noarchive",
        "Cache-Control": "no-store",
    }
    if got.size is not None:
        headers["Content-Length"] = str(got.size)
        sha = base64.b64encode(bytes.fromhex(got.sha256)).decode()
        headers["Repr-Digest"] = f"sha-256=:{sha}:"
    return StreamingResponse(got.chunks, media_type=got.media_type, headers=headers)


@router.post("/r/{token}/receipt", include_in_schema=False)
def receipt(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    try:
        signed = handoff.receipt(db, settings, token, _visitor(request), _grant(request))
    except handoff.GrantRequired:
        return _back(token)
    except DomainError as exc:
        return _refusal(exc)
    name = f"receipt-{signed['reference'].replace('/', '-')}-{signed['download']['number']}.json"
    body = json.dumps(signed, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@router.get(KEY_PATH, response_model=ReceiptKeyOut, tags=["handoff"])
def receipt_key(settings: SettingsDep) -> JSONResponse:
    """The Ed25519 public key that signs hand-off receipts (a JWK, and PEM), with how to verify one."""
    return JSONResponse(
        handoff.public_key_document(settings), headers={"Cache-Control": "public, max-age=3600"}
    )


# ---- keeping the token out of the logs ----------------------------------------------------------------

_TOKEN_IN_PATH = re.compile(r"(/r/)[^/\s?\"']+")


class RedactLinkTokens(logging.Filter):
    """Blank `/r/<token>` in log records (uvicorn's access log prints every request path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        telemetry.redact_record(record)
        return True


LOGGERS_WITH_PATHS = ("uvicorn.access", "uvicorn.error", "app.errors")


def install(app: FastAPI) -> None:
    """Include the pages (before the frontend's catch-all) and the log redaction (once per process)."""
    app.include_router(router)
    telemetry.redact_in_logs("/r/", _TOKEN_IN_PATH, r"\1…")
    for name in LOGGERS_WITH_PATHS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactLinkTokens) for f in logger.filters):
            logger.addFilter(RedactLinkTokens())
