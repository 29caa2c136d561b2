"""What one authenticated request costs in SQL (issue #14: authentication is the floor under every route).

Statements are counted with a `before_cursor_execute` listener on the test engine. The suite's sessions
join one outer transaction through savepoints, so SAVEPOINT / RELEASE are the harness's own and are not
counted. The request's own transaction reads the session (with its person and authenticator, in one
statement) and the membership (with its organisation) once; the endpoint's later `db.get`s of the same
rows are answered from what authentication read. The rate-limit layer, before routing, identifies the
caller in its own short transaction (a session and a membership, or a token) and counts the hit (two
statements): that is app/api/rate_limits.py's cost, counted here so that it cannot grow unnoticed.

Caching must not outlive the request: a revoked session or token, and an expired or idle session, are
refused on the very next request.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select, update

from app.db import utcnow
from app.models.auth import ApiToken, AuthSession
from tests.conftest import Api

HARNESS = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.IGNORECASE)
FROM_TABLE = re.compile(r"\bFROM\s+(\w+)", re.IGNORECASE)


class Statements:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def clear(self) -> None:
        self.seen.clear()

    @property
    def count(self) -> int:
        return len(self.seen)

    def reads_of(self, table: str) -> int:
        """SELECTs whose main FROM is `table` (a join on it as the second table is not counted)."""
        return sum(
            1
            for s in self.seen
            if s.lstrip().upper().startswith("SELECT") and (m := FROM_TABLE.search(s)) and m.group(1) == table
        )

    def tables_joined(self) -> Counter[str]:
        found: Counter[str] = Counter()
        for s in self.seen:
            for name in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", s, re.IGNORECASE):
                found[name] += 1
        return found


@pytest.fixture
def statements(db_conn: Any) -> Iterator[Statements]:
    seen = Statements()

    def before(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if not HARNESS.match(statement):
            seen.seen.append(" ".join(statement.split()))

    engine = db_conn.engine
    event.listen(engine, "before_cursor_execute", before)
    yield seen
    event.remove(engine, "before_cursor_execute", before)


def _token_client(app: Any, api: Api, scopes: list[str]) -> Api:
    r = api.post("/api/v1/tokens", json={"name": "request cost", "scopes": scopes})
    assert r.status_code == 201, r.text
    return Api(TestClient(app), bearer=r.json()["token"])


def _cost(api: Api, statements: Statements, url: str, status: int = 200) -> Statements:
    assert api.get(url).status_code == status  # once: last-seen/last-used touches are not per request
    statements.clear()
    r = api.get(url)
    assert r.status_code == status, r.text
    return statements


# Upper bounds (statements per request, harness savepoints excluded). Before this change: /me 12,
# /cases 10 and /review/queue 10 with a session cookie.
SESSION_BOUNDS = {"/api/v1/me": 6, "/api/v1/cases": 8, "/api/v1/review/queue": 8}
TOKEN_BOUNDS = {"/api/v1/me": 6, "/api/v1/cases": 8, "/api/v1/review/queue": 8}


@pytest.mark.parametrize("url", list(SESSION_BOUNDS))
def test_session_request_reads_each_auth_row_once(login: Any, statements: Statements, url: str) -> None:
    api = login("coordinator_a")
    cost = _cost(api, statements, url)
    assert cost.count <= SESSION_BOUNDS[url], cost.seen
    # One read by the rate-limit layer's caller lookup, one by authentication: no more.
    assert cost.reads_of("sessions") == 2, cost.seen
    assert cost.reads_of("memberships") == 2, cost.seen
    # The person and the authenticator come with the session (one statement), never again by id.
    assert cost.reads_of("users") == 0, cost.seen
    assert cost.reads_of("user_mfa") == 0, cost.seen
    assert cost.reads_of("organizations") == 0, cost.seen
    joined = cost.tables_joined()
    assert joined["users"] == 1 and joined["user_mfa"] == 1 and joined["organizations"] == 1, joined


@pytest.mark.parametrize("url", list(TOKEN_BOUNDS))
def test_token_request_reads_token_and_org_once(
    app: Any, login: Any, statements: Statements, url: str
) -> None:
    # No role can grant the "review" scope, so a token is refused the queue: after authentication only.
    client = _token_client(app, login("org_admin_a"), ["cases:read"])
    status = 403 if url == "/api/v1/review/queue" else 200
    cost = _cost(client, statements, url, status)
    assert cost.count <= TOKEN_BOUNDS[url], cost.seen
    assert cost.reads_of("api_tokens") == 2, cost.seen  # the rate-limit layer's lookup, then authentication
    assert cost.reads_of("organizations") == 1, cost.seen
    assert cost.reads_of("sessions") == 0 and cost.reads_of("users") == 0, cost.seen
    if status == 403:
        assert "API token lacks the scope" in client.get(url).json()["detail"]


def test_me_still_answers_mfa_state_from_the_one_read(login: Any, statements: Statements) -> None:
    api = login("coordinator_a")
    cost = _cost(api, statements, "/api/v1/me")
    me = api.get("/api/v1/me").json()
    assert me["mfa_enrolled"] is False and me["auth"] == "session" and me["csrf_token"] == api.csrf
    assert cost.reads_of("user_mfa") == 0


def test_revoked_session_is_refused_on_the_next_request(login: Any, db: Any) -> None:
    api = login("coordinator_a")
    assert api.get("/api/v1/review/queue").status_code == 200
    db.execute(update(AuthSession).where(AuthSession.csrf_token == api.csrf).values(revoked_at=utcnow()))
    db.commit()
    for url in ("/api/v1/me", "/api/v1/review/queue", "/api/v1/cases"):
        r = api.get(url)
        assert r.status_code == 401 and "ended" in r.json()["detail"], (url, r.text)


def test_signed_out_session_is_refused_on_the_next_request(login: Any) -> None:
    api = login("coordinator_a")
    assert api.get("/api/v1/me").status_code == 200
    assert api.post("/api/v1/auth/logout").status_code in (200, 204)
    assert api.get("/api/v1/me").status_code == 401


def test_expired_session_is_refused_on_the_next_request(login: Any, db: Any) -> None:
    api = login("coordinator_a")
    assert api.get("/api/v1/cases").status_code == 200
    row = db.execute(select(AuthSession).where(AuthSession.csrf_token == api.csrf)).scalar_one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    r = api.get("/api/v1/cases")
    assert r.status_code == 401 and "maximum length" in r.json()["detail"]


def test_idle_session_is_refused_on_the_next_request(login: Any, db: Any, settings: Any) -> None:
    api = login("coordinator_a")
    assert api.get("/api/v1/me").status_code == 200
    row = db.execute(select(AuthSession).where(AuthSession.csrf_token == api.csrf)).scalar_one()
    row.last_seen_at = utcnow() - timedelta(minutes=settings.session_idle_minutes + 1)
    db.commit()
    r = api.get("/api/v1/me")
    assert r.status_code == 401 and "inactivity" in r.json()["detail"]


def test_revoked_token_is_refused_on_the_next_request(app: Any, login: Any, db: Any) -> None:
    owner = login("org_admin_a")
    client = _token_client(app, owner, ["cases:read"])
    assert client.get("/api/v1/cases").status_code == 200
    token_id = db.execute(select(ApiToken.id).where(ApiToken.name == "request cost")).scalar_one()
    assert owner.delete(f"/api/v1/tokens/{token_id}").status_code == 200
    r = client.get("/api/v1/cases")
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


def test_csrf_still_checked_on_writes(login: Any) -> None:
    api = login("coordinator_a")
    r = api.client.post("/api/v1/auth/logout")  # no X-CSRF-Token header
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    assert api.get("/api/v1/me").status_code == 200  # and the session was not ended
