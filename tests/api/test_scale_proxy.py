"""Issue #14, part 2: processes behind a proxy, keys from the environment or files.

X-Forwarded-For is believed only from PORTAL_TRUSTED_PROXIES: a spoofed header from anyone else does
not change the address the sign-in lockout counts (nor the audit trail's); behind a trusted proxy each
client has its own address, so one guesser does not lock everybody out.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from app.api.proxy_headers import TrustedProxyHeaders, parse_networks
from app.cli import serve_workers
from app.config import ConfigurationError, Settings, check_startup
from app.main import create_app
from app.models.audit import AuditEvent
from app.models.auth import LoginThrottle
from tests.conftest import DEMO, PASSWORD, make_settings

PROXY = "10.1.2.3"
OUTSIDER = "203.0.113.9"


@pytest.fixture
def proxied_app(pg_url: str, tmp_path: Path, sm: sessionmaker[Session]) -> Any:
    settings = make_settings(
        pg_url, tmp_path / "var", proxy_headers=True, trusted_proxies="10.0.0.0/8, ::1", login_lock_after=3
    )
    return create_app(settings, sessionmaker_override=sm)


def _fail(app: Any, peer: str, xff: str | None, email: str) -> int:
    client = TestClient(app, client=(peer, 40000))
    headers = {"X-Forwarded-For": xff} if xff else {}
    r = client.post("/api/v1/auth/login", json={"email": email, "password": "wrong!"}, headers=headers)
    return r.status_code


def _sign_in(app: Any, peer: str, xff: str | None) -> int:
    client = TestClient(app, client=(peer, 40000))
    headers = {"X-Forwarded-For": xff} if xff else {}
    r = client.post(
        "/api/v1/auth/login", json={"email": DEMO["researcher_a"], "password": PASSWORD}, headers=headers
    )
    return r.status_code


def test_spoofed_forwarded_for_from_an_untrusted_peer_changes_nothing(proxied_app: Any, db: Session) -> None:
    for i in range(3):  # three accounts, three made-up addresses: all counted against the real peer
        assert _fail(proxied_app, OUTSIDER, f"198.51.100.{i + 1}", f"nobody{i}@example.org") == 401
    keys = set(db.execute(select(LoginThrottle.key).where(LoginThrottle.key.like("ip:%"))).scalars())
    assert f"ip:{OUTSIDER}" in keys
    assert not any(k.startswith("ip:198.51.100.") for k in keys)
    # The address is locked, whatever the header claims now.
    assert _sign_in(proxied_app, OUTSIDER, "192.0.2.77") == 429
    # Other clients are not.
    assert _sign_in(proxied_app, "203.0.113.10", None) == 200


def test_behind_a_trusted_proxy_each_client_has_its_own_address(proxied_app: Any, db: Session) -> None:
    guesser = "198.51.100.66"
    for i in range(3):
        assert _fail(proxied_app, PROXY, guesser, f"nobody{i}@example.org") == 401
    assert _sign_in(proxied_app, PROXY, guesser) == 429
    # A client-written left part does not help the guesser: the proxy appends the real peer.
    assert _sign_in(proxied_app, PROXY, f"192.0.2.1, {guesser}") == 429
    # Everyone else behind the proxy still signs in, and the audit trail names them.
    assert _sign_in(proxied_app, PROXY, "198.51.100.7") == 200
    ips = set(
        db.execute(select(AuditEvent.ip).where(AuditEvent.action.like("auth.%"), AuditEvent.ip.is_not(None)))
        .scalars()
        .all()
    )
    assert "198.51.100.7" in ips
    assert PROXY not in ips


def test_forwarded_for_is_ignored_unless_proxy_headers_are_on(
    pg_url: str, tmp_path: Path, sm: sessionmaker[Session], db: Session
) -> None:
    app = create_app(make_settings(pg_url, tmp_path / "var", login_lock_after=3), sessionmaker_override=sm)
    assert _fail(app, PROXY, "198.51.100.99", "nobody@example.org") == 401
    keys = set(db.execute(select(LoginThrottle.key).where(LoginThrottle.key.like("ip:%"))).scalars())
    assert f"ip:{PROXY}" in keys and "ip:198.51.100.99" not in keys


def test_client_from_chain() -> None:
    layer = TrustedProxyHeaders(lambda *a: None, "10.0.0.0/8, 127.0.0.1, ::1")  # type: ignore[arg-type,return-value]
    assert layer.client_from("10.0.0.1", ["198.51.100.1"]) == "198.51.100.1"
    assert layer.client_from("10.0.0.1", ["6.6.6.6, 198.51.100.1, 10.0.0.9"]) == "198.51.100.1"
    assert layer.client_from("10.0.0.1", ["6.6.6.6", "198.51.100.1"]) == "198.51.100.1"  # two headers
    assert layer.client_from("10.0.0.1", ["not-an-ip"]) == "10.0.0.1"
    assert layer.client_from("10.0.0.1", ["[2001:db8::5]:443"]) == "2001:db8::5"
    assert layer.client_from("203.0.113.1", ["198.51.100.1"]) == "203.0.113.1"
    assert layer.client_from("10.0.0.1", []) == "10.0.0.1"
    with pytest.raises(ValueError, match="not an address"):
        parse_networks("10.0.0.0/8, proxy.example")


def test_forwarded_proto_from_a_trusted_proxy_sets_the_scheme() -> None:
    seen: dict[str, Any] = {}

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.update(scheme=scope["scheme"], client=scope["client"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    app = TrustedProxyHeaders(inner, "127.0.0.1")
    TestClient(app, client=("127.0.0.1", 1)).get(
        "/", headers={"X-Forwarded-For": "198.51.100.3", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"scheme": "https", "client": ("198.51.100.3", 0)}
    TestClient(app, client=("203.0.113.1", 1)).get(
        "/", headers={"X-Forwarded-For": "198.51.100.3", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"scheme": "http", "client": ("203.0.113.1", 1)}


# ---- keys from files; several hosts ---------------------------------------------------------------------


def test_secret_key_and_store_key_from_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s" * 48 + "\n")
    from pyrage import x25519

    identity = x25519.Identity.generate()
    key = tmp_path / "age"
    key.write_text(f"# comment\n{identity}\n")
    s = Settings(env="test", var_dir=tmp_path / "var", secret_key_file=secret, age_identity_file=key)
    assert s.secret() == "s" * 48
    assert s.age_identity is not None and str(identity) in s.age_identity.get_secret_value()
    from app.storage import _age_identity

    assert str(_age_identity(s).to_public()) == str(identity.to_public())
    assert not (tmp_path / "var" / "age-identity.txt").exists()  # nothing generated into var_dir

    with pytest.raises(ValueError, match="PORTAL_SECRET_KEY_FILE"):
        Settings(env="test", secret_key_file=tmp_path / "missing")


def test_production_on_several_hosts_needs_shared_keys(tmp_path: Path) -> None:
    base = {
        "env": "production",
        "secret_key": "p" * 40,
        "database_url": "postgresql+psycopg://x/y",
        "public_base_url": "https://portal.example",
        "var_dir": tmp_path,
    }
    check_startup(Settings(**base))  # one host: the generated store key in var_dir is fine
    with pytest.raises(ConfigurationError) as refused:
        check_startup(Settings(**base, multi_host=True))
    assert "PORTAL_AGE_IDENTITY" in str(refused.value) and "procrastinate" in str(refused.value)
    check_startup(
        Settings(**base, multi_host=True, age_identity="AGE-SECRET-KEY-1X", jobs_backend="procrastinate")
    )


def test_worker_count_defaults(tmp_path: Path) -> None:
    dev = Settings(env="development", var_dir=tmp_path)
    prod = Settings(
        env="production",
        var_dir=tmp_path,
        secret_key="p" * 40,
        database_url="postgresql+psycopg://x/y",
        public_base_url="https://portal.example",
    )
    assert serve_workers(dev, None) == 1
    assert serve_workers(dev, 3) == 3
    assert serve_workers(prod, None) >= 1
    assert serve_workers(prod, None) == len(os.sched_getaffinity(0))
    assert serve_workers(Settings(env="development", var_dir=tmp_path, workers=4), None) == 4


def test_serve_passes_workers_and_proxy_headers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    from app import cli
    from app.config import get_settings

    captured: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: captured.update(kw, target=target))
    monkeypatch.setattr(cli, "_announce_scanner", lambda settings: True)
    monkeypatch.setenv("PORTAL_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("PORTAL_PROXY_HEADERS", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli.cli, ["serve", "--no-migrate", "--workers", "3", "--proxy-headers"])
        assert result.exit_code == 0, result.output
        assert captured["workers"] == 3
        assert captured["proxy_headers"] is False  # uvicorn's own: the app applies the trusted list
        assert captured["access_log"] is False
        assert os.environ["PORTAL_PROXY_HEADERS"] == "true"
        assert get_settings().proxy_headers is True
    finally:
        os.environ.pop("PORTAL_PROXY_HEADERS", None)
        get_settings.cache_clear()
