"""The legacy XML converter over the real ClinicalTrials.gov records in ../shared (6,036 studies).

Every record must convert without an error into a document that passes ``check_document``; a
sample is read again here with ElementTree, independently of the converter, to check that what
matters survived; and the converted documents are held against the real v2 documents: same fields,
same conventions, and the same values for any study present in both sets.
"""

from __future__ import annotations

import datetime as dt
import re
import tarfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from tests.shared_data import LEGACY_XML, shared_path, v2_documents
from trialbase.domain.document_order import order_problems
from trialbase.domain.issue import Severity
from trialbase.domain.study_document import check_document
from trialbase.ingest.legacy_xml import ConversionResult, convert_clinical_study

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]

RECORDS = 6036
WITH_RESULTS = 256
SAMPLE_EVERY = 20
# Fields the converter writes that none of the 1,027 real v2 documents in ../shared happens to use.
# They are v2 fields (the model has them); the legacy XML carries their data for a few studies.
FIELDS_RARE_IN_REAL_V2 = {
    "derivedSection.miscInfoModule.submissionTracking.submissionInfos[].unreleaseDateUnknown",
    "resultsSection.baselineCharacteristicsModule.typeUnitsAnalyzed",
    "resultsSection.baselineCharacteristicsModule.measures[].denomUnitsSelected",
    "resultsSection.outcomeMeasuresModule.outcomeMeasures[].typeUnitsAnalyzed",
    "resultsSection.outcomeMeasuresModule.outcomeMeasures[].analyses[].otherAnalysisDescription",
}
_STATUS = {
    "Active, not recruiting": "ACTIVE_NOT_RECRUITING",
    "Completed": "COMPLETED",
    "Enrolling by invitation": "ENROLLING_BY_INVITATION",
    "Not yet recruiting": "NOT_YET_RECRUITING",
    "Recruiting": "RECRUITING",
    "Suspended": "SUSPENDED",
    "Terminated": "TERMINATED",
    "Withdrawn": "WITHDRAWN",
    "Unknown status": "UNKNOWN",
}
_PHASES = {
    "N/A": ["NA"],
    "Early Phase 1": ["EARLY_PHASE1"],
    "Phase 1": ["PHASE1"],
    "Phase 1/Phase 2": ["PHASE1", "PHASE2"],
    "Phase 2": ["PHASE2"],
    "Phase 2/Phase 3": ["PHASE2", "PHASE3"],
    "Phase 3": ["PHASE3"],
    "Phase 4": ["PHASE4"],
}
_GROUP_ID = re.compile(r"^(FG|BG|OG|EG)\d{3}$")


@pytest.fixture(scope="module")
def converted() -> dict[str, tuple[ET.Element, ConversionResult]]:
    """Every record of the archive, parsed here and converted, keyed by NCT id (the file name)."""
    records: list[tuple[str, bytes]] = []
    with tarfile.open(shared_path(LEGACY_XML)) as archive:
        for member in archive:
            handle = archive.extractfile(member) if member.isfile() and member.name.endswith(".xml") else None
            if handle is not None:
                records.append((member.name.rsplit("/", 1)[-1].removesuffix(".xml"), handle.read()))
    convert_clinical_study(records[0][1])  # build the gazetteer outside the timing
    started = time.perf_counter()
    results = [(name, convert_clinical_study(data)) for name, data in records]
    elapsed = time.perf_counter() - started
    print(f"\nlegacy XML: {len(records)} records in {elapsed:.1f} s, {len(records) / elapsed:.0f} records/s")
    return {
        name: (ET.fromstring(data), result)
        for (name, data), (_, result) in zip(records, results, strict=True)
    }


def documents(converted: dict[str, tuple[ET.Element, ConversionResult]]) -> list[dict[str, Any]]:
    return [result.document for _, result in converted.values() if result.document is not None]


