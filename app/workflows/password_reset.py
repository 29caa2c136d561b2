"""Forgotten passwords (issue #15): a single-use link, mailed, valid 30 minutes.

Requesting (`request_reset`) answers the same whatever the address: the request path does the same
work for every address (count the rate limits, defer one job) and the job (`password_reset.deliver`)
alone looks the address up, so neither the answer nor its timing tells whether an account exists.
The job mails either a link (the token is random, only its SHA-256 is stored; a newer link supersedes
older ones), or, for accounts without a password or in an organisation that requires single sign-on,
a message to sign in through the organisation instead. Unknown and disabled addresses get nothing.

Using the link (`confirm_reset`) checks the token (known, unused, not expired), the password policy
change_password applies, sets the password, marks the token used, ends every session of the person
and records `auth.password_reset`. It does not sign in: a second factor is still asked at sign-in.

Rate limits (the `api_rate_limits` counters, shared by every process): per address and per client IP
in fixed windows; refused requests count too. The address is counted by its hash (no address stored).

Tokens start with `pr_` and are blanked in every log record (`install_log_redaction`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app import telemetry
from app.config import Settings
from app.db import utcnow
from app.errors import DomainError, Invalid, TooManyRequests
from app.jobs.queue import defer
from app.models.identity import User
from app.models.integrations import ApiRateLimit
from app.models.password_reset import PasswordReset
from app.security import tokens
from app.security.passwords import hash_password, password_problem
from app.workflows import audit, auth

TOKEN_PREFIX = "pr_"  # noqa: S105  (a public marker, not a secret)
VALID_FOR = timedelta(minutes=30)
WINDOW = timedelta(minutes=15)
PER_ADDRESS = 3  # requests per address per window
PER_IP = 10  # requests per client address per window
RESET_PATH = "/reset-password"

ACCEPTED = (
    "If an account exists for that address, we have sent it a link to choose a new password. "
    "The link is valid for 30 minutes."
)
INVALID_LINK = "This password-reset link is not valid. Request a new one from the sign-in page."
GONE_LINK = "This password-reset link has expired or has already been used. Request a new one."


class LinkGone(DomainError):
    status_code = 410
    title = "Link expired or used"
    type_slug = "password-reset-link-gone"


class LinkInvalid(DomainError):
    status_code = 400
    title = "Invalid password-reset link"
    type_slug = "password-reset-link-invalid"


# ---- rate limits ------------------------------------------------------------------------------------


def _address_key(email: str) -> str:
    return "pwreset:acct:" + hashlib.sha256(auth.normalise_email(email).encode()).hexdigest()


def _count(db: Session, keys: dict[str, int], now: datetime) -> None:
    """Count one request on every key in one statement; 429 if any is over its quota."""
    upsert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    at = ApiRateLimit.window_start.type
    stale = ApiRateLimit.window_start <= literal(now - WINDOW, at)
    statement = (
        upsert(ApiRateLimit)
        .values([{"key": k, "window_start": now, "hits": 1} for k in sorted(keys)])
        .on_conflict_do_update(
            index_elements=[ApiRateLimit.key],
            set_={
                "hits": case((stale, 1), else_=ApiRateLimit.hits + 1),
                "window_start": case((stale, literal(now, at)), else_=ApiRateLimit.window_start),
            },
        )
        .returning(ApiRateLimit.key, ApiRateLimit.hits, ApiRateLimit.window_start)
    )
    waits = [
        max(1, int((started + WINDOW - now).total_seconds() + 0.999))
        for key, hits, started in db.execute(statement).all()
        if hits > keys[key]
    ]
    if waits:
        wait = max(waits)
        raise TooManyRequests(
            f"Too many password-reset requests. Try again in {(wait + 59) // 60} minutes.",
            headers={"Retry-After": str(wait)},
            extra={"retry_after": wait},
            keep_changes=True,  # refused requests count too
        )


# ---- requesting a link ------------------------------------------------------------------------------


def request_reset(db: Session, email: str, ip: str | None) -> str:
    """Count the limits and defer the delivery; the same work and answer for every address."""
    keys = {_address_key(email): PER_ADDRESS}
    if ip:
        keys[f"pwreset:ip:{ip}"] = PER_IP
    _count(db, keys, utcnow())
    defer(db, "password_reset.deliver", email=auth.normalise_email(email), ip=ip)
    return ACCEPTED


@dataclass(frozen=True)
class Delivery:
    kind: str  # "link", "sso" or "none"
    token: str | None = None


def deliver(db: Session, settings: Settings, email: str, ip: str | None) -> Delivery:
    """Look the address up and mail what fits (the caller commits)."""
    user = db.execute(select(User).where(User.email == auth.normalise_email(email))).scalar_one_or_none()
    if user is None or not user.is_active:
        return Delivery("none")
    org = auth.sso_required_org(db, user.id)
    if user.password_hash is None or org is not None:
        where = (
            f"through {org.name}'s single sign-on" if org else "through your organisation's single sign-on"
        )
        defer(
            db,
            "mail.send",
            to=user.email,
            subject="Signing in to the coalition portal",
            body=(
                "Someone asked to reset the password of this account on the coalition portal.\n\n"
                "Your account does not sign in with a password: sign in through "
                f"{where} single sign-on instead "
                "(the “Sign in with your organisation” button on the sign-in page). "
                "If you cannot, ask your organisation's administrator.\n\n"
                "If you did not ask for this, you can ignore this message."
            ),
        )
        audit.record(
            db,
            "auth.password_reset_requested",
            actor_user_id=user.id,
            org_id=auth.org_of(db, user.id),
            ip=ip,
            target_type="user",
            target_id=user.id,
            data={"outcome": "sso_required"},
        )
        return Delivery("sso")
    now = utcnow()
    # One open link at a time: a new request supersedes the older links.
    db.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    raw = TOKEN_PREFIX + tokens.random_token()
    row = PasswordReset(
        token_hash=tokens.token_hash(raw), user_id=user.id, created_at=now, expires_at=now + VALID_FOR, ip=ip
    )
    db.add(row)
    db.flush()
    minutes = int(VALID_FOR.total_seconds() // 60)
    defer(
        db,
        "mail.send",
        to=user.email,
        subject="Choose a new password for the coalition portal",
        body=(
            "Someone (we hope you) asked to reset the password of this account on the coalition portal.\n\n"
            f"Choose a new password within {minutes} minutes; the link works once:\n{{link}}\n\n"
            "Every session of the account will be signed out. If you did not ask for this, ignore this "
            "message: your password stays as it is."
        ),
        link=f"{RESET_PATH}#token={raw}",
    )
    audit.record(
        db,
        "auth.password_reset_requested",
        actor_user_id=user.id,
        org_id=auth.org_of(db, user.id),
        ip=ip,
        target_type="password_reset",
        target_id=row.id,
        data={"outcome": "link_sent", "expires_at": row.expires_at.isoformat()},
    )
    return Delivery("link", raw)


# ---- using the link ---------------------------------------------------------------------------------


def confirm_reset(db: Session, raw: str, new_password: str, ip: str | None) -> int:
    """Set the new password from a valid link; every session of the person ends. Returns how many."""
    row = db.execute(
        select(PasswordReset).where(PasswordReset.token_hash == tokens.token_hash(raw)).with_for_update()
    ).scalar_one_or_none()
    if row is None or not raw.startswith(TOKEN_PREFIX):
        raise LinkInvalid(INVALID_LINK)
    now = utcnow()
    if row.used_at is not None or row.expires_at <= now:
        raise LinkGone(
            GONE_LINK,
            extra={"reason": "used" if row.used_at else "expired"},
        )
    user = db.get(User, row.user_id)
    if user is None or not user.is_active:
        raise LinkGone(GONE_LINK, extra={"reason": "account_disabled"})
    if user.password_hash is None or auth.sso_required_org(db, user.id) is not None:
        raise LinkGone(
            "Your account signs in through your organisation's single sign-on: it has no password to reset.",
            extra={"reason": "sso_required"},
        )
    problem = password_problem(new_password)
    if problem:
        raise Invalid(problem, errors=[{"loc": ["body", "new_password"], "msg": problem}])
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now
    row.used_at = now
    revoked = auth.revoke_user_sessions(db, user.id)
    auth.clear_account_failures(db, user.email)  # the owner proved the mailbox: the lockout goes
    audit.record(
        db,
        "auth.password_reset",
        actor_user_id=user.id,
        org_id=auth.org_of(db, user.id),
        ip=ip,
        target_type="user",
        target_id=user.id,
        data={"sessions_revoked": revoked, "reset_id": row.id},
    )
    return revoked


# ---- keeping the token out of the logs --------------------------------------------------------------

_TOKEN_RE = re.compile(re.escape(TOKEN_PREFIX) + r"[A-Za-z0-9_-]{16,}")


def install_log_redaction() -> None:
    """Blank `pr_…` tokens in every log record of the process, at creation (once per process)."""
    telemetry.redact_in_logs(TOKEN_PREFIX, _TOKEN_RE, TOKEN_PREFIX + "…")
