"""OpenID Connect relying party: authorization code flow with PKCE, ID token verification.

No web framework and no database here: the caller keeps the `LoginState` server-side (a signed
short-lived cookie or a row) between `begin_login` and `complete_login`, and decides what a
`VerifiedIdentity` may do (e.g. refuse an unverified e-mail).

Identity comes from the signature-checked ID token only; userinfo is never consulted, so a
compromised or confused userinfo endpoint cannot change whose account is signed in.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from app.config import OidcProviderConfig
from app.errors import Unauthorized, Unavailable

if TYPE_CHECKING:
    # httpx, authlib and joserfc are imported where used: keeps the idle API process small (SSO is rare).
    import httpx
    from joserfc.jwk import Key

JWKS_TTL_SECONDS = 300.0  # short: a rotated provider key is picked up within minutes
METADATA_TTL_SECONDS = 3600.0
LOGIN_STATE_MAX_AGE_SECONDS = 600  # a sign-in that takes longer starts again
CLOCK_LEEWAY_SECONDS = 60
ID_TOKEN_MAX_AGE_SECONDS = 600  # a token straight from the token endpoint is seconds old
HTTP_TIMEOUT = 10.0  # seconds (httpx applies it to connect, read, write and pool alike)

# Asymmetric only: "none" and HMAC (keyed with the client secret) are never accepted.
ALLOWED_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"}
)
_KEY_TYPES = {"RS": "RSA", "PS": "RSA", "ES": "EC", "Ed": "OKP"}


@dataclass(frozen=True)
class LoginState:
    provider: str
    state: str
    nonce: str
    code_verifier: str = field(repr=False)
    redirect_uri: str
    created_at: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LoginState:
        try:
            return cls(
                provider=str(data["provider"]),
                state=str(data["state"]),
                nonce=str(data["nonce"]),
                code_verifier=str(data["code_verifier"]),
                redirect_uri=str(data["redirect_uri"]),
                created_at=float(data["created_at"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise Unauthorized(
                "The sign-in could not be resumed (its saved state is damaged). Please start again.",
                extra={"reason": "bad_login_state"},
            ) from exc


@dataclass(frozen=True)
class VerifiedIdentity:
    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None


def _get_json(http: httpx.Client, url: str, what: str) -> dict[str, Any]:
    import httpx  # here, not at module level: keeps the idle API process small

    try:
        response = http.get(url, headers={"Accept": "application/json"}, timeout=HTTP_TIMEOUT)
    except httpx.HTTPError as exc:
        raise Unavailable(f"The identity provider's {what} at {url} could not be reached.") from exc
    if response.status_code != 200:
        raise Unavailable(f"The identity provider's {what} at {url} answered HTTP {response.status_code}.")
    try:
        data = response.json()
    except ValueError as exc:
        raise Unavailable(f"The identity provider's {what} at {url} did not return JSON.") from exc
    if not isinstance(data, dict):
        raise Unavailable(f"The identity provider's {what} at {url} did not return a JSON object.")
    return data


def discover(issuer: str, http: httpx.Client) -> dict[str, Any]:
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    metadata = _get_json(http, url, "discovery document")
    # OIDC Discovery §4.3: exact match, or a look-alike provider could issue tokens for this one.
    if metadata.get("issuer") != issuer:
        raise Unavailable(
            f"The identity provider at {url} calls itself {metadata.get('issuer')!r}, "
            f"not the configured issuer {issuer!r}; refusing to use it."
        )
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(key), str):
            raise Unavailable(f"The identity provider {issuer!r} publishes no {key}.")
    methods = metadata.get("code_challenge_methods_supported")
    if isinstance(methods, list) and "S256" not in methods:
        raise Unavailable(f"The identity provider {issuer!r} does not support PKCE with S256.")
    return metadata


class _TtlCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, tuple[float, dict[str, Any]]] = {}

    def get(self, key: str, ttl: float) -> dict[str, Any] | None:
        with self._lock:
            item = self._items.get(key)
        if item is None or time.monotonic() - item[0] > ttl:
            return None
        return item[1]

    def put(self, key: str, value: dict[str, Any]) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)


_metadata_cache = _TtlCache()
_jwks_cache = _TtlCache()


def provider_metadata(issuer: str, http: httpx.Client) -> dict[str, Any]:
    """`discover`, cached per issuer."""
    metadata = _metadata_cache.get(issuer, METADATA_TTL_SECONDS)
    if metadata is None:
        metadata = discover(issuer, http)
        _metadata_cache.put(issuer, metadata)
    return metadata


def fetch_jwks(issuer: str, http: httpx.Client, *, force_refresh: bool = False) -> dict[str, Any]:
    """The provider's signing keys, cached per issuer for JWKS_TTL_SECONDS."""
    jwks = None if force_refresh else _jwks_cache.get(issuer, JWKS_TTL_SECONDS)
    if jwks is None:
        jwks = _get_json(http, str(provider_metadata(issuer, http)["jwks_uri"]), "key set (JWKS)")
        if not isinstance(jwks.get("keys"), list):
            raise Unavailable(f"The identity provider {issuer!r} publishes a key set without keys.")
        _jwks_cache.put(issuer, jwks)
    return jwks


