"""API rate limits on the wire (the rules: app/workflows/rate_limits.py).

Every request of a known caller under /api/ counts, whatever becomes of it, and every answer to it
carries `RateLimit-Policy` and `RateLimit`; beyond a limit the answer is 429 problem+json with
`Retry-After`, before the route does its work. Anonymous requests are not counted here (sign-in has its
own throttle, hand-off links theirs); the probes are exempt.

One connection and one transaction for authentication and the count: the layer below only puts a `Hit`
in the request's scope; authentication (app/api/deps.py), which has just read the caller, `admit`s the
request in the request's own transaction (`peek`: committed counts, no lock; refused there: the 429, with
the hit counted and committed) and the request's commit counts it as its last statement (`Hit.commit`).
A request that fails, and whose transaction rolls back, is counted afterwards in a short transaction of
its own on the same DB session (`Hit.rollback`), so failing requests count too. So does a request that
never reached authentication (an unknown path, a body the input guards or JSON parsing refuse, an
Idempotency-Key answer): this layer counts it as its answer starts, in a short transaction of its own,
and turns an error answer into the 429 if the caller is over a limit. A request with an Idempotency-Key
is counted in the claim's transaction (app/api/idempotency.py), before the claim.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.caller import answer_problem, credentials, encoded, identify_in, sessionmaker_of
from app.config import Settings
from app.errors import DomainError
from app.security.permissions import Principal
from app.workflows import callers, rate_limits
from app.workflows.callers import Caller

log = logging.getLogger(__name__)

EXEMPT_PATHS = frozenset({"/api/v1/health", "/api/v1/ready"})
STATE_KEY = "portal.rate_limit"


def install(app: FastAPI, settings: Settings) -> None:
    """Call after `guards.install` and before `problems.install` (the last added is the outermost)."""
    app.add_middleware(RateLimitLayer, settings=settings)


@dataclass
class Hit:
    """One request's hit, from the layer through authentication to the request's commit."""

    settings: Settings
    caller: Caller | None = None
    decided: bool = False  # authentication (or the Idempotency-Key claim) said who calls
    pending: bool = False  # admitted: the request's commit counts it
    counted: bool = False  # counted in the open transaction, not committed yet
    durable: bool = False  # counted and committed
    windows: list[rate_limits.Window] | None = field(default=None)  # for the answer's fields

    def count_here(self, db: Session, caller: Caller) -> list[rate_limits.Window]:
        """Count in `db`'s transaction (committed by the caller, at once)."""
        self.caller, self.decided = caller, True
        self.windows = rate_limits.count(db, self.settings, caller)
        self.pending, self.counted = False, True
        return self.windows

    def commit(self, db: Session, *, refuse: bool = True) -> None:
        """The request's commit, the hit of an admitted request as its last statement. `refuse`: if a
        concurrent request took the last one meanwhile, the work is rolled back and the answer is 429."""
        if self.pending and self.caller is not None:
            db.flush()  # the route's writes first: relax_commit must see them
            rate_limits.relax_commit(db)
            windows = self.count_here(db, self.caller)
            if refuse and rate_limits.exceeded(windows):
                # A concurrent request took the last one while this one ran: its work is undone, its
                # hit counted on its own, and the answer is the 429.
                db.rollback()
                self.counted, self.pending = False, True
                self.rollback(db)
                rate_limits.check(windows)
        db.commit()
        if self.counted:
            self.counted, self.durable = False, True

    def rollback(self, db: Session) -> None:
        """After the request's transaction rolled back: its hit counted in a short transaction of its own
        (the rare path: a failed request must not escape the limit)."""
        db.rollback()
        if self.caller is None or not (self.pending or self.counted):
            return
        try:
            rate_limits.relax_commit(db)
            self.count_here(db, self.caller)
            db.commit()
            self.counted, self.durable = False, True
        except Exception:
            db.rollback()
            self.counted = False
            log.exception("could not count a failed request against the rate limit")

    def admit(self, db: Session, principal: Principal) -> None:
        """In authentication, in the request's transaction: admitted (counted by its commit), or 429."""
        self.caller, self.decided = callers.of_principal(principal), True
        if self.durable or self.counted:  # counted by the Idempotency-Key claim
            return
        windows = rate_limits.peek(db, self.settings, self.caller)
        if not rate_limits.exceeded(windows):
            self.windows, self.pending = windows, True
            return
        # Refused before the route: the refusal counts too, committed with the 429 (keep_changes).
        db.flush()
        rate_limits.relax_commit(db)
        rate_limits.check(self.count_here(db, self.caller), keep_changes=True)
        # Not raised: the window turned over meanwhile. Admitted after all, and already counted.


