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

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import new_id, utcnow
from app.errors import Forbidden, Invalid, NotFound
from app.jobs.queue import JobContext, defer
from app.jurisdictions.content_labels import LANGS, Lang
from app.models.cases import CaseFile
from app.models.notify import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.schemas.webhooks import DESCRIPTIONS, PAYLOADS
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


# ---- the event types, in the caller's language (`GET /api/v1/webhooks/event-types`) ---------------------


class WebhookEventType(BaseModel):
    name: str = Field(
        description="The event type, as subscriptions and deliveries name it.", examples=["case.approved"]
    )
    label: str = Field(description="A short human name of the event, in the requested language.")
    description: str = Field(description="What happened when the event is sent, in the requested language.")


# Event type → language → (label, description). English descriptions are the OpenAPI document's
# (`app.schemas.webhooks.DESCRIPTIONS`, beside each payload model); the other languages translate them.
_EVENT_TEXTS: dict[str, dict[Lang, tuple[str, str]]] = {
    "case.submitted": {
        "en": ("A case was submitted for review", DESCRIPTIONS["case.submitted"]),
        "fr": (
            "Un dossier a été soumis à relecture",
            "Un dossier a été soumis à relecture (ou soumis de nouveau après une demande de modifications).",
        ),
        "es": (
            "Se envió un expediente a revisión",
            "Se envió un expediente a revisión (o se volvió a enviar tras una petición de cambios).",
        ),
        "ar": ("أُرسل ملف قضية للمراجعة", "أُرسل ملف قضية للمراجعة (أو أُعيد إرساله بعد طلب تعديلات)."),
    },
    "case.changes_requested": {
        "en": ("Changes were requested", DESCRIPTIONS["case.changes_requested"]),
        "fr": (
            "Des modifications ont été demandées",
            "Un coordinateur a demandé des modifications ; le dossier revient à ses auteurs.",
        ),
        "es": ("Se pidieron cambios", "Un coordinador pidió cambios; el expediente vuelve a sus autores."),
        "ar": ("طُلبت تعديلات", "طلب أحد المنسّقين تعديلات، فعاد الملف إلى مُعدّيه."),
    },
    "case.approved": {
        "en": ("A case was approved", DESCRIPTIONS["case.approved"]),
        "fr": ("Un dossier a été approuvé", "Le dossier a obtenu les approbations nécessaires."),
        "es": ("Se aprobó un expediente", "El expediente obtuvo las aprobaciones necesarias."),
        "ar": ("تمت الموافقة على ملف قضية", "حصل الملف على الموافقات اللازمة."),
    },
    "case.rejected": {
        "en": ("A case was rejected", DESCRIPTIONS["case.rejected"]),
        "fr": ("Un dossier a été rejeté", "Un coordinateur a rejeté le dossier."),
        "es": ("Se rechazó un expediente", "Un coordinador rechazó el expediente."),
        "ar": ("رُفض ملف قضية", "رفض أحد المنسّقين الملف."),
    },
    "package.built": {
        "en": ("A package was built", DESCRIPTIONS["package.built"]),
        "fr": (
            "Un dossier de transmission a été constitué",
            "Un dossier de transmission destiné à un gouvernement a été constitué.",
        ),
        "es": ("Se preparó un paquete", "Se preparó un paquete de envío para un gobierno."),
        "ar": ("أُعدّت حزمة", "أُعدّت حزمة إحالة موجّهة إلى حكومة واحدة."),
    },
    "submission.status_changed": {
        "en": ("A submission's status changed", DESCRIPTIONS["submission.status_changed"]),
        "fr": (
            "L’état d’une transmission a changé",
            "Une transmission à un gouvernement a changé d’état (envoi, accusé de réception, issue…).",
        ),
        "es": (
            "Cambió el estado de un envío",
            "Un envío a un gobierno cambió de estado (enviado, acuse de recibo, un resultado…).",
        ),
        "ar": ("تغيّرت حالة إحالة", "تغيّرت حالة إحالة إلى حكومة (الإرسال، الإقرار بالاستلام، النتيجة…)."),
    },
    "designation.confirmed": {
        "en": ("A designation was confirmed", DESCRIPTIONS["designation.confirmed"]),
        "fr": (
            "Une désignation a été confirmée",
            "Un coordinateur a confirmé qu’un auteur visé par un dossier figure sur une liste officielle.",
        ),
        "es": (
            "Se confirmó una designación",
            "Un coordinador confirmó que un autor señalado en un expediente figura en una lista oficial.",
        ),
        "ar": (
            "تأكّد تصنيف",
            "أكّد أحد المنسّقين أن مرتكب انتهاك وارداً في ملف قضية مُدرَج على قائمة رسمية.",
        ),
    },
    "designation.rejected": {
        "en": ("A candidate match was rejected", DESCRIPTIONS["designation.rejected"]),
        "fr": (
            "Une correspondance a été écartée",
            "Un coordinateur a écarté une correspondance possible avec une inscription "
            "d’une liste officielle.",
        ),
        "es": (
            "Se descartó una coincidencia",
            "Un coordinador descartó una posible coincidencia con una entrada de una lista oficial.",
        ),
        "ar": ("استُبعدت مطابقة مرشّحة", "استبعد أحد المنسّقين مطابقة مرشّحة مع قيد في قائمة رسمية."),
    },
    "designation.delisted": {
        "en": ("A person was taken off a list", DESCRIPTIONS["designation.delisted"]),
        "fr": (
            "Une personne a été retirée d’une liste",
            "Une personne dont la coalition avait constaté la désignation, ou qu’elle avait proposée, "
            "a été retirée d’une liste.",
        ),
        "es": (
            "Se retiró a una persona de una lista",
            "Se retiró de una lista a una persona cuya designación había constatado la coalición, "
            "o que la coalición había propuesto.",
        ),
        "ar": ("أُزيل شخص من قائمة", "أُزيل من قائمة شخصٌ شهد التحالف تصنيفه أو كان قد اقترح إدراجه."),
    },
}


def event_types(lang: Lang) -> list[WebhookEventType]:
    """Every event webhooks carry (`WEBHOOK_EVENTS`, the payload models' order), named and described in
    `lang`. An event without its texts in every language fails here, and in tests, not in a browser."""
    out = []
    for event in WEBHOOK_EVENTS:
        label, description = _EVENT_TEXTS[event][lang]
        out.append(WebhookEventType(name=event, label=label, description=description))
    return out


def _check_event_texts() -> None:
    missing = [
        f"{event} ({lang})"
        for event in WEBHOOK_EVENTS
        for lang in LANGS
        if lang not in _EVENT_TEXTS.get(event, {})
    ]
    stale = sorted(set(_EVENT_TEXTS) - set(WEBHOOK_EVENTS))
    if missing or stale:
        raise RuntimeError(f"webhook event texts: missing {missing}, not an event {stale}")


_check_event_texts()
