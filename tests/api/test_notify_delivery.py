"""E-mail through a real SMTP server and webhooks to a real receiver on loopback."""

from __future__ import annotations

import email
import hashlib
import hmac
import json
import socket
import threading
import time
from email import policy as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import DEMO, PASSWORD, Api, make_settings
from tests.support.review_flow import new_case, submit


class _Collect:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server():
    handler = _Collect()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler
    controller.stop()


def test_emails_go_through_smtp(smtp_server, pg_url, tmp_path, sm):
    port, handler = smtp_server
    settings = make_settings(
        pg_url, tmp_path, smtp_host="127.0.0.1", smtp_port=port, mail_from="portal@coalition.example"
    )
    app = create_app(settings, sessionmaker_override=sm)

    def login(who):
        c = TestClient(app)
        r = c.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
        return Api(c, csrf=r.json()["csrf_token"])

    researcher = login("researcher_a")
    case = new_case(researcher)
    submit(researcher, case["id"])
    rcpts = {r for _, rs, _ in handler.messages for r in rs}
    assert {"coordinator.a@coalition.example", "coordinator.b@coalition.example"} <= rcpts
    body = handler.messages[0][2].decode()
    assert "Case submitted for review" in body and "Громов" not in body
    # Muting stops e-mail too.
    a = login("coordinator_a")
    a.put("/api/v1/notifications/preferences", json={"muted": ["assigned"]})
    before = len(handler.messages)
    b_id = login("coordinator_b").get("/api/v1/me").json()["id"]
    a_id = a.get("/api/v1/me").json()["id"]
    a.post(f"/api/v1/review/cases/{case['id']}/assign", json={"coordinator_id": a_id})
    assert len(handler.messages) == before  # a assigned themself: no mail to oneself, and muted anyway
    a.post(f"/api/v1/review/cases/{case['id']}/assign", json={"coordinator_id": b_id})
    assert any("coordinator.b@coalition.example" in rs for _, rs, _ in handler.messages[before:])


class _Receiver(BaseHTTPRequestHandler):
    secret = ""
    fail_first = 2
    received: ClassVar[list[dict]] = []
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        sig = dict(part.split("=", 1) for part in self.headers["X-Portal-Signature"].split(","))
        expected = hmac.new(self.secret.encode(), f"{sig['t']}.".encode() + body, hashlib.sha256).hexdigest()
        ok_sig = hmac.compare_digest(expected, sig["v1"]) and abs(time.time() - int(sig["t"])) < 300
        with self.lock:
            type(self).received.append(
                {"sig_ok": ok_sig, "event": self.headers["X-Portal-Event"], "body": json.loads(body)}
            )
            n = len(type(self).received)
        self.send_response(500 if n <= self.fail_first else (200 if ok_sig else 401))
        self.end_headers()

    def log_message(self, *args):
        pass


