"""Resumable uploads a fault left complete-but-unrecorded (every byte stored, no Evidence item yet):
recorded for their uploader on every tick. Thin: the rules are `app/workflows/tus.py` (`finish`)."""

from __future__ import annotations

from app.jobs.queue import JobContext, periodic
from app.workflows import tus


@periodic
def finish_unrecorded_uploads(ctx: JobContext) -> None:
    tus.finish_unrecorded(ctx.sessionmaker, ctx.settings)
