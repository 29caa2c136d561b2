"""Secure hand-off: a built package reaches a government official through a personal, expiring, logged link.

Recipients: per jurisdiction, a directory kept by coalition admins (name, office, e-mail, optionally an age
X25519 public key `age1…`); coordinators read it.

Shares: a coordinator hands a built package to one or more recipients. Each gets their own link
`{public_base_url}/r/{token}`: 256 random bits, only their SHA-256 stored (the token travels once, sealed,
through the mail job, and is never logged or shown to the coordinator), an expiry (default 14 days, at
most 90) and a download limit (default 3, counted when a download starts). The second factor:
- `code`: the recipient asks for a one-time code on the page; six digits are mailed to their address,
  valid 10 minutes, stored as an HMAC; five wrong codes in a row lock the link. The right code gives
  the browser a short-lived grant (a cookie, hashed here) that allows downloads;
- `age`: the recipient has a key, so the ZIP is streamed encrypted to it and no code is needed.
The mails carry the jurisdiction and a reference, never case content.

Control and record: every view, refusal, code sent, wrong or accepted code, download start, completion
(bytes) or interruption, receipt, expiry and revocation is a `ShareAccess` (time, IP, user agent) and an
audit event `share.<kind>`; the coordinator lists them per recipient and per submission. Revocation takes
effect at once: the state is read again before every chunk of a download in progress. The first complete
download records the submission as `sent` (if it was `prepared`) with the channel `secure_link`, on behalf
of the coordinator who made the share. Expired shares are swept by a periodic job.

Abuse resistance: unknown, expired, revoked, locked and used-up links raise the same `LinkUnusable`; the
token's hash is compared in constant time; requests are counted per IP and per link in fixed windows in
the database (several processes agree); the page shows the reference, jurisdiction, size and SHA-256 of
the ZIP, never a name from the case.

Receipts: when a download completes, a receipt (JSON: share, recipient, the ZIP's size and SHA-256 and
those of the bytes delivered, times) is signed with Ed25519; the key is derived from PORTAL_SECRET_KEY
and its public half published at /.well-known/portal-receipt-key. Verify: remove `signature`, serialise
the rest as canonical JSON (sorted keys, no spaces, UTF-8) and check `signature.value` (base64) with the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import logging
import re
import secrets
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import case, delete, literal
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooManyRequests
from app.jobs.queue import JobContext, defer
from app.jurisdictions import JURISDICTIONS
from app.jurisdictions import get as get_jurisdiction
from app.models.handoff import (
    AccessKind,
    Recipient,
    Share,
    ShareAccess,
    ShareFactor,
    ShareRateLimit,
    ShareState,
)
from app.models.packages import Channel, Package, PackageState, SubmissionStatus
from app.security import tokens
from app.security.permissions import Principal
from app.security.secretbox import SecretUnreadable, seal, unseal
from app.storage.pushed import Cancelled, pushed_chunks
from app.workflows import audit, cases, packaging, scoping, submissions
from app.workflows.evidence import blob_store
from app.workflows.mail import send_mail

log = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 random bytes, URL-safe base64
CODE_RE = re.compile(r"\d{6}")
REFERENCE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")
RECEIPT_FORMAT = "coalition-handoff-receipt/1"
MAX_DOWNLOADS = 20
MAX_RECIPIENTS = 20
_MAIL_PURPOSE = "handoff-mail"
_LINK_MAIL_TTL = 7 * 24 * 3600  # a sealed link in a queued mail job (retries take minutes, not days)


# ---- errors the recipient's pages answer --------------------------------------------------------------
# All keep the request's changes: the counters, access events and audit events they recorded must stay.


class LinkUnusable(DomainError):
    """Unknown, expired, revoked, locked or used up: deliberately one answer for all of them."""

    status_code = 404
    title = "Not found"
    type_slug = "link-unusable"

    def __init__(self) -> None:
        super().__init__("This link cannot be used.", keep_changes=True)


class LinkRateLimited(TooManyRequests):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "Too many requests; wait a minute and try again.",
            headers={"Retry-After": str(retry_after)},
            keep_changes=True,
        )


class CodeRefused(DomainError):
    status_code = 422
    title = "Wrong code"
    type_slug = "wrong-code"

    def __init__(self, tries_left: int) -> None:
        super().__init__(
            "The code is wrong or has expired.", extra={"tries_left": tries_left}, keep_changes=True
        )
        self.tries_left = tries_left


class LinkLocked(DomainError):
    status_code = 403
    title = "Locked"
    type_slug = "link-locked"

    def __init__(self) -> None:
        super().__init__("Too many wrong codes: this link is now locked.", keep_changes=True)


class GrantRequired(DomainError):
    """A download or receipt asked for before the code was given (the page asks for it)."""

    status_code = 403
    title = "Code required"
    type_slug = "code-required"

    def __init__(self) -> None:
        super().__init__("Enter the code sent to you first.", keep_changes=True)


class NoReceipt(DomainError):
    status_code = 409
    title = "No receipt yet"
    type_slug = "no-receipt"

    def __init__(self) -> None:
        super().__init__("There is no complete download of this package yet.", keep_changes=True)


class DownloadStopped(Exception):
    """Ends a download in progress (revoked, expired, corrupt): the connection is closed mid-body."""


@dataclass(frozen=True)
class Visitor:
    """Who is at the other end of a request to the recipient's pages (or a coordinator's address)."""

    ip: str | None
    user_agent: str | None = None


# ---- recipients (coalition admins keep them, coordinators read them) -----------------------------------


@dataclass
class RecipientInput:
    jurisdiction: str
    name: str
    office: str
    email: str
    age_recipient: str | None = None
    note: str | None = None


def _check_coalition(p: Principal) -> None:
    if not p.is_coalition:
        raise Forbidden("The recipient directory and hand-off links are the coalition's")


def _check_jurisdiction(code: str) -> str:
    code = code.strip().lower()
    if code not in JURISDICTIONS:
        raise Invalid(
            f"Unknown jurisdiction {code!r}",
            errors=[{"loc": ["body", "jurisdiction"], "msg": f"one of {', '.join(JURISDICTIONS)}"}],
        )
    return code


def check_age_recipient(value: str | None) -> str | None:
    """An age X25519 recipient as `age` prints it, or None; 422 naming the field otherwise."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    from pyrage import x25519  # here: only recipients with keys need it

    try:
        x25519.Recipient.from_str(value)
    except Exception as exc:  # pyrage raises its own error types
        raise Invalid(
            "Not an age public key",
            errors=[{"loc": ["body", "age_recipient"], "msg": "an age X25519 recipient, age1…"}],
        ) from exc
    return value


