"""Secure hand-off jobs: the link and code mails (their secret sealed in the payload), the expiry sweep."""

from __future__ import annotations

from app.jobs.queue import JobContext, periodic, task
from app.workflows import handoff


@task("share.mail")
def mail(ctx: JobContext, share_id: str, kind: str, sealed: str) -> None:
    handoff.send_share_mail(ctx, share_id, kind, sealed)


@periodic
def expire_shares(ctx: JobContext) -> None:
    handoff.run_expiry(ctx)
