"""Trusted timestamps (RFC 3161): proof from a Time-Stamping Authority that a SHA-256 existed at a time.

Each evidence original's SHA-256 is stamped once, after ingest: the first scan result queues
`evidence.timestamp`, which asks the TSA (`PORTAL_TSA_URL`) for a token and stores the TSA's whole reply
with a `timestamped` custody event. The upload never waits for it: a TSA that is down or slow only
delays the token, which is asked for again with a doubling backoff (`retry_due`, periodic). The audit
chain's head is stamped every `PORTAL_TSA_AUDIT_INTERVAL_HOURS` (default daily), so the whole log is
anchored in time: an event before a stamped head existed before the stamp's time.

A token is checked with `rfc3161-client`: the reply is granted, it answers our request (nonce), and its
message imprint is the SHA-256 it should cover; with `PORTAL_TSA_CA_FILE` (the TSA's root and
intermediates, PEM) its signature and certificate chain too. The reply is kept as received, whatever
happens, so it can always be checked offline with `openssl ts -verify` (packages carry it, with the
command line). Without a TSA, nothing is asked and every item says "no timestamp".

The TSA's transport (an HTTP POST through httpx) is passed in by the jobs (`app/jobs/timestamps.py`).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.jobs.queue import JobContext, defer
from app.models.audit import AuditHead
from app.models.evidence import AuditTimestamp, Evidence, EvidenceTimestamp, TimestampState
from app.security.permissions import Principal
from app.workflows import audit, scoping
from app.workflows.evidence import (
    HashCheck,
    blob_store,
    get_evidence,
    hash_blob,
    record_custody,
    record_verification,
    verification_targets,
)

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
RETRY_BATCH = 20
SWEEP_AFTER = timedelta(minutes=2)  # items without a token request by then (a lost job) get one
NO_TIMESTAMP = "no timestamp: no Time-Stamping Authority is configured (PORTAL_TSA_URL)"


class TsaUnavailable(Exception):
    """The TSA could not be reached or did not answer with a reply (retried later)."""


# The TSA at a URL: a DER TimeStampReq in, its DER TimeStampResp out (TsaUnavailable when it cannot answer).
Tsa = Callable[[str, bytes, Settings], bytes]


# ---- the request (DER) ------------------------------------------------------------------------------------
# rfc3161-client builds requests only from the data itself; evidence can be gigabytes already hashed while
# it streamed in, so the (small, fixed) TimeStampReq is encoded here from the digest:
#   TimeStampReq ::= SEQUENCE { version INTEGER (1), messageImprint SEQUENCE { hashAlgorithm
#     AlgorithmIdentifier (sha256, NULL), hashedMessage OCTET STRING }, nonce INTEGER, certReq TRUE }


def _der(tag: int, body: bytes) -> bytes:
    n = len(body)
    length = (
        bytes([n])
        if n < 0x80
        else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    )
    return bytes([tag]) + length + body


def _der_int(value: int) -> bytes:
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))  # leading 0: stays positive


_SHA256 = _der(0x30, _der(0x06, bytes.fromhex("608648016503040201")) + b"\x05\x00")


def timestamp_query(digest: bytes, nonce: int) -> bytes:
    """The DER TimeStampReq for a SHA-256 digest, asking for the TSA's certificate in the reply."""
    if len(digest) != 32:
        raise ValueError("a SHA-256 digest is 32 bytes")
    imprint = _der(0x30, _SHA256 + _der(0x04, digest))
    return _der(0x30, _der_int(1) + imprint + _der_int(nonce) + b"\x01\x01\xff")


# ---- checking a token -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenCheck:
    valid: bool
    detail: str
    signature_checked: bool = False
    gen_time: datetime | None = None
    serial: str | None = None


def _chain(path: Path) -> tuple[list[object], list[object]]:
    from cryptography import x509

    certs = x509.load_pem_x509_certificates(path.read_bytes())
    roots = [c for c in certs if c.issuer == c.subject]
    return list(roots), [c for c in certs if c.issuer != c.subject]


