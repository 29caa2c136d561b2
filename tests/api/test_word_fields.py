"""Every field of the content model goes out to Word and comes back (#15): a case holding a value in every
field of the model (checked by walking the model's fields, so a field added to the model without a Word
mapping fails here), exported and imported through the API in each language; documents made from the
previous template (v1) and read under the previous mapping still import the same way."""

from __future__ import annotations

import io
import types
import typing
from enum import StrEnum
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from pydantic import BaseModel

from app.schemas import case_content
from app.schemas.case_content import CaseContent
from app.workflows.word import draft, importer
from app.workflows.word.mapping import LANGS, mapping
from tests.api.test_word import free_document, imported, placements, tags
from tests.support.review_flow import new_case, realistic_content

V1_EXPORT = Path(__file__).parents[1] / "fixtures" / "word" / "case-file-template-v1-export.docx"

# An invented case: every field of the model holds a value (booleans their non-default one somewhere).
FULL: dict[str, Any] = {
    "perpetrators": [
        {
            "id": "p-sabirov",
            "schema": "Person",
            "name": "Сабиров Марат Ильдарович",
            "aliases": ["Marat the Warden", "M. I. Sabirov"],
            "transliterations": ["Sabirov Marat Ildarovich", "Marat Ildarovich Sabirov"],
            "birth_date": "1971-06-02",
            "place_of_birth": "Kazan, Tatarstan",
            "gender": "male",
            "nationality": ["ru", "cy"],
            "id_numbers": [
                {"kind": "passport", "number": "72 4410937", "country": "ru"},
                {"kind": "national_id", "number": "9204 118734", "country": "ru"},
                {"kind": "tax_id", "number": "165907341128"},
                {"kind": "passport", "number": "K00451872", "country": "cy"},
            ],
            "positions": [
                {
                    "title": "Deputy Head",
                    "organisation": "Regional Directorate of the Penitentiary Service",
                    "start_date": "2012-03",
                    "end_date": "2016-11-30",
                },
                {
                    "title": "Head",
                    "organisation": "Penal Colony No. 4, Kamensk",
                    "start_date": "2016-12-01",
                },
                {"title": "Member of the Public Oversight Board", "end_date": "2019"},
            ],
            "affiliated_units": ["Penal Colony No. 4", "Special Purpose Unit Kama"],
            "notes": "Scar above the left eyebrow.\nUsually travels with his driver.",
        },
        {
            "id": "p-volga",
            "schema": "Company",
            "name": "Volga Horizon Holdings Ltd",
            "aliases": ["VHH"],
            "transliterations": ["Volga Gorizont Kholdings"],
            "nationality": ["cy"],
            "id_numbers": [
                {"kind": "registration", "number": "HE 412377", "country": "cy"},
                {"kind": "other", "number": "LEI 5493004ZQ8HZ1RB7KX21"},
            ],
            "affiliated_units": ["Sabirov family office"],
            "notes": "Holds the colony's catering and laundry contracts.",
        },
        {
            "id": "p-nazarova",
            "schema": "Person",
            "name": "Дильноза Назарова",
            "transliterations": ["Dilnoza Nazarova"],
            "birth_date": "1984",
            "place_of_birth": "Samarkand",
            "gender": "female",
            "nationality": ["uz"],
            "positions": [{"title": "Chief medical officer", "organisation": "Penal Colony No. 4"}],
        },
        {"id": "p-unknown", "schema": "Person", "name": "Officer known as Tiger", "gender": "other"},
        {"id": "p-service", "schema": "PublicBody", "name": "Regional Penitentiary Service"},
        {"id": "p-kama", "schema": "Organization", "name": "Special Purpose Unit Kama"},
    ],
    "abuses": [
        {
            "id": "a-torture",
            "category": "torture",
            "description": "Inmates were beaten on arrival.\nSeveral were held in stress positions for days.",
            "incidents": [
                {
                    "id": "i-arrival",
                    "date": "2021-02-11",
                    "end_date": "2021-02-13",
                    "country": "ru",
                    "locality": "Kamensk",
                    "description": "Reception of a convoy of 23 prisoners.",
                },
                {"id": "i-cell", "date": "2021-05", "country": "ru", "locality": "Kamensk, block B"},
            ],
            "perpetrator_roles": [
                {
                    "perpetrator_id": "p-sabirov",
                    "role": "ordered",
                    "description": "Gave the orders in person.",
                },
                {"perpetrator_id": "p-nazarova", "role": "complicit", "description": "Signed false reports."},
                {"perpetrator_id": "p-kama", "role": "perpetrated"},
                {"perpetrator_id": "p-unknown", "role": "perpetrated"},
            ],
            "widespread_or_systematic": True,
            "of_serious_concern": False,
        },
        {
            "id": "a-expression",
            "category": "freedom_of_expression",
            "description": "Relatives who spoke to the press were fined and threatened.",
            "incidents": [{"id": "i-fines", "date": "2022", "country": "ru"}],
            "perpetrator_roles": [{"perpetrator_id": "p-service", "role": "leader_of_entity"}],
            "widespread_or_systematic": False,
            "of_serious_concern": True,
        },
        {
            "id": "a-embezzlement",
            "category": "embezzlement",
            "description": "Food budgets of the colony were diverted through catering contracts.",
            "perpetrator_roles": [
                {"perpetrator_id": "p-volga", "role": "owned_or_controlled"},
                {
                    "perpetrator_id": "p-sabirov",
                    "role": "material_support",
                    "description": "Beneficial owner.",
                },
                {"perpetrator_id": "p-nazarova", "role": "associate"},
            ],
        },
    ],
    "victims": {
        "count": 112,
        "count_is_estimate": True,
        "groups": ["ethnic_religious_minority", "human_rights_defenders", "other"],
        "other_description": "Relatives of prisoners",
        "description": "Broken bones, untreated injuries and lasting trauma.",
    },
    "jurisdictions": {
        "us": {
            "ties_and_assets": [
                {
                    "kind": "property",
                    "description": "Condominium bought through a Delaware LLC",
                    "location": "Sunny Isles Beach, Florida",
                    "value": "about USD 1.8 million",
                },
                {"kind": "bank_account", "description": "Correspondent account used by VHH", "value": "n/a"},
            ],
            "sanctions_in_force": [
                {
                    "authority": "US Department of the Treasury (OFAC)",
                    "program": "GLOMAG",
                    "reference": "GLOMAG-2023-0117",
                    "date": "2023-12-08",
                }
            ],
            "impact_argument": "The Florida property would be blocked.",
        },
        "uk": {
            "ties_and_assets": [{"kind": "education", "description": "Daughter studies in London"}],
            "impact_argument": "A UK designation would end the family's residence plans.",
        },
        "ca": {
            "sanctions_in_force": [
                {"authority": "Global Affairs Canada", "program": "JVCFOA", "date": "2024-02"}
            ]
        },
        "eu": {
            "ties_and_assets": [
                {
                    "kind": "company",
                    "description": "Volga Horizon Holdings is registered in Limassol",
                    "location": "Limassol, Cyprus",
                    "value": "EUR 12 million in annual turnover",
                },
                {"kind": "travel", "description": "Holidays in Larnaca twice a year"},
                {"kind": "family", "description": "Brother lives in Nicosia"},
                {"kind": "other", "description": "Yacht moored in Paphos", "location": "Paphos marina"},
            ],
            "sanctions_in_force": [
                {
                    "authority": "Council of the European Union",
                    "program": "EU Global Human Rights Sanctions Regime",
                    "reference": "Annex I, entry 57",
                    "date": "2024-03",
                },
                {"authority": "Latvia", "reference": "national entry ban 41/2022"},
            ],
            "impact_argument": "Cyprus holds the company and the family's assets.",
        },
    },
    "exculpatory_information": "Sabirov says he was on leave in February 2021; the leave order is undated.",
    "sources": [
        {
            "id": "s-witness",
            "kind": "witness",
            "description": "Former prisoner, interviewed 2023-04",
            "confidential": True,
        },
        {
            "id": "s-registry",
            "kind": "document",
            "description": "Cyprus company registry extract",
            "confidential": False,
        },
        {"id": "s-press", "kind": "media", "description": "Regional newspaper, 3 articles"},
    ],
    "contact": {
        "name": "Case officer Amira Haddad",
        "email": "cases@rights-watch.example.org",
        "phone": "+33 1 23 45 67 89",
    },
    "partner_organisations": ["Kamensk Prisoners' Aid", "Open Registry Project"],
    "unmapped_content": [
        {"text": "Annex list of 23 names (kept offline).", "heading": "Annexes", "where": "paragraph 88"},
    ],
}
NEW_IN_V2 = {
    "perpetrators.*.place_of_birth",
    "perpetrators.*.gender",
    "abuses.*.of_serious_concern",
    "jurisdictions.*.ties_and_assets.*.value",
}


