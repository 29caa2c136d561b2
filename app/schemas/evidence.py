"""Request/response models for evidence items, their custody and verification."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from app.models.evidence import SanitiseStatus, ScanStatus, Sensitivity
from app.schemas.case_content import ITEM_ID_PATTERN, MAX_TEXT_LENGTH, JurisdictionCode, PartialDate

Variant = Literal["original", "sanitised"]


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _split_list(value: Any) -> Any:
    """Form fields and tus Upload-Metadata carry lists as comma-separated text."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _dedupe(value: Any) -> Any:
    # Strings only: a list holding lists or objects is left for validation to refuse (422), not a 500.
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(dict.fromkeys(value))
    return value


EvidenceTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Description = Annotated[str, StringConstraints(max_length=MAX_TEXT_LENGTH)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
ItemRef = Annotated[str, StringConstraints(pattern=ITEM_ID_PATTERN)]
Sha256Hex = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[0-9a-f]{64}$")]

OptTitle = Annotated[EvidenceTitle | None, BeforeValidator(_blank_to_none)]
OptDescription = Annotated[Description | None, BeforeValidator(_blank_to_none)]
OptDate = Annotated[PartialDate | None, BeforeValidator(_blank_to_none)]
OptPlace = Annotated[Place | None, BeforeValidator(_blank_to_none)]
Jurisdictions = Annotated[
    list[JurisdictionCode], BeforeValidator(_split_list), BeforeValidator(_dedupe), Field(max_length=4)
]
Refs = Annotated[list[ItemRef], BeforeValidator(_split_list), BeforeValidator(_dedupe), Field(max_length=200)]


class EvidenceMetaIn(BaseModel):
    """What an uploader says about an item: multipart form fields or tus `Upload-Metadata` keys.

    Lists may be given comma-separated (`share_with=us,uk`). `sha256` is the uploader's checksum of
    the whole file (hex); when given, the stored bytes must match it or the upload is discarded.
    """

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    filename: Annotated[str | None, BeforeValidator(_blank_to_none), Field(max_length=300)] = None
    title: OptTitle = None
    description: OptDescription = None
    captured_date: OptDate = None
    captured_place: OptPlace = None
    sensitivity: Sensitivity = Sensitivity.confidential
    share_with: Jurisdictions = Field(default_factory=list)
    perpetrator_ids: Refs = Field(default_factory=list)
    incident_ids: Refs = Field(default_factory=list)
    sha256: Annotated[Sha256Hex | None, BeforeValidator(_blank_to_none)] = None


class EvidenceUpdateIn(BaseModel):
    """Fields left out are unchanged; send null to clear an optional one."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: EvidenceTitle | None = None
    description: OptDescription = None
    captured_date: OptDate = None
    captured_place: OptPlace = None
    sensitivity: Sensitivity | None = None
    share_with: Jurisdictions | None = None
    perpetrator_ids: Refs | None = None
    incident_ids: Refs | None = None


class PurgeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=2000)]


class DeleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str | None, Field(max_length=2000)] = None


TimestampState = Literal["granted", "pending", "none"]


class TimestampStateOut(BaseModel):
    state: TimestampState
    note: str = Field(description="e.g. 'no timestamp: no Time-Stamping Authority is configured'")
    gen_time: datetime | None = None
    tsa: str | None = None


class EvidenceOut(BaseModel):
    id: str
    case_id: str
    number: int
    label: str
    title: str
    description: str | None
    original_filename: str | None = Field(
        description="null for coordinators when the item is source-identifying"
    )
    media_type: str
    size: int
    sha256: str
    sensitivity: Sensitivity
    share_with: list[str]
    captured_date: str | None
    captured_place: str | None
    perpetrator_ids: list[str]
    incident_ids: list[str]
    scan_status: ScanStatus
    scan_signature: str | None
    scan_engine: str | None = Field(description="the scanner and signature version of the last scan")
    scanned_at: datetime | None
    scan_note: str = Field(description="the scan in words; says so plainly when the portal has no scanner")
    quarantined: bool
    sanitise_status: SanitiseStatus
    sanitise_note: str = Field(
        description="how the shared copy was made (tool, or 'the original bytes' for plain text), or why "
        "there is none"
    )
    derivative_sha256: str | None
    derivative_size: int | None
    uploaded_by: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    deleted_reason: str | None
    timestamp: TimestampStateOut = Field(description="the RFC 3161 timestamp of the original's SHA-256")
    downloadable: list[Variant] = Field(description="variants the caller may download now")
    default_variant: Variant | None = Field(description="what GET .../content serves the caller by default")
    sending: list[SendingOut] = Field(
        description="per jurisdiction: would a package built now carry it, and if not, why",
    )


class SendingOut(BaseModel):
    jurisdiction: str
    sent: bool = Field(description="whether a package to this jurisdiction built now would carry the item")
    reason: str | None = Field(default=None, description="why not, in words (English)")
    code: str | None = Field(
        default=None,
        description="why not, as a stable message code (templates in app/jurisdictions/messages.py)",
        examples=["evidence_not_cleared"],
    )
    params: dict[str, str | int | float | bool | list[str] | None] = Field(
        default_factory=dict, description="the values the message's placeholders take"
    )
    details: list[str] = Field(
        default_factory=list, description="codes (without params) of further messages the reason adds"
    )
    texts: dict[Literal["en", "fr", "es", "ar"], str] = Field(
        default_factory=dict,
        description='`reason` in each of the portal\'s languages (it reads after "will not be sent to …:")',
    )


class EvidenceListOut(BaseModel):
    items: list[EvidenceOut]
    total_size: int = Field(description="bytes of the case's evidence that count towards its quota")
    quota_bytes: int


class CustodyEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    evidence_id: str
    action: str
    at: datetime
    actor_user_id: str | None
    actor_token_id: str | None
    sha256: str | None
    detail: dict[str, Any]
    audit_seq: int | None


class HashCheckOut(BaseModel):
    variant: Variant
    expected_sha256: str
    actual_sha256: str | None
    size: int | None
    match: bool
    error: str | None = None


class TimestampCheckOut(BaseModel):
    valid: bool
    detail: str
    signature_checked: bool = Field(
        description="false without PORTAL_TSA_CA_FILE: only the imprint was checked"
    )
    gen_time: datetime | None
    serial: str | None


class VerifyOut(BaseModel):
    evidence_id: str
    match: bool = Field(description="every stored copy matches its record, and the timestamp (if any) holds")
    checks: list[HashCheckOut]
    timestamp: TimestampCheckOut | None = Field(description="null when the item has no timestamp token")
    checked_at: datetime


class TimestampOut(BaseModel):
    evidence_id: str
    sha256: str = Field(description="the original's SHA-256, which the token stamps")
    state: TimestampState
    note: str
    tsa: str | None
    gen_time: datetime | None
    serial: str | None
    attempts: int
    token_base64: str | None = Field(description="the TSA's reply (DER TimeStampResp), base64")
    verification: TimestampCheckOut | None
    verify_offline: str | None = Field(description="the openssl command line that checks the token")


class UploadStatusOut(BaseModel):
    id: str
    case_id: str
    length: int
    offset: int
    expires_at: datetime
    completed_at: datetime | None
    evidence_id: str | None


# The multipart upload's form (the endpoint parses it as a stream, so OpenAPI is told by hand).
EVIDENCE_FORM_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "captured_date": {"type": "string", "description": "YYYY, YYYY-MM or YYYY-MM-DD"},
                        "captured_place": {"type": "string"},
                        "sensitivity": {
                            "type": "string",
                            "enum": ["public", "confidential", "source_identifying"],
                        },
                        "share_with": {"type": "string", "description": "comma-separated: us,uk,ca,eu"},
                        "perpetrator_ids": {"type": "string", "description": "comma-separated"},
                        "incident_ids": {"type": "string", "description": "comma-separated"},
                        "sha256": {"type": "string", "description": "hex SHA-256 of the file; must match"},
                    },
                }
            }
        },
    }
}