def _rp_client(provider: OidcProviderConfig, http: httpx.Client, redirect_uri: str) -> Any:
    # authlib's framework-neutral client over the caller's httpx.Client (its own httpx subclass
    # would open a second connection pool and ignore the caller's transport settings).
    from authlib.oauth2.client import OAuth2Client  # here, not at module level: keeps the API process small

    return OAuth2Client(
        http,
        client_id=provider.client_id,
        client_secret=provider.client_secret.get_secret_value(),
        scope=provider.scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def begin_login(
    provider: OidcProviderConfig,
    redirect_uri: str,
    *,
    http: httpx.Client,
    login_hint: str | None = None,
    now: float | None = None,
) -> tuple[str, LoginState]:
    """Authorization URL to send the browser to, and the state the caller must keep server-side."""
    metadata = provider_metadata(provider.issuer, http)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)  # 86 chars, within RFC 7636's 43..128
    extra: dict[str, str] = {"nonce": nonce}
    if login_hint:
        extra["login_hint"] = login_hint
    url, _ = _rp_client(provider, http, redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"], state=state, code_verifier=code_verifier, **extra
    )
    login_state = LoginState(
        provider=provider.name,
        state=state,
        nonce=nonce,
        code_verifier=code_verifier,
        redirect_uri=redirect_uri,
        created_at=time.time() if now is None else now,
    )
    return str(url), login_state


def _callback_params(callback_url_or_params: str | Mapping[str, str]) -> dict[str, str]:
    if isinstance(callback_url_or_params, str):
        return dict(parse_qsl(urlsplit(callback_url_or_params).query, keep_blank_values=True))
    return {str(k): str(v) for k, v in callback_url_or_params.items()}


def _printable(text: str, limit: int = 200) -> str:
    # Provider error text is shown to the person: keep it short and free of control characters.
    return "".join(ch for ch in text if ch.isprintable())[:limit]


