"""Input rules for every request, in one place, checked before authentication.

`InputGuard` (ASGI middleware, before routing; it touches no database) answers, in this order:
1. 403 to a state-changing browser request from another origin (see `origin_refusal`).
2. 422 naming the field (`path`, `query.q`) for text with NUL or a lone surrogate in the path or
   the query: PostgreSQL (and UTF-8) cannot store them, so they would end in a 500.
3. 413 to a body larger than its route class allows, on `Content-Length` and while reading, before
   a byte is parsed or the caller authenticated: JSON routes take `PORTAL_MAX_JSON_BODY_BYTES`; the
   streamed evidence uploads (`STREAMED_BODIES`) pass through and keep their own limits.
4. 422 naming the field (`body.perpetrators.0.name`) for such text anywhere in a JSON body (names
   too), an integer past 64 bits (the widest column, BIGINT) or a number that is not finite.

`bounded_integers`, a dependency of every route, runs once the route is chosen and before any other:
a path or query parameter declared `int` that does not fit in 64 bits is a 422 naming it. `Int64` and
`Int32` are the shared types that bound parameters to the column they are compared with (PostgreSQL
refuses a wider value with an error), so the OpenAPI document states the bound too.
"""

from __future__ import annotations

import json
import math
from collections.abc import MutableMapping
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin
from urllib.parse import parse_qsl, urlsplit

from annotated_types import Ge, Le
from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError
from starlette.requests import cookie_parser
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.problems import problem_response
from app.config import Settings

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
Int64 = Annotated[int, Ge(INT64_MIN), Le(INT64_MAX)]
Int32 = Annotated[int, Ge(INT32_MIN), Le(INT32_MAX)]  # compared with an INTEGER column
_INT64 = TypeAdapter(Int64)

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Routes that stream their body themselves (multipart evidence, tus PATCH), with their own limits.
STREAMED_BODIES = frozenset(
    {
        ("POST", "/api/v1/cases/{case_id}/evidence"),
        ("PATCH", "/api/v1/cases/{case_id}/uploads/{upload_id}"),
        # an official list file (tens of MB); the import endpoint bounds it itself
        ("POST", "/api/v1/lists/{name}/versions"),
        # a Word document (the importer bounds size and decompression itself)
        ("POST", "/api/v1/cases/import"),
    }
)
_STREAMED = [(method, compile_path(path)[0]) for method, path in STREAMED_BODIES]
MAX_REPORTED = 20
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]"})


def install(app: FastAPI, settings: Settings) -> None:
    """Before the routers are included: the dependency then applies to every route."""
    app.add_middleware(InputGuard, settings=settings)
    app.router.dependencies.append(Depends(bounded_integers))


# ---- text and numbers ------------------------------------------------------------------------------------


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored, or None."""
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # JSON's "\\ud800" escapes: a surrogate without its pair
        return "must not contain unpaired surrogate code points"
    return None


def _error(loc: list[Any], msg: str, kind: str) -> dict[str, Any]:
    # A field name in `loc` may itself be the bad string: shown with its surrogates replaced.
    shown = [x.encode("utf-8", "replace").decode() if isinstance(x, str) else x for x in loc]
    return {"loc": shown, "msg": msg, "type": kind}


def json_problems(document: Any) -> list[dict[str, Any]]:
    """Every string, name and number in a parsed JSON body that can't be stored, with its location."""
    errors: list[dict[str, Any]] = []
    todo: list[tuple[Any, tuple[Any, ...]]] = [(document, ("body",))]
    while todo and len(errors) < MAX_REPORTED:  # a loop, not recursion: depth is the client's choice
        value, loc = todo.pop()
        if isinstance(value, str):
            if (why := text_problem(value)) is not None:
                errors.append(_error(list(loc), why, "string_unstorable"))
        elif isinstance(value, bool) or value is None:
            pass
        elif isinstance(value, int):
            if not INT64_MIN <= value <= INT64_MAX:
                errors.append(_error(list(loc), "must fit in 64 bits", "int_out_of_range"))
        elif isinstance(value, float):
            if not math.isfinite(value):
                errors.append(_error(list(loc), "must be a finite number", "float_not_finite"))
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                if (why := text_problem(key)) is not None:
                    errors.append(_error([*loc, key], f"field name {why}", "string_unstorable"))
                todo.append((item, (*loc, key)))
        elif isinstance(value, list):
            todo.extend((item, (*loc, i)) for i, item in reversed(list(enumerate(value))))
    return errors


