"""Integrations housekeeping on the periodic tick: expired idempotency keys, stale rate-limit counters
and change-feed events past their retention."""

from __future__ import annotations

from app.jobs.queue import JobContext, periodic
from app.workflows import change_feed, idempotency, rate_limits


@periodic
def purge_integration_state(ctx: JobContext) -> None:
    with ctx.sessionmaker() as db:
        idempotency.purge(db)
        rate_limits.purge(db, ctx.settings)
        change_feed.purge(db, ctx.settings.change_feed_retention_days)
        db.commit()
