"""The generated Python client (clients/python/portal_client) and its hand-kept helpers
(portal_client_helpers) drive the integrator's story against a real server (uvicorn on loopback, over
committed data): a token made through the API, a case created with an Idempotency-Key and the request
replayed, an update with If-Match (and a stale one refused), a tus upload whose connection drops
mid-PATCH and resumes from the offset HEAD reports, submission and two coordinators' approvals, the
change feed, and real webhook deliveries to a receiver on loopback, verified with the helper and parsed
with the generated payload models."""

from __future__ import annotations

import hashlib
import random
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from tests.conftest import DEMO, PASSWORD, make_settings
from tests.support.live_server import served
from tests.support.review_flow import realistic_content

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python"))

from portal_client import AuthenticatedClient, Client
from portal_client.api.api_tokens import create_token, revoke_token
from portal_client.api.auth import login
from portal_client.api.cases import create_case, get_case, update_case
from portal_client.api.integrations import list_events
from portal_client.api.review import assign_reviewer, decide_case, submit_case
from portal_client.api.webhooks import create_webhook, delete_webhook
from portal_client.models import (
    AssignIn,
    CaseApprovedWebhook,
    CaseCreateIn,
    CaseCreateInContent,
    CaseOut,
    CaseSubmittedWebhook,
    CaseUpdateIn,
    DecisionIn,
    DecisionInDecision,
    FeedPageOut,
    LoginIn,
    LoginOut,
    Problem,
    TokenCreatedOut,
    TokenCreateIn,
    WebhookCreatedOut,
    WebhookIn,
)
from portal_client_helpers import tus, webhooks

MiB = 1024 * 1024


@pytest.fixture
def settings(pg_url: str, tmp_path: Path) -> Any:
    # Deliveries go to the loopback receiver; jobs run inline after each commit.
    return make_settings(pg_url, tmp_path / "var", webhook_allow_private=True, jobs_tick_seconds=0)


@pytest.fixture
def server(live_app: Any, seeded: Any) -> Iterator[str]:
    with served(live_app) as url:
        yield url


