"""Secure hand-off over HTTP, on PostgreSQL, with a real SMTP server on loopback: the recipient
directory, personal links, the mailed one-time code, downloads (plain and age-encrypted), the signed
receipt, expiry (time moved), the download limit, lockout, revocation (also mid-download, on a real
server), one answer for every unusable link, rate limits, the audit chain; and the recipient's page in
Chromium without JavaScript."""

from __future__ import annotations

import base64
import email
import hashlib
import io
import json
import logging
import os
import re
import socket
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import policy
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from aiosmtpd.controller import Controller
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.config import Settings
from app.main import create_app
from app.models.audit import AuditEvent
from app.workflows import handoff
from tests.conftest import DEMO, PASSWORD, Api, make_settings
from tests.support.flows import LazyLogins, add_evidence, force_status
from tests.support.review_flow import new_case

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = "/usr/bin/chromium"
LINK = re.compile(r"/r/([A-Za-z0-9_-]{43})")
CODE = re.compile(r"Your code: (\d{6})")
# Names from the fixture case (tests/fixtures/case_realistic.json): never on the page or in a mail.
CASE_WORDS = ("Громов", "Gromov", "Воронцова", "Vorontsova", "Zarechny")


# ---- a real SMTP server on loopback -------------------------------------------------------------------


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str


class _Collect:
    def __init__(self) -> None:
        self.mails: list[Mail] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        body = msg.get_body(("plain",))
        self.mails.append(
            Mail(list(envelope.rcpt_tos), str(msg["Subject"]), body.get_content() if body else "")
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Collect]]:
    handler = _Collect()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler
    controller.stop()


@dataclass
class Portal:
    app: Any
    settings: Settings
    inbox: _Collect
    as_: LazyLogins = field(init=False)

    def __post_init__(self) -> None:
        def login(who: str) -> Api:
            client = TestClient(self.app)
            r = client.post("/api/v1/auth/login", json={"email": DEMO.get(who, who), "password": PASSWORD})
            assert r.status_code == 200, r.text
            return Api(client, csrf=r.json()["csrf_token"])

        self.as_ = LazyLogins(login)

    def browser(self) -> TestClient:
        """The recipient: no account, a cookie jar, no redirects followed (to see each answer)."""
        return TestClient(self.app, follow_redirects=False)

    def mails_to(self, address: str) -> list[Mail]:
        return [m for m in self.inbox.mails if address in m.to]


def portal_for(smtp: tuple[int, _Collect], pg_url: str, var: Path, sm: Any, **overrides: Any) -> Portal:
    port, handler = smtp
    values: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "mail_from": "portal@coalition.example",
        "share_rate_per_ip": 1000,
        "share_rate_per_link": 1000,
        "share_codes_per_hour": 50,
        **overrides,
    }
    settings = make_settings(pg_url, var, **values)
    return Portal(create_app(settings, sessionmaker_override=sm), settings, handler)


@pytest.fixture
def portal(smtp: tuple[int, _Collect], pg_url: str, tmp_path: Path, sm: Any) -> Portal:
    return portal_for(smtp, pg_url, tmp_path / "var", sm)


# ---- steps ----------------------------------------------------------------------------------------------


def built_package(portal: Portal, db: Session, code: str = "us") -> dict[str, Any]:
    case = new_case(portal.as_["researcher_a"])
    force_status(db, case["id"], "approved")
    coordinator = portal.as_["coordinator_a"]
    r = coordinator.post(f"/api/v1/cases/{case['id']}/packages", json={"jurisdictions": [code]})
    assert r.status_code == 202, r.text
    pkg = coordinator.get(f"/api/v1/packages/{r.json()['packages'][0]['id']}").json()
    assert pkg["state"] == "built", pkg
    return dict(pkg)


