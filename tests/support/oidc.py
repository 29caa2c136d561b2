"""A real OpenID Provider (npm oidc-provider, see oidc_provider/server.mjs) as a pytest fixture.

Import `oidc_provider` into a conftest.py to use it. The account that signs in is chosen by the
`login_hint` of the authorization request; `follow_to_redirect_uri` plays the browser.
"""

from __future__ import annotations

import json
import secrets
import selectors
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest

from app.config import OidcProviderConfig

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
# Nothing listens here: tests stop at the redirect to it and hand its URL to complete_login.
REDIRECT_URI = "http://127.0.0.1:9/auth/oidc/callback"
# The portal's own callback under TestClient (base http://testserver), for end-to-end sign-ins through
# the API with the provider configured as "test-idp" (see tests/api/test_oidc_login.py).
APP_PROVIDER_NAME = "test-idp"
APP_CALLBACK_URI = f"http://testserver/api/v1/auth/oidc/{APP_PROVIDER_NAME}/callback"
STARTUP_TIMEOUT = 30.0

DEFAULT_ACCOUNTS: dict[str, dict[str, Any]] = {
    "alice": {"email": "alice@coalition.example", "email_verified": True, "name": "Alice Example"},
    "bob": {"email": "bob@coalition.example", "email_verified": False, "name": "Bob Unverified"},
}


@dataclass
class OidcTestProvider:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    startup_seconds: float
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def settings_entry(self, name: str = APP_PROVIDER_NAME) -> dict[str, str]:
        """This provider as one item of Settings.oidc_providers."""
        return {
            "name": name,
            "issuer": self.issuer,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }

    def config(self, name: str = "test-idp") -> OidcProviderConfig:
        return OidcProviderConfig(
            name=name, issuer=self.issuer, client_id=self.client_id, client_secret=self.client_secret
        )

    def _control(self, update: dict[str, Any]) -> None:
        httpx.post(f"{self.issuer}/__test/config", json=update, timeout=5).raise_for_status()

    def set_accounts(self, accounts: dict[str, dict[str, Any]]) -> None:
        """Replace the provider's accounts: id -> {email, email_verified, name}."""
        self.accounts = dict(accounts)
        self._control({"accounts": self.accounts})

    def add_account(
        self, account_id: str, email: str, *, email_verified: bool = True, name: str | None = None
    ) -> None:
        self.set_accounts(
            {**self.accounts, account_id: {"email": email, "email_verified": email_verified, "name": name}}
        )

    def set_id_token_ttl(self, seconds: int) -> None:
        self._control({"id_token_ttl": seconds})


def follow_to_redirect_uri(
    http: httpx.Client, authorization_url: str, redirect_uri: str = REDIRECT_URI, max_hops: int = 10
) -> str:
    """Follow the provider's redirects like a browser (keeping its cookies in `http`) and return the
    URL it finally sends the browser to at `redirect_uri`, without requesting it."""
    url = authorization_url
    for _ in range(max_hops):
        response = http.get(url, follow_redirects=False)
        if not response.is_redirect:
            raise AssertionError(f"provider answered {response.status_code} at {url}: {response.text[:500]}")
        url = urljoin(url, response.headers["location"])
        if url.startswith(redirect_uri):
            return url
    raise AssertionError(f"no redirect to {redirect_uri} after {max_hops} hops")


def _ensure_installed() -> None:
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    if shutil.which("npm") is None:
        pytest.fail("npm is needed to install the test OIDC provider (tests/support/oidc_provider)")
    subprocess.run(
        ["npm", "ci", "--prefix", str(PROVIDER_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
        check=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OidcTestProvider]:
    if shutil.which("node") is None:
        pytest.fail("node (20+) is needed for the test OIDC provider")
    _ensure_installed()
    client_id = "portal-test"
    client_secret = secrets.token_urlsafe(32)
    config = {
        "clients": [
            {
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uris": [REDIRECT_URI, APP_CALLBACK_URI],
            }
        ],
        "accounts": DEFAULT_ACCOUNTS,
    }
    started = time.monotonic()
    with tempfile.TemporaryFile(mode="w+") as stderr:
        process = subprocess.Popen(
            ["node", "server.mjs", json.dumps(config)],
            cwd=PROVIDER_DIR,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            assert process.stdout is not None
            with selectors.DefaultSelector() as selector:
                selector.register(process.stdout, selectors.EVENT_READ)
                ready = selector.select(timeout=STARTUP_TIMEOUT)
            line = process.stdout.readline() if ready else ""
            if not line:
                process.kill()
                process.wait()
                stderr.seek(0)
                pytest.fail(f"test OIDC provider did not start:\n{stderr.read()[-2000:]}")
            provider = OidcTestProvider(
                issuer=json.loads(line)["issuer"],
                client_id=client_id,
                client_secret=client_secret,
                redirect_uri=REDIRECT_URI,
                startup_seconds=time.monotonic() - started,
                accounts=dict(DEFAULT_ACCOUNTS),
            )
            yield provider
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdout is not None:
                process.stdout.close()
