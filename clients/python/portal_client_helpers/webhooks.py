"""Webhook signature verification, exactly as the portal signs (app/workflows/webhooks.py).

    X-Portal-Signature: t=<unix seconds>,v1=<hex>
    hex = lowercase hex of HMAC-SHA256(key = the endpoint secret's UTF-8 bytes,
                                       message = "<t>." + the raw request body)

    body = verify(secret, request_body_bytes, request.headers["X-Portal-Signature"])

Verify the raw bytes as received, before parsing them; `verify` compares in constant time and refuses
a timestamp more than `tolerance` seconds from now (a replayed capture). Deduplicate on the body's
`event_id` (the same in every delivery and replay of an event, and in `GET /api/v1/events`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

SIGNATURE_HEADER = "X-Portal-Signature"
EVENT_HEADER = "X-Portal-Event"
DELIVERY_HEADER = "X-Portal-Delivery"
DEFAULT_TOLERANCE = 300  # seconds


class InvalidSignature(Exception):
    """The signature is missing, malformed, wrong, or too old."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The header value the portal sends for `body` at `timestamp` (for receivers' own tests)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def parse(header: str) -> tuple[int, list[str]]:
    """The header's timestamp and its `v1` signatures (one today; several allowed for rotations)."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            raise InvalidSignature(f"malformed {SIGNATURE_HEADER}: {part!r}")
        if key == "t":
            if not value.isdigit():
                raise InvalidSignature(f"malformed timestamp in {SIGNATURE_HEADER}")
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        raise InvalidSignature(f"{SIGNATURE_HEADER} needs t= and v1=")
    return timestamp, signatures


def verify(
    secret: str,
    body: bytes,
    header: str | None,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> dict[str, Any]:
    """Check `header` against `body` and return the parsed body; raise InvalidSignature otherwise."""
    if not header:
        raise InvalidSignature(f"no {SIGNATURE_HEADER} header")
    timestamp, signatures = parse(header)
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        raise InvalidSignature("signature does not match the body")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise InvalidSignature(f"timestamp {timestamp} is more than {tolerance} s from now")
    parsed: dict[str, Any] = json.loads(body)
    return parsed
