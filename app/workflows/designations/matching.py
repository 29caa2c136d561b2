"""Scoring a perpetrator against sanctions list entries with nomenklatura's logic-v2, in process.

logic-v2 (the algorithm OpenSanctions screens with) takes the best of a name match (rigour's name
analysis: transliteration, name symbols, order, fuzzy parts), specific and generic identifiers, then
subtracts for a different country, birth year, birth day or gender. Scores >= LIKELY are "likely"
matches, those from POSSIBLE "possible"; below POSSIBLE nothing is raised. Every result carries the
algorithm, its version, the portal's PROFILE and the explanation per feature, as plain dicts, to be
stored with a match.

logic-v2 runs with a relaxed fuzzy-name cutoff (FUZZY_CUTOFF_FACTOR), and five portal rules come on top
(see "Portal rules" below): a second opinion on names, token by token, for misspellings, other
romanisations and Arabic-script names; a larger penalty for birth years far apart; a penalty for
a name part in place of another (a relative, not a variant); one for a common name that nothing
else corroborates; and no credit for two different given names spelt alike (Jamal / Kamal). All show
in the explanations (`name_second_opinion`, `dob_year_gap`, `name_conflict`, `name_common`,
`name_distinct`).

Two things the library does not do for us:
- it caches name analysis per entity *id* (an lru_cache keyed on the proxy's hash), so two entities
  with one id but other names (a perpetrator edited between two saves, an amended list entry) would
  be compared with stale names. `prepare` gives every compared entity an id derived from its content.
- names in a dense script (Han, kana) are not transliterated by rigour; `prepare` adds their Latin form
  as a name (see blocking.transliterated_names).

The first comparison in a process loads rigour's name symbol data (~15 s on an idle core, ~260 MB on
top of the ~220 MB nomenklatura's imports take): call `warm_up()` once at worker start.
followthemoney, rigour and nomenklatura are imported inside functions, so importing this module from
the API costs nothing (tests/test_startup_imports.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal

from app.workflows.designations.blocking import (
    DEFAULT_LIMIT,
    DEFAULT_MIN_RATIO,
    BlockingIndex,
    key_groups,
    skeleton,
    transliterated_names,
)

if TYPE_CHECKING:
    from uuid import UUID

    from followthemoney import EntityProxy
    from rigour.names import Name, NamePart

    from app.schemas.case_content import Perpetrator

ALGORITHM = "logic-v2"
LIKELY = 0.70
POSSIBLE = 0.50
Band = Literal["likely", "possible"]

# What this module changes in logic-v2's defaults and adds to it (see "Portal rules" below); stored with
# each match next to the algorithm and its version, so that a score can be traced to the rules that
# made it. Bump it whenever a rule or a figure below changes.
# portal-3: rule 5 (name_distinct) and the second opinion only where it forgives a spelling or aligns
# what logic-v2 left at 0 (rule 1). Stored matches keep the profile that scored them: a rescreen
# rescores every undecided match (and updates its version); a decided one keeps its version.
PROFILE = "portal-3"
# rigour's fuzzy name budget, times this factor. The default (1.0) is tuned for payment screening,
# where every alert stops a payment; here a coordinator confirms each match, and a missed designation
# costs more than one more candidate in the queue. 1.5 is the largest factor that raised no false-alert
# figure on the bench's tuning half (bench/designation_matching.py: 2.0 and more raised name-only
# false alerts); it lets one edit in a 4-6 letter part count (Kuot / Kuto, Zaw / Zaww).
FUZZY_CUTOFF_FACTOR = 1.5
# Entities whose analysed names stay cached (see _widen_name_caches): more than the lists' entries, so
# that a rescreen analyses each entry once; ~4 KB each.
NAME_CACHE = 2**15


@dataclass(frozen=True, slots=True)
class MatchResult:
    score: float
    band: Band | None
    algorithm: str
    algorithm_version: str
    # feature name -> {"score", "weight", "detail", "query", "candidate"}: what matched, what was
    # penalised (e.g. "Birth years: 1976 vs 1950"), with the weight logic-v2 gives the feature.
    explanations: dict[str, dict[str, Any]] = field(default_factory=dict)

    profile: str = PROFILE

    @property
    def stored_version(self) -> str:
        """What a stored match keeps as its algorithm version: nomenklatura's and the portal's
        profile ("4.17.4+portal-3"), so a reviewer can tell which rules made a score."""
        return f"{self.algorithm_version}+{self.profile}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "band": self.band,
            "algorithm": self.algorithm,
            "algorithm_version": self.algorithm_version,
            "profile": self.profile,
            "explanations": self.explanations,
        }


def band(score: float) -> Band | None:
    if score >= LIKELY:
        return "likely"
    if score >= POSSIBLE:
        return "possible"
    return None


@cache
def algorithm_version() -> str:
    from importlib.metadata import version

    return version("nomenklatura")


@cache
def _algorithm() -> Any:
    from nomenklatura.matching import get_algorithm

    algorithm = get_algorithm(ALGORITHM)
    if algorithm is None:  # pragma: no cover - pinned dependency
        raise RuntimeError(f"nomenklatura {algorithm_version()} has no {ALGORITHM} algorithm")
    _widen_name_caches()
    return algorithm


def _widen_name_caches() -> None:
    """logic-v2 memoises each entity's analysed names in an lru_cache of 1,000 entities
    (nomenklatura.matching.util.MEMO_BATCH): a rescreen that meets a few thousand list entries analyses
    each entry's names again at every meeting (rigour's analyze_names was a quarter of the CPU of a
    rescreen). The same functions, re-wrapped with NAME_CACHE entries, where logic-v2 looks them up
    (nomenklatura is pinned; tests/workflows/test_matching_rules.py checks that the wrap is in place)."""
    from nomenklatura.matching.logic_v2.names import analysis, match

    for name in ("entity_names", "entity_names_consolidated"):
        current = getattr(analysis, name)
        if current.cache_info().maxsize == NAME_CACHE:
            continue
        wider = lru_cache(maxsize=NAME_CACHE)(current.__wrapped__)
        setattr(analysis, name, wider)
        if hasattr(match, name):
            setattr(match, name, wider)


@cache
def _weights() -> dict[str, float]:
    return {feature.name: feature.weight for feature in _algorithm().features}


@cache
def _config() -> Any:
    from nomenklatura.matching import ScoringConfig

    # compare() fills in the defaults of the other keys, in place, on the first call.
    return ScoringConfig(weights={}, config={"nm_fuzzy_cutoff_factor": FUZZY_CUTOFF_FACTOR})


def warm_up() -> None:
    """Load logic-v2 and rigour's name data (~15 s the first time in a process, then nothing)."""
    from followthemoney import model

    one, two = model.make_entity("Person"), model.make_entity("Person")
    one.id, two.id = "warm-up-1", "warm-up-2"
    one.add("name", "Ivan Petrov")
    two.add("name", "Иван Петров")
    score(one, two)


