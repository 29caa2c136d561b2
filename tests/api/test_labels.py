"""Human labels on readiness and diffs (issue #15 item 4): every content path, regime and jurisdiction
has words in en/fr/es/ar, chosen by `lang` or Accept-Language; items name perpetrators, not ids."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest

from app.jurisdictions import JURISDICTIONS
from app.jurisdictions.content_labels import CATEGORY_LABELS, LANGS, PATH_LABELS
from app.schemas.case_content import AbuseCategory, CaseContent
from app.workflows.labels import Labeller, pattern, pick_lang
from tests.support.review_flow import new_case

UNNAMED = "9c29c643aadc1cd5"


def _arabic(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("ARABIC") for ch in text)


def _patterns(schema: dict[str, Any]) -> list[str]:
    """Every path pattern of the content model's JSON schema: `[]` for list items, `*` for map keys."""
    defs = schema.get("$defs", {})

    def deref(s: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in s:
            s = defs[s["$ref"].split("/")[-1]]
        if "anyOf" in s:
            options = [o for o in s["anyOf"] if o.get("type") != "null"]
            if len(options) == 1:
                return deref(options[0])
        return s

    out: list[str] = []

    def walk(s0: dict[str, Any], path: str) -> None:
        s = deref(s0)
        if path:
            out.append(path)
        if "properties" in s:
            for key, sub in s["properties"].items():
                walk(sub, f"{path}.{key}" if path else key)
        elif s.get("type") == "array" and "items" in s:
            walk(s["items"], f"{path}[]")
        elif s.get("type") == "object" and isinstance(s.get("additionalProperties"), dict):
            walk(s["additionalProperties"], f"{path}.*")

    walk(schema, "")
    return out


def test_every_content_path_pattern_has_a_label_in_every_language() -> None:
    patterns = ["title", *_patterns(CaseContent.model_json_schema(by_alias=True))]
    assert {"perpetrators[].nationality", "jurisdictions.*.ties_and_assets[].value"} <= set(patterns)
    assert len(patterns) > 80
    missing = [p for p in patterns if p not in PATH_LABELS]
    assert missing == [], f"content paths without a label in app/jurisdictions/content_labels.py: {missing}"
    for p in patterns:
        labels = PATH_LABELS[p]
        assert set(labels) == set(LANGS) and all(v.strip() for v in labels.values()), p
        assert _arabic(labels["ar"]) and not _arabic(labels["en"]), p
    assert set(CATEGORY_LABELS) == {c.value for c in AbuseCategory}
    # The label key of a concrete loc is the pattern the model walk produces.
    assert pattern(["jurisdictions", "uk", "ties_and_assets", 2, "value"]) == (
        "jurisdictions.*.ties_and_assets[].value"
    )
    assert pattern(["perpetrators", 0, "nationality", 1]) == "perpetrators[].nationality[]"


def test_regimes_and_jurisdictions_have_names_in_every_language(anon) -> None:
    body = anon.get("/api/v1/jurisdictions").json()
    assert [j["code"] for j in body] == list(JURISDICTIONS)
    for j in body:
        assert set(j["labels"]) == set(LANGS) and j["labels"]["en"] == j["name"]
        assert _arabic(j["labels"]["ar"])
        for regime in j["regimes"]:
            assert set(regime["labels"]) == set(LANGS) and regime["labels"]["en"] == regime["name"]
            assert _arabic(regime["labels"]["ar"]) and regime["labels"]["fr"] != regime["name"]


@pytest.mark.parametrize(
    ("header", "lang", "expected"),
    [
        (None, None, "en"),
        ("ar", None, "ar"),
        ("de-DE,fr-CA;q=0.8,en;q=0.5", None, "fr"),
        ("es;q=0.2, ar;q=0.9", None, "ar"),
        ("fr;q=0, es", None, "es"),
        ("ar", "es", "es"),
        ("xx, *;q=0.1", None, "en"),
    ],
)
def test_language_choice(header: str | None, lang: str | None, expected: str) -> None:
    assert pick_lang(lang, header) == expected


def _content() -> dict[str, Any]:
    return {
        "perpetrators": [
            {"id": UNNAMED, "schema": "Person"},
            {"id": "p-ivan", "schema": "Person", "name": "Ivan Petrov", "nationality": ["ru"]},
        ],
        "abuses": [
            {
                "id": "a-torture",
                "category": "torture",
                "description": "Beatings in custody.",
                "perpetrator_roles": [{"perpetrator_id": "p-ivan", "role": "perpetrated"}],
            }
        ],
    }


def test_readiness_items_have_labels_in_english_and_arabic_and_name_people(as_) -> None:
    api = as_["researcher_a"]
    case = new_case(api, title="Labels", targets=("uk",), content=_content())
    url = f"/api/v1/cases/{case['id']}/readiness"

    en = api.get(url).json()["uk"]
    ar = api.get(url, headers={"Accept-Language": "ar,en;q=0.5"}).json()["uk"]
    assert en["label"] == "United Kingdom" and ar["label"] == "المملكة المتحدة"

    by_path = {i["path"]: i for i in en["missing_items"]}
    assert [i["path"] for i in en["missing_items"]] == en["missing"]
    ties = by_path["jurisdictions.uk.ties_and_assets"]
    assert ties["field"] == "jurisdictions.uk.ties_and_assets"
    assert ties["label"] == "United Kingdom › Ties and assets"
    ar_ties = next(i for i in ar["missing_items"] if i["path"] == "jurisdictions.uk.ties_and_assets")
    assert ar_ties["label"] == "المملكة المتحدة › الروابط والأصول"
    # A named perpetrator is named; an unnamed one is numbered, never shown by its id.
    birth = by_path["perpetrators[1].birth_date"]
    assert birth["field"] == "perpetrators.1.birth_date"
    assert birth["label"] == "Perpetrator 2 (Ivan Petrov) › Birth date"
    assert by_path["perpetrators[0].name"]["label"] == "Perpetrator 1 › Name"
    ar_birth = next(i for i in ar["missing_items"] if i["path"] == "perpetrators[1].birth_date")
    assert ar_birth["label"] == "مرتكب الانتهاك 2 (Ivan Petrov) › تاريخ الميلاد"

    unlinked = next(w for w in en["warnings"] if w["loc"] == ["perpetrators", 0])
    assert UNNAMED in unlinked["msg"]  # the raw message is unchanged for existing clients
    assert unlinked["text"] == "Perpetrator 1 is not linked to any abuse"
    assert unlinked["field"] == "perpetrators.0" and unlinked["label"] == "Perpetrator 1"
    assert all(UNNAMED not in (w["text"] or "") for w in en["warnings"] + ar["warnings"])

    (ghr,) = en["eligible_regimes"]
    assert ghr["code"] == "uk_ghr" and ghr["label"] == "Global Human Rights sanctions"
    assert ghr["perpetrators"] == [{"id": "p-ivan", "label": "Perpetrator 2 (Ivan Petrov)"}]
    assert ghr["abuses"][0]["label"] == "Abuse 1 (Torture)"
    (ar_ghr,) = ar["eligible_regimes"]
    assert ar_ghr["label"] == "العقوبات العالمية المتعلقة بحقوق الإنسان"
    assert ar_ghr["abuses"][0]["label"] == "الانتهاك 1 (التعذيب)"

    # `lang` wins over Accept-Language.
    fr = api.get(url, params={"lang": "fr"}, headers={"Accept-Language": "ar"}).json()["uk"]
    assert fr["label"] == "Royaume-Uni"
    assert next(i for i in fr["missing_items"] if i["path"] == "perpetrators[1].birth_date")["label"] == (
        "Auteur 2 (Ivan Petrov) › Date de naissance"
    )


def test_reasons_speak_in_labels_not_paths(as_) -> None:
    api = as_["researcher_a"]
    content = {"abuses": [{"id": "a1", "category": "sexual_gender_based_violence"}]}
    case = new_case(api, title="Not widespread", targets=("eu",), content=content)
    eu = api.get(f"/api/v1/cases/{case['id']}/readiness", params={"lang": "es"}).json()["eu"]
    assert eu["eligible"] is False and eu["label"] == "Unión Europea"
    assert any("abuses[0].widespread_or_systematic" in r for r in eu["reasons"])
    text = " ".join(eu["reason_texts"])
    assert not re.search(r"abuses\[\d", text)
    # In the caller's language (app/jurisdictions/messages.py), content named by its labels.
    assert "Violación 1 (Violencia sexual y de género) no está cubierta por ningún régimen de la UE" in text
    assert "(Violación 1 (Violencia sexual y de género) › Generalizada o sistemática)" in text
    assert [d["code"] for d in eu["reason_details"]] == ["abuse_not_covered"]
    assert [d["code"] for d in eu["reason_details"][0]["details"]] == ["needs_scale_or_concern"]
    en = api.get(f"/api/v1/cases/{case['id']}/readiness").json()["eu"]
    text = " ".join(en["reason_texts"])
    assert "Abuse 1 (Sexual and gender-based violence) is not covered by any regime of the EU" in text
    assert "(Abuse 1 (Sexual and gender-based violence) › Widespread or systematic)" in text


def test_unknown_language_is_a_clear_422(as_) -> None:
    api = as_["researcher_a"]
    case = new_case(api, title="Lang", targets=("us",), content={})
    r = api.get(f"/api/v1/cases/{case['id']}/readiness", params={"lang": "de"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert any(e["loc"][-1] == "lang" for e in r.json()["errors"])
    # An Accept-Language the portal does not speak just falls back to English.
    r = api.get(f"/api/v1/cases/{case['id']}/readiness", headers={"Accept-Language": "de"})
    assert r.status_code == 200 and r.json()["us"]["label"] == "United States"


def test_diff_entries_have_labels_and_fields(as_) -> None:
    api = as_["researcher_a"]
    case = new_case(api, title="Diff labels", targets=("uk",), content=_content())
    changed = _content()
    changed["perpetrators"][1]["nationality"] = ["ru", "by"]
    changed["perpetrators"][1]["positions"] = [{"title": "Colonel"}]
    changed["perpetrators"] = changed["perpetrators"][1:]  # the unnamed one is removed
    changed["jurisdictions"] = {"uk": {"impact_argument": "Assets in London."}}
    r = api.put(
        f"/api/v1/cases/{case['id']}",
        json={"content": changed},
        headers={"If-Match": f'"{case["version"]}"'},
    )
    assert r.status_code == 200, r.text
    url = f"/api/v1/cases/{case['id']}/diff"
    rev = r.json()["revision_number"]
    body = api.get(url, params={"from": case["revision_number"], "to": rev, "lang": "en"}).json()
    by_path = {c["path"]: c for c in body["changes"]}
    assert by_path["perpetrators[0]"]["op"] == "removed"
    assert by_path["perpetrators[0]"]["label"] == "Perpetrator 1"  # as it was in the old revision
    nat = by_path["perpetrators[0].nationality[1]"]
    assert nat["label"] == "Perpetrator 1 (Ivan Petrov) › Nationality 2"
    assert nat["field"] == "perpetrators.0.nationality.1"
    position = by_path["perpetrators[0].positions[0]"]
    assert position["label"] == "Perpetrator 1 (Ivan Petrov) › Position 1" and position["op"] == "added"
    assert by_path["jurisdictions.uk"]["label"] == "United Kingdom"
    ar = api.get(url, params={"from": case["revision_number"], "to": rev}, headers={"Accept-Language": "ar"})
    labels = {c["path"]: c["label"] for c in ar.json()["changes"]}
    assert labels["perpetrators[0].nationality[1]"] == "مرتكب الانتهاك 1 (Ivan Petrov) › الجنسية 2"
    assert all(_arabic(v) for v in labels.values())


def test_labeller_names_what_it_does_not_know_by_its_key() -> None:
    # Paths outside the content model (never produced by readiness) still read, with their raw key.
    assert Labeller({}, "en").label(["surprise", 0]) == "surprise 1"
