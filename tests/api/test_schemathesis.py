"""Schemathesis over the whole OpenAPI document, as every role: no server error, and every answer as
the document declares it (status code, media type, body schema, headers), with every other check
Schemathesis has (negative data refused, unsupported methods 405, missing required headers, …).

One test per operation and identity: a researcher, an organisation admin, a coordinator and a
coalition admin, each signed in for real (session cookie + CSRF header), and an API token holding
every scope its creator may grant. Generated data is positive and negative (the fuzzing phase),
MAX_EXAMPLES per test, with a fixed seed so CI runs the same requests every time; set
PORTAL_SCHEMATHESIS_SEED=random (and PORTAL_SCHEMATHESIS_EXAMPLES=50, PORTAL_SCHEMATHESIS_COVERAGE=1
for the boundary-case phase) to explore. The numbers of
requests and statuses are printed at the end.

The app runs on a scratch database of its own (migrated, the demo coalition seeded with its cases),
so what the generated requests write never reaches other tests. Jobs are dropped (no webhook
delivery, no e-mail), and name resolution is refused for anything but loopback and IP literals, so
generated webhook URLs cannot make the portal reach out. Generated sign-ins come from another client
address than the identities', and the lockout is set out of reach: nothing locks an identity out.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import migrate
from app.config import Settings
from app.jobs import queue
from app.main import create_app
from tests.conftest import DEMO, PASSWORD, make_settings, scratch_database

MAX_EXAMPLES = int(os.environ.get("PORTAL_SCHEMATHESIS_EXAMPLES", "4"))
_SEED = os.environ.get("PORTAL_SCHEMATHESIS_SEED", "20260413")
SEED = None if _SEED == "random" else int(_SEED)
COVERAGE = os.environ.get("PORTAL_SCHEMATHESIS_COVERAGE") == "1"  # the boundary-case phase, to explore

# Operations that end the session they are sent with: the identity signs in again after them.
SESSION_ENDING = {
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/auth/sessions/revoke-all"),
    ("DELETE", "/api/v1/auth/sessions/{session_id}"),
    ("POST", "/api/v1/auth/password"),
}

CONFIG: dict[str, Any] = {
    # Explicit examples and fuzzing, which honours max-examples; the coverage phase would add hundreds
    # of boundary cases per operation, beyond this suite's few minutes.
    "phases": {"coverage": {"enabled": COVERAGE}, "stateful": {"enabled": False}},
    "generation": {"max-examples": MAX_EXAMPLES, "no-shrink": True, "database": "none", "mode": "all"},
    "checks": {
        "enabled": True,
        # Schema-valid is not always acceptable: a wrong TOTP code, an unknown jurisdiction or sort key,
        # a file of a refused type, a missing If-Match or Tus-Resumable precondition are refused for
        # what they mean.
        "positive_data_acceptance": {
            "expected-statuses": [
                *("2xx", "3xx", "401", "403", "404", "409", "410", "412", "413", "415", "422", "428", "429"),
                "5xx",  # reported by not_a_server_error
            ]
        },
    },
    **({"seed": SEED} if SEED is not None else {}),
}


@dataclass
class Identity:
    """Credentials of one role: a browser's (session cookie + CSRF header) or an integration's (token)."""

    app: Any
    who: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_token(self) -> bool:
        return self.who == "token"

    def sign_in(self) -> None:
        # Its own client address: what generated sign-ins count against "testclient" never touches it.
        client = TestClient(self.app, client=("203.0.113.7", 50000))
        who = "org_admin_a" if self.is_token else self.who
        r = client.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
        assert r.status_code == 200, r.text
        session = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
            "X-CSRF-Token": r.json()["csrf_token"],
        }
        if not self.is_token:
            self.headers = session
            return
        scopes = sorted(client.get("/api/v1/tokens/scopes", headers=session).json())
        body = {"name": "schemathesis", "scopes": scopes, "expires_in_days": 1}
        r = client.post("/api/v1/tokens", headers=session, json=body)
        assert r.status_code == 201, r.text
        self.headers = {"Authorization": f"Bearer {r.json()['token']}"}


class Counted:
    """The app, counting the requests it answers and their statuses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.statuses: Counter[int] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counting(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.statuses[message["status"]] += 1
            await send(message)

        await self.app(scope, receive, counting)


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
def portal(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Counted]:
    url = scratch_database("schemathesis")
    migrate.upgrade(url)
    cfg = make_settings(
        url, Path(tmp_path_factory.mktemp("schemathesis-var")), jobs_tick_seconds=0, login_lock_after=10**6
    )
    app = create_app(cfg)
    queue.bind(app.state.sessionmaker, None)  # no job runs: no delivery, no mail, no scan
    from app.workflows.demo import seed, seed_cases

    with app.state.sessionmaker() as db:
        seed(db, cfg, with_cases=False)
        seed_cases(db, cfg)  # not the sample sanctions lists: importing them takes minutes
        db.commit()
    real = socket.getaddrinfo
    socket.getaddrinfo = _loopback_only(real)
    counted = Counted(app)
    started = time.monotonic()
    try:
        yield counted
    finally:
        socket.getaddrinfo = real
        app.state.engine.dispose()
        seconds = time.monotonic() - started
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(counted.statuses.items()))
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        if reporter is not None and capture is not None:
            with capture.global_and_fixture_disabled():
                reporter.write_line(
                    f"\nschemathesis: {sum(counted.statuses.values())} requests in {seconds:.0f} s, "
                    f"{OPERATIONS} operations x 5 identities, "
                    f"max {MAX_EXAMPLES} examples, seed {SEED}; statuses {statuses}"
                )


