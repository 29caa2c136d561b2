"""Random secrets for sessions, CSRF, invitations and API tokens; only hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    # Tokens carry >= 256 bits of entropy, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


API_TOKEN_PREFIX = "pt_"  # noqa: S105  (a public marker, not a secret)


def new_api_token() -> tuple[str, str]:
    """(full token, short public prefix shown in listings)."""
    prefix = secrets.token_hex(4)
    return f"{API_TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix
