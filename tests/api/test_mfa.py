"""Two-factor authentication over HTTP: enrolment, two-step sign-in, recovery codes, replay, lockout,
enforcement for coordinators and admins, and API tokens."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.db import utcnow
from app.main import create_app
from app.models.identity import Organization, Role, User
from app.models.mfa import MfaChallenge, RecoveryCode, UserMfa
from app.security import secretbox
from app.workflows.orgs import create_user_direct
from tests.conftest import DEMO, PASSWORD, Api, make_settings


class Authenticator:
    """The phone app: hands out codes of steps not used yet (the server refuses replays)."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.totp = pyotp.TOTP(secret)
        self.last_step: int | None = None

    def code(self) -> str:
        current = int(time.time()) // 30
        step = current - 1 if self.last_step is None else max(current - 1, self.last_step + 1)
        assert step <= current + 1, "no unused code left in this window"
        self.last_step = step
        return self.totp.at(step * 30)


def enrol(api: Api) -> tuple[Authenticator, list[str]]:
    r = api.post("/api/v1/auth/mfa/totp")
    assert r.status_code == 201, r.text
    app = Authenticator(r.json()["secret"])
    r = api.post("/api/v1/auth/mfa/totp/confirm", json={"code": app.code()})
    assert r.status_code == 200, r.text
    return app, r.json()["recovery_codes"]