def hit_of(scope: Scope) -> Hit | None:
    """This request's hit, if the layer counts it (a credential under /api/, not a probe)."""
    found = scope.get("state", {}).get(STATE_KEY)
    return found if isinstance(found, Hit) else None


def authenticating(scope: Scope) -> None:
    """Authentication decides who calls from here on: a credential it refuses is nobody's (not counted,
    and not looked up again by this layer)."""
    hit = hit_of(scope)
    if hit is not None:
        hit.decided = True


def admit(scope: Scope, db: Session, principal: Principal) -> None:
    hit = hit_of(scope)
    if hit is not None:
        hit.admit(db, principal)


def commit(scope: Scope, db: Session, *, refuse: bool = True) -> None:
    hit = hit_of(scope)
    if hit is None:
        db.commit()
    else:
        hit.commit(db, refuse=refuse)


def rollback(scope: Scope, db: Session) -> None:
    hit = hit_of(scope)
    if hit is None:
        db.rollback()
    else:
        hit.rollback(db)


class RateLimitLayer:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/") or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        if credentials(scope, self.settings) == (None, None):
            await self.app(scope, receive, send)
            return
        hit = Hit(self.settings)
        scope.setdefault("state", {})[STATE_KEY] = hit
        refused = False

        async def send_with_fields(message: MutableMapping[str, Any]) -> None:
            nonlocal refused
            if refused:  # the answer was replaced by the 429
                return
            if message["type"] == "http.response.start":
                if self._uncounted(hit):
                    await run_in_threadpool(self._count_alone, scope, hit)
                    if hit.windows and rate_limits.exceeded(hit.windows) and int(message["status"]) >= 400:
                        # Over a limit, an answer refusing the request becomes the 429 (one that did
                        # work, an anonymous route's, stands: a 429 never hides work done).
                        refused = True
                        try:
                            rate_limits.check(hit.windows)
                        except DomainError as exc:
                            await answer_problem(exc, scope, receive, send_with_fields_of(hit, send))
                        return
                if hit.windows is not None:
                    message["headers"] = [*message.get("headers", []), *_fields(hit)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_fields)
        except BaseException:
            if self._uncounted(hit):  # failed before any answer: counted all the same
                await run_in_threadpool(self._count_alone, scope, hit)
            raise

    @staticmethod
    def _uncounted(hit: Hit) -> bool:
        """Neither authentication nor the request's transaction counted it, and it may be a caller's."""
        return not (hit.durable or hit.counted) and (hit.caller is not None or not hit.decided)

    def _count_alone(self, scope: Scope, hit: Hit) -> None:
        """Who calls, if nobody said yet, and their hit, in one short transaction (the rare path)."""
        try:
            with sessionmaker_of(scope)() as db:
                if not hit.decided:
                    hit.caller, hit.decided = identify_in(db, scope, self.settings), True
                if hit.caller is None:
                    return
                rate_limits.relax_commit(db)
                hit.count_here(db, hit.caller)
                db.commit()
                hit.counted, hit.durable = False, True
        except Exception:
            hit.counted = False
            log.exception("could not count a request against the rate limit")


def _fields(hit: Hit) -> list[tuple[bytes, bytes]]:
    return encoded(rate_limits.fields(hit.windows or []))


def send_with_fields_of(hit: Hit, send: Send) -> Send:
    async def sending(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start" and hit.windows is not None:
            message["headers"] = [*message.get("headers", []), *_fields(hit)]
        await send(message)

    return sending


# ---- the OpenAPI document ------------------------------------------------------------------------------

HEADERS: dict[str, Any] = {
    "RateLimit-Policy": {
        "description": 'The limits that apply (IETF httpapi-ratelimit-headers): `"caller";q=<requests>;'
        'w=<seconds>, "org";q=<requests>;w=<seconds>`.',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What is left of each: `"caller";r=<remaining>;t=<seconds to reset>, "org";…`.',
        "schema": {"type": "string"},
    },
    "Retry-After": {"description": "Seconds to wait (429, 503).", "schema": {"type": "integer"}},
}


def declare(document: dict[str, Any], path: str, authenticated: bool, operation: dict[str, Any]) -> None:
    """On an operation of `document`: the rate-limit fields on every answer of an authenticated route."""
    if not authenticated or path in EXEMPT_PATHS:
        return
    components = document.setdefault("components", {}).setdefault("headers", {})
    components.update(HEADERS)
    for code, response in operation.get("responses", {}).items():
        headers = response.setdefault("headers", {})
        for name in ("RateLimit-Policy", "RateLimit"):
            headers[name] = {"$ref": f"#/components/headers/{name}"}
        if code == "429":
            headers["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