# ---- the model's fields --------------------------------------------------------------------------------


def _models(tp: Any) -> list[tuple[str, type[BaseModel]]]:
    """The models inside an annotation, each with the '.*' its containers add."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _models(args[0])
    if origin in (typing.Union, types.UnionType):
        return [m for a in args for m in _models(a)]
    if origin is list:
        return [(".*" + s, m) for s, m in _models(args[0])]
    if origin is dict:
        return [(".*" + s, m) for s, m in _models(args[1])]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [("", tp)]
    return []


def model_paths(model: type[BaseModel], at: str = "") -> dict[str, bool]:
    """Every field path of the model ("perpetrators.*.positions.*.title") → whether it is a leaf."""
    out: dict[str, bool] = {}
    for name, info in model.model_fields.items():
        path = f"{at}.{info.alias or name}" if at else info.alias or name
        inner = _models(info.annotation)
        out[path] = not inner
        for suffix, sub in inner:
            out.update(model_paths(sub, path + suffix))
    return out


def filled_paths(value: Any, at: str = "") -> set[str]:
    """The field paths holding something other than the field's default, somewhere in `value`."""
    out: set[str] = set()
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            path = f"{at}.{info.alias or name}" if at else info.alias or name
            item = getattr(value, name)
            if item != info.get_default(call_default_factory=True):
                out.add(path)
            out |= filled_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            out |= filled_paths(item, f"{at}.*")
    elif isinstance(value, dict):
        for item in value.values():
            out |= filled_paths(item, f"{at}.*")
    return out


