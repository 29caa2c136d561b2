"""The demo's webhook subscription: the coalition's, to a loopback address where nothing answers.

So the webhooks screen of `make run` shows a subscription and deliveries in both states at once: the
demo's case events reach it through the real fan-out (`webhooks.on_event`), and each delivery is tried
through the real attempt (`webhooks.attempt`): one is tried until it is given up on (`failed`), the others
once, waiting for their retry (the server's periodic retries carry on from there). Nothing here is
logged; the signing secret is generated, sealed in the row and thrown away.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.config import Settings
from app.models.notify import WebhookEndpoint
from app.security.permissions import Principal
from app.workflows import webhooks

# The discard port on loopback: nothing listens, nothing outside the machine is ever contacted.
DEMO_URL = "http://127.0.0.1:9/demo-webhook"
# Events the demo's cases raise once each (one approved case, one rejected), and the demo API's approval.
DEMO_EVENTS = ["case.approved", "case.rejected"]


def subscribe(db: Session, settings: Settings, owner: Principal) -> WebhookEndpoint:
    """The coalition's demo subscription, registered by its admin the first time (audited like any)."""
    for ep in webhooks.list_endpoints(db, owner):
        if ep.url == DEMO_URL:
            return ep
    # The SSRF guard refuses loopback URLs to people; the demo's one is deliberate and never answers.
    local = settings.model_copy(update={"webhook_allow_private": True})
    ep, _secret = webhooks.create_endpoint(db, owner, local, DEMO_URL, DEMO_EVENTS, None)
    return ep


def try_deliveries(db: Session, settings: Settings, owner: Principal, ep: WebhookEndpoint) -> None:
    """Try each delivery not tried yet: the oldest until it fails for good, the others once."""
    db.flush()
    due = [d for d in webhooks.deliveries(db, owner, ep.id) if d.attempts == 0 and d.status == "pending"]
    for i, d in enumerate(sorted(due, key=lambda d: d.created_at)):
        webhooks.attempt(db, settings, d)
        while i == 0 and d.status == "pending":
            webhooks.attempt(db, settings, d)
    db.flush()
