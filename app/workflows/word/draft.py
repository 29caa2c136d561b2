"""A case-file draft being assembled from a document: values placed by content path, with where each came
from; what cannot be read kept as unmapped content; and, at the end, content the model accepts.

Both readers (the portal's template and the free-layout mapping) place values here; the value kinds
(date, country, vocabulary…) are known per content path, so the two read values identically. Lists
are built sparse (item index → item) and compacted at the end; an item left empty is dropped.
`finish` then gives every item its id, resolves who each abuse's perpetrator roles name, and
validates: a value the content model still refuses is taken out (and kept as unmapped text, with a
"needs a look" entry), so the import always ends in a draft that holds everything the document said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from pydantic import ValidationError

from app.errors import Invalid
from app.schemas.case_content import (
    ITEM_ID_PATTERN,
    MAX_LIST_ITEMS,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    CaseContent,
)
from app.workflows.word import values
from app.workflows.word.mapping import fold, label_key, mapping, placeholder_texts
from app.workflows.word.report import Placement, ReviewItem, ReviewKind, Source

Token = str | int
Tokens = tuple[Token, ...]

# The value kind of every content path the importer can fill ("*": any list index or jurisdiction code).
KINDS: dict[str, str] = {
    "title": "case_title",
    "target_jurisdictions": "targets",
    "perpetrators.*.id": "id",
    "perpetrators.*.schema": "enum:schema",
    "perpetrators.*.name": "text",
    "perpetrators.*.aliases": "names",
    "perpetrators.*.transliterations": "names",
    "perpetrators.*.birth_date": "date",
    "perpetrators.*.place_of_birth": "text",
    "perpetrators.*.gender": "enum:gender",
    "perpetrators.*.nationality": "countries",
    "perpetrators.*.affiliated_units": "names",
    "perpetrators.*.notes": "text",
    "perpetrators.*.positions": "position",
    "perpetrators.*.positions.*.title": "text",
    "perpetrators.*.positions.*.organisation": "text",
    "perpetrators.*.positions.*.start_date": "date",
    "perpetrators.*.positions.*.end_date": "date",
    "perpetrators.*.id_numbers.*.kind": "enum:id_kind",
    "perpetrators.*.id_numbers.*.number": "text",
    "perpetrators.*.id_numbers.*.country": "country",
    "abuses.*.id": "id",
    "abuses.*.category": "enum:category",
    "abuses.*.description": "text",
    "abuses.*.widespread_or_systematic": "bool",
    "abuses.*.of_serious_concern": "bool",
    "abuses.*.incidents.*.id": "id",
    "abuses.*.incidents.*.date": "date",
    "abuses.*.incidents.*.end_date": "date",
    "abuses.*.incidents.*.country": "country",
    "abuses.*.incidents.*.locality": "text",
    "abuses.*.incidents.*.description": "text",
    "abuses.*.perpetrator_roles": "roles",
    "abuses.*.perpetrator_roles.*.perpetrator_id": "ref",
    "abuses.*.perpetrator_roles.*.role": "enum:role",
    "abuses.*.perpetrator_roles.*.description": "text",
    "victims.count": "count",
    "victims.count_is_estimate": "bool",
    "victims.groups": "enums:victim_group",
    "victims.groups.*": "enum:victim_group",
    "victims.other_description": "text",
    "victims.description": "text",
    "jurisdictions.*.ties_and_assets.*.kind": "enum:tie_kind",
    "jurisdictions.*.ties_and_assets.*.description": "text",
    "jurisdictions.*.ties_and_assets.*.location": "text",
    "jurisdictions.*.ties_and_assets.*.value": "text",
    "jurisdictions.*.sanctions_in_force.*.authority": "text",
    "jurisdictions.*.sanctions_in_force.*.program": "text",
    "jurisdictions.*.sanctions_in_force.*.reference": "text",
    "jurisdictions.*.sanctions_in_force.*.date": "date",
    "jurisdictions.*.impact_argument": "text",
    "exculpatory_information": "text",
    "sources.*.id": "id",
    "sources.*.kind": "enum:source_kind",
    "sources.*.description": "text",
    "sources.*.confidential": "bool",
    "contact.name": "text",
    "contact.email": "text",
    "contact.phone": "text",
    "partner_organisations": "names",
    "partner_organisations.*": "text",
    "unmapped_content.*.text": "text",
    "unmapped_content.*.heading": "text",
    "unmapped_content.*.where": "text",
}
ID_LISTS = (("perpetrators",), ("abuses",), ("abuses", "*", "incidents"), ("sources",))
_SEGMENT = re.compile(r"^([a-z_]+)((?:\[\d{1,4}\])*)$")
_ITEM_ID = re.compile(ITEM_ID_PATTERN)
EXCERPT = 300


class Sparse(dict[int, Any]):
    """A list being built: item index → item. `current` is the item the free-layout reader fills."""

    def __init__(self) -> None:
        super().__init__()
        self.current: int | None = None

    def new_index(self) -> int:
        return max(self, default=-1) + 1


@dataclass
class Ref:
    """A perpetrator named by an abuse's role row (an id, a number or a name), resolved in `finish`."""

    text: str


