"""What the OpenAPI document promises integrators about its operations (issue #21)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from app.main import create_app
from tests.conftest import DEMO, PASSWORD, Api, make_settings

OPERATION_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def operations(app: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op) for path, item in app.openapi()["paths"].items() for method, op in item.items()
    ]


def test_operation_ids_are_short_unique_and_carry_no_path(app):
    ids = [op["operationId"] for _, _, op in operations(app)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for path, method, op in operations(app):
        oid = op["operationId"]
        assert OPERATION_ID.match(oid) and len(oid) <= 32, (method, path, oid)
        # A generated id spells the path and method (`login_api_v1_auth_login_post`): none here.
        assert "api_v1" not in oid and "well_known" not in oid, (method, path, oid)


def test_operation_ids_are_the_ones_clients_were_generated_with(app):
    ids = {(method, path): op["operationId"] for path, method, op in operations(app)}
    assert ids[("get", "/api/v1/cases")] == "list_cases"
    assert ids[("post", "/api/v1/cases")] == "create_case"
    assert ids[("post", "/api/v1/cases/{case_id}/submit")] == "submit_case"
    assert ids[("get", "/api/v1/review/queue")] == "review_queue"
    assert ids[("options", "/api/v1/cases/{case_id}/uploads/{upload_id}")] == "tus_options_upload"


# ---- webhooks ----------------------------------------------------------------------------------------

# Domain events that stay in the portal (in-app and e-mail notices only): every other event is a webhook.
NOT_WEBHOOKS = {"case.assigned", "case.commented", "submission.follow_up_due"}
EMITTED = re.compile(r"""(?:emit|announce)\(\s*db,\s*"([a-z_]+\.[a-z_]+)"|"(case\.changes_requested)"\s+if""")


def test_every_event_webhooks_carry_is_declared_with_its_payload_and_signature(app):
    from app.schemas.webhooks import DELIVERIES, PAYLOADS
    from app.workflows import events, webhooks

    document = app.openapi()
    assert document["openapi"].startswith("3.1")
    declared = document["webhooks"]
    assert set(declared) == set(webhooks.WEBHOOK_EVENTS) == set(PAYLOADS) == set(DELIVERIES)
    assert set(events.EVENTS) - set(webhooks.WEBHOOK_EVENTS) == NOT_WEBHOOKS
    # Every event name a workflow passes to emit()/announce() is a known event.
    source = "\n".join(p.read_text() for p in Path("app/workflows").rglob("*.py"))
    literal = {a or b for a, b in EMITTED.findall(source)}
    assert literal >= {"case.submitted", "package.built", "designation.delisted"}, literal
    assert literal <= set(events.EVENTS), literal - set(events.EVENTS)
    schemas = document["components"]["schemas"]
    for event, item in declared.items():
        op = item["post"]
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = schemas[ref.rsplit("/", 1)[-1]]
        assert body["properties"]["event"]["const"] == event
        assert {"id", "event", "event_id", "occurred_at", "case", "data"} <= set(body["required"])
        headers = {p["name"]: p for p in op["parameters"] if p["in"] == "header"}
        assert headers["X-Portal-Signature"]["required"] and headers["X-Portal-Event"]["schema"]["enum"] == [
            event
        ]
        assert "HMAC-SHA256" in op["description"] and '"<t>." + the raw body' in op["description"]


class _Receiver(BaseHTTPRequestHandler):
    got: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).got.append((dict(self.headers.items()), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.got = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/portal"
    server.shutdown()


def _validator(document: dict[str, Any], ref: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": ref, "components": document["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def test_real_deliveries_of_every_event_match_their_declared_webhook(pg_url, tmp_path, sm, db, receiver):
    """Every webhook event, made by the real workflows (review, packages, submissions, official lists),
    delivered to a receiver on loopback: each body validates against the schema the OpenAPI document
    declares for its event, and carries the declared, verifiable signature."""
    from app.workflows.designations import matching
    from tests.api.test_designations import QUMRANI, UK, VELESKOV, by_entry, content_with, matches_of
    from tests.support.flows import force_status
    from tests.support.review_flow import approve, new_case, submit

    matching.warm_up()
    app = create_app(make_settings(pg_url, tmp_path, webhook_allow_private=True), sessionmaker_override=sm)

    def login(who: str) -> Api:
        client = TestClient(app)
        r = client.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
        assert r.status_code == 200, r.text
        return Api(client, csrf=r.json()["csrf_token"])

    admin, researcher = login("org_admin_a"), login("researcher_a")
    coord_a, coord_b, coalition = login("coordinator_a"), login("coordinator_b"), login("coalition_admin")
    from app.workflows.webhooks import WEBHOOK_EVENTS

    hook = admin.post("/api/v1/webhooks", json={"url": receiver, "events": list(WEBHOOK_EVENTS)})
    assert hook.status_code == 201, hook.text
    secret = hook.json()["secret"]

    # Review: submitted, changes requested, resubmitted, approved; another case rejected.
    case = new_case(researcher, targets=("us",))
    submit(researcher, case["id"])
    assert coord_a.post(f"/api/v1/review/cases/{case['id']}/assign", json={}).status_code == 200
    revision = coord_a.get(f"/api/v1/cases/{case['id']}").json()["revision_number"]
    comment = {"path": "perpetrators[0].positions", "body": "Cite the order"}
    assert coord_a.post(f"/api/v1/cases/{case['id']}/comments", json=comment).status_code == 201
    decision = {"decision": "request_changes", "revision": revision, "reason": "Cite the order"}
    assert coord_a.post(f"/api/v1/review/cases/{case['id']}/decisions", json=decision).status_code == 200
    submit(researcher, case["id"])
    approve(coord_a, coord_b, case["id"])
    other = new_case(researcher, title="Rejected case", targets=("us",))
    submit(researcher, other["id"])
    assert coord_a.post(f"/api/v1/review/cases/{other['id']}/assign", json={}).status_code == 200
    revision = coord_a.get(f"/api/v1/cases/{other['id']}").json()["revision_number"]
    decision = {"decision": "reject", "revision": revision, "reason": "Out of scope"}
    assert coord_a.post(f"/api/v1/review/cases/{other['id']}/decisions", json=decision).status_code == 200
    # A package built, sent, and its submission's outcome.
    r = coord_a.post(f"/api/v1/cases/{case['id']}/packages", json={"jurisdictions": ["us"]})
    assert r.status_code == 202, r.text
    [pkg] = r.json()["packages"]
    today = datetime.now(UTC).date().isoformat()
    r = coord_a.post(f"/api/v1/packages/{pkg['id']}/send", json={"sent_on": today, "channel": "email"})
    assert r.status_code == 200, r.text
    sub_id = r.json()["id"]
    for new in ("acknowledged", "under_consideration"):
        r = coord_a.post(f"/api/v1/submissions/{sub_id}/status", json={"status": new})
        assert r.status_code == 200, r.text
    designation = {"date": today, "program": "GLOMAG", "list_reference": "SDN-0001"}
    r = coord_a.post(
        f"/api/v1/submissions/{sub_id}/status", json={"status": "designated", "designation": designation}
    )
    assert r.status_code == 200, r.text
    # Official lists: a match confirmed, one rejected, the confirmed person delisted.
    r = coalition.post("/api/v1/lists/uk_sanctions_list/versions", files=[("file", ("uk.xml", UK))])
    assert r.status_code == 201, r.text
    listed = new_case(researcher, title="Listed people", content=content_with(VELESKOV, QUMRANI))
    force_status(db, listed["id"], "submitted")
    items = matches_of(coord_a, listed["id"])
    veleskov, qumrani = by_entry(items, "GHR0901", "p-veleskov"), by_entry(items, "GHR0902", "p-qumrani")
    assert coord_a.post(f"/api/v1/designations/matches/{veleskov['id']}/confirm", json={}).status_code == 200
    assert coord_a.post(f"/api/v1/designations/matches/{qumrani['id']}/reject", json={}).status_code == 200
    start, end = UK.index(b"  <Designation>"), UK.index(b"  <Designation>", UK.index(b"GHR0901"))
    r = coalition.post(
        "/api/v1/lists/uk_sanctions_list/versions", files=[("file", ("uk.xml", UK[:start] + UK[end:]))]
    )
    assert r.status_code == 201 and r.json()["version"]["removed"] == 1, r.text

    document = app.openapi()
    got = list(_Receiver.got)
    assert {h["X-Portal-Event"] for h, _ in got} == set(WEBHOOK_EVENTS)  # every event, each declared
    for headers, raw in got:
        event = headers["X-Portal-Event"]
        declared = document["webhooks"][event]["post"]
        ref = declared["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = json.loads(raw)
        errors = [e.message for e in _validator(document, ref).iter_errors(body)]
        assert errors == [], (event, body, errors)
        datetime.fromisoformat(body["occurred_at"])
        assert body["event"] == event and body["id"] == headers["X-Portal-Delivery"]
        signature = headers["X-Portal-Signature"]
        params = {p["name"]: p["schema"] for p in declared["parameters"]}
        assert re.fullmatch(params["X-Portal-Signature"]["pattern"], signature), signature
        t, v1 = (part.split("=", 1)[1] for part in signature.split(","))
        expected = hmac.new(secret.encode(), f"{t}.".encode() + raw, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(expected, v1) and abs(time.time() - int(t)) < 300
    submitted = [json.loads(raw) for h, raw in got if h["X-Portal-Event"] == "case.submitted"]
    assert [b["data"]["resubmission"] for b in submitted if b["case"]["id"] == case["id"]] == [False, True]
    outcome = [
        json.loads(raw)["data"] for h, raw in got if h["X-Portal-Event"] == "submission.status_changed"
    ]
    assert outcome[-1]["outcome"]["status"] == "designated" and outcome[-1]["outcome"]["program"] == "GLOMAG"


def test_a_payload_a_workflow_sends_is_its_model_and_nothing_more(db):
    """Keys a workflow adds to an event's data are dropped unless the event's model declares them."""
    from app.models.cases import CaseFile, CaseStatus
    from app.workflows.webhooks import payload_for

    case = CaseFile(id="c1", org_id="o1", status=CaseStatus.approved, revision_number=2)
    body = payload_for(
        "case.approved", case, {"revision": 2, "status": "x", "reason": "secret", "sha256": "f"}
    )
    assert body["data"] == {"revision": 2} and body["case"]["status"] == "approved"
    with pytest.raises(ValidationError):
        payload_for("package.built", case, {"package_id": "p1"})  # a declared field missing: refused


# ---- parameters and examples ---------------------------------------------------------------------------


def test_sort_is_an_enum_of_the_columns_lists_can_be_sorted_by(app):
    from app.workflows.cases import SORT_COLUMNS

    document = app.openapi()
    enum = document["components"]["schemas"]["CaseSort"]["enum"]
    assert sorted(enum) == sorted([c for c in SORT_COLUMNS] + [f"-{c}" for c in SORT_COLUMNS])
    sorts = [
        (path, p)
        for path, method, op in operations(app)
        for p in op.get("parameters", [])
        if p.get("name") == "sort"
    ]
    assert {path for path, _ in sorts} == {"/api/v1/cases", "/api/v1/review/queue"}
    for _, p in sorts:
        assert p["schema"]["$ref"] == "#/components/schemas/CaseSort"


def test_sort_values_are_honoured_and_others_refused(as_):
    researcher = as_["researcher_a"]
    for value in ("title", "-title", "created_at"):
        assert researcher.get("/api/v1/cases", params={"sort": value}).status_code == 200
    r = researcher.get("/api/v1/cases", params={"sort": "-content"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")


def test_if_match_is_an_etag_with_a_description(app):
    found = [
        (method, path, p)
        for path, method, op in operations(app)
        for p in op.get("parameters", [])
        if p.get("name", "").lower() == "if-match"
    ]
    assert ("put", "/api/v1/cases/{case_id}") in {(m, p) for m, p, _ in found}
    for method, path, p in found:
        assert p["schema"] == {"type": "string", "title": "If-Match", "description": "An entity tag."}
        assert "ETag" in p["description"] and p["example"] == '"3"', (method, path)
        assert {"412", "428"} <= set(app.openapi()["paths"][path][method]["responses"])


def test_the_main_requests_have_examples_the_api_accepts(app, as_):
    document = app.openapi()
    content = {
        (method, path): document["paths"][path][method]["requestBody"]["content"]
        for path, method in [
            ("/api/v1/cases", "post"),
            ("/api/v1/cases/{case_id}", "put"),
            ("/api/v1/cases/{case_id}/evidence", "post"),
            ("/api/v1/packages/{package_id}/send", "post"),
        ]
    }
    for (method, path), media in content.items():
        [item] = media.values()
        schema = item["schema"]
        if "$ref" in schema:
            errors = list(_validator(document, schema["$ref"]).iter_errors(item["example"]))
        else:
            errors = list(Draft202012Validator(schema).iter_errors(item["example"]))
        assert errors == [], (method, path, errors)
    # And the API takes them: create, then update with the ETag.
    researcher = as_["researcher_a"]
    r = researcher.post(
        "/api/v1/cases", json=content[("post", "/api/v1/cases")]["application/json"]["example"]
    )
    assert r.status_code == 201, r.text
    update = content[("put", "/api/v1/cases/{case_id}")]["application/json"]["example"]
    r = researcher.put(
        f"/api/v1/cases/{r.json()['id']}", json=update, headers={"If-Match": r.headers["ETag"]}
    )
    assert r.status_code == 200 and r.json()["title"] == update["title"], r.text
    example = content[("post", "/api/v1/cases/{case_id}/evidence")]["multipart/form-data"]["example"]
    assert example["share_with"].split(",") == ["us", "uk"] and example["sensitivity"] == "confidential"
    send = content[("post", "/api/v1/packages/{package_id}/send")]["application/json"]["example"]
    assert send["channel"] == "email" and send["follow_up_date"] > send["sent_on"]


def test_component_titles_are_unique_so_generated_clients_name_every_model(app):
    titles = [s.get("title", name) for name, s in app.openapi()["components"]["schemas"].items()]
    assert [t for t, n in Counter(titles).items() if n > 1] == []