def complete_login(
    provider: OidcProviderConfig,
    login_state: LoginState,
    callback_url_or_params: str | Mapping[str, str],
    http: httpx.Client,
    *,
    now: float | None = None,
) -> VerifiedIdentity:
    """Check the callback, exchange the code (with the PKCE verifier) and verify the ID token."""
    # Here, not at module level: keeps the idle API process small (SSO sign-ins are rare).
    import httpx
    from authlib.integrations.httpx_client import OAuth2ClientAuth
    from authlib.oauth2.base import OAuth2Error

    current = time.time() if now is None else now
    params = _callback_params(callback_url_or_params)

    if login_state.provider != provider.name:
        raise Unauthorized(
            "This sign-in was started with another identity provider. Please start again.",
            extra={"reason": "provider_mismatch"},
        )
    if current - login_state.created_at > LOGIN_STATE_MAX_AGE_SECONDS:
        raise Unauthorized(
            "The sign-in took too long and has expired. Please start again.",
            extra={"reason": "login_expired"},
        )
    if not hmac.compare_digest(params.get("state", "").encode(), login_state.state.encode()):
        raise Unauthorized(
            "state mismatch: this sign-in response does not belong to the sign-in started in this "
            "browser (possible cross-site request forgery). Please start again.",
            extra={"reason": "state_mismatch"},
        )
    # RFC 9207: a provider that names itself in the response must be the one we asked (mix-up defence).
    if "iss" in params and params["iss"] != provider.issuer:
        raise Unauthorized(
            "The sign-in response came from a different identity provider than the one asked.",
            extra={"reason": "wrong_issuer"},
        )
    if "error" in params:
        error = _printable(params["error"], 64)
        description = _printable(params.get("error_description", ""))
        message = f"The identity provider did not sign you in ({error})"
        raise Unauthorized(
            message + (f": {description}" if description else "."),
            extra={"reason": "provider_error", "provider_error": error},
        )
    code = params.get("code")
    if not code:
        raise Unauthorized(
            "The sign-in response carries no authorization code.", extra={"reason": "missing_code"}
        )

    metadata = provider_metadata(provider.issuer, http)
    auth_methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    method = "client_secret_basic" if "client_secret_basic" in auth_methods else "client_secret_post"
    client = _rp_client(provider, http, login_state.redirect_uri)
    try:
        token = client.fetch_token(
            metadata["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            code_verifier=login_state.code_verifier,
            redirect_uri=login_state.redirect_uri,
            auth=OAuth2ClientAuth(provider.client_id, provider.client_secret.get_secret_value(), method),
        )
    except OAuth2Error as exc:
        raise Unauthorized(
            f"The identity provider refused the sign-in code ({_printable(str(exc.error), 64)}). "
            "Please start again.",
            extra={"reason": "token_exchange_failed"},
        ) from exc
    except httpx.HTTPError as exc:
        raise Unavailable("The identity provider's token endpoint could not be reached.") from exc
    except ValueError as exc:  # non-JSON token response
        raise Unavailable("The identity provider's token endpoint gave an unreadable answer.") from exc

    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise Unauthorized(
            "The identity provider returned no ID token (is the 'openid' scope granted?).",
            extra={"reason": "missing_id_token"},
        )

    jwks = fetch_jwks(provider.issuer, http)
    try:
        claims = verify_id_token(id_token, jwks, provider.issuer, provider.client_id, login_state.nonce, now)
    except Unauthorized as exc:
        if exc.extra.get("reason") != "unknown_key":
            raise
        # The provider may have rotated its keys since we cached them: refetch once.
        jwks = fetch_jwks(provider.issuer, http, force_refresh=True)
        claims = verify_id_token(id_token, jwks, provider.issuer, provider.client_id, login_state.nonce, now)

    email = claims.get("email")
    name = claims.get("name")
    return VerifiedIdentity(
        issuer=provider.issuer,
        subject=str(claims["sub"]),
        email=email if isinstance(email, str) and email else None,
        # Some providers send the string "true"; anything else is unverified.
        email_verified=claims.get("email_verified") is True or claims.get("email_verified") == "true",
        name=name if isinstance(name, str) and name else None,
    )


def _refuse(message: str, reason: str) -> Unauthorized:
    return Unauthorized(message, extra={"reason": reason})


def _candidate_keys(jwks: Mapping[str, Any], kid: str | None, alg: str) -> list[Key]:
    # Here, not at module level: keeps the idle API process small (SSO sign-ins are rare).
    from joserfc.errors import JoseError
    from joserfc.jwk import JWKRegistry

    kty = _KEY_TYPES.get(alg[:2])
    keys: list[Key] = []
    for data in jwks.get("keys", []):
        if not isinstance(data, dict) or data.get("kty") != kty:
            continue
        if data.get("use", "sig") != "sig" or data.get("alg", alg) != alg:
            continue
        if kid is not None and data.get("kid") != kid:
            continue
        try:
            keys.append(JWKRegistry.import_key(data))  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError):
            continue  # an unusable published key is skipped, as RFC 7517 §5 allows
    return keys


