"""The OpenAPI document states the errors every operation really answers, in one place.

Every refusal is RFC 9457 `application/problem+json` (`app/api/problems.py`), whichever layer raises
it: the input guards (403 cross-origin, 413, 422 for any path or query text), authentication (401,
403), the workflows' domain errors, the fault barrier (503 with Retry-After). FastAPI only knows the
422 of its own validation, and documents it as `application/json` with a shape we never send. So
`install` post-processes the generated document once: a `Problem` schema, and on each operation the
statuses that apply to it (from its method, path and header parameters, and whether it
authenticates), each with that media type. Responses a route declares with content of its own keep
it (a download's 200, the readiness probe's 503).

It also adds what FastAPI cannot derive: the OpenAPI 3.1 `webhooks` section (every event the portal
sends, its body schema from `app.schemas.webhooks`, the signature scheme), `If-Match` declared as the
case's ETag, and examples for the main requests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic.json_schema import models_json_schema

from app.api import idempotency, rate_limits
from app.api.deps import authenticate_request
from app.api.guards import STATE_CHANGING, STREAMED_BODIES
from app.api.problems import MEDIA_TYPE
from app.schemas import webhooks as webhook_payloads
from app.schemas.cases import CaseSort
from app.workflows import webhooks

PROBLEM_REF = "#/components/schemas/Problem"

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details. `errors` names the fields at fault (422); some problems "
    "carry more members (`offset`, `max_bytes`, `current_version`, …).",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "title": "Type"},
        "title": {"type": "string", "title": "Title"},
        "status": {"type": "integer", "title": "Status"},
        "detail": {"type": "string", "title": "Detail"},
        "instance": {"type": "string", "title": "Instance"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemError"}},
    },
    "additionalProperties": True,
}
PROBLEM_ERROR_SCHEMA: dict[str, Any] = {
    "title": "ProblemError",
    "type": "object",
    "required": ["loc", "msg"],
    "properties": {
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"type": "string"},
        "type": {"type": "string"},
        "input": {},
    },
    "additionalProperties": True,
}
# FastAPI's own 422 shapes, never sent here (every 422 is a Problem).
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")

UPLOADS = "/api/v1/cases/{case_id}/uploads"
# Statuses no rule below derives, by operation.
EXTRA: dict[tuple[str, str], tuple[int, ...]] = {
    ("POST", "/api/v1/cases/{case_id}/evidence"): (415, 429),
    ("POST", UPLOADS): (400, 429),
    ("PATCH", UPLOADS + "/{upload_id}"): (400, 410, 415, 429, 460),
    # Both finish recording an upload a fault left unrecorded, which its rules may still refuse.
    ("HEAD", UPLOADS + "/{upload_id}"): (409, 410, 413, 415),
    ("GET", UPLOADS + "/{upload_id}"): (409, 410, 413, 415),
    ("GET", "/api/v1/evidence/{evidence_id}/content"): (410,),
}
# Statuses an operation never answers although a rule would give them.
NEVER: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", "/api/v1/health"): (503,),  # touches nothing that can fail
}


@dataclass(frozen=True)
class _Operation:
    method: str
    path: str
    authenticated: bool
    has_path_params: bool
    has_body: bool
    headers: frozenset[str]


def statuses(op: _Operation) -> set[int]:
    """The error statuses `op` can answer."""
    found = {422, 503}  # the input guards check every path and query; the database can be down
    changes = op.method in STATE_CHANGING
    if op.authenticated:
        found |= {401, 403}  # no or bad credentials; role, scope, CSRF or second-factor gate
        found.add(429)  # the API rate limits per caller and organisation (app/api/rate_limits.py)
    if changes:
        found |= {403, 409}  # cross-origin; the state does not allow it
        if (op.method, op.path) not in STREAMED_BODIES:
            found.add(413)  # the JSON body limit, on every state-changing route
    if op.has_body:
        found |= {400, 404}  # a body that cannot be parsed at all; one naming an object that is not there
    if op.has_path_params:
        found.add(404)
    if "if-match" in op.headers:
        found |= {412, 428}
    if "tus-resumable" in op.headers:
        found.add(412)
    if changes and op.path.startswith("/api/v1/auth/"):
        found |= {401, 429}  # a wrong password or code; sign-in throttling and lockout
    found.update(EXTRA.get((op.method, op.path), ()))
    found.difference_update(NEVER.get((op.method, op.path), ()))
    return found


def _calls(dependant: Dependant) -> list[Callable[..., Any]]:
    out: list[Callable[..., Any]] = []
    todo = [dependant]
    while todo:
        d = todo.pop()
        if d.call is not None:
            out.append(d.call)
        todo.extend(d.dependencies)
    return out


def _headers(dependant: Dependant) -> set[str]:
    out: set[str] = set()
    todo = [dependant]
    while todo:
        d = todo.pop()
        out.update(f.alias.lower() for f in d.header_params)
        todo.extend(d.dependencies)
    return out


def _operations(app: FastAPI) -> dict[tuple[str, str], _Operation]:
    ops: dict[tuple[str, str], _Operation] = {}
    for context in iter_route_contexts(app.router.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not context.path_format:
            continue
        dependant: Dependant = context.dependant
        for method in context.methods or ():
            ops[(method, context.path_format)] = _Operation(
                method=method,
                path=context.path_format,
                authenticated=authenticate_request in _calls(dependant),
                has_path_params=bool(dependant.path_params),
                has_body=dependant.body_params != [] or (method, context.path_format) in STREAMED_BODIES,
                headers=frozenset(_headers(dependant)),
            )
    return ops


def _problem_response(status: int, existing: dict[str, Any] | None) -> dict[str, Any]:
    response = dict(existing or {})
    content = response.get("content") or {}
    if not content or _is_fastapi_validation(content):
        response["content"] = {MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}}
    description = response.get("description")
    if not description or description in ("Validation Error", "Additional Response"):
        response["description"] = _phrase(status)
    return response


def _is_fastapi_validation(content: dict[str, Any]) -> bool:
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1] in FASTAPI_VALIDATION_SCHEMAS


def _phrase(status: int) -> str:
    if status == 460:
        return "Checksum Mismatch (tus)"
    return HTTPStatus(status).phrase


def add_problems(app: FastAPI, document: dict[str, Any]) -> None:
    """Declare, on every operation of `document`, the problem+json answers it can give."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["ProblemError"] = PROBLEM_ERROR_SCHEMA
    ops = _operations(app)
    for path, items in document.get("paths", {}).items():
        for method, operation in items.items():
            op = ops.get((method.upper(), path))
            if op is None or not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses(op)):
                responses[str(status)] = _problem_response(status, responses.get(str(status)))
            # Any other error status a route declared (403, 409, 410 on a download…) is a Problem too.
            for code, response in list(responses.items()):
                if code.isdigit() and int(code) >= 400:
                    responses[code] = _problem_response(int(code), response)
            operation["responses"] = dict(sorted(responses.items()))
            idempotency.declare(document, op.method, op.authenticated, operation)
            rate_limits.declare(document, op.path, op.authenticated, operation)
    for name in FASTAPI_VALIDATION_SCHEMAS:
        if name in schemas and f"#/components/schemas/{name}" not in _refs(document):
            del schemas[name]


