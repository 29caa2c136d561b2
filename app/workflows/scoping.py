"""Tenant scoping in one place: every query over tenant data starts from one of these.

Objects outside the principal's reach are simply absent from the result, so callers answer 404
(never 403) and a tenant cannot learn that another tenant's object exists.
"""

from __future__ import annotations

from sqlalchemy import Select, select

from app.models.cases import CaseFile
from app.models.evidence import Evidence
from app.models.identity import Invitation, Membership, Organization
from app.models.notify import WebhookEndpoint
from app.security.permissions import Principal


def organizations(p: Principal) -> Select[Organization]:
    stmt = select(Organization)
    if p.role.value == "coalition_admin":
        return stmt
    return stmt.where(Organization.id == p.org_id)


def manageable_org_ids(p: Principal) -> Select[str]:
    """Organisations whose members this principal may manage."""
    stmt = select(Organization.id)
    if p.role.value == "coalition_admin":
        return stmt
    return stmt.where(Organization.id == p.org_id)


def memberships(p: Principal) -> Select[Membership]:
    return select(Membership).where(Membership.org_id.in_(manageable_org_ids(p)))


def invitations(p: Principal) -> Select[Invitation]:
    return select(Invitation).where(Invitation.org_id.in_(manageable_org_ids(p)))


def webhook_endpoints(p: Principal) -> Select[WebhookEndpoint]:
    """Each organisation (the coalition included) manages only its own endpoints."""
    return select(WebhookEndpoint).where(WebhookEndpoint.org_id == p.org_id)


def cases(p: Principal) -> Select[CaseFile]:
    """NGO principals see their organisation's cases; the coalition sees a case from its first submission."""
    stmt = select(CaseFile)
    if p.is_coalition:
        return stmt.where(CaseFile.first_submitted_at.is_not(None))
    return stmt.where(CaseFile.org_id == p.org_id)


def evidence(p: Principal) -> Select[Evidence]:
    """Evidence of the cases this principal sees (see `cases`), deleted items included."""
    visible = scoping_case_ids(p)
    return select(Evidence).where(Evidence.case_id.in_(visible))


def scoping_case_ids(p: Principal) -> Select[tuple[str]]:
    return cases(p).with_only_columns(CaseFile.id)
