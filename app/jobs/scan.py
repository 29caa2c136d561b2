"""Malware scanning of evidence through clamd's INSTREAM (the file never touches clamd's disk by path),
and the embedded default's scanner: a running system clamd, or a private one when ClamAV is installed
with signatures.

The scanner only; what is scanned when, and what a result means for the item, is
`app/workflows/evidence_processing.py`.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import Settings
from app.storage.base import ChunkReader
from app.workflows.evidence_processing import ScanResult

if TYPE_CHECKING:
    import clamd  # imported where used: keeps the idle API process small (clamd pulls in pkg_resources)

log = logging.getLogger(__name__)

SYSTEM_CONF = Path("/etc/clamav/clamd.conf")
DEFAULT_DATABASE_DIR = Path("/var/lib/clamav")
# Signature databases clamd loads (freshclam's .cvd/.cld, and the plain formats of custom signatures).
SIGNATURE_SUFFIXES = frozenset(
    ".cvd .cld .cud .hdb .hsb .hdu .hsu .mdb .msb .mdu .msu .ndb .ndu .ldb .ldu .cdb .ign2 .fp .sfp "
    ".idb .pdb .gdb .wdb .yar .yara .crb".split()
)
START_TIMEOUT = 300.0  # loading the full official signatures takes tens of seconds


def _client(socket_path: str, timeout: float) -> clamd.ClamdNetworkSocket:
    import clamd  # here, not at module level: keeps the idle API process small

    if socket_path.startswith("tcp://"):
        host, _, port = socket_path.removeprefix("tcp://").rpartition(":")
        return clamd.ClamdNetworkSocket(host, int(port), timeout=timeout)
    return clamd.ClamdUnixSocket(socket_path, timeout=timeout)


def signature_version(settings: Settings, *, timeout: float = 10.0) -> str | None:
    """clamd's VERSION (engine/signature version/date), or None when there is no scanner to ask."""
    if settings.clamd_socket is None:
        return None
    import clamd

    try:
        return str(_client(settings.clamd_socket, timeout).version()).strip() or None
    except (clamd.ClamdError, OSError) as exc:
        log.warning("clamd did not answer VERSION: %s", exc)
        return None


def scan_stream(chunks: Iterable[bytes], settings: Settings, *, timeout: float = 600.0) -> ScanResult:
    """Scan a stream of plaintext chunks.

    `not_scanned` when no scanner is configured (the embedded default without ClamAV); `error` when
    clamd is configured but unreachable, refuses the stream (e.g. over its StreamMaxLength) or answers
    ERROR. A failure of the source itself is re-raised: a partially read file is never reported clean.
    """
    if settings.clamd_socket is None:
        return ScanResult("not_scanned", detail="no virus scanner configured")
    import clamd  # here, not at module level: keeps the idle API process small

    reader = ChunkReader(chunks)
    try:
        client = _client(settings.clamd_socket, timeout)
        response = client.instream(reader)
    except (clamd.ClamdError, OSError) as exc:
        if reader.error is not None:
            raise reader.error from exc
        log.warning("clamd scan failed: %s", exc)
        return ScanResult("error", detail=f"{type(exc).__name__}: {exc}")
    if reader.error is not None:
        raise reader.error
    engine = signature_version(settings)
    status, reason = response["stream"]
    if status == "FOUND":
        return ScanResult("infected", signature=reason, engine=engine)
    if status == "OK":
        return ScanResult("clean", engine=engine)
    return ScanResult("error", detail=f"clamd: {status} {reason}", engine=engine)


# ---- the embedded default's scanner -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScannerStatus:
    """What scans the evidence in this process, said plainly (printed by `portal serve`/`seed-demo`)."""

    available: bool
    message: str
    socket: str | None = None
    version: str | None = None


def _conf_value(conf: Path, key: str) -> str | None:
    try:
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        parts = line.split(None, 1)
        if len(parts) == 2 and parts[0] == key and not line.lstrip().startswith("#"):
            return parts[1].strip()
    return None


def _ping(path: str) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(path)
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
    except OSError:
        return False


def signature_files(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.iterdir() if p.suffix in SIGNATURE_SUFFIXES and p.is_file())
    except OSError:
        return []


