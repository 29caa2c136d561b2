"""Tenant scoping in one place: every query over tenant data starts from one of these.

Objects outside the principal's reach are simply absent from the result, so callers answer 404
(never 403) and a tenant cannot learn that another tenant's object exists.

Each readable statement takes the principal it scopes to; callers narrow it (`.where(...)`), never widen
it. Code that legitimately reads for no principal (jobs, sign-in, event fan-out, the audit chain) uses
the `unscoped_…` statements at the end, each saying why. Bulk writes go through `delete_rows` and
`update_rows`, which touch only the rows a readable statement selects. tests/test_scoping_rule.py fails
on any query over a tenant table anywhere else in app/.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Delete,
    Select,
    Update,
    delete,
    exists,
    false,
    inspect,
    or_,
    select,
    tuple_,
    update,
)

from app.models.analytics import AnalyticsPublication
from app.models.audit import AuditEvent
from app.models.auth import ApiToken
from app.models.cases import CaseFile, CaseRevision
from app.models.evidence import CustodyEvent, Evidence, Upload
from app.models.handoff import Recipient, Share, ShareAccess
from app.models.identity import Invitation, Membership, Organization, OrgKind, Role, User
from app.models.integrations import FeedEvent
from app.models.notify import Notification, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.packages import Package, Submission, SubmissionEvent
from app.models.review import Assignment, Comment, ConflictOfInterest, Decision, ReviewMark
from app.models.sanctions import DesignationMatch
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


# The coalition's rule, stated once: a case is the NGO's alone until its first submission.
_COALITION_SEES_CASE: ColumnElement[bool] = CaseFile.first_submitted_at.is_not(None)


def cases(p: Principal) -> Select[CaseFile]:
    """NGO principals see their organisation's cases; the coalition sees a case from its first submission."""
    stmt = select(CaseFile)
    if p.is_coalition:
        return stmt.where(_COALITION_SEES_CASE)
    return stmt.where(CaseFile.org_id == p.org_id)


def evidence(p: Principal) -> Select[Evidence]:
    """Evidence of the cases this principal sees (see `cases`), deleted items included."""
    visible = scoping_case_ids(p)
    return select(Evidence).where(Evidence.case_id.in_(visible))


def scoping_case_ids(p: Principal) -> Select[tuple[str]]:
    return cases(p).with_only_columns(CaseFile.id)


def custody_events(p: Principal) -> Select[CustodyEvent]:
    """The chain of custody of the evidence this principal sees (see `evidence`)."""
    visible = evidence(p).with_only_columns(Evidence.id)
    return select(CustodyEvent).where(CustodyEvent.evidence_id.in_(visible))


def uploads(p: Principal) -> Select[Upload]:
    """Resumable uploads: only the organisation that started one sees it (never the coalition, which adds
    no evidence), on the cases it sees (see `cases`)."""
    if p.is_coalition:
        return select(Upload).where(false())
    return select(Upload).where(Upload.org_id == p.org_id, Upload.case_id.in_(scoping_case_ids(p)))


def packages(p: Principal) -> Select[Package]:
    """Packages of the cases this principal sees (see `cases`): the authoring NGO and the coalition."""
    return select(Package).where(Package.case_id.in_(scoping_case_ids(p)))


def submissions(p: Principal) -> Select[Submission]:
    """Submissions of the packages this principal sees (see `packages`)."""
    return select(Submission).where(Submission.package_id.in_(packages(p).with_only_columns(Package.id)))


def recommendations(p: Principal) -> Select[Submission]:
    """Submissions of the cases this principal sees (see `cases`), read from the submission alone for
    aggregates (analytics): it carries its case's organisation and keys (models/packages.py). The same
    rows as `submissions`: the authoring NGO's by that copy of the organisation, and for the coalition
    every one, since a package, and so a submission, is only ever built from an approved case, which was
    submitted."""
    if p.is_coalition:
        return select(Submission)
    return select(Submission).where(Submission.org_id == p.org_id)


def designation_matches(p: Principal) -> Select[DesignationMatch]:
    """Matches of the perpetrators of the cases this principal sees (see `cases`) with official list
    entries: the authoring NGO and, once the case was submitted, the coalition."""
    return select(DesignationMatch).where(DesignationMatch.case_id.in_(scoping_case_ids(p)))


def analytics_publication(p: Principal) -> Select[AnalyticsPublication]:
    """An organisation's consent to be named in the public aggregates: its own people read it (its
    admins change it); the coalition reads every organisation's, since it publishes the aggregates."""
    stmt = select(AnalyticsPublication)
    if p.is_coalition:
        return stmt
    return stmt.where(AnalyticsPublication.org_id == p.org_id)


# ---- secure hand-off: the coalition's record of who received what ------------------------------------