def test_every_record_converts_without_errors_into_a_valid_document(
    converted: dict[str, tuple[ET.Element, ConversionResult]],
) -> None:
    assert len(converted) == RECORDS
    errors = [
        (name, str(issue))
        for name, (_, result) in converted.items()
        for issue in result.issues
        if issue.severity is Severity.ERROR
    ]
    assert errors == []
    invalid = {name: check_document(result.document) for name, (_, result) in converted.items()}
    assert {name: issues for name, issues in invalid.items() if issues} == {}
    assert all(result.nct_id == name for name, (_, result) in converted.items())
    assert (
        sum(result.document["hasResults"] for _, result in converted.values() if result.document)
        == WITH_RESULTS
    )


def test_sites_are_geocoded_and_provenance_says_which(
    converted: dict[str, tuple[ET.Element, ConversionResult]],
) -> None:
    sites = geocoded = 0
    for _, result in converted.values():
        assert result.document is not None
        assert result.provenance["format"] == "legacy-xml"
        module = result.document["protocolSection"].get("contactsLocationsModule", {})
        locations = module.get("locations", [])
        with_point = [index for index, location in enumerate(locations) if "geoPoint" in location]
        assert result.provenance["approximateGeoPoints"] == with_point
        sites += len(locations)
        geocoded += len(with_point)
    share = geocoded / sites
    print(f"\ngeocoded {geocoded} of {sites} sites ({share:.2%})")
    assert share > 0.98


def test_documents_follow_the_model_order_and_the_real_v2_conventions(
    converted: dict[str, tuple[ET.Element, ConversionResult]],
) -> None:
    real_paths: set[str] = set()
    for document in v2_documents():
        field_paths(document, found=real_paths)
    ours: set[str] = set()
    for document in documents(converted):
        assert order_problems(document) == []
        field_paths(document, found=ours)
        for text in text_values(document):
            assert "\r" not in text
            assert not re.search(r"^\s+-  ", text, re.MULTILINE)  # no XML bullet survives unconverted
        for group_id in group_ids(document.get("resultsSection", {})):
            assert _GROUP_ID.match(group_id), group_id
    assert ours - real_paths == FIELDS_RARE_IN_REAL_V2


def test_a_sample_survives_conversion_field_by_field(
    converted: dict[str, tuple[ET.Element, ConversionResult]],
) -> None:
    names = sorted(converted)
    sample = {name for index, name in enumerate(names) if index % SAMPLE_EVERY == 0}
    sample |= {name for name, (xml, _) in converted.items() if xml.find("clinical_results") is not None}
    assert len(sample) > 500
    for name in sorted(sample):
        xml, result = converted[name]
        assert result.document is not None
        check_protocol(xml, result.document["protocolSection"])
        check_derived(xml, result.document.get("derivedSection", {}))
        results = xml.find("clinical_results")
        if results is not None:
            check_results(results, result.document["resultsSection"])


def test_studies_in_both_sets_agree_with_their_real_v2_documents(
    converted: dict[str, tuple[ET.Element, ConversionResult]],
) -> None:
    real = {
        document["protocolSection"]["identificationModule"]["nctId"]: document for document in v2_documents()
    }
    shared = sorted(set(real) & set(converted))
    if not shared:
        pytest.skip(
            f"no NCT id is in both the {len(converted)} legacy XML records and the {len(real)} v2 documents"
        )
    for nct_id in shared:
        ours = converted[nct_id][1].document
        assert ours is not None
        differences = compare_with_real(ours, real[nct_id])
        print(f"\n{nct_id}: {len(differences)} fields differ from the real v2 document")
        for difference in differences:
            print("  ", difference)
        assert stable_fields(ours) == stable_fields(real[nct_id])


# --- reading the XML again, independently -----------------------------------------------------


def text(element: ET.Element | None, path: str) -> str | None:
    value = element.findtext(path) if element is not None else None
    return " ".join(value.split()) if value and value.strip() else None


def texts(element: ET.Element | None, path: str) -> list[str]:
    return (
        [" ".join(item.text.split()) for item in element.iterfind(path) if item.text]
        if element is not None
        else []
    )


def squash(value: str | None) -> str | None:
    return " ".join(value.split()) if value is not None else None


