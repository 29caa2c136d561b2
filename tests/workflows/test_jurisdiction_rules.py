import copy
import json
from pathlib import Path
from typing import Any

import pytest

from app import jurisdictions
from app.schemas.case_content import AbuseCategory, CaseContent, VictimGroup
from app.workflows.readiness import readiness

FIXTURES = Path(__file__).parent.parent / "fixtures"

# Which regime covers which abuse category, written out by hand from DESIGN.md and the legal texts (NOT
# derived from the code). Y: covered; -: not covered; W: only if widespread or systematic;
# V: only if the victims include human-rights defenders or journalists.
REGIMES = (
    "us_glomag_hr us_glomag_corruption us_7031c_hr us_7031c_corruption uk_ghr uk_gac "
    "ca_jvcfoa_hr ca_jvcfoa_corruption ca_sema_hr ca_sema_corruption eu_ghrsr"
).split()
TABLE = """
                                     usGH usGC us7H us7C ukGH ukGA caJH caJC caSH caSC eu
extrajudicial_killing                 Y    -    Y    -    Y    -    V    -    W    -    Y
torture                               Y    -    Y    -    Y    -    V    -    W    -    Y
cruel_inhuman_degrading_treatment     Y    -    Y    -    Y    -    V    -    W    -    Y
arbitrary_detention                   Y    -    Y    -    -    -    V    -    W    -    Y
enforced_disappearance                Y    -    Y    -    Y    -    V    -    W    -    Y
sexual_gender_based_violence          Y    -    -    -    Y    -    V    -    W    -    W
trafficking_forced_labour             Y    -    -    -    Y    -    V    -    W    -    W
slavery                               Y    -    -    -    Y    -    V    -    W    -    Y
genocide                              Y    -    -    -    -    -    V    -    W    -    Y
crimes_against_humanity               Y    -    -    -    -    -    V    -    W    -    Y
persecution_of_defenders_journalists  Y    -    -    -    -    -    Y    -    W    -    W
freedom_of_assembly_association       Y    -    -    -    -    -    -    -    W    -    W
freedom_of_expression                 Y    -    -    -    -    -    -    -    W    -    W
freedom_of_religion                   Y    -    -    -    -    -    -    -    W    -    W
bribery                               -    Y    -    Y    -    Y    -    Y    -    Y    -
misappropriation                      -    Y    -    Y    -    Y    -    Y    -    Y    -
embezzlement                          -    Y    -    Y    -    Y    -    Y    -    Y    -
expropriation_private_gain            -    Y    -    Y    -    -    -    Y    -    Y    -
corruption_contracts_extraction       -    Y    -    Y    -    -    -    Y    -    Y    -
kleptocracy                           -    Y    -    Y    -    -    -    Y    -    Y    -
transfer_of_proceeds                  -    Y    -    Y    -    -    -    Y    -    Y    -
"""
EXPECTED: dict[tuple[str, str], str] = {}
for line in TABLE.strip().splitlines()[1:]:
    category, *marks = line.split()
    assert len(marks) == len(REGIMES), line
    EXPECTED.update({(regime, category): mark for regime, mark in zip(REGIMES, marks, strict=True)})

ALL_REGIMES = {r.code: r for j in jurisdictions.JURISDICTIONS.values() for r in j.regimes}
DEFENDERS = [VictimGroup.human_rights_defenders]


def test_table_covers_every_regime_and_category() -> None:
    assert set(ALL_REGIMES) == set(REGIMES)
    assert {c for _, c in EXPECTED} == {c.value for c in AbuseCategory}


@pytest.mark.parametrize("regime_code,category", sorted(EXPECTED))
def test_coverage(regime_code: str, category: str) -> None:
    regime, cat, mark = ALL_REGIMES[regime_code], AbuseCategory(category), EXPECTED[regime_code, category]
    assert regime.covers(cat) is (mark == "Y")
    assert regime.covers(cat, widespread=True) is (mark in "YW")
    assert regime.covers(cat, victims=DEFENDERS) is (mark in "YV")
    assert regime.covers(cat, victims=[VictimGroup.journalists]) is (mark in "YV")
    assert regime.covers(cat, victims=[VictimGroup.women]) is (mark == "Y")
    assert (cat in regime.covered_categories) is (mark != "-")
    if mark != "-":
        assert regime.conduct_descriptions[cat]