def recipients(p: Principal) -> Select[Recipient]:
    """The directory of government recipients: the coalition's (coordinators read it, coalition admins
    keep it); an NGO never sees officials' addresses."""
    if not p.is_coalition:
        return select(Recipient).where(false())
    return select(Recipient)


def shares(p: Principal) -> Select[Share]:
    """Hand-off links of the packages this principal sees (see `packages`), for the coalition only: whom a
    package was handed to, and how they used it, is the coalition's record."""
    if not p.is_coalition:
        return select(Share).where(false())
    return select(Share).where(Share.package_id.in_(packages(p).with_only_columns(Package.id)))


def share_access_events(p: Principal) -> Select[ShareAccess]:
    return select(ShareAccess).where(ShareAccess.share_id.in_(shares(p).with_only_columns(Share.id)))


# ---- case children: visible with their case ------------------------------------------------------------


def case_revisions(p: Principal) -> Select[CaseRevision]:
    return select(CaseRevision).where(CaseRevision.case_id.in_(scoping_case_ids(p)))


def comments(p: Principal) -> Select[Comment]:
    return select(Comment).where(Comment.case_id.in_(scoping_case_ids(p)))


def decisions(p: Principal) -> Select[Decision]:
    return select(Decision).where(Decision.case_id.in_(scoping_case_ids(p)))


def assignments(p: Principal) -> Select[Assignment]:
    return select(Assignment).where(Assignment.case_id.in_(scoping_case_ids(p)))


def review_marks(p: Principal) -> Select[ReviewMark]:
    """The revision each visible case was last reviewed at, by this principal (a person) only."""
    return select(ReviewMark).where(
        ReviewMark.coordinator_id == p.user_id, ReviewMark.case_id.in_(scoping_case_ids(p))
    )


def submission_events(p: Principal) -> Select[SubmissionEvent]:
    return select(SubmissionEvent).where(
        SubmissionEvent.submission_id.in_(submissions(p).with_only_columns(Submission.id))
    )


# ---- a person's and an organisation's own --------------------------------------------------------------


def conflicts(p: Principal) -> Select[ConflictOfInterest]:
    """The conflicts of interest this person declared."""
    return select(ConflictOfInterest).where(ConflictOfInterest.coordinator_id == p.user_id)


def notifications(p: Principal) -> Select[Notification]:
    """This person's notifications, about cases they still see (API tokens have none)."""
    if p.user_id is None:
        return select(Notification).where(false())
    return select(Notification).where(
        Notification.user_id == p.user_id,
        or_(Notification.case_id.is_(None), Notification.case_id.in_(scoping_case_ids(p))),
    )


def webhook_deliveries(p: Principal) -> Select[WebhookDelivery]:
    endpoints = webhook_endpoints(p).with_only_columns(WebhookEndpoint.id)
    return select(WebhookDelivery).where(WebhookDelivery.endpoint_id.in_(endpoints))


def webhook_attempts(p: Principal) -> Select[WebhookAttempt]:
    deliveries = webhook_deliveries(p).with_only_columns(WebhookDelivery.id)
    return select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(deliveries))


def api_tokens(p: Principal) -> Select[ApiToken]:
    """Each organisation (the coalition included) sees and revokes only its own tokens."""
    return select(ApiToken).where(ApiToken.org_id == p.org_id)


def feed_events(p: Principal) -> Select[FeedEvent]:
    """The change feed: the events written for this principal's organisation (each event is written once
    per organisation that may hear it, by the rule of `cases`, when it happens: see
    `unscoped_feed_audiences`)."""
    return select(FeedEvent).where(FeedEvent.org_id == p.org_id)


def manageable_api_tokens(p: Principal) -> Select[ApiToken]:
    """Tokens of the organisations whose members this principal manages (a member's tokens end with
    their role)."""
    return select(ApiToken).where(ApiToken.org_id.in_(manageable_org_ids(p)))


# ---- bulk writes ---------------------------------------------------------------------------------------


def _by_key(readable: Select[Any]) -> tuple[Any, ColumnElement[bool]]:
    entity = readable.column_descriptions[0]["entity"]
    key = inspect(entity).primary_key
    column = key[0] if len(key) == 1 else tuple_(*key)
    return entity, column.in_(readable.with_only_columns(*key))


def delete_rows(readable: Select[Any]) -> Delete:
    """DELETE exactly the rows a readable statement selects (e.g. `delete_rows(assignments(p).where(…))`)."""
    entity, rows = _by_key(readable)
    return delete(entity).where(rows)


def update_rows(readable: Select[Any]) -> Update:
    """UPDATE exactly the rows a readable statement selects; add `.values(...)`."""
    entity, rows = _by_key(readable)
    return update(entity).where(rows)


# ---- system statements: no principal -------------------------------------------------------------------
# Each one says why no principal applies. A request handler that reaches for one of these needs a reason
# as good as the one written here.