def prepare(entity: EntityProxy) -> EntityProxy:
    """A copy to compare: its id is a hash of its schema and properties (so nomenklatura's per-id
    caches never serve another version's names) and dense-script names gain their Latin form.
    Equal content gives an equal id, so re-preparing an entry for each query still hits the caches."""
    from followthemoney import model
    from followthemoney.types import registry

    proxy = model.get_proxy({"schema": entity.schema.name, "properties": entity.to_dict()["properties"]})
    extra = transliterated_names(entity.get_type_values(registry.name, matchable=True))
    if extra:
        proxy.add("alias" if proxy.schema.get("alias") is not None else "name", extra)
    # Hashed after the additions, so that preparing a prepared entity changes nothing.
    props = {name: sorted(values) for name, values in proxy.to_dict()["properties"].items()}
    blob = json.dumps([proxy.schema.name, props], sort_keys=True, ensure_ascii=False)
    proxy.id = "m-" + hashlib.sha1(blob.encode(), usedforsecurity=False).hexdigest()
    return proxy


def _explain(result: Any, extra: dict[str, _Feature]) -> dict[str, dict[str, Any]]:
    weights = _weights()
    out = {
        name: {
            "score": round(float(feature.score), 4),
            "weight": weights.get(name),
            "detail": feature.detail,
            "query": feature.query,
            "candidate": feature.candidate,
        }
        for name, feature in result.explanations.items()
    }
    for name, feature in extra.items():
        out[name] = {
            "score": round(feature.score, 4),
            "weight": feature.weight,
            "detail": feature.detail,
            "query": feature.query,
            "candidate": feature.candidate,
        }
    return out


def _compare(
    query: EntityProxy,
    candidate: EntityProxy,
    explain_from: float = 0.0,
    frequencies: NameFrequencies | None = None,
) -> MatchResult:
    algorithm = _algorithm()
    result = algorithm.compare(query, candidate, _config())
    value, extra = _portal_rules(algorithm, result, query, candidate, frequencies, explain_from)
    value = round(value, 4)
    # Explanations cost a pydantic model per feature: screening skips them for what it drops anyway.
    explanations = _explain(result, extra) if value >= explain_from else {}
    return MatchResult(value, band(value), ALGORITHM, algorithm_version(), explanations)


