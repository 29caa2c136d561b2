"""Background work on evidence: malware scan, then the sanitised derivative; expired-upload cleanup.

Thin calls: the rules and transactions are `app/workflows/evidence_processing.py`; the tools are
`app/jobs/scan.py` (clamd) and `app/jobs/sanitise.py` (mat2, Pillow).
"""

from __future__ import annotations

from app.jobs import sanitise as sanitiser
from app.jobs.queue import JobContext, periodic, task
from app.jobs.scan import scan_stream
from app.workflows import evidence_processing


@task("evidence.scan")
def scan(ctx: JobContext, evidence_id: str) -> None:
    evidence_processing.scan(ctx, evidence_id, scan_stream)


@task("evidence.sanitise")
def sanitise(ctx: JobContext, evidence_id: str) -> None:
    evidence_processing.sanitise(ctx, evidence_id, sanitiser.strip)


@task("evidence.purge_keys")
def purge_keys(ctx: JobContext, keys: list[str]) -> None:
    evidence_processing.purge_keys(ctx, keys)


@periodic
def cleanup_expired_uploads(ctx: JobContext) -> None:
    evidence_processing.cleanup_expired_uploads(ctx)


@periodic
def retry_stuck_scans(ctx: JobContext) -> None:
    evidence_processing.retry_stuck_scans(ctx)
