"""Tenant isolation: every endpoint, called by every role of another tenant, yields nothing it should not.

The first tests probe the identity endpoints by hand; the matrix below is generated from the OpenAPI
document, so a new endpoint is covered (or fails the test until it is classified) without writing a test.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import DEMO, Api
from tests.support.flows import add_evidence, approved_case
from tests.support.review_flow import new_case


@pytest.fixture
def target(as_):
    """Objects belonging to NGO A (Lantern)."""
    admin_a = as_["org_admin_a"]
    me = admin_a.get("/api/v1/me").json()
    org = me["organization"]["id"]
    researcher_id = as_["researcher_a"].get("/api/v1/me").json()["id"]
    inv = admin_a.post(
        f"/api/v1/orgs/{org}/invitations", json={"email": "t@lantern.example", "role": "researcher"}
    ).json()
    tok = admin_a.post("/api/v1/tokens", json={"name": "a", "scopes": ["cases:read"]}).json()
    return {"org": org, "user": researcher_id, "inv": inv["id"], "token": tok["id"]}


CALLS = [
    ("GET", "/api/v1/orgs/{org}", None),
    ("GET", "/api/v1/orgs/{org}/members", None),
    ("PATCH", "/api/v1/orgs/{org}/members/{user}", {"role": "org_admin"}),
    ("DELETE", "/api/v1/orgs/{org}/members/{user}", None),
    ("GET", "/api/v1/orgs/{org}/invitations", None),
    ("POST", "/api/v1/orgs/{org}/invitations", {"email": "evil@x.example", "role": "researcher"}),
    ("DELETE", "/api/v1/orgs/{org}/invitations/{inv}", None),
    ("DELETE", "/api/v1/tokens/{token}", None),
]
OUTSIDERS = ["researcher_b", "org_admin_b", "coordinator_a"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_other_tenants_get_404(who, as_, target):
    api = as_[who]
    for method, path, body in CALLS:
        r = api.request(method, path.format(**target), json=body)
        assert r.status_code in (403, 404), (who, method, path, r.status_code)
        if "{org}" in path or "{token}" in path:
            # Existence is never confirmed: another tenant's objects are simply not found...
            # ...except where the role lacks the permission altogether (403 before any lookup).
            assert r.status_code == 404 or "allow" in r.json()["detail"], (who, method, path, r.text)
    listed = api.get("/api/v1/orgs").json()
    assert target["org"] not in [o["id"] for o in listed]
    tokens = api.get("/api/v1/tokens")
    if tokens.status_code == 200:
        assert target["token"] not in [t["id"] for t in tokens.json()]


def test_org_a_state_unchanged_after_attacks(as_, target):
    for who in OUTSIDERS:
        for method, path, body in CALLS:
            as_[who].request(method, path.format(**target), json=body)
    admin_a = as_["org_admin_a"]
    members = admin_a.get(f"/api/v1/orgs/{target['org']}/members").json()
    assert any(m["user_id"] == target["user"] and m["role"] == "researcher" for m in members)
    invs = admin_a.get(f"/api/v1/orgs/{target['org']}/invitations").json()
    assert next(i for i in invs if i["id"] == target["inv"])["revoked_at"] is None
    assert all(i["email"] != "evil@x.example" for i in invs)
    tokens = admin_a.get("/api/v1/tokens").json()
    assert next(t for t in tokens if t["id"] == target["token"])["revoked_at"] is None


def test_only_coalition_admin_creates_orgs_and_reads_audit(as_):
    for who in DEMO:
        r = as_[who].post("/api/v1/orgs", json={"name": f"Org by {who}"})
        assert r.status_code == (201 if who == "coalition_admin" else 403), who
        r = as_[who].get("/api/v1/audit/verify")
        assert r.status_code == (200 if who == "coalition_admin" else 403), who


def test_ngo_sees_only_itself_coalition_admin_sees_all(as_):
    assert [o["name"] for o in as_["researcher_a"].get("/api/v1/orgs").json()] == ["Lantern Rights Watch"]
    names = {o["name"] for o in as_["coalition_admin"].get("/api/v1/orgs").json()}
    assert {"Lantern Rights Watch", "Open Ledger Initiative", "Demo Sanctions Coalition"} <= names


# ---- the matrix generated from the OpenAPI document ------------------------------------------------------
#
# Every operation of the OpenAPI document is classified below: either it names tenant objects (a path or
# body placeholder such as {case_id}), and then every role to whom those objects are foreign calls it with
# the real ids and with random ones and must get the same answer (404, or the same 403 when the role lacks
# the route's permission whatever the id; never a success), or it names none and the table says why.
# GET operations without ids are listings: their answers must never contain a foreign object's id.
# An operation missing from the table fails `test_every_operation_is_classified`, naming it.

NGO_A = frozenset({"researcher_a", "org_admin_a"})
NGO_B = frozenset({"researcher_b", "org_admin_b", "token_b"})  # token_b: org_admin_b's API token
COALITION = frozenset({"coordinator_a", "coordinator_b", "coalition_admin"})
EVERYONE = NGO_A | NGO_B | COALITION

# Each scenario is a set of objects with one owner, and the roles to whom they must not exist.
FOREIGN: dict[str, frozenset[str]] = {
    # NGO A's never-submitted draft, its evidence and an upload in progress: the coalition too is out.
    "draft": EVERYONE - NGO_A,
    # NGO A's submitted case, its evidence, a comment, a built package and its submission.
    "submitted": NGO_B,
    # NGO A itself, a member and an invitation (coalition admins manage every organisation).
    "org": NGO_B | {"coordinator_a", "coordinator_b"},
    # NGO A's API token, webhook endpoint and one of its deliveries.
    "ngo_own": EVERYONE - NGO_A,
    # The coalition's API token, webhook endpoint and one of its deliveries.
    "coalition_own": NGO_A | NGO_B,
    # researcher_a's own session and notification.
    "person": EVERYONE - {"researcher_a"},
}
# Placeholders that are not object ids: the same in the real and the random call.
NOT_IDS = frozenset({"number"})


@dataclass(frozen=True)
class Call:
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    files: Any = None
    content: bytes | None = None
    # Answers that do not depend on any lookup (tus discovery, marking ids read): only "the same as for a
    # random id" is asserted, a success included.
    any_status: bool = False


TUS = {"Tus-Resumable": "1.0.0"}
PUBLIC = "public: no session, no tenant object"
CREATES = "creates an object in the caller's own organisation"
SELF = "acts on the caller themself"
LISTING = "listing: checked for foreign ids by test_generated_tenant_matrix"
AUDIT = "the audit chain is read whole, by coalition admins only (test_only_coalition_admin_creates_orgs...)"

LISTS = "official sanctions lists: public to every signed-in user, no tenant object"
MATCHES = "a case's designation match: tests/api/test_designations.py::test_tenant_rules_for_matches"
ANALYTICS = "aggregates in the caller's scope: tests/api/test_analytics.py::test_tenant_rules"

V1 = "/api/v1"
OPERATIONS: dict[tuple[str, str], Call | str] = {
    ("GET", "/health"): PUBLIC,
    ("GET", "/ready"): PUBLIC,
    ("GET", "/jurisdictions"): PUBLIC,
    ("POST", "/auth/login"): PUBLIC,
    ("POST", "/auth/login/mfa"): PUBLIC,
    ("POST", "/auth/password-reset"): "public: the same answer for every address (test_password_reset.py)",
    ("POST", "/auth/password-reset/confirm"): "public: the secret reset token is the credential",
    ("GET", "/auth/oidc/providers"): PUBLIC,
    ("GET", "/auth/oidc/{provider}/login"): PUBLIC,
    ("GET", "/auth/oidc/{provider}/callback"): PUBLIC,
    ("POST", "/invitations/lookup"): "public: the secret invitation token is the credential",
    ("POST", "/invitations/accept"): "public: the secret invitation token is the credential",
    ("POST", "/auth/logout"): SELF,
    ("GET", "/me"): LISTING,
    ("GET", "/auth/mfa"): LISTING,
    ("POST", "/auth/mfa/totp"): SELF,
    ("POST", "/auth/mfa/totp/confirm"): SELF,
    ("POST", "/auth/mfa/disable"): SELF,
    ("POST", "/auth/mfa/recovery-codes"): SELF,
    ("GET", "/auth/sessions"): LISTING,
    ("DELETE", "/auth/sessions/{session_id}"): Call(),
    ("POST", "/auth/sessions/revoke-all"): SELF,
    ("POST", "/auth/password"): SELF,
    ("GET", "/audit/verify"): AUDIT,
    ("GET", "/audit/events"): AUDIT,
    ("GET", "/audit/export"): AUDIT,
    # organisations, members, invitations
    ("GET", "/orgs"): LISTING,
    (
        "POST",
        "/orgs",
    ): "creates an organisation (coalition admins; test_only_coalition_admin_creates_orgs...)",
    ("GET", "/orgs/{org_id}"): Call(),
    ("PATCH", "/orgs/{org_id}"): Call(body={"require_sso": False}),
    ("GET", "/orgs/{org_id}/members"): Call(),
    ("PATCH", "/orgs/{org_id}/members/{user_id}"): Call(body={"role": "org_admin"}),
    ("DELETE", "/orgs/{org_id}/members/{user_id}"): Call(),
    ("DELETE", "/orgs/{org_id}/members/{user_id}/mfa"): Call(),
    ("GET", "/orgs/{org_id}/invitations"): Call(),
    ("POST", "/orgs/{org_id}/invitations"): Call(body={"email": "evil@x.example", "role": "researcher"}),
    ("DELETE", "/orgs/{org_id}/invitations/{invitation_id}"): Call(),
    # API tokens
    ("GET", "/tokens/scopes"): LISTING,
    ("GET", "/tokens"): LISTING,
    ("POST", "/tokens"): CREATES,
    ("DELETE", "/tokens/{token_id}"): Call(),
    ("POST", "/tokens/{token_id}/rotate"): Call(body={"overlap_hours": 1}),
    # case files
    ("POST", "/cases"): CREATES,
    ("GET", "/cases"): LISTING,
    ("GET", "/cases/{case_id}"): Call(),
    ("PUT", "/cases/{case_id}"): Call(body={"title": "Overwritten"}, headers={"If-Match": '"1"'}),
    ("DELETE", "/cases/{case_id}"): Call(),
    ("POST", "/cases/{case_id}/withdraw"): Call(body={"reason": "hostile"}),
    ("GET", "/cases/{case_id}/revisions"): Call(),
    ("GET", "/cases/{case_id}/revisions/{number}"): Call(),
    ("GET", "/cases/{case_id}/diff"): Call(query={"from": "1", "to": "1"}),
    ("GET", "/cases/{case_id}/readiness"): Call(),
    ("GET", "/cases/{case_id}/entities"): Call(),
    ("POST", "/cases/{case_id}/submit"): Call(),
    # review and comments
    ("GET", "/review/queue"): LISTING,
    ("POST", "/review/cases/{case_id}/assign"): Call(body={}),
    ("POST", "/review/cases/{case_id}/release"): Call(),
    ("POST", "/review/cases/{case_id}/decisions"): Call(body={"decision": "approve", "revision": 1}),
    ("GET", "/review/cases/{case_id}/since-reviewed"): Call(),
    ("GET", "/review/conflicts"): LISTING,
    ("POST", "/review/conflicts"): Call(body={"case_id": "{case_id}", "reason": "probe"}),
    ("GET", "/cases/{case_id}/review"): Call(),
    ("GET", "/cases/{case_id}/comments"): Call(),
    ("POST", "/cases/{case_id}/comments"): Call(body={"path": "title", "body": "probe"}),
    ("POST", "/cases/{case_id}/comments/{comment_id}/resolve"): Call(),
    ("POST", "/cases/{case_id}/comments/{comment_id}/reopen"): Call(),
    # notifications and webhooks
    ("GET", "/events"): LISTING,  # the change feed: the caller's own organisation's events
    ("GET", "/notifications"): LISTING,
    ("POST", "/notifications/read"): Call(body={"ids": ["{notification_id}"]}, any_status=True),
    ("GET", "/notifications/preferences"): LISTING,
    ("PUT", "/notifications/preferences"): SELF,
    ("GET", "/webhooks/event-types"): LISTING,
    ("GET", "/webhooks"): LISTING,
    ("POST", "/webhooks"): CREATES,
    ("DELETE", "/webhooks/{endpoint_id}"): Call(),
    ("GET", "/webhooks/{endpoint_id}/deliveries"): Call(),
    ("POST", "/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay"): Call(),
    # packages and submissions
    ("POST", "/cases/{case_id}/packages"): Call(body={"jurisdictions": ["us"]}),
    ("GET", "/cases/{case_id}/packages"): Call(),
    ("GET", "/cases/{case_id}/submissions-summary"): Call(),
    ("GET", "/packages/{package_id}"): Call(),
    ("GET", "/packages/{package_id}/download"): Call(),
    ("POST", "/packages/{package_id}/send"): Call(body={"sent_on": "2026-01-05", "channel": "official_form"}),
    ("GET", "/packages/{package_id}/submission"): Call(),
    ("GET", "/submissions/{submission_id}"): Call(),
    ("PATCH", "/submissions/{submission_id}"): Call(body={"reference": "HOSTILE-1"}),
    ("POST", "/submissions/{submission_id}/status"): Call(body={"status": "acknowledged"}),
    # secure hand-off (the coalition's: NGOs lack the permissions whatever the id)
    ("GET", "/recipients"): LISTING,
    ("POST", "/recipients"): "creates a directory entry (coalition admins; tests/api/test_handoff.py)",
    ("GET", "/recipients/{recipient_id}"): Call(),
    ("PATCH", "/recipients/{recipient_id}"): Call(body={"office": "Hostile"}),
    ("DELETE", "/recipients/{recipient_id}"): Call(),
    ("POST", "/packages/{package_id}/shares"): Call(body={"recipient_ids": ["{recipient_id}"]}),
    ("GET", "/packages/{package_id}/shares"): Call(),
    ("GET", "/shares/{share_id}"): Call(),
    ("GET", "/shares/{share_id}/access-events"): Call(),
    ("POST", "/shares/{share_id}/revoke"): Call(body={}),
    ("GET", "/submissions/{submission_id}/access-events"): Call(),
    ("GET", "/.well-known/portal-receipt-key"): PUBLIC,
    # official sanctions lists: coalition-wide public data, no tenant object
    ("GET", "/lists"): LISTS,
    ("GET", "/lists/{name}"): LISTS,
    (
        "POST",
        "/lists/{name}/versions",
    ): "imports a public list (coalition admins; tests/api/test_designations.py)",
    ("GET", "/lists/{name}/versions"): LISTS,
    ("GET", "/lists/{name}/versions/{seq}"): LISTS,
    ("GET", "/lists/{name}/versions/{seq}/changes"): LISTS,
    ("GET", "/lists/{name}/entries"): LISTS,
    ("GET", "/lists/{name}/export"): LISTS,
    ("GET", "/designations/entries/{entry_id}"): LISTS,
    ("GET", "/designations/gaps"): LISTS,
    ("GET", "/designations/gaps/{entry_id}/case-template"): LISTS,
    ("POST", "/designations/gaps/{entry_id}/case"): CREATES,
    # matches belong to a case; a match needs an imported list and the matcher's 15 s warm-up, so their
    # cross-tenant refusals are proven in tests/api/test_designations.py::test_tenant_rules_for_matches
    ("GET", "/designations/matches"): LISTING,
    ("GET", "/designations/matches/{match_id}"): MATCHES,
    ("POST", "/designations/matches/{match_id}/confirm"): MATCHES,
    ("POST", "/designations/matches/{match_id}/reject"): MATCHES,
    # analytics: aggregates of the caller's own reach or the public aggregates, never another tenant's
    # figures below them (tests/api/test_analytics.py::test_tenant_rules)
    ("GET", "/analytics"): "the catalogue of metrics and their definitions: no tenant data",
    ("GET", "/analytics/{metric}"): ANALYTICS,
    ("GET", "/analytics/public-export"): ANALYTICS,
    ("GET", "/analytics/publication"): "the caller's own organisation's consent to be named",
    ("PUT", "/analytics/publication"): "the caller's own organisation's consent to be named",
    ("POST", "/analytics/report"): ANALYTICS,
    # Word in, Word out
    ("GET", "/templates/case-file.docx"): "public template: no tenant object",
    ("POST", "/cases/import"): CREATES,
    ("GET", "/cases/{case_id}/export.docx"): Call(),
    # evidence
    ("POST", "/cases/{case_id}/evidence"): Call(
        files={"file": ("probe.pdf", b"%PDF-1.4\n% probe\n", "application/pdf")}
    ),
    ("GET", "/cases/{case_id}/evidence"): Call(),
    ("GET", "/evidence/{evidence_id}"): Call(),
    ("PATCH", "/evidence/{evidence_id}"): Call(body={"title": "Overwritten"}),
    ("DELETE", "/evidence/{evidence_id}"): Call(query={"reason": "hostile"}),
    ("GET", "/evidence/{evidence_id}/content"): Call(),
    ("GET", "/evidence/{evidence_id}/custody"): Call(),
    ("POST", "/evidence/{evidence_id}/verify"): Call(),
    ("GET", "/evidence/{evidence_id}/timestamp"): Call(),
    ("POST", "/evidence/{evidence_id}/purge"): Call(body={"reason": "hostile purge attempt"}),
    # resumable uploads (tus)
    ("OPTIONS", "/cases/{case_id}/uploads"): Call(any_status=True),
    ("OPTIONS", "/cases/{case_id}/uploads/{upload_id}"): Call(any_status=True),
    ("POST", "/cases/{case_id}/uploads"): Call(headers={**TUS, "Upload-Length": "10"}),
    ("HEAD", "/cases/{case_id}/uploads/{upload_id}"): Call(headers=TUS),
    ("GET", "/cases/{case_id}/uploads/{upload_id}"): Call(headers=TUS),
    ("PATCH", "/cases/{case_id}/uploads/{upload_id}"): Call(
        headers={**TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        content=b"x",
    ),
    ("DELETE", "/cases/{case_id}/uploads/{upload_id}"): Call(headers=TUS),
}


def openapi_operations(app: Any) -> list[tuple[str, str]]:
    return [
        (method.upper(), path.removeprefix(V1))
        for path, ops in app.openapi()["paths"].items()
        for method in ops
        if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
    ]


def test_every_operation_is_classified(app):
    ops = openapi_operations(app)
    missing = [f"{m} {V1}{p}" for m, p in ops if (m, p) not in OPERATIONS]
    assert not missing, (
        "Classify these operations in OPERATIONS (tests/api/test_tenant_matrix.py):\n" + "\n".join(missing)
    )
    gone = [f"{m} {V1}{p}" for m, p in OPERATIONS if (m, p) not in ops]
    assert not gone, "These operations no longer exist; drop them from OPERATIONS:\n" + "\n".join(gone)


PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _placeholders(path: str, call: Call) -> set[str]:
    text = path + json.dumps(call.body) + json.dumps(call.query)
    return set(PLACEHOLDER.findall(text))


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: ids[m.group(1)], value)
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _send(api: Any, method: str, path: str, call: Call, ids: dict[str, str]) -> Any:
    kw: dict[str, Any] = {"headers": dict(call.headers), "params": _fill(call.query, ids)}
    if call.body is not None:
        kw["json"] = _fill(call.body, ids)
    if call.files is not None:
        kw["files"] = call.files
    if call.content is not None:
        kw["content"] = call.content
    return api.request(method, V1 + _fill(path, ids), **kw)


def _shape(r: Any, ids: set[str]) -> Any:
    """The answer with every id replaced, so a real id's answer compares with a random id's."""
    text = r.text
    for i in ids:
        text = text.replace(i, "<id>")
    return r.status_code, text


@dataclass
class World:
    ids: dict[str, dict[str, str]]  # scenario → placeholder → id
    apis: dict[str, Any]

    def secret_ids(self, who: str) -> set[str]:
        """Ids of the objects foreign to `who` that no listing may show (not people or organisations, whose
        ids the coalition legitimately sees beside submitted cases)."""
        return {
            v
            for scenario, ids in self.ids.items()
            if who in FOREIGN[scenario]
            for k, v in ids.items()
            if k not in NOT_IDS | {"org_id", "user_id"}
        }


@pytest.fixture
def world(as_, app, db, settings, job_runner) -> World:
    """One object of every kind, each with its owner (see FOREIGN)."""
    researcher, admin_a = as_["researcher_a"], as_["org_admin_a"]
    coordinator = as_["coordinator_a"]
    org_a = admin_a.get(f"{V1}/me").json()["organization"]["id"]

    draft = new_case(researcher, title="Draft nobody else may see")
    draft_evidence = add_evidence(db, settings, draft["id"], "Draft evidence").id
    upload = researcher.post(
        f"{V1}/cases/{draft['id']}/uploads", headers={**TUS, "Upload-Length": "100"}
    ).headers["location"]

    case = approved_case(as_, db, title="Submitted case")
    case_evidence = add_evidence(db, settings, case["id"], "Submitted evidence").id
    comment = coordinator.post(f"{V1}/cases/{case['id']}/comments", json={"path": "title", "body": "Why?"})
    assert comment.status_code == 201, comment.text
    built = coordinator.post(f"{V1}/cases/{case['id']}/packages", json={"jurisdictions": ["us"]})
    assert built.status_code == 202, built.text
    package = built.json()["packages"][0]["id"]

    hooks = {}
    for who in ("org_admin_a", "coalition_admin"):
        r = as_[who].post(
            f"{V1}/webhooks",
            json={"url": "https://hooks.example/portal", "events": ["submission.status_changed"]},
        )
        assert r.status_code == 201, r.text
        hooks[who] = r.json()["id"]
    job_runner(None)  # deliveries stay queued: no network in tests
    today = datetime.now(UTC).date().isoformat()
    sent = coordinator.post(
        f"{V1}/packages/{package}/send", json={"sent_on": today, "channel": "official_form"}
    )
    assert sent.status_code == 200, sent.text
    deliveries = {
        who: as_[who].get(f"{V1}/webhooks/{hooks[who]}/deliveries").json()[0]["id"] for who in hooks
    }
    recipient = (
        as_["coalition_admin"]
        .post(
            f"{V1}/recipients",
            json={
                "jurisdiction": "us",
                "name": "Dana Officer",
                "office": "OFAC",
                "email": "dana@treasury.example",
            },
        )
        .json()["id"]
    )
    shared = coordinator.post(f"{V1}/packages/{package}/shares", json={"recipient_ids": [recipient]})
    assert shared.status_code == 201, shared.text

    tokens = {
        who: as_[who].post(f"{V1}/tokens", json={"name": "matrix", "scopes": ["cases:read"]}).json()["id"]
        for who in ("org_admin_a", "coalition_admin")
    }
    b_scopes = list(as_["org_admin_b"].get(f"{V1}/tokens/scopes").json())
    raw_b = as_["org_admin_b"].post(f"{V1}/tokens", json={"name": "b", "scopes": b_scopes}).json()["token"]
    invitation = admin_a.post(
        f"{V1}/orgs/{org_a}/invitations", json={"email": "new@lantern.example", "role": "researcher"}
    ).json()["id"]
    session = next(s["id"] for s in researcher.get(f"{V1}/auth/sessions").json() if s["current"])
    notification = researcher.get(f"{V1}/notifications").json()["items"][0]["id"]

    apis = {**as_, "token_b": Api(TestClient(app), bearer=raw_b)}
    return World(
        ids={
            "draft": {
                "case_id": draft["id"],
                "evidence_id": draft_evidence,
                "upload_id": upload.rsplit("/", 1)[1],
                "number": "1",
            },
            "submitted": {
                "case_id": case["id"],
                "evidence_id": case_evidence,
                "comment_id": comment.json()["id"],
                "package_id": package,
                "submission_id": sent.json()["id"],
                "recipient_id": recipient,
                "share_id": shared.json()[0]["id"],
                "number": "1",
            },
            "org": {
                "org_id": org_a,
                "user_id": researcher.get(f"{V1}/me").json()["id"],
                "invitation_id": invitation,
            },
            "ngo_own": {
                "token_id": tokens["org_admin_a"],
                "endpoint_id": hooks["org_admin_a"],
                "delivery_id": deliveries["org_admin_a"],
            },
            "coalition_own": {
                "token_id": tokens["coalition_admin"],
                "endpoint_id": hooks["coalition_admin"],
                "delivery_id": deliveries["coalition_admin"],
            },
            "person": {"session_id": session, "notification_id": notification},
        },
        apis=apis,
    )


def test_generated_tenant_matrix(app, world):
    failures: list[str] = []
    calls = 0
    for (method, path), call in OPERATIONS.items():
        if isinstance(call, str):
            continue
        needed = _placeholders(path, call)
        scenarios = [s for s, ids in world.ids.items() if needed <= set(ids)]
        assert scenarios, f"{method} {path}: no scenario provides {sorted(needed)}"
        for scenario in scenarios:
            real = {k: world.ids[scenario][k] for k in needed}
            for who in sorted(FOREIGN[scenario]):
                api = world.apis[who]
                fake = {k: (v if k in NOT_IDS else uuid.uuid4().hex) for k, v in real.items()}
                r_real = _send(api, method, path, call, real)
                r_fake = _send(api, method, path, call, fake)
                calls += 1
                ids = {v for k, v in [*real.items(), *fake.items()] if k not in NOT_IDS}
                where = f"{who} {method} {V1}{_fill(path, real)} [{scenario}]"
                if _shape(r_real, ids) != _shape(r_fake, ids):
                    failures.append(
                        f"{where}: {r_real.status_code} {r_real.text[:200]!r}, but a random id "
                        f"gets {r_fake.status_code} {r_fake.text[:200]!r}"
                    )
                elif not call.any_status and r_real.status_code not in (403, 404):
                    failures.append(f"{where}: {r_real.status_code} {r_real.text[:200]!r} (expected 404)")
    assert calls > 300, calls  # the matrix really ran

    # Listings never show a foreign object.
    listings = [p for (m, p), c in OPERATIONS.items() if m == "GET" and c == LISTING]
    extra = ["/cases?status=draft", "/review/queue?state=draft", "/notifications?unread=false"]
    for who, api in world.apis.items():
        secret = world.secret_ids(who)
        for path in [*listings, *extra]:
            r = api.get(V1 + path)
            leaked = sorted(i for i in secret if i in r.text)
            if leaked:
                failures.append(f"{who} GET {V1}{path} shows foreign ids {leaked}")
    assert not failures, f"{len(failures)} tenant-isolation failures:\n" + "\n".join(failures)

    # Nothing the matrix sent changed the owners' objects.
    a, admin_a, coord = world.apis["researcher_a"], world.apis["org_admin_a"], world.apis["coordinator_a"]
    draft, sub, org = world.ids["draft"], world.ids["submitted"], world.ids["org"]
    got = a.get(f"{V1}/cases/{draft['case_id']}")  # the session survived DELETE /auth/sessions/{id}
    assert got.status_code == 200 and got.json()["version"] == 1 and got.json()["title"] != "Overwritten"
    assert a.get(f"{V1}/evidence/{draft['evidence_id']}").json()["deleted_at"] is None
    assert (
        a.request(
            "HEAD", f"{V1}/cases/{draft['case_id']}/uploads/{draft['upload_id']}", headers=TUS
        ).status_code
        == 200
    )
    assert a.get(f"{V1}/cases/{sub['case_id']}").json()["status"] == "submitted_to_government"
    assert coord.get(f"{V1}/submissions/{sub['submission_id']}").json()["status"] == "sent"
    comments = coord.get(f"{V1}/cases/{sub['case_id']}/comments").json()
    assert [c["resolved_at"] for c in comments] == [None] and len(comments) == 1
    assert [p["id"] for p in coord.get(f"{V1}/cases/{sub['case_id']}/packages").json()] == [sub["package_id"]]
    members = admin_a.get(f"{V1}/orgs/{org['org_id']}/members").json()
    assert next(m for m in members if m["user_id"] == org["user_id"])["role"] == "researcher"
    invs = admin_a.get(f"{V1}/orgs/{org['org_id']}/invitations").json()
    assert next(i for i in invs if i["id"] == org["invitation_id"])["revoked_at"] is None
    assert all(i["email"] != "evil@x.example" for i in invs)
    for owner, scenario in (("org_admin_a", "ngo_own"), ("coalition_admin", "coalition_own")):
        api, own = world.apis[owner], world.ids[scenario]
        assert (
            next(t for t in api.get(f"{V1}/tokens").json() if t["id"] == own["token_id"])["revoked_at"]
            is None
        )
        assert own["endpoint_id"] in [h["id"] for h in api.get(f"{V1}/webhooks").json()]
        assert len(api.get(f"{V1}/webhooks/{own['endpoint_id']}/deliveries").json()) == 1  # none replayed
    unread = a.get(f"{V1}/notifications", params={"unread": True}).json()["items"]
    assert world.ids["person"]["notification_id"] in [n["id"] for n in unread]
