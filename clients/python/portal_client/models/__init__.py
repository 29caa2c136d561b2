"""Contains all the data models used in inputs/outputs"""

from .abuse_category import AbuseCategory
from .accept_invitation_in import AcceptInvitationIn
from .accept_invitation_response_accept_invitation import (
    AcceptInvitationResponseAcceptInvitation,
)
from .access_event_out import AccessEventOut
from .access_event_out_detail import AccessEventOutDetail
from .access_kind import AccessKind
from .assign_in import AssignIn
from .assignment_out import AssignmentOut
from .attempt_out import AttemptOut
from .audit_event_out import AuditEventOut
from .audit_event_out_data import AuditEventOutData
from .audit_verify_out import AuditVerifyOut
from .build_report_format import BuildReportFormat
from .case_approved_webhook import CaseApprovedWebhook
from .case_changes_requested_webhook import CaseChangesRequestedWebhook
from .case_create_in import CaseCreateIn
from .case_create_in_content import CaseCreateInContent
from .case_file_template_lang import CaseFileTemplateLang
from .case_list_out import CaseListOut
from .case_list_out_counts import CaseListOutCounts
from .case_out import CaseOut
from .case_out_content import CaseOutContent
from .case_readiness_lang_type_0 import CaseReadinessLangType0
from .case_readiness_response_case_readiness import CaseReadinessResponseCaseReadiness
from .case_rejected_webhook import CaseRejectedWebhook
from .case_revision_data import CaseRevisionData
from .case_sort import CaseSort
from .case_status import CaseStatus
from .case_submitted_data import CaseSubmittedData
from .case_submitted_webhook import CaseSubmittedWebhook
from .case_summary_out import CaseSummaryOut
from .case_template_out import CaseTemplateOut
from .case_template_out_content import CaseTemplateOutContent
from .case_update_in import CaseUpdateIn
from .case_update_in_content_type_0 import CaseUpdateInContentType0
from .cases_change_out import CasesChangeOut
from .catalogue_out import CatalogueOut
from .catalogue_out_definitions import CatalogueOutDefinitions
from .change_kind import ChangeKind
from .changes_out import ChangesOut
from .channel import Channel
from .column_out import ColumnOut
from .column_out_kind import ColumnOutKind
from .comment_in import CommentIn
from .comment_out import CommentOut
from .confirm_in import ConfirmIn
from .confirmed_designation_facts import ConfirmedDesignationFacts
from .conflict_in import ConflictIn
from .conflict_out import ConflictOut
from .custody_event_out import CustodyEventOut
from .custody_event_out_detail import CustodyEventOutDetail
from .decision_in import DecisionIn
from .decision_in_decision import DecisionInDecision
from .decision_out import DecisionOut
from .decision_result_out import DecisionResultOut
from .delivery_out import DeliveryOut
from .delivery_out_payload import DeliveryOutPayload
from .designation_confirmed_data import DesignationConfirmedData
from .designation_confirmed_webhook import DesignationConfirmedWebhook
from .designation_data import DesignationData
from .designation_delisted_webhook import DesignationDelistedWebhook
from .designation_facts import DesignationFacts
from .designation_in import DesignationIn
from .designation_out import DesignationOut
from .designation_rejected_webhook import DesignationRejectedWebhook
from .designations_change_out import DesignationsChangeOut
from .designations_change_out_detail import DesignationsChangeOutDetail
from .designations_import_out import DesignationsImportOut
from .diff_case_lang_type_0 import DiffCaseLangType0
from .diff_out import DiffOut
from .diff_out_sections import DiffOutSections
from .download_evidence_variant_type_0 import DownloadEvidenceVariantType0
from .eligible_regime import EligibleRegime
from .embedded_object_out import EmbeddedObjectOut
from .entries_out import EntriesOut
from .entry_out import EntryOut
from .entry_out_entity import EntryOutEntity
from .entry_out_other_ids import EntryOutOtherIds
from .evidence_choice_out import EvidenceChoiceOut
from .evidence_decision_in import EvidenceDecisionIn
from .evidence_list_out import EvidenceListOut
from .evidence_out import EvidenceOut
from .evidence_out_default_variant_type_0 import EvidenceOutDefaultVariantType0
from .evidence_out_downloadable_item import EvidenceOutDownloadableItem
from .evidence_update_in import EvidenceUpdateIn
from .evidence_update_in_share_with_type_0_item import (
    EvidenceUpdateInShareWithType0Item,
)
from .excluded_out import ExcludedOut
from .export_case_lang import ExportCaseLang
from .export_case_purpose import ExportCasePurpose
from .external_link_out import ExternalLinkOut
from .feed_case_out import FeedCaseOut
from .feed_event_out import FeedEventOut
from .feed_event_out_data import FeedEventOutData
from .feed_page_out import FeedPageOut
from .fetch_state_out import FetchStateOut
from .gap_out import GapOut
from .gap_summary_out import GapSummaryOut
from .gaps_out import GapsOut
from .get_metric_format import GetMetricFormat
from .hash_check_out import HashCheckOut
from .hash_check_out_variant import HashCheckOutVariant
from .health_response_health import HealthResponseHealth
from .image_out import ImageOut
from .import_case_body import ImportCaseBody
from .import_report import ImportReport
from .import_report_mode import ImportReportMode
from .import_version_body import ImportVersionBody
from .invitation_in import InvitationIn
from .invitation_info_out import InvitationInfoOut
from .invitation_out import InvitationOut
from .invitation_token_in import InvitationTokenIn
from .jurisdiction_readiness import JurisdictionReadiness
from .jurisdiction_summary_out import JurisdictionSummaryOut
from .labelled_perpetrator import LabelledPerpetrator
from .list_jurisdictions_response_200_item import ListJurisdictionsResponse200Item
from .list_out import ListOut
from .list_scopes_response_list_scopes import ListScopesResponseListScopes
from .list_webhook_event_types_lang_type_0 import ListWebhookEventTypesLangType0
from .listing_out import ListingOut
from .login_in import LoginIn
from .login_mfa_in import LoginMfaIn
from .login_out import LoginOut
from .mark_read_in import MarkReadIn
from .mark_read_response_mark_read import MarkReadResponseMarkRead
from .match_case_out import MatchCaseOut
from .match_out import MatchOut
from .match_out_explanations import MatchOutExplanations
from .match_out_explanations_additional_property import (
    MatchOutExplanationsAdditionalProperty,
)
from .match_status import MatchStatus
from .match_submission_out import MatchSubmissionOut
from .matches_out import MatchesOut
from .matches_out_counts import MatchesOutCounts
from .me_out import MeOut
from .member_out import MemberOut
from .message import Message
from .message_params import MessageParams
from .message_part import MessagePart
from .message_part_params import MessagePartParams
from .metric_info_out import MetricInfoOut
from .metric_out import MetricOut
from .metric_out_filters import MetricOutFilters
from .metric_out_rows_item import MetricOutRowsItem
from .metric_out_scope import MetricOutScope
from .mfa_challenge_out import MfaChallengeOut
from .mfa_status_out import MfaStatusOut
from .notification_list_out import NotificationListOut
from .notification_out import NotificationOut
from .notification_out_detail_type_0 import NotificationOutDetailType0
from .oidc_provider_out import OidcProviderOut
from .org_create_in import OrgCreateIn
from .org_kind import OrgKind
from .org_out import OrgOut
from .org_update_in import OrgUpdateIn
from .package_built_data import PackageBuiltData
from .package_built_webhook import PackageBuiltWebhook
from .package_out import PackageOut
from .package_request_in import PackageRequestIn
from .package_request_out import PackageRequestOut
from .package_state import PackageState
from .package_summary_out import PackageSummaryOut
from .password_change_in import PasswordChangeIn
from .password_reset_accepted import PasswordResetAccepted
from .password_reset_confirm_in import PasswordResetConfirmIn
from .password_reset_done import PasswordResetDone
from .password_reset_in import PasswordResetIn
from .perpetrator_side_out import PerpetratorSideOut
from .perpetrator_side_out_id_numbers_item import PerpetratorSideOutIdNumbersItem
from .perpetrator_side_out_positions_item import PerpetratorSideOutPositionsItem
from .placement import Placement
from .placement_source import PlacementSource
from .prefs_in import PrefsIn
from .prefs_out import PrefsOut
from .problem import Problem
from .problem_error import ProblemError
from .programme_out import ProgrammeOut
from .public_export_format import PublicExportFormat
from .public_export_out import PublicExportOut
from .publication_in import PublicationIn
from .publication_out import PublicationOut
from .purge_in import PurgeIn
from .qualifying_abuse import QualifyingAbuse
from .queue_item_out import QueueItemOut
from .queue_out import QueueOut
from .queue_out_counts import QueueOutCounts
from .readiness_item import ReadinessItem
from .readiness_item_params import ReadinessItemParams
from .readiness_warning import ReadinessWarning
from .readiness_warning_params import ReadinessWarningParams
from .reauth_in import ReauthIn
from .receipt_key_out import ReceiptKeyOut
from .recipient_in import RecipientIn
from .recipient_out import RecipientOut
from .recipient_patch_in import RecipientPatchIn
from .recovery_codes_out import RecoveryCodesOut
from .refusal_out import RefusalOut
from .reject_in import RejectIn
from .request_packages_lang_type_0 import RequestPackagesLangType0
from .review_item import ReviewItem
from .review_item_kind import ReviewItemKind
from .review_state_out import ReviewStateOut
from .revision_detail_out import RevisionDetailOut
from .revision_detail_out_content import RevisionDetailOutContent
from .revision_out import RevisionOut
from .revoke_all_in import RevokeAllIn
from .revoke_in import RevokeIn
from .revoked_out import RevokedOut
from .role import Role
from .role_change_in import RoleChangeIn
from .sanitise_status import SanitiseStatus
from .scan_status import ScanStatus
from .scope import Scope
from .send_in import SendIn
from .sending_out import SendingOut
from .sending_out_params import SendingOutParams
from .sending_out_texts import SendingOutTexts
from .sensitivity import Sensitivity
from .session_out import SessionOut
from .share_factor import ShareFactor
from .share_in import ShareIn
from .share_out import ShareOut
from .share_recipient_out import ShareRecipientOut
from .share_state import ShareState
from .since_reviewed_out import SinceReviewedOut
from .status_in import StatusIn
from .submission_event_out import SubmissionEventOut
from .submission_event_out_detail import SubmissionEventOutDetail
from .submission_out import SubmissionOut
from .submission_outcome import SubmissionOutcome
from .submission_patch_in import SubmissionPatchIn
from .submission_status import SubmissionStatus
from .submission_status_changed_data import SubmissionStatusChangedData
from .submission_status_changed_webhook import SubmissionStatusChangedWebhook
from .submission_summary_out import SubmissionSummaryOut
from .submissions_summary_out import SubmissionsSummaryOut
from .suppressed_cell_out import SuppressedCellOut
from .timestamp_check_out import TimestampCheckOut
from .timestamp_out import TimestampOut
from .timestamp_out_state import TimestampOutState
from .timestamp_state_out import TimestampStateOut
from .timestamp_state_out_state import TimestampStateOutState
from .token_create_in import TokenCreateIn
from .token_created_out import TokenCreatedOut
from .token_out import TokenOut
from .token_rotate_in import TokenRotateIn
from .token_rotated_out import TokenRotatedOut
from .totp_confirm_in import TotpConfirmIn
from .totp_enrolment_out import TotpEnrolmentOut
from .upload_evidence_body import UploadEvidenceBody
from .upload_evidence_body_sensitivity import UploadEvidenceBodySensitivity
from .upload_status_out import UploadStatusOut
from .verify_out import VerifyOut
from .version_out import VersionOut
from .version_out_counts import VersionOutCounts
from .version_status import VersionStatus
from .victim_group import VictimGroup
from .webhook_case import WebhookCase
from .webhook_created_out import WebhookCreatedOut
from .webhook_event_type import WebhookEventType
from .webhook_in import WebhookIn
from .webhook_out import WebhookOut
from .withdraw_in import WithdrawIn
from .word_import_out import WordImportOut

