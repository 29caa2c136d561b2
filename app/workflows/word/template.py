"""The portal's case-file template, generated from the content model: blank (`render(lang)`) or filled
with a case (`render(lang, content, …)`, the export).

A heading per section, a table per perpetrator, abuse, incident and tie (copy the table to add one), row
tables for identifiers, positions, roles, victim groups, sanctions and sources (copy a row), and every
field a Word content control (w:sdt) tagged with its content path (`perpetrators[0].birth_date`), which
the importer reads back exactly. Fixed vocabularies are drop-down controls whose items carry the model's
values. Labels come from the import mapping (the first label per language), instructions from
`template-text.json`; Arabic paragraphs are right to left and tables mirrored.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from app.jurisdictions import JURISDICTIONS
from app.schemas.case_content import CaseContent, Perpetrator
from app.workflows.word.mapping import RTL_LANGS, Lang, mapping, text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import _Cell

# v2 (mapping v2) added place of birth, gender, "otherwise of serious concern" and a tie's value. The
# importer reads every version's tags (they only ever grow), so v1 documents still import.
TEMPLATE_ID = "sanctions-portal:case-file:v2"
LABEL_STYLE = "Portal Label"
NOTE_STYLE = "Portal Note"
_RTL_CHARS = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

# Successors in the schema's element order, for inserting into existing property elements.
_PPR_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_RPR_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_TBLPR_AFTER_BIDI = (
    "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


class _Writer:
    def __init__(self, lang: Lang) -> None:
        import docx  # deferred: python-docx and lxml load on the Word paths only

        self.lang = lang
        self.rtl = lang in RTL_LANGS
        self.m = mapping()
        self.doc: DocxDocument = docx.Document()
        self.ids = itertools.count(1000)
        self._styles()

    # ---- styles and paragraphs ----------------------------------------------------------------------------

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt, RGBColor

        styles = self.doc.styles
        label = styles.add_style(LABEL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        label.base_style = styles["Normal"]
        label.font.bold = True
        label.font.size = Pt(10)
        note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = styles["Normal"]
        note.font.italic = True
        note.font.size = Pt(9.5)
        note.font.color.rgb = RGBColor(0x44, 0x44, 0x55)
        placeholder = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
        placeholder.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        # Style ids, set on the XML directly: python-docx looks a style up by scanning them all.
        self.style_ids = {
            LABEL_STYLE: label.style_id,
            NOTE_STYLE: note.style_id,
            "Table Grid": styles["Table Grid"].style_id,
            **{f"Heading {n}": styles[f"Heading {n}"].style_id for n in (1, 2, 3)},
            "Title": styles["Title"].style_id,
        }
        # Language of the text (spell checking), and of right-to-left runs.
        from docx.oxml.ns import qn

        rpr = styles.element.find("/".join(qn(t) for t in ("w:docDefaults", "w:rPrDefault", "w:rPr")))
        if rpr is not None:
            lang_el = rpr.find(qn("w:lang"))
            if lang_el is None:
                lang_el = _el("w:lang")
                rpr.append(lang_el)
            lang_el.set(qn("w:val"), {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ar": "ar-SA"}[self.lang])
            lang_el.set(qn("w:bidi"), "ar-SA")

    def _bidi(self, paragraph: Any) -> None:
        if self.rtl:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.insert_element_before(_el("w:bidi"), *_PPR_AFTER_BIDI)

    def _run(self, paragraph: Any, value: str) -> Any:
        run = paragraph.add_run(value)
        if self.rtl or _RTL_CHARS.search(value):
            run._r.get_or_add_rPr().insert_element_before(_el("w:rtl"), *_RPR_AFTER_RTL)
        return run

    def para(self, value: str, style: str | None = None, container: Any = None) -> Any:
        paragraph = (container or self.doc).add_paragraph()
        if style:
            paragraph._p.get_or_add_pPr().style = self.style_ids[style]
        self._bidi(paragraph)
        if value:
            self._run(paragraph, value)
        return paragraph

    def heading(self, value: str, level: int) -> None:
        self.para(value, "Title" if level == 0 else f"Heading {level}")

    def note(self, value: str) -> None:
        self.para(value, NOTE_STYLE)

    # ---- content controls ---------------------------------------------------------------------------

    def control(
        self,
        cell: _Cell,
        tag: str,
        alias: str,
        value: str | None,
        items: Sequence[tuple[str, str]] = (),
    ) -> None:
        """A content control in the cell: plain multi-line text, or a drop-down of (label, value) items."""
        paragraph = cell.paragraphs[0]
        self._bidi(paragraph)
        sdt = _el("w:sdt")
        pr = _el("w:sdtPr")
        sdt.append(pr)
        pr.append(_el("w:alias", val=alias[:255]))
        pr.append(_el("w:tag", val=tag))
        pr.append(_el("w:id", val=str(next(self.ids))))
        shown = value
        if items:
            shown = next((label for label, v in items if v == value), None) if value is not None else None
        if shown is None or shown == "":
            pr.append(_el("w:showingPlcHdr"))
        if items:
            box = _el("w:dropDownList")
            for label, v in items:
                box.append(_el("w:listItem", displayText=label, value=v))
            pr.append(box)
        else:
            pass  # rich text (no w:text): LibreOffice 7.4 keeps these as content controls
        content = _el("w:sdtContent")
        sdt.append(content)
        if shown is None or shown == "":
            hint = text(self.lang, "choose" if items else "placeholder")
            content.append(self._xml_run(hint, placeholder=True))
        else:
            for i, line in enumerate(shown.split("\n")):
                run = self._xml_run(line)
                if i:
                    run.insert(0 if run.find(_qn("w:rPr")) is None else 1, _el("w:br"))
                content.append(run)
        paragraph._p.append(sdt)

    def _xml_run(self, value: str, placeholder: bool = False) -> Any:
        from docx.oxml.ns import qn

        run = _el("w:r")
        rpr = _el("w:rPr")
        if placeholder:
            rpr.append(_el("w:rStyle", val="PlaceholderText"))
        if self.rtl or _RTL_CHARS.search(value):
            rpr.append(_el("w:rtl"))
        if len(rpr):
            run.append(rpr)
        t = _el("w:t")
        t.text = value
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
        del qn
        return run

    # ---- tables -------------------------------------------------------------------------------------

    def _table(self, rows: int, cols: int) -> Any:
        table = self.doc.add_table(rows=rows, cols=cols)
        table._tbl.tblPr.style = self.style_ids["Table Grid"]
        if self.rtl:
            tblpr = table._tbl.tblPr
            tblpr.insert_element_before(_el("w:bidiVisual"), *_TBLPR_AFTER_BIDI)
        return table

    def _label(self, cell: _Cell, value: str) -> None:
        paragraph = cell.paragraphs[0]
        paragraph._p.get_or_add_pPr().style = self.style_ids[LABEL_STYLE]
        self._bidi(paragraph)
        self._run(paragraph, value)

    def fields_table(self, rows: Sequence[tuple[str, str, str | None, Sequence[tuple[str, str]]]]) -> None:
        """Label | control, one row per field: (label, tag, value, drop-down items)."""
        from docx.shared import Cm

        table = self._table(len(rows), 2)
        for row, (label, tag, value, items) in zip(table.rows, rows, strict=True):
            row.cells[0].width = Cm(5)
            row.cells[1].width = Cm(11)
            self._label(row.cells[0], label)
            self.control(row.cells[1], tag, label, value, items)
        self.para("")

    def rows_table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[tuple[str, str | None, Sequence[tuple[str, str]]]]],
    ) -> None:
        """A header row, then one row per list item: each cell (tag, value, drop-down items)."""
        table = self._table(1 + len(rows), len(headers))
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            self._label(cell, header)
        for row, cells in zip(table.rows[1:], rows, strict=True):
            for cell, header, (tag, value, items) in zip(row.cells, headers, cells, strict=True):
                self.control(cell, tag, header, value, items)
        self.para("")

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _lines(items: Sequence[str]) -> str | None:
    return "\n".join(items) if items else None


def _numbered(items: Sequence[Any], blank: bool) -> Iterator[tuple[int, Any]]:
    """The items with their index; one empty item (None) when there are none and the form is blank."""
    if items:
        yield from enumerate(items)
    elif blank:
        yield 0, None


def _role_ref(perpetrator_id: str, perpetrators: Sequence[Perpetrator]) -> str:
    """A role row names its perpetrator by name when the name is unique, else by reference."""
    match = [p for p in perpetrators if p.id == perpetrator_id]
    if match and match[0].name and sum(1 for p in perpetrators if p.name == match[0].name) == 1:
        return match[0].name
    return perpetrator_id


def render(
    lang: Lang,
    content: CaseContent | None = None,
    *,
    title: str | None = None,
    targets: Sequence[str] = (),
    modified: Any = None,
) -> bytes:
    """The template as a .docx: blank, or holding `content` (every list gets an empty row or table
    only when it has no items, so a filled-in case stays compact)."""
    w = _Writer(lang)
    m = w.m
    blank = content is None
    c = content or CaseContent()

    def label(section: str, key: str) -> str:
        return m.label(section, key, lang)

    def vocab(name: str) -> list[tuple[str, str]]:
        return m.value_labels(name, lang)

    yes_no = [
        (m.value_label("boolean", "true", lang), "true"),
        (m.value_label("boolean", "false", lang), "false"),
    ]

    def flag(value: bool | None) -> str | None:
        return None if value is None else ("true" if value else "false")

    props = w.doc.core_properties
    props.title = title or text(lang, "document_title")
    props.identifier = TEMPLATE_ID
    props.language = lang
    props.author = "Sanctions coalition portal"
    props.comments = "Generated by the portal; import it back with Cases → Import from Word."
    if modified is not None:
        props.modified = modified
        props.created = modified

    w.heading(title or text(lang, "document_title"), 0)
    for paragraph in text(lang, "intro"):
        w.note(paragraph)

    # General
    w.heading(m.section_label("case", lang), 1)
    w.fields_table(
        [
            (label("case", "title"), "title", title, ()),
            (
                label("case", "target_jurisdictions"),
                "target_jurisdictions",
                ", ".join(t.upper() for t in targets) or None,
                (),
            ),
        ]
    )

    help_text = text(lang, "section_help")

    # Perpetrators
    w.heading(m.section_label("perpetrators", lang), 1)
    w.note(help_text["perpetrators"])
    for i, p in _numbered(c.perpetrators, True):
        pre = f"perpetrators[{i}]"
        heading = text(lang, "perpetrator_n").format(n=i + 1)
        if p is not None and p.name:
            heading = f"{heading}: {p.name}"
        w.heading(heading, 2)
        w.fields_table(
            [
                (label("perpetrators", "id"), f"{pre}.id", p.id if p else None, ()),
                (
                    label("perpetrators", "schema"),
                    f"{pre}.schema",
                    p.entity_schema if p else None,
                    vocab("schema"),
                ),
                (label("perpetrators", "name"), f"{pre}.name", p.name if p else None, ()),
                (label("perpetrators", "aliases"), f"{pre}.aliases", _lines(p.aliases) if p else None, ()),
                (
                    label("perpetrators", "transliterations"),
                    f"{pre}.transliterations",
                    _lines(p.transliterations) if p else None,
                    (),
                ),
                (label("perpetrators", "birth_date"), f"{pre}.birth_date", p.birth_date if p else None, ()),
                (
                    label("perpetrators", "place_of_birth"),
                    f"{pre}.place_of_birth",
                    p.place_of_birth if p else None,
                    (),
                ),
                (
                    label("perpetrators", "gender"),
                    f"{pre}.gender",
                    p.gender.value if p and p.gender else None,
                    vocab("gender"),
                ),
                (
                    label("perpetrators", "nationality"),
                    f"{pre}.nationality",
                    _lines(p.nationality) if p else None,
                    (),
                ),
                (
                    label("perpetrators", "affiliated_units"),
                    f"{pre}.affiliated_units",
                    _lines(p.affiliated_units) if p else None,
                    (),
                ),
                (label("perpetrators", "notes"), f"{pre}.notes", p.notes if p else None, ()),
            ]
        )
        w.para(text(lang, "identifiers"), LABEL_STYLE)
        w.rows_table(
            [
                label("perpetrators", k)
                for k in ("id_numbers[].kind", "id_numbers[].number", "id_numbers[].country")
            ],
            [
                [
                    (f"{pre}.id_numbers[{j}].kind", ident.kind.value if ident else None, vocab("id_kind")),
                    (f"{pre}.id_numbers[{j}].number", ident.number if ident else None, ()),
                    (f"{pre}.id_numbers[{j}].country", ident.country if ident else None, ()),
                ]
                for j, ident in _numbered(p.id_numbers if p else [], True)
            ],
        )
        w.para(text(lang, "positions"), LABEL_STYLE)
        keys = (
            "positions[].title",
            "positions[].organisation",
            "positions[].start_date",
            "positions[].end_date",
        )
        w.rows_table(
            [label("perpetrators", k) for k in keys],
            [
                [
                    (
                        f"{pre}.positions[{j}].{k.rsplit('.', 1)[1]}",
                        getattr(pos, k.rsplit(".", 1)[1]) if pos else None,
                        (),
                    )
                    for k in keys
                ]
                for j, pos in _numbered(p.positions if p else [], True)
            ],
        )

    # Abuses
    w.heading(m.section_label("abuses", lang), 1)
    w.note(help_text["abuses"])
    for i, a in _numbered(c.abuses, True):
        pre = f"abuses[{i}]"
        heading = text(lang, "abuse_n").format(n=i + 1)
        if a is not None and a.category:
            heading = f"{heading}: {m.value_label('category', a.category.value, lang)}"
        w.heading(heading, 2)
        w.fields_table(
            [
                (label("abuses", "id"), f"{pre}.id", a.id if a else None, ()),
                (
                    label("abuses", "category"),
                    f"{pre}.category",
                    a.category.value if a and a.category else None,
                    vocab("category"),
                ),
                (label("abuses", "description"), f"{pre}.description", a.description if a else None, ()),
                (
                    label("abuses", "widespread_or_systematic"),
                    f"{pre}.widespread_or_systematic",
                    flag(a.widespread_or_systematic) if a else None,
                    yes_no,
                ),
                (
                    label("abuses", "of_serious_concern"),
                    f"{pre}.of_serious_concern",
                    flag(a.of_serious_concern) if a else None,
                    yes_no,
                ),
            ]
        )
        for j, inc in _numbered(a.incidents if a else [], True):
            ipre = f"{pre}.incidents[{j}]"
            w.heading(text(lang, "incident_n").format(n=f"{i + 1}.{j + 1}"), 3)
            w.fields_table(
                [
                    (label("abuses", f"incidents[].{k}"), f"{ipre}.{k}", getattr(inc, k) if inc else None, ())
                    for k in ("id", "date", "end_date", "country", "locality", "description")
                ]
            )
        w.para(text(lang, "roles"), LABEL_STYLE)
        w.rows_table(
            [
                label("abuses", k)
                for k in (
                    "perpetrator_roles[+]",
                    "perpetrator_roles[].role",
                    "perpetrator_roles[].description",
                )
            ],
            [
                [
                    (
                        f"{pre}.perpetrator_roles[{j}].perpetrator_id",
                        _role_ref(r.perpetrator_id, c.perpetrators) if r else None,
                        (),
                    ),
                    (
                        f"{pre}.perpetrator_roles[{j}].role",
                        r.role.value if r and r.role else None,
                        vocab("role"),
                    ),
                    (f"{pre}.perpetrator_roles[{j}].description", r.description if r else None, ()),
                ]
                for j, r in _numbered(a.perpetrator_roles if a else [], True)
            ],
        )

    # Victims
    v = c.victims
    w.heading(m.section_label("victims", lang), 1)
    w.note(help_text["victims"])
    w.fields_table(
        [
            (
                label("victims", "count"),
                "victims.count",
                str(v.count) if v and v.count is not None else None,
                (),
            ),
            (
                label("victims", "count_is_estimate"),
                "victims.count_is_estimate",
                flag(v.count_is_estimate) if v else None,
                yes_no,
            ),
            (label("victims", "description"), "victims.description", v.description if v else None, ()),
            (
                label("victims", "other_description"),
                "victims.other_description",
                v.other_description if v else None,
                (),
            ),
        ]
    )
    w.rows_table(
        [text(lang, "victim_groups")],
        [
            [(f"victims.groups[{j}]", g.value if g else None, vocab("victim_group"))]
            for j, g in _numbered(v.groups if v else [], True)
        ],
    )

    # Per jurisdiction: ties, sanctions in force, impact
    for code in JURISDICTIONS:
        jc = c.jurisdictions.get(code)  # type: ignore[call-overload]
        pre = f"jurisdictions.{code}"
        w.heading(m.section_label("ties", lang, code), 1)
        w.note(help_text["ties"])
        for j, tie in _numbered(jc.ties_and_assets if jc else [], True):
            tpre = f"{pre}.ties_and_assets[{j}]"
            w.para(text(lang, "tie_n").format(n=j + 1), LABEL_STYLE)
            w.fields_table(
                [
                    (
                        label("ties", "ties_and_assets[].kind"),
                        f"{tpre}.kind",
                        tie.kind.value if tie and tie.kind else None,
                        vocab("tie_kind"),
                    ),
                    (
                        label("ties", "ties_and_assets[].description"),
                        f"{tpre}.description",
                        tie.description if tie else None,
                        (),
                    ),
                    (
                        label("ties", "ties_and_assets[].location"),
                        f"{tpre}.location",
                        tie.location if tie else None,
                        (),
                    ),
                    (
                        label("ties", "ties_and_assets[].value"),
                        f"{tpre}.value",
                        tie.value if tie else None,
                        (),
                    ),
                ]
            )
        w.para(text(lang, "sanctions_in_force"), LABEL_STYLE)
        keys = ("authority", "program", "reference", "date")
        w.rows_table(
            [label("sanctions", f"sanctions_in_force[].{k}") for k in keys],
            [
                [(f"{pre}.sanctions_in_force[{j}].{k}", getattr(s, k) if s else None, ()) for k in keys]
                for j, s in _numbered(jc.sanctions_in_force if jc else [], True)
            ],
        )
        w.fields_table(
            [(text(lang, "impact"), f"{pre}.impact_argument", jc.impact_argument if jc else None, ())]
        )

    # Exculpatory information, sources, contact, partners
    w.heading(m.section_label("exculpatory", lang), 1)
    w.note(help_text["exculpatory"])
    w.fields_table(
        [
            (
                label("exculpatory", "exculpatory_information"),
                "exculpatory_information",
                c.exculpatory_information,
                (),
            )
        ]
    )
    w.heading(m.section_label("sources", lang), 1)
    w.note(help_text["sources"])
    w.rows_table(
        [label("sources", f"sources[].{k}") for k in ("id", "kind", "description", "confidential")],
        [
            [
                (f"sources[{j}].id", s.id if s else None, ()),
                (f"sources[{j}].kind", s.kind.value if s and s.kind else None, vocab("source_kind")),
                (f"sources[{j}].description", s.description if s else None, ()),
                (f"sources[{j}].confidential", flag(s.confidential) if s else None, yes_no),
            ]
            for j, s in _numbered(c.sources, True)
        ],
    )
    w.heading(m.section_label("contact", lang), 1)
    w.note(help_text["contact"])
    contact = c.contact
    w.fields_table(
        [
            (label("contact", k), f"contact.{k}", getattr(contact, k) if contact else None, ())
            for k in ("name", "email", "phone")
        ]
    )
    w.heading(m.section_label("partners", lang), 1)
    w.note(help_text["partners"])
    w.fields_table(
        [
            (
                label("partners", "partner_organisations"),
                "partner_organisations",
                _lines(c.partner_organisations),
                (),
            )
        ]
    )
    if c.unmapped_content:
        w.heading(m.section_label("unmapped", lang), 1)
        w.note(help_text["unmapped"])
        columns = ("heading", "where", "text")
        w.rows_table(
            [label("unmapped", f"unmapped_content[].{k}") for k in columns],
            [
                [(f"unmapped_content[{j}].{k}", getattr(b, k), ()) for k in columns]
                for j, b in enumerate(c.unmapped_content)
            ],
        )
    del blank
    return w.save()
