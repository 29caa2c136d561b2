"""The two ways a document's body becomes a draft.

`TemplateReader`: the portal's own template (or an export). Every tagged content control is placed at
its path; a table copied in Word repeats its tags, so a path met a second time starts a new item at its
innermost list (`Remap`), and a row added with "insert row" (no controls) takes its column's tags.
Template text (labels, instructions, headings) is skipped; anything else typed outside the controls is
kept as unmapped content.

`FreeReader`: any other layout, through the mapping: headings (or bold lines, or one-cell table rows)
name sections, "label | value" table rows and "Label: value" paragraphs name fields, a repeated field
starts a new item, a table whose first row holds labels is read one item per row, and paragraphs go
to the section's text field. What matches nothing is kept, in document order, with the heading it was
under.
"""

from __future__ import annotations

import re
from typing import Any

from app.workflows.word import values
from app.workflows.word.draft import Draft, ImageRef, Sparse, Token, Tokens, kind_of, parse_path
from app.workflows.word.mapping import (
    Section,
    fold,
    label_key,
    mapping,
    placeholder_texts,
    template_counters,
    template_texts,
)
from app.workflows.word.ooxml import Block, Cell, Control, Para, Table
from app.workflows.word.report import Source
from app.workflows.word.template import LABEL_STYLE, NOTE_STYLE

_LIST_KINDS = frozenset({"names", "countries", "position", "roles"})
_TEMPLATE_STYLES = frozenset({LABEL_STYLE, NOTE_STYLE})


def _owner(draft: Draft, tokens: Tokens) -> tuple[dict[str, Any], str] | None:
    if len(tokens) >= 2 and tokens[0] == "perpetrators" and isinstance(tokens[1], int):
        node = draft.get(tokens[:2])
        return (node, "perpetrator") if isinstance(node, dict) else None
    if len(tokens) >= 4 and tokens[0] == "abuses" and tokens[2] == "incidents" and isinstance(tokens[3], int):
        node = draft.get(tokens[:4])
        return (node, "incident") if isinstance(node, dict) else None
    return None


class Remap:
    """Template indices → draft indices, so copied tables and rows become new items."""

    def __init__(self) -> None:
        self._map: dict[tuple[Tokens, str, int], int] = {}
        self._used: dict[tuple[Tokens, str], set[int]] = {}
        self._seen: set[Tokens] = set()

    def _fresh(self, parent: Tokens, name: str, prefer: int | None = None) -> int:
        used = self._used.setdefault((parent, name), set())
        index = prefer if prefer is not None and prefer not in used else max(used, default=-1) + 1
        used.add(index)
        return index

    def resolve(self, tokens: Tokens) -> Tokens:
        actual: list[Token] = []
        lists: list[int] = []  # positions of list indices
        for t in tokens:
            if isinstance(t, int):
                parent, name = tuple(actual[:-1]), str(actual[-1])
                key = (parent, name, t)
                if key not in self._map:
                    self._map[key] = self._fresh(parent, name, prefer=t)
                actual.append(self._map[key])
                lists.append(len(actual) - 1)
            else:
                actual.append(t)
        leaf = tuple(actual)
        if leaf in self._seen and lists:
            pos = lists[-1]
            parent, name = tuple(actual[: pos - 1]), str(actual[pos - 1])
            actual[pos] = self._map[(parent, name, int(tokens[pos]))] = self._fresh(parent, name)
            leaf = tuple(actual)
        self._seen.add(leaf)
        return leaf


class _Reader:
    """What both readers share: the draft they fill, and the item images in it belong to."""

    d: Draft
    owner: tuple[dict[str, Any], str] | None

    def _images(self, rids: list[str], where: str) -> None:
        for rid in rids:
            owner = self.owner
            self.d.images.append(
                ImageRef(rid, where, owner[0] if owner else None, owner[1] if owner else None)
            )


