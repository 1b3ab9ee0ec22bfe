"""Arms and interventions cross-references."""

from __future__ import annotations

from tests.domain.validation.studies import clean_study, findings, paths

ARMS = "protocolSection.armsInterventionsModule"


def test_the_clean_study_cross_references_agree_ignoring_case_and_spacing() -> None:
    document = clean_study()
    document["protocolSection"]["armsInterventionsModule"]["armGroups"][0]["interventionNames"] = [
        "drug:  aspirin"
    ]
    assert list(findings(document, "arm-names-unknown-intervention")) == []


def test_an_arm_naming_a_missing_intervention_is_an_error_listing_the_choices() -> None:
    document = clean_study()
    document["protocolSection"]["armsInterventionsModule"]["armGroups"][0]["interventionNames"] = [
        "Drug: Asprin"
    ]
    [issue] = findings(document, "arm-names-unknown-intervention")
    assert issue.path == f"{ARMS}.armGroups[0].interventionNames[0]"
    assert "'Drug: Asprin'" in issue.message
    assert "'Drug: Aspirin'; 'Drug: Placebo'" in issue.message


def test_an_intervention_naming_a_missing_arm_is_an_error() -> None:
    document = clean_study()
    document["protocolSection"]["armsInterventionsModule"]["interventions"][1]["armGroupLabels"] = ["Sham"]
    assert paths(document, "intervention-names-unknown-arm") == [f"{ARMS}.interventions[1].armGroupLabels[0]"]


def test_each_arm_of_an_interventional_study_receives_an_intervention() -> None:
    document = clean_study()
    module = document["protocolSection"]["armsInterventionsModule"]
    module["armGroups"].append({"label": "Observation", "type": "OTHER"})
    [issue] = findings(document, "arm-without-intervention")
    assert issue.path == f"{ARMS}.armGroups[2]"
    assert "NO_INTERVENTION" in issue.message
    module["armGroups"][2]["type"] = "NO_INTERVENTION"
    assert findings(document, "arm-without-intervention") == []
    document["protocolSection"]["designModule"]["studyType"] = "OBSERVATIONAL"
    module["armGroups"][2]["type"] = "OTHER"
    assert findings(document, "arm-without-intervention") == []


def test_an_arm_linked_only_from_the_intervention_side_counts() -> None:
    document = clean_study()
    module = document["protocolSection"]["armsInterventionsModule"]
    del module["armGroups"][1]["interventionNames"]
    assert findings(document, "arm-without-intervention") == []
    del module["interventions"][1]["armGroupLabels"]
    assert paths(document, "arm-without-intervention") == [f"{ARMS}.armGroups[1]"]
    assert paths(document, "intervention-without-arm") == [f"{ARMS}.interventions[1]"]


def test_duplicates_and_no_intervention_arms_with_interventions() -> None:
    document = clean_study()
    module = document["protocolSection"]["armsInterventionsModule"]
    module["armGroups"][1]["label"] = "ASPIRIN"
    module["interventions"].append({"type": "DRUG", "name": "aspirin", "armGroupLabels": ["Aspirin"]})
    module["armGroups"][0]["type"] = "NO_INTERVENTION"
    assert paths(document, "duplicate-arm-label") == [f"{ARMS}.armGroups[1].label"]
    assert paths(document, "duplicate-intervention") == [f"{ARMS}.interventions[2].name"]
    assert paths(document, "no-intervention-arm-has-intervention") == [
        f"{ARMS}.armGroups[0].interventionNames"
    ]
