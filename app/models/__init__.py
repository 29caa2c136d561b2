"""Import every model so Alembic and the metadata see them."""

from app.models.analytics import AnalyticsPublication
from app.models.audit import AuditEvent, AuditHead
from app.models.auth import ApiToken, AuthSession, LoginThrottle
from app.models.cases import CaseFile, CaseRevision, CaseStatus
from app.models.evidence import CustodyEvent, Evidence, Upload
from app.models.handoff import Recipient, Share, ShareAccess, ShareRateLimit
from app.models.identity import Invitation, Membership, Organization, OrgKind, Role, User
from app.models.integrations import ApiRateLimit, FeedEvent, IdempotencyRecord
from app.models.mfa import MfaChallenge, OidcIdentity, OidcLoginState, RecoveryCode, UserMfa
from app.models.notify import (
    Notification,
    NotificationPrefs,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from app.models.packages import Package, PackageState, Submission, SubmissionEvent
from app.models.password_reset import PasswordReset
from app.models.review import Assignment, Comment, ConflictOfInterest, Decision, ReviewMark
from app.models.sanctions import (
    BlockingKey,
    CrossListMatch,
    DesignationMatch,
    ListChange,
    ListEntry,
    ListVersion,
    SanctionsList,
)

__all__ = [
    "AnalyticsPublication",
    "ApiRateLimit",
    "ApiToken",
    "Assignment",
    "AuditEvent",
    "AuditHead",
    "AuthSession",
    "BlockingKey",
    "CaseFile",
    "CaseRevision",
    "CaseStatus",
    "Comment",
    "ConflictOfInterest",
    "CrossListMatch",
    "CustodyEvent",
    "Decision",
    "DesignationMatch",
    "Evidence",
    "FeedEvent",
    "IdempotencyRecord",
    "Invitation",
    "ListChange",
    "ListEntry",
    "ListVersion",
    "LoginThrottle",
    "Membership",
    "MfaChallenge",
    "Notification",
    "NotificationPrefs",
    "OidcIdentity",
    "OidcLoginState",
    "OrgKind",
    "Organization",
    "Package",
    "PackageState",
    "PasswordReset",
    "Recipient",
    "RecoveryCode",
    "ReviewMark",
    "Role",
    "SanctionsList",
    "Share",
    "ShareAccess",
    "ShareRateLimit",
    "Submission",
    "SubmissionEvent",
    "Upload",
    "User",
    "UserMfa",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
