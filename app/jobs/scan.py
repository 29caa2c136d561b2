"""Malware scanning of evidence through clamd's INSTREAM (the file never touches clamd's disk by path).

The scanner only; what is scanned when, and what a result means for the item, is
`app/workflows/evidence_processing.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.config import Settings
from app.storage.base import ChunkReader
from app.workflows.evidence_processing import ScanResult

if TYPE_CHECKING:
    import clamd  # imported where used: keeps the idle API process small (clamd pulls in pkg_resources)

log = logging.getLogger(__name__)


def _client(socket: str, timeout: float) -> clamd.ClamdNetworkSocket:
    import clamd  # here, not at module level: keeps the idle API process small

    if socket.startswith("tcp://"):
        host, _, port = socket.removeprefix("tcp://").rpartition(":")
        return clamd.ClamdNetworkSocket(host, int(port), timeout=timeout)
    return clamd.ClamdUnixSocket(socket, timeout=timeout)


def scan_stream(chunks: Iterable[bytes], settings: Settings, *, timeout: float = 600.0) -> ScanResult:
    """Scan a stream of plaintext chunks.

    `not_scanned` when no scanner is configured (the embedded default); `error` when clamd is
    configured but unreachable, refuses the stream (e.g. over its StreamMaxLength) or answers ERROR.
    A failure of the source itself is re-raised: a partially read file is never reported clean.
    """
    if settings.clamd_socket is None:
        return ScanResult("not_scanned", detail="no virus scanner configured")
    import clamd  # here, not at module level: keeps the idle API process small

    reader = ChunkReader(chunks)
    try:
        response = _client(settings.clamd_socket, timeout).instream(reader)
    except (clamd.ClamdError, OSError) as exc:
        if reader.error is not None:
            raise reader.error from exc
        log.warning("clamd scan failed: %s", exc)
        return ScanResult("error", detail=f"{type(exc).__name__}: {exc}")
    if reader.error is not None:
        raise reader.error
    status, reason = response["stream"]
    if status == "FOUND":
        return ScanResult("infected", signature=reason)
    if status == "OK":
        return ScanResult("clean")
    return ScanResult("error", detail=f"clamd: {status} {reason}")