def path_str(tokens: Tokens) -> str:
    out = ""
    for t in tokens:
        out += f"[{t}]" if isinstance(t, int) else (f".{t}" if out else t)
    return out


def parse_path(text: str) -> Tokens | None:
    """`perpetrators[0].positions[1].title` → ("perpetrators", 0, "positions", 1, "title")."""
    tokens: list[Token] = []
    for part in text.strip().split("."):
        m = _SEGMENT.match(part)
        if m is None:
            return None
        tokens.append(m[1])
        tokens.extend(int(i) for i in re.findall(r"\d+", m[2]))
    return tuple(tokens) if kind_of(tuple(tokens)) is not None else None


def pattern(tokens: Tokens) -> str:
    parts: list[str] = []
    for i, t in enumerate(tokens):
        is_code = i > 0 and tokens[i - 1] == "jurisdictions"
        parts.append("*" if isinstance(t, int) or is_code else t)
    return ".".join(parts)


def kind_of(tokens: Tokens) -> str | None:
    if len(tokens) >= 2 and tokens[0] == "jurisdictions" and tokens[1] not in ("us", "uk", "ca", "eu"):
        return None
    return KINDS.get(pattern(tokens))


def excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _empty(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or value == {}
        or (isinstance(value, Sparse) and not value)
    )


@dataclass
class ImageRef:
    rid: str
    where: str
    owner: dict[str, Any] | None = None  # the perpetrator or incident it was placed with
    kind: str | None = None  # "perpetrator" or "incident"


@dataclass
class _Placed:
    tokens: Tokens
    source: Source
    where: str
    label: str | None