# --- Portal rules ---------------------------------------------------------------------------------
# Five rules on top of logic-v2, each for a loss measured on the bench (bench/designation_matching.py
# keeps the figures of each attempt):
#
# 1. A second opinion on names, token by token (`_second_opinion`). logic-v2 scores a name part one
#    edit or one romanisation away as no match at all below rigour's budget ("Limtied" vs "Limited",
#    "Pheap" vs "Feap", "Gai" vs "Gay"), and it cannot compare an Arabic-script name with a Latin one
#    beyond the given names rigour knows as symbols. The second opinion aligns the ASCII tokens of the
#    two names one to one and replaces logic-v2's name score only if it is higher and:
#    - every distinctive token of the query (not a legal form, stopword or generic word such as
#      "Trading") is aligned with a token of the candidate;
#    - at least one distinctive token is spelt alike or shares a rigour name symbol (an anchor), and
#      at most half of them are only approximate; an Arabic-script name, which has no spelling in
#      common with a Latin one, needs two tokens aligned by their consonants instead;
#    - the birth dates do not conflict (logic-v2's dob_year_disjoint / dob_day_disjoint are zero);
#    - (portal-3) it forgave a spelling (a token aligned as approximate or by consonants), or it left
#      no distinctive token of the candidate over. Where every token is spelt alike or shares a
#      symbol, the opinion only re-weighs logic-v2's alignment: right for generic words (an article,
#      "DOO") and for a name logic-v2's consolidation drops ("ARANEKS DOO" beside "ARANEKS DOO
#      BEOGRAD-VOZDOVAC"), not for a distinctive part of the candidate left over, which logic-v2
#      weighs as it should (a family name 1.3 times more; a compound given name as one part): so
#      "Mohamed Sa'id" for Muhammad Said BUKHAYTAN stays at logic-v2's 0.71 (before: 0.85).
#    Approximate means: one edit (substitution, insertion, deletion, swap of neighbours) in tokens of
#    4 letters or more; or the same strict consonant skeleton (blocking.skeleton: romanisations differ
#    mostly in vowels and h/y, ou/u, y/i, ph/f, w/v) within 2 edits (1 under 4 letters); or, for an
#    Arabic-script token, which leaves short vowels unwritten, the same consonant skeleton as the Latin
#    one. A legal form is also compared as the list wrote it ("Limtied" with "LIMITED", not rigour's
#    "ltd"). Two Latin tokens that rigour knows as names with no symbol in common are never
#    approximate (Maria / Mario); numbers never are.
#    A token scores 1.0 spelt alike, 0.9 for a shared symbol (logic-v2's own score for one), 0.75
#    approximate; generic tokens weigh half, candidate tokens left over 0.2 (logic-v2's
#    nm_extra_result_name); the name score is their weighted mean, at most 0.85: a name with an
#    approximate token never counts as much as one spelt alike, and with another nationality on top
#    (-0.2) it is only "possible". (0.8 / 0.9 gave the same figures on the bench's tuning half: the
#    stricter pair was kept.)
# 2. A birth year gap (`_year_gap`): logic-v2 takes 0.15 for disjoint birth years whatever the gap,
#    because lists give approximate years (circa, ranges). More than 5 years between the closest years
#    is beyond approximation: it costs 0.1 more (0.25 in all, still less than two full dates that
#    differ, 0.4).
# 3. Name conflict (`name_conflict`, -0.15, as much as disjoint birth years): in logic-v2's own
#    alignment of the two names it scored (re-run on that one pair), a distinctive part of each name
#    is left without a counterpart, or two distinctive parts are paired at 0. That is another person
#    of the family (Ruben LAREDO DONJUAN for "Ismael Laredo Donjuan"), not a variant of the name: a
#    researcher drops or misspells a part, he does not put another one in its place. Not applied
#    when the second opinion replaced logic-v2's name score (it aligns every distinctive part).
# 4. Common name (`name_common`, -0.1): when the parts the alignment matched (by spelling or name
#    symbol) are carried together by COMMON_SHARED or more entries of the screened lists, and neither
#    a birth date on both sides nor an identifier agrees, the name alone points at no one in
#    particular ("Jong Kim", "Li Ri"). Read from the blocking postings of the query's `t:` / `s:`
#    keys, so only where an index is at hand (screen(), screening); `score()` alone never applies it.
# 5. Other names (`name_distinct`, portal-3): logic-v2 (with the relaxed cutoff) pairs two parts by
#    spelling alone that rigour knows as names with no symbol in common, whose consonants differ in
#    the first alone (blocking.skeleton, strict): Jamal / Kamal, Ryong / Myong. Those are
#    two names, not a misspelling of one (the second opinion already refuses Maria / Mario): the
#    pair counts 0 in logic-v2's weighted mean of the alignment (the feature's weight is what that
#    takes off) and as parts in place of each other (rule 3). Romanisations that rigour's symbols
#    miss (Moustafa / Mustafa, Vakhit / Vahit, Kun / Koun, Petrovic / Petrovich) keep their
#    consonants, drop one or change a later one, and are untouched. Found on two OFAC entries of
#    one family: Jamal Mustafa Abdallah Sultan AL-TIKRITI (b. 1955-05-04) scored 0.93 for Kamal
#    Mustafa Sultan Abdallah AL-TIKRITI, listed with the same alt. DOB (now 0.66, "possible").
#    A researcher's typo that makes another known name is demoted to "possible" too: still in the
#    queue.
# Rules 3, 4 and 5 only lower a score, and are only worked out for pairs that could still reach the
# caller's threshold (as is the second opinion). Figures on the bench's tuning half, attempt by
# attempt, are in bench/designation_matching.py.
_SECOND_OPINION = "name_second_opinion"
_YEAR_GAP = "dob_year_gap"
_CONFLICT = "name_conflict"
_COMMON = "name_common"
_CONFLICT_PENALTY = -0.15
_COMMON_PENALTY = -0.1
COMMON_SHARED = 3
# The blocking keys the common-name rule reads: spellings and name symbols (blocking.key_groups).
FREQUENCY_KEY_PREFIXES = ("t:", "s:")

