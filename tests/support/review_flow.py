"""Driving a case through review over HTTP, for tests of later stages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def realistic_content() -> dict[str, Any]:
    return json.loads((FIXTURES / "case_realistic.json").read_text())


def new_case(
    api: Any,
    title: str = "Zarechny detentions",
    targets: tuple[str, ...] = ("us", "uk", "ca", "eu"),
    content: dict[str, Any] | None = None,
) -> dict[str, Any]:
    r = api.post(
        "/api/v1/cases",
        json={
            "title": title,
            "target_jurisdictions": list(targets),
            "content": realistic_content() if content is None else content,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


def submit(api: Any, case_id: str) -> dict[str, Any]:
    r = api.post(f"/api/v1/cases/{case_id}/submit")
    assert r.status_code == 200, r.text
    return r.json()


def approve(coordinator_a: Any, coordinator_b: Any, case_id: str) -> dict[str, Any]:
    """Take the case with A, approve with A and B; returns the case as B sees it."""
    if coordinator_a.get(f"/api/v1/cases/{case_id}").json()["status"] == "submitted":
        r = coordinator_a.post(f"/api/v1/review/cases/{case_id}/assign", json={})
        assert r.status_code == 200, r.text
    revision = coordinator_a.get(f"/api/v1/cases/{case_id}").json()["revision_number"]
    for c in (coordinator_a, coordinator_b):
        r = c.post(
            f"/api/v1/review/cases/{case_id}/decisions", json={"decision": "approve", "revision": revision}
        )
        assert r.status_code == 200, r.text
    case: dict[str, Any] = coordinator_b.get(f"/api/v1/cases/{case_id}").json()
    assert case["status"] == "approved", case
    return case


def approved_case(as_: dict[str, Any], **kw: Any) -> dict[str, Any]:
    case = new_case(as_["researcher_a"], **kw)
    submit(as_["researcher_a"], case["id"])
    return approve(as_["coordinator_a"], as_["coordinator_b"], case["id"])
