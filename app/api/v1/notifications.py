"""In-app notifications, mute preferences, webhooks."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Request

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.schemas.review import (
    AttemptOut,
    DeliveryOut,
    MarkReadIn,
    NotificationListOut,
    NotificationOut,
    PrefsIn,
    PrefsOut,
    WebhookCreatedOut,
    WebhookIn,
    WebhookOut,
)
from app.workflows import notifications, webhooks
from app.workflows.labels import pick_lang

router = APIRouter()
NOTIFY = Depends(Permission("notifications"))
HOOKS = Depends(Permission("webhooks:manage"))


@router.get(
    "/notifications", response_model=NotificationListOut, tags=["notifications"], dependencies=[NOTIFY]
)
def list_notifications(
    p: PrincipalDep, db: SessionDep, unread: bool = False, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> NotificationListOut:
    items, unread_count = notifications.list_for(db, p, unread, limit)
    return NotificationListOut(items=[NotificationOut.model_validate(n) for n in items], unread=unread_count)


@router.post("/notifications/read", tags=["notifications"], dependencies=[NOTIFY])
def mark_read(body: MarkReadIn, p: PrincipalDep, db: SessionDep) -> dict[str, int]:
    return {"marked": notifications.mark_read(db, p, body.ids)}


@router.get(
    "/notifications/preferences", response_model=PrefsOut, tags=["notifications"], dependencies=[NOTIFY]
)
def get_prefs(p: PrincipalDep, db: SessionDep) -> PrefsOut:
    return PrefsOut(muted=notifications.get_prefs(db, p), kinds=notifications.ALL_KINDS)


@router.put(
    "/notifications/preferences", response_model=PrefsOut, tags=["notifications"], dependencies=[NOTIFY]
)
def set_prefs(body: PrefsIn, p: PrincipalDep, db: SessionDep) -> PrefsOut:
    return PrefsOut(muted=notifications.set_prefs(db, p, body.muted), kinds=notifications.ALL_KINDS)


LangQuery = Annotated[
    Literal["en", "fr", "es", "ar"] | None,
    Query(description="language of the labels; without it, the best of Accept-Language (else en)"),
]
AcceptLanguage = Annotated[str | None, Header(max_length=500)]


@router.get(
    "/webhooks/event-types",
    response_model=list[webhooks.WebhookEventType],
    tags=["webhooks"],
    dependencies=[HOOKS],
)
def list_webhook_event_types(
    lang: LangQuery = None, accept_language: AcceptLanguage = None
) -> list[webhooks.WebhookEventType]:
    """Every event a subscription may choose, with a short name and a description in the caller's
    language: the events of the OpenAPI document's `webhooks` section, in its order."""
    return webhooks.event_types(pick_lang(lang, accept_language))


@router.get("/webhooks", response_model=list[WebhookOut], tags=["webhooks"], dependencies=[HOOKS])
def list_webhooks(p: PrincipalDep, db: SessionDep) -> list[object]:
    return list(webhooks.list_endpoints(db, p))


@router.post(
    "/webhooks", response_model=WebhookCreatedOut, status_code=201, tags=["webhooks"], dependencies=[HOOKS]
)
def create_webhook(
    body: WebhookIn, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> WebhookCreatedOut:
    ep, secret = webhooks.create_endpoint(db, p, settings, body.url, body.events, client_ip(request))
    return WebhookCreatedOut(**WebhookOut.model_validate(ep).model_dump(), secret=secret)


@router.delete("/webhooks/{endpoint_id}", status_code=204, tags=["webhooks"], dependencies=[HOOKS])
def delete_webhook(endpoint_id: str, request: Request, p: PrincipalDep, db: SessionDep) -> None:
    webhooks.delete_endpoint(db, p, endpoint_id, client_ip(request))


@router.get(
    "/webhooks/{endpoint_id}/deliveries",
    response_model=list[DeliveryOut],
    tags=["webhooks"],
    dependencies=[HOOKS],
)
def list_deliveries(endpoint_id: str, p: PrincipalDep, db: SessionDep) -> list[DeliveryOut]:
    items = webhooks.deliveries(db, p, endpoint_id)
    log = webhooks.attempts(db, p, [d.id for d in items])
    return [
        DeliveryOut(
            **DeliveryOut.model_validate(d).model_dump(exclude={"attempt_log"}),
            attempt_log=[AttemptOut.model_validate(a) for a in log[d.id]],
        )
        for d in items
    ]


@router.post(
    "/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay",
    response_model=DeliveryOut,
    status_code=202,
    tags=["webhooks"],
    dependencies=[HOOKS],
)
def replay_delivery(
    endpoint_id: str, delivery_id: str, request: Request, p: PrincipalDep, db: SessionDep
) -> DeliveryOut:
    d = webhooks.replay(db, p, endpoint_id, delivery_id, client_ip(request))
    return DeliveryOut.model_validate(d)