@dataclass
class Draft:
    root: dict[str, Any] = field(default_factory=dict)
    title: str | None = None
    targets: list[str] = field(default_factory=list)
    placed: list[_Placed] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    unmapped: list[dict[str, str]] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)

    # ---- building ---------------------------------------------------------------------------------------

    def node(self, tokens: Tokens, *, is_list: bool = False) -> Any:
        """The dict (or, `is_list`, the Sparse) at `tokens`, created with its parents as needed."""
        node: Any = self.root
        for i, t in enumerate(tokens):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            child = node.get(t)
            if child is None:
                child = Sparse() if isinstance(nxt, int) or (nxt is None and is_list) else {}
                node[t] = child
            node = child
        return node

    def items(self, tokens: Tokens) -> Sparse:
        """The list being built at `tokens`."""
        node = self.node(tokens, is_list=True)
        assert isinstance(node, Sparse), tokens
        return node

    def get(self, tokens: Tokens) -> Any:
        node: Any = self.root
        for t in tokens:
            if isinstance(node, dict) and t in node:
                node = node[t]
            elif isinstance(node, list) and isinstance(t, int) and 0 <= t < len(node):
                node = node[t]
            else:
                return None
        return node

    def has(self, tokens: Tokens) -> bool:
        return not _empty(self.get(tokens))

    def set(self, tokens: Tokens, value: Any) -> None:
        self.node(tokens[:-1], is_list=isinstance(tokens[-1], int))[tokens[-1]] = value

    def note(self, kind: ReviewKind, tokens: Tokens | None, text: str, where: str, message: str) -> None:
        self.review.append(
            ReviewItem(
                kind=kind,
                path=path_str(tokens) if tokens else None,
                text=excerpt(text),
                where=where,
                message=message,
            )
        )

    def keep_unmapped(self, text: str, where: str, heading: str | None = None) -> None:
        if text.strip():
            self.unmapped.append({"text": text.strip(), "where": where, "heading": (heading or "")[:500]})

    def _record(self, tokens: Tokens, source: Source, where: str, label: str | None) -> None:
        self.placed.append(_Placed(tokens, source, where, label))

    def unplace(self, tokens: Tokens) -> None:
        """Forget a value (and where it came from) that a better source is about to replace."""
        self.placed = [p for p in self.placed if p.tokens != tokens]
        self.node(tokens[:-1]).pop(tokens[-1], None)

    def place(
        self,
        tokens: Tokens,
        raw: str,
        *,
        source: Source,
        where: str,
        label: str | None = None,
        heading: str | None = None,
        append: bool = False,
        items: list[tuple[str, str]] | None = None,
    ) -> bool:
        """Read `raw` as the value of `tokens` and store it; False (and the text kept as unmapped
        content, with a note) when it cannot be read."""
        raw = raw.strip()
        if not raw or fold(raw) in placeholder_texts():
            return False
        kind = kind_of(tokens)
        if kind is None:
            self.keep_unmapped(f"{label}: {raw}" if label else raw, where, heading)
            return False
        for display, value in items or []:
            if raw == display.strip():
                raw = value
                break
        shown = f"{label}: {raw}" if label else raw
        ok = self._store(tokens, kind, raw, source=source, where=where, label=label, append=append)
        if not ok:
            self.keep_unmapped(shown, where, heading)
        return ok

    def _store(
        self,
        tokens: Tokens,
        kind: str,
        raw: str,
        *,
        source: Source,
        where: str,
        label: str | None,
        append: bool,
    ) -> bool:
        def done(value: Any, at: Tokens = tokens) -> bool:
            self.set(at, value)
            self._record(at, source, where, label)
            return True

        def merge(found: list[str], unknown: list[str], review: ReviewKind, message: str) -> bool:
            """Add the values read to the list already there; note (and keep) the parts not read."""
            for part in unknown:
                self.note(review, tokens, part, where, message)
            if not found:
                return False
            existing = self.get(tokens) or []
            done([*existing, *(v for v in found if v not in existing)])
            if unknown:  # kept here: the rest was placed
                self.keep_unmapped(f"{label}: {'; '.join(unknown)}" if label else "; ".join(unknown), where)
            return True

        if kind == "case_title":
            self.title = raw[:MAX_TITLE_LENGTH]
            self._record(tokens, source, where, label)
            return True
        if kind == "targets":
            codes, unknown = values.parse_targets(raw)
            for part in unknown:
                self.note(
                    "unknown_jurisdiction", tokens, part, where, "not a jurisdiction the portal submits to"
                )
            self.targets = list(dict.fromkeys([*self.targets, *codes]))
            if codes:
                self._record(tokens, source, where, label)
            return not unknown
        if kind == "text":
            current = self.get(tokens)
            if append and isinstance(current, str) and current:
                return done(f"{current}\n\n{raw}")
            return done(raw)
        if kind == "id":
            if not _ITEM_ID.match(raw):
                self.note("invalid_value", tokens, raw, where, "not a reference the portal made; ignored")
                return False
            return done(raw)
        if kind == "ref":
            return done(Ref(raw))
        if kind == "date":
            reading = values.parse_date(raw)
            if reading.value is None:
                self.note("unparsed_date", tokens, raw, where, "not a date the portal can read: YYYY-MM-DD")
                return False
            if reading.note == "ambiguous":
                self.note("ambiguous_date", tokens, raw, where, f"read day first, as {reading.value}")
            elif reading.note == "approximate":
                self.note(
                    "approximate_date", tokens, raw, where, f"an approximate date, read as {reading.value}"
                )
            return done(reading.value)
        if kind == "country":
            code = values.parse_country(raw)
            if code is None:
                self.note("unknown_country", tokens, raw, where, "not a country the portal recognises")
                return False
            return done(code)
        if kind == "countries":
            codes, unknown = values.parse_countries(raw)
            return merge(codes, unknown, "unknown_country", "not a country the portal recognises")
        if kind == "names":
            existing = self.get(tokens) or []
            return done([*existing, *(n for n in values.split_items(raw) if n not in existing)])
        if kind == "bool":
            flag = values.parse_bool(raw)
            if flag is None:
                self.note("unknown_value", tokens, raw, where, "expected yes or no")
                return False
            return done(flag)
        if kind == "count":
            number, estimate = values.parse_count(raw)
            if number is None:
                self.note("invalid_value", tokens, raw, where, "not a number of victims")
                return False
            if estimate and not self.has((*tokens[:-1], "count_is_estimate")):
                self.set((*tokens[:-1], "count_is_estimate"), True)
                self._record((*tokens[:-1], "count_is_estimate"), source, where, label)
            return done(number)
        if kind.startswith("enum:"):
            value = values.vocabulary_value(kind[5:], raw)
            if value is None:
                self.note("unknown_value", tokens, raw, where, "not one of the values this field takes")
                return False
            return done(value)
        if kind.startswith("enums:"):
            found, unknown = values.vocabulary_values(kind[6:], raw)
            return merge(found, unknown, "unknown_value", "not one of the values this field takes")
        if kind == "position":
            return self._position(tokens, raw, source=source, where=where, label=label)
        if kind == "roles":
            return self._roles(tokens, raw, source=source, where=where, label=label)
        raise AssertionError(kind)

    def _position(self, tokens: Tokens, raw: str, *, source: Source, where: str, label: str | None) -> bool:
        positions = self.items(tokens)
        index = positions.new_index()
        positions.current = index
        reading = values.parse_position(raw)
        for key in ("title", "organisation", "start_date", "end_date"):
            if (value := getattr(reading, key)) is not None:
                self.set((*tokens, index, key), value)
                self._record((*tokens, index, key), source, where, label)
        return True

    def _roles(self, tokens: Tokens, raw: str, *, source: Source, where: str, label: str | None) -> bool:
        roles = self.items(tokens)
        for part in values.split_items(raw):
            who, role = part, None
            m = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", part) or re.match(r"^(.*?)\s+[–—-]\s+(.+)$", part)
            if m and (found := values.vocabulary_value("role", m[2], fuzzy=True)) is not None:
                who, role = m[1], found
            index = roles.new_index()
            roles.current = index
            self.set((*tokens, index, "perpetrator_id"), Ref(who.strip()))
            self._record((*tokens, index, "perpetrator_id"), source, where, label)
            if role:
                self.set((*tokens, index, "role"), role)
                self._record((*tokens, index, "role"), source, where, label)
        return True

    # ---- finishing ------------------------------------------------------------------------------------

    def finish(self) -> tuple[CaseContent, list[Placement]]:
        """Content the model accepts, and each placed field's final path (see the module docstring)."""
        remap: dict[tuple[Tokens, int], int] = {}
        _compact(self.root, (), remap)
        placed = [p for p in (self._translate(p, remap) for p in self.placed) if p is not None]
        self._assign_ids(placed)
        self._resolve_roles(placed)
        self.root["unmapped_content"] = [
            *self.root.get("unmapped_content", []),
            *_pack(self.unmapped),
        ]
        content = self._validate(placed)
        dumped = content.model_dump(mode="json", by_alias=True)
        out = [
            Placement(path=path_str(p.tokens), source=p.source, where=p.where, label=p.label)
            for p in placed
            if p.tokens[0] in ("title", "target_jurisdictions") or _exists(dumped, p.tokens)
        ]
        return content, out

    @staticmethod
    def _translate(p: _Placed, remap: dict[tuple[Tokens, int], int]) -> _Placed | None:
        out: list[Token] = []
        for i, t in enumerate(p.tokens):
            if isinstance(t, int):
                new = remap.get((p.tokens[:i], t))
                if new is None:
                    return None
                out.append(new)
            else:
                out.append(t)
        return _Placed(tuple(out), p.source, p.where, p.label)

    def _lists(self, spec: tuple[str, ...]) -> list[tuple[Tokens, list[Any]]]:
        found: list[tuple[Tokens, Any]] = [((), self.root)]
        for part in spec:
            nxt: list[tuple[Tokens, Any]] = []
            for at, node in found:
                if part == "*" and isinstance(node, list):
                    nxt.extend(((*at, i), item) for i, item in enumerate(node))
                elif isinstance(node, dict) and part in node:
                    nxt.append(((*at, part), node[part]))
            found = nxt
        return [(at, node) for at, node in found if isinstance(node, list)]

    def _assign_ids(self, placed: list[_Placed]) -> None:
        for spec in ID_LISTS:
            for at, items in self._lists(spec):
                seen: set[str] = set()
                for i, item in enumerate(items):
                    if not isinstance(item, dict):
                        continue
                    ident = item.get("id")
                    if isinstance(ident, str) and ident in seen:
                        where = next((p.where for p in placed if p.tokens == (*at, i, "id")), "")
                        self.note(
                            "duplicate_reference",
                            (*at, i, "id"),
                            ident,
                            where,
                            "the same reference twice (a copied table?): this item got a new one",
                        )
                        ident = None
                    if not ident:
                        ident = uuid4().hex
                    item["id"] = ident
                    seen.add(ident)

    def _resolve_roles(self, placed: list[_Placed]) -> None:
        perpetrators = [p for p in self.root.get("perpetrators", []) if isinstance(p, dict)]
        for at, roles in self._lists(("abuses", "*", "perpetrator_roles")):
            for i in range(len(roles) - 1, -1, -1):
                ref = roles[i].get("perpetrator_id") if isinstance(roles[i], dict) else None
                if not isinstance(ref, Ref):
                    continue
                ident = resolve_perpetrator(ref.text, perpetrators)
                if ident is not None:
                    roles[i]["perpetrator_id"] = ident
                    continue
                where = next((p.where for p in placed if p.tokens[: len(at) + 1] == (*at, i)), "")
                self.note(
                    "unknown_perpetrator",
                    (*at, i, "perpetrator_id"),
                    ref.text,
                    where,
                    "names no perpetrator of this case file",
                )
                self.keep_unmapped(ref.text, where)
                self._remove_item(placed, at, i)

    def _remove_item(self, placed: list[_Placed], at: Tokens, index: int) -> Any:
        container = self.get(at)
        removed = container.pop(index)
        n = len(at)
        keep: list[_Placed] = []
        for p in placed:
            if p.tokens[:n] == at and len(p.tokens) > n:
                idx = p.tokens[n]
                if idx == index:
                    continue
                if isinstance(idx, int) and idx > index:
                    p.tokens = (*at, idx - 1, *p.tokens[n + 1 :])
            keep.append(p)
        placed[:] = keep
        return removed

    def _validate(self, placed: list[_Placed]) -> CaseContent:
        for _ in range(500):
            try:
                return CaseContent.model_validate(self.root)
            except ValidationError as exc:
                errors = exc.errors()
            progressed = False
            # Deepest and last first, so removing one value does not move the next one's location.
            for error in sorted(errors, key=lambda e: [str(x).zfill(6) for x in e["loc"]], reverse=True):
                loc = _existing_prefix(self.root, tuple(error["loc"]))
                if not loc:
                    continue
                where = next((p.where for p in placed if p.tokens[: len(loc)] == loc), "")
                parent = self.get(loc[:-1]) if len(loc) > 1 else self.root
                if isinstance(parent, list) and isinstance(loc[-1], int):
                    removed = self._remove_item(placed, loc[:-1], loc[-1])
                elif isinstance(parent, dict) and isinstance(loc[-1], str) and loc[-1] in parent:
                    removed = parent.pop(loc[-1])
                    placed[:] = [p for p in placed if p.tokens[: len(loc)] != loc]
                else:
                    continue
                text = _flatten(removed)
                self.note("invalid_value", loc, text, where, str(error["msg"])[:300])
                if loc[0] != "unmapped_content":
                    self.root.setdefault("unmapped_content", []).extend(
                        _pack([{"text": text, "where": where, "heading": ""}])
                    )
                progressed = True
                break  # locations may have moved: validate again
            if not progressed:
                raise Invalid("The imported content could not be turned into a case file")
        raise Invalid("The imported content could not be turned into a case file")


