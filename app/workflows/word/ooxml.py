"""Word documents at the XML level: the package checks made before anything is parsed, content controls
(w:sdt, which python-docx has no API for), and a walk of the body in document order.

Safety, in order: the file is a ZIP whose central directory is read first; every member's declared size,
the total and each member's compression ratio are checked before a byte is decompressed (zipfile never
inflates past a member's declared size, so a lying header ends in a CRC error, not in memory use); a
macro-enabled document (.docm, a vbaProject part) is refused; the XML is parsed without entity expansion
(python-docx's parser) or network access. Nothing a document links to is opened: external relationships
(hyperlinks, linked images, attached templates), field instructions that include other files, and
embedded objects are reported and left alone.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.errors import Invalid, UnsupportedMediaType

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

MiB = 1024 * 1024
MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 32 * MiB  # one part, uncompressed (document.xml, an image)
MAX_TOTAL_BYTES = 96 * MiB  # the whole package, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1 * MiB
MAX_PARAGRAPHS = 20_000
MAX_TABLES = 2_000

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata", "ms-office.activex")
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class MacroDocument(UnsupportedMediaType):
    type_slug = "macro-document"


class DocumentBomb(Invalid):
    type_slug = "document-too-large-uncompressed"


class CorruptDocument(Invalid):
    type_slug = "corrupt-document"


@dataclass(frozen=True)
class PackageInfo:
    kind: str  # "docx" or "odt"
    uncompressed: int


def _open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    if data.startswith(OLE_MAGIC):
        raise UnsupportedMediaType(
            f"This {what} is an old Word 97-2003 .doc or a password-protected document: "
            "remove the password or save it as .docx, then import it again"
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptDocument(f"This {what} is damaged or not a Word document (.docx or .odt)") from exc


def check_package(data: bytes, filename: str) -> PackageInfo:
    """Refuse what must not be opened, before any member is decompressed (see the module docstring)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext in ("docm", "dotm"):
        raise MacroDocument(
            "Macro-enabled Word documents (.docm) are refused: macros are never run here. "
            "Save the document as .docx (Word drops the macros) and import that"
        )
    with _open_zip(data, "file") as zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise DocumentBomb(f"The document has more than {MAX_MEMBERS} parts")
        total = 0
        for info in infos:
            total += info.file_size
            if info.flag_bits & 0x1:
                raise UnsupportedMediaType("The document is encrypted: remove the password and try again")
            if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                raise DocumentBomb(
                    "The document expands to more than the import allows when unpacked "
                    f"(parts up to {MAX_MEMBER_BYTES // MiB} MiB, {MAX_TOTAL_BYTES // MiB} MiB in all)",
                    extra={"max_part_bytes": MAX_MEMBER_BYTES, "max_total_bytes": MAX_TOTAL_BYTES},
                )
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise DocumentBomb(
                    f"A part of the document is compressed more than {MAX_RATIO} times, "
                    "which no real document is (a ZIP bomb?)"
                )
        names = {i.filename for i in infos}
        if "mimetype" in names and _read(zf, "mimetype", 200).strip() == ODT_MIMETYPE:
            if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                raise MacroDocument("This OpenDocument file holds macros; they are never run. Remove them")
            return PackageInfo("odt", total)
        if "[Content_Types].xml" not in names:
            raise CorruptDocument("This file is a ZIP archive but not a Word document (.docx or .odt)")
        types = _read(zf, "[Content_Types].xml", 1 * MiB).lower()
        if any(t.encode() in types for t in MACRO_TYPES) or any("vbaproject" in n.lower() for n in names):
            raise MacroDocument(
                "This document holds macros (a macro-enabled .docm): macros are never run here. "
                "Save it as .docx and import that"
            )
        if DOCX_MAIN.encode() not in types:
            raise UnsupportedMediaType(
                "This Office file is not a Word document (.docx): export it from its program as .docx"
            )
    return PackageInfo("docx", total)


