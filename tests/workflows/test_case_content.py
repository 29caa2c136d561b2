import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model
from pydantic import ValidationError

from app.schemas.case_content import (
    MAX_LIST_ITEMS,
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    TAXONOMY,
    AbuseCategory,
    AbuseKind,
    CaseContent,
    Perpetrator,
    abuse_categories,
    abuse_countries,
    content_warnings,
    date_bounds,
    normalise_for_search,
    perpetrator_to_ftm,
    public_view,
    search_terms,
    victim_groups,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture
def realistic() -> dict[str, Any]:
    return load("case_realistic.json")


def errors_of(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as exc:
        CaseContent.model_validate(data)
    return [(tuple(e["loc"]), e["type"]) for e in exc.value.errors()]


def with_perpetrator(**fields: Any) -> dict[str, Any]:
    return {"perpetrators": [{"id": "p1", "name": "Test Person", **fields}]}


# --- the fixtures ------------------------------------------------------------------------------------------
def test_fixtures_validate_and_round_trip(realistic: dict[str, Any]) -> None:
    for data in (realistic, load("case_corruption_only.json")):
        content = CaseContent.model_validate(data)
        dumped = content.model_dump(mode="json")
        assert CaseContent.model_validate(dumped) == content
        assert json.loads(json.dumps(dumped)) == dumped


def test_values_are_normalised(realistic: dict[str, Any]) -> None:
    content = CaseContent.model_validate(realistic)
    assert content.perpetrators[0].nationality == ["ru"]  # "RU" in the fixture
    assert content.abuses[0].incidents[1].country == "ru"
    assert content.model_dump(mode="json")["perpetrators"][1]["schema"] == "PublicBody"


def test_taxonomy_is_complete_and_kinded() -> None:
    assert set(TAXONOMY) == set(AbuseCategory)
    assert TAXONOMY[AbuseCategory.torture].kind == AbuseKind.human_rights
    assert TAXONOMY[AbuseCategory.embezzlement].kind == AbuseKind.corruption


def test_empty_draft_is_valid_and_safe_defaults() -> None:
    content = CaseContent.model_validate(
        {"perpetrators": [{"name": "X"}], "sources": [{"kind": "witness"}], "abuses": [{}]}
    )
    assert len(content.perpetrators[0].id) == 32  # uuid4 hex
    assert content.perpetrators[0].entity_schema == "Person"
    assert content.sources[0].confidential is True
    assert content.abuses[0].widespread_or_systematic is False


def test_blank_form_fields_mean_not_filled_in() -> None:
    content = CaseContent.model_validate(
        {
            "perpetrators": [{"id": "p1", "name": "", "birth_date": " ", "notes": ""}],
            "contact": {"name": "", "email": "", "phone": ""},
        }
    )
    p = content.perpetrators[0]
    assert (p.name, p.birth_date, p.notes) == (None, None, None)
    assert content.contact is not None and content.contact.email is None


def test_json_schema_can_be_generated() -> None:
    schema = CaseContent.model_json_schema()
    assert "perpetrators" in schema["properties"]


# --- validation errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["1965", "1965-03", "1965-03-14", "2024-02-29"])
def test_partial_dates_accepted(value: str) -> None:
    CaseContent.model_validate(with_perpetrator(birth_date=value))


@pytest.mark.parametrize(
    "value",
    ["2025-02-30", "2023-02-29", "1965-13", "1965-00", "65", "1965-3-14", "1965-03-14T00:00", "14.03.1965"],
)
def test_bad_dates_rejected_with_path(value: str) -> None:
    assert errors_of(with_perpetrator(birth_date=value)) == [
        (("perpetrators", 0, "birth_date"), "partial_date")
    ]


def test_date_bounds() -> None:
    assert date_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_bounds("1965") == (date(1965, 1, 1), date(1965, 12, 31))


@pytest.mark.parametrize("value,normalised", [("GB", "gb"), (" de ", "de"), ("xk", "xk"), ("ps", "ps")])
def test_country_codes_accepted(value: str, normalised: str) -> None:
    content = CaseContent.model_validate(with_perpetrator(nationality=[value]))
    assert content.perpetrators[0].nationality == [normalised]


@pytest.mark.parametrize("value", ["uk", "xx", "zz", "eu", "su", "Russia", "gbr", "", 7])
def test_unknown_country_codes_rejected(value: Any) -> None:
    errors = errors_of(with_perpetrator(nationality=["fr", value]))
    assert [loc for loc, _ in errors] == [("perpetrators", 0, "nationality", 1)]


def test_uk_is_explained() -> None:
    with pytest.raises(ValidationError, match="'gb'"):
        CaseContent.model_validate(with_perpetrator(nationality=["uk"]))


def test_incident_country_and_dates_validated() -> None:
    data = {"abuses": [{"incidents": [{"country": "qq", "date": "2021-05", "end_date": "2021-04-30"}]}]}
    assert errors_of(data) == [(("abuses", 0, "incidents", 0, "country"), "country_code")]
    data["abuses"][0]["incidents"][0]["country"] = "ru"
    assert errors_of(data) == [(("abuses", 0, "incidents", 0, "end_date"), "date_order")]
    data["abuses"][0]["incidents"][0]["end_date"] = "2021"  # overlaps the start: fine
    CaseContent.model_validate(data)


def test_position_dates_in_order() -> None:
    data = with_perpetrator(positions=[{"title": "Head", "start_date": "2020", "end_date": "2019-12"}])
    assert errors_of(data) == [(("perpetrators", 0, "positions", 0, "end_date"), "date_order")]


@pytest.mark.parametrize(
    "data,loc,kind",
    [
        ({"abuses": [{"category": "war_crimes"}]}, ("abuses", 0, "category"), "enum"),
        (
            {
                "abuses": [{"perpetrator_roles": [{"perpetrator_id": "p1", "role": "boss"}]}],
                **with_perpetrator(),
            },
            ("abuses", 0, "perpetrator_roles", 0, "role"),
            "enum",
        ),
        ({"victims": {"groups": ["women", "aliens"]}}, ("victims", "groups", 1), "enum"),
        ({"victims": {"count": -1}}, ("victims", "count"), "greater_than_equal"),
        ({"victims": {"count": "many"}}, ("victims", "count"), "int_parsing"),
        ({"jurisdictions": {"fr": {}}}, ("jurisdictions", "fr", "[key]"), "literal_error"),
        ({"jurisdictions": {"uk": {"ties_and_assets": [{"kind": "yacht"}]}}}, None, "enum"),
        ({"sources": [{"kind": "rumour"}]}, ("sources", 0, "kind"), "enum"),
        ({"sources": [{"confidential": "perhaps"}]}, ("sources", 0, "confidential"), "bool_parsing"),
        ({"contact": {"email": "not-an-email"}}, ("contact", "email"), "value_error"),
        ({"contact": {"phone": "call me"}}, ("contact", "phone"), "string_pattern_mismatch"),
        ({"unexpected": 1}, ("unexpected",), "extra_forbidden"),
        ({"victims": {"count": 1, "size": 2}}, ("victims", "size"), "extra_forbidden"),
        (with_perpetrator(schema="Vessel"), ("perpetrators", 0, "schema"), "literal_error"),
        (with_perpetrator(aliases="one string"), ("perpetrators", 0, "aliases"), "list_type"),
        (with_perpetrator(id="has space"), ("perpetrators", 0, "id"), "string_pattern_mismatch"),
        (
            with_perpetrator(id_numbers=[{"kind": "driver", "number": "1"}]),
            ("perpetrators", 0, "id_numbers", 0, "kind"),
            "enum",
        ),
    ],
)
def test_invalid_values_rejected_with_precise_path(
    data: dict[str, Any], loc: tuple[str | int, ...] | None, kind: str
) -> None:
    errors = errors_of(data)
    expected_loc = loc or ("jurisdictions", "uk", "ties_and_assets", 0, "kind")
    assert (expected_loc, kind) in errors


def test_size_limits() -> None:
    long_name = "x" * (MAX_NAME_LENGTH + 1)
    assert errors_of(with_perpetrator(name=long_name)) == [(("perpetrators", 0, "name"), "string_too_long")]
    too_many = [f"alias {i}" for i in range(MAX_LIST_ITEMS + 1)]
    assert errors_of(with_perpetrator(aliases=too_many)) == [(("perpetrators", 0, "aliases"), "too_long")]
    long_text = "x" * (MAX_TEXT_LENGTH + 1)
    assert errors_of({"exculpatory_information": long_text}) == [
        (("exculpatory_information",), "string_too_long")
    ]


def test_unknown_perpetrator_reference_is_an_error(realistic: dict[str, Any]) -> None:
    realistic["abuses"][1]["perpetrator_roles"][1]["perpetrator_id"] = "p-nobody"
    assert errors_of(realistic) == [
        (("abuses", 1, "perpetrator_roles", 1, "perpetrator_id"), "unknown_reference")
    ]


def test_duplicate_ids_are_errors(realistic: dict[str, Any]) -> None:
    dup = copy.deepcopy(realistic)
    dup["perpetrators"][2]["id"] = "p-gromov"
    assert (("perpetrators", 2, "id"), "duplicate_id") in errors_of(dup)
    dup = copy.deepcopy(realistic)
    dup["abuses"][0]["incidents"][1]["id"] = "i-t1"
    assert errors_of(dup) == [(("abuses", 0, "incidents", 1, "id"), "duplicate_id")]


def test_person_only_fields() -> None:
    data = {
        "perpetrators": [
            {
                "id": "u",
                "schema": "PublicBody",
                "name": "Unit",
                "birth_date": "1990",
                "positions": [{"title": "x"}],
                "id_numbers": [{"kind": "passport", "number": "1"}],
            }
        ]
    }
    assert errors_of(data) == [
        (("perpetrators", 0, "birth_date"), "person_only"),
        (("perpetrators", 0, "positions"), "person_only"),
        (("perpetrators", 0, "id_numbers", 0, "kind"), "person_only"),
    ]


def test_values_followthemoney_cannot_clean_are_rejected_not_dropped() -> None:
    data = with_perpetrator(name="\x00\x01", id_numbers=[{"kind": "tax_id", "number": "\x02"}])
    assert errors_of(data) == [
        (("perpetrators", 0, "name"), "ftm_value"),
        (("perpetrators", 0, "id_numbers", 0, "number"), "ftm_value"),
    ]


# --- FollowTheMoney export ---------------------------------------------------------------------------------
def test_person_to_ftm(realistic: dict[str, Any]) -> None:
    gromov = CaseContent.model_validate(realistic).perpetrators[0]
    entity = perpetrator_to_ftm(gromov, "case-42")
    assert entity["schema"] == "Person"
    assert entity["id"] == perpetrator_to_ftm(gromov, "case-42")["id"]  # deterministic
    assert entity["id"] != perpetrator_to_ftm(gromov, "case-43")["id"]
    props = entity["properties"]
    assert props["name"] == ["Громов Виктор Александрович"]
    assert "فيكتور غروموف" in props["alias"]
    assert "Gromov Viktor Aleksandrovich" in props["alias"]  # transliterations are strong aliases
    assert props["birthDate"] == ["1968-04-11"]
    assert props["nationality"] == ["ru"]
    assert props["passportNumber"] == ["75 0448190"]
    assert props["taxNumber"] == ["770198243516"]
    assert props["position"][0].startswith("Commander, Special Operations Detachment No. 7")
    # Everything exported survives FtM's own cleaning of untrusted input unchanged.
    assert model.get_proxy(entity, cleaned=False).to_dict() == entity


def test_entities_to_ftm(realistic: dict[str, Any]) -> None:
    content = CaseContent.model_validate(realistic)
    unit = perpetrator_to_ftm(content.perpetrators[1], 1)
    assert unit["schema"] == "PublicBody"
    assert unit["properties"]["country"] == ["ru"]  # nationality of an entity is its country
    assert "nationality" not in unit["properties"]
    assert unit["properties"]["registrationNumber"] == ["1027700000777"]
    company = perpetrator_to_ftm(content.perpetrators[4], 1)
    assert company["properties"]["taxNumber"] == ["7704000123"]


def test_perpetrator_validates_on_its_own() -> None:
    p = Perpetrator.model_validate({"schema": "Company", "name": "Acme", "nationality": ["CY"]})
    assert p.model_dump()["schema"] == "Company"
    assert perpetrator_to_ftm(p, "c")["properties"]["country"] == ["cy"]


# --- helpers -----------------------------------------------------------------------------------------------
def test_search_terms(realistic: dict[str, Any]) -> None:
    terms = search_terms(CaseContent.model_validate(realistic))
    assert terms[:3] == ["Громов Виктор Александрович", "Громов В. А.", "فيكتور غروموف"]
    assert "Gromov Viktor Aleksandrovich" in terms
    assert "ОСН-7" in terms and "Severny Stroy Invest LLC" in terms
    assert len(terms) == len(set(terms))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("  José   NÚÑEZ-O'Brien ", "jose nunez-o'brien"),
        ("Straße", "strasse"),
        ("Ёлкин Йорданов", "елкин иорданов"),  # Cyrillic kept, diacritics folded
        ("Ελευθέριος", "ελευθεριοσ"),  # casefold unifies final sigma
        ("أحمد الـقاسم", "احمد القاسم"),  # hamza seat and tatweel folded, Arabic kept
        ("李小龍", "李小龍"),
        ("हिन्दी", "हिन्दी"),  # Devanagari vowel signs and virama are letters: kept
        ("한국어", "한국어"),
        ("ﬁnance Ⅳ", "finance iv"),
    ],
)
def test_normalise_for_search(text: str, expected: str) -> None:
    assert normalise_for_search(text) == expected


