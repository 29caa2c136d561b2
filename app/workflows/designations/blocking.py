"""Blocking: the keys that bring a perpetrator and the few list entries worth comparing together.

logic-v2 costs about half a millisecond a pair, so a perpetrator is never compared with every entry of
every list (~20k). Each entity gets a small set of string keys from its names and identifiers; the
entries that share keys with the query are its candidates, ranked by how rare the shared keys are, and
only the best few are scored.

Keys are `prefix:value`, at most MAX_KEY_LENGTH characters, computed per name part from rigour's name
analysis (the one logic-v2 itself uses, so both agree on what a part, a legal form or a stopword is):

- `t:` the part in ASCII: rigour's transliteration for the scripts it admits (Cyrillic, Greek...),
  normality's for the others (Arabic, Han...);
- `m:` its metaphone, for spelling variants (Kadyrov / Kadirov / Kadyrow);
- `s:` rigour's name symbols, synonyms across spellings and scripts (Mohammed / Muhammad / محمد);
- `c:` a consonant skeleton: Arabic script leaves short vowels out (مطرب -> mtrb = Mutreb), and most
  romanisation variants and vowel typos keep it;
- `d:` for parts of 5 letters or more, the part and its one-letter deletions (Foxwhelp / Fowhelp share
  "fowhelp"; Cardinal / Cardial share "cardial"), so that one typo still blocks;
- `i:` identifiers (passport, national id, registration numbers), letters and digits only.

They are made to be stored in a table (entry_id, key) with an index on key: `keys_for` is all a list
import needs, and `rank_candidates` ranks the rows a lookup returns, in memory or not. KEYS_VERSION
changes whenever the keys would, so stored keys can be recomputed.

followthemoney and rigour are imported inside the functions: they are heavy, and the API process must
not load them at start-up (tests/test_startup_imports.py).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followthemoney import EntityProxy
    from rigour.names import Name

KEYS_VERSION = 1  # bump when the keys change: stored keys are then recomputed
MAX_KEY_LENGTH = 64
# At most DEFAULT_LIMIT candidates are scored per query, and only those weighing at least
# DEFAULT_MIN_RATIO of the best one (sharing "Mohammed" is not worth a comparison when another entry
# shares the rare family name too). bench/designation_matching.py prints recall and cost for others.
DEFAULT_LIMIT = 10
DEFAULT_MIN_RATIO = 0.6

# Scripts whose transliteration to Latin is worth adding as a name of its own. rigour already
# transliterates the alphabets it admits (Latin, Cyrillic, Greek, Armenian, Georgian, Hangul); the
# dense scripts come out as pinyin / romaji syllables that logic-v2 matches well ("chen quan guo" ~
# "Quanguo CHEN"). Abjads (Arabic, Hebrew...) are left out: without their unwritten vowels the
# letter-by-letter form ("mhmwd alwrfly") matches nothing, and logic-v2 pairs them through symbols.
_DENSE_SCRIPTS = frozenset({"Han", "Hiragana", "Katakana"})

_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"))
_CONSONANT_CLASSES = str.maketrans({"q": "k", "c": "k", "z": "s", "j": "g", "x": "s"})
_NOT_SKELETON = re.compile(r"[aeiouyhwv]|[^a-z]")
_NOT_STRICT_SKELETON = re.compile(r"[aeiouyh]|[^a-z]")
_DOUBLED = re.compile(r"(.)\1+")
_NOT_ID = re.compile(r"[^0-9A-Za-z]")
_SPLIT = re.compile(r"[^0-9a-z]+")
_MIN_TYPO_LENGTH = 5  # shorter tokens one edit apart are mostly other names (Dian / Diaz / Dias)
_SYMBOL_CATEGORIES = frozenset({"NAME", "NICK"})
_SKIPPED_TAGS = frozenset({"STOP", "LEGAL"})


def _key(prefix: str, value: str) -> str:
    return f"{prefix}:{value}"[:MAX_KEY_LENGTH]


def skeleton(token: str, minimum: int = 3, *, strict: bool = False) -> str | None:
    """Consonant skeleton of an ASCII token (None if under `minimum` consonants): article, vowels, h, w,
    y and doubled letters go; k/q/c, s/z, g/j are one. Kadyrov, Kadirov, Kadyrow -> kdr; al-Qahtani -> ktn.
    `strict` (to compare two Latin spellings, not to block): the article stays and w/v count as one
    consonant, kept (Kadyrow / Kadyrov still agree; Petric / Petrovic, Almadani / Hamadani no longer)."""
    token = token.lower()
    if strict:
        token = token.replace("w", "v")
    elif token.startswith("al") and len(token) > 5:  # Arabic article written together: ALQAHTANI
        token = token[2:]
    for digraph, letter in _DIGRAPHS:
        token = token.replace(digraph, letter)
    token = _DOUBLED.sub(r"\1", token.translate(_CONSONANT_CLASSES))
    out = _DOUBLED.sub(r"\1", (_NOT_STRICT_SKELETON if strict else _NOT_SKELETON).sub("", token))
    return out if len(out) >= max(1, minimum) else None


def transliterated_names(names: Iterable[str]) -> list[str]:
    """Latin forms of the names written in a dense script (Han, kana), which rigour does not transliterate
    by itself: added as names of their own on both sides of a comparison."""
    from rigour.text import ascii_text
    from rigour.text.scripts import text_scripts

    out: list[str] = []
    for name in names:
        if text_scripts(name) & _DENSE_SCRIPTS:
            latin = ascii_text(name).strip()
            if latin and latin != name and latin not in out:
                out.append(latin)
    return out


def _analysed_names(entity: EntityProxy) -> list[tuple[Name, bool]]:
    """rigour's names of the entity (no consolidation: "John Smith" must still block with "John K
    Smith"), each with whether it is the transliteration of a dense-script name."""
    from followthemoney.names import entity_names, schema_type_tag
    from followthemoney.types import registry
    from rigour.names import NameTypeTag, analyze_names

    names = [(n, False) for n in entity_names(entity, consolidate=False, numerics=False)]
    extra = transliterated_names(entity.get_type_values(registry.name, matchable=True))
    if extra:
        tag = schema_type_tag(entity.schema)
        if tag == NameTypeTag.UNK:
            tag = NameTypeTag.ENT
        names.extend((n, True) for n in analyze_names(tag, extra, consolidate=False, numerics=False))
    return names


