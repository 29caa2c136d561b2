"""Hostile input and injected faults, over HTTP: every bad input a clear 4xx, every fault a 503 or a
500 problem+json with the security headers, on a connection that stays open (issue 13)."""

from __future__ import annotations

import http.client
import io
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import uvicorn
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import exc as sa_exc

from app.api import guards, problems
from app.db import make_engine, make_sessionmaker
from app.main import create_app
from tests.conftest import PASSWORD, make_settings
from tests.support.flows import add_evidence
from tests.support.review_flow import new_case, submit

PROBLEM = "application/problem+json"
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")
MIB = 1024**2
BAD_TEXT = {"NUL": "before\x00after", "lone surrogate": "before\ud800after"}


def raw_json(value: Any) -> bytes:
    """JSON as a hostile client writes it: json.dumps escapes NUL (\\u0000) and lone surrogates (\\ud800)."""
    return json.dumps(value).encode()


def send_json(api: Any, method: str, url: str, value: Any, headers: dict[str, str] | None = None) -> Any:
    return api.request(
        method, url, content=raw_json(value), headers={"content-type": "application/json", **(headers or {})}
    )


def assert_invalid(r: Any, *loc: Any) -> None:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert ["body", *loc] in [e["loc"] for e in body["errors"]]
    assert ".".join(str(x) for x in body["errors"][0]["loc"]) in body["detail"]


