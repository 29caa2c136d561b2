"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> dict[str, str]:
    # async: answered on the event loop, never waiting for a worker thread (app/api/admission_http.py)
    return {"status": "ok"}


@router.get("/ready")
def ready(request: Request) -> JSONResponse:
    # Here, not at module level: alembic (and mako) stay out of an API process nobody probes for readiness.
    from app.migrate import current_revisions, head_revisions

    engine = request.app.state.engine
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = current_revisions(conn)
    except Exception:  # noqa: BLE001  (any failure means not ready)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    heads = head_revisions()
    at_head = set(current) == set(heads)
    body = {
        "status": "ok" if at_head else "unavailable",
        "database": "ok",
        "migrations": {"current": sorted(current), "head": sorted(heads), "at_head": at_head},
    }
    return JSONResponse(body, status_code=200 if at_head else 503)