def test_webhook_signed_retried_with_backoff_then_delivered_and_replayable(pg_url, tmp_path, engine):
    settings = make_settings(
        pg_url, tmp_path, webhook_allow_private=True, webhook_backoff_seconds=0.2, jobs_tick_seconds=0.1
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    app = create_app(settings)
    try:
        with TestClient(app) as client:  # the lifespan runs the inline ticker that retries deliveries
            r = client.post("/api/v1/auth/login", json={"email": DEMO["org_admin_a"], "password": PASSWORD})
            admin = Api(client, csrf=r.json()["csrf_token"])
            created = admin.post("/api/v1/webhooks", json={"url": url, "events": ["case.submitted"]})
            assert created.status_code == 201, created.text
            hook = created.json()
            _Receiver.secret, _Receiver.received = hook["secret"], []
            assert "secret" not in admin.get("/api/v1/webhooks").json()[0]
            case = new_case(admin)
            submit(admin, case["id"])
            deadline = time.time() + 10
            deliveries = []
            while time.time() < deadline:
                deliveries = admin.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()
                if deliveries and deliveries[0]["status"] == "delivered":
                    break
                time.sleep(0.1)
            d = deliveries[0]
            assert d["status"] == "delivered" and d["attempts"] == 3, d
            assert [a["status_code"] for a in d["attempt_log"]] == [500, 500, 200]
            gaps = [
                (b - a)
                for a, b in zip(
                    [_t(x["at"]) for x in d["attempt_log"]],
                    [_t(x["at"]) for x in d["attempt_log"]][1:],
                    strict=False,
                )
            ]
            # Exponential backoff (0.2 s, then 0.4 s): lower bounds only, since a loaded machine can
            # only make the gaps longer, never shorter than the schedule.
            assert gaps[0] >= 0.2 - 0.02 and gaps[1] >= 0.4 - 0.02, gaps
            assert all(x["sig_ok"] for x in _Receiver.received)
            payload = _Receiver.received[-1]["body"]
            assert payload["event"] == "case.submitted" and payload["case"]["id"] == case["id"]
            assert "content" not in json.dumps(payload) and "Громов" not in json.dumps(
                payload, ensure_ascii=False
            )
            r = admin.post(f"/api/v1/webhooks/{hook['id']}/deliveries/{d['id']}/replay")
            assert r.status_code == 202
            assert len(_Receiver.received) == 4
            # Other tenants cannot see or replay it.
            other_client = TestClient(app)
            r3 = other_client.post(
                "/api/v1/auth/login", json={"email": DEMO["org_admin_b"], "password": PASSWORD}
            )
            other = Api(other_client, csrf=r3.json()["csrf_token"])
            assert other.get(f"/api/v1/webhooks/{hook['id']}/deliveries").status_code == 404
    finally:
        server.shutdown()
        from sqlalchemy import text

        with engine.begin() as conn:
            conn.execute(text("DELETE FROM webhook_endpoints WHERE url = :u"), {"u": url})
            conn.execute(
                text(
                    "DELETE FROM case_files WHERE title = 'Zarechny detentions' AND org_id IN "
                    "(SELECT org_id FROM memberships m JOIN users u ON u.id = m.user_id "
                    "WHERE u.email = 'admin@lantern.example')"
                )
            )
        app.state.engine.dispose()


def _t(s: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(s).timestamp()


def test_webhook_url_validation(as_):
    admin = as_["org_admin_a"]
    assert (
        admin.post("/api/v1/webhooks", json={"url": "ftp://x", "events": ["case.submitted"]}).status_code
        == 422
    )
    r = admin.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/x", "events": ["case.submitted"]})
    assert r.status_code == 422 and "private" in r.json()["detail"]
    r = admin.post("/api/v1/webhooks", json={"url": "https://hooks.example/x", "events": ["case.exploded"]})
    assert r.status_code == 422
    assert as_["researcher_a"].get("/api/v1/webhooks").status_code == 403


def test_no_case_content_in_any_mail_or_webhook_payload(pg_url, tmp_path, sm, db):
    """Mail and webhook receivers are outside the coalition's control: ids, states and links only."""
    from sqlalchemy import select

    from app.models.notify import WebhookDelivery

    settings = make_settings(
        pg_url, tmp_path, webhook_allow_private=True, public_base_url="https://portal.example"
    )
    app = create_app(settings, sessionmaker_override=sm)

    def login(who):
        c = TestClient(app)
        r = c.post("/api/v1/auth/login", json={"email": DEMO[who], "password": PASSWORD})
        return Api(c, csrf=r.json()["csrf_token"])

    admin, coord = login("org_admin_a"), login("coordinator_a")
    from app.workflows.webhooks import WEBHOOK_EVENTS

    hook = admin.post(
        "/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "events": list(WEBHOOK_EVENTS)}
    )
    assert hook.status_code == 201, hook.text
    title = "Torture at Kestrel prison by Colonel Gromov"
    case = new_case(login("researcher_a"), title=title)
    submit(login("researcher_a"), case["id"])
    coord.post(f"/api/v1/review/cases/{case['id']}/assign", json={})
    rev = coord.get(f"/api/v1/cases/{case['id']}").json()["revision_number"]
    secret_reason = "Witness Ayesha Karimova must be removed"
    assert (
        coord.post(
            f"/api/v1/cases/{case['id']}/comments",
            json={"path": "perpetrators[0].positions", "body": secret_reason},
        ).status_code
        == 201
    )
    r = coord.post(
        f"/api/v1/review/cases/{case['id']}/decisions",
        json={"decision": "request_changes", "revision": rev, "reason": secret_reason},
    )
    assert r.status_code == 200, r.text

    outbox = sorted((tmp_path / "outbox").glob("*.eml"))
    assert outbox, "the review flow sends mail"
    payloads = [d.payload for d in db.execute(select(WebhookDelivery)).scalars()]
    assert payloads, "the review flow queues webhook deliveries"
    forbidden = [title, "Kestrel", "Gromov", "Громов", "Воронцова", secret_reason, "Ayesha"]
    for mail in outbox:
        msg = email.message_from_bytes(mail.read_bytes(), policy=email_policy.default)
        text = f"{msg['Subject']}\n{msg.get_content()}"
        assert not [f for f in forbidden if f in text], (mail.name, text)
        assert f"https://portal.example/cases/{case['id']}" in text  # absolute, from PORTAL_PUBLIC_BASE_URL
    for payload in payloads:
        blob = json.dumps(payload, ensure_ascii=False)
        assert not [f for f in forbidden if f in blob], blob
