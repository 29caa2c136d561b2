"""E-mail delivery as a job."""

from __future__ import annotations

from app.jobs.queue import JobContext, task
from app.workflows.mail import send_mail


@task("mail.send")
def send_mail_job(ctx: JobContext, to: str, subject: str, body: str, link: str | None = None) -> None:
    send_mail(ctx.settings, to, subject, body, link=link)
