"""The spec-key projection, ``fields`` selections and the legacy markup conversion."""

from __future__ import annotations

import orjson
import pytest

from tests.factories import full_study
from tests.shared_data import v2_documents
from trialbase.api.v2.errors import ParameterError
from trialbase.api.v2.projection import FieldSelection, spec_json, spec_keys, walk_spec_keys
from trialbase.export.markup import legacy_text, to_legacy


def test_spec_keys_drop_unknown_keys_at_every_level_and_keep_order() -> None:
    study = full_study()
    study["ourNote"] = 1
    study["protocolSection"]["armsInterventionsModule"]["interventions"][0]["color"] = "red"
    projected = spec_keys(study)
    assert "ourNote" not in projected
    assert "color" not in projected["protocolSection"]["armsInterventionsModule"]["interventions"][0]
    assert projected == full_study()
    assert list(projected["protocolSection"]) == list(full_study()["protocolSection"])


def test_a_value_the_model_cannot_read_is_kept_by_the_walk() -> None:
    study = full_study()
    study["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = "about 120"
    study["protocolSection"]["designModule"]["enrollmentInfo"]["guess"] = True
    projected = spec_keys(study)
    assert projected["protocolSection"]["designModule"]["enrollmentInfo"] == {
        "count": "about 120",
        "type": "ESTIMATED",
    }


@pytest.mark.shared_data
def test_both_ways_agree_on_every_real_study() -> None:
    for document in v2_documents():
        fast, walked = spec_keys(document), walk_spec_keys(document)
        assert fast == walked
        assert list(fast) == list(walked)
        assert orjson.dumps(fast) == orjson.dumps(walked)  # key order at every level


def test_spec_json_writes_the_bytes_of_spec_keys_even_when_the_model_cannot_read_a_value() -> None:
    study = full_study()
    study["ourNote"] = {"kept": False}
    unreadable = full_study()
    unreadable["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = "about 120"
    for document in (study, unreadable):
        assert spec_json(orjson.dumps(document)) == orjson.dumps(spec_keys(document))
    assert b"ourNote" not in spec_json(orjson.dumps(study))
    assert b'"count":"about 120"' in spec_json(orjson.dumps(unreadable))


@pytest.mark.shared_data
def test_spec_json_agrees_byte_for_byte_on_every_real_study() -> None:
    for document in v2_documents():
        assert spec_json(orjson.dumps(document)) == orjson.dumps(spec_keys(document))


def test_spec_keys_put_top_level_sections_in_their_order() -> None:
    shuffled = {"hasResults": False, "derivedSection": {}, "protocolSection": {}, "resultsSection": {}}
    assert list(spec_keys(shuffled)) == ["protocolSection", "resultsSection", "derivedSection", "hasResults"]


def test_a_selection_keeps_document_order_and_the_items_that_hold_something() -> None:
    study = full_study()
    study["protocolSection"]["contactsLocationsModule"]["locations"].append({"facility": "No city"})
    selection = FieldSelection.resolve(["LocationCity", "NCTId", "Phase"])
    assert selection.project(study) == {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT90000002"},
            "designModule": {"phases": ["PHASE2", "PHASE3"]},
            "contactsLocationsModule": {"locations": [{"city": "Lyon"}]},
        }
    }


def test_a_branch_selects_everything_below_it_whatever_the_order_given() -> None:
    study = full_study()
    for items in (["BriefTitle", "IdentificationModule"], ["IdentificationModule", "BriefTitle"]):
        projected = FieldSelection.resolve(items).project(study)
        assert projected == {
            "protocolSection": {"identificationModule": study["protocolSection"]["identificationModule"]}
        }


def test_alternative_names_paths_areas_and_query() -> None:
    study = full_study()
    assert FieldSelection.resolve(["BRIEF-TITLE"]).project(study) == FieldSelection.resolve(
        ["protocolSection.identificationModule.briefTitle"]
    ).project(study)
    titles = FieldSelection.resolve(["TitleSearch"]).project(study)["protocolSection"]["identificationModule"]
    assert list(titles) == ["briefTitle", "officialTitle", "acronym"]
    assert FieldSelection.resolve(["@query"], queried_areas=["LeadSponsorName"]).project(study) == {
        "protocolSection": {
            "sponsorCollaboratorsModule": {"leadSponsor": {"name": "Trialbase Test Hospital"}}
        }
    }
    with pytest.raises(ParameterError, match="did you mean `Condition`"):
        FieldSelection.resolve(["Conditon"])


@pytest.mark.parametrize(
    ("markdown", "legacy"),
    [
        ("a \\< b \\& c \\[1\\]", "a < b & c [1]"),
        ("**bold** and *em* and __strong__", "bold and em and strong"),
        ("snake_case_name and 2 * 3 * 4", "snake_case_name and 2 * 3 * 4"),
        ("Inclusion:\n\n* one\n* two\n  * nested", "Inclusion:\n\n- one\n- two\n  - nested"),
        ("1. first\n2. second", "1. first\n2. second"),
        (
            "see [the site](https://example.org) or <https://example.com>",
            "see the site (https://example.org) or https://example.com",
        ),
        ("\\* not a bullet", "* not a bullet"),
        ("# Heading\ntext  \nnext", "Heading\ntext\nnext"),
    ],
)
def test_legacy_text(markdown: str, legacy: str) -> None:
    assert legacy_text(markdown) == legacy


def test_to_legacy_converts_markup_fields_only_and_copies() -> None:
    study = full_study()
    study["protocolSection"]["identificationModule"]["briefTitle"] = "**not markup**"
    study["protocolSection"]["armsInterventionsModule"]["interventions"][0]["description"] = "**x**"
    converted = to_legacy(study)
    assert converted["protocolSection"]["identificationModule"]["briefTitle"] == "**not markup**"
    assert converted["protocolSection"]["armsInterventionsModule"]["interventions"][0]["description"] == "x"
    assert converted["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] == (
        "Inclusion Criteria:\n\n- adult\n\nExclusion Criteria:\n\n- bleeding"
    )
    assert study["protocolSection"]["armsInterventionsModule"]["interventions"][0]["description"] == "**x**"
