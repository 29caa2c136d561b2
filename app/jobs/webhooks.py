"""Webhook delivery jobs."""

from __future__ import annotations

from app.jobs.queue import JobContext, task
from app.workflows import webhooks


@task("webhook.deliver")
def deliver(ctx: JobContext, delivery_id: str) -> None:
    webhooks.deliver(ctx, delivery_id)