def _refs(value: Any) -> set[str]:
    found: set[str] = set()
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, dict):
            ref = v.get("$ref")
            if isinstance(ref, str):
                found.add(ref)
            todo.extend(v.values())
        elif isinstance(v, list):
            todo.extend(v)
    return found


def operation_id(route: APIRoute) -> str:
    """The operation id is the endpoint's name (`list_cases`, `submit_case`): short, and stable when a
    path changes, so generated clients keep their method names. Names are unique across the API
    (`tests/api/test_openapi_contract.py` holds them to it)."""
    return route.name


# ---- webhooks -------------------------------------------------------------------------------------------

SIGNATURE_SCHEME = f"""\
Every delivery is an HTTP `POST` of a JSON body (`Content-Type: application/json`, UTF-8, compact, keys
sorted), signed with the endpoint's secret (`whsec_…`, shown once when the endpoint is created):

    {webhooks.SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>
    hex = lowercase hex of HMAC-SHA256(key = the secret's UTF-8 bytes, message = "<t>." + the raw body bytes)

Verify over the raw bytes received (before any JSON parsing), compare in constant time, and reject a `t`
more than 5 minutes from your clock (replay protection). `X-Portal-Event` names the event,
`X-Portal-Delivery` the delivery (also the body's `id`); `event_id` is the same in every delivery and
replay of one event and in the change feed (`GET /api/v1/events`): deduplicate on it. Answer any 2xx
within the timeout; anything else is retried with exponential backoff, and every delivery can be
replayed (`POST /api/v1/webhooks/{{endpoint_id}}/deliveries/{{delivery_id}}/replay`). The Python client's
`portal_client_helpers.webhooks.verify` implements this check (clients/python/)."""

SIGNATURE_PATTERN = r"^t=[0-9]+,v1=[0-9a-f]{64}$"


def webhook_schemas() -> tuple[dict[str, str], dict[str, Any]]:
    """Event type → `$ref` of its delivery body, and the component schemas they need."""
    pairs = [(model, "validation") for model in webhook_payloads.DELIVERIES.values()]
    refs, defs = models_json_schema(pairs, ref_template="#/components/schemas/{model}")  # type: ignore[arg-type]
    by_event = {
        event: refs[(model, "validation")]["$ref"] for event, model in webhook_payloads.DELIVERIES.items()
    }
    return by_event, defs.get("$defs", {})


