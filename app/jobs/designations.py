"""Official lists and designation matching: screening on save, matching when a version arrives, the
periodic fetch of configured list URLs, and warming logic-v2 up in a worker that will need it."""

from __future__ import annotations

from app.jobs.queue import JobContext, periodic, task
from app.workflows.designations import lists, screening


@task("designations.screen_case")
def screen_case(ctx: JobContext, case_id: str) -> None:
    screening.run_case_screening(ctx, case_id)


@task("lists.match")
def match_version(ctx: JobContext, version_id: str) -> None:
    screening.run_version_matching(ctx, version_id)


@task("lists.fetch")
def fetch(ctx: JobContext, name: str) -> None:
    url = ctx.settings.sanctions_list_urls.get(name)
    if url:
        lists.fetch_list(ctx, name, url, force=True)


@periodic
def fetch_due(ctx: JobContext) -> None:
    lists.run_fetches(ctx)


@periodic
def warm_up(ctx: JobContext) -> None:
    screening.warm_up_if_lists(ctx)