@pytest.fixture(scope="module")
def identities(portal: Counted) -> dict[str, Identity]:
    out = {}
    for who in ("researcher_a", "org_admin_a", "coordinator_a", "coalition_admin", "token"):
        out[who] = Identity(portal.app, who)
        out[who].sign_in()
    return out


def _document() -> dict[str, Any]:
    """The OpenAPI document as the app builds it (no database needed), read when tests are collected."""
    with tempfile.TemporaryDirectory() as var:
        return create_app(Settings(env="test", var_dir=Path(var), secret_key="s" * 40)).openapi()


DOCUMENT = _document()
OPERATIONS = sum(len(ops) for ops in DOCUMENT["paths"].values())
schema = schemathesis.openapi.from_dict(DOCUMENT, config=SchemathesisConfig.from_dict(CONFIG))


def _as(who: str) -> Any:
    @schema.parametrize()
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=SEED is not None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def test(case: Any, portal: Counted, identities: dict[str, Identity]) -> None:
        identity = identities[who]
        try:
            case.call_and_validate(app=portal, headers=identity.headers)
        finally:
            if (case.method.upper(), case.path) in SESSION_ENDING and not identity.is_token:
                identity.sign_in()

    test.__doc__ = f"Every operation, as {who}."
    return test


test_as_researcher = _as("researcher_a")
test_as_org_admin = _as("org_admin_a")
test_as_coordinator = _as("coordinator_a")
test_as_coalition_admin = _as("coalition_admin")
test_with_a_token = _as("token")


# ---- what the fuzzing found, kept as plain regression tests ------------------------------------------------


def test_found_a_conflict_with_an_unknown_organisation_is_404(login: Any) -> None:
    r = login("coordinator_a").post("/api/v1/review/conflicts", json={"org_id": "nope", "reason": "x"})
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


def test_found_nested_lists_in_evidence_links_are_422(login: Any) -> None:
    r = login("researcher_a").patch("/api/v1/evidence/any", json={"incident_ids": [["i-1"]]})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"][:2] == ["body", "incident_ids"]


def test_found_get_on_a_post_only_api_path_is_405_naming_the_methods(anon: Any) -> None:
    r = anon.get("/api/v1/auth/login")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert r.headers["content-type"] == "application/problem+json"
    assert anon.get("/api/v1/no-such-thing").status_code == 404