def check_token(token: bytes, sha256: str, settings: Settings, *, nonce: int | None = None) -> TokenCheck:
    """Does this TSA reply stamp `sha256`? With PORTAL_TSA_CA_FILE, its signature and chain are checked."""
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response
    from rfc3161_client.tsp import PKIStatus

    try:
        reply = decode_timestamp_response(token)
    except ValueError as exc:
        return TokenCheck(False, f"not a timestamp reply: {exc}")
    if PKIStatus(reply.status) not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        return TokenCheck(
            False, f"the TSA refused the request (status {reply.status}: {reply.status_string})"
        )
    info = reply.tst_info
    gen_time, serial = info.gen_time, str(info.serial_number)
    if info.message_imprint.hash_algorithm.dotted_string != "2.16.840.1.101.3.4.2.1":
        return TokenCheck(False, "the token does not use SHA-256", gen_time=gen_time, serial=serial)
    if info.message_imprint.message != bytes.fromhex(sha256):
        return TokenCheck(
            False,
            f"the token stamps SHA-256 {info.message_imprint.message.hex()}, not {sha256}",
            gen_time=gen_time,
            serial=serial,
        )
    if nonce is not None and info.nonce != nonce:
        return TokenCheck(
            False, "the reply does not answer our request (nonce)", gen_time=gen_time, serial=serial
        )
    if settings.tsa_ca_file is None:
        return TokenCheck(
            True,
            "the token stamps this SHA-256; its signature was not checked (PORTAL_TSA_CA_FILE is not set)",
            gen_time=gen_time,
            serial=serial,
        )
    try:
        roots, intermediates = _chain(settings.tsa_ca_file)
        builder = VerifierBuilder()
        for root in roots:
            builder = builder.add_root_certificate(root)  # type: ignore[arg-type]
        for cert in intermediates:
            builder = builder.add_intermediate_certificate(cert)  # type: ignore[arg-type]
        builder.build().verify(reply, bytes.fromhex(sha256))
    except (VerificationError, ValueError, OSError) as exc:
        return TokenCheck(False, f"the token's signature does not verify: {exc}", True, gen_time, serial)
    return TokenCheck(
        True, "the token stamps this SHA-256 and its signature verifies", True, gen_time, serial
    )


def openssl_command(sha256: str, token_path: str, chain_path: str = "tsa-chain.pem") -> str:
    """How anyone checks a token offline, with the digest (the original itself may be withheld)."""
    return f"openssl ts -verify -digest {sha256} -in {token_path} -CAfile {chain_path}"


# ---- asking for tokens ------------------------------------------------------------------------------------


def _backoff(settings: Settings, attempts: int) -> timedelta:
    seconds = settings.tsa_retry_seconds * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def _lease(settings: Settings) -> timedelta:
    # While one process asks, the others leave the row alone (a process that dies mid-request frees it).
    return timedelta(seconds=settings.tsa_timeout_seconds * 3 + 30)


Row = EvidenceTimestamp | AuditTimestamp
Kind = Literal["evidence", "audit"]


def _insert(db: Session, row: Row) -> Row | None:
    """Insert unless its subject already has a row (another process was first): then None."""
    try:
        with db.begin_nested():
            db.add(row)
            db.flush()
    except IntegrityError:
        return None
    return row


def _evidence_rows() -> Select[EvidenceTimestamp]:
    # Jobs act for no principal (see scoping.unscoped_evidence); the token rows hang off their items.
    return (
        scoping.unscoped_evidence()
        .join(EvidenceTimestamp, EvidenceTimestamp.evidence_id == Evidence.id)
        .with_only_columns(EvidenceTimestamp)
    )


def _locked(db: Session, kind: Kind, row_id: str) -> Row | None:
    if kind == "evidence":
        stmt = _evidence_rows().where(EvidenceTimestamp.id == row_id).with_for_update(of=EvidenceTimestamp)
        return db.execute(stmt).scalar_one_or_none()
    return db.execute(
        select(AuditTimestamp).where(AuditTimestamp.id == row_id).with_for_update()
    ).scalar_one_or_none()


def schedule_evidence(db: Session, settings: Settings, ev: Evidence) -> None:
    """Queue the timestamp of an item's original (once; nothing without a TSA)."""
    if settings.tsa_url is None:
        return
    row = EvidenceTimestamp(
        evidence_id=ev.id,
        sha256=ev.sha256,
        state=TimestampState.pending,
        tsa_url=settings.tsa_url,
        attempts=0,
        next_attempt_at=utcnow() + _lease(settings),
    )
    if _insert(db, row) is not None:
        defer(db, "evidence.timestamp", timestamp_id=row.id)