class TemplateReader(_Reader):
    def __init__(self, draft: Draft) -> None:
        self.d = draft
        self.remap = Remap()
        self.heading: str | None = None
        self.owner: tuple[dict[str, Any], str] | None = None
        self._empty = placeholder_texts()

    def read(self, blocks: list[Block]) -> None:
        number = 0
        for block in blocks:
            if isinstance(block, Para):
                number += 1
                self._para(block, f"paragraph {number}")
            else:
                self._table(block)

    def _control(self, control: Control, where: str, tokens: Tokens | None = None) -> None:
        tokens = tokens or parse_path(control.tag)
        if tokens is None:  # someone else's control: its text is the document's text
            if control.text and not control.placeholder:
                self.d.keep_unmapped(control.text, where, self.heading)
            return
        actual = self.remap.resolve(tokens)
        if control.placeholder or not control.text or fold(control.text) in self._empty:
            return
        self.d.place(
            actual,
            control.text,
            source="content_control",
            where=where,
            heading=self.heading,
            items=control.items,
        )
        owner = _owner(self.d, actual)
        self.owner = owner if owner is not None else (self.owner if actual[0] == "abuses" else None)

    def _para(self, para: Para, where: str) -> None:
        if para.heading is not None and not para.controls:
            self.heading = para.text
            return
        for control in para.controls:
            self._control(control, where)
        if para.free_text and para.style not in _TEMPLATE_STYLES:
            self.d.keep_unmapped(para.free_text, where, self.heading)
        self._images(para.images, where)

    def _table(self, table: Table) -> None:
        header_row = bool(table.rows) and all(c.style == LABEL_STYLE for c in table.rows[0] if c.text)
        last_tags: list[str | None] | None = None
        for r, row in enumerate(table.rows, start=1):
            where = f"table {table.number}, row {r}"
            tags: list[str | None] = [c.controls[0].tag if c.controls else None for c in row]
            if any(tags):
                last_tags = tags
                for cell in row:
                    for control in cell.controls:
                        self._control(control, where)
                    self._free(cell, where)
            elif header_row and r > 1 and last_tags is not None and len(last_tags) == len(row):
                # A row inserted in Word (no controls): each cell is its column's field, as a new item.
                for cell, tag in zip(row, last_tags, strict=True):
                    tokens = parse_path(tag) if tag else None
                    if tokens is not None and cell.text:
                        self._control(Control(tag or "", cell.text, False), where, tokens)
                    elif cell.text:
                        self.d.keep_unmapped(cell.text, where, self.heading)
            else:
                for cell in row:
                    self._free(cell, where)
            for cell in row:
                self._images(cell.images, where)

    def _free(self, cell: Cell, where: str) -> None:
        if cell.free_text and cell.style not in _TEMPLATE_STYLES:
            self.d.keep_unmapped(cell.free_text, where, self.heading)


_HEADING_SPLIT = re.compile(r"\s*(?::|：| [–—-] )\s*")
_SELECTOR = re.compile(r"^([a-z_]+)(?:\[(\+|kind=[a-z_]+)?\])?$")


def split_label(text: str, *, max_words: int = 8) -> tuple[str, str] | None:
    """ "Date of birth: 11 April 1968" → ("Date of birth", "11 April 1968"); None without a label."""
    parts = _HEADING_SPLIT.split(text, maxsplit=1)
    if len(parts) != 2 or not parts[0] or len(parts[0]) > 80 or len(parts[0].split()) > max_words:
        return None
    return parts[0], parts[1]