__all__ = (
    "AbuseCategory",
    "AcceptInvitationIn",
    "AcceptInvitationResponseAcceptInvitation",
    "AccessEventOut",
    "AccessEventOutDetail",
    "AccessKind",
    "AssignIn",
    "AssignmentOut",
    "AttemptOut",
    "AuditEventOut",
    "AuditEventOutData",
    "AuditVerifyOut",
    "BuildReportFormat",
    "CaseApprovedWebhook",
    "CaseChangesRequestedWebhook",
    "CaseCreateIn",
    "CaseCreateInContent",
    "CaseFileTemplateLang",
    "CaseListOut",
    "CaseListOutCounts",
    "CaseOut",
    "CaseOutContent",
    "CaseReadinessLangType0",
    "CaseReadinessResponseCaseReadiness",
    "CaseRejectedWebhook",
    "CaseRevisionData",
    "CaseSort",
    "CaseStatus",
    "CaseSubmittedData",
    "CaseSubmittedWebhook",
    "CaseSummaryOut",
    "CaseTemplateOut",
    "CaseTemplateOutContent",
    "CaseUpdateIn",
    "CaseUpdateInContentType0",
    "CasesChangeOut",
    "CatalogueOut",
    "CatalogueOutDefinitions",
    "ChangeKind",
    "ChangesOut",
    "Channel",
    "ColumnOut",
    "ColumnOutKind",
    "CommentIn",
    "CommentOut",
    "ConfirmIn",
    "ConfirmedDesignationFacts",
    "ConflictIn",
    "ConflictOut",
    "CustodyEventOut",
    "CustodyEventOutDetail",
    "DecisionIn",
    "DecisionInDecision",
    "DecisionOut",
    "DecisionResultOut",
    "DeliveryOut",
    "DeliveryOutPayload",
    "DesignationConfirmedData",
    "DesignationConfirmedWebhook",
    "DesignationData",
    "DesignationDelistedWebhook",
    "DesignationFacts",
    "DesignationIn",
    "DesignationOut",
    "DesignationRejectedWebhook",
    "DesignationsChangeOut",
    "DesignationsChangeOutDetail",
    "DesignationsImportOut",
    "DiffCaseLangType0",
    "DiffOut",
    "DiffOutSections",
    "DownloadEvidenceVariantType0",
    "EligibleRegime",
    "EmbeddedObjectOut",
    "EntriesOut",
    "EntryOut",
    "EntryOutEntity",
    "EntryOutOtherIds",
    "EvidenceChoiceOut",
    "EvidenceDecisionIn",
    "EvidenceListOut",
    "EvidenceOut",
    "EvidenceOutDefaultVariantType0",
    "EvidenceOutDownloadableItem",
    "EvidenceUpdateIn",
    "EvidenceUpdateInShareWithType0Item",
    "ExcludedOut",
    "ExportCaseLang",
    "ExportCasePurpose",
    "ExternalLinkOut",
    "FeedCaseOut",
    "FeedEventOut",
    "FeedEventOutData",
    "FeedPageOut",
    "FetchStateOut",
    "GapOut",
    "GapSummaryOut",
    "GapsOut",
    "GetMetricFormat",
    "HashCheckOut",
    "HashCheckOutVariant",
    "HealthResponseHealth",
    "ImageOut",
    "ImportCaseBody",
    "ImportReport",
    "ImportReportMode",
    "ImportVersionBody",
    "InvitationIn",
    "InvitationInfoOut",
    "InvitationOut",
    "InvitationTokenIn",
    "JurisdictionReadiness",
    "JurisdictionSummaryOut",
    "LabelledPerpetrator",
    "ListJurisdictionsResponse200Item",
    "ListOut",
    "ListScopesResponseListScopes",
    "ListWebhookEventTypesLangType0",
    "ListingOut",
    "LoginIn",
    "LoginMfaIn",
    "LoginOut",
    "MarkReadIn",
    "MarkReadResponseMarkRead",
    "MatchCaseOut",
    "MatchOut",
    "MatchOutExplanations",
    "MatchOutExplanationsAdditionalProperty",
    "MatchStatus",
    "MatchSubmissionOut",
    "MatchesOut",
    "MatchesOutCounts",
    "MeOut",
    "MemberOut",
    "Message",
    "MessageParams",
    "MessagePart",
    "MessagePartParams",
    "MetricInfoOut",
    "MetricOut",
    "MetricOutFilters",
    "MetricOutRowsItem",
    "MetricOutScope",
    "MfaChallengeOut",
    "MfaStatusOut",
    "NotificationListOut",
    "NotificationOut",
    "NotificationOutDetailType0",
    "OidcProviderOut",
    "OrgCreateIn",
    "OrgKind",
    "OrgOut",
    "OrgUpdateIn",
    "PackageBuiltData",
    "PackageBuiltWebhook",
    "PackageOut",
    "PackageRequestIn",
    "PackageRequestOut",
    "PackageState",
    "PackageSummaryOut",
    "PasswordChangeIn",
    "PasswordResetAccepted",
    "PasswordResetConfirmIn",
    "PasswordResetDone",
    "PasswordResetIn",
    "PerpetratorSideOut",
    "PerpetratorSideOutIdNumbersItem",
    "PerpetratorSideOutPositionsItem",
    "Placement",
    "PlacementSource",
    "PrefsIn",
    "PrefsOut",
    "Problem",
    "ProblemError",
    "ProgrammeOut",
    "PublicExportFormat",
    "PublicExportOut",
    "PublicationIn",
    "PublicationOut",
    "PurgeIn",
    "QualifyingAbuse",
    "QueueItemOut",
    "QueueOut",
    "QueueOutCounts",
    "ReadinessItem",
    "ReadinessItemParams",
    "ReadinessWarning",
    "ReadinessWarningParams",
    "ReauthIn",
    "ReceiptKeyOut",
    "RecipientIn",
    "RecipientOut",
    "RecipientPatchIn",
    "RecoveryCodesOut",
    "RefusalOut",
    "RejectIn",
    "RequestPackagesLangType0",
    "ReviewItem",
    "ReviewItemKind",
    "ReviewStateOut",
    "RevisionDetailOut",
    "RevisionDetailOutContent",
    "RevisionOut",
    "RevokeAllIn",
    "RevokeIn",
    "RevokedOut",
    "Role",
    "RoleChangeIn",
    "SanitiseStatus",
    "ScanStatus",
    "Scope",
    "SendIn",
    "SendingOut",
    "SendingOutParams",
    "SendingOutTexts",
    "Sensitivity",
    "SessionOut",
    "ShareFactor",
    "ShareIn",
    "ShareOut",
    "ShareRecipientOut",
    "ShareState",
    "SinceReviewedOut",
    "StatusIn",
    "SubmissionEventOut",
    "SubmissionEventOutDetail",
    "SubmissionOut",
    "SubmissionOutcome",
    "SubmissionPatchIn",
    "SubmissionStatus",
    "SubmissionStatusChangedData",
    "SubmissionStatusChangedWebhook",
    "SubmissionSummaryOut",
    "SubmissionsSummaryOut",
    "SuppressedCellOut",
    "TimestampCheckOut",
    "TimestampOut",
    "TimestampOutState",
    "TimestampStateOut",
    "TimestampStateOutState",
    "TokenCreateIn",
    "TokenCreatedOut",
    "TokenOut",
    "TokenRotateIn",
    "TokenRotatedOut",
    "TotpConfirmIn",
    "TotpEnrolmentOut",
    "UploadEvidenceBody",
    "UploadEvidenceBodySensitivity",
    "UploadStatusOut",
    "VerifyOut",
    "VersionOut",
    "VersionOutCounts",
    "VersionStatus",
    "VictimGroup",
    "WebhookCase",
    "WebhookCreatedOut",
    "WebhookEventType",
    "WebhookIn",
    "WebhookOut",
    "WithdrawIn",
    "WordImportOut",
)