def iso(value: str) -> str:
    for pattern, output in (("%B %d, %Y", "%Y-%m-%d"), ("%B %Y", "%Y-%m")):
        try:
            return dt.datetime.strptime(value.strip(), pattern).strftime(output)
        except ValueError:
            continue
    raise AssertionError(f"unexpected date {value!r}")


def check_protocol(xml: ET.Element, protocol: dict[str, Any]) -> None:
    identification = protocol["identificationModule"]
    assert identification["nctId"] == text(xml, "id_info/nct_id")
    assert squash(identification.get("briefTitle")) == text(xml, "brief_title")
    assert squash(identification.get("officialTitle")) == text(xml, "official_title")
    status = protocol["statusModule"]
    assert status["overallStatus"] == _STATUS[text(xml, "overall_status") or ""]
    for tag, field in (
        ("start_date", "startDateStruct"),
        ("completion_date", "completionDateStruct"),
        ("primary_completion_date", "primaryCompletionDateStruct"),
    ):
        value = text(xml, tag)
        assert status.get(field, {}).get("date") == (iso(value) if value else None), tag
    assert status.get("studyFirstSubmitDate") == iso(text(xml, "study_first_submitted") or "")
    design = protocol.get("designModule", {})
    phase = text(xml, "phase")
    assert design.get("phases") == (_PHASES[phase] if phase else None)
    enrollment = text(xml, "enrollment")
    assert design.get("enrollmentInfo", {}).get("count") == (int(enrollment) if enrollment else None)
    arms = protocol.get("armsInterventionsModule", {})
    assert [squash(arm["label"]) for arm in arms.get("armGroups", [])] == texts(
        xml, "arm_group/arm_group_label"
    )
    assert [(item["type"], squash(item["name"])) for item in arms.get("interventions", [])] == [
        (item.findtext("intervention_type", "").upper().replace(" ", "_"), text(item, "intervention_name"))
        for item in xml.iterfind("intervention")
    ]
    outcomes = protocol.get("outcomesModule", {})
    for tag, field in (
        ("primary_outcome", "primaryOutcomes"),
        ("secondary_outcome", "secondaryOutcomes"),
        ("other_outcome", "otherOutcomes"),
    ):
        assert [squash(outcome["measure"]) for outcome in outcomes.get(field, [])] == texts(
            xml, f"{tag}/measure"
        )
    conditions = protocol.get("conditionsModule", {})
    assert [squash(value) for value in conditions.get("conditions", [])] == texts(xml, "condition")
    assert [squash(value) for value in conditions.get("keywords", [])] == texts(xml, "keyword")
    locations = protocol.get("contactsLocationsModule", {}).get("locations", [])
    assert [
        (squash(site.get("facility")), squash(site.get("city")), site.get("country")) for site in locations
    ] == [
        (
            text(site, "facility/name"),
            text(site, "facility/address/city"),
            text(site, "facility/address/country"),
        )
        for site in xml.iterfind("location")
    ]


def check_derived(xml: ET.Element, derived: dict[str, Any]) -> None:
    for tag, field in (
        ("condition_browse", "conditionBrowseModule"),
        ("intervention_browse", "interventionBrowseModule"),
    ):
        terms = [mesh["term"] for mesh in derived.get(field, {}).get("meshes", [])]
        assert terms == texts(xml, f"{tag}/mesh_term")