def _read(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with zf.open(name) as fh:
        return fh.read(limit)


def load(data: bytes) -> DocxDocument:
    """python-docx's Document, once `check_package` passed."""
    import docx  # deferred: python-docx and lxml load on the Word paths only

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # any failure to read a damaged package gets the same answer
        raise CorruptDocument("This document is damaged and cannot be read as a Word document") from exc
    body = document.element.body
    if body is None:
        raise CorruptDocument("This document has no body: it is damaged or not a Word document")
    paragraphs = len(body.findall(f".//{w('p')}"))
    tables = len(body.findall(f".//{w('tbl')}"))
    if paragraphs > MAX_PARAGRAPHS or tables > MAX_TABLES:
        raise Invalid(
            f"The document is too long to import ({paragraphs} paragraphs, {tables} tables; at most "
            f"{MAX_PARAGRAPHS} paragraphs and {MAX_TABLES} tables): split it into case files",
            extra={"max_paragraphs": MAX_PARAGRAPHS, "max_tables": MAX_TABLES},
        )
    return document


# ---- what a document links to and embeds -----------------------------------------------------------------


@dataclass(frozen=True)
class ExternalRef:
    kind: str  # "hyperlink", "image", "attached template", "field INCLUDETEXT", …
    target: str


@dataclass(frozen=True)
class EmbeddedObject:
    name: str
    content_type: str


_INCLUDE_FIELDS = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE|IMPORT|RD)\b", re.IGNORECASE)


def external_refs(document: DocxDocument) -> list[ExternalRef]:
    refs: list[ExternalRef] = []
    for part in document.part.package.iter_parts():
        for rel in part.rels.values():
            if rel.is_external:
                kind = rel.reltype.rsplit("/", 1)[-1]
                kind = {"attachedTemplate": "attached template", "oleObject": "linked object"}.get(kind, kind)
                refs.append(ExternalRef(kind, str(rel.target_ref)[:500]))
    body = document.element.body
    for instr in body.iter(w("instrText")):
        text = instr.text or ""
        if m := _INCLUDE_FIELDS.match(text):
            refs.append(ExternalRef(f"field {m[1].upper()}", text.strip()[:500]))
    for simple in body.iter(w("fldSimple")):
        text = simple.get(w("instr")) or ""
        if m := _INCLUDE_FIELDS.match(text):
            refs.append(ExternalRef(f"field {m[1].upper()}", text.strip()[:500]))
    return refs


def embedded_objects(document: DocxDocument) -> list[EmbeddedObject]:
    out: list[EmbeddedObject] = []
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        ctype = part.content_type
        if name.startswith(("/word/embeddings/", "/word/activeX/")) or "oleobject" in ctype.lower():
            out.append(EmbeddedObject(name.rsplit("/", 1)[-1], ctype))
    return out


# ---- the body, in document order -----------------------------------------------------------------------


@dataclass
class Control:
    """A tagged content control: its tag, the text it shows, and a drop-down's (display, value) items."""

    tag: str
    text: str
    placeholder: bool
    items: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Para:
    text: str  # everything the paragraph shows
    free_text: str  # the text outside tagged content controls
    style: str  # style name ("Heading 2", "Portal Label")
    heading: int | None  # 0 for a title, 1-9 for headings, None for body text
    bold: bool
    controls: list[Control] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # relationship ids of embedded images


@dataclass
class Cell:
    paras: list[Para]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras if p.text).strip()

    @property
    def free_text(self) -> str:
        return "\n".join(p.free_text for p in self.paras if p.free_text).strip()

    @property
    def controls(self) -> list[Control]:
        return [c for p in self.paras for c in p.controls]

    @property
    def images(self) -> list[str]:
        return [i for p in self.paras for i in p.images]

    @property
    def style(self) -> str:
        return next((p.style for p in self.paras if p.text), "")


@dataclass
class Table:
    number: int
    rows: list[list[Cell]]


Block = Para | Table

_HEADING_NAME = re.compile(r"^(heading|titre|título|titulo|encabezado|überschrift)\s*(\d)$", re.IGNORECASE)
_TITLE_NAMES = frozenset({"title", "titre", "título", "titulo"})


class StyleBook:
    """Style id → (name, heading level), following `basedOn` for custom heading styles."""

    def __init__(self, document: DocxDocument) -> None:
        self._styles: dict[str, tuple[str, int | None, str | None]] = {}
        for style in document.styles.element.findall(w("style")):
            sid = style.get(w("styleId")) or ""
            name_el = style.find(w("name"))
            name = name_el.get(w("val")) if name_el is not None else sid
            level: int | None = None
            if (m := _HEADING_NAME.match(name or "")) is not None:
                level = int(m[2])
            elif (name or "").lower() in _TITLE_NAMES:
                level = 0
            else:
                outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
                if outline is not None and (v := outline.get(w("val")) or "").isdigit() and int(v) < 9:
                    level = int(v) + 1
            based = style.find(w("basedOn"))
            self._styles[sid] = (name or sid, level, based.get(w("val")) if based is not None else None)

    def name(self, sid: str) -> str:
        return self._styles.get(sid, (sid, None, None))[0]

    def level(self, sid: str) -> int | None:
        seen = 0
        while sid in self._styles and seen < 6:
            _, level, based = self._styles[sid]
            if level is not None:
                return level
            if based is None:
                return None
            sid, seen = based, seen + 1
        return None