def stamp(ctx: JobContext, kind: Kind, row_id: str, tsa: Tsa) -> bool:
    """Ask the TSA once for this row's token; record it, or schedule the next attempt. True if granted."""
    settings = ctx.settings
    with ctx.sessionmaker() as db:
        row = _locked(db, kind, row_id)
        pending = row is not None and row.state == TimestampState.pending
        sha256, url = (row.sha256, row.tsa_url) if row is not None else ("", "")
        db.commit()  # no lock is held while the TSA answers
    if not pending or settings.tsa_url is None:
        return False
    nonce = secrets.randbits(63)
    error: str | None = None
    token = b""
    try:
        # The URL the row was made for; a changed PORTAL_TSA_URL applies to rows made afterwards.
        token = tsa(url, timestamp_query(bytes.fromhex(sha256), nonce), settings)
        check = check_token(token, sha256, settings, nonce=nonce)
        if not check.valid:
            error = f"the TSA's reply was not accepted: {check.detail}"
    except TsaUnavailable as exc:
        error, check = str(exc), TokenCheck(False, str(exc))
    with ctx.sessionmaker() as db:
        row = _locked(db, kind, row_id)
        if row is None or row.state != TimestampState.pending:
            db.commit()
            return False
        now = utcnow()
        row.attempts += 1
        if error is not None:
            row.last_error = error[:1000]
            row.next_attempt_at = now + _backoff(settings, row.attempts)
            log.warning("timestamp %s not granted (attempt %d): %s", row.id, row.attempts, error)
            db.commit()
            return False
        row.state, row.token, row.granted_at = TimestampState.granted, token, now
        row.gen_time, row.serial = check.gen_time, check.serial
        row.last_error = row.next_attempt_at = None
        _record_granted(db, row)
        db.commit()
    return True


def _record_granted(db: Session, row: Row) -> None:
    detail = {
        "tsa": row.tsa_url,
        "gen_time": row.gen_time.isoformat() if row.gen_time else None,
        "serial": row.serial,
        "token_sha256": hashlib.sha256(row.token or b"").hexdigest(),
    }
    if isinstance(row, EvidenceTimestamp):
        ev = db.execute(
            scoping.unscoped_evidence().where(Evidence.id == row.evidence_id)
        ).scalar_one_or_none()
        if ev is not None:
            record_custody(db, ev, "timestamped", sha256=row.sha256, detail=detail)
        return
    audit.record(
        db,
        "audit.timestamped",
        target_type="audit_chain",
        target_id=str(row.audit_seq),
        data={"seq": row.audit_seq, "head_hash": row.sha256, **detail},
    )


def stamp_evidence(ctx: JobContext, timestamp_id: str, tsa: Tsa) -> None:
    """The `evidence.timestamp` job: one attempt now; `retry_due` takes over if the TSA is down."""
    stamp(ctx, "evidence", timestamp_id, tsa)


def retry_due(ctx: JobContext, tsa: Tsa) -> int:
    """Periodic: ask again for the tokens whose retry is due, and queue items that never asked (a lost
    job, or a TSA configured after they arrived). Returns how many were granted."""
    settings = ctx.settings
    if settings.tsa_url is None:
        return 0
    now = utcnow()
    claimed: list[tuple[Kind, str]] = []
    with ctx.sessionmaker() as db:
        due_evidence = (
            _evidence_rows()
            .where(
                EvidenceTimestamp.state == TimestampState.pending, EvidenceTimestamp.next_attempt_at <= now
            )
            .order_by(EvidenceTimestamp.next_attempt_at)
            .limit(RETRY_BATCH)
            .with_for_update(of=EvidenceTimestamp, skip_locked=True)
        )
        due_audit = (
            select(AuditTimestamp)
            .where(AuditTimestamp.state == TimestampState.pending, AuditTimestamp.next_attempt_at <= now)
            .limit(RETRY_BATCH)
            .with_for_update(skip_locked=True)
        )
        for kind, stmt in (("evidence", due_evidence), ("audit", due_audit)):
            for row in db.execute(stmt).scalars():
                row.next_attempt_at = now + _lease(settings)  # claimed: other processes skip it
                claimed.append((kind, row.id))  # type: ignore[arg-type]
        missing = list(
            db.execute(
                scoping.unscoped_evidence()
                .outerjoin(EvidenceTimestamp, EvidenceTimestamp.evidence_id == Evidence.id)
                .where(
                    Evidence.deleted_at.is_(None),
                    Evidence.created_at < now - SWEEP_AFTER,
                    EvidenceTimestamp.id.is_(None),
                )
                .limit(RETRY_BATCH)
            ).scalars()
        )
        for ev in missing:
            schedule_evidence(db, settings, ev)
        db.commit()
    return sum(stamp(ctx, kind, row_id, tsa) for kind, row_id in claimed)


