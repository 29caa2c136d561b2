"""Forgotten passwords over HTTP (issue #15): the link by mail, one use, 30 minutes, the same answer for
every address, rate limits, single sign-on accounts, sessions ended, the audit chain, no token in logs."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.db import utcnow
from app.models.audit import AuditEvent
from app.models.auth import AuthSession
from app.models.identity import Organization, OrgKind, Role, User
from app.models.password_reset import PasswordReset
from app.security import tokens
from app.workflows.orgs import create_user_direct
from tests.conftest import PASSWORD, Api, outbox

RESET = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
NEW_PASSWORD = "a-brand-new-passphrase-2026"
LINK_RE = re.compile(r"http://testserver/reset-password#token=(pr_[A-Za-z0-9_-]+)")


@pytest.fixture
def person(db) -> str:
    """A researcher of their own (the demo accounts keep their passwords for the other tests)."""
    org = db.execute(select(Organization).where(Organization.name == "Lantern Rights Watch")).scalar_one()
    email = f"forgetful-{secrets.token_hex(4)}@lantern.example"
    create_user_direct(db, org, email, "Robin Forgetful", PASSWORD, Role.researcher)
    db.commit()
    return email


def mails_to(settings: Any, email: str) -> list[str]:
    return [m for m in outbox(settings) if m.startswith(f"To: {email}\n")]


def link_token(settings: Any, email: str) -> str:
    found = LINK_RE.findall(mails_to(settings, email)[-1])
    assert len(found) == 1, mails_to(settings, email)[-1]
    return str(found[0])


def sign_in(app: Any, email: str, password: str) -> Any:
    return TestClient(app).post("/api/v1/auth/login", json={"email": email, "password": password})


def test_the_whole_flow_by_the_mailed_link(app, anon, settings, person, db):
    signed_in = [sign_in(app, person, PASSWORD) for _ in range(2)]
    assert all(r.status_code == 200 for r in signed_in)
    r = anon.post(RESET, json={"email": person.upper()})
    assert r.status_code == 202, r.text
    mail = mails_to(settings, person)
    assert len(mail) == 1 and "Subject: Choose a new password" in mail[0] and "30 minutes" in mail[0]
    token = link_token(settings, person)
    # Only the hash is stored.
    row = db.execute(
        select(PasswordReset).where(PasswordReset.token_hash == tokens.token_hash(token))
    ).scalar_one()
    assert token not in (row.token_hash, row.id)
    assert abs((row.expires_at - utcnow()) - timedelta(minutes=30)) < timedelta(minutes=1)

    r = anon.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    assert r.status_code == 200, r.text
    assert r.json()["sessions_revoked"] == 2
    assert "set-cookie" not in r.headers  # no sign-in
    # Every earlier session has ended.
    for old in signed_in:
        c = TestClient(app, cookies=old.cookies)
        assert c.get("/api/v1/me").status_code == 401
    assert sign_in(app, person, PASSWORD).status_code == 401
    assert sign_in(app, person, NEW_PASSWORD).status_code == 200
    user = db.execute(select(User).where(User.email == person)).scalar_one()
    open_sessions = db.execute(
        select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
    ).scalars()
    assert len(list(open_sessions)) == 1  # only the one just made


def test_unknown_addresses_get_the_same_answer_and_no_mail(anon, settings, person):
    known = anon.post(RESET, json={"email": person})
    unknown = anon.post(RESET, json={"email": f"nobody-{secrets.token_hex(4)}@lantern.example"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert known.headers.get("content-type") == unknown.headers.get("content-type")
    assert len(outbox(settings)) == 1 and mails_to(settings, person)


def test_a_link_works_once(anon, settings, person):
    anon.post(RESET, json={"email": person})
    token = link_token(settings, person)
    assert anon.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD}).status_code == 200
    again = anon.post(CONFIRM, json={"token": token, "new_password": "yet-another-passphrase-1"})
    assert again.status_code == 410
    assert again.headers["content-type"].startswith("application/problem+json")
    assert "already been used" in again.json()["detail"] and again.json()["reason"] == "used"


def test_a_newer_link_supersedes_the_older(anon, settings, person):
    anon.post(RESET, json={"email": person})
    first = link_token(settings, person)
    anon.post(RESET, json={"email": person})
    second = link_token(settings, person)
    assert first != second
    assert anon.post(CONFIRM, json={"token": first, "new_password": NEW_PASSWORD}).status_code == 410
    assert anon.post(CONFIRM, json={"token": second, "new_password": NEW_PASSWORD}).status_code == 200


def test_an_expired_link_is_refused(anon, settings, person, db):
    anon.post(RESET, json={"email": person})
    token = link_token(settings, person)
    db.execute(
        update(PasswordReset)
        .where(PasswordReset.token_hash == tokens.token_hash(token))
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.commit()
    r = anon.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    assert r.status_code == 410 and r.json()["reason"] == "expired"
    app_client = anon.client.app
    assert sign_in(app_client, person, PASSWORD).status_code == 200  # the password stayed


def test_a_made_up_token_is_400_and_a_weak_password_422_at_its_field(anon, settings, person):
    r = anon.post(CONFIRM, json={"token": "pr_" + secrets.token_urlsafe(32), "new_password": NEW_PASSWORD})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
    assert "not valid" in r.json()["detail"]
    anon.post(RESET, json={"email": person})
    token = link_token(settings, person)
    weak = anon.post(CONFIRM, json={"token": token, "new_password": "short"})
    assert weak.status_code == 422
    assert [e["loc"] for e in weak.json()["errors"]] == [["body", "new_password"]]
    # A refused password does not use the link up.
    assert anon.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD}).status_code == 200


def test_requests_are_rate_limited_per_address_and_per_client(app, settings, person):
    client = TestClient(app)
    answers = [client.post(RESET, json={"email": person}).status_code for _ in range(4)]
    assert answers == [202, 202, 202, 429]
    assert len(mails_to(settings, person)) == 3
    refused = client.post(RESET, json={"email": person})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert refused.headers["content-type"].startswith("application/problem+json")
    # Per client: other addresses from the same client, up to its own quota (10 in all).
    others = [
        client.post(RESET, json={"email": f"o{i}-{secrets.token_hex(3)}@x.example"}).status_code
        for i in range(6)
    ]
    assert others == [202, 202, 202, 202, 202, 429]  # 5 earlier requests + 5 = 10, the 11th refused


def test_single_sign_on_accounts_are_told_to_use_their_organisation(anon, settings, db):
    org = Organization(name=f"SSO Watch {secrets.token_hex(3)}", kind=OrgKind.ngo, require_sso=True)
    db.add(org)
    db.flush()
    email = f"sso-{secrets.token_hex(4)}@sso.example"
    create_user_direct(db, org, email, "Sam Sso", PASSWORD, Role.researcher)
    db.commit()
    r = anon.post(RESET, json={"email": email})
    assert r.status_code == 202
    [mail] = mails_to(settings, email)
    assert "single sign-on" in mail and org.name in mail
    assert "reset-password" not in mail and not LINK_RE.search(mail)
    user = db.execute(select(User).where(User.email == email)).scalar_one()
    assert db.execute(select(PasswordReset).where(PasswordReset.user_id == user.id)).first() is None


def test_the_reset_is_audited_and_the_chain_verifies(app, anon, settings, person, login):
    anon.post(RESET, json={"email": person})
    token = link_token(settings, person)
    anon.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    admin: Api = login("coalition_admin")
    events = admin.get("/api/v1/audit/events", params={"action": "auth.password_reset"}).json()
    user_id = sign_in(app, person, NEW_PASSWORD).json()["me"]["id"]
    mine = [e for e in events if e["target_id"] == user_id]
    assert len(mine) == 1 and mine[0]["data"]["sessions_revoked"] == 0
    verify = admin.get("/api/v1/audit/verify").json()
    assert verify["ok"] is True and verify["first_broken_seq"] is None


def test_the_token_never_reaches_the_audit_log(anon, settings, person, db):
    anon.post(RESET, json={"email": person})
    token = link_token(settings, person)
    anon.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    stored = " ".join(str(e.data) for e in db.execute(select(AuditEvent)).scalars())
    assert token not in stored and tokens.token_hash(token) not in stored


class _Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def server_logs() -> Iterator[_Everything]:
    """Listens on the root and on uvicorn's own loggers (its access log may not propagate)."""
    handler = _Everything()
    names = ("", "uvicorn", "uvicorn.access", "uvicorn.error")
    saved = {n: (logging.getLogger(n).level, logging.getLogger(n).disabled) for n in names}
    for n in names:
        logger = logging.getLogger(n)
        logger.setLevel(logging.DEBUG)
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


def test_the_token_is_absent_from_the_logs(anon, settings, person, caplog, server_logs):
    caplog.set_level(logging.DEBUG)
    anon.post(RESET, json={"email": person})
    token = link_token(settings, person)
    # A bad request carrying the token, the real use, and a reuse (410): all logged by the portal.
    anon.post(CONFIRM, json={"token": token, "new_password": "x"})
    anon.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    anon.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    # Were a server to log the link (an access log line, a library's error), the token is blanked.
    logging.getLogger("uvicorn.access").info('1.2.3.4 - "GET /reset-password?token=%s HTTP/1.1" 200', token)
    logging.getLogger("app.somewhere").warning("failed with %r", {"token": token})
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert ours, "the portal logged nothing: the check would prove nothing"
    assert "pr_…" in "\n".join(ours)
    assert token not in "\n".join(ours)
    assert token not in "\n".join(server_logs.lines)
    assert token[3:] not in "\n".join(server_logs.lines)