def _compact(node: Any, at: Tokens, remap: dict[tuple[Tokens, int], int]) -> Any:
    """Sparse lists → lists in index order without empty items, recording old → new indices."""
    if isinstance(node, Sparse):
        out: list[Any] = []
        for index in sorted(node):
            item = _compact(node[index], (*at, index), remap)
            if not _empty(item):
                remap[(at, index)] = len(out)
                out.append(item)
        return out
    if isinstance(node, dict):
        for key in list(node):
            value = _compact(node[key], (*at, key), remap)
            if _empty(value):
                del node[key]
            else:
                node[key] = value
        return node
    return node


def _existing_prefix(root: Any, loc: Tokens) -> Tokens:
    node = root
    out: list[Token] = []
    for t in loc:
        if isinstance(node, dict) and t in node:
            node = node[t]
        elif isinstance(node, list) and isinstance(t, int) and 0 <= t < len(node):
            node = node[t]
        else:
            break
        out.append(t)
    return tuple(out)


def _exists(dumped: dict[str, Any], tokens: Tokens) -> bool:
    node: Any = dumped
    for t in tokens:
        if isinstance(node, dict) and t in node:
            node = node[t]
        elif isinstance(node, list) and isinstance(t, int) and t < len(node):
            node = node[t]
        else:
            return False
    return node is not None


