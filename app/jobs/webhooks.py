"""Webhook delivery jobs: the first attempt right after the commit, retries on the periodic tick."""

from __future__ import annotations

from app.jobs.queue import JobContext, periodic, task
from app.workflows import webhooks


@task("webhook.deliver")
def deliver(ctx: JobContext, delivery_id: str) -> None:
    webhooks.deliver(ctx, delivery_id)


@periodic
def retry_due(ctx: JobContext) -> None:
    webhooks.run_due(ctx)