def list_recipients(
    db: Session, p: Principal, jurisdiction: str | None = None, include_inactive: bool = False
) -> list[Recipient]:
    _check_coalition(p)
    stmt = scoping.recipients(p).order_by(Recipient.jurisdiction, Recipient.name, Recipient.id)
    if jurisdiction:
        stmt = stmt.where(Recipient.jurisdiction == jurisdiction.strip().lower())
    if not include_inactive:
        stmt = stmt.where(Recipient.active)
    return list(db.execute(stmt).scalars())


def get_recipient(db: Session, p: Principal, recipient_id: str) -> Recipient:
    found = db.execute(scoping.recipients(p).where(Recipient.id == recipient_id)).scalar_one_or_none()
    if found is None:
        raise NotFound("No such recipient")
    return found


def _unique_email(db: Session, p: Principal, jurisdiction: str, email: str, not_id: str | None) -> None:
    stmt = scoping.recipients(p).where(Recipient.jurisdiction == jurisdiction, Recipient.email == email)
    if not_id is not None:
        stmt = stmt.where(Recipient.id != not_id)
    if db.execute(stmt).first() is not None:
        raise Conflict(f"{email} is already a recipient for {jurisdiction}")


def _recipient_audit(r: Recipient) -> dict[str, Any]:
    return {
        "jurisdiction": r.jurisdiction,
        "name": r.name,
        "office": r.office,
        "email": r.email,
        "has_key": r.age_recipient is not None,
        "active": r.active,
    }


def create_recipient(db: Session, p: Principal, body: RecipientInput, ip: str | None) -> Recipient:
    _check_coalition(p)
    code = _check_jurisdiction(body.jurisdiction)
    email = body.email.strip().lower()
    _unique_email(db, p, code, email, None)
    now = utcnow()
    r = Recipient(
        jurisdiction=code,
        name=body.name.strip(),
        office=body.office.strip(),
        email=email,
        age_recipient=check_age_recipient(body.age_recipient),
        note=body.note,
        active=True,
        created_by=p.user_id,
        created_at=now,
        updated_at=now,
    )
    db.add(r)
    db.flush()
    audit.record(
        db,
        "recipient.created",
        principal=p,
        ip=ip,
        target_type="recipient",
        target_id=r.id,
        data=_recipient_audit(r),
    )
    return r


REQUIRED_FIELDS = ("jurisdiction", "name", "office", "email")


def update_recipient(
    db: Session, p: Principal, recipient_id: str, fields: dict[str, Any], ip: str | None
) -> Recipient:
    """Change what the client sent (name, office, e-mail, key, note, jurisdiction, active)."""
    _check_coalition(p)
    r = get_recipient(db, p, recipient_id)
    for name in (*REQUIRED_FIELDS, "active"):
        if name in fields and fields[name] is None:
            raise Invalid(f"{name} cannot be empty", errors=[{"loc": ["body", name], "msg": "required"}])
    if "jurisdiction" in fields:
        fields["jurisdiction"] = _check_jurisdiction(fields["jurisdiction"])
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
    if "age_recipient" in fields:
        fields["age_recipient"] = check_age_recipient(fields["age_recipient"])
    if "jurisdiction" in fields or "email" in fields:
        _unique_email(db, p, fields.get("jurisdiction", r.jurisdiction), fields.get("email", r.email), r.id)
    changed = sorted(k for k, v in fields.items() if getattr(r, k) != v)
    for name in changed:
        setattr(r, name, fields[name])
    if changed:
        r.updated_at = utcnow()
        audit.record(
            db,
            "recipient.updated",
            principal=p,
            ip=ip,
            target_type="recipient",
            target_id=r.id,
            data={**_recipient_audit(r), "changed": changed},
        )
    return r


def delete_recipient(db: Session, p: Principal, recipient_id: str, ip: str | None) -> None:
    """Only a recipient never shared with: the shares' record must keep whom they went to."""
    _check_coalition(p)
    r = get_recipient(db, p, recipient_id)
    if db.execute(scoping.shares(p).where(Share.recipient_id == r.id).limit(1)).first() is not None:
        raise Conflict("Packages were shared with this recipient: deactivate it instead (active: false)")
    audit.record(
        db,
        "recipient.deleted",
        principal=p,
        ip=ip,
        target_type="recipient",
        target_id=r.id,
        data=_recipient_audit(r),
    )
    db.delete(r)
    db.flush()