def _flatten(value: Any) -> str:
    if isinstance(value, dict):
        return "\n".join(f"{k}: {_flatten(v)}" for k, v in value.items() if not _empty(v))
    if isinstance(value, list):
        return "\n".join(_flatten(v) for v in value)
    if isinstance(value, Ref):
        return value.text
    return str(value)


def _pack(blocks: list[dict[str, str]]) -> list[dict[str, str]]:
    """Unmapped blocks within the model's limits: long text split, too many blocks merged."""
    out: list[dict[str, str]] = []
    for block in blocks:
        text = block["text"]
        while text:
            out.append({**block, "text": text[:MAX_TEXT_LENGTH], "where": block["where"][:200]})
            text = text[MAX_TEXT_LENGTH:]
    while len(out) > MAX_LIST_ITEMS // 2:  # leave room for an exported draft's own leftovers
        merged: list[dict[str, str]] = []
        for block in out:
            if merged and len(merged[-1]["text"]) + len(block["text"]) + 2 <= MAX_TEXT_LENGTH:
                merged[-1] = {**merged[-1], "text": f"{merged[-1]['text']}\n\n{block['text']}"}
            else:
                merged.append(block)
        if len(merged) == len(out):
            raise Invalid("The document holds more text than a case file can keep as unmapped content")
        out = merged
    for block in out:
        if not block.get("heading"):
            block.pop("heading", None)
    return out


