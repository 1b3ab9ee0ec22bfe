"""Maximum lengths from the data element definitions."""

from __future__ import annotations

from tests.domain.validation.studies import clean_study, findings, paths


def test_a_brief_title_over_300_characters_is_too_long() -> None:
    document = clean_study()
    document["protocolSection"]["identificationModule"]["briefTitle"] = "x" * 301
    [issue] = findings(document, "too-long")
    assert issue.path == "protocolSection.identificationModule.briefTitle"
    assert (
        issue.message
        == "The Brief Title is 301 characters long; the limit is 300. Shorten it by 1 characters."
    )


def test_exactly_the_limit_is_accepted() -> None:
    document = clean_study()
    document["protocolSection"]["identificationModule"]["briefTitle"] = "x" * 300
    document["protocolSection"]["identificationModule"]["acronym"] = "A" * 14
    assert findings(document, "too-long") == []


def test_limits_apply_to_each_entry_of_a_list() -> None:
    document = clean_study()
    arms = document["protocolSection"]["armsInterventionsModule"]["armGroups"]
    arms[1]["description"] = "y" * 1000
    outcomes = document["protocolSection"]["outcomesModule"]["primaryOutcomes"]
    outcomes.append({"measure": "Death", "timeFrame": "t" * 256})
    assert paths(document, "too-long") == [
        "protocolSection.armsInterventionsModule.armGroups[1].description",
        "protocolSection.outcomesModule.primaryOutcomes[1].timeFrame",
    ]
