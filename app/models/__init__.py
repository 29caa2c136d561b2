"""Import every model so Alembic and the metadata see them."""

from app.models.audit import AuditEvent, AuditHead
from app.models.auth import ApiToken, AuthSession, LoginThrottle
from app.models.cases import CaseFile, CaseRevision, CaseStatus
from app.models.evidence import CustodyEvent, Evidence, Upload
from app.models.identity import Invitation, Membership, Organization, OrgKind, Role, User
from app.models.notify import (
    Notification,
    NotificationPrefs,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from app.models.review import Assignment, Comment, ConflictOfInterest, Decision, ReviewMark

__all__ = [
    "ApiToken",
    "Assignment",
    "AuditEvent",
    "AuditHead",
    "AuthSession",
    "CaseFile",
    "CaseRevision",
    "CaseStatus",
    "Comment",
    "ConflictOfInterest",
    "CustodyEvent",
    "Decision",
    "Evidence",
    "Invitation",
    "LoginThrottle",
    "Membership",
    "Notification",
    "NotificationPrefs",
    "OrgKind",
    "Organization",
    "ReviewMark",
    "Role",
    "Upload",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
