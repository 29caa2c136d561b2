from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import delete, insert, select

from app.db import utcnow
from app.models.auth import LoginThrottle
from app.models.identity import User
from app.security import passwords
from app.workflows import auth
from tests.conftest import DEMO, PASSWORD


def test_login_sets_httponly_lax_cookie_and_me_works(anon):
    r = anon.post("/api/v1/auth/login", json={"email": DEMO["researcher_a"], "password": PASSWORD})
    assert r.status_code == 200
    cookies = r.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("portal_session="))
    assert "HttpOnly" in session and "SameSite=lax" in session and "Secure" not in session
    csrf = next(c for c in cookies if c.startswith("portal_csrf="))
    assert "HttpOnly" not in csrf
    me = anon.get("/api/v1/me").json()
    assert me["email"] == DEMO["researcher_a"]
    assert me["role"] == "researcher"
    assert me["organization"]["name"] == "Lantern Rights Watch"
    assert "orgs:manage" not in me["permissions"]


def test_email_is_case_insensitive(anon):
    r = anon.post("/api/v1/auth/login", json={"email": "  Researcher@Lantern.EXAMPLE", "password": PASSWORD})
    assert r.status_code == 200


def test_production_cookie_is_secure(pg_url, tmp_path, sm):
    from app.main import create_app
    from tests.conftest import make_settings

    settings = make_settings(pg_url, tmp_path, env="production", public_base_url="https://portal.example")
    client = TestClient(create_app(settings, sessionmaker_override=sm))
    r = client.post("/api/v1/auth/login", json={"email": DEMO["researcher_a"], "password": PASSWORD})
    assert r.status_code == 200
    assert all("Secure" in c for c in r.headers.get_list("set-cookie"))
    assert "strict-transport-security" in r.headers


def test_unauthenticated_is_401_problem(anon):
    r = anon.get("/api/v1/me")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 401


def test_state_change_without_csrf_is_refused(login):
    api = login("researcher_a")
    api.csrf = None
    r = api.post("/api/v1/auth/logout")
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    r = api.post("/api/v1/auth/logout", headers={"X-CSRF-Token": "wrong"})
    assert r.status_code == 403
    assert api.get("/api/v1/me").status_code == 200  # still signed in


def test_logout_ends_session(login):
    api = login("researcher_a")
    assert api.post("/api/v1/auth/logout").status_code == 204
    assert api.get("/api/v1/me").status_code == 401
    # The old cookie value, replayed, does not work either.
    assert api.client.get("/api/v1/me").status_code == 401


def test_wrong_password_and_unknown_user_answer_alike(anon):
    r1 = anon.post("/api/v1/auth/login", json={"email": DEMO["researcher_a"], "password": "wrong-password"})
    r2 = anon.post(
        "/api/v1/auth/login", json={"email": "nobody@nowhere.example", "password": "wrong-password"}
    )
    assert r1.status_code == r2.status_code == 401
    assert r1.json()["detail"] == r2.json()["detail"]


def test_unknown_user_takes_similar_time(anon):
    def timed(email: str) -> float:
        t = time.perf_counter()
        anon.post("/api/v1/auth/login", json={"email": email, "password": "wrong-password"})
        return time.perf_counter() - t

    known = min(timed(DEMO["researcher_b"]) for _ in range(3))
    unknown = min(timed(f"ghost{i}@nowhere.example") for i in range(3))
    # Both paths run one Argon2 verification; neither is an order of magnitude faster.
    assert unknown > known / 5 and known > unknown / 5


def test_lockout_per_account_then_even_correct_password_refused(anon, settings):
    email = DEMO["researcher_b"]
    codes = [
        anon.post("/api/v1/auth/login", json={"email": email, "password": "nope-nope"}).status_code
        for _ in range(settings.login_lock_after)
    ]
    assert codes[:-1] == [401] * (settings.login_lock_after - 1)
    r = anon.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 429
    assert "Retry-After" in r.headers
    # The same answer for a locked unknown account: no enumeration through the lock either.
    ghost = "ghost@nowhere.example"
    for _ in range(settings.login_lock_after):
        anon.post("/api/v1/auth/login", json={"email": ghost, "password": "nope-nope"})
    r2 = anon.post("/api/v1/auth/login", json={"email": ghost, "password": "x"})
    assert r2.status_code == 429 and r2.json()["detail"] == r.json()["detail"]


def test_lockout_per_ip_across_accounts(anon, settings):
    for i in range(settings.login_lock_after):
        anon.post("/api/v1/auth/login", json={"email": f"spray{i}@nowhere.example", "password": "x"})
    # The address is locked now, even for a valid account it never tried.
    r = anon.post("/api/v1/auth/login", json={"email": DEMO["org_admin_b"], "password": PASSWORD})
    assert r.status_code == 429


def test_slowdown_after_a_few_failures(pg_url, tmp_path, sm, monkeypatch):
    from app.main import create_app
    from app.workflows import auth as auth_workflow
    from tests.conftest import make_settings

    # The waits the workflow asks for, counted exactly (wall-clock time on a loaded machine is not).
    asked: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        asked.append(seconds)
        real_sleep(seconds)

    class Clock:  # the workflow's own `time`, so no other thread's sleep is counted
        def __getattr__(self, name: str) -> object:
            return getattr(time, name)

    clock = Clock()
    clock.sleep = sleep  # type: ignore[attr-defined]
    monkeypatch.setattr(auth_workflow, "time", clock)
    settings = make_settings(pg_url, tmp_path, login_slowdown_seconds=0.2, login_slowdown_after=2)
    client = TestClient(create_app(settings, sessionmaker_override=sm))
    durations, waits = [], []
    for _ in range(4):
        before, t = len(asked), time.perf_counter()
        client.post("/api/v1/auth/login", json={"email": DEMO["researcher_b"], "password": "bad-bad"})
        durations.append(time.perf_counter() - t)
        waits.append(sum(asked[before:]))
    assert waits[0] == 0 and waits[1] >= 0.2 and waits[2] >= 2 * waits[1] and waits[3] >= 2 * waits[2]
    assert durations[3] >= waits[3]  # and the answer really waited


