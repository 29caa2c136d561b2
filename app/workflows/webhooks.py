"""Webhooks: signed, retried with exponential backoff, logged, replayable; never evidence or sources.

Signature header (documented in README and docs/integrations.md, declared in the OpenAPI `webhooks`
section): `X-Portal-Signature: t=<unix seconds>,v1=<hex>` where
`hex = HMAC-SHA256(secret, f"{t}.{raw body}")`. Receivers should reject timestamps older than 5 minutes.
Payloads are built through their models (`app.schemas.webhooks.PAYLOADS`), so what is sent is what the
OpenAPI document publishes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from app.config import Settings
from app.db import new_id, utcnow
from app.errors import Forbidden, Invalid, NotFound
from app.jobs.queue import JobContext, defer
from app.models.cases import CaseFile
from app.models.notify import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.schemas.webhooks import PAYLOADS
from app.security import secretbox, tokens
from app.security.permissions import Principal
from app.workflows import audit, change_feed, scoping

# Every event webhooks carry, each with its payload model (app/schemas/webhooks.py, also the OpenAPI
# document's `webhooks` section): case.submitted, case.changes_requested, case.approved, case.rejected,
# package.built, submission.status_changed, and from the official lists (app/workflows/designations) a
# match confirmed or rejected by a coordinator, and a person the coalition recommended or saw designated
# taken off a list (designation.confirmed, designation.rejected, designation.delisted).
WEBHOOK_EVENTS = tuple(PAYLOADS)
SIGNATURE_HEADER = "X-Portal-Signature"
SECRET_PURPOSE = "webhook-signing-secret"  # noqa: S105  (a key-derivation label, not a secret)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def _check_url(url: str, settings: Settings) -> str:
    parts = urlsplit(url)
    allowed_schemes = ("https",) if settings.is_production else ("https", "http")
    if parts.scheme not in allowed_schemes or not parts.hostname:
        raise Invalid(
            "Webhook URL must be an absolute " + " or ".join(allowed_schemes) + " URL",
            errors=[{"loc": ["body", "url"], "msg": "invalid URL"}],
        )
    if not settings.webhook_allow_private and _is_private(parts.hostname):
        raise Invalid(
            "Webhook URL points to a private or loopback address",
            errors=[{"loc": ["body", "url"], "msg": "private addresses are not allowed"}],
        )
    return url


def _is_private(host: str) -> bool:
    """True if the host is, or resolves to, a loopback/private/link-local address (SSRF guard)."""
    try:
        addrs = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            addrs = {ipaddress.ip_address(ai[4][0]) for ai in socket.getaddrinfo(host, None)}
        except OSError:
            return False
    return any(a.is_private or a.is_loopback or a.is_link_local or a.is_reserved for a in addrs)


# ---- endpoints ------------------------------------------------------------------------------------------


def create_endpoint(
    db: Session, p: Principal, settings: Settings, url: str, events: list[str], ip: str | None
) -> tuple[WebhookEndpoint, str]:
    unknown = sorted(set(events) - set(WEBHOOK_EVENTS))
    if unknown or not events:
        raise Invalid(
            "Unknown or missing events",
            errors=[{"loc": ["body", "events"], "msg": (f"choose from: {', '.join(WEBHOOK_EVENTS)}")}],
        )
    secret = "whsec_" + tokens.random_token(32)
    ep = WebhookEndpoint(
        org_id=p.org_id,
        url=_check_url(url, settings),
        secret=secretbox.seal(settings.secret(), SECRET_PURPOSE, secret),
        events=sorted(set(events)),
        created_by=p.user_id,
    )
    db.add(ep)
    db.flush()
    audit.record(
        db,
        "webhook.created",
        principal=p,
        ip=ip,
        target_type="webhook",
        target_id=ep.id,
        data={"url": url, "events": ep.events},
    )
    return ep, secret


def list_endpoints(db: Session, p: Principal) -> list[WebhookEndpoint]:
    return list(db.execute(scoping.webhook_endpoints(p).order_by(WebhookEndpoint.created_at)).scalars())


def get_endpoint(db: Session, p: Principal, endpoint_id: str) -> WebhookEndpoint:
    ep = db.execute(
        scoping.webhook_endpoints(p).where(WebhookEndpoint.id == endpoint_id)
    ).scalar_one_or_none()
    if ep is None:
        raise NotFound("No such webhook endpoint")
    return ep


def delete_endpoint(db: Session, p: Principal, endpoint_id: str, ip: str | None) -> None:
    ep = get_endpoint(db, p, endpoint_id)
    db.delete(ep)
    audit.record(db, "webhook.deleted", principal=p, ip=ip, target_type="webhook", target_id=endpoint_id)


def deliveries(db: Session, p: Principal, endpoint_id: str, limit: int = 100) -> list[WebhookDelivery]:
    ep = get_endpoint(db, p, endpoint_id)
    return list(
        db.execute(
            scoping.webhook_deliveries(p)
            .where(WebhookDelivery.endpoint_id == ep.id)
            .order_by(WebhookDelivery.created_at.desc())
            .limit(limit)
        ).scalars()
    )


def attempts(db: Session, p: Principal, delivery_ids: list[str]) -> dict[str, list[WebhookAttempt]]:
    out: dict[str, list[WebhookAttempt]] = {d: [] for d in delivery_ids}
    for a in db.execute(
        scoping.webhook_attempts(p)
        .where(WebhookAttempt.delivery_id.in_(delivery_ids))
        .order_by(WebhookAttempt.at)
    ).scalars():
        out[a.delivery_id].append(a)
    return out


def replay(db: Session, p: Principal, endpoint_id: str, delivery_id: str, ip: str | None) -> WebhookDelivery:
    ep = get_endpoint(db, p, endpoint_id)
    original = db.execute(
        scoping.webhook_deliveries(p).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == ep.id
        )
    ).scalar_one_or_none()
    if original is None:
        raise NotFound("No such delivery")
    if not ep.active:
        raise Forbidden("This endpoint is disabled")
    copy = WebhookDelivery(
        endpoint_id=ep.id, event=original.event, payload=original.payload, next_attempt_at=utcnow()
    )
    db.add(copy)
    db.flush()
    defer(db, "webhook.deliver", delivery_id=copy.id)
    audit.record(
        db,
        "webhook.replayed",
        principal=p,
        ip=ip,
        target_type="webhook_delivery",
        target_id=copy.id,
        data={"original": original.id},
    )
    return copy


# ---- fan-out and delivery -------------------------------------------------------------------------------


def payload_for(event: str, case: CaseFile, data: dict[str, Any]) -> dict[str, Any]:
    # Identifiers and states only: never content, titles, reasons or other free text, evidence bytes,
    # sources or contacts (a receiver's logs are outside the coalition's control).
    safe = {
        k: v
        for k, v in data.items()
        if k
        in {
            "revision",
            "resubmission",
            "jurisdiction",
            "jurisdictions",
            "package_id",
            "status",
            "submission_id",
            "sha256",
            "outcome",
            "match_id",
            "designation",  # the public list entry: list, entry id, programmes, listing date
        }
    }
    # The event's model keeps its own fields only and types them as the OpenAPI document declares.
    payload = PAYLOADS[event].model_validate(
        {
            "event": event,
            "event_id": new_id(),  # one id wherever the event is seen (feed, deliveries): receivers dedupe
            "occurred_at": utcnow(),
            "case": {
                "id": case.id,
                "org_id": case.org_id,
                "status": case.status.value,
                "revision": case.revision_number,
            },
            "data": safe,
        }
    )
    return payload.model_dump(mode="json", exclude_unset=True)


def on_event(db: Session, event: str, case: CaseFile, *, data: dict[str, Any]) -> None:
    if event not in WEBHOOK_EVENTS:
        return
    db.flush()  # who may hear is decided on the case's row (scoping's rule for the coalition)
    body = payload_for(event, case, data)
    change_feed.record(db, event, case, body)  # GET /events: the same events, for catching up
    endpoints = db.execute(scoping.unscoped_webhook_endpoints_for(case.id)).scalars()
    due = [
        WebhookDelivery(endpoint_id=ep.id, event=event, payload=body, next_attempt_at=utcnow())
        for ep in endpoints
        if event in ep.events
    ]
    if not due:
        return
    db.add_all(due)
    db.flush()  # assigns the ids the jobs carry
    for d in due:
        defer(db, "webhook.deliver", delivery_id=d.id)


def attempt(db: Session, settings: Settings, delivery: WebhookDelivery) -> None:
    ep = db.execute(scoping.unscoped_webhook_endpoint_of(delivery)).scalar_one_or_none()
    if ep is None or not ep.active:
        delivery.status, delivery.next_attempt_at = "failed", None
        return
    body = json.dumps({"id": delivery.id, **delivery.payload}, separators=(",", ":"), sort_keys=True).encode()
    ts = int(time.time())
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(secretbox.unseal(settings.secret(), SECRET_PURPOSE, ep.secret), ts, body),
        "X-Portal-Event": delivery.event,
        "X-Portal-Delivery": delivery.id,
        "User-Agent": "coalition-portal-webhooks/1",
    }
    import httpx  # here, not at module level: keeps the idle API process small (only delivery needs it)

    started = time.perf_counter()
    status_code: int | None = None
    error: str | None = None
    try:
        host = urlsplit(ep.url).hostname or ""
        if not settings.webhook_allow_private and _is_private(host):
            raise httpx.ConnectError("destination resolves to a private address")
        r = httpx.post(
            ep.url,
            content=body,
            headers=headers,
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,
        )
        status_code = r.status_code
        ok = 200 <= r.status_code < 300
        if not ok:
            error = f"HTTP {r.status_code}"
    except httpx.HTTPError as exc:
        ok = False
        error = f"{type(exc).__name__}: {exc}"[:500]
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = status_code, error
    db.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            status_code=status_code,
            error=error,
            duration_ms=int((time.perf_counter() - started) * 1000),
        )
    )
    if ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", utcnow(), None
    elif delivery.attempts >= settings.webhook_max_attempts:
        delivery.status, delivery.next_attempt_at = "failed", None
    else:
        delay = settings.webhook_backoff_seconds * (2 ** (delivery.attempts - 1))
        delivery.next_attempt_at = utcnow() + timedelta(seconds=delay)


def deliver(ctx: JobContext, delivery_id: str) -> None:
    with ctx.sessionmaker() as db:
        delivery = db.execute(
            scoping.unscoped_webhook_deliveries().where(WebhookDelivery.id == delivery_id).with_for_update()
        ).scalar_one_or_none()
        if delivery is None or delivery.status != "pending":
            return
        attempt(db, ctx.settings, delivery)
        db.commit()


def run_due(ctx: JobContext, limit: int = 100) -> int:
    """Retry deliveries whose backoff has elapsed (called periodically)."""
    with ctx.sessionmaker() as db:
        due = list(
            db.execute(
                scoping.unscoped_webhook_deliveries()
                .where(
                    WebhookDelivery.status == "pending",
                    WebhookDelivery.next_attempt_at <= utcnow(),
                    WebhookDelivery.attempts > 0,
                )
                .order_by(WebhookDelivery.next_attempt_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).scalars()
        )
        for d in due:
            attempt(db, ctx.settings, d)
        db.commit()
        return len(due)