def unscoped_cases() -> Select[CaseFile]:
    """Cases for code that acts for no principal: a job loads the case its payload names (the request
    that deferred the job was scoped), a periodic job raises events on cases, the demo seed checks what
    already exists."""
    return select(CaseFile)


def unscoped_submissions() -> Select[Submission]:
    """Submissions for the periodic follow-up job, which sweeps every tenant's submissions for dates that
    have come (the announcement goes to each case's own people), and for a list import, which asks
    whether a delisted person was submitted to that government (the event goes to the case's people)."""
    return select(Submission)


def unscoped_designation_matches() -> Select[DesignationMatch]:
    """Designation matches for the screening and list jobs, which act for no principal: they score every
    live case's perpetrators against public list entries, and a list version that removes an entry raises
    the delisting on its matches, told to each case's own people. Readiness reads the matches of the one
    case its caller already holds (read through `cases(p)`): it takes the case, not the principal."""
    return select(DesignationMatch)


def unscoped_public_aggregate_cases() -> Select[CaseFile]:
    """Cases counted in the public aggregates (app/workflows/analytics): what the coalition sees (every
    tenant's cases from their first submission), for a figure any signed-in user may read because it
    leaves only as counts, cells under 5 suppressed, no title, no organisation named without consent."""
    return select(CaseFile).where(_COALITION_SEES_CASE)


def unscoped_public_aggregate_recommendations() -> Select[Submission]:
    """Submissions counted in the public aggregates (see `unscoped_public_aggregate_cases` and
    `recommendations`: every submission's case is one the coalition sees), by the categories, countries
    and victim groups they carry from their case; only counts and suppressed cells leave, never a
    submission or its case."""
    return select(Submission)


def unscoped_public_aggregate_matches() -> Select[DesignationMatch]:
    """Confirmed designation matches counted in the public aggregates (the civil-society basis of
    designations): only counts leave, and the entries they point at are already public."""
    return select(DesignationMatch).where(
        DesignationMatch.case_id.in_(unscoped_public_aggregate_cases().with_only_columns(CaseFile.id))
    )


def unscoped_named_organisations() -> Select[str]:
    """Organisations that consented to be named in the public aggregates: the public export of any
    signed-in user names them (and only them); it reads the consent, never the organisation's data."""
    return select(AnalyticsPublication.org_id).where(AnalyticsPublication.named)


def unscoped_evidence() -> Select[Evidence]:
    """Evidence for jobs (scan, sanitise, their retries), which act for no principal on the items their
    payload names or that a sweep finds stuck; they never hand an item to anyone."""
    return select(Evidence)


def unscoped_uploads() -> Select[Upload]:
    """Uploads for the periodic jobs: the expiry sweep, which drops every tenant's expired uploads (their
    staged bytes only; nothing is read or handed to anyone), and `tus.finish_unrecorded`, which only
    picks the candidates and then reads each through `uploads(p)` as its uploader."""
    return select(Upload)


def unscoped_membership_of_user(user_id: str) -> Select[Membership]:
    """A person's membership (at most one: a person belongs to one organisation). Sign-in builds the
    principal from it, single sign-on and invitations check it, and conflict-of-interest checks ask
    whether a coordinator belongs to a case's organisation: there is no principal for that person yet,
    or the question is about someone other than the caller."""
    return select(Membership).where(Membership.user_id == user_id)


def unscoped_invitation_by_token(token_hash: str) -> Select[Invitation]:
    """The invitation a secret link names: the invitee has no principal yet, the link is the credential."""
    return select(Invitation).where(Invitation.token_hash == token_hash)


def unscoped_invitations_for(email: str) -> Select[Invitation]:
    """Invitations to a (normalised) address: single sign-on matches a verified e-mail to one before the
    person has a principal."""
    return select(Invitation).where(Invitation.email == email)


def unscoped_api_token_by_hash(token_hash: str) -> Select[ApiToken]:
    """The token a bearer credential names: authentication turns it into a principal, so none exists yet."""
    return select(ApiToken).where(ApiToken.token_hash == token_hash)


def unscoped_api_token_names(ids: Iterable[str]) -> Select[str, str]:
    """The names of API tokens that acted in the audit trail, beside the trail: read only with
    `audit:read` (coalition administrators), who see the whole cross-tenant trail anyway. A name is
    what its owner called the token, never its secret."""
    return select(ApiToken.id, ApiToken.name).where(ApiToken.id.in_(list(ids)))


def unscoped_audit_events() -> Select[AuditEvent]:
    """The audit chain is one hash chain across every tenant: it is verified whole, and read only with
    `audit:read` (coalition administrators), which the route checks."""
    return select(AuditEvent)


