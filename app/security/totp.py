"""TOTP second factor (RFC 6238) and single-use recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Sequence
from datetime import datetime

import pyotp

DEFAULT_ISSUER = "Sanctions Coalition Portal"
DIGITS = 6
INTERVAL = 30
VALID_WINDOW = 1  # one step either side absorbs phone clock drift and typing time

# Crockford's base32, lower case: no i, l, o, u, so nothing looks alike when written down.
RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
RECOVERY_GROUP = 4
# 4 groups x 4 chars x 5 bits = 80 bits. The hashes are unsalted and fast, so a stolen table is
# attacked for all users' codes at once: 80 bits keeps that out of reach even of a state-funded
# GPU farm (60 bits, shared among ~10^4 stored codes, would not).
RECOVERY_GROUPS = 4
_CONFUSABLES = str.maketrans({"i": "1", "l": "1", "o": "0"})


def new_secret() -> str:
    """A 160-bit base32 secret (RFC 4226's recommended length)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, account_name: str, issuer: str = DEFAULT_ISSUER) -> str:
    return str(
        pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).provisioning_uri(
            name=account_name, issuer_name=issuer
        )
    )


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG markup (pure Python; needs no Pillow)."""
    # Here, not at module level: keeps the idle API process small (only TOTP enrolment draws a code).
    import qrcode
    import qrcode.image.svg

    # The "fill" variant paints a white background, so the code scans on dark themes too.
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathFillImage)
    return str(image.to_string(encoding="unicode"))


def _timestamp(now: datetime | float | None) -> float:
    if now is None:
        return time.time()
    if isinstance(now, datetime):
        return now.timestamp()
    return float(now)


def verify(
    secret: str, code: str, last_used_step: int | None, now: datetime | float | None = None
) -> int | None:
    """The matched time step, or None. Store the step and pass it back next time: a code from that
    step or an earlier one is refused, so an observed code cannot be replayed within its window."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)
    current = int(_timestamp(now) // INTERVAL)
    matched: int | None = None
    # Check every step in the window (no early exit) so timing does not tell which one matched.
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code) and matched is None:
            matched = step
    return matched


def generate_recovery_codes(n: int = 10) -> list[str]:
    return [
        "-".join(
            "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP))
            for _ in range(RECOVERY_GROUPS)
        )
        for _ in range(n)
    ]


def normalize_recovery_code(code: str) -> str:
    """Lower case, no spaces or dashes, look-alikes mapped back (people copy codes by hand)."""
    return "".join(ch for ch in code.lower() if ch not in " -\t").translate(_CONFUSABLES)


def hash_recovery_code(code: str) -> str:
    # Plain SHA-256 suffices: the codes are 80-bit random values, not passwords, so there is no
    # dictionary to slow down with a memory-hard hash, and verification stays cheap.
    return hashlib.sha256(normalize_recovery_code(code).encode()).hexdigest()


def verify_recovery_code(code: str, hashes: Sequence[str | None]) -> int | None:
    """Index of the matching stored hash, or None. Single use is the caller's part: delete (or set
    to None) that entry in the same transaction that accepts the code."""
    normalized = normalize_recovery_code(code)
    if len(normalized) != RECOVERY_GROUP * RECOVERY_GROUPS or any(
        ch not in RECOVERY_ALPHABET for ch in normalized
    ):
        return None
    candidate = hash_recovery_code(normalized)
    found: int | None = None
    for index, stored in enumerate(hashes):
        if stored is not None and hmac.compare_digest(stored, candidate) and found is None:
            found = index
    return found
