"""Schemathesis over the whole OpenAPI document, as every role: no server error, and every answer as
the document declares it (status, media type, body schema, headers).

The app runs on a scratch database of its own (migrated, the demo coalition seeded with its cases),
so what the generated requests write never reaches other tests. Jobs are dropped (no webhook
delivery, no e-mail), and name resolution is refused for anything but loopback, so generated
webhook URLs cannot make the portal reach out.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig

from app import migrate
from app.jobs import queue
from app.main import create_app
from tests.conftest import DEMO, PASSWORD, make_settings, scratch_database

MAX_EXAMPLES = 4

ROLES = ("researcher_a", "org_admin_a", "coordinator_a", "coalition_admin", "token")
# Operations that end the session they are sent with: the identity signs in again after them.
SESSION_ENDING = {
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/auth/sessions/revoke-all"),
    ("DELETE", "/api/v1/auth/sessions/{session_id}"),
    ("POST", "/api/v1/auth/password"),
}


@dataclass
class Identity:
    """Credentials of one role, as a browser (session cookie + CSRF header) or an integration (token)."""

    app: Any
    who: str
    headers: dict[str, str] = field(default_factory=dict)

    def sign_in(self) -> None:
        # Its own client address: what the generated sign-ins count against "testclient" never locks it.
        client = TestClient(self.app, client=("203.0.113.7", 50000))
        who = "org_admin_a" if self.who == "token" else self.who
        r = client.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
        assert r.status_code == 200, r.text
        csrf = r.json()["csrf_token"]
        cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        if self.who != "token":
            self.headers = {"Cookie": cookies, "X-CSRF-Token": csrf}
            return
        scopes = client.get("/api/v1/me", headers={"Cookie": cookies}).json()["permissions"]
        r = client.post(
            "/api/v1/tokens",
            headers={"Cookie": cookies, "X-CSRF-Token": csrf},
            json={"name": "schemathesis", "scopes": _token_scopes(client, cookies), "expires_in_days": 1},
        )
        assert r.status_code == 201, (r.text, scopes)
        self.headers = {"Authorization": f"Bearer {r.json()['token']}"}


def _token_scopes(client: TestClient, cookies: str) -> list[str]:
    listed = client.get("/api/v1/tokens/scopes", headers={"Cookie": cookies}).json()
    return sorted(listed)


def _loopback_only(real: Any) -> Any:
    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host or "")
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in name else socket.AF_INET, name)
        except OSError:
            if name not in ("localhost", "testserver", ""):
                raise socket.gaierror(socket.EAI_NONAME, "name resolution is off in this test") from None
        return real(host, *args, **kwargs)

    return getaddrinfo


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    url = scratch_database("schemathesis")
    migrate.upgrade(url)
    var = Path(tmp_path_factory.mktemp("schemathesis-var"))
    cfg = make_settings(url, var, jobs_tick_seconds=0, login_lock_after=1_000_000)
    app = create_app(cfg)
    queue.bind(app.state.sessionmaker, None)  # no job runs: no delivery, no mail, no scan
    from app.workflows.demo import seed

    with app.state.sessionmaker() as db:
        seed(db, cfg, with_cases=True)
        db.commit()
    real = socket.getaddrinfo
    socket.getaddrinfo = _loopback_only(real)
    try:
        yield app
    finally:
        socket.getaddrinfo = real
        app.state.engine.dispose()


@pytest.fixture(scope="module")
def identities(portal: Any) -> dict[str, Identity]:
    out = {}
    for who in ROLES:
        identity = Identity(portal, who)
        identity.sign_in()
        out[who] = identity
    return out


CONFIG = {
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "generation": {"max-examples": MAX_EXAMPLES, "no-shrink": True, "database": "none"},
    "checks": {"enabled": True},
}


SIGNED_IN: dict[str, Identity] = {}


@pytest.fixture(scope="module")
def api_schema(portal: Any, identities: dict[str, Identity]) -> Any:
    SIGNED_IN.update(identities)
    return schemathesis.openapi.from_asgi(
        "/api/openapi.json", portal, config=SchemathesisConfig.from_dict(CONFIG)
    )


schema = schemathesis.pytest.from_fixture("api_schema")
STATS: dict[str, Any] = {"requests": 0, "start": None}


def _as(role: str) -> Any:
    @schema.parametrize()
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def test(case: Any) -> None:
        identity = SIGNED_IN[role]
        if STATS["start"] is None:
            STATS["start"] = time.monotonic()
        STATS["requests"] += 1
        try:
            case.call_and_validate(headers=identity.headers)
        finally:
            if (case.method.upper(), case.path) in SESSION_ENDING:
                identity.sign_in()

    return test


test_as_researcher = _as("researcher_a")
test_as_org_admin = _as("org_admin_a")
test_as_coordinator = _as("coordinator_a")
test_as_coalition_admin = _as("coalition_admin")
test_with_a_token = _as("token")