_EXACT, _SYMBOL, _APPROX = 1.0, 0.9, 0.75
_SECOND_OPINION_CAP = 0.85
_GENERIC_WEIGHT = 0.5
_EXTRA_RESULT_WEIGHT = 0.2  # logic-v2's nm_extra_result_name
_EXTRA_QUERY_WEIGHT = 0.8  # logic-v2's nm_extra_query_name (only generic query tokens may be left over)
_MAX_TOKENS = 10  # longer names are left to logic-v2 alone (the alignment is greedy but quadratic)
_YEAR_GAP_YEARS = 5
_YEAR_GAP_PENALTY = -0.1
_FORGIVEN = frozenset({"typo", "spelling", "consonants"})  # what the second opinion is for
_DISTINCT = "name_distinct"
_GENERIC_CATEGORIES = frozenset({"ORGCLS", "SYMBOL", "DOMAIN", "LOC"})
_NAME_CATEGORIES = frozenset({"NAME", "NICK"})
_ABJADS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana"})
_WORDS = re.compile(r"[^0-9a-z]+")
_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True, slots=True)
class _Feature:
    score: float
    weight: float
    detail: str
    query: str | None = None
    candidate: str | None = None
    forgiving: bool = True  # a second opinion: it may replace logic-v2's name score (see _align)


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # ASCII, lower case
    generic: bool  # a legal form, stopword or generic organisation word: weighs half
    symbols: frozenset[str]  # rigour's NAME / NICK symbols
    abjad: bool  # written in a script without short vowels (Arabic, Hebrew...)
    consonants: str | None  # blocking.skeleton, to compare with the other script
    # (word, strict skeleton) for the token, and for a legal form also its words as written
    # ("limited" for rigour's "ltd"): what a misspelling resembles.
    spellings: tuple[tuple[str, str | None], ...]


def _portal_rules(
    algorithm: Any,
    result: Any,
    query: EntityProxy,
    candidate: EntityProxy,
    frequencies: NameFrequencies | None = None,
    floor: float = 0.0,
) -> tuple[float, dict[str, _Feature]]:
    """The score after the portal rules, and the features they add to the explanation."""
    # MatchingResult keeps the raw feature results privately; the public `explanations` builds a
    # pydantic model per feature, too slow for every candidate (nomenklatura is pinned).
    features: dict[str, Any] = dict(result._explanations)
    if "name_match" not in features:  # schemas that cannot match: logic-v2 compared nothing
        return float(result.score), {}
    config = _config()
    for feature in algorithm.features:
        # logic-v2 skips the qualifiers when no main feature scored: the second opinion needs them.
        if feature.qualifier and feature.name not in features:
            features[feature.name] = feature.invoke(query, candidate, config)
    scores = {name: float(feature.score) for name, feature in features.items()}
    extra: dict[str, _Feature] = {}
    name_score = scores["name_match"]
    birth_conflict = scores.get("dob_year_disjoint", 0.0) > 0 or scores.get("dob_day_disjoint", 0.0) > 0
    # The opinion is worth its cost only if, at its cap, it could lift the pair to `floor` (screening
    # drops what scores less; every other portal rule only lowers a score).
    if (
        name_score < _SECOND_OPINION_CAP
        and not birth_conflict
        and (
            floor <= 0
            or algorithm.compute_score({**scores, "name_match": _SECOND_OPINION_CAP}, _weights()) >= floor
        )
    ):
        opinion = _second_opinion(query, candidate)
        if opinion is not None and opinion.score > name_score and opinion.forgiving:
            extra[_SECOND_OPINION] = opinion
            scores["name_match"] = opinion.score
    gap = _year_gap(query, candidate) if scores.get("dob_year_disjoint", 0.0) > 0 else None
    if gap is not None:
        extra[_YEAR_GAP] = gap
    value = float(algorithm.compute_score(scores, _weights())) if extra else float(result.score)
    # The name evidence rules only ever lower a score: a pair already below `floor` (what screening
    # drops anyway) is not worth the second alignment they need.
    if value > 0 and value >= floor:
        opinion = extra.get(_SECOND_OPINION)
        extra.update(_name_evidence(query, candidate, features, scores, frequencies, opinion))
    if value <= 0:
        return float(result.score) if not extra else 0.0, extra
    value += sum(feature.weight for name, feature in extra.items() if name != _SECOND_OPINION)
    return min(1.0, max(0.0, value)), extra


