"""What one authenticated request costs in SQL (issue #14: authentication is the floor under every route).

Statements are counted with a `before_cursor_execute` listener on the test engine. The suite's sessions
join one outer transaction through savepoints, so SAVEPOINT / RELEASE are the harness's own and are not
counted. The request's own transaction reads the session (with its person and authenticator, in one
statement) and the membership (with its organisation) once; the endpoint's later `db.get`s of the same
rows are answered from what authentication read. The rate limit is counted in that same transaction
(app/api/rate_limits.py): authentication reads the caller's windows (one statement, no lock) and the
commit counts the hit (one statement to let a transaction that wrote nothing else commit without waiting
for the WAL flush, one upsert): no second identification, no second connection, no second commit. On
real pooled connections: one checkout and one commit per authenticated GET.

A failed request still counts (its transaction rolled back, it is counted on its own): N failing
requests of every kind use up a window of N, and the next request is a 429 before its route runs.
Requests racing for the last one of a window: never more successes than the quota.

Caching must not outlive the request: a revoked session or token, and an expired or idle session, are
refused on the very next request.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, event, func, select, update

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


# Upper bounds (statements per request, harness savepoints excluded). Before authentication read its
# rows once: /me 12, /cases 10 and /review/queue 10 with a session cookie; before the rate limit was
# counted in the request's transaction: 6, 8 and 8.
SESSION_BOUNDS = {"/api/v1/me": 5, "/api/v1/cases": 7, "/api/v1/review/queue": 7}
TOKEN_BOUNDS = {"/api/v1/me": 5, "/api/v1/cases": 7, "/api/v1/review/queue": 5}


def _rate_limit_cost(cost: Statements) -> None:
    """The caller's windows read once (no lock), the hit counted once: nothing more for the limit."""
    assert cost.reads_of("api_rate_limits") == 1, cost.seen
    upserts = [s for s in cost.seen if s.upper().startswith("INSERT INTO API_RATE_LIMITS")]
    assert len(upserts) == 1, cost.seen


@pytest.mark.parametrize("url", list(SESSION_BOUNDS))
def test_session_request_reads_each_auth_row_once(login: Any, statements: Statements, url: str) -> None:
    api = login("coordinator_a")
    cost = _cost(api, statements, url)
    assert cost.count <= SESSION_BOUNDS[url], cost.seen
    # Read by authentication only: the rate limit counts the caller authentication found.
    assert cost.reads_of("sessions") == 1, cost.seen
    assert cost.reads_of("memberships") == 1, cost.seen
    _rate_limit_cost(cost)
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
    assert cost.reads_of("api_tokens") == 1, cost.seen  # authentication's, and no other
    assert cost.reads_of("organizations") == 1, cost.seen
    _rate_limit_cost(cost)  # a refused (403) request counts too
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


# ---- one connection, one transaction (real pooled connections) -------------------------------------


class Traffic:
    """Pool checkouts, transactions begun and committed, and statements on a real engine."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.checkouts = self.begins = self.commits = self.rollbacks = 0
        self.statements: list[str] = []

    def clear(self) -> None:
        self.checkouts = self.begins = self.commits = self.rollbacks = 0
        self.statements.clear()

    def __enter__(self) -> Traffic:
        event.listen(self.engine, "checkout", self._checkout)
        event.listen(self.engine, "begin", self._begin)
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine, "rollback", self._rollback)
        event.listen(self.engine, "before_cursor_execute", self._statement)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "checkout", self._checkout)
        event.remove(self.engine, "begin", self._begin)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)
        event.remove(self.engine, "before_cursor_execute", self._statement)

    def _checkout(self, *_args: Any) -> None:
        self.checkouts += 1

    def _begin(self, *_args: Any) -> None:
        self.begins += 1

    def _commit(self, *_args: Any) -> None:
        self.commits += 1

    def _rollback(self, *_args: Any) -> None:
        self.rollbacks += 1

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        self.statements.append(" ".join(statement.split()))


def _live_token(live_login: Any) -> str:
    r = live_login("org_admin_a").post(
        "/api/v1/tokens", json={"name": "request cost", "scopes": ["cases:read"]}
    )
    assert r.status_code == 201, r.text
    token: str = r.json()["token"]
    return token


@pytest.mark.parametrize(
    ("who", "url"),
    [("coordinator_a", "/api/v1/me"), ("coordinator_a", "/api/v1/review/queue"), ("token", "/api/v1/me")],
)
def test_authenticated_get_is_one_checkout_and_one_commit(
    seeded: Any, live_app: Any, live_login: Any, who: str, url: str
) -> None:
    api = Api(TestClient(live_app), bearer=_live_token(live_login)) if who == "token" else live_login(who)
    assert api.get(url).status_code == 200  # once: last-seen/last-used touches are not per request
    with Traffic(live_app.state.engine) as traffic:
        for _ in range(3):
            traffic.clear()
            r = api.get(url)
            assert r.status_code == 200, r.text
            assert "ratelimit" in r.headers and "ratelimit-policy" in r.headers
            assert (traffic.checkouts, traffic.begins, traffic.commits, traffic.rollbacks) == (1, 1, 1, 0), (
                traffic.checkouts,
                traffic.begins,
                traffic.commits,
                traffic.rollbacks,
                traffic.statements,
            )
            assert sum(s.upper().startswith("INSERT INTO API_RATE_LIMITS") for s in traffic.statements) == 1
            # The hit is the transaction's last statement: the counter rows are locked for the commit only.
            assert traffic.statements[-1].upper().startswith("INSERT INTO API_RATE_LIMITS"), (
                traffic.statements
            )


def test_a_refused_credential_is_one_checkout(seeded: Any, live_app: Any) -> None:
    """Authentication refuses it in the request's transaction; nobody looks it up again."""
    client = TestClient(live_app)
    with Traffic(live_app.state.engine) as traffic:
        r = client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
        assert r.status_code == 401 and "ratelimit" not in r.headers
        assert traffic.checkouts == 1, traffic.statements
        assert not any("api_rate_limits" in s for s in traffic.statements), traffic.statements


