"""The portal's name-evidence rules on top of logic-v2 (name conflict, common name), the blocking ranking,
the widened name caches and the stored matcher profile.

Pure Python, no database; the module-scoped `warm` fixture loads rigour's name data once (~15 s).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import pytest

from app.workflows.designations import blocking, matching

# The same entry and perpetrator builders, and the module's matcher warm-up, as the matching tests.
from tests.workflows.test_matching import entity, perp, warm  # noqa: F401


def test_another_given_name_in_place_is_a_conflict() -> None:
    relative = entity("Ruben LAREDO DONJUAN", firstName="Ruben", lastName="LAREDO DONJUAN")
    result = matching.score(perp("Ismael Laredo Donjuan"), relative)
    assert "name_conflict" in result.explanations
    conflict = result.explanations["name_conflict"]
    assert conflict["weight"] == -0.15 and "ismael" in conflict["detail"] and "ruben" in conflict["detail"]
    assert result.band != "likely"
    # Without the rule, logic-v2 alone called it likely (0.72): the rule is what moved it.
    name = result.explanations["name_match"]["score"]
    assert name >= matching.LIKELY and result.score == pytest.approx(name - 0.15, abs=1e-4)


def test_dropped_or_reordered_parts_are_no_conflict() -> None:
    kadyrov = entity(
        "Ramzan Akhmatovich KADYROV", firstName="Ramzan", middleName="Akhmatovich", lastName="KADYROV"
    )
    for query in ("Ramzan Kadyrov", "Kadyrov Ramzan Akhmatovich", "Ramzan Akhmatovich Kadyrof"):
        result = matching.score(perp(query), kadyrov)
        assert "name_conflict" not in result.explanations, query
        assert result.band == "likely", query


def test_no_conflict_rule_where_the_second_opinion_decided() -> None:
    listed = entity("Try PHEAP")
    result = matching.score(perp("Try Feap"), listed)
    assert "name_second_opinion" in result.explanations
    assert "name_conflict" not in result.explanations


def _index(*entities: Any) -> blocking.BlockingIndex:
    index = matching.new_index()
    for e in entities:
        index.add(e.id, e)
    return index


def _kims() -> list[Any]:
    return [
        entity("Jong Man KIM", birthDate="1956-07-16", nationality="kp"),
        entity("Yo Jong KIM", birthDate="1989-09-26"),
        entity("Kim Jong NAM", birthDate="1971-05-10"),
        entity("Jong Kim SONG"),
        entity("Ramzan KADYROV"),
    ]


def test_a_common_name_alone_is_weaker_evidence() -> None:
    kims = _kims()
    index = _index(*kims)
    results = dict(matching.screen(perp("Jong Kim"), index))
    target = results[kims[0].id]
    common = target.explanations["name_common"]
    assert common["weight"] == -0.1 and "4 of 5 entries" in common["detail"]
    plain = matching.score(perp("Jong Kim"), kims[0])  # no index, no frequencies: no rule
    assert "name_common" not in plain.explanations
    assert target.score == pytest.approx(plain.score - 0.1, abs=1e-4)


def test_a_common_name_with_an_agreeing_birth_date_is_not_penalised() -> None:
    kims = _kims()
    index = _index(*kims)
    results = dict(matching.screen(perp("Jong Kim", birth_date="1956-07-16"), index))
    assert "name_common" not in results[kims[0].id].explanations
    assert results[kims[0].id].band == "likely"


def test_a_rare_name_is_not_common() -> None:
    kims = _kims()
    index = _index(*kims)
    results = dict(matching.screen(perp("Ramzan Kadyrov"), index))
    assert "name_common" not in results[kims[4].id].explanations


def test_screen_skips_work_only_below_its_threshold() -> None:
    """With a threshold, pairs that cannot reach it skip the second opinion and the name rules: every
    pair at or above it scores exactly as with no threshold."""
    kims = _kims()
    index = _index(*kims)
    queries = [
        perp("Jong Kim"),
        perp("Yo Jong Kim", birth_date="1989"),
        perp("Kim Jong Nam"),
        perp("Jong Song"),
    ]
    for query in queries:
        q = matching.prepare(query)
        freq = matching.frequencies(index.postings, len(index))
        pairs = [(i, index.entity(i)) for i in index]
        everything = {i: r for i, r in matching.score_prepared(q, pairs, 0.0, freq)}
        for threshold in (matching.POSSIBLE, matching.LIKELY):
            kept = matching.score_prepared(q, pairs, threshold, freq)
            assert {i: r.score for i, r in kept} == {
                i: r.score for i, r in everything.items() if r.score >= threshold
            }


def _reference_rank(
    groups: Iterable[Collection[str]],
    postings: Mapping[str, Collection[str]],
    total: int,
    limit: int,
    min_ratio: float,
) -> list[tuple[str, float]]:
    """The ranking as first written (an entry takes, per group, the idf of its rarest shared key)."""
    weights: dict[str, float] = defaultdict(float)
    for group in groups:
        best: dict[str, float] = {}
        for key in group:
            ids = postings.get(key)
            if not ids:
                continue
            idf = math.log(1.0 + total / len(ids))
            for entry_id in ids:
                if idf > best.get(entry_id, 0.0):
                    best[entry_id] = idf
        for entry_id, idf in best.items():
            weights[entry_id] += idf
    if not weights:
        return []
    floor = max(weights.values()) * min_ratio
    ranked = sorted((i for i in weights.items() if i[1] >= floor), key=lambda item: (-item[1], item[0]))
    return ranked[:limit]


def test_rank_candidates_equals_the_reference_ranking() -> None:
    r = random.Random(5)
    for _ in range(200):
        keys = [f"k{n}" for n in range(r.randint(1, 12))]
        postings = {k: {f"e{r.randint(0, 40)}" for _ in range(r.randint(0, 30))} for k in keys}
        groups = [frozenset(r.sample(keys, r.randint(1, len(keys)))) for _ in range(r.randint(1, 5))]
        limit, ratio = r.choice([3, 10]), r.choice([0.0, 0.6])
        got = blocking.rank_candidates(groups, postings, 50, limit, ratio)
        assert got == _reference_rank(groups, postings, 50, limit, ratio)
        as_lists = {k: sorted(v) for k, v in postings.items()}  # postings need not be sets
        assert blocking.rank_candidates(groups, as_lists, 50, limit, ratio) == got


def test_logic_v2_name_caches_are_widened() -> None:
    from nomenklatura.matching.logic_v2.names import analysis, match

    for name in ("entity_names", "entity_names_consolidated"):
        assert getattr(analysis, name).cache_info().maxsize == matching.NAME_CACHE
        assert getattr(match, name) is getattr(analysis, name)


def test_stored_version_names_the_profile() -> None:
    result = matching.score(perp("Ramzan Kadyrov"), entity("Ramzan KADYROV"))
    assert result.stored_version == f"{result.algorithm_version}+{matching.PROFILE}"
    assert matching.PROFILE == "portal-3"