@dataclass(frozen=True, slots=True)
class NameFrequencies:
    """Which entries of the screened index carry each blocking key of the query (`t:` spelling and
    `s:` name symbol keys: blocking.key_groups): what tells a common name from a rare one."""

    postings: Mapping[str, Collection[str]]
    total: int

    def sharing(self, parts: Iterable[Iterable[str]]) -> int:
        """How many entries carry, for every part, one of its keys."""
        shared: set[str] | None = None
        for keys in parts:
            ids: set[str] = set()
            for key in keys:
                ids.update(self.postings.get(key, ()))
            shared = ids if shared is None else shared & ids
            if not shared:
                return 0
        return len(shared or ())


def _distinctive(part: NamePart) -> bool:
    from rigour.names import NamePartTag
    from rigour.text import is_stopword

    text = part.ascii or part.comparable
    return (
        part.tag not in (NamePartTag.STOP, NamePartTag.LEGAL)
        and len(text) > 1
        and not part.numeric
        and not is_stopword(text)
    )


def _picked_names(query: EntityProxy, candidate: EntityProxy, feature: Any) -> tuple[Name, Name] | None:
    """The two analysed names logic-v2's name_match scored (its `query` / `candidate` originals)."""
    from nomenklatura.matching.logic_v2.names.analysis import entity_names

    q = next((n for n in entity_names(query, prop=None, is_query=True) if n.original == feature.query), None)
    r = next((n for n in entity_names(candidate, prop=None) if n.original == feature.candidate), None)
    return (q, r) if q is not None and r is not None else None


@cache
def _compare_config() -> Any:
    from rigour.names import CompareConfig

    return CompareConfig(budget_tolerance=FUZZY_CUTOFF_FACTOR)


def _alignment(q: Name, r: Name) -> list[Any]:
    """logic-v2's own part alignment of two names (its explanation, as objects)."""
    from nomenklatura.matching.logic_v2.names.match import match_name_symbolic

    config = _config()
    _, matches = match_name_symbolic(
        q,
        r,
        _compare_config(),
        config.get_float("nm_extra_query_name"),
        config.get_float("nm_extra_result_name"),
        config.get_float("nm_family_name_weight"),
    )
    return list(matches)


def _name_evidence(
    query: EntityProxy,
    candidate: EntityProxy,
    features: dict[str, Any],
    scores: dict[str, float],
    frequencies: NameFrequencies | None,
    opinion: _Feature | None,
) -> dict[str, _Feature]:
    """The name conflict and common name rules (see "Portal rules")."""
    feature = features["name_match"]
    names = _picked_names(query, candidate, feature)
    if names is None:
        return {}
    q_name, r_name = names
    matches = _alignment(q_name, r_name) if scores["name_match"] < 1.0 or opinion else []
    out: dict[str, _Feature] = {}
    distinct = _distinct_names(q_name, r_name, matches) if opinion is None else []
    if distinct:
        # Rule 5: the pairs count as no match at all (their score 0 in logic-v2's weighted mean of
        # the alignment), and as parts in place of each other (rule 3, below).
        total = sum(m.weight for m in matches)
        lost = sum(m.score * m.weight for m in distinct) / total if total > 0 else 0.0
        if lost > 0:
            out[_DISTINCT] = _Feature(
                1.0,
                -round(lost, 4),
                "Other names, not a variant: "
                + ", ".join(f"{m.qstr!r} vs {m.rstr!r} (fuzzy {m.score:.2f} -> 0)" for m in distinct),
                q_name.original,
                r_name.original,
            )
    flagged = {id(m) for m in distinct}
    if matches and opinion is None and _CONFLICT_PENALTY:
        conflicts = [
            m
            for m in matches
            if m.qps
            and m.rps
            and (m.score <= 0 or id(m) in flagged)
            and any(map(_distinctive, m.qps + m.rps))
        ]
        extra_q = [p for m in matches if not m.rps for p in m.qps if _distinctive(p)]
        extra_r = [p for m in matches if not m.qps for p in m.rps if _distinctive(p)]
        if conflicts or (extra_q and extra_r):
            shown = [f"{m.qstr!r} vs {m.rstr!r}" for m in conflicts] or [
                f"{' '.join(p.comparable for p in extra_q)!r} vs {' '.join(p.comparable for p in extra_r)!r}"
            ]
            out[_CONFLICT] = _Feature(
                1.0,
                _CONFLICT_PENALTY,
                f"Name parts in place of each other: {', '.join(shown)}",
                q_name.original,
                r_name.original,
            )
    if (
        frequencies is not None
        and opinion is None
        and _COMMON_PENALTY
        and not _corroborated(query, candidate, scores)
    ):
        common = _sharing(q_name, matches, frequencies)
        if common is not None and common[0] >= COMMON_SHARED:
            out[_COMMON] = _Feature(
                1.0,
                _COMMON_PENALTY,
                f"Common name ({common[1]}): {common[0]} of {frequencies.total} entries carry it, "
                "and no birth date or identifier agrees",
                q_name.original,
                r_name.original,
            )
    return out