def password_step(client: TestClient, who: str, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/auth/login", json={"email": DEMO.get(who, who), "password": password})


def sign_in_with_code(app: Any, who: str, code: str) -> Api:
    client = TestClient(app)
    r = password_step(client, who)
    assert r.status_code == 200 and r.json()["mfa_required"] is True, r.text
    r = client.post("/api/v1/auth/login/mfa", json={"challenge": r.json()["challenge"], "code": code})
    assert r.status_code == 200, r.text
    return Api(client, csrf=r.json()["csrf_token"])


def events(admin: Api, action: str) -> list[dict[str, Any]]:
    r = admin.get("/api/v1/audit/events", params={"action": action})
    assert r.status_code == 200, r.text
    return list(r.json())


@pytest.fixture
def person(db) -> str:
    """A researcher of their own, for exact session counts (demo accounts may hold sessions that
    other tests committed through live_app)."""
    org = db.execute(select(Organization).where(Organization.name == "Lantern Rights Watch")).scalar_one()
    email = f"person-{secrets.token_hex(4)}@lantern.example"
    create_user_direct(db, org, email, "Pat Person", PASSWORD, Role.researcher)
    db.commit()
    return email


@pytest.fixture
def strict_app(pg_url, tmp_path, sm) -> Any:
    """Production-like policy: coordinators and admins must pass a second factor."""
    return create_app(
        make_settings(pg_url, tmp_path / "strict", enforce_2fa_for_privileged=True), sessionmaker_override=sm
    )


def strict_login(app: Any, who: str) -> Api:
    client = TestClient(app)
    r = password_step(client, who)
    assert r.status_code == 200, r.text
    return Api(client, csrf=r.json()["csrf_token"])


# ---- enrolment and the two-step sign-in -----------------------------------------------------------


def test_enrol_with_qr_code_and_confirmation_then_sign_in_takes_two_steps(login, app, anon, db):
    api = login("researcher_a")
    assert api.get("/api/v1/auth/mfa").json()["enabled"] is False

    r = api.post("/api/v1/auth/mfa/totp")
    assert r.status_code == 201
    body = r.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/")
    assert "researcher%40lantern.example" in body["otpauth_uri"] and "issuer=" in body["otpauth_uri"]
    assert "<svg" in body["qr_svg"]
    authenticator = Authenticator(body["secret"])

    # Not on until a code confirms it; a wrong code is refused.
    status = api.get("/api/v1/auth/mfa").json()
    assert status["enabled"] is False and status["pending"] is True
    r = api.post("/api/v1/auth/mfa/totp/confirm", json={"code": "000000"})
    assert r.status_code == 422 and "does not match" in r.json()["detail"]
    r = api.post("/api/v1/auth/mfa/totp/confirm", json={"code": authenticator.code()})
    assert r.status_code == 200
    codes = r.json()["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    status = api.get("/api/v1/auth/mfa").json()
    assert status["enabled"] is True and status["recovery_codes_left"] == 10
    assert api.get("/api/v1/me").json()["mfa_passed"] is True  # this session proved the code

    # Stored: the secret encrypted, the recovery codes hashed.
    user_id = db.execute(select(User.id).where(User.email == DEMO["researcher_a"])).scalar_one()
    row = db.get(UserMfa, user_id)
    assert body["secret"] not in row.totp_secret_enc
    assert secretbox.unseal("t" * 40, "totp-secret", row.totp_secret_enc) == body["secret"]
    stored = set(db.execute(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user_id)).scalars())
    assert len(stored) == 10 and not stored & set(codes)

    # Sign-in: the right password alone gives a challenge, no session.
    r = password_step(anon.client, "researcher_a")
    assert r.status_code == 200
    assert r.json()["mfa_required"] is True and r.json()["challenge"]
    assert "me" not in r.json() and "csrf_token" not in r.json()
    assert not any(c.startswith("portal_session=") for c in r.headers.get_list("set-cookie"))
    assert anon.get("/api/v1/me").status_code == 401

    r2 = anon.post(
        "/api/v1/auth/login/mfa", json={"challenge": r.json()["challenge"], "code": authenticator.code()}
    )
    assert r2.status_code == 200, r2.text
    me = anon.get("/api/v1/me").json()
    assert me["email"] == DEMO["researcher_a"] and me["mfa_passed"] is True and me["mfa_enrolled"] is True
    # The challenge is spent.
    r3 = anon.post(
        "/api/v1/auth/login/mfa", json={"challenge": r.json()["challenge"], "code": authenticator.code()}
    )
    assert r3.status_code == 401 and "enter your password again" in r3.json()["detail"].lower()


def test_enrolment_ends_the_other_sessions(login):
    api, other = login("researcher_a"), login("researcher_a")
    enrol(api)
    assert other.get("/api/v1/me").status_code == 401
    assert api.get("/api/v1/me").status_code == 200


def test_enrolling_twice_is_refused_and_restart_replaces_the_pending_secret(login):
    api = login("researcher_a")
    first = api.post("/api/v1/auth/mfa/totp").json()["secret"]
    second = api.post("/api/v1/auth/mfa/totp").json()["secret"]
    assert first != second
    # A code of the abandoned secret does not confirm the new one.
    r = api.post("/api/v1/auth/mfa/totp/confirm", json={"code": pyotp.TOTP(first).now()})
    assert r.status_code == 422
    api.post("/api/v1/auth/mfa/totp/confirm", json={"code": pyotp.TOTP(second).now()})
    r = api.post("/api/v1/auth/mfa/totp")
    assert r.status_code == 409 and "already on" in r.json()["detail"]


def test_replayed_code_is_refused_within_its_window(login, app):
    authenticator, _ = enrol(login("researcher_a"))
    code = authenticator.code()
    sign_in_with_code(app, "researcher_a", code)
    client = TestClient(app)
    challenge = password_step(client, "researcher_a").json()["challenge"]
    r = client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": code})
    assert r.status_code == 401
    assert "already been used" in r.json()["detail"] and r.json()["reason"] == "code_replayed"
    # The same challenge still takes a fresh code.
    r = client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": authenticator.code()})
    assert r.status_code == 200


def test_recovery_code_works_once_and_is_audited(login, app, as_):
    _, codes = enrol(login("researcher_a"))
    api = sign_in_with_code(app, "researcher_a", codes[0].upper().replace("-", " "))  # as typed by hand
    assert api.get("/api/v1/auth/mfa").json()["recovery_codes_left"] == 9
    client = TestClient(app)
    challenge = password_step(client, "researcher_a").json()["challenge"]
    r = client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": codes[0]})
    assert r.status_code == 401 and r.json()["detail"] == "The authentication code is not correct."
    used = events(as_["coalition_admin"], "auth.recovery_code_used")
    assert used and used[0]["data"] == {"remaining": 9}
    logins = events(as_["coalition_admin"], "auth.login")
    assert any(e["data"].get("second_factor") == "recovery_code" for e in logins)


def test_wrong_codes_count_towards_the_sign_in_lockout(login, app, settings, as_):
    assert (settings.login_lock_after, settings.mfa_challenge_attempts) == (10, 5)
    authenticator, _ = enrol(login("researcher_b"))
    client = TestClient(app)
    for round_ in range(2):
        challenge = password_step(client, "researcher_b").json()["challenge"]
        for attempt in range(5):
            r = client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": "123456"})
            assert r.status_code == 401, (round_, attempt, r.text)
        # Five wrong codes spend the challenge: the password is asked again, even for a right code.
        assert "enter your password again" in r.json()["detail"]
        if round_ == 0:
            r = client.post(
                "/api/v1/auth/login/mfa", json={"challenge": challenge, "code": authenticator.code()}
            )
            assert r.status_code == 401
    # Ten wrong codes lock the account like ten wrong passwords: the password step is refused too.
    r = password_step(client, "researcher_b")
    assert r.status_code == 429 and "Retry-After" in r.headers
    failed = events(as_["coalition_admin"], "auth.mfa_failed")
    assert len([e for e in failed if e["data"]["reason"] == "wrong_code"]) == 10


def test_code_step_is_refused_once_the_account_is_locked(login, app, settings, db):
    authenticator, _ = enrol(login("researcher_b"))
    client = TestClient(app)
    challenge = password_step(client, "researcher_b").json()["challenge"]
    # Someone else hammers the password meanwhile.
    other = TestClient(app)
    for _ in range(settings.login_lock_after):
        password_step(other, "researcher_b", "wrong-password")
    r = client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": authenticator.code()})
    assert r.status_code == 429


def test_expired_challenge_is_refused(login, app, db):
    authenticator, _ = enrol(login("researcher_a"))
    client = TestClient(app)
    challenge = password_step(client, "researcher_a").json()["challenge"]
    for row in db.execute(select(MfaChallenge)).scalars():
        row.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    r = client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": authenticator.code()})
    assert r.status_code == 401 and "expired" in r.json()["detail"]


def test_disable_needs_password_and_code_and_ends_other_sessions(login, app, person):
    # (An authenticator has three usable codes per 30 s window: the previous, current and next step.)
    authenticator, recovery = enrol(login(person))
    api = sign_in_with_code(app, person, authenticator.code())
    other = sign_in_with_code(app, person, recovery[0])
    r = api.post("/api/v1/auth/mfa/disable", json={"password": "wrong-password", "code": recovery[1]})
    assert r.status_code == 403 and "not correct" in r.json()["detail"]
    # The password is checked first: the recovery code sent with a wrong one was not spent.
    assert api.get("/api/v1/auth/mfa").json()["recovery_codes_left"] == 9
    r = api.post("/api/v1/auth/mfa/disable", json={"password": PASSWORD, "code": "000000"})
    assert r.status_code == 403
    r = api.post("/api/v1/auth/mfa/disable", json={"password": PASSWORD, "code": authenticator.code()})
    assert r.status_code == 200 and r.json()["revoked"] == 2  # `other` and the enrolling session
    assert other.get("/api/v1/me").status_code == 401
    assert api.get("/api/v1/auth/mfa").json()["enabled"] is False
    # Sign-in is one step again.
    assert login(person).get("/api/v1/me").status_code == 200


def test_regenerating_recovery_codes_voids_the_old_ones(login, app):
    authenticator, old = enrol(login("researcher_a"))
    api = sign_in_with_code(app, "researcher_a", authenticator.code())
    r = api.post("/api/v1/auth/mfa/recovery-codes", json={"password": PASSWORD, "code": authenticator.code()})
    assert r.status_code == 200
    new = r.json()["recovery_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    client = TestClient(app)
    challenge = password_step(client, "researcher_a").json()["challenge"]
    assert (
        client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": old[1]}).status_code
        == 401
    )
    assert (
        client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": new[1]}).status_code
        == 200
    )


def test_admin_resets_a_members_second_factor(login, app, as_):
    authenticator, _ = enrol(login("researcher_a"))
    member = sign_in_with_code(app, "researcher_a", authenticator.code())
    me = member.get("/api/v1/me").json()
    r = as_["org_admin_b"].delete(f"/api/v1/orgs/{me['organization']['id']}/members/{me['id']}/mfa")
    assert r.status_code == 404  # another NGO's member
    r = as_["org_admin_a"].delete(f"/api/v1/orgs/{me['organization']['id']}/members/{me['id']}/mfa")
    assert r.status_code == 200 and r.json()["revoked"] >= 1
    assert member.get("/api/v1/me").status_code == 401  # every session of the member ended
    assert login("researcher_a").get("/api/v1/auth/mfa").json()["enabled"] is False
    reset = events(as_["coalition_admin"], "mfa.reset")
    assert reset and reset[0]["target_id"] == me["id"]


def test_enrolment_and_sign_in_events_are_in_the_audit_chain(login, app, as_):
    authenticator, _ = enrol(login("researcher_a"))
    client = TestClient(app)
    challenge = password_step(client, "researcher_a").json()["challenge"]
    client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": "999999"})
    client.post("/api/v1/auth/login/mfa", json={"challenge": challenge, "code": authenticator.code()})
    admin = as_["coalition_admin"]
    assert events(admin, "mfa.enrolment_started") and events(admin, "mfa.enabled")
    assert events(admin, "auth.mfa_challenged") and events(admin, "auth.mfa_failed")
    assert any(e["data"].get("second_factor") == "totp" for e in events(admin, "auth.login"))
    assert admin.get("/api/v1/audit/verify").json()["ok"] is True


# ---- enforcement -----------------------------------------------------------------------------------


def test_coordinator_without_second_factor_may_only_enrol(strict_app):
    api = strict_login(strict_app, "coordinator_a")
    me = api.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["mfa_required"] is True
    r = api.get("/api/v1/review/queue")
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    assert "enrol two-factor authentication" in r.json()["detail"]
    assert r.json()["reason"] == "mfa_enrolment_required"
    assert api.get("/api/v1/auth/sessions").status_code == 403

    authenticator, _ = enrol(api)
    assert api.get("/api/v1/review/queue").status_code == 200
    assert api.get("/api/v1/me").json()["mfa_required"] is False
    # Later sign-ins take the code.
    again = sign_in_with_code(strict_app, "coordinator_a", authenticator.code())
    assert again.get("/api/v1/review/queue").status_code == 200


@pytest.mark.parametrize("who", ["coalition_admin", "org_admin_a", "coordinator_b"])
def test_every_privileged_role_is_held_at_enrolment(strict_app, who):
    api = strict_login(strict_app, who)
    assert api.get("/api/v1/orgs").status_code == 403
    assert api.get("/api/v1/auth/mfa").json()["required"] is True
    assert api.post("/api/v1/auth/logout").status_code == 204  # signing out always works


def test_researchers_are_not_held_unless_the_coalition_requires_it_for_all(strict_app, pg_url, tmp_path, sm):
    assert strict_login(strict_app, "researcher_a").get("/api/v1/cases").status_code == 200
    everyone = create_app(
        make_settings(pg_url, tmp_path / "all", require_2fa_for_all=True), sessionmaker_override=sm
    )
    api = strict_login(everyone, "researcher_a")
    r = api.get("/api/v1/cases")
    assert r.status_code == 403 and "enrol two-factor authentication" in r.json()["detail"]


def test_api_tokens_need_a_session_that_passed_two_factor(strict_app):
    api = strict_login(strict_app, "org_admin_a")
    body = {"name": "ci", "scopes": ["cases:read"]}
    r = api.post("/api/v1/tokens", json=body)
    assert r.status_code == 403 and "two-factor" in r.json()["detail"]
    enrol(api)
    r = api.post("/api/v1/tokens", json=body)
    assert r.status_code == 201, r.text
    # The token itself works without a second factor (it is the integration's credential).
    bearer = Api(TestClient(strict_app), bearer=r.json()["token"])
    assert bearer.get("/api/v1/cases").status_code == 200


def test_token_creation_workflow_refuses_a_session_without_second_factor(db):
    from app.errors import Forbidden
    from app.models.identity import OrgKind, Role
    from app.security.permissions import ROLE_PERMISSIONS, Principal
    from app.workflows import auth

    p = Principal(
        org_id="x",
        org_kind=OrgKind.ngo,
        role=Role.org_admin,
        permissions=ROLE_PERMISSIONS[Role.org_admin],
        user_id="u",
        session_id="s",
        mfa_passed=False,
        mfa_required=True,
    )
    with pytest.raises(Forbidden, match="two-factor"):
        auth.create_token(db, p, "ci", ["cases:read"], 30, None)


def test_enrolled_person_in_a_password_only_session_is_told_to_sign_in_again(login, db, app):
    """A session that predates enrolment cannot slip through (enrolment ends them, but belt and braces)."""
    api = login("researcher_a")
    enrol(api)
    from app.models.auth import AuthSession

    for s in db.execute(select(AuthSession).where(AuthSession.revoked_at.is_(None))).scalars():
        s.mfa_passed = False
    db.commit()
    r = api.get("/api/v1/cases")
    assert r.status_code == 403 and "sign in again" in r.json()["detail"]
