"""The portal's own messages in the caller's language (issue #15): readiness warnings, reasons, why missing
content is needed and why evidence is not sent carry a stable `code` and `params`; `msg` / `reason` stay
English; `text` (`texts` for evidence) is the message in en/fr/es/ar from app/jurisdictions/messages.py."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

import pytest

from app.config import Settings
from app.jurisdictions import JURISDICTIONS
from app.jurisdictions.content_labels import LANGS
from app.jurisdictions.messages import MESSAGES, PARAM_KINDS, placeholders, render
from app.models.evidence import Evidence, SanitiseStatus, ScanStatus, Sensitivity
from app.schemas.case_content import MAX_TITLE_LENGTH, CaseContent
from app.schemas.messages import Message
from app.workflows.labels import label_readiness
from app.workflows.packaging.selection import sending_plan
from app.workflows.readiness import ReadinessWarning, readiness
from tests.api.test_evidence import as_, case, jpeg_with_gps, settings, upload
from tests.support.review_flow import new_case

__all__ = ["as_", "case", "settings"]

NAMES = ("Ivan Petrov", "Olga Smirnova", "Zarechny Holdings")
# Words no French, Spanish or Arabic sentence of ours has, but nearly every English one does.
ENGLISH = re.compile(
    r"\b(the|is|not|any|only|if|and|of|has|by|it|was|be|its|yet|who|what|why|with|are)\b", re.I
)


def _arabic(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("ARABIC") for ch in text)


def _content() -> dict[str, Any]:
    return {
        "perpetrators": [
            {
                "id": "p-ivan",
                "schema": "Person",
                "name": "Ivan Petrov",
                "birth_date": "1990-01-01",
                "positions": [{"title": "Colonel", "start_date": "1980"}],
            },
            {"id": "p-ivan-2", "schema": "Person", "name": "Ivan Petrov"},
            {"id": "p-olga", "schema": "Person", "name": "Olga Smirnova", "birth_date": "1995-05-05"},
            {"id": "p-co", "schema": "Company", "name": "Zarechny Holdings"},
        ],
        "abuses": [
            {
                "id": "a-torture",
                "category": "torture",
                "description": "Beatings in custody.",
                "incidents": [{"date": "1990-01-01", "country": "ru"}, {"date": "2099-01-01"}],
                "perpetrator_roles": [
                    {"perpetrator_id": "p-olga", "role": "perpetrated"},
                    {"perpetrator_id": "p-olga", "role": "perpetrated"},
                ],
            },
            {"id": "a-sgbv", "category": "sexual_gender_based_violence"},
            {
                "id": "a-bribe",
                "category": "bribery",
                "perpetrator_roles": [{"perpetrator_id": "p-ivan-2", "role": "perpetrated"}],
            },
        ],
    }


def _messages(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Every coded message of one jurisdiction's readiness, details included."""
    out = [*r["warnings"], *r["reason_details"], *r["missing_items"]]
    return out + [d for m in out for d in m.get("details", [])]


def _texts(r: dict[str, Any]) -> list[str]:
    return [
        *(w["text"] for w in r["warnings"]),
        *r["reason_texts"],
        *(i["text"] for i in r["missing_items"]),
    ]


def _readiness(api: Any, case_id: str, **kw: Any) -> dict[str, Any]:
    r = api.get(f"/api/v1/cases/{case_id}/readiness", **kw)
    assert r.status_code == 200, r.text
    return cast(dict[str, Any], r.json())


def test_every_message_has_four_languages_and_none_is_english() -> None:
    for code, templates in MESSAGES.items():
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", code), code
        assert set(templates) == set(LANGS) and all(t.strip() for t in templates.values()), code
        names = {lang: {n for n, _ in placeholders(t)} for lang, t in templates.items()}
        assert all(v == names["en"] for v in names.values()), (code, names)
        assert _arabic(templates["ar"]) and not _arabic(templates["en"]), code
        for lang in ("fr", "es", "ar"):
            assert templates[lang] != templates["en"], (code, lang)
            # Placeholders and the one setting's name aside, nothing English is left.
            words = re.sub(r"\{[^}]*\}", "", templates[lang])
            assert not ENGLISH.search(words), (code, lang, templates[lang])


