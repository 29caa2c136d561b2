"""Single sign-on end to end: the portal's API, a real OpenID Provider process on loopback (npm
oidc-provider), and httpx playing the browser at the provider. Refusals of forged, expired or
wrong-nonce ID tokens are covered at the relying-party level in tests/security/test_oidc_client.py."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from httpx import Response

from app.main import create_app
from tests.conftest import DEMO, PASSWORD, Api, make_settings
from tests.support import oidc as oidc_support
from tests.support.oidc import APP_CALLBACK_URI, APP_PROVIDER_NAME, OidcTestProvider, follow_to_redirect_uri

oidc_provider = oidc_support.oidc_provider  # the session fixture: a real OpenID Provider process

LOGIN = f"/api/v1/auth/oidc/{APP_PROVIDER_NAME}/login"


@pytest.fixture
def sso_settings(pg_url, tmp_path, oidc_provider: OidcTestProvider) -> Any:
    return make_settings(pg_url, tmp_path / "var", oidc_providers=[oidc_provider.settings_entry()])


@pytest.fixture
def sso_app(sso_settings, sm) -> Any:
    return create_app(sso_settings, sessionmaker_override=sm)


@pytest.fixture
def idp(oidc_provider: OidcTestProvider) -> Iterator[Any]:
    """Adds provider accounts for one test (unique ids: the provider process outlives the test)."""
    added: list[str] = []

    def add(email: str, *, verified: bool = True, name: str = "Test Person") -> str:
        account = f"acct-{secrets.token_hex(4)}"
        oidc_provider.add_account(account, email, email_verified=verified, name=name)
        added.append(account)
        return account

    yield add
    oidc_provider.set_accounts({k: v for k, v in oidc_provider.accounts.items() if k not in added})


def start(client: TestClient, login_hint: str) -> str:
    r = client.get(LOGIN, params={"login_hint": login_hint}, follow_redirects=False)
    assert r.status_code == 303, r.text
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("portal_session_oidc="))
    assert "HttpOnly" in cookie and "Path=/api/v1/auth/oidc" in cookie and "SameSite=lax" in cookie
    return str(r.headers["location"])


def at_provider(authorization_url: str) -> str:
    """The browser at the provider (a fresh one: no provider session carries over)."""
    with httpx.Client(timeout=10) as browser:
        return follow_to_redirect_uri(browser, authorization_url, APP_CALLBACK_URI)


def sso_sign_in(client: TestClient, login_hint: str, **headers: str) -> Response:
    callback = at_provider(start(client, login_hint))
    return client.get(callback, follow_redirects=False, headers=headers)


def signed_in(client: TestClient, response: Response) -> Api:
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"
    session = next(c for c in response.headers.get_list("set-cookie") if c.startswith("portal_session="))
    assert "HttpOnly" in session
    return Api(client, csrf=client.cookies.get("portal_csrf"))


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode({**dict(parse_qsl(parts.query)), **changes})))


def audit(app: Any, action: str) -> list[dict[str, Any]]:
    client = TestClient(app)
    r = client.post("/api/v1/auth/login", json={"email": DEMO["coalition_admin"], "password": PASSWORD})
    assert r.status_code == 200
    return list(client.get("/api/v1/audit/events", params={"action": action}).json())


def org_id(api: Api, name: str) -> str:
    return next(o["id"] for o in api.get("/api/v1/orgs").json() if o["name"] == name)


# ---- sign-in ---------------------------------------------------------------------------------------


def test_providers_are_listed_publicly(sso_app):
    r = TestClient(sso_app).get("/api/v1/auth/oidc/providers")
    assert r.status_code == 200
    assert r.json() == [{"name": APP_PROVIDER_NAME, "login_url": LOGIN}]


def test_login_redirects_to_the_provider_with_pkce_state_and_nonce(sso_app, oidc_provider):
    url = start(TestClient(sso_app), "anyone")
    assert url.startswith(oidc_provider.issuer)
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["code_challenge_method"] == "S256" and query["code_challenge"]
    assert query["state"] and query["nonce"] and query["redirect_uri"] == APP_CALLBACK_URI
    assert query["client_id"] == oidc_provider.client_id and "code_verifier" not in query


def test_unknown_provider_is_404(sso_app):
    r = TestClient(sso_app).get("/api/v1/auth/oidc/nope/login", follow_redirects=False)
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_invited_person_signs_in_and_the_invitation_is_accepted(sso_app, idp, login):
    admin = login("org_admin_a")
    lantern = admin.get("/api/v1/me").json()["organization"]["id"]
    r = admin.post(
        f"/api/v1/orgs/{lantern}/invitations", json={"email": "Dana@Partner.example", "role": "researcher"}
    )
    assert r.status_code == 201
    idp("dana@partner.example", name="Dana Field")

    client = TestClient(sso_app)
    api = signed_in(client, sso_sign_in(client, "dana@partner.example"))
    me = api.get("/api/v1/me").json()
    assert me["email"] == "dana@partner.example" and me["display_name"] == "Dana Field"
    assert me["role"] == "researcher" and me["organization"]["id"] == lantern
    assert me["auth_method"] == "oidc" and me["mfa_passed"] is True
    assert api.get("/api/v1/cases").status_code == 200
    invitations = admin.get(f"/api/v1/orgs/{lantern}/invitations").json()
    assert next(i for i in invitations if i["email"] == "dana@partner.example")["accepted_at"]
    # No password, so no TOTP here: the identity provider handles the second factor.
    r = api.post("/api/v1/auth/mfa/totp")
    assert r.status_code == 409 and "single sign-on" in r.json()["detail"]
    # A state-changing request works with the CSRF cookie set by the callback.
    assert api.post("/api/v1/auth/logout").status_code == 204

    # The provider account is linked now: the next sign-in finds it by issuer and subject.
    again = TestClient(sso_app)
    signed_in(again, sso_sign_in(again, "dana@partner.example"))
    logins = [e for e in audit(sso_app, "auth.login") if e["data"].get("method") == "oidc"]
    assert [e["data"]["matched_by"] for e in logins[:2]] == ["linked_identity", "invitation"]
    linked = audit(sso_app, "auth.sso_linked")
    assert linked[0]["data"]["provider"] == APP_PROVIDER_NAME
    accepted = audit(sso_app, "invitation.accepted")
    assert accepted[0]["data"]["via"] == f"oidc:{APP_PROVIDER_NAME}"


def test_org_email_domain_creates_a_researcher_account(sso_app, idp, login):
    admin = login("coalition_admin")
    ledger = org_id(admin, "Open Ledger Initiative")
    r = admin.patch(f"/api/v1/orgs/{ledger}", json={"email_domains": ["Ledger-Staff.example"]})
    assert r.status_code == 200 and r.json()["email_domains"] == ["ledger-staff.example"]
    idp("erin@ledger-staff.example", name="Erin Example")

    client = TestClient(sso_app)
    me = signed_in(client, sso_sign_in(client, "erin@ledger-staff.example")).get("/api/v1/me").json()
    assert me["role"] == "researcher" and me["organization"]["name"] == "Open Ledger Initiative"
    created = audit(sso_app, "user.created")
    assert (
        created[0]["data"]["via"] == f"oidc:{APP_PROVIDER_NAME}"
        and created[0]["data"]["role"] == "researcher"
    )


def test_existing_account_is_linked_only_through_its_own_orgs_domain(
    pg_url,
    tmp_path,
    sm,
    oidc_provider,
    idp,
    login,
):
    """A coordinator signing in through SSO satisfies the second-factor requirement."""
    strict = create_app(
        make_settings(
            pg_url,
            tmp_path / "strict",
            oidc_providers=[oidc_provider.settings_entry()],
            enforce_2fa_for_privileged=True,
        ),
        sessionmaker_override=sm,
    )
    idp(DEMO["coordinator_a"])
    client = TestClient(strict)
    r = sso_sign_in(client, DEMO["coordinator_a"])
    assert r.status_code == 403
    assert "not set up" in r.json()["detail"] and "coalition.example" in r.json()["detail"]

    admin = login("coalition_admin")
    coalition = admin.get("/api/v1/me").json()["organization"]["id"]
    assert (
        admin.patch(f"/api/v1/orgs/{coalition}", json={"email_domains": ["coalition.example"]}).status_code
        == 200
    )
    client = TestClient(strict)
    api = signed_in(client, sso_sign_in(client, DEMO["coordinator_a"]))
    assert api.get("/api/v1/me").json()["role"] == "coordinator"
    assert api.get("/api/v1/review/queue").status_code == 200  # SSO counts as the second factor


# ---- refusals --------------------------------------------------------------------------------------


def test_unverified_email_is_refused(sso_app, idp, login):
    admin = login("org_admin_a")
    lantern = admin.get("/api/v1/me").json()["organization"]["id"]
    admin.post(
        f"/api/v1/orgs/{lantern}/invitations", json={"email": "frank@partner.example", "role": "researcher"}
    )
    idp("frank@partner.example", verified=False)
    client = TestClient(sso_app)
    r = sso_sign_in(client, "frank@partner.example")
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    assert "has not verified your e-mail address frank@partner.example" in r.json()["detail"]
    assert r.json()["reason"] == "email_unverified"
    assert not any(c.startswith("portal_session=") for c in r.headers.get_list("set-cookie"))
    assert client.get("/api/v1/me").status_code == 401
    refused = audit(sso_app, "auth.sso_refused")
    assert refused[0]["data"] == {
        "provider": APP_PROVIDER_NAME,
        "reason": "email_unverified",
        "email": "frank@partner.example",
    }


def test_email_without_invitation_or_domain_is_refused(sso_app, idp):
    idp("stranger@elsewhere.example")
    client = TestClient(sso_app)
    r = sso_sign_in(client, "stranger@elsewhere.example")
    assert r.status_code == 403
    assert r.json()["detail"].startswith("No invitation or organisation matches stranger@elsewhere.example")
    assert client.get("/api/v1/me").status_code == 401


def test_refusal_is_a_page_for_a_browser(sso_app, idp):
    idp("stranger@elsewhere.example")
    r = sso_sign_in(TestClient(sso_app), "stranger@elsewhere.example", accept="text/html,*/*;q=0.8")
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert "No invitation or organisation matches stranger@elsewhere.example" in r.text
    assert "<script" not in r.text


def test_state_mismatch_is_refused(sso_app, idp):
    idp("stranger@elsewhere.example")
    client = TestClient(sso_app)
    callback = at_provider(start(client, "stranger@elsewhere.example"))
    r = client.get(with_query(callback, state="forged"), follow_redirects=False)
    assert r.status_code == 401 and "state mismatch" in r.json()["detail"]
    assert r.json()["reason"] == "state_mismatch"
    # The sign-in is spent: even the genuine response is refused now.
    r = client.get(callback, follow_redirects=False)
    assert r.status_code == 401 and "No sign-in" in r.json()["detail"]


def test_callback_in_another_browser_is_refused(sso_app, idp, login):
    """Login CSRF: a response started by the attacker's browser cannot be finished in the victim's."""
    admin = login("org_admin_a")
    lantern = admin.get("/api/v1/me").json()["organization"]["id"]
    admin.post(
        f"/api/v1/orgs/{lantern}/invitations", json={"email": "gina@partner.example", "role": "researcher"}
    )
    idp("gina@partner.example")
    callback = at_provider(start(TestClient(sso_app), "gina@partner.example"))
    victim = TestClient(sso_app)
    r = victim.get(callback, follow_redirects=False)
    assert r.status_code == 401 and "No sign-in through this provider is in progress" in r.json()["detail"]
    assert victim.get("/api/v1/me").status_code == 401


def test_replayed_callback_is_refused(sso_app, idp, login):
    admin = login("org_admin_a")
    lantern = admin.get("/api/v1/me").json()["organization"]["id"]
    admin.post(
        f"/api/v1/orgs/{lantern}/invitations", json={"email": "hugo@partner.example", "role": "researcher"}
    )
    idp("hugo@partner.example")
    client = TestClient(sso_app)
    callback = at_provider(start(client, "hugo@partner.example"))
    signed_in(client, client.get(callback, follow_redirects=False))
    r = client.get(callback, follow_redirects=False)
    assert r.status_code == 401


def test_provider_error_is_reported(sso_app):
    client = TestClient(sso_app)
    r = sso_sign_in(client, "no-such-account")  # the provider answers error=access_denied
    assert r.status_code == 401 and "did not sign you in (access_denied)" in r.json()["detail"]


# ---- organisations requiring SSO -------------------------------------------------------------------


def test_require_sso_blocks_password_sign_in_for_members(sso_app, anon):
    def password_login(who: str) -> tuple[TestClient, Response]:
        client = TestClient(sso_app)
        return client, client.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})

    _, r = password_login("org_admin_a")
    admin = Api(_, csrf=r.json()["csrf_token"])
    member_client, r = password_login("researcher_a")
    member = Api(member_client, csrf=r.json()["csrf_token"])
    lantern = admin.get("/api/v1/me").json()["organization"]["id"]

    r = member.patch(f"/api/v1/orgs/{lantern}", json={"require_sso": True})
    assert r.status_code == 403  # researchers may not
    r = admin.patch(f"/api/v1/orgs/{lantern}", json={"email_domains": ["lantern.example"]})
    assert r.status_code == 403 and "coalition administrators" in r.json()["detail"]
    r = admin.patch(f"/api/v1/orgs/{lantern}", json={"require_sso": True})
    assert r.status_code == 200 and r.json()["require_sso"] is True

    assert member.get("/api/v1/me").status_code == 401  # members' password sessions ended
    assert admin.get("/api/v1/me").status_code == 200  # the admin's own session is kept
    _, r = password_login("researcher_a")
    assert r.status_code == 403
    assert "requires single sign-on" in r.json()["detail"] and r.json()["providers"] == [APP_PROVIDER_NAME]
    _, r = password_login("researcher_b")  # another NGO is not affected
    assert r.status_code == 200

    updated = audit(sso_app, "org.updated")
    assert updated[0]["data"]["require_sso"] == {"from": False, "to": True}
    assert updated[0]["data"]["sessions_revoked"] >= 1
    assert audit(sso_app, "auth.login_refused")[0]["data"] == {"reason": "sso_required"}


def test_require_sso_needs_a_configured_provider(login):
    admin = login("org_admin_a")
    lantern = admin.get("/api/v1/me").json()["organization"]["id"]
    r = admin.patch(f"/api/v1/orgs/{lantern}", json={"require_sso": True})
    assert r.status_code == 409 and "No single sign-on provider" in r.json()["detail"]