class _Receiver(BaseHTTPRequestHandler):
    got: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).got.append((dict(self.headers.items()), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.got = []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/portal-hooks"
    srv.shutdown()


class _Cut(httpx.SyncByteStream):
    """A request body that sends `keep` bytes, then the connection drops."""

    def __init__(self, data: bytes, keep: int) -> None:
        self.data, self.keep = data, keep

    def __iter__(self) -> Iterator[bytes]:
        yield self.data[: self.keep]
        raise httpx.WriteError("connection dropped mid-body")


class DropsOnePatch(httpx.BaseTransport):
    """Real HTTP to the server, except that the `nth` PATCH loses its connection part-way through the
    body; every request is logged as (method, Upload-Offset sent, status, Upload-Offset answered)."""

    def __init__(self, nth: int, keep: int) -> None:
        self.inner = httpx.HTTPTransport()
        self.nth, self.keep, self.patches = nth, keep, 0
        self.log: list[tuple[str, str | None, int | None, str | None]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sent = request.headers.get("Upload-Offset")
        if request.method == "PATCH":
            self.patches += 1
            if self.patches == self.nth:
                body = request.read()
                cut = httpx.Request(
                    request.method, request.url, headers=request.headers, stream=_Cut(body, self.keep)
                )
                self.log.append(("PATCH", sent, None, None))
                return self.inner.handle_request(cut)
        response = self.inner.handle_request(request)
        self.log.append((request.method, sent, response.status_code, response.headers.get("Upload-Offset")))
        return response

    def close(self) -> None:
        self.inner.close()


def signed_in(server: str, who: str) -> Client:
    """A session through the generated client: cookie kept by its httpx client, CSRF header added."""
    client = Client(base_url=server, raise_on_unexpected_status=True)
    r = login.sync_detailed(client=client, body=LoginIn(email=DEMO[who], password=PASSWORD))
    assert r.status_code == 200 and isinstance(r.parsed, LoginOut), r.content
    # The session cookie lives in the client's own httpx client (`with_headers` would start a new one).
    client.get_httpx_client().headers["X-CSRF-Token"] = r.parsed.csrf_token
    return client


def test_the_story_through_the_generated_client(server: str, receiver: str) -> None:
    admin = signed_in(server, "org_admin_a")
    hook = create_webhook.sync(
        client=admin, body=WebhookIn(url=receiver, events=["case.submitted", "case.approved"])
    )
    assert isinstance(hook, WebhookCreatedOut), hook
    made = create_token.sync(
        client=admin,
        body=TokenCreateIn(
            name="python client test",
            scopes=["cases:read", "cases:write", "evidence:write"],
            expires_in_days=1,
        ),
    )
    assert isinstance(made, TokenCreatedOut), made
    api = AuthenticatedClient(base_url=server, token=made.token, raise_on_unexpected_status=True)
    try:
        feed_start = list_events.sync(client=api, limit=500)
        assert isinstance(feed_start, FeedPageOut)
        cursor = feed_start.next_cursor
        while feed_start.has_more:
            feed_start = list_events.sync(client=api, after=cursor, limit=500)
            assert isinstance(feed_start, FeedPageOut)
            cursor = feed_start.next_cursor

        # Create with an Idempotency-Key; the retried request gets the stored answer, not a second case.
        key = str(uuid.uuid4())
        body = CaseCreateIn(
            title="Client story case",
            target_jurisdictions=["us", "uk"],
            content=CaseCreateInContent.from_dict(realistic_content()),
        )
        first = create_case.sync_detailed(client=api, body=body, idempotency_key=key)
        assert first.status_code == 201 and isinstance(first.parsed, CaseOut), first.content
        again = create_case.sync_detailed(client=api, body=body, idempotency_key=key)
        assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
        assert isinstance(again.parsed, CaseOut) and again.parsed.id == first.parsed.id
        case_id, etag = first.parsed.id, first.headers["ETag"]
        other = CaseCreateIn(title="Another body", target_jurisdictions=["us"])
        clash = create_case.sync_detailed(client=api, body=other, idempotency_key=key)
        assert clash.status_code == 422 and isinstance(clash.parsed, Problem)

        # Update with If-Match; the old ETag is then stale.
        updated = update_case.sync_detailed(
            case_id, client=api, body=CaseUpdateIn(title="Client story case, updated"), if_match=etag
        )
        assert updated.status_code == 200 and isinstance(updated.parsed, CaseOut), updated.content
        assert updated.parsed.title == "Client story case, updated" and updated.headers["ETag"] != etag
        stale = update_case.sync_detailed(case_id, client=api, body=CaseUpdateIn(title="Lost"), if_match=etag)
        assert stale.status_code == 412 and isinstance(stale.parsed, Problem)
        current = get_case.sync(case_id, client=api)
        assert isinstance(current, CaseOut) and current.title == "Client story case, updated"

        # Evidence through the tus helper: the second PATCH's connection drops 300 KiB in; the helper
        # asks where the portal stands (HEAD) and resumes from there.
        data = b"%PDF-1.7\n" + random.Random(21).randbytes(3 * MiB + 12345)
        transport = DropsOnePatch(nth=2, keep=300 * 1024)
        with httpx.Client(
            base_url=server,
            transport=transport,
            headers={"Authorization": f"Bearer {made.token}"},
            timeout=60,
        ) as http:
            created: list[str] = []
            result = tus.upload(
                http,
                case_id,
                data,
                metadata={
                    "filename": "statement.pdf",
                    "title": "Statement W-3",
                    "sensitivity": "confidential",
                },
                chunk_size=MiB,
                retry_delay=0.2,
                on_created=created.append,
            )
            assert created == [result.url] and result.length == len(data) and result.resumes >= 1
            patches = [entry for entry in transport.log if entry[0] == "PATCH"]
            assert patches[0] == ("PATCH", "0", 204, str(MiB))
            assert patches[1] == ("PATCH", str(MiB), None, None)  # dropped
            dropped_at = transport.log.index(patches[1])
            head = next(e for e in transport.log[dropped_at:] if e[0] == "HEAD" and e[2] == 200)
            assert head[3] == str(MiB)  # the cut chunk was not kept (its checksum could not be checked)
            assert patches[2][1] == str(MiB) and patches[-1][3] == str(len(data))
            evidence = http.get(f"/api/v1/evidence/{result.evidence_id}").json()
            assert evidence["sha256"] == hashlib.sha256(data).hexdigest() and evidence["size"] == len(data)
            assert evidence["title"] == "Statement W-3" and evidence["case_id"] == case_id
            content = http.get(f"/api/v1/evidence/{result.evidence_id}/content").content
            assert hashlib.sha256(content).digest() == hashlib.sha256(data).digest()

        # Submit with the token; two coordinators take it and approve it in their sessions.
        submitted = submit_case.sync(case_id, client=api)
        assert isinstance(submitted, CaseOut) and submitted.status == "submitted", submitted
        coordinator_a, coordinator_b = signed_in(server, "coordinator_a"), signed_in(server, "coordinator_b")
        assert (
            assign_reviewer.sync_detailed(case_id, client=coordinator_a, body=AssignIn()).status_code == 200
        )
        revision = get_case.sync(case_id, client=coordinator_a)
        assert isinstance(revision, CaseOut) and isinstance(revision.revision_number, int)
        for coordinator in (coordinator_a, coordinator_b):
            decided = decide_case.sync_detailed(
                case_id,
                client=coordinator,
                body=DecisionIn(decision=DecisionInDecision.APPROVE, revision=revision.revision_number),
            )
            assert decided.status_code == 200, decided.content
        approved = get_case.sync(case_id, client=api)
        assert isinstance(approved, CaseOut) and approved.status == "approved"

        # The change feed from where it stood: this case's two events, in order. (The feed shows a
        # transaction's events once every transaction older than it has ended, in any database of the
        # cluster: another test's long transaction holds them back for a while, never reorders them.)
        mine: list[Any] = []
        deadline = time.monotonic() + 240
        while len(mine) < 2 and time.monotonic() < deadline:
            page = list_events.sync(client=api, after=cursor, limit=100)
            assert isinstance(page, FeedPageOut)
            mine += [e for e in page.events if e.case.id == case_id]
            cursor = page.next_cursor
            if not page.has_more:
                time.sleep(0.2)
        assert [e.event for e in mine] == ["case.submitted", "case.approved"]

        # Real deliveries to the receiver: verified by the helper, parsed by the generated models; the
        # same event ids as the feed's.
        got = [(h, raw) for h, raw in _Receiver.got if f'"{case_id}"'.encode() in raw]
        assert [h["X-Portal-Event"] for h, _ in got] == ["case.submitted", "case.approved"]
        for (headers, raw), feed_event in zip(got, mine, strict=True):
            parsed = webhooks.verify(hook.secret, raw, headers[webhooks.SIGNATURE_HEADER])
            model = (
                CaseSubmittedWebhook if parsed["event"] == "case.submitted" else CaseApprovedWebhook
            ).from_dict(parsed)
            assert model.case.id == case_id and model.event_id == feed_event.event_id
            assert model.id == headers[webhooks.DELIVERY_HEADER]
            with pytest.raises(webhooks.InvalidSignature):
                webhooks.verify(
                    hook.secret, raw.replace(case_id.encode(), b"x"), headers[webhooks.SIGNATURE_HEADER]
                )
            with pytest.raises(webhooks.InvalidSignature):
                webhooks.verify("whsec_not-the-secret", raw, headers[webhooks.SIGNATURE_HEADER])
            t = webhooks.parse(headers[webhooks.SIGNATURE_HEADER])[0]
            with pytest.raises(webhooks.InvalidSignature):  # a capture replayed later
                webhooks.verify(hook.secret, raw, headers[webhooks.SIGNATURE_HEADER], now=t + 301)
            assert webhooks.sign(hook.secret, t, raw) == headers[webhooks.SIGNATURE_HEADER]
    finally:
        revoke_token.sync_detailed(made.id, client=admin)
        delete_webhook.sync_detailed(hook.id, client=admin)


def test_the_helper_signs_and_verifies_exactly_as_the_portal_signs() -> None:
    from app.workflows.webhooks import sign

    rng = random.Random(5)
    for _ in range(50):
        secret = "whsec_" + rng.randbytes(16).hex()
        body = rng.randbytes(rng.randrange(0, 400))
        t = rng.randrange(1_600_000_000, 1_900_000_000)
        assert webhooks.sign(secret, t, body) == sign(secret, t, body)
        assert webhooks.verify(secret, b"{}", sign(secret, t, b"{}"), now=t + 299) == {}
    with pytest.raises(webhooks.InvalidSignature):
        webhooks.verify("s", b"{}", None)
    with pytest.raises(webhooks.InvalidSignature):
        webhooks.verify("s", b"{}", "v1=abc")  # no timestamp
    with pytest.raises(webhooks.InvalidSignature):
        webhooks.verify("s", b"{}", "t=12,v1")  # malformed