def verify_id_token(
    token: str,
    jwks: Mapping[str, Any],
    issuer: str,
    client_id: str,
    nonce: str,
    now: float | None = None,
    *,
    leeway: int = CLOCK_LEEWAY_SECONDS,
    max_age: int = ID_TOKEN_MAX_AGE_SECONDS,
) -> dict[str, Any]:
    """Verify signature and claims of an ID token (OIDC Core §3.1.3.7); return its claims.

    Raises Unauthorized with a human message; `extra["reason"]` names the failure for callers/logs.
    """
    # Here, not at module level: keeps the idle API process small (SSO sign-ins are rare).
    from joserfc import jws, jwt
    from joserfc.errors import BadSignatureError, DecodeError, JoseError

    current = time.time() if now is None else now
    try:
        header = jws.extract_compact(token.encode()).headers()
    except (JoseError, ValueError) as exc:
        raise _refuse("The sign-in token is malformed.", "malformed") from exc
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in ALLOWED_ALGORITHMS:
        raise _refuse(
            f"The sign-in token uses a signature algorithm the portal refuses ({alg!r}).", "bad_alg"
        )
    kid = header.get("kid")
    keys = _candidate_keys(jwks, kid if isinstance(kid, str) else None, alg)
    if not keys:
        raise _refuse(
            "The sign-in token is signed with a key the identity provider does not publish.", "unknown_key"
        )

    claims: dict[str, Any] | None = None
    for key in keys:
        try:
            claims = dict(jwt.decode(token, key, algorithms=[alg]).claims)
            break
        except BadSignatureError:
            continue
        except (DecodeError, JoseError, ValueError) as exc:
            raise _refuse("The sign-in token is malformed.", "malformed") from exc
    if claims is None:
        raise _refuse(
            "The sign-in token's signature is invalid: it was altered, or not issued by the identity "
            "provider.",
            "bad_signature",
        )

    if claims.get("iss") != issuer:
        raise _refuse(
            f"The sign-in token was issued by {claims.get('iss')!r}, "
            f"not by the expected provider {issuer!r}.",
            "wrong_issuer",
        )
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    if client_id not in audiences:
        raise _refuse(
            "The sign-in token was issued for another application (wrong audience).", "wrong_audience"
        )
    # §3.1.3.7 (4, 5): with several audiences, the authorized party must be us.
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise _refuse("The sign-in token was issued for another application (azp).", "wrong_audience")

    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool):
        raise _refuse("The sign-in token has no expiry time.", "missing_claim")
    if current > exp + leeway:
        raise _refuse(
            f"The sign-in token expired {int(current - exp)} seconds ago. Please sign in again.", "expired"
        )
    if not isinstance(iat, (int, float)) or isinstance(iat, bool):
        raise _refuse("The sign-in token has no issue time.", "missing_claim")
    if iat > current + leeway:
        raise _refuse(
            "The sign-in token claims to be issued in the future; check the server clocks.",
            "issued_in_future",
        )
    if current - iat > max_age + leeway:
        raise _refuse("The sign-in token is too old to be accepted. Please sign in again.", "too_old")
    nbf = claims.get("nbf")
    if isinstance(nbf, (int, float)) and not isinstance(nbf, bool) and nbf > current + leeway:
        raise _refuse("The sign-in token is not valid yet; check the server clocks.", "not_yet_valid")

    token_nonce = claims.get("nonce")
    if not isinstance(token_nonce, str) or not hmac.compare_digest(token_nonce.encode(), nonce.encode()):
        raise _refuse(
            "The sign-in token's nonce does not match this sign-in (possible replay). Please start again.",
            "nonce_mismatch",
        )
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise _refuse("The sign-in token names no subject.", "missing_claim")
    return claims