# ---- text: NUL and lone surrogates ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_bad_text_in_case_bodies_is_422_naming_the_field(login, bad):
    api = login("researcher_a")
    before = api.get("/api/v1/cases").json()["items"]
    r = send_json(api, "POST", "/api/v1/cases", {"title": bad, "target_jurisdictions": ["us"], "content": {}})
    assert_invalid(r, "title")
    content = {"perpetrators": [{"name": "Someone"}, {"name": bad}]}
    r = send_json(
        api, "POST", "/api/v1/cases", {"title": "T", "target_jurisdictions": ["us"], "content": content}
    )
    assert_invalid(r, "content", "perpetrators", 1, "name")
    # A field *name* holding one, deep inside.
    content = {"victims": {f"de{bad}scription": "x"}}
    r = send_json(
        api, "POST", "/api/v1/cases", {"title": "T", "target_jurisdictions": ["us"], "content": content}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"][:3] == ["body", "content", "victims"]
    assert api.get("/api/v1/cases").json()["items"] == before  # nothing stored

    case = new_case(api)
    r = send_json(
        api,
        "PUT",
        f"/api/v1/cases/{case['id']}",
        {"content": {"perpetrators": [{"name": "A", "aliases": ["ok", bad]}]}},
        headers={"If-Match": f'"{case["version"]}"'},
    )
    assert_invalid(r, "content", "perpetrators", 0, "aliases", 1)
    assert api.get(f"/api/v1/cases/{case['id']}").json()["version"] == case["version"]


@pytest.mark.parametrize("bad", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_bad_text_in_evidence_comments_tokens_and_webhooks(login, db, settings, bad):
    researcher, coordinator, admin = login("researcher_a"), login("coordinator_a"), login("org_admin_a")
    tokens_before = admin.get("/api/v1/tokens").json()  # other test files may have committed some
    case = new_case(researcher)
    ev = add_evidence(db, settings, case["id"], "A report")
    assert_invalid(send_json(researcher, "PATCH", f"/api/v1/evidence/{ev.id}", {"title": bad}), "title")
    assert_invalid(
        send_json(researcher, "PATCH", f"/api/v1/evidence/{ev.id}", {"description": f"long {bad}"}),
        "description",
    )
    assert researcher.get(f"/api/v1/evidence/{ev.id}").json()["title"] == "A report"

    submit(researcher, case["id"])
    coordinator.post(f"/api/v1/review/cases/{case['id']}/assign", json={})
    url = f"/api/v1/cases/{case['id']}/comments"
    assert_invalid(send_json(coordinator, "POST", url, {"path": "victims", "body": bad}), "body")
    assert_invalid(send_json(coordinator, "POST", url, {"path": bad, "body": "x"}), "path")
    assert coordinator.get(url).json() == []

    r = send_json(admin, "POST", "/api/v1/tokens", {"name": bad, "scopes": ["cases:read"]})
    assert_invalid(r, "name")
    r = send_json(admin, "POST", "/api/v1/tokens", {"name": "ci", "scopes": ["cases:read", bad]})
    assert_invalid(r, "scopes", 1)
    assert admin.get("/api/v1/tokens").json() == tokens_before

    r = send_json(admin, "POST", "/api/v1/webhooks", {"url": f"https://hooks.example/{bad}", "events": ["x"]})
    assert_invalid(r, "url")
    r = send_json(admin, "POST", "/api/v1/webhooks", {"url": "https://hooks.example/", "events": [bad]})
    assert_invalid(r, "events", 0)


def test_raw_utf8_surrogate_bytes_are_refused_too(login):
    # Python's JSON decoder lets UTF-8-encoded surrogates through (as FastAPI reads bodies).
    api = login("researcher_a")
    body = b'{"title": "x\xed\xa0\x80", "target_jurisdictions": [], "content": {}}'
    r = api.post("/api/v1/cases", content=body, headers={"content-type": "application/json"})
    assert_invalid(r, "title")


def test_bad_text_in_path_and_query_is_422(login):
    api = login("researcher_a")
    r = api.get("/api/v1/cases/abc%00def")
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["path"]
    assert api.get("/%00").status_code == 422  # the frontend's files too
    r = api.get("/api/v1/cases", params={"q": "Gro\x00mov"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "q"]
    r = api.get("/api/v1/cases?st%00atus=draft")
    assert r.status_code == 422 and r.json()["errors"][0]["loc"][0] == "query"
    # A long number is fine where the parameter is text.
    assert api.get("/api/v1/cases", params={"q": "12345678901234567890123456"}).status_code == 200


def test_problem_documents_survive_echoed_surrogates():
    """An error echoing a lone surrogate back (say, as `input`) is still written, never a 500."""
    r = problems.problem_response(422, "Unprocessable content", "x\ud800", "validation-error", "/x\ud800")
    assert json.loads(r.body)["detail"] == "x?"


# ---- integers ---------------------------------------------------------------------------------------------


def test_integers_past_their_column_are_422(login):
    api = login("researcher_a")
    case = new_case(api)
    url = f"/api/v1/cases/{case['id']}"
    r = api.get(f"{url}/revisions/9223372036854775808")
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["path", "number"]
    # Revision numbers are INTEGER columns: 32 bits.
    assert api.get(f"{url}/revisions/{guards.INT32_MAX}").status_code == 404
    assert api.get(f"{url}/revisions/{guards.INT32_MAX + 1}").status_code == 422
    assert api.get(f"{url}/revisions/-9223372036854775809").status_code == 422
    r = api.get(f"{url}/diff?from=99999999999999999999&to=1")
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "from"]
    r = api.get(f"{url}/diff?from=1&to=1{'0' * 40}")
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "to"]
    assert api.get(f"{url}/diff?from=1&to={guards.INT32_MAX + 1}").status_code == 422
    # The bound is in the OpenAPI document too.
    spec = api.get("/api/openapi.json").json()
    params = spec["paths"]["/api/v1/cases/{case_id}/revisions/{number}"]["get"]["parameters"]
    assert next(p for p in params if p["name"] == "number")["schema"]["maximum"] == guards.INT32_MAX


def test_every_int_parameter_is_bounded_even_undeclared(login):
    # audit.py declares `before_seq: int`: the generic check covers it.
    admin = login("coalition_admin")
    r = admin.get("/api/v1/audit/events", params={"before_seq": "99999999999999999999"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "before_seq"]
    assert admin.get("/api/v1/audit/events", params={"before_seq": str(guards.INT64_MAX)}).status_code == 200


def test_integers_past_64_bits_in_bodies_are_422(login):
    researcher, coordinator = login("researcher_a"), login("coordinator_a")
    case = new_case(researcher)
    submit(researcher, case["id"])
    coordinator.post(f"/api/v1/review/cases/{case['id']}/assign", json={})
    r = send_json(
        coordinator,
        "POST",
        f"/api/v1/review/cases/{case['id']}/decisions",
        {"decision": "approve", "revision": 2**64},
    )
    assert_invalid(r, "revision")
    r = send_json(
        coordinator,
        "POST",
        f"/api/v1/review/cases/{case['id']}/decisions",
        {"decision": "approve", "revision": 2**40},
    )
    assert 400 <= r.status_code < 500, r.text
    r = coordinator.post(
        f"/api/v1/review/cases/{case['id']}/decisions",
        content=b'{"decision": "approve", "revision": 1e999}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "revision"]


# ---- body size --------------------------------------------------------------------------------------------


def big_case_body() -> bytes:
    return raw_json({"title": "x" * (3 * MIB), "target_jurisdictions": [], "content": {}})


def assert_too_large(r: Any) -> None:
    assert r.status_code == 413, r.text
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["max_bytes"] == 2 * MIB and "2 MiB" in r.json()["detail"]
    assert all(h in r.headers for h in SECURITY_HEADERS)


def test_json_body_limit_authenticated_and_not(login, anon):
    api = login("researcher_a")
    case = new_case(api)
    headers = {"content-type": "application/json", "If-Match": f'"{case["version"]}"'}
    assert_too_large(api.put(f"/api/v1/cases/{case['id']}", content=big_case_body(), headers=headers))
    # Before authentication: an anonymous caller gets 413, not 401 after the body was read.
    assert_too_large(
        anon.post("/api/v1/cases", content=big_case_body(), headers={"content-type": "application/json"})
    )
    assert_too_large(anon.post("/api/v1/auth/login", content=big_case_body()))

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
        for _ in range(3):
            yield b" " * MIB

    r = anon.post("/api/v1/cases", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert_too_large(r)
    # Just under the limit is read and parsed (and refused for what it says).
    small = raw_json({"title": "x" * (MIB), "target_jurisdictions": [], "content": {}})
    assert (
        api.post("/api/v1/cases", content=small, headers={"content-type": "application/json"}).status_code
        == 422
    )


def test_json_body_limit_is_a_setting(pg_url, tmp_path, sm):
    app = create_app(
        make_settings(pg_url, tmp_path / "var", max_json_body_bytes=4096), sessionmaker_override=sm
    )
    r = TestClient(app).post("/api/v1/auth/login", json={"email": "x" * 5000, "password": "p"})
    assert r.status_code == 413 and r.json()["max_bytes"] == 4096


def test_evidence_uploads_keep_their_own_limit(login):
    """The multipart route is excluded from the JSON limit: a 3 MiB photo is accepted."""
    api = login("researcher_a")
    case = new_case(api)
    buf = io.BytesIO()
    Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3)).save(buf, "JPEG", quality=98)
    photo = buf.getvalue()
    assert len(photo) > 2.5 * MIB
    r = api.post(
        f"/api/v1/cases/{case['id']}/evidence",
        data={"title": "A big photo"},
        files={"file": ("big.jpg", photo, "image/jpeg")},
    )
    assert r.status_code == 201, r.text


def test_streamed_routes_exist(app):
    """STREAMED_BODIES names real routes: a renamed upload route cannot fall under the JSON limit."""
    paths = app.openapi()["paths"]
    for method, path in guards.STREAMED_BODIES:
        assert method.lower() in paths[path], (method, path)


# ---- faults -----------------------------------------------------------------------------------------------


def assert_unavailable(r: Any) -> None:
    assert r.status_code == 503, r.text
    assert r.headers["content-type"] == PROBLEM and int(r.headers["retry-after"]) > 0
    assert r.json()["type"].endswith("/database-unavailable")
    assert all(h in r.headers for h in SECURITY_HEADERS)


def test_database_down_is_503_with_retry_after(tmp_path):
    settings = make_settings("postgresql+psycopg://postgres@127.0.0.1:1/x", tmp_path / "var")
    client = TestClient(create_app(settings))
    assert_unavailable(client.post("/api/v1/auth/login", json={"email": "a@b.example", "password": "p"}))
    assert_unavailable(client.get("/api/v1/cases", headers={"Authorization": "Bearer pt_nothing"}))
    client.cookies.set(settings.session_cookie, "whatever")
    assert_unavailable(client.get("/api/v1/me"))
    assert client.get("/api/v1/ready").status_code == 503


def test_pool_exhausted_is_503_then_recovers(pg_url, tmp_path, seeded):
    engine = make_engine(pg_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    try:
        app = create_app(
            make_settings(pg_url, tmp_path / "var"), sessionmaker_override=make_sessionmaker(engine)
        )
        client = TestClient(app)
        login = {"email": "researcher@lantern.example", "password": PASSWORD}
        with engine.connect():  # the pool's only connection, held
            assert_unavailable(client.post("/api/v1/auth/login", json=login))
        assert client.post("/api/v1/auth/login", json=login).status_code == 200
    finally:
        engine.dispose()


def _raise(exc: Exception) -> Any:
    def endpoint() -> None:
        raise exc

    return endpoint


FAULTS = {
    "bug": (RuntimeError("a bug"), 500),
    "psycopg": (psycopg.OperationalError("server closed the connection unexpectedly"), 503),
    "pool": (sa_exc.TimeoutError("QueuePool limit reached"), 503),
    "wrapped": (ExceptionGroup("task group", [ValueError("x"), psycopg.InterfaceError("closed")]), 503),
}


@pytest.mark.parametrize("fault", FAULTS, ids=FAULTS.keys())
def test_unhandled_errors_are_problem_json_with_security_headers(app, fault):
    exc, status = FAULTS[fault]
    app.add_api_route("/api/v1/test-fault", _raise(exc), methods=["POST"])
    r = TestClient(app).post("/api/v1/test-fault")
    assert r.status_code == status and r.headers["content-type"] == PROBLEM
    assert all(h in r.headers for h in SECURITY_HEADERS)
    assert r.headers["cache-control"] == "no-store"
    assert "a bug" not in r.text and "Traceback" not in r.text
    assert ("retry-after" in r.headers) == (status == 503)


def test_unhandled_sql_errors_are_logged_without_their_parameters(app, caplog):
    exc = sa_exc.DataError("UPDATE case_files SET title=%(title)s", {"title": "Сидоров"}, ValueError("bad"))
    app.add_api_route("/api/v1/test-fault", _raise(exc), methods=["POST"])
    r = TestClient(app).post("/api/v1/test-fault")
    assert r.status_code == 500 and "Сидоров" not in r.text
    assert "UPDATE case_files" in caplog.text and "Сидоров" not in caplog.text


@pytest.fixture
def server(live_app: Any) -> Iterator[tuple[str, int]]:
    """A real uvicorn (keep-alive, chunked bodies) in front of the app, with a route that fails."""
    live_app.add_api_route("/api/v1/test-fault", _raise(RuntimeError("a bug")), methods=["POST"])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    srv = uvicorn.Server(uvicorn.Config(live_app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield "127.0.0.1", sock.getsockname()[1]
    srv.should_exit = True
    thread.join(10)
    sock.close()


def test_errors_keep_the_connection_open(server):
    conn = http.client.HTTPConnection(*server, timeout=10)
    conn.request("GET", "/api/v1/health")
    assert conn.getresponse().read() and conn.sock is not None
    first = conn.sock
    conn.request("POST", "/api/v1/test-fault")
    r = conn.getresponse()
    assert (
        r.status == 500
        and r.getheader("content-type") == PROBLEM
        and r.getheader("x-frame-options") == "DENY"
    )
    r.read()
    body = b'{"title": "\\ud800", "target_jurisdictions": [], "content": {}}'
    conn.request("POST", "/api/v1/cases", body=body, headers={"content-type": "application/json"})
    r = conn.getresponse()
    assert r.status == 422 and json.loads(r.read())["errors"][0]["loc"] == ["body", "title"]
    conn.request("GET", "/api/v1/health")
    r = conn.getresponse()
    assert r.status == 200 and r.read()
    assert conn.sock is first  # the same keep-alive connection throughout
    conn.close()


def test_chunked_body_is_cut_off_while_reading(server):
    """The server answers 413 once the limit is passed, without waiting for the rest of the body."""
    host, port = server
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(
            f"POST /api/v1/cases HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        chunk = b" " * 65536
        for _ in range(2 * MIB // len(chunk) + 2):  # just past the limit; the final chunk never comes
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        answer = b""
        while b"\r\n\r\n" not in answer:
            data = conn.recv(65536)
            assert data, answer
            answer += data
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b"application/problem+json" in answer


# ---- Origin -----------------------------------------------------------------------------------------------


def test_cross_origin_login_is_refused(anon):
    login = {"email": "researcher@lantern.example", "password": PASSWORD}
    r = anon.post("/api/v1/auth/login", json=login, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and r.headers["content-type"] == PROBLEM
    assert r.json()["type"].endswith("/cross-origin") and "set-cookie" not in r.headers
    for origin in ("null", "http://testserver.evil.example", "https://testserver", "http://testserver:8080"):
        assert anon.post("/api/v1/auth/login", json=login, headers={"Origin": origin}).status_code == 403
    r = anon.post("/api/v1/auth/login", json=login, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    r = anon.post("/api/v1/auth/login", json=login, headers={"Sec-Fetch-Site": "same-site"})
    assert r.status_code == 403

    assert (
        anon.post("/api/v1/auth/login", json=login, headers={"Origin": "http://testserver"}).status_code
        == 200
    )
    assert (
        anon.post("/api/v1/auth/login", json=login, headers={"Origin": "HTTP://TestServer:80"}).status_code
        == 200
    )
    assert (
        anon.post("/api/v1/auth/login", json=login, headers={"Sec-Fetch-Site": "same-origin"}).status_code
        == 200
    )
    assert anon.post("/api/v1/auth/login", json=login).status_code == 200  # curl, scripts


def test_cookie_requests_need_the_portal_origin_bearer_ones_do_not(login):
    api = login("org_admin_a")
    evil = {"Origin": "https://evil.example"}
    body = {"title": "T", "target_jurisdictions": ["us"], "content": {}}
    r = api.post("/api/v1/cases", json=body, headers=evil)  # right CSRF token, wrong origin
    assert r.status_code == 403 and r.json()["type"].endswith("/cross-origin")
    assert api.post("/api/v1/cases", json=body, headers={"Origin": "http://testserver"}).status_code == 201
    assert api.get("/api/v1/cases", headers=evil).status_code == 200  # reads are not state changes

    token = api.post("/api/v1/tokens", json={"name": "ci", "scopes": ["cases:read", "cases:write"]}).json()[
        "token"
    ]
    bare = TestClient(api.client.app)
    auth = {"Authorization": f"Bearer {token}", **evil}
    assert bare.post("/api/v1/cases", json=body, headers=auth).status_code == 201
    # The same token sent along with a session cookie is a browser's request: checked.
    r = api.client.post("/api/v1/cases", json=body, headers={**auth, "X-CSRF-Token": api.csrf or ""})
    assert r.status_code == 403


def test_development_accepts_loopback_origins(pg_url, tmp_path):
    dev = make_settings(pg_url, tmp_path, env="development", public_base_url="http://127.0.0.1:8000")
    test = make_settings(pg_url, tmp_path, public_base_url="http://127.0.0.1:8000")
    for origin in ("http://localhost:5173", "http://127.0.0.1:8000", "http://[::1]:8000"):
        assert guards.origin_refusal(dev, "POST", {"origin": origin}) is None
        assert (guards.origin_refusal(test, "POST", {"origin": origin}) is None) == (
            origin == "http://127.0.0.1:8000"
        )
    assert guards.origin_refusal(dev, "POST", {"origin": "https://evil.example"}) is not None


# ---- comment anchors --------------------------------------------------------------------------------------


def test_comment_anchors_must_exist_in_the_revision(login):
    researcher, coordinator = login("researcher_a"), login("coordinator_a")
    case = new_case(researcher)
    submit(researcher, case["id"])
    coordinator.post(f"/api/v1/review/cases/{case['id']}/assign", json={})
    url = f"/api/v1/cases/{case['id']}/comments"
    for path in (
        "perpetrators[99999].x",
        "perpetrators[99999]",
        "perpetrators[0].x",
        "perpetrators[0].name.first",
        "perpetrators.name",
        "jurisdictions.zz",
        "victims.groups[50]",
        "title[0]",
        "general.x",
    ):
        r = coordinator.post(url, json={"path": path, "body": "?"})
        assert r.status_code == 422, (path, r.text)
        assert r.json()["errors"][0]["loc"] == ["body", "path"]
    for path in (
        "perpetrators[0].positions",
        "perpetrators[0].birth_date",  # empty fields can be asked for
        "jurisdictions.uk.impact_argument",
        "victims",
        "title",
        "target_jurisdictions[0]",
        "general",
        "evidence",
    ):
        r = coordinator.post(url, json={"path": path, "body": "?"})
        assert r.status_code == 201, (path, r.text)