def _clamd_binary() -> str | None:
    return shutil.which("clamd") or next((p for p in ("/usr/sbin/clamd",) if Path(p).exists()), None)


_private: subprocess.Popen[bytes] | None = None


def _stop_private() -> None:
    global _private
    proc, _private = _private, None
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _start_private(binary: str, database: Path, base: Path) -> str:
    """A clamd child of this process (stopped when it exits) on a socket under `base`."""
    global _private
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    sock = base / "clamd.sock"
    if _private is not None and _private.poll() is None and _ping(str(sock)):
        return str(sock)
    conf = base / "clamd.conf"
    conf.write_text(
        f"DatabaseDirectory {database.resolve()}\nLocalSocket {sock.resolve()}\n"
        f"TemporaryDirectory {base.resolve()}\nPidFile {(base / 'clamd.pid').resolve()}\n"
        "Foreground yes\nStreamMaxLength 2000M\nMaxFileSize 2000M\nMaxScanSize 2000M\n",
        encoding="utf-8",
    )
    log_path = base / "clamd.log"
    with log_path.open("ab") as out:
        proc = subprocess.Popen(  # noqa: S603 - the system's clamd with our own config file
            [binary, "--config-file", str(conf.resolve())], stdout=out, stderr=subprocess.STDOUT
        )
    _private = proc
    atexit.register(_stop_private)
    deadline = time.monotonic() + START_TIMEOUT
    while not _ping(str(sock)):
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-500:]
            raise RuntimeError(f"clamd exited with {proc.returncode}: {tail}")
        if time.monotonic() > deadline:
            _stop_private()
            raise RuntimeError(f"clamd did not answer within {START_TIMEOUT:.0f} s")
        time.sleep(0.2)
    return str(sock.resolve())


def ensure_scanner(settings: Settings) -> ScannerStatus:
    """The configured clamd, or (embedded default, `PORTAL_CLAMD_AUTOSTART`) a running system clamd, or a
    private clamd started on the installed signatures; `settings.clamd_socket` is set to what is used.

    Never raises: without a scanner the portal still runs, and the status says so (evidence is then
    "not scanned", and packaged only where PORTAL_PACKAGE_UNSCANNED_EVIDENCE allows it)."""
    if settings.clamd_socket is not None:
        version = signature_version(settings)
        if version is None:
            return ScannerStatus(
                False,
                f"ClamAV at {settings.clamd_socket} does not answer: scans fail and are retried",
                settings.clamd_socket,
            )
        return ScannerStatus(
            True, f"ClamAV at {settings.clamd_socket} ({version})", settings.clamd_socket, version
        )
    no_scanner = "NO VIRUS SCANNER: evidence is marked 'not scanned'"
    if not settings.clamd_autostart:
        return ScannerStatus(False, f"{no_scanner} (PORTAL_CLAMD_SOCKET is not set)")
    system_socket = _conf_value(SYSTEM_CONF, "LocalSocket")
    if system_socket and _ping(system_socket):
        settings.clamd_socket = system_socket
        version = signature_version(settings)
        return ScannerStatus(
            True, f"ClamAV (the system's clamd at {system_socket}, {version})", system_socket, version
        )
    binary = _clamd_binary()
    if binary is None:
        return ScannerStatus(False, f"{no_scanner} (ClamAV is not installed: apt-get install clamav-daemon)")
    database = settings.clamav_database_dir or Path(
        _conf_value(SYSTEM_CONF, "DatabaseDirectory") or DEFAULT_DATABASE_DIR
    )
    if not signature_files(database):
        return ScannerStatus(
            False, f"{no_scanner} (clamd is installed but {database} has no signatures: run freshclam)"
        )
    try:
        path = _start_private(binary, database, settings.var_dir / "clamd")
    except (OSError, RuntimeError) as exc:
        return ScannerStatus(False, f"{no_scanner} (a private clamd did not start: {exc})")
    settings.clamd_socket = path
    version = signature_version(settings)
    return ScannerStatus(
        True, f"ClamAV (a private clamd on the signatures in {database}, {version})", path, version
    )