# Event fan-out: whom to tell about a case. It runs for no principal (a coordinator's act tells the
# authoring NGO, a job tells everyone concerned), and sends identifiers and states, never content.


def unscoped_active_members(org_id: str, roles: Iterable[Role]) -> Select[str]:
    """Active people of an organisation holding one of these roles (a case's authors)."""
    return (
        select(Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.org_id == org_id, Membership.role.in_(list(roles)), User.is_active)
    )


def unscoped_coordinator_ids() -> Select[str]:
    """Active coordinators: one pool across the coalition, which review hands cases to and fan-out tells
    about new submissions."""
    return (
        select(Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.role == Role.coordinator, User.is_active)
    )


def unscoped_conflicts_with(case: CaseFile) -> Select[ConflictOfInterest]:
    """Conflicts of interest declared against a case or its organisation, by any coordinator: review checks
    the coordinator a case is handed to, fan-out leaves conflicted coordinators out."""
    return select(ConflictOfInterest).where(
        or_(ConflictOfInterest.org_id == case.org_id, ConflictOfInterest.case_id == case.id)
    )


def unscoped_assignment_of(case_id: str) -> Select[Assignment]:
    """Who reviews a case: fan-out tells the assigned coordinator whoever acted."""
    return select(Assignment).where(Assignment.case_id == case_id)


def unscoped_coalition_commenters(case: CaseFile) -> Select[str | None]:
    """Coalition people who wrote in a case's comment threads: an author's reply tells them."""
    return select(Comment.author_id).where(Comment.case_id == case.id, Comment.author_org_id != case.org_id)


def unscoped_webhook_endpoints_for(case_id: str) -> Select[WebhookEndpoint]:
    """Active endpoints that hear about a case. An endpoint acts for its organisation and hears what that
    organisation reads (the rule of `cases`): the authoring NGO's endpoints always, the coalition's once
    the case was first submitted. Fan-out runs for no principal (jobs raise events too). The case must be
    flushed: the rule is evaluated on its row."""
    coalition = select(Organization.id).where(Organization.kind == OrgKind.coalition)
    readable = select(CaseFile.id).where(
        CaseFile.id == case_id,
        or_(
            CaseFile.org_id == WebhookEndpoint.org_id,
            WebhookEndpoint.org_id.in_(coalition) & _COALITION_SEES_CASE,
        ),
    )
    return select(WebhookEndpoint).where(WebhookEndpoint.active, exists(readable))


def unscoped_feed_audiences(case_id: str) -> Select[str]:
    """The organisations that hear about a case in the change feed, by the rule of `cases` (the authoring
    NGO always, the coalition once the case was first submitted): fan-out runs for no principal, as for
    webhooks. The case must be flushed: the rule is evaluated on its row."""
    coalition = (Organization.kind == OrgKind.coalition) & _COALITION_SEES_CASE
    return (
        select(Organization.id)
        .where(CaseFile.id == case_id, or_(Organization.id == CaseFile.org_id, coalition))
        .order_by(Organization.id)
    )


def unscoped_feed_events() -> Select[FeedEvent]:
    """Change-feed rows for the periodic retention sweep, which drops every tenant's old events (nothing
    is read or handed to anyone)."""
    return select(FeedEvent)


def unscoped_webhook_deliveries() -> Select[WebhookDelivery]:
    """Deliveries for the delivery job (the one its payload names) and the periodic retry sweep (all due):
    both act for no principal and send only to the endpoint a delivery belongs to."""
    return select(WebhookDelivery)


def unscoped_webhook_endpoint_of(delivery: WebhookDelivery) -> Select[WebhookEndpoint]:
    """The endpoint a delivery goes to, for the delivery job (no principal)."""
    return select(WebhookEndpoint).where(WebhookEndpoint.id == delivery.endpoint_id)


def unscoped_share_by_token(token_hash: str) -> Select[Share]:
    """The share a hand-off link names: the government recipient has no account and so no principal; the
    link (then the mailed code or their age key) is the credential."""
    return select(Share).where(Share.token_hash == token_hash)


def unscoped_shares() -> Select[Share]:
    """Shares for code acting for no principal on shares it was handed: the expiry sweep (every tenant's
    links past their date), the mail job (the share its payload names) and a download in progress, which
    re-reads the state of the share it serves to stop at once when it is revoked."""
    return select(Share)


def unscoped_package_of(share: Share) -> Select[Package]:
    """The package a share names, for the recipient's page and download: the recipient has no principal
    (the link is the credential) and gets exactly the package the share was made for."""
    return select(Package).where(Package.id == share.package_id)


def unscoped_share_access_of(share: Share) -> Select[ShareAccess]:
    """The access events of one share the recipient's link resolved: their signed receipt is read from
    the completed download, for no principal (see `unscoped_share_by_token`)."""
    return select(ShareAccess).where(ShareAccess.share_id == share.id)
