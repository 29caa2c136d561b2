"""The import mapping (`mapping-v2.json`) and the template's texts (`template-text.json`), loaded once.

Both are data: the labels a free-layout document is recognised by (sections, fields, values, in en, fr,
es and ar) are the same ones the portal's template prints (the first of each list, per language), so a
document retyped from the template is recognised too. Labels are compared by `fold`: case, accents,
Arabic vowel marks and letter variants, and punctuation do not matter.

The mapping is versioned: each version is its own file, kept once superseded, and a newer version only
adds (every label of an older one still leads to the same field, which the tests check against the old
files), so documents made from an older template or read under an older mapping import the same way.
Documents are always read with the newest version (`mapping()`); `mapping(1)` is the old data.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

HERE = Path(__file__).resolve().parent
MAPPING_VERSION = 2
MAPPING_FILES = {1: HERE / "mapping-v1.json", 2: HERE / "mapping-v2.json"}
MAPPING_FILE = MAPPING_FILES[MAPPING_VERSION]
TEXT_FILE = HERE / "template-text.json"

Lang = Literal["en", "fr", "es", "ar"]
LANGS: tuple[Lang, ...] = ("en", "fr", "es", "ar")
RTL_LANGS: frozenset[str] = frozenset({"ar"})

# Arabic letters written interchangeably in practice (ta marbuta/ha, alef maqsura/ya); the hamza
# forms of alef decompose under NFKD and lose their mark like any accent.
_LETTER_VARIANTS = {"\u0629": "\u0647", "\u0649": "\u064a"}
_TATWEEL = "\u0640"
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Tokens that may follow a label: "Perpetrator 2", "Auteur n° 1", "Abuse B", "Incident 1.2".
_JURISDICTION_FAMILY = ("ties", "sanctions", "impact")
_COUNTER = re.compile(r"^(\d+|[ivxlc]{1,5}|[a-z]|n|no|nr|num|numero)$")


def fold(text: str) -> str:
    """Comparison key: casefolded, without accents or punctuation, digits in ASCII, spaces collapsed."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(ch) or ch == _TATWEEL:
            continue
        if ch.isdigit():
            out.append(str(unicodedata.digit(ch, 0)))
            continue
        out.append(_LETTER_VARIANTS.get(ch, ch) if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def label_key(text: str) -> str:
    """A table or paragraph label's key: like `fold`, without parenthesised hints ("Date (YYYY-MM-DD)")."""
    return fold(_PARENS.sub(" ", text))


@dataclass(frozen=True)
class Match:
    target: str
    remainder: str  # the counter tokens after the label ("2" in "Perpetrator 2"), folded


class PhraseIndex:
    """Folded phrase → target; a text matches a phrase exactly or followed by counter tokens."""

    def __init__(self) -> None:
        self._phrases: dict[str, str] = {}

    def add(self, phrase: str, target: str) -> None:
        key = fold(phrase)
        if key:
            self._phrases.setdefault(key, target)  # the first (more specific) entry wins

    def __contains__(self, key: str) -> bool:
        return key in self._phrases

    def phrases(self) -> dict[str, str]:
        """Every folded phrase and its target."""
        return dict(self._phrases)

    def match_key(self, key: str) -> Match | None:
        if key in self._phrases:
            return Match(self._phrases[key], "")
        tokens = key.split()
        for n in range(len(tokens) - 1, 0, -1):
            prefix = " ".join(tokens[:n])
            if prefix in self._phrases and all(_COUNTER.match(t) for t in tokens[n:]):
                return Match(self._phrases[prefix], " ".join(tokens[n:]))
        return None

    def find_all(self, text: str) -> list[tuple[int, str, str]]:
        """Every phrase found as whole words in `text` (folded): (position, phrase, target), longest
        phrases first where they overlap."""
        hay = f" {fold(text)} "
        found: list[tuple[int, str, str]] = []
        taken: list[tuple[int, int]] = []
        for phrase in sorted(self._phrases, key=len, reverse=True):
            start = 0
            while (at := hay.find(f" {phrase} ", start)) != -1:
                span = (at, at + len(phrase) + 1)
                if not any(a < span[1] and span[0] < b for a, b in taken):
                    taken.append(span)
                    found.append((at, phrase, self._phrases[phrase]))
                start = at + 1
        return sorted(found)


@dataclass(frozen=True)
class Section:
    key: str
    base: str
    paragraphs: str | None
    heading_field: str | None
    jurisdiction: str | None = None  # set on the per-jurisdiction copies (ties, sanctions, impact)


@dataclass(frozen=True)
class Mapping:
    version: int
    raw: dict[str, Any]
    sections: PhraseIndex  # heading → "section" or "section:jurisdiction"
    subheadings: dict[str, PhraseIndex]  # section → heading → field key ("incidents[+]")
    fields: dict[str, PhraseIndex]  # section → label → field key
    values: dict[str, PhraseIndex]  # vocabulary → label → value
    section_info: dict[str, dict[str, Any]]

    def section(self, target: str) -> Section:
        key, _, jurisdiction = target.partition(":")
        info = self.section_info[key]
        return Section(
            key=key,
            base=str(info.get("base", "")).replace("{j}", jurisdiction),
            paragraphs=info.get("paragraphs"),
            heading_field=info.get("heading_field"),
            jurisdiction=jurisdiction or None,
        )

    def field_index(self, section: str) -> PhraseIndex | None:
        """The labels of a section's fields; a jurisdiction's ties, sanctions and impact share theirs
        (their tables often sit under one heading)."""
        if section in _JURISDICTION_FAMILY:
            return self.fields["_jurisdiction"]
        return self.fields.get(section)

    def label(self, section: str, field: str, lang: Lang) -> str:
        return str(self.raw["fields"][section][field][lang][0])

    def section_label(self, section: str, lang: Lang, jurisdiction: str | None = None) -> str:
        text = str(self.raw["sections"][section]["labels"][lang][0])
        if jurisdiction:
            text = text.replace("{j}", self.jurisdiction_name(jurisdiction, lang))
        return text

    def jurisdiction_name(self, code: str, lang: Lang) -> str:
        return str(self.raw["jurisdiction_names"][code][lang][0])

    def value_label(self, vocabulary: str, value: str, lang: Lang) -> str:
        return str(self.raw["values"][vocabulary][value][lang][0])

    def value_labels(self, vocabulary: str, lang: Lang) -> list[tuple[str, str]]:
        """(label in `lang`, value) of every value of a vocabulary, in the data's order."""
        return [(str(v[lang][0]), k) for k, v in self.raw["values"][vocabulary].items()]


def _build(raw: dict[str, Any]) -> Mapping:
    sections = PhraseIndex()
    names: dict[str, list[str]] = {
        code: [n for lang in LANGS for n in by_lang[lang]]
        for code, by_lang in raw["jurisdiction_names"].items()
    }
    for key, info in raw["sections"].items():
        for lang in LANGS:
            for label in info["labels"][lang]:
                if "{j}" in label:
                    for code, options in names.items():
                        for name in options:
                            sections.add(label.replace("{j}", name), f"{key}:{code}")
                else:
                    sections.add(label, key)
    subheadings: dict[str, PhraseIndex] = {}
    for key, info in raw["sections"].items():
        index = PhraseIndex()
        for field, by_lang in info.get("subheadings", {}).items():
            for lang in LANGS:
                for label in by_lang[lang]:
                    index.add(label, field)
        subheadings[key] = index
    fields: dict[str, PhraseIndex] = {}
    for section, by_field in raw["fields"].items():
        index = PhraseIndex()
        # Languages interleaved, most specific labels first: "Date of birth" before "Born".
        for lang in LANGS:
            for field, by_lang in by_field.items():
                for label in by_lang[lang]:
                    index.add(label, field)
        fields[section] = index
    family = PhraseIndex()
    for lang in LANGS:
        for section in _JURISDICTION_FAMILY:
            for field, by_lang in raw["fields"][section].items():
                for label in by_lang[lang]:
                    family.add(label, field)
    fields["_jurisdiction"] = family
    values: dict[str, PhraseIndex] = {}
    for vocabulary, by_value in raw["values"].items():
        index = PhraseIndex()
        for value, by_lang in by_value.items():
            index.add(value.replace("_", " "), value)
            for lang in LANGS:
                for label in by_lang[lang]:
                    index.add(label, value)
        values[vocabulary] = index
    return Mapping(
        version=int(raw["version"]),
        raw=raw,
        sections=sections,
        subheadings=subheadings,
        fields=fields,
        values=values,
        section_info=raw["sections"],
    )


def mapping(version: int = MAPPING_VERSION) -> Mapping:
    """The mapping the importer reads with (the newest), or an older version's data."""
    return _load(version)


@cache
def _load(version: int) -> Mapping:
    built = _build(json.loads(MAPPING_FILES[version].read_text(encoding="utf-8")))
    if built.version != version:
        raise RuntimeError(f"{MAPPING_FILES[version].name} says version {built.version}")
    return built


@cache
def texts() -> dict[str, dict[str, Any]]:
    return cast(dict[str, dict[str, Any]], json.loads(TEXT_FILE.read_text(encoding="utf-8")))


def text(lang: Lang, key: str) -> Any:
    return texts()[lang][key]


@cache
def placeholder_texts() -> frozenset[str]:
    """What an empty field shows, in every language: never read as a value."""
    return frozenset(fold(texts()[lang][k]) for lang in LANGS for k in ("placeholder", "choose"))


@cache
def template_texts() -> frozenset[str]:
    """The template's own instructions and structural labels, in every language (folded): skipped when a
    template lost its content controls (e.g. saved through another word processor)."""
    found: set[str] = set()
    for by_key in texts().values():
        for value in by_key.values():
            if isinstance(value, str) and "{n}" not in value:
                found.add(fold(value))
            elif isinstance(value, list):
                found.update(fold(v) for v in value)
            elif isinstance(value, dict):
                found.update(fold(v) for v in value.values())
    return frozenset(found)


@cache
def template_counters() -> PhraseIndex:
    """The template's numbered labels ("Tie {n}", "Lien {n}"), as phrases that take a counter."""
    index = PhraseIndex()
    for by_key in texts().values():
        for key, value in by_key.items():
            if isinstance(value, str) and "{n}" in value:
                index.add(value.replace("{n}", ""), key)
    return index
