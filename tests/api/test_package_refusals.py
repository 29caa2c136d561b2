"""Refused package requests: each reason has a stable code and params, and a text in the caller's
language (content named by its labels); the English `reasons` stay as they were."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from app.models.cases import CaseRevision
from app.models.packages import Package, PackageState
from tests.support.flows import LazyLogins, approved_case
from tests.support.review_flow import realistic_content


@pytest.fixture
def as_(login: Any) -> LazyLogins:
    return LazyLogins(login)


def _corruption_only() -> dict[str, Any]:
    from tests.api.test_cases import corruption_only

    return corruption_only()


def request(api: Any, case_id: str, *codes: str, lang: str | None = None) -> Any:
    headers = {"Accept-Language": lang} if lang else {}
    return api.post(f"/api/v1/cases/{case_id}/packages", json={"jurisdictions": list(codes)}, headers=headers)


# Words of the English reasons, and raw content paths: none may be left in a French or Arabic text.
ENGLISH = re.compile(
    r"\b(not a target|jurisdiction of this case|chose|none|no regime|covers|required content|missing|"
    r"already being built|regime|eligible|is not|case)\b|\bjurisdictions\.|\bcontact\.|\[\d+\]",
    re.IGNORECASE,
)


def _by_jurisdiction(refused: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {x["jurisdiction"]: x for x in refused}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_refusals_in_the_callers_language(as_, db, lang):
    coordinator = as_["coordinator_a"]
    case = approved_case(as_, db, content=_corruption_only(), targets=("us", "uk", "eu"))
    english = request(coordinator, case["id"], "eu", "uk", "ca")
    assert english.status_code == 422, english.text
    r = request(coordinator, case["id"], "eu", "uk", "ca", lang=f"{lang},en;q=0.5")
    assert r.status_code == 422, r.text
    got, en = _by_jurisdiction(r.json()["refused"]), _by_jurisdiction(english.json()["refused"])
    assert {j: x["reason_details"][0]["code"] for j, x in got.items()} == {
        "eu": "corruption_only_case",
        "uk": "required_content_missing",
        "ca": "not_target_jurisdiction",
    }
    assert got["ca"]["reason_details"][0]["params"] == {"jurisdiction": "ca", "targets": ["eu", "uk", "us"]}
    assert got["uk"]["reason_details"][0]["params"] == {"fields": got["uk"]["missing"]}
    for j, x in got.items():
        # Codes, params, the English reasons and the paths do not depend on the caller's language.
        assert [(d["code"], d["params"], d["msg"]) for d in x["reason_details"]] == [
            (d["code"], d["params"], d["msg"]) for d in en[j]["reason_details"]
        ]
        assert x["reasons"] == en[j]["reasons"] == [d["msg"] for d in x["reason_details"]]
        assert x["missing"] == en[j]["missing"]
        assert x["text"] and all(d["text"] for d in x["reason_details"])
        assert not ENGLISH.search(x["text"]), (j, x["text"])
    if lang == "ar":
        assert re.search("[\u0600-\u06ff]", got["ca"]["text"])
        assert "كندا" in got["ca"]["text"]
    else:
        assert got["ca"]["text"].startswith("Le Canada n’est pas une juridiction visée")
        assert "Royaume-Uni" in got["ca"]["text"]  # the chosen targets are named, not coded
        assert "Des éléments obligatoires manquent" in got["uk"]["text"]


def test_english_default_unchanged(as_, db):
    coordinator = as_["coordinator_a"]
    case = approved_case(as_, db, content=_corruption_only(), targets=("us", "uk", "eu"))
    r = request(coordinator, case["id"], "us", "eu", "uk", "ca")
    assert r.status_code == 202, r.text
    refused = _by_jurisdiction(r.json()["refused"])
    assert refused["ca"]["reasons"] == [
        "Canada is not a target jurisdiction of this case; the authoring organisation chose eu, uk, us"
    ]
    assert refused["ca"]["text"] == (
        "Canada is not a target jurisdiction of this case; the authoring organisation chose the EU, the UK, "
        "the US"
    )
    assert refused["uk"]["reasons"][0].startswith("Required content is missing: jurisdictions.uk.")
    assert refused["uk"]["text"].startswith("Required content is missing: ")
    assert "jurisdictions.uk." not in refused["uk"]["text"]  # named by labels
    assert "corruption-only case is not eligible for the EU" in " ".join(refused["eu"]["reasons"])
    assert request(coordinator, case["id"], "ca", lang="de").json()["refused"][0]["text"].startswith("Canada")


def test_missing_content_named_by_labels(as_, db):
    content = realistic_content()
    del content["jurisdictions"]["ca"]["impact_argument"]
    content["contact"].pop("email")
    case = approved_case(as_, db, content=content)
    coordinator = as_["coordinator_a"]
    en = request(coordinator, case["id"], "ca").json()
    assert en["refused"][0]["missing"] == ["jurisdictions.ca.impact_argument", "contact.email"]
    assert "jurisdictions.ca.impact_argument" in en["detail"]  # the problem's detail stays English
    for lang in ("fr", "ar"):
        r = request(coordinator, case["id"], "ca", lang=lang)
        assert r.status_code == 422
        (x,) = r.json()["refused"]
        assert x["reasons"] == en["refused"][0]["reasons"]
        assert x["reason_details"][0]["code"] == "required_content_missing"
        assert not ENGLISH.search(x["text"]), x["text"]


def test_busy_refusal_has_its_code(as_, db):
    case = approved_case(as_, db)
    rev = (
        db.execute(
            select(CaseRevision)
            .where(CaseRevision.case_id == case["id"])
            .order_by(CaseRevision.number.desc())
        )
        .scalars()
        .first()
    )
    db.add(
        Package(
            case_id=case["id"],
            revision_number=rev.number,
            revision_hash=rev.content_hash,
            jurisdiction="us",
            regimes=[],
            state=PackageState.building,
            progress=0,
            evidence_choices=[],
            excluded=[],
        )
    )
    db.commit()
    r = request(as_["coordinator_a"], case["id"], "us", lang="fr")
    assert r.status_code == 409, r.text
    (x,) = r.json()["refused"]
    assert x["kind"] == "busy" and x["reasons"] == ["A package for United States is already being built"]
    assert x["reason_details"][0]["code"] == "package_already_building"
    assert x["text"] == "Un dossier de transmission pour les États-Unis est déjà en cours de préparation"