def differences(a: Any, b: Any, at: str = "") -> list[str]:
    """Field by field: the paths where two dumped contents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{at}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{at}[{i}]")]
    return [] if a == b else [f"{at.lstrip('.')}: {a!r} != {b!r}"]


def dumped(content: dict[str, Any]) -> dict[str, Any]:
    return CaseContent.model_validate(content).model_dump(mode="json", by_alias=True)


def test_the_full_case_fills_every_field_of_the_model():
    # Adding a field to the content model fails this test until FULL (and so the round trip) covers it.
    every = set(model_paths(CaseContent))
    assert every - filled_paths(CaseContent.model_validate(FULL)) == set()
    assert NEW_IN_V2 <= every


def test_the_importer_knows_every_field_of_the_model():
    leaves = {path for path, leaf in model_paths(CaseContent).items() if leaf}
    assert {path for path in leaves if path not in draft.KINDS} == set()


def test_every_value_of_every_vocabulary_has_labels_in_every_language():
    vocabularies = {
        "schema": typing.get_args(case_content.PerpetratorSchema),
        "category": [v.value for v in case_content.AbuseCategory],
        "role": [v.value for v in case_content.Role],
        "victim_group": [v.value for v in case_content.VictimGroup],
        "id_kind": [v.value for v in case_content.IdKind],
        "gender": [v.value for v in case_content.Gender],
        "tie_kind": [v.value for v in case_content.TieKind],
        "source_kind": [v.value for v in case_content.SourceKind],
    }
    assert {
        k
        for k, v in vars(case_content).items()
        if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum
    } == {
        "AbuseKind",  # derived from the category, never typed
        "AbuseCategory",
        "Role",
        "VictimGroup",
        "IdKind",
        "Gender",
        "TieKind",
        "SourceKind",
    }
    raw = mapping().raw["values"]
    for vocabulary, expected in vocabularies.items():
        assert list(raw[vocabulary]) == list(expected), vocabulary
        for value, by_lang in raw[vocabulary].items():
            assert all(by_lang[lang] and all(s.strip() for s in by_lang[lang]) for lang in LANGS), value


# ---- round trip through the API --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_field_round_trips_through_word(as_, lang):
    api = as_["researcher_a"]
    case = new_case(api, title="Kamensk colony", targets=("us", "eu"), content=FULL)
    assert differences(dumped(case["content"]), dumped(FULL)) == []
    r = api.get(f"/api/v1/cases/{case['id']}/export.docx?lang={lang}&purpose=own_use")
    assert r.status_code == 200
    found = set(tags(r.content))
    for path in (
        "perpetrators[0].place_of_birth",
        "perpetrators[0].gender",
        "perpetrators[0].id_numbers[3].number",
        "perpetrators[0].positions[2].end_date",
        "perpetrators[0].transliterations",
        "abuses[1].of_serious_concern",
        "jurisdictions.eu.ties_and_assets[0].value",
        "jurisdictions.eu.sanctions_in_force[1].reference",
    ):
        assert path in found, path
    out = imported(api, r.content, "kamensk.docx")
    report = out["report"]
    assert report["mode"] == "template" and report["mapping_version"] == 2
    # The one unmapped block is the case's own (FULL's), carried over; the import added none.
    assert report["needs_review"] == [] and report["unmapped_blocks"] == 1
    assert out["case"]["title"] == "Kamensk colony" and out["case"]["target_jurisdictions"] == ["eu", "us"]
    assert differences(dumped(out["case"]["content"]), dumped(FULL)) == []
    where = placements(report)
    for path in (
        "perpetrators[0].gender",
        "abuses[1].of_serious_concern",
        "jurisdictions.us.ties_and_assets[0].value",
    ):
        assert where[path]["source"] == "content_control"


def test_gender_and_the_eu_qualifier_are_drop_downs_labelled_in_each_language(anon):
    expected = {
        "en": ("Female", "Otherwise of serious concern (EU)", "Estimated value", "Place of birth"),
        "fr": (
            "Féminin",
            "Source de graves préoccupations d'une autre manière (UE)",
            "Valeur estimée",
            "Lieu de naissance",
        ),
        "es": (
            "Femenino",
            "Motivo de grave preocupación de otro modo (UE)",
            "Valor estimado",
            "Lugar de nacimiento",
        ),
        "ar": ("أنثى", "مصدر قلق بالغ على نحو آخر (الاتحاد الأوروبي)", "القيمة التقديرية", "مكان الميلاد"),
    }
    for lang, (female, qualifier, value, birthplace) in expected.items():
        body = anon.get(f"/api/v1/templates/case-file.docx?lang={lang}").content
        document = docx.Document(io.BytesIO(body))
        assert document.core_properties.identifier == "sanctions-portal:case-file:v2"
        sdts = {
            sdt.find(qn("w:sdtPr")).find(qn("w:tag")).get(qn("w:val")): sdt
            for sdt in document.element.body.iter(qn("w:sdt"))
        }
        items = {
            i.get(qn("w:value")): i.get(qn("w:displayText"))
            for i in sdts["perpetrators[0].gender"].iter(qn("w:listItem"))
        }
        assert list(items) == ["male", "female", "other"] and items["female"] == female
        assert len(list(sdts["abuses[0].of_serious_concern"].iter(qn("w:listItem")))) == 2
        labels = {
            "".join(t.text for t in cell._tc.iter(qn("w:t")))
            for t in document.tables
            for cell in t.columns[0].cells
        }
        assert {qualifier, value, birthplace} <= labels, lang


# ---- backwards compatibility -----------------------------------------------------------------------------


def test_an_export_of_the_previous_template_still_imports(as_):
    # tests/fixtures/word/case-file-template-v1-export.docx: the realistic case exported by the v1 template
    # (before place of birth, gender, the EU qualifier and a tie's value were in it).
    body = V1_EXPORT.read_bytes()
    assert docx.Document(io.BytesIO(body)).core_properties.identifier == "sanctions-portal:case-file:v1"
    assert not any(
        t.endswith((".gender", ".place_of_birth", ".of_serious_concern", ".value")) for t in tags(body)
    )
    out = imported(as_["researcher_a"], body, "old-template.docx")
    assert out["report"]["mode"] == "template"
    assert out["report"]["needs_review"] == [] and out["report"]["unmapped_blocks"] == 0
    assert out["case"]["title"] == "Zarechny detentions" and out["case"]["target_jurisdictions"] == [
        "uk",
        "us",
    ]
    assert differences(dumped(out["case"]["content"]), dumped(realistic_content())) == []


def test_the_previous_template_read_without_its_controls_places_the_same():
    # A v1 document whose content controls were lost (saved through another word processor) is read
    # through the labels it prints: the v2 mapping still knows every one of them.
    document = docx.Document(io.BytesIO(V1_EXPORT.read_bytes()))
    body = document.element.body
    for sdt in list(body.iter(qn("w:sdt"))):
        parent = sdt.getparent()
        for run in sdt.find(qn("w:sdtContent")):
            parent.insert(parent.index(sdt), run)
        parent.remove(sdt)
    out = io.BytesIO()
    document.save(out)
    doc = importer.read_document(out.getvalue(), "flattened.docx")
    assert doc.report.mode == "mapped"
    people = doc.content.perpetrators
    expected = CaseContent.model_validate(realistic_content())
    assert [p.name for p in people] == [p.name for p in expected.perpetrators]
    assert people[0].birth_date == expected.perpetrators[0].birth_date
    assert [p.number for p in people[0].id_numbers] == [p.number for p in expected.perpetrators[0].id_numbers]


def test_v2_mapping_keeps_every_label_of_v1():
    old, new = mapping(1), mapping(2)
    assert (old.version, new.version) == (1, 2) and mapping() is new

    def lost(a: Any, b: Any) -> dict[str, tuple[str, str | None]]:
        have = b.phrases()
        return {k: (v, have.get(k)) for k, v in a.phrases().items() if have.get(k) != v}

    assert lost(old.sections, new.sections) == {}
    for key in old.fields:
        assert lost(old.fields[key], new.fields[key]) == {}, key
    for key in old.subheadings:
        assert lost(old.subheadings[key], new.subheadings[key]) == {}, key
    for key in old.values:
        assert lost(old.values[key], new.values[key]) == {}, key


def test_labels_added_in_v2_are_translated():
    old, new = mapping(1).raw, mapping(2).raw
    added = [
        (section, field, by_lang)
        for section, by_field in new["fields"].items()
        for field, by_lang in by_field.items()
        if field not in old["fields"].get(section, {})
    ] + [
        (vocabulary, value, by_lang)
        for vocabulary, by_value in new["values"].items()
        for value, by_lang in by_value.items()
        if value not in old["values"].get(vocabulary, {})
    ]
    assert {f for _, f, _ in added} >= {
        "place_of_birth",
        "gender",
        "of_serious_concern",
        "ties_and_assets[].value",
    }
    for section, field, by_lang in added:
        english = {s.casefold() for s in by_lang["en"]}
        for lang in ("fr", "es", "ar"):
            assert by_lang[lang], (section, field, lang)
            # The label the template prints is in the language; a one-letter abbreviation may be shared.
            assert by_lang[lang][0].casefold() not in english, (section, field, lang)
            assert not [s for s in by_lang[lang] if s.casefold() in english and len(s) > 1], (
                section,
                field,
                lang,
            )


# ---- free layouts --------------------------------------------------------------------------------------


FREE_LAYOUT_LABELS = {
    "en": (
        ("Perpetrator 1", "Full name", "Place of birth", "Sex", "M"),
        ("Abuses", "Type of abuse", "Otherwise of serious concern", "Yes"),
        ("Ties to the European Union", "Property", "Estimated value"),
    ),
    "fr": (
        ("Auteur présumé", "Nom et prénom", "Lieu de naissance", "Sexe", "Masculin"),
        ("Violations", "Catégorie", "Source de graves préoccupations", "Oui"),
        ("Liens avec l'Union européenne", "Bien immobilier", "Valeur estimée"),
    ),
    "es": (
        ("Presunto responsable", "Nombre completo", "Lugar de nacimiento", "Sexo", "Hombre"),
        ("Abusos", "Categoría", "Motivo de grave preocupación", "Sí"),
        ("Vínculos con la Unión Europea", "Propiedad", "Valor estimado"),
    ),
    "ar": (
        ("الجاني", "الاسم الكامل", "مكان الميلاد", "الجنس", "ذكر"),
        ("الانتهاكات", "الفئة", "مصدر قلق بالغ", "نعم"),
        ("الروابط مع الاتحاد الأوروبي", "عقار", "القيمة التقديرية"),
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_free_layout_labels_of_the_new_fields(as_, lang):
    (person, name, birthplace, sex, male), (abuses, category, qualifier, yes), (ties, prop, value) = (
        FREE_LAYOUT_LABELS[lang]
    )
    text = {
        "title": "Kamensk",
        "intro": "",
        "blocks": [
            ("h", person),
            ("t", [(name, "Marat Sabirov"), (birthplace, "Kazan"), (sex, male)]),
            ("h", abuses),
            ("t", [(category, "torture"), (qualifier, yes)]),
            ("h", ties),
            ("t", [(prop, "Villa in Limassol"), (value, "EUR 3 million")]),
        ],
    }
    out = imported(as_["researcher_a"], free_document(text), "kamensk.docx")
    content = out["case"]["content"]
    assert out["report"]["mode"] == "mapped"
    [p] = content["perpetrators"]
    assert (p["name"], p["place_of_birth"], p["gender"]) == ("Marat Sabirov", "Kazan", "male")
    [a] = content["abuses"]
    assert a["category"] == "torture" and a["of_serious_concern"] is True
    [tie] = content["jurisdictions"]["eu"]["ties_and_assets"]
    assert tie == {"kind": "property", "description": "Villa in Limassol", "value": "EUR 3 million"}
    assert [b["text"] for b in content.get("unmapped_content", []) if b["text"] != "Kamensk"] == []