def _tag(el: Any) -> str:
    tag = el.tag
    return tag if isinstance(tag, str) else ""


def _iter_without_fallback(el: Any) -> Iterator[Any]:
    """`el.iter()` without mc:Fallback subtrees, which repeat their mc:Choice (text boxes, images)."""
    stack = [el]
    while stack:
        node = stack.pop()
        if _tag(node) == f"{{{MC_NS}}}Fallback":
            continue
        yield node
        stack.extend(reversed(list(node)))


def _sdt_tag(sdt: Any) -> tuple[str | None, bool, list[tuple[str, str]]]:
    pr = sdt.find(w("sdtPr"))
    if pr is None:
        return None, False, []
    tag_el = pr.find(w("tag"))
    tag = tag_el.get(w("val")) if tag_el is not None else None
    placeholder = pr.find(w("showingPlcHdr")) is not None
    items: list[tuple[str, str]] = []
    for kind in ("dropDownList", "comboBox"):
        box = pr.find(w(kind))
        if box is not None:
            for item in box.findall(w("listItem")):
                display = item.get(w("displayText")) or item.get(w("value")) or ""
                items.append((display, item.get(w("value")) or display))
    return tag, placeholder, items


class _ParaReader:
    """Text of one paragraph in reading order, with its tagged controls and images."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.free: list[str] = []
        self.controls: list[Control] = []
        self.images: list[str] = []
        self.bold_runs = 0
        self.runs = 0

    def read(self, el: Any, capture: list[str] | None = None) -> None:
        for child in el:
            tag = _tag(child)
            if tag == w("r"):
                self._run(child, capture)
            elif tag == w("sdt"):
                self._sdt(child, capture)
            elif tag in (w("del"), w("moveFrom"), w("pPr"), w("rPr")) or tag == f"{{{MC_NS}}}Fallback":
                continue
            elif tag.startswith("{"):
                self.read(child, capture)  # hyperlink, ins, smartTag, fldSimple, customXml, moveTo…

    def _emit(self, s: str, capture: list[str] | None) -> None:
        self.text.append(s)
        (capture if capture is not None else self.free).append(s)

    def _run(self, run: Any, capture: list[str] | None) -> None:
        had_text = False
        for child in _iter_without_fallback(run):
            tag = _tag(child)
            if tag == w("t"):
                self._emit(child.text or "", capture)
                had_text = had_text or bool((child.text or "").strip())
            elif tag == w("tab"):
                self._emit("\t", capture)
            elif tag in (w("br"), w("cr")):
                self._emit("\n", capture)
            elif tag == w("noBreakHyphen"):
                self._emit("-", capture)
            elif tag == f"{{{A_NS}}}blip":
                if rid := child.get(f"{{{R_NS}}}embed"):
                    self.images.append(rid)
            elif tag == f"{{{V_NS}}}imagedata":
                if rid := child.get(f"{{{R_NS}}}id"):
                    self.images.append(rid)
        if had_text:
            self.runs += 1
            b = run.find(f"{w('rPr')}/{w('b')}")
            if b is not None and (b.get(w("val")) or "true") not in ("0", "false"):
                self.bold_runs += 1

    def _sdt(self, sdt: Any, capture: list[str] | None) -> None:
        tag, placeholder, items = _sdt_tag(sdt)
        content = sdt.find(w("sdtContent"))
        if content is None:
            return
        if not tag or capture is not None:
            self.read(content, capture)
            return
        inner: list[str] = []
        self.read(content, inner)
        self.controls.append(Control(tag, "".join(inner).strip(), placeholder, items))


def _para(p: Any, styles: StyleBook) -> Para:
    reader = _ParaReader()
    reader.read(p)
    ppr = p.find(w("pPr"))
    sid = ""
    level: int | None = None
    if ppr is not None:
        ps = ppr.find(w("pStyle"))
        sid = ps.get(w("val")) if ps is not None else ""
        outline = ppr.find(w("outlineLvl"))
        if outline is not None and (v := outline.get(w("val")) or "").isdigit() and int(v) < 9:
            level = int(v) + 1
    if level is None and sid:
        level = styles.level(sid)
    text = "".join(reader.text)
    return Para(
        text=text.strip(),
        free_text="".join(reader.free).strip(),
        style=styles.name(sid) if sid else "Normal",
        heading=level if text.strip() else None,
        bold=reader.runs > 0 and reader.bold_runs == reader.runs,
        controls=reader.controls,
        images=reader.images,
    )


def _block_sdt_para(sdt: Any, styles: StyleBook) -> list[Para]:
    """A content control around whole paragraphs (or cells): one Control holding their text."""
    tag, placeholder, items = _sdt_tag(sdt)
    content = sdt.find(w("sdtContent"))
    if content is None:
        return []
    paras = [para for child in content for para in _blocks_in(child, styles)]
    if not tag:
        return paras
    text = "\n".join(p.text for p in paras if p.text).strip()
    images = [i for p in paras for i in p.images]
    return [Para(text, "", "Normal", None, False, [Control(tag, text, placeholder, items)], images)]


def _blocks_in(el: Any, styles: StyleBook) -> list[Para]:
    """Paragraphs inside a cell or block control (nested tables flattened to one paragraph per row)."""
    tag = _tag(el)
    if tag == w("p"):
        return [_para(el, styles)]
    if tag == w("sdt"):
        return _block_sdt_para(el, styles)
    if tag == w("tbl"):
        out = []
        for row in _rows(el):
            cells = [_cell(c, styles) for c in row]
            text = " | ".join(c.text for c in cells if c.text)
            controls = [k for c in cells for k in c.controls]
            images = [i for c in cells for i in c.images]
            if text or controls or images:
                out.append(Para(text, text, "Normal", None, False, controls, images))
        return out
    if tag == w("customXml"):
        return [p for child in el for p in _blocks_in(child, styles)]
    return []


def _rows(tbl: Any) -> Iterator[list[Any]]:
    for child in tbl:
        tag = _tag(child)
        if tag == w("tr"):
            yield _cells(child)
        elif tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if tag == w("sdt") else child
            for tr in content.findall(w("tr")) if content is not None else []:
                yield _cells(tr)


def _cells(tr: Any) -> list[Any]:
    cells: list[Any] = []
    for child in tr:
        tag = _tag(child)
        if tag == w("tc"):
            cells.append(child)
        elif tag == w("sdt"):
            content = child.find(w("sdtContent"))
            # A control around a whole cell keeps its tag: wrap the cell's content in it.
            for tc in content.findall(w("tc")) if content is not None else []:
                cells.append(_CellWithControl(child, tc))
    return cells


class _CellWithControl:
    def __init__(self, sdt: Any, tc: Any) -> None:
        self.sdt = sdt
        self.tc = tc


def _cell(tc: Any, styles: StyleBook) -> Cell:
    if isinstance(tc, _CellWithControl):
        tag, placeholder, items = _sdt_tag(tc.sdt)
        paras = [p for child in tc.tc for p in _blocks_in(child, styles)]
        if tag:
            text = "\n".join(p.text for p in paras if p.text).strip()
            images = [i for p in paras for i in p.images]
            paras = [Para(text, "", "Normal", None, False, [Control(tag, text, placeholder, items)], images)]
        return Cell(paras)
    return Cell([p for child in tc for p in _blocks_in(child, styles)])


def walk(document: DocxDocument) -> list[Block]:
    """The body's paragraphs and tables in document order (controls around blocks unwrapped)."""
    styles = StyleBook(document)
    blocks: list[Block] = []
    tables = 0

    def visit(el: Any) -> None:
        nonlocal tables
        tag = _tag(el)
        if tag == w("p"):
            blocks.append(_para(el, styles))
        elif tag == w("tbl"):
            tables += 1
            rows = [[_cell(c, styles) for c in row] for row in _rows(el)]
            blocks.append(Table(tables, rows))
        elif tag == w("sdt"):
            tag_value, _, _ = _sdt_tag(el)
            if tag_value:
                blocks.extend(_block_sdt_para(el, styles))
            else:
                content = el.find(w("sdtContent"))
                for child in content if content is not None else []:
                    visit(child)
        elif tag == w("customXml"):
            for child in el:
                visit(child)

    for child in document.element.body:
        visit(child)
    return blocks