def _part_symbols(name: Name) -> dict[int, frozenset[str]]:
    """rigour's NAME / NICK symbols of each part of `name` (by part index)."""
    symbols: dict[int, set[str]] = defaultdict(set)
    for span in name.spans:
        if span.symbol.category.value in _NAME_CATEGORIES:
            for part in span.parts:
                symbols[part.index].add(span.symbol.id)
    return {index: frozenset(ids) for index, ids in symbols.items()}


def _distinct_names(q_name: Name, r_name: Name, matches: list[Any]) -> list[Any]:
    """Pairs of logic-v2's alignment matched by spelling alone (one part each side, no symbol, a
    fuzzy score between 0 and 1) that rigour knows as two names with no symbol in common: Jamal /
    Kamal, Ryong / Myong (rule 5). A part rigour does not know as a name is never one."""
    if not matches:
        return []
    ours, theirs = _part_symbols(q_name), _part_symbols(r_name)
    out = []
    for m in matches:
        if m.symbol is not None or len(m.qps) != 1 or len(m.rps) != 1 or not 0 < m.score < 1:
            continue
        q_symbols, r_symbols = ours.get(m.qps[0].index), theirs.get(m.rps[0].index)
        if not q_symbols or not r_symbols or q_symbols & r_symbols:
            continue
        mine = skeleton((m.qps[0].ascii or m.qps[0].comparable).lower(), minimum=1, strict=True)
        theirs_ = skeleton((m.rps[0].ascii or m.rps[0].comparable).lower(), minimum=1, strict=True)
        # Another first consonant, the rest alike: Jamal / Kamal (gml / kml). Romanisations add, drop
        # or re-spell letters of one sound (Moustafa / Mustafa, Vakhit / Vahit, Petrovic / Petrovich:
        # c / ch for ć), which the strict skeleton folds, leaves as a consonant more or changes after
        # the first: rigour's symbols miss many of those.
        if (
            mine
            and theirs_
            and len(mine) == len(theirs_)
            and mine[0] != theirs_[0]
            and mine[1:] == theirs_[1:]
        ):
            out.append(m)
    return out


def _corroborated(query: EntityProxy, candidate: EntityProxy, scores: dict[str, float]) -> bool:
    """Something besides the name agrees: an identifier (or another main feature), or birth dates on
    both sides that do not conflict."""
    if any(scores.get(name, 0.0) > 0 for name in _main_features() if name != "name_match"):
        return True
    return bool(_years(query) and _years(candidate)) and not (
        scores.get("dob_year_disjoint", 0.0) > 0 or scores.get("dob_day_disjoint", 0.0) > 0
    )


@cache
def _main_features() -> tuple[str, ...]:
    return tuple(feature.name for feature in _algorithm().features if not feature.qualifier)


def _sharing(q_name: Name, matches: list[Any], frequencies: NameFrequencies) -> tuple[int, str] | None:
    """How many index entries carry every distinctive name part of the query that the alignment matched
    (by spelling or name symbol), and which parts."""
    symbols: dict[int, set[str]] = defaultdict(set)
    for span in q_name.spans:
        if span.symbol.category.value in _NAME_CATEGORIES:
            for part in span.parts:
                symbols[part.index].add(f"s:{span.symbol.id}")
    if matches:
        parts = {p.index: p for m in matches if m.rps and m.score > 0 for p in m.qps if _distinctive(p)}
    else:  # a literal match: every part
        parts = {p.index: p for p in q_name.parts if _distinctive(p)}
    if not parts:
        return None
    keys = []
    for index, part in parts.items():
        text = (part.ascii or part.comparable).lower()
        keys.append([f"t:{token}" for token in _WORDS.split(text) if token] + sorted(symbols.get(index, ())))
    texts = " ".join(sorted((p.ascii or p.comparable).lower() for p in parts.values()))
    return frequencies.sharing(keys), texts


def _years(entity: EntityProxy) -> set[int]:
    return {int(value[:4]) for value in entity.get("birthDate", quiet=True) if value[:4].isdigit()}


def _year_gap(query: EntityProxy, candidate: EntityProxy) -> _Feature | None:
    ours, theirs = _years(query), _years(candidate)
    if not ours or not theirs:
        return None
    gap = min(abs(a - b) for a in ours for b in theirs)
    if gap <= _YEAR_GAP_YEARS:
        return None
    return _Feature(1.0, _YEAR_GAP_PENALTY, f"Birth years {gap} years apart (more than {_YEAR_GAP_YEARS})")