# ---- shares (coordinators) -----------------------------------------------------------------------------


@dataclass
class ShareRequest:
    recipient_ids: list[str]
    expires_in_days: int | None = None
    max_downloads: int | None = None
    reference: str | None = None


def status_of(share: Share, now: datetime | None = None) -> str:
    """active | exhausted | expired | revoked | locked, as the recipient's link behaves now."""
    if share.state != ShareState.active:
        return share.state.value
    if (now or utcnow()) >= share.expires_at:
        return "expired"
    if share.downloads_started >= share.max_downloads:
        return "exhausted"
    return "active"


def _check_bounds(settings: Settings, body: ShareRequest) -> tuple[int, int]:
    days = body.expires_in_days or settings.share_default_days
    limit = min(settings.share_max_days, 90)
    if not 1 <= days <= limit:
        raise Invalid(
            f"A link lasts 1 to {limit} days",
            errors=[{"loc": ["body", "expires_in_days"], "msg": f"between 1 and {limit}"}],
        )
    downloads = body.max_downloads or settings.share_default_downloads
    if not 1 <= downloads <= MAX_DOWNLOADS:
        raise Invalid(
            f"A link allows 1 to {MAX_DOWNLOADS} downloads",
            errors=[{"loc": ["body", "max_downloads"], "msg": f"between 1 and {MAX_DOWNLOADS}"}],
        )
    return days, downloads


def _check_reference(value: str | None, pkg: Package) -> str:
    if value is None:
        return f"{pkg.jurisdiction.upper()}-{pkg.id[:8].upper()}"
    value = value.strip()
    if not REFERENCE_RE.fullmatch(value):
        raise Invalid(
            "A reference is 1-64 letters, digits and . _ / -",
            errors=[{"loc": ["body", "reference"], "msg": "letters, digits and . _ / - only"}],
        )
    return value


def _share_recipients(db: Session, p: Principal, ids: list[str], jurisdiction: str) -> list[Recipient]:
    wanted = list(dict.fromkeys(ids))
    if not 1 <= len(wanted) <= MAX_RECIPIENTS:
        raise Invalid(
            f"Share with 1 to {MAX_RECIPIENTS} recipients at once",
            errors=[{"loc": ["body", "recipient_ids"], "msg": f"1 to {MAX_RECIPIENTS} recipients"}],
        )
    found = {r.id: r for r in db.execute(scoping.recipients(p).where(Recipient.id.in_(wanted))).scalars()}
    errors = []
    for i, rid in enumerate(wanted):
        r = found.get(rid)
        if r is None:
            errors.append({"loc": ["body", "recipient_ids", i], "msg": "no such recipient"})
        elif not r.active:
            errors.append({"loc": ["body", "recipient_ids", i], "msg": "this recipient is deactivated"})
        elif r.jurisdiction != jurisdiction:
            errors.append(
                {
                    "loc": ["body", "recipient_ids", i],
                    "msg": f"a recipient for {r.jurisdiction}, not {jurisdiction}",
                }
            )
    if errors:
        raise Invalid("Some recipients cannot receive this package", errors=errors)
    return [found[rid] for rid in wanted]


def create_shares(
    db: Session, p: Principal, settings: Settings, package_id: str, body: ShareRequest, ip: str | None
) -> list[tuple[Share, Recipient]]:
    """One link per recipient, each mailed to them (never returned: only the recipient holds it)."""
    _check_coalition(p)
    pkg = packaging.get_package(db, p, package_id)
    if pkg.state != PackageState.built or pkg.storage_key is None:
        raise Conflict(f"The package is {pkg.state.value}: only a built package can be shared")
    days, downloads = _check_bounds(settings, body)
    reference = _check_reference(body.reference, pkg)
    recipients = _share_recipients(db, p, body.recipient_ids, pkg.jurisdiction)
    sub = submissions.for_package(db, p, pkg.id)
    case_row = cases.get_case(db, p, pkg.case_id)
    now = utcnow()
    out = []
    for r in recipients:
        raw = tokens.random_token(32)
        share = Share(
            package_id=pkg.id,
            submission_id=sub.id,
            case_id=pkg.case_id,
            org_id=case_row.org_id,
            recipient_id=r.id,
            jurisdiction=pkg.jurisdiction,
            reference=reference,
            token_hash=tokens.token_hash(raw),
            factor=ShareFactor.age if r.age_recipient else ShareFactor.code,
            age_recipient=r.age_recipient,
            state=ShareState.active,
            expires_at=now + timedelta(days=days),
            max_downloads=downloads,
            downloads_started=0,
            downloads_completed=0,
            codes_sent=0,
            failed_codes=0,
            actor=packaging.actor_payload(p),
            created_by=p.user_id,
            created_at=now,
        )
        db.add(share)
        db.flush()
        _access(
            db,
            share,
            AccessKind.created,
            Visitor(ip),
            actor=p,
            detail={
                "recipient": r.email,
                "factor": share.factor.value,
                "expires_at": share.expires_at.isoformat(),
                "max_downloads": downloads,
            },
        )
        # The token leaves sealed (a procrastinate job row is stored in the database).
        defer(
            db,
            "share.mail",
            share_id=share.id,
            kind="link",
            sealed=seal(settings.secret(), _MAIL_PURPOSE, raw),
        )
        out.append((share, r))
    return out