@pytest.mark.parametrize(
    "code,addressee,official_list,bases",
    [
        ("us", "OFAC", "SDN", ["P.L. 114-328", "Executive Order 13818", "§7031(c)"]),
        ("uk", "FCDO", "UK Sanctions List", ["SI 2020/680", "SI 2021/488", "SAMLA 2018"]),
        (
            "ca",
            "Global Affairs Canada",
            "Consolidated Canadian Autonomous",
            ["SOR/2017-233", "Special Economic"],
        ),
        ("eu", "EEAS", "Financial Sanctions Files", ["2020/1999", "2020/1998"]),
    ],
)
def test_jurisdiction_facts(code: str, addressee: str, official_list: str, bases: list[str]) -> None:
    j = jurisdictions.get(code)
    assert j.code == code and addressee in j.addressee and official_list in j.official_list
    legal = " ".join(r.legal_basis for r in j.regimes)
    assert all(b in legal for b in bases)
    assert json.loads(json.dumps(j.to_dict()))["code"] == code


def test_eu_has_no_corruption_regime() -> None:
    assert {r.kind.value for r in jurisdictions.get("eu").regimes} == {"human_rights"}


def test_targets() -> None:
    assert ALL_REGIMES["ca_jvcfoa_hr"].target_schemas == {"Person"}  # JVCFOA lists individuals only
    assert ALL_REGIMES["us_7031c_hr"].target_schemas == {"Person"}
    assert "associate" not in ALL_REGIMES["us_glomag_hr"].target_roles
    assert "associate" in ALL_REGIMES["uk_gac"].target_roles
    assert ALL_REGIMES["eu_ghrsr"].target_schemas == {"Person", "Organization", "Company", "PublicBody"}


def test_unknown_jurisdiction() -> None:
    with pytest.raises(KeyError, match="fr"):
        jurisdictions.get("fr")
    with pytest.raises(KeyError):
        readiness(CaseContent(), "t", ["fr"])


# --- readiness ---------------------------------------------------------------------------------------------
def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture
def realistic() -> dict[str, Any]:
    return load("case_realistic.json")


def test_realistic_case_is_ready_everywhere(realistic: dict[str, Any]) -> None:
    result = readiness(
        CaseContent.model_validate(realistic), "OSN-7 and the Zarechny bridge", ["us", "uk", "ca", "eu"]
    )
    assert list(result) == ["us", "uk", "ca", "eu"]
    for r in result.values():
        assert (r.eligible, r.ready, r.missing, r.reasons) == (True, True, [], [])
    uk = result["uk"]
    assert [(e.code, [a.abuse_id for a in e.abuses]) for e in uk.eligible_regimes] == [
        ("uk_ghr", ["a-torture"]),
        ("uk_gac", ["a-embezzlement"]),
    ]
    assert "torture" in uk.eligible_regimes[0].abuses[0].conduct
    assert any(w.loc == ["abuses", 1, "category"] and "Arbitrary arrest" in w.msg for w in uk.warnings)
    eu = result["eu"]
    assert [a.abuse_id for a in eu.eligible_regimes[0].abuses] == ["a-torture", "a-detention"]
    assert any("no anti-corruption sanctions regime" in w.msg for w in eu.warnings)
    us = result["us"]
    assert {e.code for e in us.eligible_regimes} == set(REGIMES[:4])
    assert us.eligible_regimes[2].perpetrator_ids == ["p-gromov"]  # §7031(c): people only, not the unit
    assert any(w.loc == ["perpetrators", 3] for w in us.warnings)  # associate: not a US criterion
    json.loads(us.model_dump_json())


def test_corruption_only_case_is_not_eligible_for_the_eu() -> None:
    content = CaseContent.model_validate(load("case_corruption_only.json"))
    result = readiness(content, "Mining concessions", ["eu", "us", "uk"])
    eu = result["eu"]
    assert (eu.eligible, eu.ready, eu.eligible_regimes) == (False, False, [])
    assert eu.reasons == [
        "The EU has no anti-corruption sanctions regime; a corruption-only case is not eligible for the EU"
    ]
    assert result["us"].ready
    uk = result["uk"]  # only the misappropriation counts for the UK; no UK ties recorded yet
    assert [a.abuse_id for a in uk.eligible_regimes[0].abuses] == ["a-misappropriation"]
    assert uk.missing == ["jurisdictions.uk.ties_and_assets", "jurisdictions.uk.impact_argument"]
    assert not uk.ready and uk.eligible


