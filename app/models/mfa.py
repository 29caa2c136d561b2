"""Second factors (TOTP, recovery codes), pending two-step sign-ins, and single sign-on identities."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow


class UserMfa(Base):
    """A person's authenticator app. Enrolment is pending until a first code confirms it."""

    __tablename__ = "user_mfa"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # Fernet token (AES-128-CBC + HMAC-SHA256) under a key derived from the portal secret: a database
    # dump alone does not yield the shared secrets.
    totp_secret_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column()
    # The last accepted RFC 6238 time step: a code from that step or an earlier one is a replay.
    last_used_step: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))


class RecoveryCode(Base):
    """One single-use recovery code, stored as its SHA-256 (see app.security.totp)."""

    __tablename__ = "mfa_recovery_codes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column()


class MfaChallenge(Base):
    """The password was right; the sign-in waits for a second factor. No session exists yet."""

    __tablename__ = "mfa_challenges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    failures: Mapped[int] = mapped_column(default=0)
    ip: Mapped[str | None] = mapped_column(String(64))


class OidcIdentity(Base):
    """A provider account (issuer + subject) linked to a portal user."""

    __tablename__ = "oidc_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))  # as verified when linked
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()


class OidcLoginState(Base):
    """A sign-in in progress at a provider, keyed by the SHA-256 of a random HttpOnly cookie value,
    so only the browser that started it can finish it. Used once, then deleted."""

    __tablename__ = "oidc_login_states"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(String(100))
    # The encrypted LoginState (state, nonce, PKCE verifier, redirect URI).
    data_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
