"""`Idempotency-Key` on the wire: the ASGI layer around the routes; the rules are in
app/workflows/idempotency.py.

It sits inside the input guards (a body refused there never claims a key) and outside routing. For a
POST, PUT or PATCH under /api/ that carries the header and comes from a known caller (a token, or a
person's session; anonymous requests ignore it):

1. claim the key in a short transaction of its own, committed before the route runs (409 when another
   request holds it), with the request's rate-limit hit counted first (429 beyond a limit);
2. a new claim: the request runs as usual while its body is hashed on the way in and its answer copied
   on the way out (both pass through as they come: an upload is never held in memory); the answer is
   stored before its last bytes leave (a client that has it and retries at once gets the replay), or
   the key released;
3. a stored answer: the body is read and hashed (and dropped), then the stored answer is sent with
   `Idempotent-Replayed: true`, or a 422 if the body differs. The route never runs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api import rate_limits
from app.api.caller import answer_problem, encoded, header, identify_in, sessionmaker_of
from app.api.guards import STREAMED_BODIES
from app.config import Settings
from app.errors import DomainError
from app.workflows import idempotency
from app.workflows.idempotency import Claim, Fingerprint
from app.workflows.rate_limits import check as check_rate_limit
from app.workflows.rate_limits import exceeded

log = logging.getLogger(__name__)
_STREAMED: list[tuple[str, re.Pattern[str]]] = [(m, compile_path(p)[0]) for m, p in STREAMED_BODIES]


def install(app: FastAPI, settings: Settings) -> None:
    """Call before `guards.install`: the last middleware added is the outermost."""
    app.add_middleware(IdempotencyLayer, settings=settings)


class IdempotencyLayer:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in idempotency.METHODS
            or not scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        raw_key = header(scope, idempotency.HEADER.lower().encode())
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        try:
            key = idempotency.check_key(raw_key)
        except DomainError as exc:
            await answer_problem(exc, scope, receive, send)
            return
        try:
            claim = await run_in_threadpool(self._claim, scope, key)
        except DomainError as exc:  # over the rate limit, or held by a request still running
            await answer_problem(exc, scope, receive, send)
            return
        if claim is None:  # anonymous, or a credential authentication will refuse
            await self.app(scope, receive, send)
            return
        fingerprint = Fingerprint(
            scope["method"],
            scope["path"],
            scope.get("query_string", b""),
            header(scope, b"content-type"),
            self.settings.max_json_body_bytes,
        )
        if claim.outcome == "replay":
            await self._replay(claim, fingerprint, scope, receive, send)
        else:
            await self._run(claim, fingerprint, scope, receive, send)

    def _claim(self, scope: Scope, key: str) -> Claim | None:
        """Who calls, their rate-limit hit (429 before the claim) and the claim, in one short transaction
        committed before the route runs; None for no known caller."""
        hit = rate_limits.hit_of(scope)
        with sessionmaker_of(scope)() as db:
            caller = identify_in(db, scope, self.settings)
            if hit is not None:
                hit.caller, hit.decided = caller, True
            if caller is None:
                return None
            if hit is not None:
                windows = hit.count_here(db, caller)
                if exceeded(windows):
                    hit.commit(db)
                    check_rate_limit(windows)
            try:
                claim = idempotency.claim(db, self.settings, caller.key, key, scope["method"], scope["path"])
            except DomainError:  # 409: the hit is counted on its own
                if hit is not None:
                    hit.rollback(db)
                raise
            if hit is None:
                db.commit()
            else:
                hit.commit(db)
            return claim

    async def _replay(
        self, claim: Claim, fingerprint: Fingerprint, scope: Scope, receive: Receive, send: Send
    ) -> None:
        while True:  # the body is hashed and dropped, chunk by chunk
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            fingerprint.update(message.get("body", b""))
            if not message.get("more_body", False):
                break
        try:
            stored = idempotency.check_replay(claim, fingerprint.hexdigest())
        except DomainError as exc:
            await answer_problem(exc, scope, receive, send)
            return
        headers = [*stored.headers, (idempotency.REPLAYED_HEADER, "true")]
        headers.append(("content-length", str(len(stored.body))))
        await send({"type": "http.response.start", "status": stored.status, "headers": encoded(headers)})
        await send({"type": "http.response.body", "body": stored.body, "more_body": False})

    async def _run(
        self, claim: Claim, fingerprint: Fingerprint, scope: Scope, receive: Receive, send: Send
    ) -> None:
        read_all = False
        streamed = any(scope["method"] == m and r.match(scope["path"]) for m, r in _STREAMED)
        if not streamed:
            # A JSON-sized body (the input guards have bounded and read it already): read it now, so
            # a route that ignores its body still has its request fingerprinted whole.
            messages: list[Message] = []
            while not read_all:
                message = await receive()
                if message["type"] == "http.disconnect":
                    await run_in_threadpool(self._finish, scope, claim, None)
                    return
                fingerprint.update(message.get("body", b""))
                messages.append(message)
                read_all = not message.get("more_body", False)
            pending = iter(messages)

            async def body_receive() -> Message:
                return next(pending, None) or await receive()

            inner_receive: Receive = body_receive
        else:

            async def hashing_receive() -> Message:
                nonlocal read_all
                message = await receive()
                if message["type"] == "http.request":
                    fingerprint.update(message.get("body", b""))
                    read_all = read_all or not message.get("more_body", False)
                return message

            inner_receive = hashing_receive

        status: int | None = None
        headers: list[tuple[str, str]] = []
        body = bytearray()
        too_large = finished = False
        limit = self.settings.idempotency_max_response_bytes

        async def finish(complete: bool) -> None:
            nonlocal finished
            if finished:
                return
            finished = True
            answer = None
            if complete and read_all and status is not None and not too_large:
                if idempotency.storable(status, headers, len(body), self.settings):
                    answer = (fingerprint.hexdigest(), status, headers, bytes(body))
            try:
                await run_in_threadpool(self._finish, scope, claim, answer)
            except Exception:  # the answer still goes out; the key stays held until its lease ends
                log.exception("could not store the answer for an Idempotency-Key on %s", scope["path"])

        async def copying_send(message: MutableMapping[str, Any]) -> None:
            nonlocal status, too_large
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers.extend(
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in message.get("headers", [])
                )
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                if not too_large:
                    too_large = len(body) + len(chunk) > limit
                    if not too_large:
                        body.extend(chunk)
                if not message.get("more_body", False):
                    # Stored before the answer's last bytes leave: a client holding the whole answer
                    # that retries at once gets the replay, not a 409.
                    await finish(True)
            await send(message)

        try:
            await self.app(scope, inner_receive, copying_send)
        finally:
            await finish(False)  # no whole answer (the client went away, an error): the key is released

    def _finish(
        self, scope: Scope, claim: Claim, answer: tuple[str, int, list[tuple[str, str]], bytes] | None
    ) -> None:
        with sessionmaker_of(scope)() as db:
            if answer is None:
                idempotency.release(db, claim)
            else:
                idempotency.complete(db, claim, *answer)
            db.commit()


# ---- the OpenAPI document ------------------------------------------------------------------------------

PARAMETER_REF = "#/components/parameters/IdempotencyKey"
PARAMETER: dict[str, Any] = {
    "name": idempotency.HEADER,
    "in": "header",
    "required": False,
    "description": "Makes a retry safe: the first request with a key runs, any later one with the same key "
    "and the same request gets the stored answer (with `Idempotent-Replayed: true`) for "
    "24 hours; the same key with another request is a 422, and while the first still runs a 409. "
    "Keys belong to the caller (token or person). Use a fresh UUID per logical request.",
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": idempotency.MAX_KEY_LENGTH,
        "pattern": "^[!-~]+$",
    },
    "example": "6f1c3c1e-8d8e-4d59-9f62-1b0f1e0b7a11",
}
REPLAYED: dict[str, Any] = {
    "description": "`true` on an answer replayed for an Idempotency-Key (the route did not run again).",
    "schema": {"type": "string", "enum": ["true"]},
}


def declare(document: dict[str, Any], method: str, authenticated: bool, operation: dict[str, Any]) -> None:
    """On an operation of `document`: the Idempotency-Key parameter and the replay header (writes with
    a caller only: anonymous requests ignore the key)."""
    if method not in idempotency.METHODS or not authenticated:
        return
    components = document.setdefault("components", {})
    components.setdefault("parameters", {})["IdempotencyKey"] = PARAMETER
    components.setdefault("headers", {})["Idempotent-Replayed"] = REPLAYED
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("$ref") == PARAMETER_REF for p in parameters):
        parameters.append({"$ref": PARAMETER_REF})
    for code, response in operation.get("responses", {}).items():
        if code.startswith("2"):
            response.setdefault("headers", {})["Idempotent-Replayed"] = {
                "$ref": "#/components/headers/Idempotent-Replayed"
            }