def test_eu_needs_widespread_for_conditional_categories(realistic: dict[str, Any]) -> None:
    case = copy.deepcopy(realistic)
    case["abuses"] = [
        {**case["abuses"][0], "category": "sexual_gender_based_violence", "widespread_or_systematic": False}
    ]
    eu = readiness(CaseContent.model_validate(case), "t", ["eu"])["eu"]
    assert not eu.eligible
    assert "only if widespread or systematic (abuses[0].widespread_or_systematic)" in eu.reasons[0]
    case["abuses"][0]["widespread_or_systematic"] = True
    assert readiness(CaseContent.model_validate(case), "t", ["eu"])["eu"].ready


def test_canada_jvcfoa_needs_defenders_or_journalists(realistic: dict[str, Any]) -> None:
    case = copy.deepcopy(realistic)
    case["abuses"] = [{**case["abuses"][0], "widespread_or_systematic": False}]
    case["victims"]["groups"] = ["women"]
    ca = readiness(CaseContent.model_validate(case), "t", ["ca"])["ca"]
    assert not ca.eligible
    assert any("journalists (victims.groups)" in r and "widespread" in r for r in ca.reasons)
    case["victims"]["groups"] = ["women", "journalists"]
    ca = readiness(CaseContent.model_validate(case), "t", ["ca"])["ca"]
    assert [e.code for e in ca.eligible_regimes] == ["ca_jvcfoa_hr"]
    assert ca.eligible_regimes[0].perpetrator_ids == ["p-gromov"]  # the unit is not an individual


def test_regime_that_can_list_nobody_is_not_eligible(realistic: dict[str, Any]) -> None:
    case = copy.deepcopy(realistic)
    case["abuses"] = [
        {
            **case["abuses"][0],
            "widespread_or_systematic": False,
            "perpetrator_roles": [{"perpetrator_id": "p-osn7", "role": "perpetrated"}],
        }
    ]
    ca = readiness(CaseContent.model_validate(case), "t", ["ca"])["ca"]
    assert not ca.eligible
    assert any("lists only Person" in r for r in ca.reasons)


def test_empty_draft_lists_what_is_missing() -> None:
    result = readiness(CaseContent(), None, ["uk"])["uk"]
    assert (result.eligible, result.ready) == (False, False)
    assert result.reasons == ["No abuse is recorded yet; eligibility depends on the conduct"]
    for path in [
        "title",
        "perpetrators",
        "abuses",
        "sources",
        "jurisdictions.uk.ties_and_assets",
        "jurisdictions.uk.impact_argument",
        "exculpatory_information",
        "contact.name",
        "contact.email",
    ]:
        assert path in result.missing
    assert "victims.groups" not in result.missing  # no human-rights abuse yet


def test_missing_paths_are_concrete() -> None:
    content = CaseContent.model_validate(
        {
            "perpetrators": [
                {"id": "p1", "name": "A Person"},
                {"id": "u1", "schema": "PublicBody", "name": "A Unit"},
            ],
            "abuses": [
                {"id": "a1", "category": "torture", "perpetrator_roles": [{"perpetrator_id": "p1"}]},
                {"id": "a2", "category": "torture", "incidents": [{"id": "i1", "date": "2020"}]},
            ],
            "victims": {"groups": ["other"]},
            "contact": {"name": "Someone"},
        }
    )
    r = readiness(content, "  ", ["eu"])["eu"]
    assert r.eligible and not r.ready
    expected = [
        "title",
        "perpetrators[0].birth_date",
        "perpetrators[0].nationality",
        "perpetrators[0].positions",
        "abuses[0].description",
        "abuses[1].description",
        "abuses[0].incidents",
        "abuses[1].incidents[0].country",
        "abuses[1].perpetrator_roles",
        "abuses[0].perpetrator_roles[0].role",
        "victims.description",
        "sources",
        "jurisdictions.eu.ties_and_assets",
        "jurisdictions.eu.impact_argument",
        "exculpatory_information",
        "contact.email",
        "victims.count",
        "victims.other_description",
    ]
    assert r.missing == expected  # the unit (PublicBody) needs no positions, birth date or nationality


def test_abuse_without_category_cannot_make_a_case_eligible() -> None:
    content = CaseContent.model_validate({"abuses": [{"id": "a1"}]})
    r = readiness(content, "t", ["us"])["us"]
    assert not r.eligible and "abuses[0].category" in r.missing
    assert r.reasons == ["No abuse has a category yet; eligibility depends on the conduct category"]
