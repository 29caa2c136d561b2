"""A real RFC 3161 Time-Stamping Authority for tests: `openssl ts -reply` behind a small HTTP handler.

A root CA and a TSA certificate it signs are made with openssl in the test session (the TSA certificate
with the critical `extendedKeyUsage = timeStamping` RFC 3161 requires); replies embed only the signer
certificate (with several, rfc3161-client refuses the reply). `tsa.up = False` makes it answer 503, as a
TSA that is down would; `tsa.requests` counts the queries it answered.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_tsa_files(base: Path) -> None:
    """ca.key/ca.crt (a self-signed root), tsa.key/tsa.crt (the TSA), tsa.cnf, serial."""
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    _openssl(
        "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
        "-subj", "/CN=Portal Test Root CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=base,
    )  # fmt: skip
    _openssl(
        "req", "-new", *ec, "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Portal Test TSA", cwd=base
    )
    (base / "tsa.ext").write_text(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=critical,timeStamping\n"
    )
    _openssl(
        "x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "tsa.crt", "-days", "3650", "-extfile", "tsa.ext",
        cwd=base,
    )  # fmt: skip
    (base / "serial").write_text("01\n")
    (base / "tsa.cnf").write_text(
        f"""[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {base}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.55555.1.1
other_policies = 1.3.6.1.4.1.55555.1.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""
    )


@dataclass
class LocalTsa:
    url: str
    ca_cert: Path  # the root: PORTAL_TSA_CA_FILE, and `openssl ts -verify -CAfile`
    tsa_cert: Path
    base: Path
    up: bool = True
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reply(self, query: bytes) -> bytes:
        with self.lock, tempfile.TemporaryDirectory(dir=self.base) as tmp:
            q, r = Path(tmp) / "q.tsq", Path(tmp) / "r.tsr"
            q.write_bytes(query)
            _openssl(
                "ts", "-reply", "-config", "tsa.cnf", "-queryfile", str(q), "-out", str(r), cwd=self.base
            )
            self.requests += 1
            return r.read_bytes()


@pytest.fixture(scope="session")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalTsa]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    base = tmp_path_factory.mktemp("tsa")
    make_tsa_files(base)
    state: dict[str, LocalTsa] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            local = state["tsa"]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not local.up:
                self.send_response(503)
                self.end_headers()
                return
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_response(415)
                self.end_headers()
                return
            try:
                out = local.reply(body)
            except subprocess.CalledProcessError:
                self.send_response(400)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    host, port = server.server_address[:2]
    state["tsa"] = LocalTsa(f"http://{host!s}:{port}/tsa", base / "ca.crt", base / "tsa.crt", base)
    thread = threading.Thread(target=server.serve_forever, name="local-tsa", daemon=True)
    thread.start()
    try:
        yield state["tsa"]
    finally:
        server.shutdown()
        server.server_close()


def openssl_verify(base: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`openssl ts -verify …` (e.g. `-data FILE -in TOKEN -CAfile ca.crt`): 'Verification: OK' on success."""
    return subprocess.run(
        ["openssl", "ts", "-verify", *args], cwd=base, capture_output=True, text=True, check=False
    )
