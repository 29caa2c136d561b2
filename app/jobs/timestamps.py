"""Trusted timestamps (RFC 3161): the TSA's transport (an HTTP POST, httpx) and the jobs around it.

The rules (when to ask, what a reply must hold, backoff, custody) are `app/workflows/timestamps.py`.
"""

from __future__ import annotations

from app.config import Settings
from app.jobs.queue import JobContext, periodic, task
from app.workflows import timestamps
from app.workflows.timestamps import TsaUnavailable

MAX_REPLY_BYTES = 1024 * 1024  # a reply is a few kilobytes; anything bigger is not one


def post_query(url: str, query: bytes, settings: Settings) -> bytes:
    """POST a DER TimeStampReq (RFC 3161 section 3.4); the DER TimeStampResp, or TsaUnavailable."""
    import httpx  # here, not at module level: the web process loads job modules at start-up

    try:
        with httpx.Client(timeout=settings.tsa_timeout_seconds, follow_redirects=False) as client:
            r = client.post(
                url,
                content=query,
                headers={
                    "Content-Type": "application/timestamp-query",
                    "Accept": "application/timestamp-reply",
                },
            )
    except httpx.HTTPError as exc:
        raise TsaUnavailable(f"the TSA could not be reached: {type(exc).__name__}") from exc
    if r.status_code != 200:
        raise TsaUnavailable(f"the TSA answered HTTP {r.status_code}")
    if len(r.content) > MAX_REPLY_BYTES or not r.content:
        raise TsaUnavailable("the TSA's answer is not a timestamp reply")
    return r.content


@task("evidence.timestamp")
def stamp_evidence(ctx: JobContext, timestamp_id: str) -> None:
    timestamps.stamp_evidence(ctx, timestamp_id, post_query)


@periodic
def retry_timestamps(ctx: JobContext) -> None:
    timestamps.retry_due(ctx, post_query)


@periodic
def timestamp_audit_head(ctx: JobContext) -> None:
    timestamps.stamp_audit_head(ctx, post_query)
