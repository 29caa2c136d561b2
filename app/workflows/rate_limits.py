"""API rate limits: per caller (an API token, or a person's session) and per organisation.

Fixed windows of `PORTAL_RATE_LIMIT_WINDOW_SECONDS`; `PORTAL_RATE_LIMIT_PER_TOKEN` requests per caller
and `PORTAL_RATE_LIMIT_PER_ORG` per organisation (all its tokens and people together) in each. The
counters live in the database (`api_rate_limits`), counted by one INSERT … ON CONFLICT DO UPDATE …
RETURNING for both keys, so every API process behind the load balancer counts into the same windows
and two requests at once can never both take the last one. A request over either limit is a 429 with
`Retry-After` (the seconds until that window ends); refused requests count too (a client hammering
through its 429s stays refused).

The answer fields follow the IETF draft "RateLimit header fields for HTTP" (httpapi-ratelimit-headers):
`RateLimit-Policy: "caller";q=6000;w=60, "org";q=30000;w=60` and
`RateLimit: "caller";r=5999;t=42, "org";r=29950;t=42` (r: requests left, t: seconds until the reset).

Counted in the request's own transaction (app/api/rate_limits.py): `peek` decides before the route runs
(plain reads, no lock), `count` is the transaction's last statement before its commit, so the counter
rows stay locked only for that commit, never while the route works (a lock taken before the route would
queue every request of an organisation behind the one in front, across all processes). `count` is
exact: a request that finds the window full there is rolled back and refused, so no more than the quota
ever succeed, even when requests race for the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import TooManyRequests
from app.models.integrations import ApiRateLimit
from app.workflows.callers import Caller

POLICY_HEADER = "RateLimit-Policy"
STATE_HEADER = "RateLimit"


@dataclass(frozen=True)
class Window:
    policy: str  # "caller" or "org"
    quota: int
    window_seconds: int
    hits: int
    reset_seconds: int

    @property
    def remaining(self) -> int:
        return max(0, self.quota - self.hits)

    @property
    def exceeded(self) -> bool:
        return self.hits > self.quota


class RateLimited(TooManyRequests):
    title = "Rate limit exceeded"
    type_slug = "rate-limited"


def _reset_seconds(started: datetime, seconds: int, now: datetime) -> int:
    return max(1, int((started + timedelta(seconds=seconds) - now).total_seconds() + 0.999))


def _quotas(settings: Settings, caller: Caller) -> dict[str, tuple[str, int]]:
    return {
        f"org:{caller.org_id}": ("org", settings.rate_limit_per_org),
        caller.key: ("caller", settings.rate_limit_per_token),
    }


def peek(db: Session, settings: Settings, caller: Caller, now: datetime | None = None) -> list[Window]:
    """The windows as one more request of `caller` would leave them, from committed counts (no lock,
    nothing written): what the request is admitted or refused by, before its route runs."""
    now = now or utcnow()
    seconds = settings.rate_limit_window_seconds
    quotas = _quotas(settings, caller)
    found = {
        key: (hits, started)
        for key, hits, started in db.execute(
            select(ApiRateLimit.key, ApiRateLimit.hits, ApiRateLimit.window_start).where(
                ApiRateLimit.key.in_(sorted(quotas))
            )
        ).all()
    }
    windows = []
    for key, (policy, quota) in quotas.items():
        hits, started = found.get(key, (0, now))
        if started <= now - timedelta(seconds=seconds):  # that window is over: this request starts one
            hits, started = 0, now
        windows.append(Window(policy, quota, seconds, int(hits) + 1, _reset_seconds(started, seconds, now)))
    return sorted(windows, key=lambda w: w.policy)


RELAX_COMMIT = text(
    "SELECT set_config('synchronous_commit', 'off', true) WHERE txid_current_if_assigned() IS NULL"
)


def relax_commit(db: Session) -> None:
    """Call before `count`: if the transaction has written nothing yet (a read, or a transaction of its
    own for the counter), its commit need not wait for the WAL flush: a counter lost to a crash costs
    nothing. A transaction that wrote anything else keeps its durable commit."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(RELAX_COMMIT)


def count(db: Session, settings: Settings, caller: Caller, now: datetime | None = None) -> list[Window]:
    """Count one request of `caller` (and of its organisation); the caller commits, at once (the rows
    stay locked until then)."""
    now = now or utcnow()
    seconds = settings.rate_limit_window_seconds
    quotas = _quotas(settings, caller)
    upsert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    at = ApiRateLimit.window_start.type
    stale = ApiRateLimit.window_start <= literal(now - timedelta(seconds=seconds), at)
    # Sorted keys: every transaction locks the rows in one order (no deadlock between two of them).
    rows = [{"key": k, "window_start": now, "hits": 1} for k in sorted(quotas)]
    statement = (
        upsert(ApiRateLimit)
        .values(rows)
        .on_conflict_do_update(
            index_elements=[ApiRateLimit.key],
            set_={
                "hits": case((stale, 1), else_=ApiRateLimit.hits + 1),
                "window_start": case((stale, literal(now, at)), else_=ApiRateLimit.window_start),
            },
        )
        .returning(ApiRateLimit.key, ApiRateLimit.hits, ApiRateLimit.window_start)
    )
    windows = []
    for key, hits, started in db.execute(statement).all():
        policy, quota = quotas[key]
        windows.append(Window(policy, quota, seconds, int(hits), _reset_seconds(started, seconds, now)))
    return sorted(windows, key=lambda w: w.policy)


def exceeded(windows: list[Window]) -> bool:
    return any(w.exceeded for w in windows)


def fields(windows: list[Window]) -> list[tuple[str, str]]:
    """The `RateLimit-Policy` and `RateLimit` answer fields."""
    policy = ", ".join(f'"{w.policy}";q={w.quota};w={w.window_seconds}' for w in windows)
    state = ", ".join(f'"{w.policy}";r={w.remaining};t={w.reset_seconds}' for w in windows)
    return [(POLICY_HEADER, policy), (STATE_HEADER, state)]


def check(windows: list[Window], *, keep_changes: bool = False) -> None:
    """429 with Retry-After if a window is used up (the one that frees last decides); `keep_changes`:
    the request's transaction commits before the answer (the counted hit is in it)."""
    over = [w for w in windows if w.exceeded]
    if not over:
        return
    wait = max(w.reset_seconds for w in over)
    names = " and ".join(f"{w.quota} requests per {w.window_seconds} s per {w.policy}" for w in over)
    raise RateLimited(
        f"Rate limit exceeded ({names}); retry in {wait} s.",
        headers={"Retry-After": str(wait)},
        extra={"policies": [w.policy for w in over], "retry_after": wait},
        keep_changes=keep_changes,
    )


def purge(db: Session, settings: Settings, now: datetime | None = None) -> None:
    """Drop counters of windows long past (the periodic job)."""
    horizon = (now or utcnow()) - timedelta(seconds=settings.rate_limit_window_seconds) - timedelta(hours=1)
    db.execute(delete(ApiRateLimit).where(ApiRateLimit.window_start < horizon))
