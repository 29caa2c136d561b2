"""The OIDC relying party against a real OpenID Provider over HTTP, and ID token refusals."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from pydantic import ValidationError

from app.config import ConfigurationError, OidcProviderConfig, Settings, check_startup
from app.errors import Unauthorized, Unavailable
from app.security.oidc import (
    LoginState,
    begin_login,
    complete_login,
    discover,
    fetch_jwks,
    verify_id_token,
)
from tests.support.oidc import OidcTestProvider, follow_to_redirect_uri


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    # A fresh client per test is a fresh browser: no provider session cookie carries over.
    with httpx.Client(timeout=10) as client:
        yield client


def _sign_in(
    oidc_provider: OidcTestProvider, http: httpx.Client, login_hint: str
) -> tuple[OidcProviderConfig, LoginState, str]:
    provider = oidc_provider.config()
    url, state = begin_login(provider, oidc_provider.redirect_uri, http=http, login_hint=login_hint)
    return provider, state, follow_to_redirect_uri(http, url, oidc_provider.redirect_uri)


def _raw_id_token(
    oidc_provider: OidcTestProvider, http: httpx.Client, login_state: LoginState, callback: str
) -> str:
    """Exchange the code by hand, to get a genuine provider-signed ID token to tamper with."""
    params = dict(parse_qsl(urlsplit(callback).query))
    token_endpoint = discover(oidc_provider.issuer, http)["token_endpoint"]
    response = http.post(
        token_endpoint,
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": login_state.redirect_uri,
            "code_verifier": login_state.code_verifier,
        },
        auth=(oidc_provider.client_id, oidc_provider.client_secret),
    )
    response.raise_for_status()
    return str(response.json()["id_token"])


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _reason(exc: pytest.ExceptionInfo[Unauthorized]) -> Any:
    return exc.value.extra.get("reason")


# --- the full flow ------------------------------------------------------------------------------


def test_full_redirect_flow_yields_verified_identity(oidc_provider: OidcTestProvider, http: httpx.Client):
    provider = oidc_provider.config()
    url, state = begin_login(provider, oidc_provider.redirect_uri, http=http, login_hint="alice")

    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == [state.state] and query["nonce"] == [state.nonce]
    assert query["response_type"] == ["code"] and query["scope"] == ["openid email profile"]
    assert "code_verifier" not in query

    callback = follow_to_redirect_uri(http, url, oidc_provider.redirect_uri)
    assert "code=" in callback

    identity = complete_login(provider, state, callback, http)
    assert identity.issuer == oidc_provider.issuer
    assert identity.subject == "alice"
    assert identity.email == "alice@coalition.example"
    assert identity.email_verified is True
    assert identity.name == "Alice Example"


def test_callback_params_mapping_and_state_roundtrip(oidc_provider: OidcTestProvider, http: httpx.Client):
    provider, state, callback = _sign_in(oidc_provider, http, "alice@coalition.example")  # hint by e-mail
    restored = LoginState.from_dict(state.to_dict())
    assert restored == state
    identity = complete_login(provider, restored, dict(parse_qsl(urlsplit(callback).query)), http)
    assert identity.subject == "alice"


def test_unverified_email_is_flagged(oidc_provider: OidcTestProvider, http: httpx.Client):
    provider, state, callback = _sign_in(oidc_provider, http, "bob")
    identity = complete_login(provider, state, callback, http)
    assert identity.email == "bob@coalition.example"
    assert identity.email_verified is False  # the caller refuses to link by this e-mail


def test_accounts_can_be_added_at_run_time(oidc_provider: OidcTestProvider, http: httpx.Client):
    oidc_provider.add_account("carol", "carol@coalition.example", name="Carol")
    try:
        provider, state, callback = _sign_in(oidc_provider, http, "carol")
        assert complete_login(provider, state, callback, http).email == "carol@coalition.example"
    finally:
        oidc_provider.set_accounts({k: v for k, v in oidc_provider.accounts.items() if k != "carol"})


# --- refusals in the flow -----------------------------------------------------------------------


def test_state_mismatch_is_refused(oidc_provider: OidcTestProvider, http: httpx.Client):
    provider, state, callback = _sign_in(oidc_provider, http, "alice")
    with pytest.raises(Unauthorized, match="state mismatch") as exc:
        complete_login(provider, state, _with_query(callback, state="forged"), http)
    assert _reason(exc) == "state_mismatch"


def test_response_naming_another_issuer_is_refused(oidc_provider: OidcTestProvider, http: httpx.Client):
    provider, state, callback = _sign_in(oidc_provider, http, "alice")
    assert f"iss={oidc_provider.issuer}".replace(":", "%3A").replace("/", "%2F") in callback  # RFC 9207
    with pytest.raises(Unauthorized, match="different identity provider") as exc:
        complete_login(provider, state, _with_query(callback, iss="https://evil.example"), http)
    assert _reason(exc) == "wrong_issuer"


def test_provider_error_is_reported(oidc_provider: OidcTestProvider, http: httpx.Client):
    provider, state, callback = _sign_in(oidc_provider, http, "nobody")  # unknown login_hint
    assert "error=access_denied" in callback
    with pytest.raises(Unauthorized, match=r"did not sign you in \(access_denied\)") as exc:
        complete_login(provider, state, callback, http)
    assert _reason(exc) == "provider_error"


def test_wrong_code_verifier_is_refused_by_provider(oidc_provider: OidcTestProvider, http: httpx.Client):
    provider, state, callback = _sign_in(oidc_provider, http, "alice")
    wrong = dataclasses.replace(state, code_verifier="x" * 64)
    with pytest.raises(Unauthorized, match=r"refused the sign-in code \(invalid_grant\)") as exc:
        complete_login(provider, wrong, callback, http)
    assert _reason(exc) == "token_exchange_failed"


def test_code_cannot_be_used_twice(oidc_provider: OidcTestProvider, http: httpx.Client):
    provider, state, callback = _sign_in(oidc_provider, http, "alice")
    complete_login(provider, state, callback, http)
    with pytest.raises(Unauthorized, match="invalid_grant"):
        complete_login(provider, state, callback, http)


def test_stale_login_state_is_refused(oidc_provider: OidcTestProvider, http: httpx.Client):
    provider, state, callback = _sign_in(oidc_provider, http, "alice")
    with pytest.raises(Unauthorized, match="took too long") as exc:
        complete_login(provider, state, callback, http, now=state.created_at + 3600)
    assert _reason(exc) == "login_expired"


def test_short_lived_id_token_from_provider_expires(oidc_provider: OidcTestProvider, http: httpx.Client):
    oidc_provider.set_id_token_ttl(1)
    try:
        provider, state, callback = _sign_in(oidc_provider, http, "alice")
        # Past the token's 1 s lifetime plus the 60 s clock leeway, still within the login window.
        with pytest.raises(Unauthorized, match=r"token expired \d+ seconds ago") as exc:
            complete_login(provider, state, callback, http, now=time.time() + 120)
        assert _reason(exc) == "expired"
    finally:
        oidc_provider.set_id_token_ttl(3600)


def test_discovery_refuses_issuer_mismatch(oidc_provider: OidcTestProvider, http: httpx.Client):
    with pytest.raises(Unavailable, match="not the configured issuer"):
        discover(oidc_provider.issuer + "/", http)


# --- verify_id_token on genuine provider tokens -------------------------------------------------


@pytest.fixture
def genuine(oidc_provider: OidcTestProvider, http: httpx.Client) -> tuple[str, dict[str, Any], LoginState]:
    _, state, callback = _sign_in(oidc_provider, http, "alice")
    token = _raw_id_token(oidc_provider, http, state, callback)
    return token, fetch_jwks(oidc_provider.issuer, http), state


def test_genuine_token_verifies(oidc_provider: OidcTestProvider, genuine):
    token, jwks, state = genuine
    claims = verify_id_token(token, jwks, oidc_provider.issuer, oidc_provider.client_id, state.nonce)
    assert claims["sub"] == "alice" and claims["email"] == "alice@coalition.example"


def _flip(segment: str, index: int) -> str:
    char = segment[index]
    return segment[:index] + ("A" if char != "A" else "B") + segment[index + 1 :]


def test_tampered_signature_is_refused(oidc_provider: OidcTestProvider, genuine):
    token, jwks, state = genuine
    header, payload, signature = token.split(".")
    tampered = ".".join([header, payload, _flip(signature, len(signature) // 2)])
    with pytest.raises(Unauthorized, match="signature is invalid") as exc:
        verify_id_token(tampered, jwks, oidc_provider.issuer, oidc_provider.client_id, state.nonce)
    assert _reason(exc) == "bad_signature"


def test_tampered_payload_is_refused(oidc_provider: OidcTestProvider, genuine):
    token, jwks, state = genuine
    header, payload, signature = token.split(".")
    tampered = ".".join([header, _flip(payload, 10), signature])
    with pytest.raises(Unauthorized) as exc:
        verify_id_token(tampered, jwks, oidc_provider.issuer, oidc_provider.client_id, state.nonce)
    assert _reason(exc) in {"bad_signature", "malformed"}


def test_wrong_nonce_is_refused(oidc_provider: OidcTestProvider, genuine):
    token, jwks, _ = genuine
    with pytest.raises(Unauthorized, match="nonce does not match") as exc:
        verify_id_token(token, jwks, oidc_provider.issuer, oidc_provider.client_id, "another-nonce")
    assert _reason(exc) == "nonce_mismatch"


def test_wrong_audience_is_refused(oidc_provider: OidcTestProvider, genuine):
    token, jwks, state = genuine
    with pytest.raises(Unauthorized, match="another application") as exc:
        verify_id_token(token, jwks, oidc_provider.issuer, "some-other-client", state.nonce)
    assert _reason(exc) == "wrong_audience"


def test_wrong_issuer_is_refused(oidc_provider: OidcTestProvider, genuine):
    token, jwks, state = genuine
    with pytest.raises(Unauthorized, match="not by the expected provider") as exc:
        verify_id_token(token, jwks, "https://idp.example", oidc_provider.client_id, state.nonce)
    assert _reason(exc) == "wrong_issuer"


def test_token_signed_by_unpublished_key_is_refused(oidc_provider: OidcTestProvider, genuine):
    _, jwks, _ = genuine
    forged = jwt.encode({"alg": "RS256", "kid": "attacker"}, _claims(oidc_provider.issuer), _local_key())
    with pytest.raises(Unauthorized, match="key the identity provider does not publish") as exc:
        verify_id_token(forged, jwks, oidc_provider.issuer, "portal", "n-1")
    assert _reason(exc) == "unknown_key"


# --- verify_id_token on tokens signed with a local key ------------------------------------------

ISSUER = "https://idp.example"


def _local_key() -> RSAKey:
    return RSAKey.generate_key(2048, {"kid": "local-1", "use": "sig", "alg": "RS256"})


@pytest.fixture(scope="module")
def local_key() -> RSAKey:
    return _local_key()


def _claims(issuer: str = ISSUER, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer,
        "sub": "user-1",
        "aud": "portal",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        "email": "u@example.org",
        "email_verified": True,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _sign(key: RSAKey, **overrides: Any) -> str:
    return jwt.encode({"alg": "RS256", "kid": "local-1"}, _claims(**overrides), key)


def _jwks(key: RSAKey) -> dict[str, Any]:
    return dict(KeySet([key]).as_dict(private=False))


def test_local_token_verifies(local_key: RSAKey):
    claims = verify_id_token(_sign(local_key), _jwks(local_key), ISSUER, "portal", "n-1")
    assert claims["sub"] == "user-1"


def test_expired_token_is_refused(local_key: RSAKey):
    past = int(time.time()) - 3600
    token = _sign(local_key, iat=past - 300, exp=past)
    with pytest.raises(Unauthorized, match=r"expired 36\d\d seconds ago") as exc:
        verify_id_token(token, _jwks(local_key), ISSUER, "portal", "n-1")
    assert _reason(exc) == "expired"


def test_expiry_allows_small_clock_skew(local_key: RSAKey):
    token = _sign(local_key, exp=int(time.time()) - 10)
    assert verify_id_token(token, _jwks(local_key), ISSUER, "portal", "n-1")["sub"] == "user-1"


class _FromNow(int):
    """Seconds from the moment the test runs: parameters are built at collection time, which can be
    minutes earlier in a long suite."""


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"aud": "someone-else"}, "wrong_audience"),
        ({"aud": ["portal", "other"]}, "wrong_audience"),  # several audiences but no azp
        ({"iss": "https://evil.example"}, "wrong_issuer"),
        ({"nonce": None}, "nonce_mismatch"),
        ({"exp": None}, "missing_claim"),
        ({"iat": None}, "missing_claim"),
        ({"sub": None}, "missing_claim"),
        ({"iat": _FromNow(3600)}, "issued_in_future"),
        ({"iat": _FromNow(-7200), "exp": _FromNow(60)}, "too_old"),
    ],
)
def test_claim_refusals(local_key: RSAKey, overrides: dict[str, Any], reason: str):
    now = int(time.time())
    overrides = {k: now + v if isinstance(v, _FromNow) else v for k, v in overrides.items()}
    with pytest.raises(Unauthorized) as exc:
        verify_id_token(_sign(local_key, **overrides), _jwks(local_key), ISSUER, "portal", "n-1")
    assert _reason(exc) == reason
    assert exc.value.status_code == 401 and exc.value.detail


def test_several_audiences_with_azp_are_accepted(local_key: RSAKey):
    token = _sign(local_key, aud=["portal", "other"], azp="portal")
    assert verify_id_token(token, _jwks(local_key), ISSUER, "portal", "n-1")["azp"] == "portal"


def test_unsigned_and_hmac_tokens_are_refused(local_key: RSAKey):
    import base64
    import json

    def b64(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    for alg in ("none", "HS256"):
        token = f"{b64({'alg': alg})}.{b64(_claims())}.sig"
        with pytest.raises(Unauthorized, match="algorithm the portal refuses") as exc:
            verify_id_token(token, _jwks(local_key), ISSUER, "portal", "n-1")
        assert _reason(exc) == "bad_alg"


def test_garbage_is_malformed(local_key: RSAKey):
    with pytest.raises(Unauthorized, match="malformed"):
        verify_id_token("not-a-jwt", _jwks(local_key), ISSUER, "portal", "n-1")


# --- configuration ------------------------------------------------------------------------------


def test_providers_from_settings():
    settings = Settings(
        oidc_providers=[{"name": "idp", "issuer": ISSUER, "client_id": "portal", "client_secret": "s3cret"}]
    )
    [provider] = settings.oidc_providers
    assert provider == OidcProviderConfig(
        name="idp", issuer=ISSUER, client_id="portal", client_secret="s3cret", scopes="openid email profile"
    )
    assert provider.client_secret.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(provider) and "s3cret" not in repr(settings)


def test_providers_name_missing_fields():
    with pytest.raises(ValidationError) as exc:
        Settings(oidc_providers=[{"name": "idp", "issuer": ISSUER}])
    missing = {tuple(e["loc"]) for e in exc.value.errors() if e["type"] == "missing"}
    assert missing == {("oidc_providers", 0, "client_id"), ("oidc_providers", 0, "client_secret")}
    # The error names the field and never prints the entry: it may hold the client secret.
    with pytest.raises(ValidationError, match=r"oidc_providers\.0\.client_id") as leaky:
        Settings(oidc_providers=[{"name": "idp", "issuer": ISSUER, "client_secret": "s3cret"}])
    assert "s3cret" not in str(leaky.value)
    with pytest.raises(ValidationError, match="client_id"):
        Settings(oidc_providers=[{"name": "idp", "issuer": ISSUER, "client_id": "", "client_secret": "s"}])


def test_provider_names_must_be_unique():
    entry = {"name": "idp", "issuer": ISSUER, "client_id": "c", "client_secret": "s"}
    with pytest.raises(ValidationError, match="provider names must be unique"):
        Settings(oidc_providers=[entry, entry])


def test_production_requires_https_issuer(tmp_path):
    settings = Settings(
        env="production",
        var_dir=tmp_path,
        database_url="postgresql+psycopg://u@db/portal",
        secret_key="s" * 40,
        public_base_url="https://portal.example",
        oidc_providers=[{"name": "idp", "issuer": "http://idp", "client_id": "c", "client_secret": "s"}],
    )
    assert settings.production_problems() == ["OIDC provider 'idp': issuer must be an https:// URL"]
    with pytest.raises(ConfigurationError, match="OIDC provider 'idp': issuer must be an https:// URL"):
        check_startup(settings)
