import copy
import json
from pathlib import Path
from typing import Any

import pytest

from app.schemas.case_content import CaseContent
from app.workflows.content_diff import diff_content

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def case() -> dict[str, Any]:
    data = json.loads((FIXTURES / "case_realistic.json").read_text(encoding="utf-8"))
    # Diffs run on stored revisions, i.e. validated and dumped content.
    dumped: dict[str, Any] = CaseContent.model_validate(data).model_dump(mode="json")
    return dumped


def test_identical_content_has_no_changes(case: dict[str, Any]) -> None:
    assert diff_content(case, copy.deepcopy(case)) == []


def test_reordering_items_with_ids_is_not_churn(case: dict[str, Any]) -> None:
    new = copy.deepcopy(case)
    new["perpetrators"].reverse()
    new["abuses"] = [new["abuses"][2], new["abuses"][0], new["abuses"][1]]
    new["abuses"][1]["incidents"].reverse()
    assert diff_content(case, new) == []


def test_nested_change_has_a_precise_path(case: dict[str, Any]) -> None:
    new = copy.deepcopy(case)
    new["perpetrators"][1], new["perpetrators"][0] = new["perpetrators"][0], new["perpetrators"][1]
    new["perpetrators"][1]["positions"][0]["title"] = "Former commander"
    assert diff_content(case, new) == [
        {
            "section": "perpetrators",
            "path": "perpetrators[1].positions[0].title",  # index in the new list
            "op": "changed",
            "old": "Commander",
            "new": "Former commander",
        }
    ]


def test_items_added_and_removed_by_id(case: dict[str, Any]) -> None:
    new = copy.deepcopy(case)
    removed = new["sources"].pop(0)
    added = {"id": "s-new", "kind": "document", "description": "Court file", "confidential": True}
    new["sources"].append(added)
    assert diff_content(case, new) == [
        {"section": "sources", "path": "sources[0]", "op": "removed", "old": removed, "new": None},
        {"section": "sources", "path": "sources[1]", "op": "added", "old": None, "new": added},
    ]


def test_lists_without_ids_compare_by_index(case: dict[str, Any]) -> None:
    new = copy.deepcopy(case)
    new["perpetrators"][0]["aliases"] = ["Громов В. А.", "Комбат", "فيكتور غروموف"]
    assert diff_content(case, new) == [
        {
            "section": "perpetrators",
            "path": "perpetrators[0].aliases[1]",
            "op": "changed",
            "old": "فيكتور غروموف",
            "new": "Комбат",
        },
        {
            "section": "perpetrators",
            "path": "perpetrators[0].aliases[2]",
            "op": "added",
            "old": None,
            "new": "فيكتور غروموف",
        },
    ]


def test_dict_sections_and_none(case: dict[str, Any]) -> None:
    new = copy.deepcopy(case)
    new["jurisdictions"]["uk"]["impact_argument"] = None
    del new["jurisdictions"]["ca"]
    new["contact"]["phone"] = None
    new["victims"]["count"] = 40
    changes = {(c["path"], c["op"]): c for c in diff_content(case, new)}
    assert set(changes) == {
        ("jurisdictions.uk.impact_argument", "removed"),
        ("jurisdictions.ca", "removed"),
        ("contact.phone", "removed"),
        ("victims.count", "changed"),
    }
    assert changes["victims.count", "changed"]["section"] == "victims"
    assert (
        changes["victims.count", "changed"]["old"] == 37 and changes["victims.count", "changed"]["new"] == 40
    )
    assert changes["jurisdictions.ca", "removed"]["old"] == case["jurisdictions"]["ca"]


def test_missing_key_equals_none_and_new_sections() -> None:
    assert diff_content({"victims": None}, {}) == []
    assert diff_content({}, {"exculpatory_information": "None known."}) == [
        {
            "section": "exculpatory_information",
            "path": "exculpatory_information",
            "op": "added",
            "old": None,
            "new": "None known.",
        }
    ]
    assert diff_content({"abuses": []}, {"abuses": [{"id": "a1"}]}) == [
        {"section": "abuses", "path": "abuses[0]", "op": "added", "old": None, "new": {"id": "a1"}}
    ]


def test_type_changes_and_booleans() -> None:
    old = {"abuses": [{"id": "a", "widespread_or_systematic": False, "incidents": []}]}
    new = {"abuses": [{"id": "a", "widespread_or_systematic": True, "incidents": "n/a"}]}
    assert [(c["path"], c["op"]) for c in diff_content(old, new)] == [
        ("abuses[0].widespread_or_systematic", "changed"),
        ("abuses[0].incidents", "changed"),
    ]


def test_duplicate_ids_fall_back_to_index() -> None:
    old = {"sources": [{"id": "x", "kind": "media"}, {"id": "x", "kind": "witness"}]}
    new = {"sources": [{"id": "x", "kind": "witness"}, {"id": "x", "kind": "witness"}]}
    assert [(c["path"], c["old"], c["new"]) for c in diff_content(old, new)] == [
        ("sources[0].kind", "media", "witness")
    ]
