"""Opaque keyset cursors for list endpoints."""

from __future__ import annotations

import base64
import json
from typing import Any

from app.errors import Invalid


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, json.JSONDecodeError) as exc:
        raise Invalid("Invalid cursor", errors=[{"loc": ["query", "cursor"], "msg": "not a cursor"}]) from exc
    if not isinstance(values, list) or len(values) != size:
        raise Invalid("Invalid cursor", errors=[{"loc": ["query", "cursor"], "msg": "not a cursor"}])
    return values
