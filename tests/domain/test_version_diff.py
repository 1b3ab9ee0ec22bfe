"""The field-level diff between two versions of a study document."""

from __future__ import annotations

import copy
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import changed, full_study, minimal_study
from trialbase.domain.version_diff import FieldChange, diff_documents


def test_identical_documents_have_no_changes() -> None:
    diff = diff_documents(full_study(), full_study())
    assert diff.unchanged
    assert diff.modules == ()


def test_a_changed_value_is_reported_at_its_own_path() -> None:
    before = full_study()
    after = changed(before, last_update="2024-09-01")
    diff = diff_documents(before, after)
    assert diff.as_dict()["changes"] == [
        {
            "path": "protocolSection.statusModule.overallStatus",
            "change": "changed",
            "before": "RECRUITING",
            "after": "COMPLETED",
        },
        {
            "path": "protocolSection.statusModule.lastUpdatePostDateStruct.date",
            "change": "changed",
            "before": "2024-05-02",
            "after": "2024-09-01",
        },
    ]
    assert diff.modules == ("protocolSection.statusModule",)


def test_added_and_removed_fields_carry_their_whole_value() -> None:
    before = full_study()
    after = copy.deepcopy(before)
    del after["protocolSection"]["identificationModule"]["acronym"]
    after["resultsSection"] = {
        "moreInfoModule": {"pointOfContact": {"title": "Dr X"}},
        "baselineCharacteristicsModule": {},
    }
    diff = diff_documents(before, after)
    assert diff.changes == (
        FieldChange("protocolSection.identificationModule.acronym", "removed", "TEST-ASA", None),
        FieldChange("resultsSection", "added", None, after["resultsSection"]),
    )
    assert diff.modules == (
        "protocolSection.identificationModule",
        "resultsSection.moreInfoModule",
        "resultsSection.baselineCharacteristicsModule",
    )


def test_an_item_inserted_in_a_list_is_one_addition() -> None:
    before = full_study()
    after = copy.deepcopy(before)
    new_site = {"facility": "New Site", "city": "Paris", "country": "France"}
    after["protocolSection"]["contactsLocationsModule"]["locations"].insert(0, new_site)
    diff = diff_documents(before, after)
    assert diff.changes == (
        FieldChange("protocolSection.contactsLocationsModule.locations[0]", "added", None, new_site),
    )


def test_a_replaced_list_item_is_compared_field_by_field() -> None:
    before = full_study()
    after = copy.deepcopy(before)
    after["protocolSection"]["armsInterventionsModule"]["interventions"][1]["name"] = "Sugar pill"
    after["protocolSection"]["conditionsModule"]["keywords"] = ["myocardial infarction"]
    diff = diff_documents(before, after)
    assert [change.as_dict() for change in diff.changes] == [
        {
            "path": "protocolSection.conditionsModule.keywords[0]",
            "change": "changed",
            "before": "heart attack",
            "after": "myocardial infarction",
        },
        {
            "path": "protocolSection.armsInterventionsModule.interventions[1].name",
            "change": "changed",
            "before": "Placebo",
            "after": "Sugar pill",
        },
    ]
    assert diff.modules == ("protocolSection.conditionsModule", "protocolSection.armsInterventionsModule")


def test_removed_items_keep_their_old_index() -> None:
    before = full_study()
    after = copy.deepcopy(before)
    removed = after["protocolSection"]["armsInterventionsModule"]["armGroups"].pop(0)
    diff = diff_documents(before, after)
    assert diff.changes == (
        FieldChange("protocolSection.armsInterventionsModule.armGroups[0]", "removed", removed, None),
    )


def test_types_matter_but_number_spelling_does_not() -> None:
    assert diff_documents({"hasResults": 1}, {"hasResults": True}).changes == (
        FieldChange("hasResults", "changed", 1, True),
    )
    assert diff_documents({"x": {"count": 1}}, {"x": {"count": 1.0}}).unchanged
    assert diff_documents({"hasResults": False}, {"hasResults": True}).modules == ("hasResults",)


def test_a_removed_key_is_listed_where_it_was() -> None:
    before = minimal_study()
    after = copy.deepcopy(before)
    del after["protocolSection"]["identificationModule"]
    after["protocolSection"]["designModule"] = {"studyType": "OBSERVATIONAL"}
    paths = [change.path for change in diff_documents(before, after).changes]
    assert paths == ["protocolSection.identificationModule", "protocolSection.designModule"]


# --- every reported change is true of the two documents -----------------------------------------

_scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["a", "b", "c"])
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from("pqrs"), inner, max_size=4),
    max_leaves=12,
)
_documents = st.dictionaries(st.sampled_from(["protocolSection", "derivedSection", "hasResults"]), _json)


def _resolve(document: Any, path: str) -> Any:
    node = document
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        node = node[int(index)] if index else node[name]
    return node


@settings(max_examples=150, deadline=None)
@given(_documents, _documents)
def test_reported_changes_hold_in_both_documents(before: dict[str, Any], after: dict[str, Any]) -> None:
    diff = diff_documents(before, after)
    assert diff.unchanged == (before == after and _same_types(before, after))
    for change in diff.changes:  # a changed list item's path has its index in the newer version
        if change.kind == "removed":
            assert _resolve(before, change.path) == change.before
        if change.kind != "removed":
            assert _resolve(after, change.path) == change.after
        if change.kind == "changed":
            assert not (change.before == change.after and type(change.before) is type(change.after))


def _same_types(before: Any, after: Any) -> bool:
    if isinstance(before, dict) and isinstance(after, dict):
        return all(_same_types(before[key], after[key]) for key in before)
    if isinstance(before, list) and isinstance(after, list):
        return all(_same_types(x, y) for x, y in zip(before, after, strict=True))
    return isinstance(before, bool) == isinstance(after, bool)