@lru_cache(maxsize=2**16)  # name parts repeat across entries: most lookups are hits
def _part_keys(comparable: str, ascii_form: str | None, metaphone: str | None) -> frozenset[str]:
    from rigour.text import ascii_text, is_stopword

    keys: set[str] = set()
    latin = ascii_form if ascii_form is not None else ascii_text(comparable)
    for token in _SPLIT.split(latin.lower()):
        if len(token) < 2 or is_stopword(token):
            continue
        keys.add(_key("t", token))
        if (skel := skeleton(token)) is not None:
            keys.add(_key("c", skel))
        if len(token) >= _MIN_TYPO_LENGTH:
            # The token and its one-letter deletions: two spellings one edit apart (a typo, a letter
            # doubled, dropped or swapped) share one of them.
            keys.add(_key("d", token))
            keys.update(_key("d", token[:i] + token[i + 1 :]) for i in range(len(token)))
    if metaphone and len(metaphone) >= 2:
        keys.add(_key("m", metaphone))
    return frozenset(keys)


def key_groups(entity: EntityProxy) -> list[frozenset[str]]:
    """The entity's keys grouped by what they describe: one group per distinct name part, one per
    identifier. A candidate's rank counts each group once, by its rarest shared key, so one token's
    spelling, phonetic and symbol keys do not add up as if they were three matching tokens."""
    from followthemoney.types import registry

    groups: dict[frozenset[str], None] = {}
    for name, dense in _analysed_names(entity):
        symbols: dict[int, set[str]] = defaultdict(set)
        for span in name.spans:
            if span.symbol.category.value in _SYMBOL_CATEGORIES:
                for part in span.parts:
                    symbols[part.index].add(_key("s", span.symbol.id))
        parts = [p for p in name.parts if p.tag.value not in _SKIPPED_TAGS]
        for part in parts:
            keys = _part_keys(part.comparable, part.ascii, part.metaphone) | symbols.get(part.index, set())
            if keys:
                groups[frozenset(keys)] = None
        # Initials written apart ("M. D. S. Import Export") block with the acronym ("MDS Import Export").
        run: list[str] = []
        for letter in [*(p.ascii for p in name.parts), None]:
            if letter is not None and len(letter) == 1 and letter.isalpha():
                run.append(letter)
                continue
            if len(run) >= 2:
                groups[frozenset(_part_keys("".join(run), "".join(run), None))] = None
            run = []
        if dense:
            # Pinyin writes a two-syllable given name as one word: 陈全国 -> chen quan guo ~ Quanguo Chen.
            for left, right in itertools.pairwise(parts):
                joined = (left.ascii or left.comparable) + (right.ascii or right.comparable)
                groups[frozenset(_part_keys(joined, joined, None))] = None
    for value in entity.get_type_values(registry.identifier, matchable=True):
        ident = _NOT_ID.sub("", value).upper()
        if len(ident) >= 4:
            groups[frozenset({_key("i", ident)})] = None
    return [g for g in groups if g]


