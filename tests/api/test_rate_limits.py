"""API rate limits per token (caller) and per organisation (app/workflows/rate_limits.py).

The limits are lowered through settings here; the defaults are far above anything the suite sends.
Counters are in the database: two app instances (two processes behind a load balancer) share them.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, update

from app.db import utcnow
from app.main import create_app
from app.models.integrations import ApiRateLimit
from tests.conftest import Api, make_settings

PROBLEM = "application/problem+json"
PER_TOKEN, PER_ORG = 5, 8


@pytest.fixture
def settings(pg_url, tmp_path):
    return make_settings(
        pg_url,
        tmp_path / "var",
        rate_limit_per_token=PER_TOKEN,
        rate_limit_per_org=PER_ORG,
        rate_limit_window_seconds=60,
    )


@pytest.fixture(autouse=True)
def _fresh_windows(db):
    """Counters committed by tests on real connections (live apps) start these windows from nothing
    (inside this test's transaction, rolled back at its end)."""
    db.execute(delete(ApiRateLimit))
    db.commit()


@pytest.fixture
def tokens(app, as_):
    def make(who: str = "org_admin_a") -> Api:
        r = as_[who].post("/api/v1/tokens", json={"name": "limited", "scopes": ["cases:read"]})
        assert r.status_code == 201, r.text
        return Api(TestClient(app), bearer=r.json()["token"])

    return make


def state(r) -> dict[str, tuple[int, int]]:
    """RateLimit: {"caller": (remaining, reset), "org": (...)}."""
    return {
        m["name"]: (int(m["r"]), int(m["t"]))
        for m in re.finditer(r'"(?P<name>\w+)";r=(?P<r>\d+);t=(?P<t>\d+)', r.headers["ratelimit"])
    }


def test_per_token_limit_with_fields_then_429(tokens):
    api = tokens()
    seen = []
    for _ in range(PER_TOKEN):
        r = api.get("/api/v1/me")
        assert r.status_code == 200, r.text
        assert r.headers["ratelimit-policy"] == f'"caller";q={PER_TOKEN};w=60, "org";q={PER_ORG};w=60'
        seen.append(state(r)["caller"][0])
        assert 1 <= state(r)["caller"][1] <= 60
    assert seen == list(range(PER_TOKEN - 1, -1, -1))
    refused = api.get("/api/v1/me")
    assert refused.status_code == 429 and refused.headers["content-type"] == PROBLEM
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json()["policies"] == ["caller"] and state(refused)["caller"][0] == 0
    assert "ratelimit-policy" in refused.headers
    # Writes are refused too, before they run.
    r = api.post("/api/v1/cases", json={"title": "x", "target_jurisdictions": ["us"], "content": {}})
    assert r.status_code == 429


def test_per_organisation_limit_and_other_organisations(tokens, as_):
    first, second = tokens(), tokens()
    other = tokens("org_admin_b")
    # The organisation's window already holds the admin's token creations; spend the rest with two
    # tokens, neither of which reaches its own limit.
    for api in (first, second) * PER_TOKEN:
        r = api.get("/api/v1/me")
        if r.status_code == 429:
            break
        assert state(r)["caller"][0] >= 0
    assert r.status_code == 429, "the organisation's limit was never reached"
    assert r.json()["policies"] == ["org"] and state(r)["org"][0] == 0 and state(r)["caller"][0] > 0
    # People of the organisation share it; another organisation does not.
    assert as_["researcher_a"].get("/api/v1/me").status_code == 429
    assert other.get("/api/v1/me").status_code == 200


def test_counters_are_shared_by_processes_and_windows_end(tokens, settings, sm, db):
    api = tokens()
    second_process = create_app(settings, sessionmaker_override=sm)
    twin = Api(TestClient(second_process), bearer=api.bearer)
    answers = [(api if i % 2 else twin).get("/api/v1/me").status_code for i in range(PER_TOKEN + 1)]
    assert answers == [200] * PER_TOKEN + [429]
    # The window ends: counting starts again.
    db.execute(update(ApiRateLimit).values(window_start=utcnow() - timedelta(seconds=61)))
    db.commit()
    r = twin.get("/api/v1/me")
    assert r.status_code == 200 and state(r)["caller"][0] == PER_TOKEN - 1


def test_anonymous_and_probes_are_not_counted(anon):
    for _ in range(PER_TOKEN + 2):
        r = anon.get("/api/v1/health")
        assert r.status_code == 200 and "ratelimit" not in r.headers
    r = anon.get("/api/v1/me")
    assert r.status_code == 401 and "ratelimit" not in r.headers


def test_defaults_are_high(pg_url, tmp_path, sm):
    app = create_app(make_settings(pg_url, tmp_path / "v2"), sessionmaker_override=sm)
    client = TestClient(app)
    r = client.post(
        "/api/v1/auth/login", json={"email": "researcher@lantern.example", "password": "demo-password-2026"}
    )
    assert r.status_code == 200
    me = client.get("/api/v1/me")
    assert me.headers["ratelimit-policy"] == '"caller";q=6000;w=60, "org";q=30000;w=60'


def test_openapi_declares_429_and_the_fields(app):
    document = app.openapi()
    get = document["paths"]["/api/v1/cases"]["get"]["responses"]
    assert get["429"]["content"]["application/problem+json"]
    assert set(get["200"]["headers"]) >= {"RateLimit", "RateLimit-Policy"}
    assert "Retry-After" in get["429"]["headers"]


def test_idempotent_writes_count_once_and_replays_count(as_):
    """Counted in the claim's transaction, before the claim: once per request, replays included."""
    api = as_["researcher_a"]
    k = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"title": "Counted once", "target_jurisdictions": ["us"], "content": {}}
    first = api.post("/api/v1/cases", json=body, headers=k)
    assert first.status_code == 201 and state(first)["caller"][0] == PER_TOKEN - 1, first.headers
    again = api.post("/api/v1/cases", json=body, headers=k)
    assert again.headers["idempotent-replayed"] == "true" and state(again)["caller"][0] == PER_TOKEN - 2
    for left in range(PER_TOKEN - 3, -1, -1):
        assert state(api.get("/api/v1/me"))["caller"][0] == left
    refused = api.post("/api/v1/cases", json=body, headers=k)
    assert refused.status_code == 429 and "idempotent-replayed" not in refused.headers
    assert refused.headers["content-type"] == PROBLEM and "retry-after" in refused.headers


def test_refused_credentials_are_nobodys(tokens, anon):
    """A credential authentication refuses is not counted, and not looked up a second time."""
    api = tokens()
    assert state(api.get("/api/v1/me"))["caller"][0] == PER_TOKEN - 1
    for _ in range(PER_TOKEN + 1):
        r = anon.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
        assert r.status_code == 401 and "ratelimit" not in r.headers
    assert state(api.get("/api/v1/me"))["caller"][0] == PER_TOKEN - 2