def check_results(xml: ET.Element, results: dict[str, Any]) -> None:
    flow = results["participantFlowModule"]
    assert len(flow["groups"]) == len(xml.findall("participant_flow/group_list/group"))
    assert [squash(period["title"]) for period in flow["periods"]] == texts(
        xml, "participant_flow/period_list/period/title"
    )
    baseline = results["baselineCharacteristicsModule"]
    assert len(baseline["groups"]) == len(xml.findall("baseline/group_list/group"))
    assert [squash(measure["title"]) for measure in baseline.get("measures", [])] == texts(
        xml, "baseline/measure_list/measure/title"
    )
    measures = results["outcomeMeasuresModule"]["outcomeMeasures"]
    assert [squash(measure["title"]) for measure in measures] == texts(xml, "outcome_list/outcome/title")
    assert [len(measure.get("groups", [])) for measure in measures] == [
        len(outcome.findall("group_list/group")) for outcome in xml.iterfind("outcome_list/outcome")
    ]
    assert [len(measure.get("analyses", [])) for measure in measures] == [
        len(outcome.findall("analysis_list/analysis")) for outcome in xml.iterfind("outcome_list/outcome")
    ]
    events = results["adverseEventsModule"]
    assert len(events["eventGroups"]) == len(xml.findall("reported_events/group_list/group"))
    for tag, field, total in (
        ("serious_events", "seriousEvents", "Total, serious adverse events"),
        ("other_events", "otherEvents", "Total, other adverse events"),
    ):
        listed = [
            event
            for event in xml.iterfind(f"reported_events/{tag}/category_list/category/event_list/event")
            if not (text(event, "sub_title") or "").startswith("Total, ")
        ]
        assert len(events.get(field, [])) == len(listed)
        affected = [
            int(counts.get("subjects_affected", "0"))
            for event in xml.iterfind(f"reported_events/{tag}/category_list/category/event_list/event")
            if text(event, "sub_title") == total
            for counts in event.iterfind("counts")
        ]
        key = "seriousNumAffected" if tag == "serious_events" else "otherNumAffected"
        assert [group.get(key) for group in events["eventGroups"]] == affected


# --- comparing with real v2 documents ---------------------------------------------------------


def field_paths(value: Any, path: str = "", found: set[str] | None = None) -> set[str]:
    """Every leaf's path (``protocolSection.conditionsModule.conditions[]``), added to ``found``."""
    found = set() if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            field_paths(item, f"{path}.{key}" if path else key, found)
    elif isinstance(value, list):
        for item in value:
            field_paths(item, f"{path}[]", found)
    else:
        found.add(path)
    return found


def text_values(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [found for item in value.values() for found in text_values(item)]
    if isinstance(value, list):
        return [found for item in value for found in text_values(item)]
    return [value] if isinstance(value, str) else []


def group_ids(results: dict[str, Any]) -> list[str]:
    found = []
    for key, value in _walk(results):
        if key in ("id", "groupId") and isinstance(value, str):
            found.append(value)
        if key == "groupIds" and isinstance(value, list):
            found.extend(value)
    return found


def _walk(value: Any) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            pairs.append((key, item))
            pairs.extend(_walk(item))
    elif isinstance(value, list):
        for item in value:
            pairs.extend(_walk(item))
    return pairs


def stable_fields(document: dict[str, Any]) -> dict[str, Any]:
    """What must agree between a converted record and ClinicalTrials.gov's own v2 document."""
    protocol = document["protocolSection"]
    arms = protocol.get("armsInterventionsModule", {})
    return {
        "nctId": protocol["identificationModule"]["nctId"],
        "briefTitle": protocol["identificationModule"].get("briefTitle"),
        "studyType": protocol.get("designModule", {}).get("studyType"),
        "phases": protocol.get("designModule", {}).get("phases"),
        "conditions": protocol.get("conditionsModule", {}).get("conditions"),
        "arms": [arm.get("label") for arm in arms.get("armGroups", [])],
        "interventions": [(item.get("type"), item.get("name")) for item in arms.get("interventions", [])],
        "sex": protocol.get("eligibilityModule", {}).get("sex"),
        "hasResults": document.get("hasResults"),
    }


def compare_with_real(ours: dict[str, Any], real: dict[str, Any]) -> list[str]:
    """Every leaf field whose value differs, for a person to read (dates and text may move over time)."""
    mine, theirs = Counter(_leaves(ours)), Counter(_leaves(real))
    return [f"only ours: {leaf}" for leaf in sorted(mine - theirs)] + [
        f"only real: {leaf}" for leaf in sorted(theirs - mine)
    ]


def _leaves(value: Any, path: str = "") -> list[str]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item, f"{path}[]")]
    return [f"{path} = {str(value)[:80]!r}"]
