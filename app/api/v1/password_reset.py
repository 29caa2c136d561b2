"""Forgotten passwords: ask for a reset link, then choose a new password with it (issue #15)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, StringConstraints

from app.api.deps import SessionDep, client_ip
from app.workflows import password_reset

router = APIRouter(tags=["auth"])

# Tokens in any log line of this process are blanked (the link's token never reaches the server in a
# URL: it travels in the fragment, and the page posts it in the body).
password_reset.install_log_redaction()


class PasswordResetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=320)]


class PasswordResetAccepted(BaseModel):
    detail: str


class PasswordResetConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    new_password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class PasswordResetDone(BaseModel):
    detail: str
    sessions_revoked: int


@router.post(
    "/auth/password-reset",
    response_model=PasswordResetAccepted,
    status_code=202,
    description="Mails a single-use link (valid 30 minutes) if an account with a password exists for the "
    "address. The answer is the same for every address. Rate limited per address and per client.",
)
def request_password_reset(body: PasswordResetIn, request: Request, db: SessionDep) -> PasswordResetAccepted:
    return PasswordResetAccepted(detail=password_reset.request_reset(db, body.email, client_ip(request)))


@router.post(
    "/auth/password-reset/confirm",
    response_model=PasswordResetDone,
    description="Sets a new password with the link's token; every session of the account ends. "
    "Does not sign in. 400: not a valid link; 410: expired or already used.",
)
def confirm_password_reset(
    body: PasswordResetConfirmIn, request: Request, db: SessionDep
) -> PasswordResetDone:
    revoked = password_reset.confirm_reset(db, body.token, body.new_password, client_ip(request))
    return PasswordResetDone(
        detail="Your password has been changed. Sign in with your new password.", sessions_revoked=revoked
    )
