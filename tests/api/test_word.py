"""Word in, Word out: the template, import (the portal's template, free layouts in four languages, .odt),
export, and every refusal."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import tracemalloc
import zipfile
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from PIL import Image

from app.schemas.case_content import CaseContent
from app.workflows.word import importer, ooxml
from tests.support.flows import force_status
from tests.support.review_flow import new_case, realistic_content

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")


def upload(api: Any, body: bytes, filename: str = "case.docx") -> Any:
    return api.post("/api/v1/cases/import", files={"file": (filename, body, DOCX)})


def imported(api: Any, body: bytes, filename: str = "case.docx") -> dict[str, Any]:
    r = upload(api, body, filename)
    assert r.status_code == 201, r.text
    return r.json()


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return CaseContent.model_validate(a).model_dump(mode="json") == CaseContent.model_validate(b).model_dump(
        mode="json"
    )


def saved(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def tags(body: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(body))
    return [t.get(qn("w:val")) for t in document.element.body.iter(qn("w:tag"))]


def placements(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["path"]: p for p in report["placements"]}


# ---- the template ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_blank_template_in_each_language(anon, lang):
    r = anon.get(f"/api/v1/templates/case-file.docx?lang={lang}")
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    assert f"case-file-template-{lang}.docx" in r.headers["content-disposition"]
    found = tags(r.content)
    for path in (
        "title",
        "perpetrators[0].name",
        "perpetrators[0].birth_date",
        "perpetrators[0].positions[0].start_date",
        "abuses[0].category",
        "abuses[0].incidents[0].date",
        "abuses[0].perpetrator_roles[0].role",
        "victims.groups[0]",
        "jurisdictions.us.ties_and_assets[0].kind",
        "jurisdictions.eu.impact_argument",
        "sources[0].confidential",
        "contact.email",
    ):
        assert path in found
    document = docx.Document(io.BytesIO(r.content))
    notes = [p.text for p in document.paragraphs if p.style.name == "Portal Note"]
    expected = {"en": "template", "fr": "modèle", "es": "plantilla", "ar": "نموذج"}[lang]
    assert expected in notes[0]
    bidi = [
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None
    ]
    mirrored = [t for t in document.tables if t._tbl.tblPr.find(qn("w:bidiVisual")) is not None]
    if lang == "ar":
        assert len(bidi) == len(document.paragraphs) and len(mirrored) == len(document.tables)
    else:
        assert not bidi and not mirrored
    # Drop-downs carry the model's values, labelled in the template's language.
    items = {
        i.get(qn("w:value")): i.get(qn("w:displayText")) for i in document.element.body.iter(qn("w:listItem"))
    }
    assert (
        items["arbitrary_detention"]
        == {
            "en": "Arbitrary arrest or detention",
            "fr": "Arrestation ou détention arbitraire",
            "es": "Arresto o detención arbitraria",
            "ar": "الاعتقال أو الاحتجاز التعسفي",
        }[lang]
    )


@needs_libreoffice
def test_template_opens_cleanly_in_libreoffice(anon, tmp_path):
    import pypdf

    for lang in ("en", "ar"):
        (tmp_path / f"{lang}.docx").write_bytes(
            anon.get(f"/api/v1/templates/case-file.docx?lang={lang}").content
        )
    proc = subprocess.run(
        [
            LIBREOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "en.docx"),
            str(tmp_path / "ar.docx"),
        ],
        capture_output=True,
        timeout=180,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert "Perpetrators" in pypdf.PdfReader(tmp_path / "en.pdf").pages[1].extract_text() + "".join(
        p.extract_text() for p in pypdf.PdfReader(tmp_path / "en.pdf").pages[:2]
    )
    assert len(pypdf.PdfReader(tmp_path / "ar.pdf").pages) >= 3


def test_blank_template_imports_as_an_empty_draft(anon, as_):
    body = anon.get("/api/v1/templates/case-file.docx?lang=fr").content
    out = imported(as_["researcher_a"], body, "modèle.docx")
    assert out["case"]["status"] == "draft" and out["case"]["title"] == "modèle"
    assert same(out["case"]["content"], {})
    report = out["report"]
    assert report["mode"] == "template" and report["placements"] == [] and report["unmapped_blocks"] == 0


# ---- round trip ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_round_trip_of_the_realistic_case(as_, lang):
    api = as_["researcher_a"]
    case = new_case(api, title="Zarechny detentions", targets=("us", "uk"))
    r = api.get(f"/api/v1/cases/{case['id']}/export.docx?lang={lang}&purpose=own_use")
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    assert r.headers["content-disposition"].startswith("attachment;")
    out = imported(api, r.content, "export.docx")
    assert out["report"]["mode"] == "template"
    draft = out["case"]
    assert draft["id"] != case["id"] and draft["status"] == "draft"
    assert draft["title"] == "Zarechny detentions" and draft["target_jurisdictions"] == ["uk", "us"]
    assert same(draft["content"], realistic_content())
    assert out["report"]["needs_review"] == [] and out["report"]["unmapped_blocks"] == 0
    where = placements(out["report"])
    assert where["perpetrators[0].birth_date"]["source"] == "content_control"
    assert where["abuses[2].perpetrator_roles[2].perpetrator_id"]["where"].startswith("table ")


def test_export_for_sharing_leaves_out_confidential_material(as_, db):
    api = as_["researcher_a"]
    case = new_case(api)
    url = f"/api/v1/cases/{case['id']}/export.docx"
    shared = api.get(url)
    assert shared.status_code == 200
    out = imported(api, shared.content)["case"]["content"]
    assert [s["id"] for s in out["sources"]] == ["s-media"] and "contact" not in out
    expected = realistic_content()
    expected["sources"] = [s for s in expected["sources"] if not s["confidential"]]
    del expected["contact"]
    assert same(out, expected)
    # Another organisation does not see the case; coordinators only once it is submitted, and only shared.
    assert as_["researcher_b"].get(url).status_code == 404
    assert as_["coordinator_a"].get(url).status_code == 404
    force_status(db, case["id"], "submitted")
    assert as_["coordinator_a"].get(url).status_code == 200
    r = as_["coordinator_a"].get(url + "?purpose=own_use")
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    assert as_["coalition_admin"].get(url).status_code == 403


def test_a_table_copied_in_word_becomes_a_new_item(as_):
    api = as_["researcher_a"]
    content = {"perpetrators": [{"id": "p-one", "name": "Ivan Petrov", "birth_date": "1970"}]}
    case = new_case(api, content=content, targets=("us",))
    body = api.get(f"/api/v1/cases/{case['id']}/export.docx?purpose=own_use").content
    document = docx.Document(io.BytesIO(body))
    table = next(t for t in document.tables if "perpetrators[0].name" in tags_of(t._tbl))
    clone = copy.deepcopy(table._tbl)
    table._tbl.addnext(clone)
    set_control(clone, "perpetrators[0].name", "Olga Petrova")
    set_control(clone, "perpetrators[0].birth_date", "sometime in the sixties")
    out = imported(api, saved(document))
    people = out["case"]["content"]["perpetrators"]
    assert [p["name"] for p in people] == ["Ivan Petrov", "Olga Petrova"]
    assert people[0]["id"] == "p-one" and people[1]["id"] != "p-one"
    review = {(i["kind"], i["path"]) for i in out["report"]["needs_review"]}
    assert ("duplicate_reference", "perpetrators[1].id") in review
    assert ("unparsed_date", "perpetrators[1].birth_date") in review
    assert "birth_date" not in people[1]
    assert any("sometime in the sixties" in b["text"] for b in out["case"]["content"]["unmapped_content"])


def tags_of(el: Any) -> list[str]:
    return [t.get(qn("w:val")) for t in el.iter(qn("w:tag"))]


def set_control(el: Any, tag: str, value: str) -> None:
    sdt = next(t.getparent().getparent() for t in el.iter(qn("w:tag")) if t.get(qn("w:val")) == tag)
    texts = list(sdt.find(qn("w:sdtContent")).iter(qn("w:t")))
    texts[0].text = value
    for extra in texts[1:]:
        extra.text = ""


# ---- free layouts ----------------------------------------------------------------------------------------


def rtl(paragraph: Any) -> Any:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(ppr.makeelement(qn("w:bidi"), {}))
    return paragraph


def free_document(texts: dict[str, Any], *, right_to_left: bool = False, image: bytes | None = None) -> bytes:
    """A case file the way partners write them: headings, two-column tables, paragraphs."""
    document = docx.Document()

    def para(text: str, style: str | None = None) -> None:
        p = document.add_paragraph(text, style=style)
        if right_to_left:
            rtl(p)

    def heading(text: str, level: int = 1) -> None:
        p = document.add_heading(text, level)
        if right_to_left:
            rtl(p)

    def table(rows: list[tuple[str, str]]) -> None:
        t = document.add_table(rows=0, cols=2)
        for label, value in rows:
            cells = t.add_row().cells
            cells[0].text, cells[1].text = label, value

    heading(texts["title"], 0)
    para(texts["intro"])
    for block in texts["blocks"]:
        kind, *rest = block
        if kind == "h":
            heading(rest[0], rest[1] if len(rest) > 1 else 1)
        elif kind == "p":
            para(rest[0])
        elif kind == "t":
            table(rest[0])
        elif kind == "img" and image is not None:
            document.add_picture(io.BytesIO(image))
    return saved(document)


ENGLISH = {
    "title": "Case file: Viktor Gromov and OSN-7",
    "intro": "Prepared by Rights Watch Zarechny for the coalition, March 2024.",
    "blocks": [
        ("h", "Perpetrator 1: Viktor Gromov"),
        (
            "t",
            [
                ("Full name", "Громов Виктор Александрович"),
                ("Also known as", "Viktor Gromov; V. A. Gromov"),
                ("Date of birth", "11 April 1968"),
                ("Nationality", "Russia"),
                ("Position", "Commander, OSN-7 (since September 2014)"),
                ("Passport number", "75 0448190"),
                ("Shoe size", "44"),
            ],
        ),
        ("img",),
        ("h", "Perpetrator 2"),
        (
            "t",
            [
                ("Name", "Special Operations Detachment No. 7"),
                ("Also known as", "OSN-7"),
                ("Type", "Public body"),
                ("Country", "Russia"),
            ],
        ),
        ("h", "Abuses"),
        ("p", "Detainees were beaten and given electric shocks at the OSN-7 holding facility."),
        (
            "t",
            [
                ("Type of abuse", "Torture"),
                ("Date", "14 March 2021"),
                ("Country", "Russia"),
                ("Place", "Zarechny"),
                ("Perpetrators", "Viktor Gromov (ordered); OSN-7 (perpetrated)"),
            ],
        ),
        ("h", "Victims"),
        ("t", [("Number of victims", "about 40"), ("Groups", "journalists, lawyers")]),
        ("p", "Protesters, two journalists and three lawyers of a local human-rights group."),
        ("h", "Ties to the United States"),
        (
            "t",
            [
                ("Property", "Condominium bought in 2019 through a Delaware LLC"),
                ("Location", "Miami, Florida"),
                ("Bank account", "USD correspondent payments via a New York bank"),
            ],
        ),
        ("h", "Exculpatory information"),
        ("p", "Gromov denies having been at the facility in March 2021."),
        ("h", "Background of the region"),
        ("p", "The region has been under a state of emergency since 2019."),
        ("h", "Contact"),
        ("t", [("Name", "Case officer"), ("Email", "cases@example.org")]),
    ],
}
ENGLISH_PLACED = {
    "title": None,
    "perpetrators[0].name": "Громов Виктор Александрович",
    "perpetrators[0].aliases": ["Viktor Gromov", "V. A. Gromov"],
    "perpetrators[0].birth_date": "1968-04-11",
    "perpetrators[0].nationality": ["ru"],
    "perpetrators[0].positions[0].title": "Commander",
    "perpetrators[0].positions[0].organisation": "OSN-7",
    "perpetrators[0].positions[0].start_date": "2014-09",
    "perpetrators[0].id_numbers[0].number": "75 0448190",
    "perpetrators[0].id_numbers[0].kind": "passport",
    "perpetrators[1].name": "Special Operations Detachment No. 7",
    "perpetrators[1].aliases": ["OSN-7"],
    "perpetrators[1].schema": "PublicBody",
    "perpetrators[1].nationality": ["ru"],
    "abuses[0].description": "Detainees were beaten and given electric shocks at the OSN-7 holding facility.",
    "abuses[0].category": "torture",
    "abuses[0].incidents[0].date": "2021-03-14",
    "abuses[0].incidents[0].country": "ru",
    "abuses[0].incidents[0].locality": "Zarechny",
    "abuses[0].perpetrator_roles[0].role": "ordered",
    "abuses[0].perpetrator_roles[1].role": "perpetrated",
    "victims.count": 40,
    "victims.count_is_estimate": True,
    "victims.groups": ["journalists", "human_rights_defenders"],
    "victims.description": "Protesters, two journalists and three lawyers of a local human-rights group.",
    "jurisdictions.us.ties_and_assets[0].kind": "property",
    "jurisdictions.us.ties_and_assets[0].description": "Condominium bought in 2019 through a Delaware LLC",
    "jurisdictions.us.ties_and_assets[0].location": "Miami, Florida",
    "jurisdictions.us.ties_and_assets[1].kind": "bank_account",
    "jurisdictions.us.ties_and_assets[1].description": "USD correspondent payments via a New York bank",
    "exculpatory_information": "Gromov denies having been at the facility in March 2021.",
    "contact.name": "Case officer",
    "contact.email": "cases@example.org",
}
# What the document says that no field takes, in document order.
ENGLISH_UNMAPPED = [
    "Prepared by Rights Watch Zarechny for the coalition, March 2024.",
    "Shoe size: 44",
    "The region has been under a state of emergency since 2019.",
]

FRENCH = {
    "title": "Dossier : Viktor Gromov",
    "intro": "Préparé par Rights Watch Zarechny pour la coalition.",
    "blocks": [
        ("h", "Auteur présumé"),
        (
            "t",
            [
                ("Nom et prénom", "Громов Виктор Александрович"),
                ("Date de naissance", "11 avril 1968"),
                ("Nationalité", "Russie"),
                ("Fonction", "Commandant, OSN-7 (depuis 2014)"),
                ("Numéro de passeport", "75 0448190"),
                ("Signe particulier", "cicatrice à la main gauche"),
            ],
        ),
        ("h", "Violations"),
        ("p", "Des détenus ont été battus et ont reçu des décharges électriques."),
        (
            "t",
            [
                ("Catégorie", "Torture"),
                ("Date", "14/03/2021"),
                ("Pays", "Russie"),
                ("Lieu", "Zarechny"),
                ("Responsables", "Громов Виктор Александрович (a ordonné)"),
            ],
        ),
        ("h", "Victimes"),
        ("t", [("Nombre de victimes", "environ 40"), ("Groupes de victimes", "Journalistes")]),
        ("h", "Liens avec les États-Unis"),
        (
            "t",
            [
                ("Bien immobilier", "Appartement à Miami"),
                ("Compte bancaire", "Paiements en dollars à New York"),
            ],
        ),
        ("h", "Informations à décharge"),
        ("p", "Gromov nie avoir été présent."),
        ("h", "Contexte"),
        ("p", "La région est en état d'urgence depuis 2019."),
    ],
}
FRENCH_PLACED = {
    "title": None,
    "perpetrators[0].name": "Громов Виктор Александрович",
    "perpetrators[0].birth_date": "1968-04-11",
    "perpetrators[0].nationality": ["ru"],
    "perpetrators[0].positions[0].title": "Commandant",
    "perpetrators[0].positions[0].start_date": "2014",
    "perpetrators[0].id_numbers[0].number": "75 0448190",
    "abuses[0].description": "Des détenus ont été battus et ont reçu des décharges électriques.",
    "abuses[0].category": "torture",
    "abuses[0].incidents[0].date": "2021-03-14",
    "abuses[0].incidents[0].country": "ru",
    "abuses[0].incidents[0].locality": "Zarechny",
    "abuses[0].perpetrator_roles[0].role": "ordered",
    "victims.count": 40,
    "victims.groups": ["journalists"],
    "jurisdictions.us.ties_and_assets[0].kind": "property",
    "jurisdictions.us.ties_and_assets[1].kind": "bank_account",
    "exculpatory_information": "Gromov nie avoir été présent.",
}
FRENCH_UNMAPPED = [
    "Préparé par Rights Watch Zarechny pour la coalition.",
    "Signe particulier: cicatrice à la main gauche",
    "La région est en état d'urgence depuis 2019.",
]


def value_at(content: dict[str, Any], path: str) -> Any:
    node: Any = content
    for part in path.replace("]", "").replace("[", ".").split("."):
        node = node[int(part)] if part.isdigit() else node[part]
    return node


def check_free_layout(out: dict[str, Any], expected: dict[str, Any], unmapped: list[str]) -> None:
    report, content = out["report"], out["case"]["content"]
    assert report["mode"] == "mapped"
    where = placements(report)
    missing = [path for path in expected if path not in where]
    for path, value in expected.items():
        if value is not None and path in where:
            assert value_at(content, path) == value, path
    # At least 90% of the document's fields are placed; the rest is kept, in order, as unmapped content.
    fields = len(expected) + len(unmapped) - 1  # the introduction is no field
    assert (fields - len(missing) - (len(unmapped) - 1)) / fields >= 0.9, missing
    assert not missing, missing
    texts = [b["text"] for b in content["unmapped_content"]]
    assert texts == unmapped
    sources = {p["source"] for p in report["placements"]}
    assert {"table", "paragraph", "heading"} <= sources


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_free_layout_in_english(as_):
    api = as_["researcher_a"]
    out = imported(api, free_document(ENGLISH, image=png()), "gromov.docx")
    check_free_layout(out, ENGLISH_PLACED, ENGLISH_UNMAPPED)
    case = out["case"]
    assert case["title"] == "Case file: Viktor Gromov and OSN-7" and case["status"] == "draft"
    content = case["content"]
    gromov, osn = content["perpetrators"]
    assert [r["perpetrator_id"] for r in content["abuses"][0]["perpetrator_roles"]] == [
        gromov["id"],
        osn["id"],
    ]
    # The heading named him too: kept, since the table's name differs.
    assert placements(out["report"])["perpetrators[0].name"]["label"] == "Full name"
    # The embedded photo became an evidence item of the draft, linked to the perpetrator it was with.
    [image] = out["report"]["images"]
    assert image["label"] == "E-1" and image["media_type"] == "image/png" and image["error"] is None
    ev = api.get(f"/api/v1/evidence/{image['evidence_id']}").json()
    assert ev["case_id"] == case["id"] and ev["perpetrator_ids"] == [gromov["id"]]
    assert ev["sensitivity"] == "confidential" and ev["scan_status"] in ("pending", "not_scanned", "clean")
    custody = api.get(f"/api/v1/evidence/{image['evidence_id']}/custody").json()
    assert custody[0]["action"] == "uploaded"


def test_free_layout_in_french(as_):
    out = imported(as_["researcher_a"], free_document(FRENCH), "gromov-fr.docx")
    check_free_layout(out, FRENCH_PLACED, FRENCH_UNMAPPED)
    review = {(i["kind"], i["path"]) for i in out["report"]["needs_review"]}
    assert review == set()


def test_what_needs_a_look_is_reported(as_):
    doc = {
        "title": "Draft",
        "intro": "",
        "blocks": [
            ("h", "Perpetrator"),
            (
                "t",
                [
                    ("Name", "Someone"),
                    ("Date of birth", "sometime in the sixties"),
                    ("Nationality", "Atlantis"),
                ],
            ),
            ("h", "Abuse"),
            ("t", [("Category", "Torture"), ("Date", "03/04/2021"), ("Perpetrator", "Nobody we know")]),
        ],
    }
    out = imported(as_["researcher_a"], free_document(doc))
    review = {(i["kind"], i["path"], i["text"]) for i in out["report"]["needs_review"]}
    assert ("unparsed_date", "perpetrators[0].birth_date", "sometime in the sixties") in review
    assert ("unknown_country", "perpetrators[0].nationality", "Atlantis") in review
    assert ("ambiguous_date", "abuses[0].incidents[0].date", "03/04/2021") in review
    assert (
        "unknown_perpetrator",
        "abuses[0].perpetrator_roles[0].perpetrator_id",
        "Nobody we know",
    ) in review
    texts = [b["text"] for b in out["case"]["content"]["unmapped_content"]]
    assert texts == ["Date of birth: sometime in the sixties", "Nationality: Atlantis", "Nobody we know"]


ARABIC = {
    "title": "ملف القضية: فيكتور غروموف",
    "intro": "أعدته منظمة حقوقية للتحالف.",
    "blocks": [
        ("h", "الجاني"),
        (
            "t",
            [
                ("الاسم", "فيكتور غروموف"),
                ("تاريخ الميلاد", "١١ أبريل ١٩٦٨"),
                ("الجنسية", "روسيا"),
                ("المنصب", "قائد، الوحدة ٧"),
            ],
        ),
        ("h", "الانتهاكات"),
        ("p", "تعرض المحتجزون للضرب والصدمات الكهربائية."),
        ("t", [("الفئة", "التعذيب"), ("التاريخ", "2021-03-14"), ("البلد", "روسيا"), ("المكان", "زاريشني")]),
        ("h", "الضحايا"),
        ("t", [("عدد الضحايا", "٣٧"), ("فئات الضحايا", "الصحفيون")]),
        ("h", "الروابط مع المملكة المتحدة"),
        ("t", [("السفر", "زيارات منتظمة إلى لندن")]),
    ],
}


def test_arabic_right_to_left_document(as_):
    body = free_document(ARABIC, right_to_left=True)
    assert b"<w:bidi/>" in zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml")
    out = imported(as_["researcher_a"], body, "ملف.docx")
    content = out["case"]["content"]
    assert out["case"]["title"] == "ملف القضية: فيكتور غروموف"
    [p] = content["perpetrators"]
    assert (p["name"], p["birth_date"], p["nationality"]) == ("فيكتور غروموف", "1968-04-11", ["ru"])
    assert p["positions"] == [{"title": "قائد", "organisation": "الوحدة ٧"}]
    [abuse] = content["abuses"]
    assert abuse["category"] == "torture" and abuse["description"].startswith("تعرض")
    assert abuse["incidents"][0] | {"id": None} == {
        "id": None,
        "date": "2021-03-14",
        "country": "ru",
        "locality": "زاريشني",
    }
    assert content["victims"]["count"] == 37 and content["victims"]["groups"] == ["journalists"]
    assert content["jurisdictions"]["uk"]["ties_and_assets"] == [
        {"kind": "travel", "description": "زيارات منتظمة إلى لندن"}
    ]
    assert [b["text"] for b in content["unmapped_content"]] == ["أعدته منظمة حقوقية للتحالف."]


@needs_libreoffice
def test_odt_is_converted_with_libreoffice(as_, tmp_path):
    (tmp_path / "gromov.docx").write_bytes(free_document(ENGLISH))
    subprocess.run(
        [
            LIBREOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "gromov.docx"),
        ],
        capture_output=True,
        timeout=180,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=True,
    )
    body = (tmp_path / "gromov.odt").read_bytes()
    assert body[30:38] == b"mimetype"
    out = imported(as_["researcher_a"], body, "gromov.odt")
    assert out["report"]["converted_from"] == "odt"
    check_free_layout(out, ENGLISH_PLACED, ENGLISH_UNMAPPED)


def test_links_and_embedded_objects_are_reported_not_followed(as_):
    document = docx.Document()
    document.add_heading("Perpetrator", 1)
    p = document.add_paragraph("Name: Someone ")
    rid = document.part.relate_to("https://example.org/profile", RT.HYPERLINK, is_external=True)
    link = p._p.makeelement(qn("w:hyperlink"), {qn("r:id"): rid})
    run = docx.Document().add_paragraph().add_run("profile")._r
    link.append(run)
    p._p.append(link)
    document.part.relate_to("file:///etc/passwd", RT.IMAGE, is_external=True)
    embedded = Part(
        PackURI("/word/embeddings/Microsoft_Excel_Worksheet1.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x05\x06" + b"\x00" * 18,
        document.part.package,
    )
    document.part.relate_to(embedded, RT.PACKAGE)
    out = imported(as_["researcher_a"], saved(document))
    report = out["report"]
    assert {"kind": "hyperlink", "target": "https://example.org/profile"} in report["external_links"]
    assert {"kind": "image", "target": "file:///etc/passwd"} in report["external_links"]
    assert report["embedded_objects"] == [
        {
            "name": "Microsoft_Excel_Worksheet1.xlsx",
            "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    ]
    assert out["case"]["content"]["perpetrators"][0]["name"] == "Someone profile"


# ---- refusals ----------------------------------------------------------------------------------------------


def problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return r.json()


def macro_document() -> bytes:
    """A real .docx whose package declares a VBA project, as Word writes a .docm."""
    source = zipfile.ZipFile(io.BytesIO(free_document(FRENCH)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            z.writestr(info, data)
        z.writestr("word/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


def test_macro_documents_are_refused(as_):
    api = as_["researcher_a"]
    body = problem(upload(api, free_document(FRENCH), "case.docm"), 415)
    assert ".docm" in body["detail"] and body["type"].endswith("macro-document")
    body = problem(upload(api, macro_document(), "innocent.docx"), 415)
    assert "macros" in body["detail"]


def bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize("size", [20 * ooxml.MiB, 200 * ooxml.MiB])
def test_a_zip_bomb_is_refused_with_bounded_memory(as_, size):
    api = as_["researcher_a"]
    body = bomb(size)
    assert len(body) < 1024 * 1024  # well under every upload limit
    tracemalloc.start()
    try:
        r = upload(api, body, "bomb.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    detail = problem(r, 422)["detail"]
    assert "compressed more than" in detail or "expands to more" in detail
    assert peak < 16 * ooxml.MiB, peak  # the member was never inflated


def test_corrupt_and_foreign_files_are_refused(as_):
    api = as_["researcher_a"]
    good = free_document(FRENCH)
    assert problem(upload(api, b"not a document at all"), 422)["type"].endswith("corrupt-document")
    assert problem(upload(api, good[: len(good) // 2]), 422)["type"].endswith("corrupt-document")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("notes.txt", "hello")
    assert problem(upload(api, zipped.getvalue()), 422)["type"].endswith("corrupt-document")
    assert "97-2003" in problem(upload(api, ooxml.OLE_MAGIC + b"\x00" * 600, "old.doc"), 415)["detail"]
    assert problem(upload(api, png(), "photo.png"), 422)["type"].endswith("corrupt-document")
    r = api.post("/api/v1/cases/import", data={"title": "no file"})
    assert r.status_code in (415, 422)
    # Nothing was created by any refusal.
    assert api.get("/api/v1/cases").json()["items"] == []


def test_limits_on_size_and_length(as_, monkeypatch):
    api = as_["researcher_a"]
    monkeypatch.setattr(importer, "MAX_IMPORT_BYTES", 2 * 1024 * 1024)
    assert "2 MiB import limit" in problem(upload(api, b"PK" + b"\x00" * (3 * 1024 * 1024)), 413)["detail"]
    monkeypatch.setattr(ooxml, "MAX_PARAGRAPHS", 10)
    detail = problem(upload(api, free_document(ENGLISH)), 422)["detail"]
    assert "too long" in detail


def test_only_ngo_writers_import(as_):
    body = free_document(FRENCH)
    problem(upload(as_["coordinator_a"], body), 403)
    problem(upload(as_["coalition_admin"], body), 403)
