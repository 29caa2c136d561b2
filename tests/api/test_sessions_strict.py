"""`POST /auth/sessions/revoke-all` takes `keep_current` as a JSON boolean only (issue 13): a string or a
number is refused with 422 naming the field, and refused means nothing was revoked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_sessions import person, sign_in

__all__ = ["person"]  # the fixture, registered by importing it

URL = "/api/v1/auth/sessions/revoke-all"


@pytest.mark.parametrize("value", ["false", "true", 1, 0, None, "no"], ids=repr)
def test_keep_current_must_be_a_json_boolean(person: str, app: Any, value: Any) -> None:
    a, b = sign_in(app, person, "a"), sign_in(app, person, "b")
    r = a.post(URL, json={"keep_current": value})
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["detail"] == "Invalid request: body.keep_current"
    (error,) = problem["errors"]
    assert error["loc"] == ["body", "keep_current"]
    assert error["type"] == "bool_type" and error["msg"] == "Input should be a valid boolean"
    # Refused: both sessions are still signed in.
    assert a.get("/api/v1/me").status_code == 200 and b.get("/api/v1/me").status_code == 200


@pytest.mark.parametrize("keep", [True, False])
def test_json_booleans_are_taken(person: str, app: Any, keep: bool) -> None:
    a, b = sign_in(app, person, "a"), sign_in(app, person, "b")
    r = a.post(URL, json={"keep_current": keep})
    assert r.status_code == 200 and r.json() == {"revoked": 1 if keep else 2}
    assert b.get("/api/v1/me").status_code == 401
    assert a.get("/api/v1/me").status_code == (200 if keep else 401)