def test_facets(realistic: dict[str, Any]) -> None:
    content = CaseContent.model_validate(realistic)
    assert abuse_categories(content) == ["arbitrary_detention", "embezzlement", "torture"]
    assert victim_groups(content) == ["human_rights_defenders", "journalists", "women"]
    assert abuse_countries(content) == ["cy", "ru"]
    empty = CaseContent()
    assert (abuse_categories(empty), victim_groups(empty), abuse_countries(empty)) == ([], [], [])


def test_public_view_removes_confidential_material(realistic: dict[str, Any]) -> None:
    content = CaseContent.model_validate(realistic)
    public = public_view(content)
    assert [s.id for s in public.sources] == ["s-media"]
    assert public.contact is None
    assert "s-witness" not in public.model_dump_json() and "cases@example.org" not in public.model_dump_json()
    assert len(content.sources) == 2 and content.contact is not None  # original untouched
    assert public.perpetrators == content.perpetrators


# --- warnings ----------------------------------------------------------------------------------------------
def test_realistic_case_has_no_warnings(realistic: dict[str, Any]) -> None:
    assert content_warnings(CaseContent.model_validate(realistic), today=date(2025, 1, 1)) == []


def test_warnings(realistic: dict[str, Any]) -> None:
    realistic["abuses"][0]["incidents"][0]["date"] = "1960"
    realistic["abuses"][0]["incidents"][0]["end_date"] = None
    realistic["abuses"][1]["incidents"][0]["date"] = "2031-01"
    realistic["abuses"][1]["incidents"][0]["end_date"] = None
    realistic["perpetrators"][0]["positions"][1]["start_date"] = "1950"
    realistic["perpetrators"].append({"id": "p-loose", "name": "Громов  Виктор Александрович"})
    warnings = content_warnings(CaseContent.model_validate(realistic), today=date(2025, 1, 1))
    by_loc = {tuple(w["loc"]): w["msg"] for w in warnings}
    assert "before the birth of Громов Виктор Александрович" in by_loc[("abuses", 0, "incidents", 0, "date")]
    assert "future" in by_loc[("abuses", 1, "incidents", 0, "date")]
    assert "before" in by_loc[("perpetrators", 0, "positions", 1, "start_date")]
    assert "not linked" in by_loc[("perpetrators", 5)]
    assert "duplicate" in by_loc[("perpetrators", 5, "name")]
    assert all(set(w) == {"loc", "msg"} for w in warnings)