def stamp_audit_head(ctx: JobContext, tsa: Tsa) -> bool:
    """Periodic: a token over the audit chain's head hash once per interval (daily by default)."""
    settings = ctx.settings
    if settings.tsa_url is None:
        return False
    now = utcnow()
    with ctx.sessionmaker() as db:
        last = db.execute(select(func.max(AuditTimestamp.created_at))).scalar_one_or_none()
        if last is not None and last > now - timedelta(hours=settings.tsa_audit_interval_hours):
            db.commit()
            return False
        head = db.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
        if head is None or head.seq == 0:
            db.commit()
            return False
        row = _insert(
            db,
            AuditTimestamp(
                audit_seq=head.seq,
                sha256=head.hash,
                state=TimestampState.pending,
                tsa_url=settings.tsa_url,
                attempts=0,
                next_attempt_at=now + _lease(settings),
            ),
        )
        db.commit()
    return row is not None and stamp(ctx, "audit", row.id, tsa)


# ---- reading ----------------------------------------------------------------------------------------------


def for_evidence(
    db: Session, evidence_ids: list[str], p: Principal | None = None
) -> dict[str, EvidenceTimestamp]:
    """The timestamp row of each of these items, if any: those `p` sees, or (jobs, packaging) any."""
    if not evidence_ids:
        return {}
    items = scoping.evidence(p) if p is not None else scoping.unscoped_evidence()
    rows = db.execute(
        items.join(EvidenceTimestamp, EvidenceTimestamp.evidence_id == Evidence.id)
        .with_only_columns(EvidenceTimestamp)
        .where(Evidence.id.in_(evidence_ids))
    ).scalars()
    return {r.evidence_id: r for r in rows}


@dataclass(frozen=True)
class ItemTimestamp:
    evidence: Evidence
    row: EvidenceTimestamp | None
    check: TokenCheck | None


def evidence_timestamp(db: Session, p: Principal, evidence_id: str, settings: Settings) -> ItemTimestamp:
    """An item's timestamp (tenant-scoped like the item), checked against its recorded SHA-256."""
    ev = get_evidence(db, p, evidence_id)
    row = for_evidence(db, [ev.id], p).get(ev.id)
    check = None
    if row is not None and row.token is not None:
        check = check_token(row.token, ev.sha256, settings)
    return ItemTimestamp(ev, row, check)


def state_of(row: EvidenceTimestamp | None, settings: Settings) -> tuple[str, str]:
    """`granted` | `pending` | `none`, and a sentence for people ("no timestamp" when there is none)."""
    if row is not None and row.state == TimestampState.granted:
        when = row.gen_time.isoformat() if row.gen_time else "an unknown time"
        return "granted", f"timestamped by {row.tsa_url} at {when}"
    if row is not None:
        why = f": {row.last_error}" if row.last_error else ""
        return "pending", f"no timestamp yet: asked {row.attempts} time(s) from {row.tsa_url}{why}"
    if settings.tsa_url is None:
        return "none", NO_TIMESTAMP
    return "none", "no timestamp yet: it will be asked for shortly"


# ---- verification of an item ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    match: bool
    checked_at: datetime
    checks: list[HashCheck]
    timestamp: TokenCheck | None  # None: the item has no token


def verify_evidence(
    db: Session, p: Principal, evidence_id: str, settings: Settings, ip: str | None
) -> Verified:
    """`POST /evidence/{id}/verify`: re-hash the stored bytes against the custody record (no transaction
    held while hashing) and check the item's timestamp token against the original's recorded SHA-256 and
    the bytes actually stored; all must hold, and the result is a `verified` custody event."""
    checks = verification_targets(db, p, evidence_id)
    row = for_evidence(db, [evidence_id], p).get(evidence_id)
    token = row.token if row is not None else None
    db.commit()
    store = blob_store(settings)
    for c in checks:
        hash_blob(store, c)
    token_check = None
    summary = None
    if token is not None:
        original = checks[0]
        token_check = check_token(token, original.expected_sha256, settings)
        stored = original.actual_sha256 or ""
        if token_check.valid and stored != original.expected_sha256:
            token_check = TokenCheck(
                False,
                f"the token stamps the recorded SHA-256, but the stored original now hashes to {stored}",
                token_check.signature_checked,
                token_check.gen_time,
                token_check.serial,
            )
        summary = {
            "valid": token_check.valid,
            "detail": token_check.detail,
            "signature_checked": token_check.signature_checked,
            "gen_time": token_check.gen_time.isoformat() if token_check.gen_time else None,
        }
    ok, at = record_verification(db, p, evidence_id, checks, ip, timestamp=summary)
    return Verified(ok, at, checks, token_check)
