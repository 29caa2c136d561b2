"""Request/response models for the secure hand-off: recipients, shares, access events, the receipt key."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.models.handoff import AccessKind, ShareFactor, ShareState

Code = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=2, max_length=4)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Office = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
# One address, no display name and no line breaks (it becomes a mail header).
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_lower=True,
        min_length=3,
        max_length=320,
        pattern=r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$",
    ),
]
AgeKey = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=10, max_length=120, pattern=r"^age1[0-9a-z]+$")
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Reference = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
]
Id = Annotated[str, StringConstraints(min_length=1, max_length=32)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecipientIn(_In):
    jurisdiction: Code = Field(description="us, uk, ca, eu")
    name: Name
    office: Office = Field(description="e.g. U.S. Department of the Treasury, OFAC")
    email: Email
    age_recipient: AgeKey | None = Field(
        default=None, description="an age X25519 public key (age1…): packages are then encrypted to it"
    )
    note: Note | None = None


class RecipientPatchIn(_In):
    jurisdiction: Code | None = None
    name: Name | None = None
    office: Office | None = None
    email: Email | None = None
    age_recipient: AgeKey | None = Field(default=None, description="null removes the key")
    note: Note | None = None
    active: bool | None = Field(default=None, description="false: no new shares to this recipient")


class RecipientOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    jurisdiction: str
    name: str
    office: str
    email: str
    age_recipient: str | None
    note: str | None
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class ShareIn(_In):
    recipient_ids: list[Id] = Field(min_length=1, max_length=20)
    expires_in_days: int | None = Field(default=None, ge=1, le=90, description="default 14")
    max_downloads: int | None = Field(default=None, ge=1, le=20, description="default 3")
    reference: Reference | None = Field(
        default=None,
        description="shown to the recipient and in the mail; default <JURISDICTION>-<package id>",
    )


class ShareRecipientOut(BaseModel):
    id: str
    name: str
    office: str
    email: str


class ShareOut(BaseModel):
    id: str
    package_id: str
    submission_id: str | None
    jurisdiction: str
    reference: str
    recipient: ShareRecipientOut
    factor: ShareFactor = Field(
        description="code: a mailed one-time code; age: encrypted to the recipient's key"
    )
    state: ShareState
    status: str = Field(description="active | exhausted | expired | revoked | locked")
    expires_at: dt.datetime
    max_downloads: int
    downloads_started: int
    downloads_completed: int
    downloads_left: int
    codes_sent: int
    failed_codes: int
    created_at: dt.datetime
    created_by: str | None
    ended_at: dt.datetime | None
    last_access_at: dt.datetime | None


class RevokeIn(_In):
    reason: Note | None = None


class AccessEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    share_id: str
    submission_id: str | None
    kind: AccessKind
    at: dt.datetime
    ip: str | None
    user_agent: str | None
    bytes: int | None
    detail: dict[str, Any]
    actor_user_id: str | None


class ReceiptKeyOut(BaseModel):
    kty: str
    crv: str
    alg: str
    use: str
    kid: str
    x: str = Field(description="the raw 32-byte Ed25519 public key, base64url")
    pem: str
    format: str
    verification: str