class FreeReader(_Reader):
    def __init__(self, draft: Draft) -> None:
        self.d = draft
        self.m = mapping()
        self.section: Section = self.m.section("case")
        self.heading: str | None = None
        self.pending_heading: tuple[str, str] | None = None  # an unrecognised heading not yet kept
        self.in_incident = False
        self.new_incident = False
        self.owner: tuple[dict[str, Any], str] | None = None
        self.seen_section = False
        self._template_texts = template_texts()
        self.weak: set[Tokens] = set()  # values taken from a heading, which a field may replace

    # ---- entry points -------------------------------------------------------------------------------

    def read(self, blocks: list[Block]) -> None:
        number = 0
        for block in blocks:
            if isinstance(block, Para):
                number += 1
                self._para(block, f"paragraph {number}")
            else:
                self._table(block)
        self._flush_heading()

    def _keep(self, text: str, where: str) -> None:
        self._flush_heading(keep_as_context=True)
        self.d.keep_unmapped(text, where, self.heading)

    def _flush_heading(self, keep_as_context: bool = False) -> None:
        """An unrecognised heading is kept once: as the heading of what follows it, or on its own."""
        if self.pending_heading is None:
            return
        text, where = self.pending_heading
        self.pending_heading = None
        if not keep_as_context:
            self.d.keep_unmapped(text, where)

    # ---- sections -----------------------------------------------------------------------------------

    def _section_match(self, text: str) -> tuple[Section, str | None, str] | None:
        """(section, value after the label, the counter) for a heading-like text, or None."""
        match = self.m.sections.match_key(fold(text))
        if match is not None:
            return self.m.section(match.target), None, match.remainder
        split = split_label(text)
        if split is not None:
            match = self.m.sections.match_key(fold(split[0]))
            if match is not None:
                return self.m.section(match.target), split[1], match.remainder
        return None

    def _heading(self, text: str, where: str, source: Source) -> bool:
        """Enter the section a heading names (True), or note an unknown heading (False)."""
        sub = self.m.subheadings.get(self.section.key)
        split = split_label(text)
        key = fold(split[0] if split is not None else text)
        if sub is not None and (match := sub.match_key(key)) is not None and match.target == "incidents[+]":
            self.in_incident = True
            self.new_incident = True
            self.heading = text
            if split is not None:
                self._place_key("incidents[].description", split[1], source, where, text, append=True)
            return True
        found = self._section_match(text)
        if found is None:
            return False
        section, value, _ = found
        self._enter(section, text)
        if value and section.heading_field:
            self._place_key(section.heading_field, value, source, where, text, weak=True)
        elif value:
            self._keep(value, where)
        return True

    def _enter(self, section: Section, heading: str) -> None:
        self._flush_heading()
        self.section = section
        self.heading = heading
        self.seen_section = True
        self.in_incident = self.new_incident = False
        self.owner = None
        if section.base.endswith("[]"):
            items = self.d.items(self._base_tokens(section.base.removesuffix("[]")))
            if items.current is None or not _empty_item(items.get(items.current)):
                items.current = items.new_index()
                items[items.current] = {}

    @staticmethod
    def _base_tokens(base: str) -> Tokens:
        return tuple(p for p in base.split(".") if p)

    # ---- fields -------------------------------------------------------------------------------------

    def _resolve(self, key: str) -> tuple[Tokens, list[tuple[Tokens, str]], list[Sparse]]:
        """Concrete tokens for a field key in the current section: (tokens, presets, lists met at '[]')."""
        if self.new_incident and "incidents[]" in key:
            key = key.replace("incidents[]", "incidents[+]")
            self.new_incident = False
        full = ".".join(p for p in (self.section.base, key) if p)
        tokens: list[Token] = []
        presets: list[tuple[Tokens, str]] = []
        current_lists: list[Sparse] = []
        for segment in full.split("."):
            m = _SELECTOR.match(segment)
            if m is None:
                tokens.append(segment)
                continue
            tokens.append(m[1])
            if "[" not in segment:
                continue
            items: Sparse = self.d.items(tuple(tokens))
            selector = m[2]
            if selector:
                index = items.new_index()
                items.current = index
                items[index] = {}
                if selector.startswith("kind="):
                    presets.append(((*tokens, index, "kind"), selector[5:]))
            else:
                if items.current is None:
                    items.current = items.new_index()
                    items[items.current] = {}
                index = items.current
                current_lists.append(items)
            tokens.append(index)
        return tuple(tokens), presets, current_lists

    def _place_key(
        self,
        key: str,
        value: str,
        source: Source,
        where: str,
        label: str | None,
        *,
        append: bool = False,
        weak: bool = False,
    ) -> bool:
        tokens, presets, lists = self._resolve(key)
        kind = kind_of(tokens) or ""
        if key.endswith("[+]") and kind_of(tokens[:-1]) in _LIST_KINDS:
            tokens = tokens[:-1]  # "positions[+]", "perpetrator_roles[+]": the parser adds the items
            kind = kind_of(tokens) or ""
        if _same(kind, self.d.get(tokens), value):
            return True  # the same value again (a heading's name or category repeated in its table)
        if tokens in self.weak and self.d.has(tokens):
            # A heading named it ("Perpetrator 1: Viktor Gromov"); the table's own field says better.
            old = str(self.d.get(tokens))
            self.weak.discard(tokens)
            self.d.unplace(tokens)
            if tokens[-1] == "name" and tokens[0] == "perpetrators":
                self.d.place((*tokens[:-1], "aliases"), old, source="heading", where=where, label=label)
            else:
                self._keep(old, where)
        if weak:
            self.weak.add(tokens)
        if self.d.has(tokens) and kind not in _LIST_KINDS and not kind.startswith("enums:"):
            if lists and not append:
                innermost = lists[-1]
                innermost.current = innermost.new_index()
                innermost[innermost.current] = {}
                tokens, presets, _ = self._resolve(key)
            elif kind != "text":
                self._keep(f"{label}: {value}" if label else value, where)
                return True
            else:
                append = True
        ok = self.d.place(
            tokens, value, source=source, where=where, label=label, heading=self.heading, append=append
        )
        if ok:
            for at, preset in presets:
                self.d.place(at, preset, source=source, where=where, label=label)
            owner = _owner(self.d, tokens)
            if owner is not None:
                self.owner = owner
        return True

    def _field(self, label: str, value: str, source: Source, where: str) -> bool:
        index = self.m.field_index(self.section.key)
        if index is None or not value.strip():
            return False
        match = index.match_key(label_key(label))
        if match is None or match.remainder:
            return False
        key = match.target
        if self.in_incident and key == "description":
            key = "incidents[].description"
        return self._place_key(key, value, source, where, label)

    # ---- blocks -------------------------------------------------------------------------------------

    def _para(self, para: Para, where: str) -> None:
        self._images(para.images, where)
        text = para.text
        if not text or fold(text) in self._template_texts:
            return
        if (
            para.heading is None
            and (m := template_counters().match_key(fold(text))) is not None
            and m.remainder
        ):
            return  # "Tie 2": the template's own numbering
        if para.heading is not None:
            if para.heading == 0 and self.d.title is None:
                self.d.place(("title",), text, source="heading", where=where, label=None)
                return
            if self._heading(text, where, "heading"):
                return
            if self.d.title is None and not self.seen_section and para.heading <= 1:
                self.d.place(("title",), text, source="heading", where=where, label=None)
                return
            self._flush_heading()
            self.section = self.m.section("unmapped")
            self.heading = text
            self.pending_heading = (text, where)
            self.owner = None
            return
        split = split_label(text)
        if split is not None and self._field(split[0], split[1], "paragraph", where):
            return
        if len(text) <= 80 and self._section_match(text) is not None and (para.bold or split is None):
            if self._heading(text, where, "heading"):
                return
        if self._paragraph_text(text, where):
            return
        self._keep(text, where)

    def _paragraph_text(self, text: str, where: str) -> bool:
        key = self.section.paragraphs
        if not key:
            return False
        if self.in_incident and key == "description":
            key = "incidents[].description"
        if key == "partner_organisations[+]":
            for name in (n.strip() for n in text.split("\n") if n.strip()):
                self._place_key(key, name, "paragraph", where, None)
            return True
        return self._place_key(key, text, "paragraph", where, None, append=not key.endswith("[+]"))

    def _table(self, table: Table) -> None:
        rows = table.rows
        if len(rows) >= 2 and self._columns(table):
            return
        for r, row in enumerate(rows, start=1):
            where = f"table {table.number}, row {r}"
            for cell in row:
                self._images(cell.images, where)
            cells = _distinct(row)
            if len(cells) >= 2:
                label, value = cells[0].text, "\n".join(c.text for c in cells[1:])
                if self._field(label, value, "table", where):
                    continue
                if self._section_match(label) is not None and self._heading(
                    f"{label}: {value}", where, "table"
                ):
                    continue
                self._keep(f"{label}: {value}", where)
            elif len(cells) == 1:
                text = cells[0].text
                split = split_label(text)
                if split is not None and self._field(split[0], split[1], "table", where):
                    continue
                if len(text) <= 80 and self._section_match(text) is not None:
                    if self._heading(text, where, "table"):
                        continue
                if not self._paragraph_text(text, where):
                    self._keep(text, where)

    def _columns(self, table: Table) -> bool:
        """A table whose first row labels its columns: one item per following row."""
        index = self.m.field_index(self.section.key)
        if index is None:
            return False
        headers = [c.text for c in table.rows[0]]
        keys: list[str | None] = []
        for header in headers:
            match = index.match_key(label_key(header)) if header else None
            keys.append(match.target if match is not None and not match.remainder else None)
        matched = [k for k in keys if k]
        if len(headers) == 1 and matched:
            # One column under a field's label (victim groups, partners): each row is one value.
            for r, row in enumerate(table.rows[1:], start=2):
                if row and row[0].text:
                    where = f"table {table.number}, row {r}"
                    self._place_key(matched[0], row[0].text, "table", where, headers[0])
                    self._images(row[0].images, where)
            return True
        if len(matched) < 2 or len(matched) < len([h for h in headers if h]):
            return False
        if len(headers) == 2:
            # Two columns whose first cells are labels all the way down are label | value rows.
            firsts = [row[0].text for row in table.rows[1:] if row and row[0].text]
            labelled = [
                f for f in firsts if (m := index.match_key(label_key(f))) is not None and not m.remainder
            ]
            if len(labelled) * 2 >= len(firsts):
                return False
        # Each row is a new item of the list the columns share ("positions[]"), or of the section's list.
        prefixes = {k.split("[", 1)[0] for k in matched if "[" in k}
        sub = prefixes.pop() if len(prefixes) == 1 and all("[" in k for k in matched) else None
        if sub is None and not self.section.base.endswith("[]"):
            return False
        for r, row in enumerate(table.rows[1:], start=2):
            where = f"table {table.number}, row {r}"
            cells = list(row)
            if not any(c.text for c in cells):
                continue
            if sub is not None:
                tokens, _, _ = self._resolve(f"{sub}[]")
                items = self.d.items(tokens[:-1])
            else:
                items = self.d.items(self._base_tokens(self.section.base.removesuffix("[]")))
            if items.current is None or not _empty_item(items.get(items.current)):
                items.current = items.new_index()
                items[items.current] = {}
            for cell, key, header in zip(cells, keys, headers, strict=False):
                if not cell.text:
                    continue
                if key is None:
                    self._keep(f"{header}: {cell.text}" if header else cell.text, where)
                else:
                    self._place_key(key, cell.text, "table", where, header)
                self._images(cell.images, where)
        return True


def _same(kind: str, current: Any, raw: str) -> bool:
    if not isinstance(current, str):
        return False
    if kind.startswith("enum:"):
        return values.vocabulary_value(kind[5:], raw) == current
    if kind == "date":
        return values.parse_date(raw).value == current
    if kind == "country":
        return values.parse_country(raw) == current
    return fold(current) == fold(raw)


def _distinct(row: list[Cell]) -> list[Cell]:
    """The row's cells with text, a horizontally merged cell counted once."""
    out: list[Cell] = []
    for cell in row:
        if cell.text and (not out or out[-1].text != cell.text):
            out.append(cell)
    return out


def _empty_item(item: Any) -> bool:
    return item is None or item == {}


def is_template(blocks: list[Block]) -> bool:
    """Whether the document carries the portal's tagged content controls."""
    for block in blocks:
        cells = [c for row in block.rows for c in row] if isinstance(block, Table) else []
        controls = block.controls if isinstance(block, Para) else [k for c in cells for k in c.controls]
        if any(parse_path(c.tag) is not None for c in controls):
            return True
    return False