def test_french_and_arabic_readiness_has_no_english_warning_text(as_) -> None:
    api = as_["researcher_a"]
    case = new_case(api, title="Messages", content=_content())
    en = _readiness(api, case["id"])
    fr = _readiness(api, case["id"], params={"lang": "fr"})
    ar = _readiness(api, case["id"], headers={"Accept-Language": "ar"})

    codes = {m["code"] for r in en.values() for m in _messages(r)}
    # The content warnings, an uncovered abuse (EU: not widespread), a kind without a regime (EU: bribery).
    assert {
        "perpetrator_not_linked",
        "duplicate_name",
        "position_before_birth",
        "incident_before_birth",
        "duplicate_role",
        "date_in_future",
        "abuse_not_covered",
        "needs_scale_or_concern",
        "not_counted_for",
        "abuse_no_corruption_regime",
        "need_identification",
    } <= codes
    for code, r_fr in fr.items():
        r_en, r_ar = en[code], ar[code]
        # The same messages, by code, in every language; `msg` stays the English one.
        assert [(m["code"], m["params"]) for m in _messages(r_fr)] == [
            (m["code"], m["params"]) for m in _messages(r_en)
        ]
        assert [w["msg"] for w in r_ar["warnings"]] == [w["msg"] for w in r_en["warnings"]]
        assert [w["text"] for w in r_fr["warnings"]] != [w["text"] for w in r_en["warnings"]]
        for text in _texts(r_fr):
            assert text and "{" not in text and not re.search(r"\w+\[\d+\]", text), text
            assert not ENGLISH.search(text), text
        for text in _texts(r_ar):
            assert text and _arabic(text), text
            latin = text
            for name in NAMES:
                latin = latin.replace(name, "")
            assert not re.search(r"[A-Za-z]", latin), text
    eu_fr = next(w for w in fr["eu"]["warnings"] if w["code"] == "abuse_not_covered")
    assert eu_fr["text"].startswith("Violation 2 (Violences sexuelles")
    assert eu_fr["text"].endswith("elle ne comptera pas pour l’UE")
    unlinked = next(w for w in ar["us"]["warnings"] if w["code"] == "perpetrator_not_linked")
    assert unlinked["text"] == "مرتكب الانتهاك 1 (Ivan Petrov) غير مرتبط بأي انتهاك"


def test_codes_and_params_are_stable_and_unknown_languages_fall_back_to_english(as_) -> None:
    api = as_["researcher_a"]
    case = new_case(api, title="Codes", targets=("uk", "eu"), content=_content())
    en = _readiness(api, case["id"])
    fallback = _readiness(api, case["id"], headers={"Accept-Language": "de-DE, xx;q=0.5"})
    assert fallback == en  # a language the portal does not speak: English

    unlinked = next(w for w in en["uk"]["warnings"] if w["loc"] == ["perpetrators", 0])
    assert unlinked["code"] == "perpetrator_not_linked"
    assert unlinked["params"] == {"perpetrator": "perpetrators[0]"}
    assert unlinked["msg"] == "Ivan Petrov is not linked to any abuse"
    assert unlinked["text"] == "Perpetrator 1 (Ivan Petrov) is not linked to any abuse"
    born = next(w for w in en["uk"]["warnings"] if w["code"] == "incident_before_birth")
    assert born["params"] == {
        "date": "1990-01-01",
        "perpetrator": "perpetrators[2]",
        "birth_date": "1995-05-05",
    }
    bribery = next(w for w in en["eu"]["warnings"] if w["code"] == "abuse_no_corruption_regime")
    assert bribery["params"] == {"abuse": "abuses[2]", "jurisdiction": "eu"}
    assert [d["code"] for d in bribery["details"]] == ["not_counted_for"]
    assert bribery["text"] == (
        "Abuse 3 (Bribery): The EU has no anti-corruption sanctions regime; it will not count for the EU"
    )
    birth = next(i for i in en["uk"]["missing_items"] if i["path"] == "perpetrators[1].birth_date")
    assert (birth["code"], birth["params"]) == ("need_identification", {})
    assert birth["msg"] == birth["text"] == "identifying information for the listing"
    es = _readiness(api, case["id"], params={"lang": "es"})
    es_birth = next(i for i in es["uk"]["missing_items"] if i["path"] == "perpetrators[1].birth_date")
    assert es_birth["text"] == "datos de identificación para la designación"
    assert es_birth["msg"] == birth["msg"]

    # Nothing eligible: the reasons are coded too.
    only_bribery = {"abuses": [{"id": "a1", "category": "bribery"}]}
    other = new_case(api, title="Bribery only", targets=("eu",), content=only_bribery)
    eu = _readiness(api, other["id"], params={"lang": "fr"})["eu"]
    (reason,) = eu["reason_details"]
    assert (reason["code"], reason["params"]) == ("corruption_only_case", {"jurisdiction": "eu"})
    assert eu["reasons"] == [reason["msg"]] and eu["reason_texts"] == [reason["text"]]
    assert reason["text"].startswith("Il n’existe aucun régime de sanctions anticorruption dans l’UE ;")


