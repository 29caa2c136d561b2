"""Account jobs: the password-reset mail (looked up and sent off the request, so its answer and timing
are the same for every address)."""

from __future__ import annotations

from app.jobs.queue import JobContext, task
from app.workflows import password_reset


@task("password_reset.deliver")
def deliver_password_reset(ctx: JobContext, email: str, ip: str | None = None) -> None:
    with ctx.sessionmaker() as db:
        password_reset.deliver(db, ctx.settings, email, ip)
        db.commit()
