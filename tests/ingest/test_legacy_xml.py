"""Converting legacy ``<clinical_study>`` XML to v2 documents, on small records made for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import inspect as model_types

from trialbase.domain.document_order import order_problems
from trialbase.domain.issue import Issue, Severity
from trialbase.domain.model import Study
from trialbase.domain.study_document import check_document
from trialbase.ingest.legacy_xml import ConversionResult, convert_clinical_study

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_xml"
# Coordinates for the fixture sites, so these tests do not depend on the gazetteer (see test_geocode).
_PLACES = {
    ("Springfield", "Missouri", "United States"): (37.21533, -93.29824),
    ("Köln", None, "Germany"): (50.93333, 6.95),
}


def fake_geocoder(city: str, state: str | None, country: str | None) -> tuple[float, float] | None:
    return _PLACES.get((city, state, country))


def convert(name: str) -> ConversionResult:
    return convert_clinical_study((FIXTURES / name).read_bytes(), geocoder=fake_geocoder)


def expected(name: str) -> dict[str, Any]:
    document = orjson.loads((FIXTURES / name).read_bytes())
    assert isinstance(document, dict)
    return document


def as_tuples(issues: tuple[Issue, ...]) -> list[tuple[str, str, str, str]]:
    return [(issue.path, issue.code, issue.severity.value, issue.message) for issue in issues]


def _study_type() -> model_types.Type:
    return model_types.type_info(Study)


# --- whole records ----------------------------------------------------------------------------


def test_protocol_record_converts_to_the_expected_document() -> None:
    result = convert("protocol.xml")

    assert result.issues == ()
    assert result.nct_id == "NCT99990001"
    # Byte equality also pins the key order.
    assert orjson.dumps(result.document) == orjson.dumps(expected("protocol.expected.json"))


def test_results_record_converts_to_the_expected_document() -> None:
    result = convert("results.xml")

    assert result.issues == ()
    assert orjson.dumps(result.document) == orjson.dumps(expected("results.expected.json"))


@pytest.mark.parametrize("name", ["protocol.xml", "results.xml"])
def test_converted_documents_are_valid_v2_documents_in_model_order(name: str) -> None:
    document = convert(name).document

    assert document is not None
    assert check_document(document) == []
    assert order_problems(document) == []


def test_provenance_names_the_format_and_the_geocoded_sites() -> None:
    result = convert("protocol.xml")

    assert result.provenance == {"format": "legacy-xml", "approximateGeoPoints": [0, 1]}
    assert result.document is not None
    locations = result.document["protocolSection"]["contactsLocationsModule"]["locations"]
    assert [("geoPoint" in location) for location in locations] == [True, True, False]


def test_without_a_geocoder_sites_get_no_point() -> None:
    result = convert_clinical_study((FIXTURES / "protocol.xml").read_bytes(), geocoder=None)

    assert result.document is not None
    locations = result.document["protocolSection"]["contactsLocationsModule"]["locations"]
    assert all("geoPoint" not in location for location in locations)
    assert result.provenance == {"format": "legacy-xml", "approximateGeoPoints": []}


# --- mappings worth stating on their own ------------------------------------------------------


def test_dates_keep_their_precision_and_types_become_v2_values() -> None:
    status = expected("protocol.expected.json")["protocolSection"]["statusModule"]
    document = convert("protocol.xml").document
    assert document is not None
    converted = document["protocolSection"]["statusModule"]

    assert converted == status
    assert converted["startDateStruct"] == {"date": "2020-03", "type": "ESTIMATED"}  # never padded
    assert converted["completionDateStruct"] == {"date": "2021-03-30", "type": "ACTUAL"}
    assert converted["primaryCompletionDateStruct"] == {"date": "2021-01"}
    assert converted["studyFirstPostDateStruct"] == {"date": "2020-01-08", "type": "ESTIMATED"}


def test_combined_phase_masking_parties_and_intervention_names() -> None:
    document = convert("protocol.xml").document
    assert document is not None
    protocol = document["protocolSection"]

    assert protocol["designModule"]["phases"] == ["PHASE1", "PHASE2"]
    assert protocol["designModule"]["designInfo"]["maskingInfo"]["whoMasked"] == [
        "PARTICIPANT",
        "INVESTIGATOR",
    ]
    arms = protocol["armsInterventionsModule"]["armGroups"]
    assert [arm["interventionNames"] for arm in arms] == [
        ["Dietary Supplement: Kelp tea"],
        ["Other: Placebo tea"],
    ]


def test_textblocks_are_unwrapped_into_markdown_paragraphs_and_lists() -> None:
    document = convert("protocol.xml").document
    assert document is not None

    assert document["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] == (
        "Inclusion Criteria:\n\n"
        "* Works as a lighthouse keeper.\n"
        "* Sleeps less than 6 hours a night.\n\n"
        "Exclusion Criteria:\n\n"
        "* Allergy to seaweed."
    )


def test_result_groups_get_v2_ids_and_totals_move_to_the_event_groups() -> None:
    document = convert("results.xml").document
    assert document is not None
    results = document["resultsSection"]

    assert [group["id"] for group in results["participantFlowModule"]["groups"]] == ["FG000", "FG001"]
    assert [group["id"] for group in results["baselineCharacteristicsModule"]["groups"]] == [
        "BG000",
        "BG001",
        "BG002",
    ]
    analysis = results["outcomeMeasuresModule"]["outcomeMeasures"][0]["analyses"][0]
    assert analysis["groupIds"] == ["OG000", "OG001"]
    events = results["adverseEventsModule"]
    assert [event["term"] for event in events["seriousEvents"]] == ["Tinnitus"]  # no "Total, ..." rows
    assert events["eventGroups"][0]["seriousNumAffected"] == 1
    assert events["eventGroups"][0]["deathsNumAtRisk"] == 20
    assert events["eventGroups"][1]["otherNumAffected"] == 2
    assert document["hasResults"] is True


def test_an_outcome_without_data_is_not_posted_with_its_anticipated_date() -> None:
    document = convert("results.xml").document
    assert document is not None

    outcome = document["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][1]
    assert outcome["reportingStatus"] == "NOT_POSTED"
    assert outcome["anticipatedPostingDate"] == "2019-06"
    assert "groups" not in outcome


# --- records that are rejected, with exactly what is wrong ------------------------------------


def test_malformed_xml_is_reported_with_its_position_and_the_nct_id_is_still_read() -> None:
    result = convert("malformed.xml")

    assert result.document is None
    assert result.nct_id == "NCT99990003"
    assert as_tuples(result.issues) == [
        (
            "",
            "malformed-xml",
            "error",
            "the record is not well-formed XML: mismatched tag: line 7, column 2 "
            "(expected one <clinical_study> document)",
        )
    ]
    assert result.provenance == {"format": "legacy-xml"}


def test_bad_dates_name_the_element_what_was_found_and_what_is_accepted() -> None:
    result = convert("bad_dates.xml")

    assert result.document is None
    assert result.nct_id == "NCT99990004"
    forms = "'Month yyyy' or 'Month d, yyyy', e.g. 'March 2020' or 'March 30, 2021'"
    assert as_tuples(result.issues) == [
        (
            "clinical_study/start_date",
            "bad-date",
            "error",
            f"'Sometime in 2020' is not a date (expected {forms})",
        ),
        (
            "clinical_study/completion_date",
            "bad-date",
            "error",
            "'February 30, 2021' is not a valid date: day 30 does not exist in 2021-02 "
            f"(expected a real calendar date as {forms})",
        ),
        (
            "clinical_study/completion_date/@type",
            "unknown-enum-value",
            "error",
            "'Soon' is not a known completion date type"
            " (expected one of 'Actual', 'Anticipated', 'Estimate')",
        ),
        (
            "clinical_study/study_first_submitted",
            "bad-date",
            "error",
            "'March 2020' has no day and this date needs one"
            " (expected 'Month d, yyyy', e.g. 'March 30, 2021')",
        ),
    ]


def test_unknown_values_name_the_element_the_value_and_the_accepted_values() -> None:
    result = convert("unknown_values.xml")

    assert result.document is None
    assert result.nct_id == "NCT99990005"
    statuses = (
        "'Active, not recruiting', 'Completed', 'Enrolling by invitation', 'Not yet recruiting', "
        "'Recruiting', 'Suspended', 'Terminated', 'Withdrawn', 'Available', 'No longer available', "
        "'Temporarily not available', 'Approved for marketing', 'Withheld', 'Unknown status'"
    )
    interventions = (
        "'Behavioral', 'Biological', 'Combination Product', 'Device', 'Diagnostic Test', "
        "'Dietary Supplement', 'Drug', 'Genetic', 'Procedure', 'Radiation', 'Other'"
    )
    assert as_tuples(result.issues) == [
        (
            "clinical_study/overall_status",
            "unknown-enum-value",
            "error",
            f"'Paused' is not a known overall status (expected one of {statuses})",
        ),
        (
            "clinical_study/enrollment",
            "bad-number",
            "error",
            "'about 50' is not a whole number (expected digits, e.g. 120)",
        ),
        (
            "clinical_study/phase",
            "unknown-enum-value",
            "error",
            "'Phase 1/Phase 5' is not a known phase (expected one of 'Not Applicable', 'Early Phase 1', "
            "'Phase 1', 'Phase 2', 'Phase 3', 'Phase 4', 'N/A', 'Phase 1/Phase 2', 'Phase 2/Phase 3')",
        ),
        (
            "clinical_study/study_design_info/masking",
            "unknown-enum-value",
            "error",
            "'Pharmacist' in 'Double (Participant, Pharmacist)' is not a known masked party "
            "(expected 'Participant', 'Care Provider', 'Investigator', 'Outcomes Assessor')",
        ),
        (
            "clinical_study/intervention[2]/intervention_type",
            "unknown-enum-value",
            "error",
            f"'Potion' is not a known intervention type (expected one of {interventions})",
        ),
        (
            "clinical_study/eligibility/minimum_age",
            "bad-age",
            "error",
            "'eighteen' is not an age (expected a number and a unit, e.g. '18 Years', or N/A)",
        ),
    ]


def test_a_record_without_an_nct_id_is_rejected() -> None:
    result = convert("missing_nct_id.xml")

    assert result.document is None
    assert result.nct_id is None
    assert as_tuples(result.issues) == [
        (
            "clinical_study/id_info/nct_id",
            "missing-nct-id",
            "error",
            "the record has no NCT number (expected <id_info><nct_id>NCT04822922</nct_id></id_info>)",
        )
    ]


def test_a_result_referring_to_a_group_that_does_not_exist_is_rejected() -> None:
    result = convert("unknown_result_group.xml")

    assert result.document is None
    assert as_tuples(result.issues) == [
        (
            "clinical_study/clinical_results/participant_flow/period_list/period[1]/milestone_list/"
            "milestone[1]/participants_list/participants[2]/@group_id",
            "unknown-group-id",
            "error",
            "group_id 'P2' is not in this part's group list (expected one of: P1)",
        )
    ]


def test_an_nct_id_written_loosely_is_normalised_with_a_warning() -> None:
    xml = b"<clinical_study><id_info><nct_id> nct0099990008 </nct_id></id_info></clinical_study>"

    result = convert_clinical_study(xml, geocoder=None)

    assert result.nct_id == "NCT99990008"
    assert result.document is not None
    assert as_tuples(result.issues) == [
        (
            "clinical_study/id_info/nct_id",
            "nct-id-normalised",
            "warning",
            "'nct0099990008' was read as NCT99990008",
        )
    ]


def test_an_unknown_declared_encoding_is_malformed_xml() -> None:
    xml = b'<?xml version="1.0" encoding="klingon"?><clinical_study><id_info><nct_id>NCT99990011</nct_id>'

    result = convert_clinical_study(xml, geocoder=None)

    assert result.document is None
    assert result.nct_id == "NCT99990011"
    assert as_tuples(result.issues) == [
        (
            "",
            "malformed-xml",
            "error",
            "the record is not well-formed XML: unknown encoding: klingon"
            " (expected one <clinical_study> document)",
        )
    ]


def test_a_different_root_element_is_not_a_clinical_study() -> None:
    result = convert_clinical_study(b"<study><nct_id>NCT99990009</nct_id></study>", geocoder=None)

    assert result.document is None
    assert result.nct_id == "NCT99990009"
    assert as_tuples(result.issues) == [
        ("study", "not-a-clinical-study", "error", "the root element is <study> (expected <clinical_study>)")
    ]


def test_a_declared_arm_count_that_disagrees_is_a_warning() -> None:
    xml = (
        b"<clinical_study><id_info><nct_id>NCT99990010</nct_id></id_info><number_of_arms>3</number_of_arms>"
        b"<arm_group><arm_group_label>A</arm_group_label></arm_group></clinical_study>"
    )

    result = convert_clinical_study(xml, geocoder=None)

    assert result.document is not None
    assert as_tuples(result.issues) == [
        (
            "clinical_study/number_of_arms",
            "arm-count-mismatch",
            "warning",
            "the record declares 3 arms or groups but lists 1 <arm_group> elements",
        )
    ]


# --- never raises -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_result_not_an_exception(data: bytes) -> None:
    result = convert_clinical_study(data, geocoder=None)

    assert (result.document is None) == any(issue.severity is Severity.ERROR for issue in result.issues)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_damaged_records_give_a_result_not_an_exception(data: st.DataObject) -> None:
    original = (FIXTURES / "results.xml").read_bytes()
    cut = data.draw(st.integers(0, len(original)))
    splice = data.draw(st.binary(max_size=20))

    result = convert_clinical_study(original[:cut] + splice + original[cut + len(splice) :], geocoder=None)

    if result.document is not None:
        assert check_document(result.document) == []
