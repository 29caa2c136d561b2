"""Request/response models for identity, organisations, tokens and audit."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints, field_validator

from app.models.identity import OrgKind, Role

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    email: Annotated[str, StringConstraints(min_length=3, max_length=320)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class OrgOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    name: str
    kind: OrgKind
    country: str | None
    require_sso: bool
    email_domains: list[str] = Field(default_factory=list, description="Domains trusted for single sign-on")
    created_at: datetime

    @field_validator("email_domains", mode="before")
    @classmethod
    def _split_domains(cls, value: object) -> object:
        if value is None:
            return []
        if isinstance(value, str):
            return [d for d in value.split(",") if d]
        return value


class MeOut(BaseModel):
    id: str | None
    email: str | None
    display_name: str | None
    organization: OrgOut
    role: Role
    permissions: list[str]
    auth: str  # "session" or "token"
    token_scopes: list[str] | None = None
    csrf_token: str | None = None
    mfa_passed: bool = False
    mfa_required: bool = Field(
        default=False, description="This session must pass a second factor before anything but enrolment"
    )
    mfa_enrolled: bool = False
    auth_method: str | None = Field(default=None, description="password | oidc (sessions only)")


class LoginOut(BaseModel):
    me: MeOut
    csrf_token: str
    mfa_required: Literal[False] = False


class MfaChallengeOut(BaseModel):
    """The password was right; send a code with `challenge` to POST /auth/login/mfa. No session yet."""

    mfa_required: Literal[True] = True
    challenge: str
    expires_at: datetime
    methods: list[str] = Field(default_factory=lambda: ["totp", "recovery_code"])


class LoginMfaIn(Strict):
    challenge: Annotated[str, StringConstraints(min_length=10, max_length=200)]
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=6, max_length=64)]


class OrgUpdateIn(Strict):
    require_sso: bool | None = None
    email_domains: list[Annotated[str, StringConstraints(max_length=200)]] | None = Field(
        default=None, max_length=20
    )


class OrgCreateIn(Strict):
    name: Name
    kind: OrgKind = OrgKind.ngo
    country: Annotated[str | None, StringConstraints(pattern=r"^[A-Za-z]{2}$")] = None
    email_domains: list[Annotated[str, StringConstraints(max_length=200)]] = Field(
        default_factory=list, max_length=20
    )


class MemberOut(BaseModel):
    user_id: str
    email: str
    display_name: str
    role: Role
    joined_at: datetime


class RoleChangeIn(Strict):
    role: Role


class InvitationIn(Strict):
    email: EmailStr
    role: Role


class InvitationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    org_id: str
    email: str
    role: Role
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class InvitationInfoOut(BaseModel):
    organization: str
    email: str
    role: Role
    expires_at: datetime


class InvitationTokenIn(Strict):
    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]


class AcceptInvitationIn(Strict):
    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]
    display_name: Name
    password: Annotated[str, StringConstraints(max_length=1024)] | None = None


class TokenCreateIn(Strict):
    name: Name
    scopes: list[str] = Field(min_length=1, max_length=20)
    expires_in_days: int = Field(default=90, ge=1, le=365)


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None = Field(description="Last use (to within a minute).")
    rotated_from: str | None = Field(default=None, description="The token this one succeeded (rotation).")
    replaced_by: str | None = Field(
        default=None, description="Its successor: this token expires at the end of the overlap."
    )


class TokenCreatedOut(TokenOut):
    token: str = Field(description="Shown once; only its hash is stored.")


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    seq: int
    at: datetime
    actor_user_id: str | None
    actor_token_id: str | None
    org_id: str | None
    action: str
    target_type: str | None
    target_id: str | None
    data: dict[str, object]
    hash: str
    # Names beside the ids, as they are now (a renamed account shows its new name).
    actor_name: str | None = None
    token_name: str | None = None
    org_name: str | None = None


class AuditVerifyOut(BaseModel):
    ok: bool
    events: int
    first_broken_seq: int | None
    reason: str | None
    head_hash: str | None
    checked_at: datetime | None