def resolve_perpetrator(text: str, perpetrators: list[dict[str, Any]]) -> str | None:
    """The id of the perpetrator a role row names: by reference, by number, or by (part of) a name."""
    text = text.strip()
    for p in perpetrators:
        if p.get("id") == text:
            return str(p["id"])
    m = re.fullmatch(r"#?\s*(\d{1,3})", text)
    counter = mapping().sections.match_key(label_key(text))
    number = int(m[1]) if m else None
    if (
        number is None
        and counter is not None
        and counter.target == "perpetrators"
        and counter.remainder.isdigit()
    ):
        number = int(counter.remainder)
    if number is not None and 1 <= number <= len(perpetrators):
        return str(perpetrators[number - 1]["id"])
    key = fold(text)
    if not key:
        return None

    def names(p: dict[str, Any]) -> list[str]:
        found = [p.get("name"), *(p.get("aliases") or []), *(p.get("transliterations") or [])]
        return [fold(n) for n in found if isinstance(n, str) and fold(n)]

    exact = [p for p in perpetrators if key in names(p)]
    if len(exact) == 1:
        return str(exact[0]["id"])
    partial = [
        p
        for p in perpetrators
        if any(len(n) >= 4 and (n in key or (len(key) >= 4 and key in n)) for n in names(p))
    ]
    return str(partial[0]["id"]) if len(partial) == 1 else None