def add_webhooks(document: dict[str, Any]) -> None:
    """The OpenAPI 3.1 `webhooks` section: one `POST` per event `app.workflows.webhooks` sends."""
    refs, defs = webhook_schemas()
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in defs.items():
        if name in schemas and schemas[name] != schema:
            raise RuntimeError(f"webhook schema {name} differs from the API's schema of that name")
        schemas[name] = schema
    section: dict[str, Any] = {}
    for event in webhooks.WEBHOOK_EVENTS:
        section[event] = {
            "post": {
                "tags": ["webhooks"],
                "summary": event,
                "operationId": "webhook_" + event.replace(".", "_"),
                "description": webhook_payloads.DESCRIPTIONS[event] + "\n\n" + SIGNATURE_SCHEME,
                "parameters": [
                    {
                        "name": webhooks.SIGNATURE_HEADER,
                        "in": "header",
                        "required": True,
                        "description": '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`',
                        "schema": {"type": "string", "pattern": SIGNATURE_PATTERN},
                    },
                    {
                        "name": "X-Portal-Event",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string", "enum": [event]},
                    },
                    {
                        "name": "X-Portal-Delivery",
                        "in": "header",
                        "required": True,
                        "description": "The delivery's id (the body's `id`).",
                        "schema": {"type": "string"},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": refs[event]}}},
                },
                "responses": {
                    "2XX": {"description": "Received. Any other answer, or none in time, is retried."}
                },
            }
        }
    document["webhooks"] = section


# ---- parameters and examples --------------------------------------------------------------------------

IF_MATCH_DESCRIPTION = (
    'The case\'s ETag as you last read it (the `ETag` of `GET /api/v1/cases/{case_id}`, e.g. `"3"`). '
    "A stale one is refused with 412 and the current version; where it is required, its absence is 428."
)
IF_MATCH_SCHEMA: dict[str, Any] = {"type": "string", "title": "If-Match", "description": "An entity tag."}

CASE_CONTENT_EXAMPLE: dict[str, Any] = {
    "perpetrators": [
        {
            "id": "p1",
            "schema": "Person",
            "name": "Ivan Placeholder",
            "nationality": ["RU"],
            "positions": [{"title": "Head of the detention facility", "start_date": "2021-03"}],
        }
    ],
    "abuses": [
        {
            "id": "a1",
            "category": "arbitrary_detention",
            "incidents": [{"id": "i1", "date": "2023-05-14", "country": "RU", "locality": "Example town"}],
            "perpetrator_roles": [{"perpetrator_id": "p1", "role": "ordered"}],
        }
    ],
}

# (method, path) → the example request body, in the media type the operation takes.
EXAMPLES: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {
    ("post", "/api/v1/cases"): (
        "application/json",
        {
            "title": "Detention of journalists in Example town, 2023",
            "target_jurisdictions": ["us", "uk"],
            "content": CASE_CONTENT_EXAMPLE,
        },
    ),
    ("put", "/api/v1/cases/{case_id}"): (
        "application/json",
        {"title": "Detention of journalists in Example town, 2023–2024", "target_jurisdictions": ["us"]},
    ),
    ("post", "/api/v1/cases/{case_id}/evidence"): (
        "multipart/form-data",
        {
            "file": "(the file's bytes)",
            "title": "Court order, 14 May 2023",
            "captured_date": "2023-05-14",
            "sensitivity": "confidential",
            "share_with": "us,uk",
            "incident_ids": "i1",
            "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        },
    ),
    ("post", "/api/v1/packages/{package_id}/send"): (
        "application/json",
        {
            "sent_on": "2026-03-02",
            "channel": "email",
            "reference": "OFAC-2026-0142",
            "follow_up_date": "2026-06-01",
        },
    ),
}


def refine(document: dict[str, Any]) -> None:
    """`If-Match` as an ETag with what it means, the examples of the main requests, and distinct titles
    for the models FastAPI had to name by module (`app__schemas__designations__ChangeOut`, titled
    `ChangeOut` like the cases' one): generated clients name classes after titles."""
    schemas = document.get("components", {}).get("schemas", {})
    if "CaseSort" in schemas:  # `-updated_at` makes no name: clients get UPDATED_AT_DESC, not VALUE_1
        schemas["CaseSort"]["x-enum-varnames"] = [member.name.upper() for member in CaseSort]
    for name, schema in schemas.items():
        if "__" in name and isinstance(schema, dict):
            module, model = name.split("__")[-2:]
            schema["title"] = module.title().replace("_", "") + model
    for items in document.get("paths", {}).values():
        for operation in items.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "header" and parameter.get("name", "").lower() == "if-match":
                    parameter["description"] = IF_MATCH_DESCRIPTION
                    parameter["schema"] = IF_MATCH_SCHEMA
                    parameter["example"] = '"3"'
    for (method, path), (media_type, example) in EXAMPLES.items():
        content = document["paths"][path][method]["requestBody"]["content"][media_type]
        content["example"] = example


def install(app: FastAPI) -> None:
    """Wrap `app.openapi` so the document is post-processed once, when it is first built."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            add_problems(app, document)
            add_webhooks(document)
            refine(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
