"""A submission carries its case's organisation and keys (migration 0015_recommendation_keys), so the
analytics count recommendations from the submissions alone: the copies are made when the package's
submission is, and an approved case's content never changes again."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.models.cases import CaseFile, CaseStatus
from app.models.packages import Submission
from app.workflows import case_states
from app.workflows.cases import CASE_KEYS, EDITABLE
from tests.api.test_submissions import built, send
from tests.support.flows import LazyLogins, approved_case

V1 = "/api/v1/analytics"
PAST_APPROVAL = {CaseStatus.approved, CaseStatus.packaged, CaseStatus.submitted_to_government}


@pytest.fixture
def as_(login: Any) -> LazyLogins:
    return LazyLogins(login)


def test_no_transition_reopens_an_approved_case() -> None:
    """The copies stay true only while an approved case's content is frozen: a transition from approval
    on back to an editable state would need them refreshed (cases.case_keys)."""
    for t in case_states.TRANSITIONS.values():
        if t.target in EDITABLE:
            assert not (t.sources & PAST_APPROVAL), t.name


def test_submission_copies_its_case_keys_and_analytics_count_it(as_: LazyLogins, db: Any) -> None:
    coordinator, researcher = as_["coordinator_a"], as_["researcher_a"]
    case = approved_case(as_, db)
    pkgs = built(coordinator, case["id"], "us", "uk")
    assert send(coordinator, pkgs["us"]).status_code == 200
    db.expire_all()
    row = db.get(CaseFile, case["id"])
    assert row is not None and row.categories_key != "|" and row.countries_key != "|"
    subs = db.execute(select(Submission).where(Submission.case_id == case["id"])).scalars().all()
    assert len(subs) == 2
    for s in subs:
        assert {k: getattr(s, k) for k in CASE_KEYS} == {k: getattr(row, k) for k in CASE_KEYS}

    # Only the sent one is a recommendation; the organisation's own figures and the coalition's agree.
    country = row.countries_key.strip("|").split("|")[0]
    for api in (researcher, coordinator):
        r = api.get(f"{V1}/recommendations_by_organisation", params={"organisations": row.org_id})
        assert r.status_code == 200, r.text
        (mine,) = [x for x in r.json()["rows"] if x["org_id"] == row.org_id]
        assert (mine["us"], mine["uk"], mine["total"]) == (1, 0, 1)
        r = api.get(f"{V1}/recommendations_by_country", params={"organisations": row.org_id})
        assert r.status_code == 200, r.text
        assert [x["total"] for x in r.json()["rows"] if x["country"] == country] == [1]
    # Another NGO sees none of it below the public aggregate.
    r = as_["researcher_b"].get(f"{V1}/recommendations_by_organisation")
    assert r.status_code == 200, r.text
    assert all(x["org_id"] != row.org_id for x in r.json()["rows"])
