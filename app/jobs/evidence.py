"""Background work on evidence: malware scan (and rescans when the signatures change), then the sanitised
derivative; expired-upload cleanup.

Thin calls: the rules and transactions are `app/workflows/evidence_processing.py`; the tools are
`app/jobs/scan.py` (clamd) and `app/jobs/sanitise.py` (mat2, Pillow, ffmpeg).
"""

from __future__ import annotations

from app.jobs import sanitise as sanitiser
from app.jobs.queue import JobContext, periodic, task
from app.jobs.scan import scan_stream, signature_version
from app.workflows import evidence_processing


@task("evidence.scan")
def scan(ctx: JobContext, evidence_id: str) -> None:
    evidence_processing.scan(ctx, evidence_id, scan_stream)


@task("evidence.rescan")
def rescan(ctx: JobContext, evidence_id: str) -> None:
    evidence_processing.scan(ctx, evidence_id, scan_stream, rescan=True)


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


@periodic
def rescan_on_new_signatures(ctx: JobContext) -> None:
    """Items the scanner's current signatures have not seen (or never scanned: no scanner then)."""
    evidence_processing.queue_rescans(ctx, signature_version(ctx.settings))
