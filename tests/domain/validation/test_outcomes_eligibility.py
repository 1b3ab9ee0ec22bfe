"""Outcome measures have time frames; ages are in order."""

from __future__ import annotations

from tests.domain.validation.studies import clean_study, findings, paths

OUTCOMES = "protocolSection.outcomesModule"


def test_an_outcome_without_time_frame_or_title_is_an_error() -> None:
    document = clean_study()
    document["protocolSection"]["outcomesModule"]["secondaryOutcomes"] = [
        {"measure": "Bleeding"},
        {"timeFrame": "1 year"},
    ]
    [issue] = findings(document, "outcome-time-frame-missing")
    assert issue.path == f"{OUTCOMES}.secondaryOutcomes[0].timeFrame"
    assert "'Bleeding'" in issue.message
    assert "secondary" in issue.message
    assert paths(document, "outcome-title-missing") == [f"{OUTCOMES}.secondaryOutcomes[1].measure"]


def test_a_repeated_outcome_is_a_warning_only_within_one_list() -> None:
    document = clean_study()
    outcomes = document["protocolSection"]["outcomesModule"]
    outcomes["primaryOutcomes"].append({"measure": "death or  REINFARCTION", "timeFrame": "12 months"})
    outcomes["secondaryOutcomes"] = [{"measure": "Death or reinfarction", "timeFrame": "12 months"}]
    assert paths(document, "duplicate-outcome") == [f"{OUTCOMES}.primaryOutcomes[1].measure"]


def test_a_minimum_age_above_the_maximum_is_an_error_across_units() -> None:
    document = clean_study()
    eligibility = document["protocolSection"]["eligibilityModule"]
    eligibility["minimumAge"], eligibility["maximumAge"] = "18 Years", "200 Months"
    [issue] = findings(document, "age-range-inverted")
    assert issue.path == "protocolSection.eligibilityModule.minimumAge"
    assert "(18 Years) is above the Maximum Age (200 Months)" in issue.message
    eligibility["maximumAge"] = "216 Months"
    assert findings(document, "age-range-inverted") == []