def test_the_evidence_card_says_why_not_in_each_language(as_, case, settings) -> None:
    api = as_["researcher_a"]
    r = upload(api, case["id"], jpeg_with_gps(), "g.jpg", title="G", sensitivity="public", share_with="uk")
    assert r.status_code == 201, r.text
    ev = api.get(f"/api/v1/evidence/{r.json()['id']}").json()
    us = next(s for s in ev["sending"] if s["jurisdiction"] == "us")
    assert (us["code"], us["params"]) == ("evidence_not_cleared", {})
    assert us["texts"]["en"] == us["reason"] == "it is not cleared for this jurisdiction"
    assert us["texts"]["fr"] == "elle n’est pas autorisée pour cette juridiction"
    assert set(us["texts"]) == set(LANGS) and _arabic(us["texts"]["ar"])
    uk = next(s for s in ev["sending"] if s["jurisdiction"] == "uk")
    if not uk["sent"]:  # no scanner in the tests, and unscanned evidence is not sent
        assert uk["code"] == "evidence_not_scanned" and uk["texts"]["en"] == uk["reason"]
        assert not ENGLISH.search(uk["texts"]["es"].replace("PORTAL_PACKAGE_UNSCANNED_EVIDENCE", ""))


# ---- every code the rules can produce has a text in every language, all placeholders filled ------------


def _variants() -> list[dict[str, Any]]:
    base = _content()
    unlistable = {
        "perpetrators": [{"id": "p1", "schema": "Person", "name": "Ivan Petrov"}],
        "abuses": [{"id": "a1", "category": "torture", "perpetrator_roles": [{"perpetrator_id": "p1"}]}],
    }
    roles = ["associate", "material_support", "owned_or_controlled", "leader_of_entity", "complicit"]
    many_roles = [
        {
            "perpetrators": [{"id": "p1", "schema": schema, "name": "Zarechny Holdings"}],
            "abuses": [
                {
                    "id": f"a{n}",
                    "category": cat,
                    "perpetrator_roles": [{"perpetrator_id": "p1", "role": role}],
                }
                for n, cat in enumerate(("torture", "bribery", "arbitrary_detention", "embezzlement"))
            ],
        }
        for schema in ("Person", "Company", "Organization", "PublicBody")
        for role in roles
    ]
    return [
        {},
        {"abuses": [{"id": "a1"}]},
        {"abuses": [{"id": "a1", "category": "torture"}]},
        {"abuses": [{"id": "a1", "category": "bribery"}]},
        {"abuses": [{"id": "a1", "category": "arbitrary_detention"}], "victims": {"groups": ["other"]}},
        {"abuses": [{"id": "a1", "category": "slavery"}]},
        base,
        unlistable,
        {
            "perpetrators": [
                {"id": "p1", "schema": "Person"},
                {"id": "c1", "schema": "Company", "name": "Zarechny Holdings"},
            ],
            "abuses": [
                {
                    "id": "a1",
                    "category": "torture",
                    "incidents": [{"country": "ru"}],
                    "perpetrator_roles": [
                        {"perpetrator_id": "p1", "role": "perpetrated"},
                        {"perpetrator_id": "c1", "role": "associate"},  # no US regime lists associates
                    ],
                }
            ],
        },
        *many_roles,
    ]