@lru_cache(maxsize=2**16)  # names repeat across comparisons: the query's against every candidate
def _tokens(name: Name) -> tuple[_Token, ...]:
    from rigour.names import NamePartTag
    from rigour.text import ascii_text, is_stopword
    from rigour.text.scripts import text_scripts

    generic: set[int] = set()
    symbols: dict[int, set[str]] = defaultdict(set)
    for span in name.spans:
        category = span.symbol.category.value
        for part in span.parts:
            if category in _GENERIC_CATEGORIES:
                generic.add(part.index)
            elif category in _NAME_CATEGORIES:
                symbols[part.index].add(span.symbol.id)
    texts = [(part.ascii or ascii_text(part.form)).lower() for part in name.parts]
    # rigour writes legal forms short ("limited" -> "ltd"): the words of the name that no part kept
    # are the legal form as written, which is what a misspelling of it resembles.
    written = [w for w in _WORDS.split(ascii_text(name.original).lower()) if w and w not in texts]
    out: list[_Token] = []
    for part, text in zip(name.parts, texts, strict=True):
        if not text:
            continue
        legal = part.tag == NamePartTag.LEGAL
        out.append(
            _Token(
                text=text,
                generic=legal or part.tag == NamePartTag.STOP or part.index in generic or is_stopword(text),
                symbols=frozenset(symbols.get(part.index, ())),
                abjad=bool(text_scripts(part.form) & _ABJADS),
                consonants=skeleton(text, minimum=1),
                spellings=tuple(
                    (word, skeleton(word, minimum=1, strict=True))
                    for word in (text, *(written if legal else ()))
                ),
            )
        )
    return tuple(out)


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one substitution, insertion, deletion or swap of neighbouring letters."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _similarity(q: _Token, r: _Token) -> tuple[float, str] | None:
    """(score, kind) of two tokens, or None if they are not a match."""
    from rigour.text import levenshtein

    if q.text == r.text:
        return _EXACT, "literal"
    if q.symbols & r.symbols:
        return _SYMBOL, "symbol"
    if _DIGIT.search(q.text) or _DIGIT.search(r.text):
        return None
    if q.abjad != r.abjad:
        if q.consonants is None or q.consonants != r.consonants:
            return None
        # rigour's symbols rarely link a name across scripts (سيف and Saif are both known, not as
        # one): they only veto skeletons too short to tell names apart (محمد / Ahmed: "md").
        if q.symbols and r.symbols and len(q.consonants) < 3:
            return None
        return _APPROX, "consonants"
    if q.symbols and r.symbols:  # rigour knows both as names, and not as the same one (Maria / Mario)
        return None
    mine = q.spellings[0][1]
    for word, theirs in r.spellings:
        if word == q.text:
            return _EXACT, "literal"
        short = min(len(q.text), len(word))
        if short >= 4 and _one_edit(q.text, word):
            return _APPROX, "typo"
        if mine is not None and mine == theirs and levenshtein(q.text, word) <= (2 if short >= 4 else 1):
            return _APPROX, "spelling"
    return None


def _align(query: tuple[_Token, ...], result: tuple[_Token, ...]) -> tuple[float, str, bool] | None:
    """The second-opinion score of two names, its explanation and whether it may replace logic-v2's
    (it forgave a token: a typo, a spelling or consonants; or it left no distinctive candidate token
    over), or None if the rule does not apply."""
    if not query or len(query) > _MAX_TOKENS or len(result) > _MAX_TOKENS:
        return None
    found: list[tuple[float, str, int, int]] = []
    for i, q in enumerate(query):
        row = [(sim[0], sim[1], i, j) for j, r in enumerate(result) if (sim := _similarity(q, r)) is not None]
        if not row and not q.generic:
            return None  # a distinctive query token like no token of the result: the rule cannot apply
        found.extend(row)
    pairs = sorted(found, key=lambda pair: (-pair[0], pair[2], pair[3]))
    matched_q: dict[int, tuple[float, str, int]] = {}
    matched_r: set[int] = set()
    for score, kind, i, j in pairs:  # greedy: best pairs first, each token used once
        if i not in matched_q and j not in matched_r:
            matched_q[i] = (score, kind, j)
            matched_r.add(j)
    distinctive = [i for i, q in enumerate(query) if not q.generic]
    if not distinctive or any(i not in matched_q for i in distinctive):
        return None
    kinds = [matched_q[i][1] for i in distinctive]
    anchors = sum(kind in ("literal", "symbol") for kind in kinds)
    approximate = sum(kind in ("typo", "spelling") for kind in kinds)
    consonants = sum(kind == "consonants" for kind in kinds)
    if approximate * 2 > len(distinctive) or not (anchors or consonants >= 2):
        return None
    total = weighted = 0.0
    details: list[str] = []
    for i, q in enumerate(query):
        if i in matched_q:
            score, kind, j = matched_q[i]
            r = result[j]
            weight = _GENERIC_WEIGHT if q.generic or r.generic else 1.0
            weighted += weight * score
            details.append(f"[{q.text!r}≈{r.text!r} {kind}: {score:.2f}, weight {weight:.2f}]")
        else:
            weight = _GENERIC_WEIGHT * _EXTRA_QUERY_WEIGHT
            details.append(f"[{q.text!r} extraQueryPart: 0.00, weight {weight:.2f}]")
        total += weight
    for j, r in enumerate(result):
        if j not in matched_r:
            weight = _EXTRA_RESULT_WEIGHT * (_GENERIC_WEIGHT if r.generic else 1.0)
            total += weight
            details.append(f"[{r.text!r} extraResultPart: 0.00, weight {weight:.2f}]")
    # Without a spelling forgiven, the opinion only re-weighs what logic-v2 aligned: fine for generic
    # words (articles, legal forms) and for a name logic-v2's consolidation dropped ("ARANEKS DOO"
    # beside "ARANEKS DOO BEOGRAD-VOZDOVAC"), not for a distinctive part of the candidate left over.
    forgiving = any(kind in _FORGIVEN for _, kind, _ in matched_q.values())
    left_over = any(not r.generic for j, r in enumerate(result) if j not in matched_r)
    return min(_SECOND_OPINION_CAP, weighted / total), " ".join(details), forgiving or not left_over