def get_share(db: Session, p: Principal, share_id: str, *, for_update: bool = False) -> Share:
    stmt = scoping.shares(p).where(Share.id == share_id)
    if for_update:
        stmt = stmt.with_for_update()
    share = db.execute(stmt).scalar_one_or_none()
    if share is None:
        raise NotFound("No such share")
    return share


def with_recipients(db: Session, p: Principal, shares: list[Share]) -> list[tuple[Share, Recipient]]:
    ids = {s.recipient_id for s in shares}
    found = (
        {r.id: r for r in db.execute(scoping.recipients(p).where(Recipient.id.in_(ids))).scalars()}
        if ids
        else {}
    )
    return [(s, found[s.recipient_id]) for s in shares if s.recipient_id in found]


def package_shares(db: Session, p: Principal, package_id: str) -> list[tuple[Share, Recipient]]:
    _check_coalition(p)
    pkg = packaging.get_package(db, p, package_id)
    rows = db.execute(
        scoping.shares(p).where(Share.package_id == pkg.id).order_by(Share.created_at, Share.id)
    ).scalars()
    return with_recipients(db, p, list(rows))


def access_events(db: Session, p: Principal, share_id: str, limit: int = 1000) -> list[ShareAccess]:
    share = get_share(db, p, share_id)
    return list(
        db.execute(
            scoping.share_access_events(p)
            .where(ShareAccess.share_id == share.id)
            .order_by(ShareAccess.at, ShareAccess.id)
            .limit(limit)
        ).scalars()
    )


def submission_access_events(
    db: Session, p: Principal, submission_id: str, limit: int = 1000
) -> list[ShareAccess]:
    """Every recipient's access to a submission's package: the hand-off part of its timeline."""
    _check_coalition(p)
    sub = submissions.get_submission(db, p, submission_id)
    return list(
        db.execute(
            scoping.share_access_events(p)
            .where(ShareAccess.submission_id == sub.id)
            .order_by(ShareAccess.at, ShareAccess.id)
            .limit(limit)
        ).scalars()
    )


def revoke(db: Session, p: Principal, share_id: str, reason: str | None, ip: str | None) -> Share:
    """Stop a link now: its next request, and the next chunk of a download in progress, are refused."""
    _check_coalition(p)
    share = get_share(db, p, share_id, for_update=True)
    if share.state == ShareState.revoked:
        return share
    if share.state != ShareState.active:
        raise Conflict(f"The link is already {share.state.value}", extra={"share_state": share.state.value})
    share.revoked_by = p.user_id
    _end(db, share, ShareState.revoked, AccessKind.revoked, Visitor(ip), actor=p, detail={"reason": reason})
    return share


# ---- expiry (periodic) ---------------------------------------------------------------------------------


