"""Required fields by study type."""

from __future__ import annotations

from tests.domain.validation.studies import clean_study, findings, paths
from tests.factories import minimal_study
from trialbase.domain.issue import Severity


def test_a_missing_brief_summary_is_an_error_naming_the_field_and_what_to_enter() -> None:
    document = clean_study()
    del document["protocolSection"]["descriptionModule"]["briefSummary"]
    [issue] = findings(document, "required-field")
    assert issue.path == "protocolSection.descriptionModule.briefSummary"
    assert issue.severity is Severity.ERROR
    assert "Brief Summary" in issue.message
    assert "5,000 characters" in issue.message


def test_blank_text_and_empty_lists_count_as_missing() -> None:
    document = clean_study()
    document["protocolSection"]["identificationModule"]["briefTitle"] = "   "
    document["protocolSection"]["conditionsModule"]["conditions"] = []
    assert paths(document, "required-field") == [
        "protocolSection.identificationModule.briefTitle",
        "protocolSection.conditionsModule.conditions",
    ]


def test_interventional_studies_need_arms_and_masking_but_observational_ones_do_not() -> None:
    document = clean_study()
    design = document["protocolSection"]["designModule"]
    del document["protocolSection"]["armsInterventionsModule"]["armGroups"]
    del design["designInfo"]["maskingInfo"]
    assert paths(document, "required-field") == [
        "protocolSection.designModule.designInfo.maskingInfo.masking",
        "protocolSection.armsInterventionsModule.armGroups",
    ]
    design["studyType"] = "OBSERVATIONAL"
    del design["phases"]
    design["designInfo"] = {"observationalModel": "COHORT", "timePerspective": "PROSPECTIVE"}
    eligibility = document["protocolSection"]["eligibilityModule"]
    assert paths(document, "required-field") == [
        "protocolSection.eligibilityModule.studyPopulation",
        "protocolSection.eligibilityModule.samplingMethod",
    ]
    eligibility["studyPopulation"] = "Adults seen at the test clinic."
    eligibility["samplingMethod"] = "NON_PROBABILITY_SAMPLE"
    assert paths(document, "required-field") == []


def test_expanded_access_records_need_no_dates_enrollment_or_outcomes() -> None:
    document = clean_study()
    protocol = document["protocolSection"]
    protocol["designModule"] = {"studyType": "EXPANDED_ACCESS"}
    protocol["statusModule"]["overallStatus"] = "AVAILABLE"
    for key in ("startDateStruct", "primaryCompletionDateStruct", "completionDateStruct"):
        del protocol["statusModule"][key]
    del protocol["outcomesModule"]
    assert paths(document, "required-field") == []
    del protocol["armsInterventionsModule"]["interventions"]
    assert paths(document, "required-field") == ["protocolSection.armsInterventionsModule.interventions"]


def test_fields_required_since_2017_are_not_asked_of_older_studies() -> None:
    document = clean_study()
    del document["protocolSection"]["identificationModule"]["officialTitle"]
    assert paths(document, "required-field") == ["protocolSection.identificationModule.officialTitle"]
    document["protocolSection"]["statusModule"]["startDateStruct"] = {"date": "2012-05", "type": "ACTUAL"}
    assert paths(document, "required-field") == []


def test_without_a_study_type_only_the_common_fields_are_required() -> None:
    found = paths(minimal_study(), "required-field")
    assert "protocolSection.designModule.studyType" in found
    assert "protocolSection.designModule.phases" not in found
    assert "protocolSection.statusModule.startDateStruct.date" not in found
