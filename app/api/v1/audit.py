"""The audit chain, for coalition admins."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from app.api.deps import Permission, SessionDep
from app.api.guards import Int64
from app.models.audit import AuditEvent
from app.schemas.identity import AuditEventOut, AuditVerifyOut
from app.workflows import audit

router = APIRouter(tags=["audit"], dependencies=[Depends(Permission("audit:read"))])


@router.get("/audit/verify", response_model=AuditVerifyOut)
def verify_audit_chain(db: SessionDep) -> AuditVerifyOut:
    return AuditVerifyOut.model_validate(audit.verify(db).as_dict())


@router.get("/audit/events", response_model=list[AuditEventOut])
def list_audit_events(
    db: SessionDep,
    before_seq: Int64 | None = None,
    action: str | None = None,
    target_id: str | None = None,
    limit: int = Query(default=100, ge=1, le=500),
) -> list[AuditEvent]:
    return audit.events(db, before_seq=before_seq, action=action, target_id=target_id, limit=limit)