def expire_due(db: Session, now: datetime | None = None, limit: int = 200) -> int:
    """Mark active shares past their expiry `expired` (an access event each). Several processes may run
    it: rows are claimed with SKIP LOCKED. Rate-limit counters of windows long past are dropped too."""
    now = now or utcnow()
    due = list(
        db.execute(
            scoping.unscoped_shares()
            .where(Share.state == ShareState.active, Share.expires_at <= now)
            .order_by(Share.expires_at, Share.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).scalars()
    )
    for share in due:
        _end(db, share, ShareState.expired, AccessKind.expired, Visitor(None), detail={"by": "sweep"})
    db.execute(delete(ShareRateLimit).where(ShareRateLimit.window_start < now - timedelta(days=1)))
    return len(due)


def run_expiry(ctx: JobContext) -> int:
    with ctx.sessionmaker() as db:
        n = expire_due(db)
        db.commit()
    return n


# ---- the record: access events, mirrored in the audit chain -------------------------------------------


def _access(
    db: Session,
    share: Share,
    kind: AccessKind,
    visitor: Visitor,
    *,
    size: int | None = None,
    detail: dict[str, Any] | None = None,
    actor: Principal | None = None,
) -> ShareAccess:
    detail = {k: v for k, v in (detail or {}).items() if v is not None}
    agent = (visitor.user_agent or "")[:300] or None
    event = ShareAccess(
        share_id=share.id,
        submission_id=share.submission_id,
        at=utcnow(),
        kind=kind,
        ip=(visitor.ip or "")[:64] or None,
        user_agent=agent,
        bytes=size,
        detail=detail,
        actor_user_id=actor.user_id if actor else None,
    )
    db.add(event)
    audit.record(
        db,
        f"share.{kind.value}",
        principal=actor,
        ip=event.ip,
        org_id=share.org_id,
        target_type="share",
        target_id=share.id,
        data={
            "package_id": share.package_id,
            "submission_id": share.submission_id,
            "recipient_id": share.recipient_id,
            "jurisdiction": share.jurisdiction,
            "user_agent": agent,
            "bytes": size,
            **{k: v for k, v in detail.items() if k != "receipt"},
        },
    )
    return event


def _end(
    db: Session,
    share: Share,
    state: ShareState,
    kind: AccessKind,
    visitor: Visitor,
    *,
    actor: Principal | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    share.state = state
    share.ended_at = utcnow()
    share.code_hash = share.code_expires_at = None
    share.grant_hash = share.grant_expires_at = None
    _access(db, share, kind, visitor, actor=actor, detail=detail)


# ---- the recipient's side: resolving a link ------------------------------------------------------------


def _count(db: Session, key: str, limit: int, window_seconds: int, now: datetime) -> None:
    """One request on `key` in a fixed window, in one statement (INSERT … ON CONFLICT DO UPDATE …
    RETURNING: concurrent requests in several processes all count); over `limit` raises 429."""
    upsert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    at = ShareRateLimit.window_start.type
    stale = ShareRateLimit.window_start <= literal(now - timedelta(seconds=window_seconds), at)
    statement = (
        upsert(ShareRateLimit)
        .values(key=key, window_start=now, hits=1)
        .on_conflict_do_update(
            index_elements=[ShareRateLimit.key],
            set_={
                "hits": case((stale, 1), else_=ShareRateLimit.hits + 1),
                "window_start": case((stale, literal(now, at)), else_=ShareRateLimit.window_start),
            },
        )
        .returning(ShareRateLimit.hits)
    )
    hits: int = db.execute(statement).scalar_one()
    if hits > limit:
        raise LinkRateLimited(window_seconds)


def _unusable(share: Share, now: datetime, *, allow_exhausted: bool) -> str | None:
    status = status_of(share, now)
    if status == "exhausted" and allow_exhausted:
        return None
    return None if status == "active" else status


def _share_of_link(db: Session, raw: str, *, lock: bool = False) -> Share | None:
    """The share a link's token names (locked for this request if `lock`), or None."""
    if not TOKEN_RE.fullmatch(raw):
        return None
    digest = tokens.token_hash(raw)
    query = scoping.unscoped_share_by_token(digest)
    share = db.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if share is None or not tokens.constant_time_equal(share.token_hash, digest):
        return None
    return share


def _resolve(
    db: Session, settings: Settings, raw: str, visitor: Visitor, *, allow_exhausted: bool = False
) -> Share:
    """The usable share a link names, locked for this request, or LinkUnusable whatever the reason."""
    now = utcnow()
    _count(db, f"ip:{visitor.ip or '-'}", settings.share_rate_per_ip, 60, now)
    share = _share_of_link(db, raw, lock=True)
    if share is None:
        raise LinkUnusable()
    _count(db, f"share:{share.id}", settings.share_rate_per_link, 60, now)
    reason = _unusable(share, now, allow_exhausted=allow_exhausted)
    if reason == "expired" and share.state == ShareState.active:
        _end(db, share, ShareState.expired, AccessKind.expired, visitor, detail={"by": "request"})
    if reason is not None:
        _access(db, share, AccessKind.refused, visitor, detail={"reason": reason})
        raise LinkUnusable()
    share.last_access_at = now
    return share


def _package(db: Session, share: Share) -> Package:
    pkg = db.execute(scoping.unscoped_package_of(share)).scalar_one_or_none()
    if pkg is None or pkg.state != PackageState.built or pkg.storage_key is None or pkg.sha256 is None:
        raise LinkUnusable()
    return pkg


def _mac(settings: Settings, purpose: str, *parts: str) -> str:
    key = _derive(settings.secret(), f"portal:handoff-{purpose}")
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=16)
def _derive(secret: str, info: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info.encode()).derive(secret.encode())


def _grant_ok(share: Share, grant: str | None, now: datetime) -> bool:
    if share.factor == ShareFactor.age:
        return True  # the key is the second factor
    if not grant or share.grant_hash is None or share.grant_expires_at is None:
        return False
    return now < share.grant_expires_at and tokens.constant_time_equal(
        share.grant_hash, tokens.token_hash(grant)
    )


def file_name(share: Share) -> str:
    safe = share.reference.replace("/", "-")
    return f"package-{safe}.zip" + (".age" if share.factor == ShareFactor.age else "")


@dataclass(frozen=True)
class PageView:
    """What the recipient's page shows: nothing from the case but its jurisdiction and a reference."""

    reference: str
    jurisdiction: str
    jurisdiction_name: str
    file_name: str
    size: int
    sha256: str
    expires_at: datetime
    factor: ShareFactor
    age_recipient: str | None
    code_outstanding: bool
    code_expires_at: datetime | None
    granted: bool
    downloads_left: int
    downloads_completed: int
    code_minutes: int


def _view(settings: Settings, share: Share, pkg: Package, grant: str | None, now: datetime) -> PageView:
    outstanding = (
        share.code_hash is not None and share.code_expires_at is not None and now < share.code_expires_at
    )
    return PageView(
        reference=share.reference,
        jurisdiction=share.jurisdiction,
        jurisdiction_name=get_jurisdiction(share.jurisdiction).name,
        file_name=file_name(share),
        size=pkg.size or 0,
        sha256=pkg.sha256 or "",
        expires_at=share.expires_at,
        factor=share.factor,
        age_recipient=share.age_recipient,
        code_outstanding=outstanding,
        code_expires_at=share.code_expires_at if outstanding else None,
        granted=_grant_ok(share, grant, now),
        downloads_left=max(share.max_downloads - share.downloads_started, 0),
        downloads_completed=share.downloads_completed,
        code_minutes=settings.share_code_minutes,
    )


def open_page(db: Session, settings: Settings, raw: str, visitor: Visitor, grant: str | None) -> PageView:
    """The recipient opened their link: recorded as a view."""
    share = _resolve(db, settings, raw, visitor)
    pkg = _package(db, share)
    _access(db, share, AccessKind.viewed, visitor)
    return _view(settings, share, pkg, grant, utcnow())


def page_after_refusal(db: Session, settings: Settings, raw: str, grant: str | None) -> PageView | None:
    """The page again after a wrong code (same request: no second count, no second view event)."""
    share = _share_of_link(db, raw)
    if share is None or _unusable(share, utcnow(), allow_exhausted=False) is not None:
        return None
    return _view(settings, share, _package(db, share), grant, utcnow())


def request_code(db: Session, settings: Settings, raw: str, visitor: Visitor) -> None:
    """Mail a new one-time code (the previous one stops working)."""
    share = _resolve(db, settings, raw, visitor)
    if share.factor != ShareFactor.code:
        return
    now = utcnow()
    _count(db, f"code:{share.id}", settings.share_codes_per_hour, 3600, now)
    code = f"{secrets.randbelow(10**6):06d}"
    share.code_hash = _mac(settings, "code", share.id, code)
    share.code_expires_at = now + timedelta(minutes=settings.share_code_minutes)
    share.codes_sent += 1
    _access(
        db, share, AccessKind.code_sent, visitor, detail={"expires_at": share.code_expires_at.isoformat()}
    )
    defer(
        db, "share.mail", share_id=share.id, kind="code", sealed=seal(settings.secret(), _MAIL_PURPOSE, code)
    )


def verify_code(db: Session, settings: Settings, raw: str, code: str, visitor: Visitor) -> str | None:
    """The grant (for the browser to keep) if the code is right; CodeRefused or, at the last try,
    LinkLocked otherwise. None for a link that needs no code."""
    share = _resolve(db, settings, raw, visitor)
    if share.factor != ShareFactor.code:
        return None
    now = utcnow()
    code = code.strip().replace(" ", "")
    fresh = share.code_hash is not None and share.code_expires_at is not None and now < share.code_expires_at
    right = (
        fresh
        and CODE_RE.fullmatch(code) is not None
        and tokens.constant_time_equal(share.code_hash or "", _mac(settings, "code", share.id, code))
    )
    if not right:
        share.failed_codes += 1
        left = max(settings.share_code_attempts - share.failed_codes, 0)
        _access(
            db,
            share,
            AccessKind.code_wrong,
            visitor,
            detail={"tries_left": left, "reason": None if fresh else "no current code"},
        )
        if left == 0:
            _end(
                db,
                share,
                ShareState.locked,
                AccessKind.locked,
                visitor,
                detail={"wrong_codes": share.failed_codes},
            )
            raise LinkLocked()
        raise CodeRefused(left)
    grant = tokens.random_token(32)
    share.code_hash = share.code_expires_at = None  # single use
    share.failed_codes = 0  # five wrong codes *in a row* lock the link
    share.grant_hash = tokens.token_hash(grant)
    share.grant_expires_at = now + timedelta(minutes=settings.share_grant_minutes)
    _access(db, share, AccessKind.code_accepted, visitor)
    return grant


# ---- downloads ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    file_name: str
    media_type: str
    size: int | None  # the plain ZIP's length (an age stream's is not known in advance)
    sha256: str  # of the ZIP
    chunks: Iterator[bytes]


@dataclass(frozen=True)
class _Serving:
    share_id: str
    number: int
    storage_key: str
    sha256: str
    size: int
    age_recipient: str | None
    visitor: Visitor
    started_at: datetime


def start_download(
    db: Session,
    sm: sessionmaker[Session],
    settings: Settings,
    raw: str,
    visitor: Visitor,
    grant: str | None,
) -> Download:
    """Count a download and return its stream. The request's transaction commits before the first byte;
    the stream records what happens next (completion, interruption) in sessions of its own from `sm`."""
    share = _resolve(db, settings, raw, visitor)
    now = utcnow()
    if not _grant_ok(share, grant, now):
        raise GrantRequired()
    pkg = _package(db, share)
    share.downloads_started += 1
    serving = _Serving(
        share_id=share.id,
        number=share.downloads_started,
        storage_key=pkg.storage_key or "",
        sha256=pkg.sha256 or "",
        size=pkg.size or 0,
        age_recipient=share.age_recipient if share.factor == ShareFactor.age else None,
        visitor=visitor,
        started_at=now,
    )
    _access(
        db,
        share,
        AccessKind.download_started,
        visitor,
        size=pkg.size,
        detail={"number": serving.number, "encrypted": serving.age_recipient is not None},
    )
    encrypted = serving.age_recipient is not None
    return Download(
        file_name=file_name(share),
        media_type="application/octet-stream" if encrypted else "application/zip",
        size=None if encrypted else pkg.size,
        sha256=serving.sha256,
        chunks=_stream(sm, settings, serving),
    )


def _stop_reason(sm: sessionmaker[Session], share_id: str) -> str | None:
    """Why a download in progress must stop now (revoked, expired, gone), read fresh from the database."""
    with sm() as db:
        row = db.execute(
            scoping.unscoped_shares()
            .where(Share.id == share_id)
            .with_only_columns(Share.state, Share.expires_at)
        ).one_or_none()
    if row is None:
        return "deleted"
    if row[0] != ShareState.active:
        return str(row[0].value)
    return "expired" if utcnow() >= row[1] else None


def _stream(sm: sessionmaker[Session], settings: Settings, serving: _Serving) -> Iterator[bytes]:
    plain = hashlib.sha256()
    delivered = hashlib.sha256()
    sent = 0
    finished = False
    reason = "connection closed"
    source: Iterator[bytes] | None = None
    body: Iterator[bytes] | None = None

    def hashed(chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            plain.update(chunk)
            yield chunk

    try:
        source = iter(blob_store(settings).open_stream(serving.storage_key))
        body = age_encrypt(hashed(source), serving.age_recipient) if serving.age_recipient else hashed(source)
        for chunk in body:
            stop = _stop_reason(sm, serving.share_id)
            if stop is not None:
                reason = stop
                raise DownloadStopped(f"download stopped: {stop}")
            delivered.update(chunk)
            sent += len(chunk)
            yield chunk
        if plain.hexdigest() != serving.sha256:
            reason = "stored package does not match its SHA-256"
            raise DownloadStopped(reason)
        finished = True
    except Exception as exc:
        reason = reason if isinstance(exc, DownloadStopped) else f"error: {type(exc).__name__}"
        raise
    finally:
        for it in (body, source):
            close = getattr(it, "close", None)
            if close is not None:
                close()
        if finished:
            _record_completed(sm, settings, serving, sent, delivered.hexdigest())
        else:
            _record_interrupted(sm, serving, sent, reason)


def _record_interrupted(sm: sessionmaker[Session], serving: _Serving, sent: int, reason: str) -> None:
    try:
        with sm() as db:
            share = db.execute(
                scoping.unscoped_shares().where(Share.id == serving.share_id)
            ).scalar_one_or_none()
            if share is not None:
                _access(
                    db,
                    share,
                    AccessKind.download_interrupted,
                    serving.visitor,
                    size=sent,
                    detail={"number": serving.number, "reason": reason, "expected_bytes": serving.size},
                )
                db.commit()
    except Exception:  # the client's answer is already decided; the failure must not hide it
        log.exception("could not record an interrupted download of share %s", serving.share_id)


def _record_completed(
    sm: sessionmaker[Session], settings: Settings, serving: _Serving, sent: int, delivered_sha256: str
) -> None:
    try:
        with sm() as db:
            share = db.execute(
                scoping.unscoped_shares().where(Share.id == serving.share_id).with_for_update()
            ).scalar_one()
            recipient = db.get(Recipient, share.recipient_id)
            assert recipient is not None  # RESTRICT: a recipient with shares is never deleted
            share.downloads_completed += 1
            now = utcnow()
            receipt = sign_receipt(
                settings,
                {
                    "format": RECEIPT_FORMAT,
                    "portal": settings.public_base_url.rstrip("/"),
                    "share_id": share.id,
                    "reference": share.reference,
                    "jurisdiction": share.jurisdiction,
                    "recipient": {
                        "name": recipient.name,
                        "office": recipient.office,
                        "email": recipient.email,
                    },
                    "package": {
                        "file_name": f"package-{share.reference.replace('/', '-')}.zip",
                        "size": serving.size,
                        "sha256": serving.sha256,
                    },
                    "delivered": {
                        "encryption": "age" if serving.age_recipient else "none",
                        "age_recipient": serving.age_recipient,
                        "size": sent,
                        "sha256": delivered_sha256,
                    },
                    "download": {
                        "number": serving.number,
                        "started_at": serving.started_at.isoformat(),
                        "completed_at": now.isoformat(),
                    },
                },
            )
            _access(
                db,
                share,
                AccessKind.download_completed,
                serving.visitor,
                size=sent,
                detail={"number": serving.number, "sha256": delivered_sha256, "receipt": receipt},
            )
            _record_sent(db, share, recipient, serving.visitor)
            db.commit()
    except Exception:
        log.exception("could not record a completed download of share %s", serving.share_id)


def _record_sent(db: Session, share: Share, recipient: Recipient, visitor: Visitor) -> None:
    """The first complete download moves a `prepared` submission to `sent` by secure link, for the
    coordinator who made the share (their principal, as when they made it)."""
    if share.submission_id is None:
        return
    p = packaging.actor_from_payload(share.actor)
    try:
        sub = submissions.get_submission(db, p, share.submission_id)
        if sub.status != SubmissionStatus.prepared:
            return
        with db.begin_nested():
            submissions.record_sent(
                db,
                p,
                share.package_id,
                submissions.SendInput(
                    sent_on=utcnow().date(),
                    channel=Channel.secure_link,
                    addressee=f"{recipient.name}, {recipient.office}"[:300],
                    reference=share.reference,
                    note=f"Downloaded in full through the secure link by {recipient.name}"[:4000],
                ),
                visitor.ip,
            )
    except DomainError as exc:  # e.g. the case moved on meanwhile: the download stands, logged
        log.warning("share %s: submission not marked sent (%s)", share.id, exc.detail)


def age_encrypt(chunks: Iterable[bytes], recipient: str, batch: int = 256 * 1024) -> Iterator[bytes]:
    """Stream `chunks` encrypted to an age X25519 recipient, in constant memory.

    pyrage pulls plaintext from a reader and pushes ciphertext into a writer, so it runs in a thread
    between two bounded hand-overs. A failing source makes pyrage fail (never a valid, shorter file), and
    the consumer stopping early (a revoked link) cancels the thread."""
    import pyrage
    from pyrage import x25519

    key = x25519.Recipient.from_str(recipient)
    source = iter(chunks)

    def produce(writer: io.RawIOBase, stop: threading.Event) -> None:
        class Reader(io.RawIOBase):
            def __init__(self) -> None:
                super().__init__()
                self.pending = memoryview(b"")

            def readable(self) -> bool:
                return True

            def readinto(self, buffer: Any) -> int:
                while not self.pending:
                    if stop.is_set():
                        raise Cancelled
                    nxt = next(source, None)  # an error of the source propagates: pyrage fails
                    if nxt is None:
                        return 0
                    self.pending = memoryview(nxt)
                n = min(len(buffer), len(self.pending))
                buffer[:n] = self.pending[:n]
                self.pending = self.pending[n:]
                return n

        pyrage.encrypt_io(Reader(), writer, [key])

    return pushed_chunks(
        produce, failed=lambda _: DownloadStopped("encryption failed"), batch=batch, name="age-encrypt"
    )


# ---- receipts ---------------------------------------------------------------------------------------------


def _signing_key(settings: Settings) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_derive(settings.secret(), "portal:handoff-receipt-signing"))


def _public_raw(settings: Settings) -> bytes:
    return (
        _signing_key(settings)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def canonical(payload: dict[str, Any]) -> bytes:
    """The signed form: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_receipt(settings: Settings, payload: dict[str, Any]) -> dict[str, Any]:
    raw = _public_raw(settings)
    body = {**payload, "issued_at": utcnow().isoformat(), "key_id": key_id(raw)}
    signature = _signing_key(settings).sign(canonical(body))
    return {
        **body,
        "signature": {"alg": "Ed25519", "key_id": key_id(raw), "value": base64.b64encode(signature).decode()},
    }


def public_key_document(settings: Settings) -> dict[str, Any]:
    """The receipt key as a JWK (RFC 8037), with its PEM form and how to verify a receipt."""
    raw = _public_raw(settings)
    pem = (
        _signing_key(settings)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "alg": "EdDSA",
        "use": "sig",
        "kid": key_id(raw),
        "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
        "pem": pem.decode(),
        "format": RECEIPT_FORMAT,
        "verification": (
            "Remove the member `signature` from the receipt, serialise the rest as JSON with sorted keys, "
            "no whitespace and UTF-8, and verify the base64 `signature.value` over those bytes with this "
            "Ed25519 key (`signature.key_id` names it)."
        ),
    }


def receipt(db: Session, settings: Settings, raw: str, visitor: Visitor, grant: str | None) -> dict[str, Any]:
    """The signed receipt of the latest complete download (also once the downloads are used up)."""
    share = _resolve(db, settings, raw, visitor, allow_exhausted=True)
    if not _grant_ok(share, grant, utcnow()):
        raise GrantRequired()
    done = db.execute(
        scoping.unscoped_share_access_of(share)
        .where(ShareAccess.kind == AccessKind.download_completed)
        .order_by(ShareAccess.at.desc(), ShareAccess.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if done is None or "receipt" not in done.detail:
        raise NoReceipt()
    signed: dict[str, Any] = done.detail["receipt"]
    _access(
        db, share, AccessKind.receipt, visitor, detail={"number": signed.get("download", {}).get("number")}
    )
    return signed


# ---- mail (the `share.mail` job) -----------------------------------------------------------------------


def _link_mail(settings: Settings, share: Share, token: str) -> tuple[str, str]:
    name = get_jurisdiction(share.jurisdiction).name
    link = f"{settings.public_base_url.rstrip('/')}/r/{token}"
    if share.factor == ShareFactor.age:
        factor = (
            "The package will be encrypted to your age key ending in "
            f"…{(share.age_recipient or '')[-8:]}; decrypt it with your identity file."
        )
    else:
        factor = (
            "When you open the link, ask for a one-time code: it is sent to this address and is valid "
            f"for {settings.share_code_minutes} minutes."
        )
    subject = f"Secure document package for {name} (reference {share.reference})"
    body = (
        "The sanctions coalition has shared a document package with you.\n\n"
        f"Jurisdiction: {name}\nReference: {share.reference}\n\n"
        f"Open it here (the link is yours alone; please do not forward it):\n{link}\n\n"
        f"The link expires on {share.expires_at.strftime('%Y-%m-%d %H:%M')} UTC and allows "
        f"{share.max_downloads} download{'s' if share.max_downloads != 1 else ''}.\n{factor}\n\n"
        "If you did not expect this message, ignore it and tell the sender."
    )
    return subject, body


def _code_mail(settings: Settings, share: Share, code: str) -> tuple[str, str]:
    subject = f"Your one-time code (reference {share.reference})"
    body = (
        f"Your code: {code}\n\nIt is valid for {settings.share_code_minutes} minutes and can be used once.\n"
        "If you did not ask for it, someone else may have your link: tell the sender."
    )
    return subject, body


def send_share_mail(ctx: JobContext, share_id: str, kind: str, sealed: str) -> None:
    ttl = _LINK_MAIL_TTL if kind == "link" else ctx.settings.share_code_minutes * 60
    try:
        secret_value = unseal(ctx.settings.secret(), _MAIL_PURPOSE, sealed, ttl=ttl)
    except SecretUnreadable:
        log.warning("share %s: %s mail not sent (its sealed value is stale or unreadable)", share_id, kind)
        return
    with ctx.sessionmaker() as db:
        share = db.execute(scoping.unscoped_shares().where(Share.id == share_id)).scalar_one_or_none()
        recipient = db.get(Recipient, share.recipient_id) if share is not None else None
    if share is None or recipient is None or share.state != ShareState.active:
        return
    compose = _link_mail if kind == "link" else _code_mail
    subject, body = compose(ctx.settings, share, secret_value)
    send_mail(ctx.settings, recipient.email, subject, body)
