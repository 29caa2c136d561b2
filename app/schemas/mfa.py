"""Request/response models for two-factor authentication, sessions and single sign-on."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from app.schemas.identity import Strict

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=6, max_length=64)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class MfaStatusOut(BaseModel):
    enabled: bool
    pending: bool = Field(description="An enrolment was started and awaits its confirmation code")
    confirmed_at: datetime | None
    recovery_codes_left: int
    required: bool = Field(description="Your role (or the coalition) requires two-factor authentication")


class TotpEnrolmentOut(BaseModel):
    secret: str = Field(description="Base32 secret, for typing into an app that cannot scan the QR code")
    otpauth_uri: str
    qr_svg: str = Field(description="The otpauth URI as a QR code, inline SVG")


class TotpConfirmIn(Strict):
    code: Code


class RecoveryCodesOut(BaseModel):
    recovery_codes: list[str] = Field(description="Shown once; each works once. Only hashes are stored.")


class ReauthIn(Strict):
    password: Password
    code: Code = Field(description="A current authenticator code or a recovery code")


class SessionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    device: str | None = Field(description="The browser's user agent when it signed in")
    ip: str | None
    auth_method: str
    mfa_passed: bool
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    current: bool


class RevokeAllIn(Strict):
    # StrictBool: JSON true or false only. A lax bool would also take "false", "no", 0 or 1, so a client
    # that sends the wrong type would decide by accident whether its own session survives.
    keep_current: StrictBool = Field(
        default=True, description="Keep the session making this request (JSON true or false only)"
    )


class RevokedOut(BaseModel):
    revoked: int


class PasswordChangeIn(Strict):
    current_password: Password
    new_password: Password


class OidcProviderOut(BaseModel):
    name: str
    login_url: str
