"""Scoring a perpetrator against sanctions list entries with nomenklatura's logic-v2, in process.

logic-v2 (the algorithm OpenSanctions screens with) takes the best of a name match (rigour's name
analysis: transliteration, name symbols, order, fuzzy parts), specific and generic identifiers, then
subtracts for a different country, birth year, birth day or gender. Scores >= LIKELY are "likely"
matches, those from POSSIBLE "possible"; below POSSIBLE nothing is raised. Every result carries the
algorithm, its version and the explanation per feature, as plain dicts, to be stored with a match.

Two things the library does not do for us:
- it caches name analysis per entity *id* (an lru_cache keyed on the proxy's hash), so two entities
  with one id but other names (a perpetrator edited between two saves, an amended list entry) would
  be compared with stale names. `prepare` gives every compared entity an id derived from its content.
- names in a dense script (Han, kana) are not transliterated by rigour; `prepare` adds their Latin form
  as a name (see blocking.transliterated_names).

The first comparison in a process loads rigour's name symbol data (~15 s): call `warm_up()` once at
worker start. followthemoney, rigour and nomenklatura are imported inside functions so that importing
this module from the API costs nothing (tests/test_startup_imports.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from app.workflows.designations.blocking import (
    DEFAULT_LIMIT,
    DEFAULT_MIN_RATIO,
    BlockingIndex,
    transliterated_names,
)

if TYPE_CHECKING:
    from followthemoney import EntityProxy

    from app.schemas.case_content import Perpetrator

ALGORITHM = "logic-v2"
LIKELY = 0.70
POSSIBLE = 0.50
Band = Literal["likely", "possible"]


@dataclass(frozen=True, slots=True)
class MatchResult:
    score: float
    band: Band | None
    algorithm: str
    algorithm_version: str
    # feature name -> {"score", "weight", "detail", "query", "candidate"}: what matched, what was
    # penalised (e.g. "Birth years: 1976 vs 1950"), with the weight logic-v2 gives the feature.
    explanations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "band": self.band,
            "algorithm": self.algorithm,
            "algorithm_version": self.algorithm_version,
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
    return algorithm


@cache
def _weights() -> dict[str, float]:
    return {feature.name: feature.weight for feature in _algorithm().features}


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


def _explain(result: Any) -> dict[str, dict[str, Any]]:
    weights = _weights()
    return {
        name: {
            "score": round(float(feature.score), 4),
            "weight": weights.get(name),
            "detail": feature.detail,
            "query": feature.query,
            "candidate": feature.candidate,
        }
        for name, feature in result.explanations.items()
    }


def _compare(query: EntityProxy, candidate: EntityProxy, explain_from: float = 0.0) -> MatchResult:
    from nomenklatura.matching import ScoringConfig

    result = _algorithm().compare(query, candidate, ScoringConfig.defaults())
    value = round(float(result.score), 4)
    # Explanations cost a pydantic model per feature: screening skips them for what it drops anyway.
    explanations = _explain(result) if value >= explain_from else {}
    return MatchResult(value, band(value), ALGORITHM, algorithm_version(), explanations)


def score(query: EntityProxy, candidate: EntityProxy) -> MatchResult:
    """logic-v2 score of `candidate` (a list entry) for `query` (a perpetrator). Not symmetric: parts
    of the query's name missing from the candidate cost more than the reverse."""
    return _compare(prepare(query), prepare(candidate))


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
    prepared = index.prepare is prepare
    out: list[tuple[str, MatchResult]] = []
    for entry_id, _weight in index.candidates(q, limit, min_ratio):
        candidate = index.entity(entry_id)
        result = _compare(q, candidate if prepared else prepare(candidate), explain_from=threshold)
        if result.score >= threshold:
            out.append((entry_id, result))
    out.sort(key=lambda item: (-item[1].score, item[0]))
    return out


def perpetrator_entity(perpetrator: Perpetrator, case_id: str = "screening") -> EntityProxy:
    """The FtM entity of a case-file perpetrator (names, aliases, transliterations, birth date,
    nationality, identifiers, positions), built by the case-content model's own export."""
    from followthemoney import model

    from app.schemas.case_content import perpetrator_to_ftm

    return model.get_proxy(perpetrator_to_ftm(perpetrator, case_id))
