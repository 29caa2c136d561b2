"""Idempotency-Key through the HTTP API (app/workflows/idempotency.py, app/api/idempotency.py).

In the test transaction: a replay gives the same case and body, another body with the key is a 422, keys
are the caller's own, a replayed multipart upload (fresh boundary, as any client sends) stores one
object, anonymous requests ignore the key. On real connections: two concurrent POSTs with one key create
one case, and a request sent while the first with its key is still streaming is a 409.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from app.models.evidence import Evidence
from app.models.integrations import IdempotencyRecord
from app.workflows.idempotency import Fingerprint
from tests.api.test_evidence import stored_objects
from tests.api.test_faults import serve, signed_in
from tests.conftest import DEMO, PASSWORD

PROBLEM = "application/problem+json"


def case_body(title: str) -> dict:
    return {"title": title, "target_jurisdictions": ["us"], "content": {}}


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def titles(api, title: str) -> list[str]:
    return [c["id"] for c in api.get("/api/v1/cases?limit=200").json()["items"] if c["title"] == title]


def test_replay_returns_the_same_case_and_body(as_):
    api = as_["researcher_a"]
    k = key()
    first = api.post("/api/v1/cases", json=case_body("Idempotent case"), headers=k)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = api.post("/api/v1/cases", json=case_body("Idempotent case"), headers=k)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content and again.json()["id"] == first.json()["id"]
    assert again.headers.get("etag") == first.headers.get("etag")
    # The same JSON with its keys in another order and other spacing is the same request.
    reordered = '{"content": {}, "target_jurisdictions": ["us"],   "title": "Idempotent case"}'
    third = api.post("/api/v1/cases", content=reordered, headers={**k, "content-type": "application/json"})
    assert third.status_code == 201 and third.headers["idempotent-replayed"] == "true"
    assert titles(api, "Idempotent case") == [first.json()["id"]]
    # Without a key, the same request is a new one.
    assert api.post("/api/v1/cases", json=case_body("Idempotent case")).status_code == 201
    assert len(titles(api, "Idempotent case")) == 2


def test_same_key_with_another_request_is_422(as_):
    api = as_["researcher_a"]
    k = key()
    assert api.post("/api/v1/cases", json=case_body("First body"), headers=k).status_code == 201
    r = api.post("/api/v1/cases", json=case_body("Second body"), headers=k)
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert r.json()["reason"] == "idempotency_key_reused"
    assert titles(api, "Second body") == []
    # Another path with the key is another request too.
    case_id = titles(api, "First body")[0]
    r = api.post(f"/api/v1/cases/{case_id}/submit", json={}, headers=k)
    assert r.status_code == 422 and r.json()["reason"] == "idempotency_key_reused"


def test_keys_belong_to_their_caller(as_):
    k = key()
    a = as_["researcher_a"].post("/api/v1/cases", json=case_body("Mine"), headers=k)
    b = as_["org_admin_a"].post("/api/v1/cases", json=case_body("Mine"), headers=k)
    assert a.status_code == b.status_code == 201
    assert "idempotent-replayed" not in b.headers and a.json()["id"] != b.json()["id"]


def test_api_token_keys(as_, anon):
    raw = (
        as_["org_admin_a"]
        .post("/api/v1/tokens", json={"name": "sync", "scopes": ["cases:read", "cases:write"]})
        .json()["token"]
    )
    anon.bearer = raw
    k = key()
    first = anon.post("/api/v1/cases", json=case_body("From the NGO's system"), headers=k)
    again = anon.post("/api/v1/cases", json=case_body("From the NGO's system"), headers=k)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true" and again.json()["id"] == first.json()["id"]


def test_bad_keys_and_anonymous_requests(as_, anon):
    api = as_["researcher_a"]
    r = api.post("/api/v1/cases", json=case_body("x"), headers={"Idempotency-Key": "has space"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    r = api.post("/api/v1/cases", json=case_body("x"), headers={"Idempotency-Key": "k" * 256})
    assert r.status_code == 422
    # Anonymous requests (sign-in) ignore the key: nothing is stored for them, no cookie is replayed.
    k = key()
    for _ in range(2):
        r = anon.post(
            "/api/v1/auth/login", json={"email": DEMO["researcher_b"], "password": PASSWORD}, headers=k
        )
        assert r.status_code == 200 and "idempotent-replayed" not in r.headers
        assert "set-cookie" in r.headers


def test_answers_a_retry_could_change_are_not_stored(as_):
    api = as_["researcher_a"]
    case = api.post("/api/v1/cases", json=case_body("Versioned"), headers=key()).json()
    url = f"/api/v1/cases/{case['id']}"
    # A stale version (412) or a missing If-Match (428) depends on headers and state, not on the body:
    # not stored, so the retry with the right version and the same key runs.
    k = key()
    assert api.put(url, json={"title": "T"}, headers=k).status_code == 428
    stale = api.put(url, json={"title": "T"}, headers={**k, "If-Match": '"99"'})
    assert stale.status_code == 412 and "idempotent-replayed" not in stale.headers
    fixed = api.put(url, json={"title": "T"}, headers={**k, "If-Match": f'"{case["version"]}"'})
    assert fixed.status_code == 200, fixed.text
    again = api.put(url, json={"title": "T"}, headers={**k, "If-Match": f'"{case["version"]}"'})
    assert again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    assert api.get(url).json()["version"] == case["version"] + 1
    # A refusal by role (403) is not stored either; a 404 is (the same request always gets it).
    k = key()
    for _ in range(2):
        r = api.post("/api/v1/tokens", json={"name": "x", "scopes": ["cases:read"]}, headers=k)
        assert r.status_code == 403 and "idempotent-replayed" not in r.headers
    k = key()
    nowhere = f"/api/v1/cases/{uuid.uuid4().hex}/submit"
    missing = [api.post(nowhere, json={}, headers=k) for _ in range(2)]
    assert [r.status_code for r in missing] == [404, 404]
    assert missing[1].headers["idempotent-replayed"] == "true"


def test_replayed_multipart_upload_stores_one_object(as_, settings, db):
    api = as_["researcher_a"]
    case = api.post("/api/v1/cases", json=case_body("Upload twice"), headers=key()).json()
    url = f"/api/v1/cases/{case['id']}/evidence"
    data = b"witness statement, signed\n" * 2000
    k = key()
    before = len(stored_objects(settings))
    # httpx picks a new random boundary for each request, as a retrying client does.
    first = api.post(url, data={"title": "W-1"}, files={"file": ("w1.txt", data, "text/plain")}, headers=k)
    assert first.status_code == 201, first.text
    after_first = len(stored_objects(settings))
    assert after_first > before
    again = api.post(url, data={"title": "W-1"}, files={"file": ("w1.txt", data, "text/plain")}, headers=k)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert len(stored_objects(settings)) == after_first
    count = db.execute(select(func.count()).select_from(Evidence).where(Evidence.case_id == case["id"]))
    assert count.scalar_one() == 1
    # Other bytes under the same key: refused, nothing stored.
    other = api.post(
        url, data={"title": "W-1"}, files={"file": ("w1.txt", data + b"x", "text/plain")}, headers=k
    )
    assert other.status_code == 422 and other.json()["reason"] == "idempotency_key_reused"
    assert len(stored_objects(settings)) == after_first


def test_fingerprint_streams_and_ignores_the_boundary():
    """Hashed chunk by chunk (an upload is never held whole), whatever the chunking; the boundary a
    client picks does not matter, the bytes between the boundaries do."""

    def body(boundary: str, payload: bytes) -> bytes:
        return (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n'.encode()
            + payload
            + f"\r\n--{boundary}--\r\n".encode()
        )

    def digest(boundary: str, payload: bytes, size: int) -> str:
        fp = Fingerprint("POST", "/api/v1/x", b"", f"multipart/form-data; boundary={boundary}", 1024)
        raw = body(boundary, payload)
        for i in range(0, len(raw), size):
            fp.update(raw[i : i + size])
        return fp.hexdigest()

    payload = bytes(range(256)) * 8
    reference = digest("abc123", payload, 10_000)
    for size in (1, 2, 3, 7, 64, 1000):
        assert digest("abc123", payload, size) == reference
        assert digest("a-much-longer-boundary-0987654321", payload, size) == reference
    assert digest("abc123", payload[:-1] + b"!", 64) != reference


# ---- on real connections ----------------------------------------------------------------------------


def test_two_concurrent_requests_with_one_key_create_one_case(live_login):
    a, b = live_login("researcher_a"), live_login("researcher_a")
    k = key()
    barrier = threading.Barrier(2)
    answers: list[httpx.Response] = []

    def create(api) -> None:
        barrier.wait()
        answers.append(api.post("/api/v1/cases", json=case_body("Raced create"), headers=k))

    threads = [threading.Thread(target=create, args=(api,)) for api in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in answers) in ([201, 201], [201, 409]), [r.text for r in answers]
    assert len({r.json()["id"] for r in answers if r.status_code == 201}) == 1
    assert len(titles(a, "Raced create")) == 1
    for r in answers:
        if r.status_code == 409:
            assert r.headers["content-type"] == PROBLEM and int(r.headers["retry-after"]) >= 1


def test_a_retry_while_the_first_still_streams_is_409(live_app, engine):
    with serve(live_app) as base:
        client = signed_in(base, "researcher_a")
        case = client.post("/api/v1/cases", json=case_body("Slow upload")).json()
        url = f"/api/v1/cases/{case['id']}/evidence"
        k = key()
        halfway, go_on = threading.Event(), threading.Event()

        def slow_body(boundary: str) -> Iterator[bytes]:
            yield part_head(boundary)
            yield b"first half of the file\n" * 1000
            halfway.set()
            assert go_on.wait(20)
            yield b"second half\n" * 1000
            yield f"\r\n--{boundary}--\r\n".encode()

        first: list[httpx.Response] = []

        def send_first() -> None:
            with httpx.Client(
                base_url=base, cookies=client.cookies, headers=dict(client.headers), timeout=30
            ) as c:
                first.append(
                    c.post(
                        url,
                        content=slow_body("first-boundary"),
                        headers={**k, "content-type": "multipart/form-data; boundary=first-boundary"},
                    )
                )

        thread = threading.Thread(target=send_first)
        thread.start()
        try:
            assert halfway.wait(20)
            # The server claims the key once it has the request's head (it may lag behind the client).
            deadline = time.monotonic() + 10
            while not claimed(engine, k["Idempotency-Key"]):
                assert time.monotonic() < deadline, "the first request never claimed its key"
                time.sleep(0.02)
            busy = client.post(
                url,
                content=b"".join(slow_body_now("second-boundary")),
                headers={**k, "content-type": "multipart/form-data; boundary=second-boundary"},
            )
            assert busy.status_code == 409, busy.text
            assert busy.headers["content-type"] == PROBLEM and int(busy.headers["retry-after"]) >= 1
            assert busy.json()["reason"] == "idempotency_key_in_use"
        finally:
            go_on.set()
            thread.join(30)
        assert first[0].status_code == 201, first[0].text
        # Once answered, the retry (another boundary, the same file) gets the same answer.
        retry = client.post(
            url,
            content=b"".join(slow_body_now("third-boundary")),
            headers={**k, "content-type": "multipart/form-data; boundary=third-boundary"},
        )
        assert retry.status_code == 201 and retry.headers["idempotent-replayed"] == "true"
        assert retry.json()["id"] == first[0].json()["id"]
        listed = client.get(url).json()["items"]
        assert [e["id"] for e in listed] == [first[0].json()["id"]]


def claimed(engine, idempotency_key: str) -> bool:
    with engine.connect() as conn:
        state = conn.execute(
            select(IdempotencyRecord.state).where(IdempotencyRecord.key == idempotency_key)
        ).scalar_one_or_none()
    return state == "running"


def part_head(boundary: str) -> bytes:
    return f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="v.txt"\r\n\r\n'.encode()


def slow_body_now(boundary: str) -> Iterator[bytes]:
    """The same body as the slow one, at once."""
    yield part_head(boundary)
    yield b"first half of the file\n" * 1000
    yield b"second half\n" * 1000
    yield f"\r\n--{boundary}--\r\n".encode()


def test_openapi_declares_the_header(app):
    document = app.openapi()
    post = document["paths"]["/api/v1/cases"]["post"]
    assert {"$ref": "#/components/parameters/IdempotencyKey"} in post["parameters"]
    assert document["components"]["parameters"]["IdempotencyKey"]["name"] == "Idempotency-Key"
    assert "Idempotent-Replayed" in post["responses"]["201"]["headers"]
    assert "parameters" not in document["paths"]["/api/v1/cases"]["get"] or all(
        p.get("$ref") != "#/components/parameters/IdempotencyKey"
        for p in document["paths"]["/api/v1/cases"]["get"]["parameters"]
    )
    login = document["paths"]["/api/v1/auth/login"]["post"]
    assert all(p.get("$ref") != "#/components/parameters/IdempotencyKey" for p in login.get("parameters", []))


@pytest.fixture(autouse=True)
def _no_network_jobs(job_runner):
    job_runner(None)