def add_recipient(portal: Portal, code: str = "us", **kw: Any) -> dict[str, Any]:
    body = {
        "jurisdiction": code,
        "name": kw.pop("name", "Dana Officer"),
        "office": kw.pop("office", "U.S. Department of the Treasury, OFAC"),
        "email": kw.pop("email", f"dana.{os.urandom(3).hex()}@treasury.example"),
        **kw,
    }
    r = portal.as_["coalition_admin"].post("/api/v1/recipients", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def share(
    portal: Portal, pkg: dict[str, Any], *recipients: dict[str, Any], **kw: Any
) -> list[dict[str, Any]]:
    r = portal.as_["coordinator_a"].post(
        f"/api/v1/packages/{pkg['id']}/shares", json={"recipient_ids": [x["id"] for x in recipients], **kw}
    )
    assert r.status_code == 201, r.text
    return list(r.json())


def link_of(portal: Portal, recipient: dict[str, Any]) -> str:
    (mail,) = [m for m in portal.mails_to(recipient["email"]) if LINK.search(m.body)][-1:]
    match = LINK.search(mail.body)
    assert match is not None
    return match.group(1)


def ask_code(portal: Portal, browser: TestClient, token: str, recipient: dict[str, Any]) -> str:
    before = len(portal.mails_to(recipient["email"]))
    r = browser.post(f"/r/{token}/code")
    assert r.status_code == 303 and r.headers["location"] == f"/r/{token}", r.text
    mails = portal.mails_to(recipient["email"])
    assert len(mails) == before + 1
    match = CODE.search(mails[-1].body)
    assert match is not None, mails[-1].body
    return match.group(1)


def unlock(portal: Portal, browser: TestClient, token: str, recipient: dict[str, Any]) -> None:
    code = ask_code(portal, browser, token, recipient)
    r = browser.post(f"/r/{token}/verify", data={"code": code})
    assert r.status_code == 303, r.text


def events(portal: Portal, share_id: str) -> list[dict[str, Any]]:
    r = portal.as_["coordinator_a"].get(f"/api/v1/shares/{share_id}/access-events")
    assert r.status_code == 200, r.text
    return list(r.json())


def kinds(portal: Portal, share_id: str) -> list[str]:
    return [e["kind"] for e in events(portal, share_id)]


def audit_ok(portal: Portal) -> None:
    r = portal.as_["coalition_admin"].get("/api/v1/audit/verify").json()
    assert r["ok"] is True and r["first_broken_seq"] is None, r


def verify_offline(receipt: dict[str, Any], key: dict[str, Any]) -> bool:
    """What a recipient does with the receipt and the published key, with nothing of the portal's code."""
    raw = base64.urlsafe_b64decode(key["x"] + "=" * (-len(key["x"]) % 4))
    body = {k: v for k, v in receipt.items() if k != "signature"}
    signed = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(
            base64.b64decode(receipt["signature"]["value"]), signed
        )
    except InvalidSignature:
        return False
    return True


# ---- the directory ----------------------------------------------------------------------------------------


def test_recipient_directory_is_kept_by_coalition_admins(portal, db):
    admin, coordinator = portal.as_["coalition_admin"], portal.as_["coordinator_a"]
    us = add_recipient(portal, "us", email="Dana.Officer@Treasury.example")
    assert us["email"] == "dana.officer@treasury.example" and us["active"] is True
    uk = add_recipient(portal, "uk", name="Robin Clerk", office="FCDO Sanctions Directorate")
    listed = coordinator.get("/api/v1/recipients", params={"jurisdiction": "us"}).json()
    assert us["id"] in [r["id"] for r in listed] and uk["id"] not in [r["id"] for r in listed]
    # Coordinators read, they do not keep the directory; NGOs see none of it.
    assert coordinator.post("/api/v1/recipients", json={**us, "email": "x@y.example"}).status_code == 403
    assert portal.as_["researcher_a"].get("/api/v1/recipients").status_code == 403
    assert portal.as_["org_admin_a"].get(f"/api/v1/recipients/{us['id']}").status_code == 403
    dup = {k: us[k] for k in ("jurisdiction", "name", "office", "email")}
    assert admin.post("/api/v1/recipients", json=dup).status_code == 409
    bad = admin.post(
        "/api/v1/recipients", json={**dup, "email": "n@x.example", "age_recipient": "age1notakey"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["body", "age_recipient"]
    bad = admin.post("/api/v1/recipients", json={**dup, "email": "n@x.example", "jurisdiction": "fr"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["body", "jurisdiction"]
    r = admin.patch(f"/api/v1/recipients/{uk['id']}", json={"office": "FCDO, Sanctions Directorate"})
    assert r.status_code == 200 and r.json()["office"] == "FCDO, Sanctions Directorate"
    assert admin.patch(f"/api/v1/recipients/{uk['id']}", json={"name": None}).status_code == 422
    assert admin.delete(f"/api/v1/recipients/{uk['id']}").status_code == 204
    assert coordinator.get(f"/api/v1/recipients/{uk['id']}").status_code == 404
    actions = {e.action for e in db.execute(select(AuditEvent)).scalars()}
    assert {"recipient.created", "recipient.updated", "recipient.deleted"} <= actions


# ---- the whole way, over real SMTP ------------------------------------------------------------------------


def test_share_code_download_receipt_and_sent(portal, db, caplog):
    caplog.set_level(logging.DEBUG)
    pkg = built_package(portal, db)
    dana = add_recipient(portal, "us")
    robin = add_recipient(portal, "us", name="Robin Desk", office="U.S. Department of State")
    made = share(portal, pkg, dana, robin, reference="GLOMAG-2026-0042")
    assert [s["recipient"]["id"] for s in made] == [dana["id"], robin["id"]]
    first = made[0]
    assert first["status"] == "active" and first["factor"] == "code" and first["max_downloads"] == 3
    assert abs((handoff.utcnow() + timedelta(days=14)).timestamp() - _ts(first["expires_at"])) < 120
    assert "token" not in json.dumps(made) and "/r/" not in json.dumps(made)

    # Each recipient got their own link; the mail names the jurisdiction and the reference, nothing else.
    (mail,) = portal.mails_to(dana["email"])
    assert "United States" in mail.body and "GLOMAG-2026-0042" in mail.subject
    assert not any(w in mail.body + mail.subject for w in CASE_WORDS)
    token = link_of(portal, dana)
    assert token != link_of(portal, robin)
    assert f"http://testserver/r/{token}" in mail.body

    browser = portal.browser()
    page = browser.get(f"/r/{token}")
    assert page.status_code == 200
    html = page.text
    for expected in (
        "GLOMAG-2026-0042",
        "United States",
        pkg["sha256"],
        f"{pkg['size']:,} bytes",
        "Send me a code",
    ):
        assert expected in html
    assert not any(w in html for w in CASE_WORDS) and "<script" not in html.lower()
    headers = page.headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "'unsafe-inline'" not in csp
    assert "style-src 'sha256-" in csp and "form-action 'self'" in csp and "frame-ancestors 'none'" in csp
    assert headers["referrer-policy"] == "no-referrer" and "noindex" in headers["x-robots-tag"]
    assert headers["cache-control"] == "no-store" and '<meta name="robots" content="noindex' in html
    # No download before the code: back to the page.
    assert browser.post(f"/r/{token}/download").status_code == 303

    code = ask_code(portal, browser, token, dana)
    page = browser.get(f"/r/{token}").text
    assert 'name="code"' in page and "Send a new code" in page
    wrong = "000000" if code != "000000" else "111111"
    r = browser.post(f"/r/{token}/verify", data={"code": wrong})
    assert r.status_code == 422 and "4 tries left" in r.text
    r = browser.post(f"/r/{token}/verify", data={"code": code})
    assert r.status_code == 303 and "portal_share_grant" in r.headers["set-cookie"]
    assert (
        "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    )
    # The code is single-use.
    assert browser.post(f"/r/{token}/verify", data={"code": code}).status_code == 422

    page = browser.get(f"/r/{token}").text
    assert "Download the package" in page
    got = browser.post(f"/r/{token}/download")
    assert got.status_code == 200, got.text
    assert got.headers["content-type"] == "application/zip"
    assert 'filename="package-GLOMAG-2026-0042.zip"' in got.headers["content-disposition"]
    assert hashlib.sha256(got.content).hexdigest() == pkg["sha256"] and len(got.content) == pkg["size"]
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(got.content)).namelist()

    # The signed receipt verifies offline against the published key; a changed one does not.
    key = browser.get("/.well-known/portal-receipt-key").json()
    assert key["kty"] == "OKP" and key["crv"] == "Ed25519"
    r = browser.post(f"/r/{token}/receipt")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    receipt = r.json()
    assert receipt["package"]["sha256"] == pkg["sha256"] and receipt["delivered"]["encryption"] == "none"
    assert receipt["delivered"]["sha256"] == pkg["sha256"] and receipt["recipient"]["email"] == dana["email"]
    assert receipt["signature"]["key_id"] == key["kid"] and verify_offline(receipt, key)
    assert not verify_offline({**receipt, "recipient": {**receipt["recipient"], "name": "Mallory"}}, key)

    # The first complete download recorded the submission as sent by secure link.
    coordinator = portal.as_["coordinator_a"]
    sub = coordinator.get(f"/api/v1/packages/{pkg['id']}/submission").json()
    assert (
        sub["status"] == "sent" and sub["channel"] == "secure_link" and sub["reference"] == "GLOMAG-2026-0042"
    )
    assert sub["addressee"] == "Dana Officer, U.S. Department of the Treasury, OFAC"

    seen = kinds(portal, first["id"])
    for kind in ("created", "viewed", "code_sent", "code_wrong", "code_accepted", "download_started"):
        assert kind in seen, seen
    assert seen[-2:] == ["download_completed", "receipt"]
    done = next(e for e in events(portal, first["id"]) if e["kind"] == "download_completed")
    assert done["bytes"] == pkg["size"] and done["ip"] == "testclient" and done["user_agent"]
    # The submission's timeline of accesses covers both recipients.
    timeline = coordinator.get(f"/api/v1/submissions/{sub['id']}/access-events").json()
    assert {e["share_id"] for e in timeline} == {made[0]["id"], made[1]["id"]}
    listed = coordinator.get(f"/api/v1/packages/{pkg['id']}/shares").json()
    assert {s["recipient"]["id"]: s["downloads_completed"] for s in listed} == {dana["id"]: 1, robin["id"]: 0}
    # The authoring NGO sees neither the shares nor the officials.
    assert portal.as_["researcher_a"].get(f"/api/v1/shares/{first['id']}").status_code == 403
    assert portal.as_["researcher_a"].get(f"/api/v1/submissions/{sub['id']}/access-events").status_code == 403

    # Every access is in the audit chain, which verifies; the token is in neither the chain nor the logs.
    actions = [e.action for e in db.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()]
    for action in ("share.created", "share.viewed", "share.code_sent", "share.download_completed"):
        assert action in actions
    audited = [e.data for e in db.execute(select(AuditEvent)).scalars()]
    assert token not in json.dumps(audited) and not any("code" in d or "token" in d for d in audited)
    assert token not in portal_logs(caplog)
    audit_ok(portal)


def portal_logs(caplog: Any) -> str:
    """What the portal (and its server) logged: not the test's own HTTP client or SMTP server."""
    ours = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore", "mail.log"))]
    return "\n".join(r.getMessage() for r in ours)


class _Everything(logging.Handler):
    """Every record, formatted with its traceback: what a log file of the portal's server would hold."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(("httpx", "httpcore", "mail.log")):  # the test's own clients
            self.lines.append(self.format(record))


@pytest.fixture
def server_logs() -> Iterator[_Everything]:
    """Listens on the root and on uvicorn's loggers themselves: uvicorn's default logging config (which
    other tests' servers apply) stops its access log from propagating to the root, where caplog sits."""
    handler = _Everything()
    names = ("", "uvicorn", "uvicorn.access", "uvicorn.error")
    saved = {n: (logging.getLogger(n).level, logging.getLogger(n).disabled) for n in names}
    for n in names:
        logger = logging.getLogger(n)
        logger.setLevel(logging.INFO)
        logger.disabled = False
        if n in ("", "uvicorn.access", "uvicorn.error") and (n == "" or not logger.propagate):
            logger.addHandler(handler)
    try:
        yield handler
    finally:
        for n, (level, disabled) in saved.items():
            logger = logging.getLogger(n)
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.disabled = disabled


def _ts(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value).timestamp()


def test_download_limit_then_receipt_still_available(portal, db):
    pkg = built_package(portal, db)
    dana = add_recipient(portal)
    (s,) = share(portal, pkg, dana, max_downloads=2)
    token = link_of(portal, dana)
    browser = portal.browser()
    unlock(portal, browser, token, dana)
    for _ in range(2):
        assert browser.post(f"/r/{token}/download").status_code == 200
    again = browser.post(f"/r/{token}/download")
    assert again.status_code == 404 and "This link cannot be used" in again.text
    assert browser.get(f"/r/{token}").status_code == 404
    # What was received stays provable once the downloads are used up.
    receipt = browser.post(f"/r/{token}/receipt")
    assert receipt.status_code == 200 and receipt.json()["download"]["number"] == 2
    got = portal.as_["coordinator_a"].get(f"/api/v1/shares/{s['id']}").json()
    assert got["status"] == "exhausted" and got["downloads_completed"] == 2 and got["downloads_left"] == 0
    assert kinds(portal, s["id"]).count("refused") == 2
    bounds = portal.as_["coordinator_a"].post(
        f"/api/v1/packages/{pkg['id']}/shares", json={"recipient_ids": [dana["id"]], "expires_in_days": 91}
    )
    assert bounds.status_code == 422
    audit_ok(portal)


def test_expiry_with_time_moved_and_the_sweep(portal, db, monkeypatch):
    pkg = built_package(portal, db)
    dana, robin = add_recipient(portal), add_recipient(portal, name="Robin Desk")
    a, b = share(portal, pkg, dana, robin)
    token = link_of(portal, dana)
    browser = portal.browser()
    assert browser.get(f"/r/{token}").status_code == 200
    real = handoff.utcnow
    monkeypatch.setattr(handoff, "utcnow", lambda: real() + timedelta(days=14, minutes=1))
    r = browser.get(f"/r/{token}")
    assert r.status_code == 404 and "This link cannot be used" in r.text
    assert kinds(portal, a["id"])[-2:] == ["expired", "refused"]
    # The other link was never opened: the periodic sweep ends it.
    assert handoff.expire_due(db) == 1
    db.commit()
    coordinator = portal.as_["coordinator_a"]
    assert coordinator.get(f"/api/v1/shares/{b['id']}").json()["state"] == "expired"
    assert kinds(portal, b["id"])[-1] == "expired"
    assert handoff.expire_due(db) == 0
    # A link made for 90 days is still good at that time.
    share(portal, pkg, robin, expires_in_days=90)
    assert browser.get(f"/r/{link_of(portal, robin)}").status_code == 200
    audit_ok(portal)


def test_wrong_codes_lock_the_link(portal, db):
    pkg = built_package(portal, db)
    dana = add_recipient(portal)
    (s,) = share(portal, pkg, dana)
    token = link_of(portal, dana)
    browser = portal.browser()
    code = ask_code(portal, browser, token, dana)
    wrong = [c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c != code][:5]
    for i, guess in enumerate(wrong[:4]):
        r = browser.post(f"/r/{token}/verify", data={"code": guess})
        assert r.status_code == 422 and f"{4 - i} tr" in r.text
    r = browser.post(f"/r/{token}/verify", data={"code": wrong[4]})
    assert r.status_code == 403 and "locked" in r.text
    # From now on the link is like any other unusable one, even with the right code.
    assert browser.post(f"/r/{token}/verify", data={"code": code}).status_code == 404
    assert browser.get(f"/r/{token}").status_code == 404
    assert portal.as_["coordinator_a"].get(f"/api/v1/shares/{s['id']}").json()["status"] == "locked"
    seen = kinds(portal, s["id"])
    assert seen.count("code_wrong") == 5 and "locked" in seen and "code_accepted" not in seen
    audit_ok(portal)


def test_unknown_expired_revoked_and_exhausted_links_answer_alike(portal, db):
    pkg = built_package(portal, db)
    people = [add_recipient(portal, email=f"p{i}@state.example") for i in range(3)]
    expired, revoked, exhausted = share(portal, pkg, people[0]), share(portal, pkg, people[1]), None
    (exhausted,) = share(portal, pkg, people[2], max_downloads=1)
    tokens = [link_of(portal, p) for p in people]
    db.execute(
        text("UPDATE shares SET expires_at = now() - interval '1 minute' WHERE id = :id"),
        {"id": expired[0]["id"]},
    )
    db.commit()
    r = portal.as_["coordinator_a"].post(
        f"/api/v1/shares/{revoked[0]['id']}/revoke", json={"reason": "wrong desk"}
    )
    assert r.status_code == 200 and r.json()["state"] == "revoked"
    browser = portal.browser()
    unlock(portal, browser, tokens[2], people[2])
    assert browser.post(f"/r/{tokens[2]}/download").status_code == 200
    unknown = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    answers = set()
    for token in [unknown, "not-a-token", *tokens]:
        for method, path in (("GET", ""), ("POST", "/code"), ("POST", "/download")):
            r = portal.browser().request(method, f"/r/{token}{path}")
            answers.add((r.status_code, r.text, r.headers["content-security-policy"]))
    assert len(answers) == 1, answers
    status, body, _ = answers.pop()
    assert status == 404 and "This link cannot be used" in body
    assert "revoked" in kinds(portal, revoked[0]["id"]) and "refused" in kinds(portal, exhausted["id"])
    audit_ok(portal)


def test_age_recipient_gets_the_package_encrypted_to_their_key(portal, db, tmp_path):
    identity = tmp_path / "key.txt"
    out = subprocess.run(["age-keygen", "-o", str(identity)], capture_output=True, text=True, check=True)
    public = out.stderr.strip().split()[-1]
    assert public.startswith("age1")
    pkg = built_package(portal, db)
    dana = add_recipient(portal, age_recipient=public)
    (s,) = share(portal, pkg, dana)
    assert s["factor"] == "age"
    (mail,) = portal.mails_to(dana["email"])
    assert "age key" in mail.body and "one-time code" not in mail.body
    token = link_of(portal, dana)
    browser = portal.browser()
    page = browser.get(f"/r/{token}").text
    assert "Download the encrypted package" in page and "Send me a code" not in page
    assert browser.post(f"/r/{token}/code").status_code == 303 and len(portal.mails_to(dana["email"])) == 1
    got = browser.post(f"/r/{token}/download")
    assert got.status_code == 200 and got.headers["content-type"] == "application/octet-stream"
    assert got.content.startswith(b"age-encryption.org/v1\n") and "content-length" not in got.headers
    sealed = tmp_path / "package.zip.age"
    sealed.write_bytes(got.content)
    plain = subprocess.run(
        ["age", "--decrypt", "-i", str(identity), str(sealed)], capture_output=True, check=True
    )
    assert hashlib.sha256(plain.stdout).hexdigest() == pkg["sha256"]
    assert "dossier.pdf" in zipfile.ZipFile(io.BytesIO(plain.stdout)).namelist()
    receipt = browser.post(f"/r/{token}/receipt").json()
    assert receipt["delivered"] == {
        "encryption": "age",
        "age_recipient": public,
        "size": len(got.content),
        "sha256": hashlib.sha256(got.content).hexdigest(),
    }
    assert verify_offline(receipt, browser.get("/.well-known/portal-receipt-key").json())
    audit_ok(portal)


def test_rate_limits_per_address_and_per_link(smtp, pg_url, tmp_path, sm, db):
    # Per address first (these guesses are the first requests of this test's address).
    tight = portal_for(smtp, pg_url, tmp_path / "var2", sm, share_rate_per_ip=5)
    guesses = [base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode() for _ in range(6)]
    answers = [tight.browser().get(f"/r/{g}").status_code for g in guesses]
    assert answers == [404] * 5 + [429]
    portal = portal_for(smtp, pg_url, tmp_path / "var", sm, share_rate_per_ip=1000, share_rate_per_link=3)
    pkg = built_package(portal, db)
    dana = add_recipient(portal)
    share(portal, pkg, dana)
    token = link_of(portal, dana)
    browser = portal.browser()
    assert [browser.get(f"/r/{token}").status_code for _ in range(4)] == [200, 200, 200, 429]
    r = browser.get(f"/r/{token}")
    assert r.status_code == 429 and r.headers["retry-after"] == "60" and "Too many requests" in r.text


def test_secure_link_needs_a_built_package_and_a_recipient_of_its_jurisdiction(portal, db):
    pkg = built_package(portal, db)
    uk = add_recipient(portal, "uk", office="FCDO")
    us = add_recipient(portal, "us")
    coordinator = portal.as_["coordinator_a"]
    r = coordinator.post(f"/api/v1/packages/{pkg['id']}/shares", json={"recipient_ids": [uk["id"], "nope"]})
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["errors"]] == [
        ["body", "recipient_ids", 0],
        ["body", "recipient_ids", 1],
    ]
    portal.as_["coalition_admin"].patch(f"/api/v1/recipients/{us['id']}", json={"active": False})
    r = coordinator.post(f"/api/v1/packages/{pkg['id']}/shares", json={"recipient_ids": [us["id"]]})
    assert r.status_code == 422 and "deactivated" in r.text
    assert (
        portal.as_["researcher_a"]
        .post(f"/api/v1/packages/{pkg['id']}/shares", json={"recipient_ids": [us["id"]]})
        .status_code
        == 403
    )
    other = coordinator.post("/api/v1/packages/nosuchpackage/shares", json={"recipient_ids": [us["id"]]})
    assert other.status_code == 404
    # A recipient something was shared with cannot be deleted, only deactivated.
    portal.as_["coalition_admin"].patch(f"/api/v1/recipients/{us['id']}", json={"active": True})
    share(portal, pkg, us)
    assert portal.as_["coalition_admin"].delete(f"/api/v1/recipients/{us['id']}").status_code == 409


# ---- a real server: revocation mid-download, and Chromium without JavaScript ------------------------------


@dataclass
class Live:
    url: str
    app: Any
    settings: Settings
    as_: LazyLogins
    engine: Any

    def outbox_link(self, address: str) -> str:
        for path in sorted((self.settings.var_dir / "outbox").glob("*.eml"), reverse=True):
            msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if address in str(msg["To"]):
                match = LINK.search(msg.get_body(("plain",)).get_content())
                if match:
                    return match.group(1)
        raise AssertionError(f"no link mailed to {address}")

    def outbox_code(self, address: str) -> str:
        for path in sorted((self.settings.var_dir / "outbox").glob("*.eml"), reverse=True):
            msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            match = CODE.search(msg.get_body(("plain",)).get_content())
            if address in str(msg["To"]) and match:
                return match.group(1)
        raise AssertionError(f"no code mailed to {address}")


@pytest.fixture
def live(pg_url: str, tmp_path: Path, engine: Any, seeded: Any) -> Iterator[Live]:
    """The app under uvicorn on a free loopback port, on committed data (removed again at the end)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    settings = make_settings(pg_url, tmp_path / "var", public_base_url=url, share_rate_per_ip=1000)
    app = create_app(settings)
    with engine.connect() as conn:
        cases_before = {r[0] for r in conn.execute(text("SELECT id FROM case_files"))}
        recipients_before = {r[0] for r in conn.execute(text("SELECT id FROM handoff_recipients"))}
        limits_before = {r[0] for r in conn.execute(text("SELECT key FROM share_rate_limits"))}
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started

    def login(who: str) -> Api:
        client = TestClient(app)
        r = client.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
        assert r.status_code == 200, r.text
        return Api(client, csrf=r.json()["csrf_token"])

    try:
        yield Live(url, app, settings, LazyLogins(login), engine)
    finally:
        server.should_exit = True
        thread.join(10)
        with engine.begin() as conn:
            for case_id in {r[0] for r in conn.execute(text("SELECT id FROM case_files"))} - cases_before:
                conn.execute(text("DELETE FROM case_files WHERE id = :id"), {"id": case_id})
            for rid in {
                r[0] for r in conn.execute(text("SELECT id FROM handoff_recipients"))
            } - recipients_before:
                conn.execute(text("DELETE FROM handoff_recipients WHERE id = :id"), {"id": rid})
            for key in {
                r[0] for r in conn.execute(text("SELECT key FROM share_rate_limits"))
            } - limits_before:
                conn.execute(text("DELETE FROM share_rate_limits WHERE key = :k"), {"k": key})
        app.state.engine.dispose()


def live_share(
    live: Live, *, evidence: bytes | None = None, reference: str = "GLOMAG-LIVE-1"
) -> tuple[str, str, dict, dict]:
    researcher, coordinator = live.as_["researcher_a"], live.as_["coordinator_a"]
    case = new_case(researcher)
    with Session(live.engine) as db:
        if evidence is not None:
            add_evidence(
                db,
                live.settings,
                case["id"],
                "Satellite imagery of the facility",
                original=evidence,
                shared=evidence,
            )
        force_status(db, case["id"], "approved")
    r = coordinator.post(f"/api/v1/cases/{case['id']}/packages", json={"jurisdictions": ["us"]})
    assert r.status_code == 202, r.text
    pkg = coordinator.get(f"/api/v1/packages/{r.json()['packages'][0]['id']}").json()
    assert pkg["state"] == "built", pkg
    address = f"officer.{os.urandom(3).hex()}@treasury.example"
    rec = live.as_["coalition_admin"].post(
        "/api/v1/recipients",
        json={"jurisdiction": "us", "name": "Dana Officer", "office": "OFAC", "email": address},
    )
    assert rec.status_code == 201, rec.text
    made = coordinator.post(
        f"/api/v1/packages/{pkg['id']}/shares",
        json={"recipient_ids": [rec.json()["id"]], "reference": reference},
    )
    assert made.status_code == 201, made.text
    return live.outbox_link(address), address, made.json()[0], pkg


def test_revocation_stops_a_download_in_progress(live, server_logs):
    size = 32 * 1024 * 1024
    token, address, s, pkg = live_share(live, evidence=os.urandom(size))
    assert pkg["size"] > size
    with httpx.Client(base_url=live.url, timeout=30) as http:
        assert http.post(f"/r/{token}/code").status_code == 303
        assert http.post(f"/r/{token}/verify", data={"code": live.outbox_code(address)}).status_code == 303
        received = 0
        broken = False
        with http.stream("POST", f"/r/{token}/download") as r:
            assert r.status_code == 200 and int(r.headers["content-length"]) == pkg["size"]
            chunks = r.iter_raw(64 * 1024)
            received += len(next(chunks))
            revoked = live.as_["coordinator_a"].post(f"/api/v1/shares/{s['id']}/revoke", json={})
            assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
            try:
                for chunk in chunks:
                    received += len(chunk)
            except (httpx.RemoteProtocolError, httpx.ReadError):
                broken = True
        assert broken and received < pkg["size"]
        # The next request is refused like any unusable link.
        again = http.get(f"/r/{token}")
        assert again.status_code == 404 and "This link cannot be used" in again.text
    deadline = time.time() + 10
    seen: list[dict[str, Any]] = []
    while time.time() < deadline:
        seen = live.as_["coordinator_a"].get(f"/api/v1/shares/{s['id']}/access-events").json()
        if any(e["kind"] == "download_interrupted" for e in seen):
            break
        time.sleep(0.1)
    stopped = next(e for e in seen if e["kind"] == "download_interrupted")
    assert stopped["detail"]["reason"] == "revoked" and stopped["bytes"] < pkg["size"]
    assert "download_completed" not in [e["kind"] for e in seen]
    sub = live.as_["coordinator_a"].get(f"/api/v1/packages/{pkg['id']}/submission").json()
    assert sub["status"] == "prepared"  # an interrupted download sends nothing
    logs = "\n".join(server_logs.lines)
    assert token not in logs, [line for line in server_logs.lines if token in line]
    assert "/r/…/download" in logs  # uvicorn's access log, with the token blanked
    assert live.as_["coalition_admin"].get("/api/v1/audit/verify").json()["ok"] is True


# JavaScript off through the profile's content setting: `--blink-settings=scriptEnabled=false` also stops
# the script headless Chromium itself runs for --dump-dom and --screenshot (they then print nothing).
NO_JAVASCRIPT = {"profile": {"default_content_setting_values": {"javascript": 2}}}


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    (profile / "Default").mkdir(parents=True, exist_ok=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(NO_JAVASCRIPT))
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )


def screenshot(url: str, shot: Path, profile: Path) -> None:
    shot.unlink(missing_ok=True)
    taken = _chromium("--window-size=1000,1000", f"--screenshot={shot}", url, profile=profile)
    assert taken.returncode == 0 and shot.exists() and shot.stat().st_size > 10_000, taken.stderr[-2000:]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_recipient_page_in_chromium_without_javascript(live, tmp_path):
    token, _, s, pkg = live_share(live, reference="GLOMAG-BROWSER-7")
    url = f"{live.url}/r/{token}"
    probe = '<p id="x">off</p><script>document.getElementById("x").textContent = "on"</script>'
    control = _chromium("--dump-dom", f"data:text/html,{probe}", profile=tmp_path / "control")
    assert '<p id="x">off</p>' in control.stdout, control.stderr[-2000:]  # the profile really runs no script
    dom = _chromium("--dump-dom", url, profile=tmp_path / "profile")
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = dom.stdout
    assert "Document package GLOMAG-BROWSER-7" in page and pkg["sha256"] in page
    assert "United States" in page and "Send me a code" in page and "Link expires" in page
    assert "<script" not in page.lower() and not any(w in page for w in CASE_WORDS)
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot(url, ARTIFACTS / "handoff-recipient-page.png", tmp_path / "profile2")
    # The button a recipient presses (a form POST; no script involved), then the page asks for the code.
    with httpx.Client(base_url=live.url) as http:
        assert http.post(f"/r/{token}/code", headers={"Origin": live.url}).status_code == 303
        head = http.get(f"/r/{token}")
    assert "default-src 'none'" in head.headers["content-security-policy"]
    screenshot(url, ARTIFACTS / "handoff-recipient-code.png", tmp_path / "profile3")
    dom = _chromium("--dump-dom", url, profile=tmp_path / "profile4").stdout
    assert 'name="code"' in dom and 'autocomplete="one-time-code"' in dom and "Send a new code" in dom
    seen = [
        e["kind"] for e in live.as_["coordinator_a"].get(f"/api/v1/shares/{s['id']}/access-events").json()
    ]
    assert seen.count("viewed") >= 3 and "code_sent" in seen


def test_link_tokens_are_blanked_in_every_logger(portal, caplog):
    """A path can reach any logger (a job queue printing its job's arguments, a library's error), not only
    the ones that print request paths: the redaction happens when any record is made."""
    caplog.set_level(logging.INFO)
    secret = "b-" + os.urandom(16).hex()
    logging.getLogger("procrastinate.worker").info("Starting job mail.send(link='http://x/r/%s')", secret)
    logging.getLogger("some.library").warning("GET /r/" + secret + "/download failed")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert secret not in text and text.count("/r/…") == 2
