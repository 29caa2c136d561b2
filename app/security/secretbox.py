"""Small secrets encrypted at rest (TOTP shared secrets, OIDC sign-ins in progress).

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) under a key derived with HKDF-SHA256 from
the portal secret and a purpose label, so each use has its own key and a database dump alone opens
nothing. Changing PORTAL_SECRET_KEY makes what was stored unreadable: people then enrol again.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class SecretUnreadable(Exception):
    """The stored value was altered, or encrypted under another portal secret."""


@lru_cache(maxsize=32)
def _fernet(secret: str, purpose: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"portal:{purpose}".encode()).derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str, purpose: str, plaintext: str) -> str:
    return _fernet(secret, purpose).encrypt(plaintext.encode()).decode()


def unseal(secret: str, purpose: str, token: str, *, ttl: int | None = None) -> str:
    try:
        return _fernet(secret, purpose).decrypt(token.encode(), ttl=ttl).decode()
    except (InvalidToken, ValueError) as exc:
        raise SecretUnreadable(purpose) from exc
