"""The audit chain, for coalition admins."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.api.deps import Permission, SessionDep
from app.api.guards import Int64
from app.schemas.identity import AuditEventOut, AuditVerifyOut
from app.workflows import audit, audit_views

router = APIRouter(tags=["audit"], dependencies=[Depends(Permission("audit:read"))])


def _filters(
    action: Annotated[
        str | None,
        Query(
            max_length=80, description="An action key (`case.submitted`), or a family ending in `.` (`case.`)"
        ),
    ] = None,
    actor_user_id: Annotated[str | None, Query(max_length=32)] = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="Part of the actor's name or e-mail")
    ] = None,
    org_id: Annotated[str | None, Query(max_length=32)] = None,
    target_type: Annotated[str | None, Query(max_length=40)] = None,
    target_id: Annotated[str | None, Query(max_length=64)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> audit_views.AuditFilters:
    return audit_views.AuditFilters(
        action, actor_user_id, actor, org_id, target_type, target_id, since, until
    )


FiltersDep = Annotated[audit_views.AuditFilters, Depends(_filters)]


@router.get("/audit/verify", response_model=AuditVerifyOut)
def verify_audit_chain(db: SessionDep) -> AuditVerifyOut:
    return AuditVerifyOut.model_validate(audit.verify(db).as_dict())


@router.get(
    "/audit/events",
    response_model=list[AuditEventOut],
    responses={200: {"headers": {"Link": {"description": 'The next, older page: `<…>; rel="next"`'}}}},
)
def list_audit_events(
    request: Request,
    response: Response,
    db: SessionDep,
    f: FiltersDep,
    before_seq: Int64 | None = None,
    limit: int = Query(default=100, ge=1, le=500),
) -> list[AuditEventOut]:
    """Newest first. When older events match, `Link: <…>; rel="next"` names the next page."""
    rows, next_before = audit_views.page(db, f, before_seq=before_seq, limit=limit)
    if next_before is not None:
        nxt = request.url.remove_query_params("before_seq").include_query_params(before_seq=next_before)
        response.headers["Link"] = f'<{nxt.path}?{nxt.query}>; rel="next"'
    return [
        AuditEventOut.model_validate(r.event).model_copy(
            update={"actor_name": r.actor_name, "token_name": r.token_name, "org_name": r.org_name}
        )
        for r in rows
    ]


@router.get(
    "/audit/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The matching events, oldest first"}},
)
def export_audit_events(db: SessionDep, f: FiltersDep) -> StreamingResponse:
    # Built before the answer starts: the request's session is closed once the endpoint returns.
    chunks = list(audit_views.export_csv(db, f))
    return StreamingResponse(
        iter(chunks),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-events.csv"'},
    )