def _int_out_of_range(raw: str) -> bool:
    """True for a value the route would read as an integer but that does not fit in 64 bits."""
    try:
        _INT64.validate_python(raw)
    except ValidationError as exc:
        return any(e["type"] in ("less_than_equal", "greater_than_equal") for e in exc.errors())
    return False


def _is_int(annotation: Any) -> bool:
    """int, int | None, list[int], Annotated[int, …] — but not bool."""
    if annotation is int:
        return True
    if get_origin(annotation) in (Annotated, Union, UnionType, list, set, frozenset, tuple):
        return any(_is_int(arg) for arg in get_args(annotation))
    return False


# ---- parameters ------------------------------------------------------------------------------------------


def text_parameter_problems(scope: Scope) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    if (why := text_problem(scope["path"])) is not None:
        errors.append(_error(["path"], why, "string_unstorable"))
    # As Starlette reads the query (percent-decoded as UTF-8, invalid bytes replaced).
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    for name, value in query:
        if (why := text_problem(name) or text_problem(value)) is not None:
            errors.append(_error(["query", name], why, "string_unstorable"))
    return errors[:MAX_REPORTED]


def _int_parameters(route: APIRoute) -> tuple[set[str], set[str]]:
    """The path and query parameters the route (or a dependency of it) declares as integers."""
    path: set[str] = set()
    query: set[str] = set()
    todo: list[Dependant] = [route.dependant]
    while todo:
        dependant = todo.pop()
        path.update(f.alias for f in dependant.path_params if _is_int(f.field_info.annotation))
        query.update(f.alias for f in dependant.query_params if _is_int(f.field_info.annotation))
        todo.extend(dependant.dependencies)
    return path, query


