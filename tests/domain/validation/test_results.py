"""Results consistency: flow sums, adverse-event counts, group references."""

from __future__ import annotations

from typing import Any

from tests.domain.validation.results_section import results_section
from tests.domain.validation.studies import TODAY, clean_study, findings, paths
from trialbase.domain.validation import validate

FLOW = "resultsSection.participantFlowModule.periods[0]"
EVENTS = "resultsSection.adverseEventsModule"
OUTCOME = "resultsSection.outcomeMeasuresModule.outcomeMeasures[0]"


def with_results() -> dict[str, Any]:
    document = clean_study()
    document["resultsSection"] = results_section()
    document["hasResults"] = True
    return document


def test_consistent_results_have_no_findings() -> None:
    assert validate(with_results(), today=TODAY) == []


def test_started_minus_not_completed_must_equal_completed() -> None:
    document = with_results()
    flow = document["resultsSection"]["participantFlowModule"]["periods"][0]
    flow["milestones"][1]["achievements"][0]["numSubjects"] = "54"
    issues = findings(document, "flow-counts-mismatch")
    assert [issue.path for issue in issues] == [
        f"{FLOW}.milestones[2].achievements[0].numSubjects",
        f"{FLOW}.milestones[0].achievements[0].numSubjects",
    ]
    assert "STARTED 60 − NOT COMPLETED 5 should equal COMPLETED 54" in issues[0].message
    assert "reasons for not completing add up to 5" in issues[1].message


def test_more_completed_than_started_is_an_error() -> None:
    document = with_results()
    document["resultsSection"]["participantFlowModule"]["periods"][0]["milestones"][1]["achievements"][1][
        "numSubjects"
    ] = "61"
    assert paths(document, "flow-counts-mismatch") == [f"{FLOW}.milestones[1].achievements[1].numSubjects"]


def test_affected_cannot_exceed_at_risk_and_events_cannot_be_fewer_than_affected() -> None:
    document = with_results()
    events = document["resultsSection"]["adverseEventsModule"]
    events["eventGroups"][1]["seriousNumAffected"] = 61
    events["seriousEvents"][0]["stats"][0].update(numAffected=4, numEvents=3)
    assert paths(document, "ae-affected-exceeds-at-risk") == [f"{EVENTS}.eventGroups[1].seriousNumAffected"]
    assert paths(document, "ae-events-below-affected") == [f"{EVENTS}.seriousEvents[0].stats[0].numEvents"]
    events["seriousEvents"][0]["stats"][1]["numAtRisk"] = 59
    assert paths(document, "ae-at-risk-mismatch") == [f"{EVENTS}.seriousEvents[0].stats[1].numAtRisk"]


def test_every_count_names_a_group_of_its_module() -> None:
    document = with_results()
    results = document["resultsSection"]
    results["adverseEventsModule"]["seriousEvents"][0]["stats"][1]["groupId"] = "EG009"
    results["outcomeMeasuresModule"]["outcomeMeasures"][0]["analyses"][0]["groupIds"][1] = "OG002"
    results["outcomeMeasuresModule"]["outcomeMeasures"][0]["denoms"][0]["counts"][0]["groupId"] = "FG000"
    issues = findings(document, "results-unknown-group")
    assert [issue.path for issue in issues] == [
        f"{EVENTS}.seriousEvents[0].stats[1].groupId",
        f"{OUTCOME}.denoms[0].counts[0].groupId",
        f"{OUTCOME}.analyses[0].groupIds[1]",
    ]
    assert "(EG000, EG001)" in issues[0].message


def test_an_outcome_group_matching_no_flow_group_or_arm_is_a_note() -> None:
    document = with_results()
    document["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]["groups"][1]["title"] = "All"
    [issue] = findings(document, "outcome-group-not-in-flow")
    assert issue.path == f"{OUTCOME}.groups[1].title"
    assert issue.severity.value == "note"
