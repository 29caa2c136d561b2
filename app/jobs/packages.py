"""Package builds (deferred by POST /cases/{id}/packages), follow-up reminders, and failing builds whose
heartbeat stopped (their worker died)."""

from __future__ import annotations

from typing import Any

from app.jobs.queue import JobContext, periodic, task
from app.workflows import packaging, submissions


@task("package.build")
def build(ctx: JobContext, package_id: str, actor: dict[str, Any]) -> None:
    packaging.run_build(ctx, package_id, actor)


@periodic
def follow_ups_due(ctx: JobContext) -> None:
    submissions.run_follow_ups(ctx)


@periodic
def stale_builds(ctx: JobContext) -> None:
    with ctx.sessionmaker() as db:
        packaging.fail_stale_builds(db, ctx.settings)
        db.commit()
