"""What a process needs to run jobs: every job module (imported here, so their `@task` and `@periodic`
registrations exist) and the runner of the configured backend.

Entry points call it at start-up: `create_app`, `portal worker`, `portal jobs tick` and the CLI's
sessions. A new job module is added to the imports below. The queue never imports this module: job
modules import workflows, which import the queue.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.jobs import accounts as accounts
from app.jobs import designations as designations
from app.jobs import evidence as evidence
from app.jobs import handoff as handoff
from app.jobs import integrations as integrations
from app.jobs import mail as mail
from app.jobs import packages as packages
from app.jobs import queue
from app.jobs import timestamps as timestamps
from app.jobs import uploads as uploads
from app.jobs import webhooks as webhooks


def load() -> None:
    """Every job is registered by now (the imports above); from here on `defer` refuses unknown names."""
    queue.mark_registry_loaded()


def install(settings: Settings, sm: sessionmaker[Session]) -> queue.Runner:
    """Load the registry and bind `sm` to the runner of `settings.jobs_backend`; returns the runner."""
    load()
    ctx = queue.JobContext(settings, sm)
    runner: queue.Runner
    if settings.jobs_backend == "procrastinate":
        # Imported here: the embedded (inline) start-up never loads procrastinate.
        from app.jobs.procrastinate_runner import ProcrastinateRunner, make_procrastinate_app

        runner = ProcrastinateRunner(make_procrastinate_app(settings, ctx))
    else:
        runner = queue.InlineRunner(ctx)
    queue.bind(sm, runner)
    return runner