def _second_opinion(query: EntityProxy, candidate: EntityProxy) -> _Feature | None:
    from nomenklatura.matching.logic_v2.names.analysis import entity_names

    # The same analysed names as logic-v2's (cached per entity id: `prepare` makes ids from content).
    best: _Feature | None = None
    # Called exactly as logic-v2 calls it: lru_cache keys on how the arguments are passed.
    for q_name in entity_names(query, prop=None, is_query=True):
        q_tokens = _tokens(q_name)
        for r_name in entity_names(candidate, prop=None):
            aligned = _align(q_tokens, _tokens(r_name))
            if aligned is not None and (best is None or aligned[0] > best.score):
                best = _Feature(aligned[0], 1.0, aligned[1], q_name.original, r_name.original, aligned[2])
    return best


def score(
    query: EntityProxy,
    candidate: EntityProxy,
    *,
    prepared: bool = False,
    frequencies: NameFrequencies | None = None,
) -> MatchResult:
    """logic-v2 score of `candidate` (a list entry) for `query` (a perpetrator). Not symmetric: parts
    of the query's name missing from the candidate cost more than the reverse. `prepared=True` says
    both already went through `prepare` (it costs about as much as a comparison)."""
    if prepared:
        return _compare(query, candidate, frequencies=frequencies)
    return _compare(prepare(query), prepare(candidate), frequencies=frequencies)


def new_index() -> BlockingIndex:
    """An empty in-memory index whose entries are `prepare`d once, as they are added."""
    return BlockingIndex(prepare=prepare)


def screen(
    query: EntityProxy,
    index: BlockingIndex,
    limit: int = DEFAULT_LIMIT,
    threshold: float = POSSIBLE,
    min_ratio: float = DEFAULT_MIN_RATIO,
) -> list[tuple[str, MatchResult]]:
    """Entries of `index` scoring at least `threshold` (default: "possible") for `query`, best first.
    Only the `limit` best blocking candidates are scored (see blocking.rank_candidates)."""
    q = prepare(query)
    groups = key_groups(q)
    ranked = index.rank(groups, limit, min_ratio)
    return _score_candidates(q, ranked, index, threshold, frequencies(index.postings, len(index)))


def frequencies(postings: Mapping[str, Collection[str]], total: int) -> NameFrequencies:
    """The name frequencies of a query, from the postings of its keys (the entries carrying each; only
    the FREQUENCY_KEY_PREFIXES keys are read) among `total` entries."""
    return NameFrequencies(postings, total)


def _score_candidates(
    q: EntityProxy,
    candidates: list[tuple[str, float]],
    index: BlockingIndex,
    threshold: float,
    freq: NameFrequencies | None = None,
) -> list[tuple[str, MatchResult]]:
    prepared = index.prepare is prepare
    pairs = [
        (entry_id, index.entity(entry_id) if prepared else prepare(index.entity(entry_id)))
        for entry_id, _weight in candidates
    ]
    return score_prepared(q, pairs, threshold, freq)


def score_prepared(
    q: EntityProxy,
    candidates: Iterable[tuple[str, EntityProxy]],
    threshold: float = POSSIBLE,
    frequencies: NameFrequencies | None = None,
) -> list[tuple[str, MatchResult]]:
    """(id, result) of the `prepare`d candidates scoring at least `threshold` for the `prepare`d
    query, best first. Pairs that cannot reach `threshold` skip the portal rules' extra work."""
    out: list[tuple[str, MatchResult]] = []
    for entry_id, candidate in candidates:
        result = _compare(q, candidate, explain_from=threshold, frequencies=frequencies)
        if result.score >= threshold:
            out.append((entry_id, result))
    out.sort(key=lambda item: (-item[1].score, item[0]))
    return out


def perpetrator_entity(perpetrator: Perpetrator, case_id: str | int | UUID = "screening") -> EntityProxy:
    """The FtM entity of a case-file perpetrator (names, aliases, transliterations, birth date,
    nationality, identifiers, positions), built by the case-content model's own export."""
    from followthemoney import model

    from app.schemas.case_content import perpetrator_to_ftm

    return model.get_proxy(perpetrator_to_ftm(perpetrator, case_id))