async def bounded_integers(request: Request) -> None:
    """An integer parameter that does not fit in 64 bits is a 422, whatever its route declares.

    `async`: it runs on the event loop, without a hop through the thread pool."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    path, query = _int_parameters(route)
    errors = [
        _error(["path", name], "must fit in 64 bits", "int_out_of_range")
        for name, value in request.path_params.items()
        if name in path and isinstance(value, str) and _int_out_of_range(value)
    ] + [
        _error(["query", name], "must fit in 64 bits", "int_out_of_range")
        for name, value in request.query_params.multi_items()
        if name in query and _int_out_of_range(value)
    ]
    if errors:
        raise RequestValidationError(errors)


# ---- origin ------------------------------------------------------------------------------------------------


def _origin(url: str) -> tuple[str, str] | None:
    """(scheme, host[:port]) with the default port dropped; None for `null` or garbage."""
    try:
        parts = urlsplit(url.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port is not None and port != {"http": 80, "https": 443}[parts.scheme]:
        host = f"{host}:{port}"
    return parts.scheme, host


def origin_refusal(settings: Settings, method: str, headers: dict[str, str]) -> str | None:
    """Why a request must be refused as cross-origin, or None.

    Browsers attach cookies to cross-site requests; the CSRF header stops forged requests of signed-in
    people, and this also stops forged sign-ins (login CSRF) and keeps a second line should a token
    leak. It applies to state-changing requests that carry the session cookie or no credentials at
    all (sign-in, invitation acceptance…); a bearer token without the cookie is never sent by a
    browser on its own, so such integrations are exempt. A request with neither `Origin` nor
    `Sec-Fetch-Site` is allowed: every current browser sends one of them on cross-origin POSTs, so
    their absence means a non-browser client (curl, scripts, the tests), which cookies cannot forge."""
    if method not in STATE_CHANGING:
        return None
    bearer = headers.get("authorization", "").lower().startswith("bearer ")
    has_cookie = settings.session_cookie in cookie_parser(headers.get("cookie", ""))
    if bearer and not has_cookie:
        return None
    expected = _origin(settings.public_base_url)
    sent = headers.get("origin")
    if sent is not None:
        origin = _origin(sent)
        if origin is not None and (origin == expected or _dev_loopback(settings, origin, expected)):
            return None
        return f"Cross-origin request refused: Origin {sent[:100]!r} is not this portal's"
    site = headers.get("sec-fetch-site")
    if site is not None and site.lower() not in ("same-origin", "none"):
        return f"Cross-origin request refused (Sec-Fetch-Site: {site[:30]})"
    return None


def _dev_loopback(settings: Settings, origin: tuple[str, str], expected: tuple[str, str] | None) -> bool:
    # `make run` and the Vite dev server: localhost and 127.0.0.1, on any port, are the same machine.
    def loopback(o: tuple[str, str] | None) -> bool:
        if o is None:
            return False
        host = o[1].split("]")[0] + "]" if o[1].startswith("[") else o[1].split(":")[0]
        return host in _LOOPBACK

    return settings.env == "development" and loopback(origin) and loopback(expected)


# ---- the middleware --------------------------------------------------------------------------------------


def _is_json(content_type: str | None) -> bool:
    """As FastAPI decides to parse a body as JSON: no content type, or application/json or …+json."""
    if not content_type:
        return True
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith("application/") and (media == "application/json" or media.endswith("+json"))


class BodyTooLarge(Exception):
    pass


class InputGuard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = origin_refusal(self.settings, scope["method"], headers)
        if refusal is not None:
            await self._answer(scope, receive, send, 403, "Forbidden", refusal, "cross-origin")
            return
        errors = text_parameter_problems(scope)
        if errors:
            await self._invalid(scope, receive, send, errors)
            return
        if any(scope["method"] == method and regex.match(scope["path"]) for method, regex in _STREAMED):
            await self.app(scope, receive, send)
            return
        limit = self.settings.max_json_body_bytes
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await self._too_large(scope, receive, send, limit)
            return
        try:
            body = await _read_body(receive, limit)
        except BodyTooLarge:
            await self._too_large(scope, receive, send, limit)
            return
        if body is None:  # the client went away
            return
        if body and _is_json(headers.get("content-type")):
            try:
                document = json.loads(body)
            except (ValueError, RecursionError):
                document = None  # not JSON (or absurdly deep): FastAPI answers it, as before
            errors = json_problems(document)
            if errors:
                await self._invalid(scope, receive, send, errors)
                return
        await self.app(scope, _replay(body, receive), send)

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        status: int,
        title: str,
        detail: str,
        slug: str,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        response = problem_response(status, title, detail, slug, scope["path"], headers, extra)
        await response(scope, receive, send)

    async def _invalid(
        self, scope: Scope, receive: Receive, send: Send, errors: list[dict[str, Any]]
    ) -> None:
        paths = ", ".join(".".join(str(x) for x in e["loc"]) for e in errors[:5])
        await self._answer(
            scope,
            receive,
            send,
            422,
            "Unprocessable content",
            f"Invalid request: {paths}",
            "validation-error",
            extra={"errors": errors},
        )

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        await self._answer(
            scope,
            receive,
            send,
            413,
            "Content too large",
            f"The request body is larger than the {_size(limit)} this endpoint accepts",
            "too-large",
            # The rest of the body is not read: the connection cannot carry another request.
            headers={"Connection": "close"},
            extra={"max_bytes": limit},
        )


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, refused as soon as it passes `limit`; None if the client disconnected."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, as one message; then the client's own channel (disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            message: MutableMapping[str, Any] = {"type": "http.request", "body": body, "more_body": False}
            return message
        return await receive()

    return replay


def _size(n: int) -> str:
    return f"{n / 1024**2:g} MiB" if n >= 1024**2 else f"{n / 1024:g} KiB"