# ---- failing requests count ----------------------------------------------------------------------------

QUOTA = 8


@pytest.fixture
def limited(pg_url: str, tmp_path: Any, sm: Any, db: Any) -> Api:
    """A researcher on an app whose per-caller window holds QUOTA requests, the windows empty."""
    from app.main import create_app
    from app.models.integrations import ApiRateLimit
    from tests.conftest import DEMO, PASSWORD, make_settings

    db.execute(delete(ApiRateLimit))  # in the test's transaction: committed counts of other tests go
    db.commit()
    app = create_app(
        make_settings(pg_url, tmp_path / "var", rate_limit_per_token=QUOTA, max_json_body_bytes=4096),
        sessionmaker_override=sm,
    )
    client = TestClient(app)
    r = client.post("/api/v1/auth/login", json={"email": DEMO["researcher_a"], "password": PASSWORD})
    assert r.status_code == 200, r.text  # anonymous: not counted
    return Api(client, csrf=r.json()["csrf_token"])


def _left(r: Any) -> int:
    found = re.search(r'"caller";r=(\d+);t=(\d+)', r.headers["ratelimit"])
    assert found, r.headers
    return int(found.group(1))


def test_failed_requests_count_and_the_next_is_429(limited: Api, db: Any) -> None:
    from app.models.cases import CaseFile

    json_type = {"content-type": "application/json"}
    failing = [
        # the route refuses, its transaction rolls back: counted on its own afterwards
        (lambda: limited.get("/api/v1/cases/no-such-case"), 404),
        # authentication ran, then the body's validation failed
        (lambda: limited.post("/api/v1/cases", json={"title": 5}), 422),
        # refused by a permission the role lacks
        (lambda: limited.get("/api/v1/review/queue"), 403),
        # refused by authentication's CSRF check
        (lambda: limited.post("/api/v1/cases", json={"title": "x"}, headers={"X-CSRF-Token": "wrong"}), 403),
        # never reached authentication: a body that is no JSON, a path no route has, a body too large
        (lambda: limited.post("/api/v1/cases", content=b"{not json", headers=json_type), 422),
        (lambda: limited.get("/api/v1/no-such-route"), 404),
        (
            lambda: limited.post(
                "/api/v1/cases", content=b'{"x": "' + b"y" * 8000 + b'"}', headers=json_type
            ),
            413,
        ),
        (lambda: limited.request("DELETE", "/api/v1/me"), 405),
    ]
    assert len(failing) == QUOTA
    for i, (send, status) in enumerate(failing):
        r = send()
        assert r.status_code == status, (i, r.status_code, r.text)
        assert "ratelimit-policy" in r.headers, (i, r.headers)
        assert _left(r) == QUOTA - 1 - i, (i, r.headers["ratelimit"])
    cases_before = db.execute(select(func.count()).select_from(CaseFile)).scalar_one()
    refused = limited.get("/api/v1/me")
    assert refused.status_code == 429 and refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 60 and _left(refused) == 0
    assert refused.json()["policies"] == ["caller"]
    # A write is refused before its route runs; so is a request that never reaches authentication.
    write = limited.post("/api/v1/cases", json={"title": "x", "target_jurisdictions": ["us"], "content": {}})
    assert write.status_code == 429 and "retry-after" in write.headers
    assert db.execute(select(func.count()).select_from(CaseFile)).scalar_one() == cases_before
    assert limited.get("/api/v1/no-such-route").status_code == 429


def test_requests_racing_for_the_last_ones_never_exceed_the_quota(
    seeded: Any, live_login: Any, pg_url: str, tmp_path: Any
) -> None:
    from app.main import create_app
    from tests.conftest import make_settings

    token = _live_token(live_login)  # a fresh caller: its window starts empty
    quota, racers = 3, 8
    app = create_app(make_settings(pg_url, tmp_path / "race", rate_limit_per_token=quota))
    try:
        clients = [Api(TestClient(app), bearer=token) for _ in range(racers)]
        barrier = threading.Barrier(racers)
        answers: list[int] = []

        def race(api: Api) -> None:
            barrier.wait()
            answers.append(api.get("/api/v1/cases").status_code)

        threads = [threading.Thread(target=race, args=(api,)) for api in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(answers) == [200] * quota + [429] * (racers - quota), answers
        assert clients[0].get("/api/v1/me").status_code == 429
    finally:
        app.state.engine.dispose()