def keys_for(entity: EntityProxy) -> set[str]:
    """Every blocking key of the entity: what a list import stores as (entry_id, key) rows."""
    return {key for group in key_groups(entity) for key in group}


def rank_candidates(
    groups: Iterable[Collection[str]],
    postings: Mapping[str, Collection[str]],
    total: int,
    limit: int = DEFAULT_LIMIT,
    min_ratio: float = DEFAULT_MIN_RATIO,
) -> list[tuple[str, float]]:
    """The `limit` entries sharing most rare keys with the query, best first, with their weight;
    entries weighing less than `min_ratio` times the best one are left out.

    `groups` are the query's `key_groups`; `postings` maps each of its keys to the ids of the entries
    that have it (keys nobody has may be missing) and `total` is the number of entries. An entry
    earns, per query group, the inverse document frequency of its rarest key in that group: sharing a
    rare surname outweighs sharing "Mohammed" and "Ali"."""
    weights: dict[str, float] = defaultdict(float)
    for group in groups:
        # Rarest key first: an entry takes the idf of the first key that brings it. The keys of one
        # group overlap much (a common name's spelling, phonetic and symbol keys bring the same
        # entries), so each entry is met once per group.
        found = sorted((ids for key in group if (ids := postings.get(key))), key=len)
        best: dict[str, float] = {}
        for ids in found:
            idf = math.log(1.0 + total / len(ids))
            fresh = (ids if isinstance(ids, (set, frozenset)) else set(ids)).difference(best)
            best.update(dict.fromkeys(fresh, idf))
        for entry_id, idf in best.items():
            weights[entry_id] += idf
    if not weights:
        return []
    floor = max(weights.values()) * min_ratio
    ranked = sorted(
        (item for item in weights.items() if item[1] >= floor), key=lambda item: (-item[1], item[0])
    )
    return ranked[:limit]


class BlockingIndex:
    """In-memory blocking index over list entries (the bench, tests, and a worker's batch rescreen).
    The database version stores `keys_for` rows and ranks with the same `rank_candidates`.

    `prepare`, if given, is applied to each entity as it is added, and the result is what is indexed
    and returned by `entity()` (matching.new_index passes matching.prepare, once per entry)."""

    def __init__(self, prepare: Callable[[EntityProxy], EntityProxy] | None = None) -> None:
        self.prepare = prepare
        self._postings: dict[str, set[str]] = defaultdict(set)
        self._keys: dict[str, frozenset[str]] = {}
        self._entities: dict[str, EntityProxy] = {}

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __iter__(self) -> Iterator[str]:
        return iter(self._entities)

    def add(self, entity_id: str, entity: EntityProxy) -> None:
        """Index (or re-index) an entry under its own id."""
        self.remove(entity_id)
        if self.prepare is not None:
            entity = self.prepare(entity)
        keys = frozenset(keys_for(entity))
        self._keys[entity_id] = keys
        self._entities[entity_id] = entity
        for key in keys:
            self._postings[key].add(entity_id)

    def remove(self, entity_id: str) -> None:
        for key in self._keys.pop(entity_id, frozenset()):
            ids = self._postings[key]
            ids.discard(entity_id)
            if not ids:
                del self._postings[key]
        self._entities.pop(entity_id, None)

    def entity(self, entity_id: str) -> EntityProxy:
        return self._entities[entity_id]

    def keys(self, entity_id: str) -> frozenset[str]:
        return self._keys[entity_id]

    @property
    def postings(self) -> Mapping[str, Collection[str]]:
        """Key -> the ids of the entries carrying it (read only)."""
        return self._postings

    def candidates(
        self, entity: EntityProxy, limit: int = DEFAULT_LIMIT, min_ratio: float = DEFAULT_MIN_RATIO
    ) -> list[tuple[str, float]]:
        """(entry id, blocking weight) of the entries worth scoring against `entity`, best first."""
        return self.rank(key_groups(entity), limit, min_ratio)

    def rank(
        self,
        groups: Iterable[Collection[str]],
        limit: int = DEFAULT_LIMIT,
        min_ratio: float = DEFAULT_MIN_RATIO,
    ) -> list[tuple[str, float]]:
        """`candidates` for an entity's `key_groups`."""
        return rank_candidates(groups, self._postings, len(self._entities), limit, min_ratio)
