"""Matcher profile portal-3: two given names spelt alike are not one name (rule 5, `name_distinct`), and
the second opinion on names only replaces logic-v2's score where it forgave a spelling or left no
distinctive part of the candidate over (rule 1).

Pure Python, no database; invented people. The module-scoped `warm` fixture of the matching tests loads
rigour's name data once (~15 s).
"""

from __future__ import annotations

import pytest

from app.workflows.designations import matching
from tests.workflows.test_matching import entity, perp, warm  # noqa: F401


def test_another_given_name_spelt_alike_is_not_a_match() -> None:
    listed = entity(
        "Kamal Hadi Sultan AL-BARAKI",
        firstName="Kamal Hadi Sultan",
        lastName="AL-BARAKI",
        birthDate="1961-03-04",
        nationality="iq",
    )
    # The same family, the same birth date and nationality: only the given name tells them apart.
    other = matching.score(
        perp("Jamal Hadi Sultan Al-Baraki", birth_date="1961-03-04", nationality=["iq"]), listed
    )
    distinct = other.explanations["name_distinct"]
    assert "'jamal' vs 'kamal'" in distinct["detail"]
    # The pair counts 0 instead of its fuzzy score, and as a part in place of another (rule 3).
    assert distinct["weight"] < 0
    assert other.explanations["name_conflict"]["weight"] == -0.15
    name = other.explanations["name_match"]["score"]
    assert name >= matching.LIKELY  # logic-v2 alone called it likely
    assert other.score == pytest.approx(name + distinct["weight"] - 0.15, abs=1e-3)
    assert other.band == "possible"  # still in the coordinator's queue, not "likely"
    # The person himself, and his name without the middle parts, are untouched.
    same = matching.score(perp("Kamal Hadi Sultan Al-Baraki", birth_date="1961-03-04"), listed)
    assert same.band == "likely" and "name_distinct" not in same.explanations


def test_a_two_part_name_with_another_given_name_is_dropped() -> None:
    listed = entity("Se Hun PYO", alias=["Myong Chol KANG"])
    result = matching.score(perp("Ryong Kang"), listed)
    assert "'ryong' vs 'myong'" in result.explanations.get("name_distinct", {}).get("detail", "")
    assert result.band is None


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Moustafa Karimi Zandi", "Mustafa KARIMI ZANDI"),  # ou / u: the same consonants
        ("Vahit Doroyev", "Vakhit DOROYEV"),  # kh / h: a consonant fewer, not another one
        ("Koun Pheng", "Kun PHENG"),
        ("Dragan Milovanovich", "Dragan MILOVANOVIC"),  # c / ch for ć: a later consonant
    ],
)
def test_romanisations_rigour_does_not_link_are_not_other_names(query: str, listed: str) -> None:
    result = matching.score(perp(query), entity(listed))
    assert "name_distinct" not in result.explanations
    assert result.band == "likely"


def test_a_name_rigour_does_not_know_is_never_another_name() -> None:
    # "Zorvanek" is no name rigour knows: one edit away is a typo, whatever the consonants.
    result = matching.score(perp("Ilona Zorvanek"), entity("Ilona ZORVANEC"))
    assert "name_distinct" not in result.explanations
    assert result.band == "likely"


def test_second_opinion_does_not_reweigh_what_logic_v2_aligned() -> None:
    # Both parts spelt alike or by a shared symbol (a compound given name to rigour): the second opinion
    # would count two parts and the family name left over at 0.2; logic-v2's weighting stands.
    listed = entity("Muhammad Said ZARQAWANI", firstName="Muhammad Said", lastName="ZARQAWANI")
    result = matching.score(perp("Mohamed Sa'id"), listed)
    assert "name_second_opinion" not in result.explanations
    assert result.score == pytest.approx(result.explanations["name_match"]["score"], abs=1e-4)
    assert result.score < 0.75  # the opinion gave its cap, 0.85
    # Among other Muhammad Saids, nothing but a common name agrees: no longer "likely" (rule 4).
    index = matching.new_index()
    for listing in (listed, entity("Muhammad SAEED NOORI"), entity("Muhammad Said HALWANI")):
        index.add(listing.id, listing)
    found = dict(matching.screen(perp("Mohamed Sa'id", birth_date="1966"), index))
    assert found[listed.id].band == "possible" and "name_common" in found[listed.id].explanations


def test_second_opinion_still_aligns_what_logic_v2_left_at_zero() -> None:
    # rigour folds "CO LTD" into one legal form ("coltd"): logic-v2 pairs the query's "Co" with it at 0.
    listed = entity("ORCHID HARBOUR BROKERAGE CO LTD", schema="Company")
    result = matching.score(perp("Orchid Harbour Brokerage Co", schema="Organization"), listed)
    assert "name_second_opinion" in result.explanations
    assert result.band == "likely"


def test_second_opinion_still_reweighs_generic_words_and_consolidated_names() -> None:
    # logic-v2 consolidates "VETRANA DOO" into the longer alias and weighs the place names left over;
    # the opinion compares the shorter name too, and leaves only a legal form over: it stands.
    listed = entity("VETRANA DOO", alias=["VETRANA DOO NOVI-SAD-PETROVARADIN"], schema="Company")
    result = matching.score(perp("Vetrana", schema="Organization"), listed)
    assert result.explanations["name_match"]["score"] < matching.LIKELY
    assert "name_second_opinion" in result.explanations and result.band == "likely"


def test_second_opinion_still_forgives_a_spelling() -> None:
    listed = entity("Dara PHEARAK", birthDate="1972", nationality="kh")
    result = matching.score(perp("Dara Fearak"), listed)
    assert "'fearak'≈'phearak' spelling" in result.explanations["name_second_opinion"]["detail"]
    assert result.band == "likely"


def test_profile_portal_3_is_stored_with_each_score() -> None:
    result = matching.score(perp("Dara Phearak"), entity("Dara PHEARAK"))
    assert result.profile == matching.PROFILE == "portal-3"
    assert result.stored_version == f"{matching.algorithm_version()}+portal-3"