def _render_all(m: Message | ReadinessWarning | Any, seen: set[str]) -> None:
    details = getattr(m, "details", ())
    parts = [m, *(SimpleNamespace(code=d, params={}) if isinstance(d, str) else d for d in details)]
    for part in parts:
        seen.add(part.code)
        template = MESSAGES[part.code]
        for lang in LANGS:
            needed = {name for name, _ in placeholders(template[lang])}
            assert needed <= set(part.params), (part.code, lang, needed, part.params)
            text = render(part.code, part.params, lang)
            assert text.strip() and "{" not in text, (part.code, lang, text)
        # A param the templates do not use would be a value nobody sees.
        assert set(part.params) <= {name for name, _ in placeholders(template["en"])}, part.code


def test_every_code_the_rules_use_is_defined_with_its_params() -> None:
    seen: set[str] = set()
    for n, raw in enumerate(_variants()):
        content = CaseContent.model_validate(raw)
        title = None if n % 2 else "x" * (MAX_TITLE_LENGTH + 1)
        result = readiness(content, title, list(JURISDICTIONS))
        for lang in LANGS:
            label_readiness(result, raw, lang)
            for r in result.values():
                for m in [*r.warnings, *r.reason_details]:
                    assert m.text and "{" not in m.text, (m.code, lang, m.text)
                for item in r.missing_items:
                    assert item.text and item.code in MESSAGES
        for r in result.values():
            for m in [*r.warnings, *r.reason_details]:
                _render_all(m, seen)
            seen.update(item.code for item in r.missing_items)
    settings = cast(Settings, SimpleNamespace(require_scanner=False, package_unscanned_evidence=False))
    evidence = [
        Evidence(deleted_at=datetime.now(UTC)),
        Evidence(sensitivity=Sensitivity.confidential),
        Evidence(sensitivity=Sensitivity.source_identifying),
        Evidence(sensitivity=Sensitivity.public, share_with=[]),
        *(
            Evidence(
                sensitivity=Sensitivity.public,
                share_with=["us"],
                scan_status=scan,
                storage_key=key,
                sanitise_status=sanitise,
                sanitise_detail=None,
                media_type="application/x-unknown",
            )
            for scan in ScanStatus
            for key in ("k", None)
            for sanitise in SanitiseStatus
        ),
    ]
    for e in evidence:
        for s in sending_plan(e, settings, ["us"]):
            if s.code is not None:
                _render_all(s, seen)
                assert s.texts()["en"] == s.reason, s.code
    # Every message of the module is produced by some rule (none is dead), and every code used exists.
    assert seen <= set(MESSAGES)
    # Listings need stored list matches (tests/api/test_designations.py); every jurisdiction has a
    # human-rights regime, so the "no human-rights regime" messages wait for one that has none.
    elsewhere = {c for c in MESSAGES if c.startswith(("already_listed", "maybe_listed"))}
    elsewhere |= {"abuse_no_human_rights_regime", "human_rights_only_case"}
    # Package refusals: tests/api/test_package_refusals.py.
    elsewhere |= {
        "not_target_jurisdiction",
        "not_target_jurisdiction_none",
        "no_regime_covers",
        "required_content_missing",
        "package_already_building",
    }
    assert set(MESSAGES) - seen - elsewhere == set(), sorted(set(MESSAGES) - seen - elsewhere)
    values: dict[str, Any] = {
        "perpetrator": "perpetrators[0]",
        "jurisdiction": "ca",
        "programmes": ["GLOMAG"],
    }
    values |= {
        "abuse": "abuses[0]",
        "entry": "1",
        "since": "2020-01-01",
        "seen": "2020-01-01",
        "score": "0.9",
        "fields": ["contact.email"],
        "targets": ["us", "uk"],
    }
    for code in elsewhere:
        needed = {name for name, _ in placeholders(MESSAGES[code]["en"])}
        _render_all(SimpleNamespace(code=code, params={k: v for k, v in values.items() if k in needed}), seen)
    assert set(PARAM_KINDS) <= {n for t in MESSAGES.values() for n, _ in placeholders(t["en"])}


@pytest.mark.parametrize("lang", LANGS)
def test_jurisdiction_forms_exist_for_every_jurisdiction(lang: str) -> None:
    from app.jurisdictions.messages import JURISDICTION_FORMS

    assert set(JURISDICTION_FORMS) == set(JURISDICTIONS)
    for forms in JURISDICTION_FORMS.values():
        assert set(forms) == set(JURISDICTION_FORMS["us"]) and all(f[lang].strip() for f in forms.values())  # type: ignore[index]
