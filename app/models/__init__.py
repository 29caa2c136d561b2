"""Import every model so Alembic and the metadata see them."""

from app.models.audit import AuditEvent, AuditHead
from app.models.auth import ApiToken, AuthSession, LoginThrottle
from app.models.cases import CaseFile, CaseRevision, CaseStatus
from app.models.identity import Invitation, Membership, Organization, OrgKind, Role, User

__all__ = [
    "ApiToken",
    "AuditEvent",
    "AuditHead",
    "AuthSession",
    "CaseFile",
    "CaseRevision",
    "CaseStatus",
    "Invitation",
    "LoginThrottle",
    "Membership",
    "OrgKind",
    "Organization",
    "Role",
    "User",
]