def test_login_validation_error_names_fields(anon):
    r = anon.post("/api/v1/auth/login", json={"email": "a"})
    assert r.status_code == 422
    locs = [e["loc"] for e in r.json()["errors"]]
    assert ["body", "password"] in locs and ["body", "email"] in locs


def test_failed_login_is_audited_even_though_request_failed(anon, as_, db):
    anon.post("/api/v1/auth/login", json={"email": DEMO["researcher_b"], "password": "bad-bad"})
    events = as_["coalition_admin"].get("/api/v1/audit/events", params={"action": "auth.login_failed"}).json()
    assert any(e["data"].get("email") == DEMO["researcher_b"] for e in events)


def _sign_in(client: TestClient, email: str, password: str) -> int:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}).status_code


def test_sign_in_upgrades_a_hash_made_with_weaker_parameters(anon, db):
    # A hash from before the Argon2 parameters were raised (here: weaker than the suite's own).
    email = DEMO["researcher_a"]
    user = db.execute(select(User).where(User.email == email)).scalar_one()
    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    user.password_hash = weak
    db.commit()
    assert passwords.needs_rehash(weak)

    assert _sign_in(anon.client, email, "wrong-password") == 401
    db.refresh(user)
    assert user.password_hash == weak  # only a verified password is re-hashed

    assert _sign_in(anon.client, email, PASSWORD) == 200
    db.refresh(user)
    upgraded = user.password_hash
    assert upgraded is not None and upgraded != weak and not passwords.needs_rehash(upgraded)
    assert passwords.verify_password(upgraded, PASSWORD)

    assert _sign_in(anon.client, email, PASSWORD) == 200
    db.refresh(user)
    assert user.password_hash == upgraded  # current parameters: left alone


# ---- lockout under concurrency ----------------------------------------------------------------------


def _lock(db_conn, key: str, settings) -> None:
    now = utcnow()
    db_conn.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
    db_conn.execute(
        insert(LoginThrottle).values(
            key=key,
            failures=settings.login_lock_after,
            first_failure_at=now,
            locked_until=now + timedelta(minutes=settings.login_lock_minutes),
        )
    )


@pytest.mark.parametrize("key", ["acct:researcher@ledger.example", "ip:testclient"])
@pytest.mark.parametrize("password", [PASSWORD, "wrong-password"])
def test_a_lock_that_lands_while_the_password_is_checked_refuses_the_attempt(
    anon, db_conn, settings, monkeypatch, key, password
):
    # What concurrent failures do to an attempt that passed the first check: they lock the account
    # (or the address) while its password is being verified. Right or wrong, it is then answered 429.
    real_verify = auth.verify_password

    def verify_while_others_lock(password_hash: str | None, given: str) -> bool:
        _lock(db_conn, key, settings)  # on the request's own connection, inside its transaction
        return real_verify(password_hash, given)

    monkeypatch.setattr(auth, "verify_password", verify_while_others_lock)
    r = anon.post("/api/v1/auth/login", json={"email": DEMO["researcher_b"], "password": password})
    assert r.status_code == 429 and "Retry-After" in r.headers


RACE_WIDTH = 20


@pytest.fixture
def race_keys(engine) -> Iterator[list[str]]:
    """Throttle keys a race test uses; its rows are committed, so they are removed at the end."""
    keys: list[str] = []
    yield keys
    with engine.begin() as conn:
        conn.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))


def _all_at_once(app, attempts: list[tuple[str, str, str]]) -> list[int]:
    """Sign-in attempts (email, password, client address) released together; their status codes."""
    start = threading.Barrier(len(attempts))

    def attempt(email: str, password: str, address: str) -> int:
        client = TestClient(app, client=(address, 50000))
        start.wait()
        return _sign_in(client, email, password)

    with ThreadPoolExecutor(len(attempts)) as pool:
        return list(pool.map(lambda a: attempt(*a), attempts))


def test_concurrent_wrong_passwords_stop_at_the_account_limit(live_app, settings, race_keys):
    email, limit = DEMO["researcher_b"], settings.login_lock_after
    addresses = [f"198.51.100.{i + 1}" for i in range(RACE_WIDTH)]  # one each: only the account counts
    race_keys += [f"acct:{email}", *(f"ip:{a}" for a in addresses), "ip:198.51.100.200"]
    codes = _all_at_once(live_app, [(email, "wrong-password", a) for a in addresses])
    assert sorted(codes) == [401] * limit + [429] * (RACE_WIDTH - limit)
    # Locked: the right password is refused now, from anywhere.
    assert _sign_in(TestClient(live_app, client=("198.51.100.200", 50000)), email, PASSWORD) == 429


def test_concurrent_wrong_passwords_stop_at_the_address_limit(live_app, settings, race_keys):
    address, limit = "198.51.100.250", settings.login_lock_after
    emails = [f"race-{i}-{secrets.token_hex(4)}@nowhere.example" for i in range(RACE_WIDTH)]
    race_keys += [f"ip:{address}", *(f"acct:{e}" for e in emails)]
    codes = _all_at_once(live_app, [(e, "wrong-password", address) for e in emails])
    assert sorted(codes) == [401] * limit + [429] * (RACE_WIDTH - limit)
