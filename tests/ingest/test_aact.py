"""AACT tables to partial v2 documents: every table, every mapping, every way a row can be wrong.

The fixture ``tests/fixtures/aact`` is a made-up export (four synthetic studies, the real AACT
headers). Error cases copy it and change one value. The slow test converts the real 2022 oncology
export from ``../shared`` and checks a sample against the CSV rows read here independently.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import gzip
import hashlib
import json
import re
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from msgspec import inspect as model_types

from tests.shared_data import AACT_DIR, shared_path
from trialbase.domain import enums as e
from trialbase.domain.issue import Issue, Severity
from trialbase.domain.model import Study
from trialbase.domain.partial_date import InvalidDate, PartialDate
from trialbase.domain.study_document import check_document
from trialbase.ingest.aact import is_aact_directory, read_aact_directory
from trialbase.ingest.aact_tables import Columns, Row
from trialbase.ingest.aact_values import Findings, enum_value, phases
from trialbase.ingest.record import SourceRecord

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "aact"
IDS = ["NCT99000001", "NCT99000002", "NCT99000003", "NCT99000004"]


def read(directory: Path) -> list[SourceRecord]:
    return list(read_aact_directory(directory))


def by_id(records: list[SourceRecord]) -> dict[str, dict[str, Any]]:
    return {record.nct_id: record.document for record in records if record.nct_id and record.document}


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A copy of the fixture export that a test may change."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "aact"))


def edit(directory: Path, table: str, row: int, **values: str) -> None:
    """Set columns of data row ``row`` (1-based, as the findings count) of a fixture table."""
    path = directory / f"{table}.csv"
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    rows[row - 1].update(values)
    write_table(path, header, rows)


def append(directory: Path, table: str, **values: str) -> None:
    path = directory / f"{table}.csv"
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [*reader, {name: values.get(name, "") for name in header}]
    write_table(path, header, rows)


def write_table(path: Path, header: list[str], rows: list[dict[str, str]], delimiter: str = ",") -> None:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def assert_model_order(value: Any, kind: model_types.Type, path: str = "") -> None:
    """Every object's keys are known to the model and come in the model's (= the spec's) order."""
    while isinstance(kind, model_types.UnionType | model_types.Metadata):
        if isinstance(kind, model_types.Metadata):
            kind = kind.type
        else:
            kind = next(item for item in kind.types if not isinstance(item, model_types.NoneType))
    if isinstance(kind, model_types.StructType):
        fields = {field.encode_name: field for field in kind.fields}
        order = list(fields)
        keys = list(value)
        assert all(key in fields for key in keys), f"{path}: {keys} has keys the model does not know"
        assert keys == sorted(keys, key=order.index), f"{path}: {keys} is not in the model's order"
        for key in keys:
            assert_model_order(value[key], fields[key].type, f"{path}.{key}")
    elif isinstance(kind, model_types.ListType):
        for index, item in enumerate(value):
            assert_model_order(item, kind.item_type, f"{path}[{index}]")


STUDY_TYPE = model_types.type_info(Study)


# --- recognising a folder ---------------------------------------------------------------------


def test_recognises_a_folder_of_aact_tables(tmp_path: Path) -> None:
    assert is_aact_directory(FIXTURE)
    assert not is_aact_directory(FIXTURE / "studies.csv")  # a file, not a folder
    assert not is_aact_directory(tmp_path / "absent")
    only_studies = tmp_path / "only-studies"
    only_studies.mkdir()
    shutil.copy(FIXTURE / "studies.csv", only_studies)
    (only_studies / "notes.csv").write_text("not,an,aact,table\n")
    assert not is_aact_directory(only_studies)  # needs a second AACT table
    shutil.copy(FIXTURE / "keywords.csv", only_studies)
    assert is_aact_directory(only_studies)
    no_studies = tmp_path / "no-studies"
    shutil.copytree(FIXTURE, no_studies, ignore=shutil.ignore_patterns("studies.csv"))
    assert not is_aact_directory(no_studies)


def convert_format(source: Path, target: Path, suffix: str, delimiter: str, flags: dict[str, str]) -> Path:
    target.mkdir()
    for path in sorted(source.glob("*.csv")):
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            rows = [{key: flags.get(value, value) for key, value in row.items()} for row in reader]
        write_table(target / f"{path.stem}{suffix}", header, rows, delimiter)
    return target


@pytest.mark.parametrize(
    ("suffix", "delimiter", "flags"),
    [
        (".csv.gz", ",", {}),
        # AACT's pipe-delimited flat files, with PostgreSQL's booleans
        (".txt", "|", {"TRUE": "t", "FALSE": "f"}),
    ],
)
def test_gzipped_and_pipe_delimited_tables_read_the_same(
    tmp_path: Path, suffix: str, delimiter: str, flags: dict[str, str]
) -> None:
    converted = convert_format(FIXTURE, tmp_path / "converted", suffix, delimiter, flags)
    assert is_aact_directory(converted)
    records = read(converted)
    assert by_id(records) == by_id(read(FIXTURE))
    assert records[0].location.file == str(converted / f"studies{suffix}")


# --- the records ------------------------------------------------------------------------------


def test_one_partial_record_per_study_in_studies_table_order() -> None:
    records = read(FIXTURE)
    assert [record.nct_id for record in records] == IDS
    for number, record in enumerate(records, start=1):
        assert record.location.file == str(FIXTURE / "studies.csv")
        assert record.location.record == number
        assert record.provenance == {"format": "aact", "partial": True}
        assert record.issues == ()
        assert record.document is not None
        assert check_document(record.document) == []
        assert_model_order(record.document, STUDY_TYPE)


INTERVENTIONAL = {
    "protocolSection": {
        "identificationModule": {
            "nctId": "NCT99000001",
            "organization": {"fullName": "Example Cancer Institute"},
            "briefTitle": "Synthetic Drugamab in Made-up Carcinoma",
            "officialTitle": (
                "A Randomised Phase 1/2 Study of Synthetic Drugamab Versus Placebo in Made-up Carcinoma"
            ),
            "acronym": "SYN-1",
        },
        "statusModule": {
            "statusVerifiedDate": "2022-01",
            "overallStatus": "RECRUITING",
            "expandedAccessInfo": {"hasExpandedAccess": False},
            "startDateStruct": {"date": "2021-03", "type": "ACTUAL"},
            "primaryCompletionDateStruct": {"date": "2023-12-15", "type": "ESTIMATED"},
            "completionDateStruct": {"date": "2024-06", "type": "ESTIMATED"},
            "studyFirstSubmitDate": "2021-01-10",
            "studyFirstSubmitQcDate": "2021-01-12",
            "studyFirstPostDateStruct": {"date": "2021-01-15", "type": "ACTUAL"},
            "lastUpdateSubmitDate": "2022-02-01",
            "lastUpdatePostDateStruct": {"date": "2022-02-03", "type": "ACTUAL"},
        },
        "sponsorCollaboratorsModule": {
            "leadSponsor": {"name": "Example Cancer Institute", "class": "OTHER"},
            "collaborators": [
                {"name": "National Example Institute", "class": "NIH"},
                {"name": "Example Pharma", "class": "INDUSTRY"},
            ],
        },
        "oversightModule": {
            "oversightHasDmc": True,
            "isFdaRegulatedDrug": True,
            "isFdaRegulatedDevice": False,
            "isUsExport": False,
        },
        "conditionsModule": {
            "conditions": ["Made-up Carcinoma", "Made-up Carcinoma Stage II"],
            "keywords": ["carcinoma", "drugamab"],
        },
        "designModule": {
            "studyType": "INTERVENTIONAL",
            "phases": ["PHASE1", "PHASE2"],
            "designInfo": {
                "allocation": "RANDOMIZED",
                "interventionModel": "PARALLEL",
                "interventionModelDescription": "Two arms in parallel",
                "primaryPurpose": "TREATMENT",
                "maskingInfo": {
                    "masking": "DOUBLE",
                    "maskingDescription": "Placebo infusions look identical",
                    "whoMasked": ["PARTICIPANT", "INVESTIGATOR"],
                },
            },
            "enrollmentInfo": {"count": 120, "type": "ESTIMATED"},
        },
        "armsInterventionsModule": {
            "armGroups": [
                {
                    "label": "Drugamab",
                    "type": "EXPERIMENTAL",
                    "description": "Drugamab 10 mg/kg every 3 weeks",
                    "interventionNames": ["Drug: Drugamab", "Procedure: Tumour biopsy"],
                },
                {
                    "label": "Placebo",
                    "type": "PLACEBO_COMPARATOR",
                    "description": "Matching placebo every 3 weeks",
                    "interventionNames": ["Other: Placebo", "Procedure: Tumour biopsy"],
                },
            ],
            "interventions": [
                {
                    "type": "DRUG",
                    "name": "Drugamab",
                    "description": "Intravenous infusion",
                    "armGroupLabels": ["Drugamab"],
                },
                {
                    "type": "OTHER",
                    "name": "Placebo",
                    "description": "Saline infusion",
                    "armGroupLabels": ["Placebo"],
                },
                {
                    "type": "PROCEDURE",
                    "name": "Tumour biopsy",
                    "description": "Core biopsy before cycle 2",
                    "armGroupLabels": ["Drugamab", "Placebo"],
                },
            ],
        },
        "ipdSharingStatementModule": {
            "ipdSharing": "YES",
            "description": "De-identified participant data",
            "timeFrame": "Within 12 months of publication",
            "accessCriteria": "Researchers with an approved proposal",
            "url": "https://example.org/ipd",
        },
    },
    "derivedSection": {
        "interventionBrowseModule": {
            "meshes": [{"term": "Antibodies, Monoclonal"}],
            "ancestors": [{"term": "Antineoplastic Agents"}, {"term": "Immunologic Factors"}],
        }
    },
    "hasResults": False,
}


def test_an_interventional_study_in_full() -> None:
    """Every protocol table at once; rows in id order (the fixture files list them out of order)."""
    document = by_id(read(FIXTURE))["NCT99000001"]
    assert json.dumps(document, indent=1) == json.dumps(INTERVENTIONAL, indent=1)  # key order too


def test_dates_keep_the_precision_that_was_registered() -> None:
    documents = by_id(read(FIXTURE))
    status = documents["NCT99000001"]["protocolSection"]["statusModule"]
    # studies.csv holds "March 2021" and the padded 2021-03-31: the month is what was registered
    assert status["startDateStruct"] == {"date": "2021-03", "type": "ACTUAL"}
    assert status["primaryCompletionDateStruct"] == {"date": "2023-12-15", "type": "ESTIMATED"}
    registry = documents["NCT99000002"]["protocolSection"]["statusModule"]
    assert registry["startDateStruct"] == {"date": "2015-09"}  # no type given, none made up
    assert registry["studyFirstPostDateStruct"] == {"date": "2015-08-24", "type": "ESTIMATED"}
    assert registry["completionDateStruct"] == {"date": "2019-01-10", "type": "ACTUAL"}
    expanded = documents["NCT99000003"]["protocolSection"]["statusModule"]
    assert expanded["statusVerifiedDate"] == "2020-05-05"
    assert "startDateStruct" not in expanded
    withdrawn = documents["NCT99000004"]["protocolSection"]["statusModule"]
    assert withdrawn["overallStatus"] == "UNKNOWN"
    assert withdrawn["lastKnownStatus"] == "NOT_YET_RECRUITING"
    assert withdrawn["dispFirstSubmitDate"] == "2019-04-02"
    assert withdrawn["dispFirstSubmitQcDate"] == "2019-04-03"
    assert withdrawn["dispFirstPostDateStruct"] == {"date": "2019-04-05", "type": "ACTUAL"}


def test_an_observational_registry() -> None:
    protocol = by_id(read(FIXTURE))["NCT99000002"]["protocolSection"]
    assert protocol["designModule"] == {
        "studyType": "OBSERVATIONAL",
        "patientRegistry": True,
        "targetDuration": "5 Years",
        "designInfo": {"observationalModel": "COHORT", "timePerspective": "PROSPECTIVE"},
        "bioSpec": {"retention": "SAMPLES_WITH_DNA", "description": "Blood samples"},
        "enrollmentInfo": {"count": 80, "type": "ACTUAL"},
    }
    # an observational group has no arm type
    assert protocol["armsInterventionsModule"] == {
        "armGroups": [{"label": "Registry cohort", "description": "Everyone enrolled"}]
    }
    assert protocol["ipdSharingStatementModule"] == {"ipdSharing": "UNDECIDED"}
    assert "outcomesModule" not in protocol  # AACT's outcomes table holds results, not registered outcomes


def test_an_expanded_access_record() -> None:
    protocol = by_id(read(FIXTURE))["NCT99000003"]["protocolSection"]
    assert protocol["designModule"] == {
        "studyType": "EXPANDED_ACCESS",
        "expandedAccessTypes": {"individual": True, "treatment": True},
    }
    assert protocol["statusModule"]["overallStatus"] == "AVAILABLE"
    assert "armsInterventionsModule" not in protocol


def test_a_single_group_design() -> None:
    design = by_id(read(FIXTURE))["NCT99000004"]["protocolSection"]["designModule"]
    assert design["phases"] == ["EARLY_PHASE1"]
    assert design["designInfo"] == {
        "allocation": "NA",
        "interventionModel": "SINGLE_GROUP",
        "primaryPurpose": "ECT",
        "maskingInfo": {"masking": "NONE"},
    }


# --- results ----------------------------------------------------------------------------------


def results() -> dict[str, Any]:
    document = by_id(read(FIXTURE))["NCT99000002"]
    assert document["hasResults"] is True
    section: dict[str, Any] = document["resultsSection"]
    return section


def test_result_groups_of_the_flow_and_the_adverse_events() -> None:
    section = results()
    assert section["participantFlowModule"] == {
        "groups": [
            {"id": "FG000", "title": "Cohort A", "description": "First half of the registry"},
            {"id": "FG001", "title": "Cohort B", "description": "Second half of the registry"},
        ]
    }
    assert [group["id"] for group in section["adverseEventsModule"]["eventGroups"]] == ["EG000", "EG001"]
    assert section["moreInfoModule"] == {"limitationsAndCaveats": {"description": "Small synthetic sample."}}


def test_baseline_characteristics() -> None:
    baseline = results()["baselineCharacteristicsModule"]
    assert baseline["populationDescription"] == "All enrolled participants"
    assert [group["id"] for group in baseline["groups"]] == ["BG000", "BG001", "BG002"]
    assert baseline["denoms"] == [
        {
            "units": "Participants",
            "counts": [
                {"groupId": "BG000", "value": "40"},
                {"groupId": "BG001", "value": "40"},
                {"groupId": "BG002", "value": "80"},
            ],
        }
    ]
    age, sex, region, size = baseline["measures"]
    assert {key: age[key] for key in list(age)[:-1]} == {
        "title": "Age, Continuous",
        "description": "Age at enrolment",
        "paramType": "MEAN",
        "dispersionType": "STANDARD_DEVIATION",
        "unitOfMeasure": "years",
    }
    assert age["classes"] == [
        {
            "categories": [
                {
                    "measurements": [
                        {"groupId": "BG000", "value": "61.5", "spread": "8.2"},
                        {"groupId": "BG001", "value": "63.0", "spread": "7.9"},
                        {"groupId": "BG002", "value": "62.3", "spread": "8.0"},
                    ]
                }
            ]
        }
    ]
    assert sex["paramType"] == "COUNT_OF_PARTICIPANTS"
    assert [category["title"] for category in sex["classes"][0]["categories"]] == ["Female", "Male"]
    assert [m["value"] for m in sex["classes"][0]["categories"][1]["measurements"]] == ["18", "22", "40"]
    assert region["classes"][0]["title"] == "United States"
    assert region["classes"][0]["categories"][0]["measurements"][1] == {
        "groupId": "BG001",
        "value": "NA",
        "comment": "Not collected for Cohort B",
    }
    assert size["dispersionType"] == "FULL_RANGE"
    assert size["classes"][0]["categories"][0]["measurements"] == [
        {"groupId": "BG000", "value": "3.1", "lowerLimit": "1.2", "upperLimit": "6.0"}
    ]


def test_outcome_measures_and_their_analyses() -> None:
    survival, response, quality, lesions = results()["outcomeMeasuresModule"]["outcomeMeasures"]
    assert {key: survival[key] for key in list(survival)[:-2]} == {
        "type": "PRIMARY",
        "title": "Overall survival",
        "description": "Time from enrolment to death",
        "populationDescription": "All enrolled participants",
        "paramType": "MEDIAN",
        "dispersionType": "95% Confidence Interval",
        "unitOfMeasure": "months",
        "timeFrame": "Up to 5 years",
    }
    assert survival["groups"] == [
        {"id": "OG000", "title": "Cohort A", "description": "First half of the registry"},
        {"id": "OG001", "title": "Cohort B", "description": "Second half of the registry"},
    ]
    assert survival["analyses"] == [
        {
            "paramType": "Hazard Ratio (HR)",
            "paramValue": "0.72",
            "statisticalMethod": "Log Rank",
            "pValue": "<0.001",
            "pValueComment": "Stratified by age",
            "ciNumSides": "TWO_SIDED",
            "ciPctValue": "95",
            "ciLowerLimit": "0.55",
            "ciUpperLimit": "0.94",
            "nonInferiorityType": "SUPERIORITY_OR_OTHER_LEGACY",
            "groupDescription": "Cohort A versus Cohort B",
            "groupIds": ["OG000", "OG001"],
        }
    ]
    # AACT keeps each variant of a group once per study; a measure gets the variant its analyses name
    assert response["groups"][1] == {
        "id": "OG001",
        "title": "Cohort B (6-month analysis)",
        "description": "Second half of the registry, at 6 months",
    }
    assert response["analyses"] == [
        {
            "paramType": "Risk Difference (RD)",
            "paramValue": "4.5",
            "dispersionType": "STANDARD_ERROR_OF_MEAN",
            "dispersionValue": "1.2",
            "statisticalMethod": "Fisher Exact",
            "statisticalComment": "Exact test",
            "pValue": "0.04",
            "ciNumSides": "ONE_SIDED",
            "ciPctValue": "97.5",
            "ciLowerLimit": "-1.5",
            "ciUpperLimitComment": "Upper limit not estimable",
            "estimateComment": "Difference in percentages",
            "nonInferiorityType": "NON_INFERIORITY",
            "nonInferiorityComment": "Margin of 10 percentage points",
            "groupIds": ["OG000", "OG001"],
        }
    ]
    # without analyses there is no way to know a measure's groups from these tables
    assert quality == {
        "type": "OTHER_PRE_SPECIFIED",
        "title": "Quality of life",
        "description": "QLQ-C30 global score",
        "anticipatedPostingDate": "2023-07",  # from '07/2023', not the padded 2023-07-01
        "timeFrame": "12 months",
    }
    assert lesions["type"] == "POST_HOC"
    assert lesions["paramType"] == "COUNT_OF_UNITS"
    assert lesions["typeUnitsAnalyzed"] == "Lesions"


# --- display values to v2 values --------------------------------------------------------------


def row_of(column: str, value: str) -> Row:
    return Row(Columns("studies.csv", [column]), 7, (value,))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phase 1/Phase 2", ["PHASE1", "PHASE2"]),
        ("Phase 2/Phase 3", ["PHASE2", "PHASE3"]),
        ("Early Phase 1", ["EARLY_PHASE1"]),
        ("Phase 4", ["PHASE4"]),
        ("Not Applicable", ["NA"]),
        ("N/A", ["NA"]),
        ("", None),
    ],
)
def test_phases(text: str, expected: list[str] | None) -> None:
    findings = Findings()
    assert phases(row_of("phase", text), "phase", findings) == expected
    assert findings.issues == []


@pytest.mark.parametrize(
    ("column", "kind", "text", "expected"),
    [
        ("overall_status", e.Status, "Active, not recruiting", "ACTIVE_NOT_RECRUITING"),
        ("overall_status", e.Status, "Unknown status", "UNKNOWN"),
        ("overall_status", e.Status, "Temporarily not available", "TEMPORARILY_NOT_AVAILABLE"),
        ("start_date_type", e.DateType, "Anticipated", "ESTIMATED"),
        ("start_date_type", e.DateType, "Actual", "ACTUAL"),
        ("study_first_posted_date_type", e.DateType, "Estimate", "ESTIMATED"),
        ("enrollment_type", e.EnrollmentType, "Anticipated", "ESTIMATED"),
        ("allocation", e.DesignAllocation, "Non-Randomized", "NON_RANDOMIZED"),
        ("allocation", e.DesignAllocation, "N/A", "NA"),
        ("intervention_model", e.InterventionalAssignment, "Crossover Assignment", "CROSSOVER"),
        ("observational_model", e.ObservationalModel, "Case-Only", "CASE_ONLY"),
        ("observational_model", e.ObservationalModel, "Ecologic or Community", "ECOLOGIC_OR_COMMUNITY"),
        ("primary_purpose", e.PrimaryPurpose, "Educational/Counseling/Training", "ECT"),
        ("primary_purpose", e.PrimaryPurpose, "Health Services Research", "HEALTH_SERVICES_RESEARCH"),
        ("time_perspective", e.DesignTimePerspective, "Cross-Sectional", "CROSS_SECTIONAL"),
        ("masking", e.DesignMasking, "None (Open Label)", "NONE"),
        ("masking", e.DesignMasking, "Quadruple", "QUADRUPLE"),
        ("group_type", e.ArmGroupType, "Sham Comparator", "SHAM_COMPARATOR"),
        ("group_type", e.ArmGroupType, "No Intervention", "NO_INTERVENTION"),
        ("intervention_type", e.InterventionType, "Diagnostic Test", "DIAGNOSTIC_TEST"),
        ("intervention_type", e.InterventionType, "Dietary Supplement", "DIETARY_SUPPLEMENT"),
        ("intervention_type", e.InterventionType, "Combination Product", "COMBINATION_PRODUCT"),
        ("agency_class", e.AgencyClass, "OTHER_GOV", "OTHER_GOV"),
        ("agency_class", e.AgencyClass, "U.S. Fed", "FED"),
        ("biospec_retention", e.BioSpecRetention, "None Retained", "NONE_RETAINED"),
        ("plan_to_share_ipd", e.IpdSharing, "Undecided", "UNDECIDED"),
        ("outcome_type", e.OutcomeMeasureType, "Other Pre-specified", "OTHER_PRE_SPECIFIED"),
        ("param_type", e.MeasureParam, "Geometric Least Squares Mean", "GEOMETRIC_LEAST_SQUARES_MEAN"),
        ("dispersion_type", e.MeasureDispersionType, "Inter-Quartile Range", "INTER_QUARTILE_RANGE"),
        (
            "dispersion_type",
            e.AnalysisDispersionType,
            "Standard Error of the mean",
            "STANDARD_ERROR_OF_MEAN",
        ),  # as AACT spells it
        ("ci_n_sides", e.ConfidenceIntervalNumSides, "2-Sided", "TWO_SIDED"),
        (
            "non_inferiority_type",
            e.NonInferiorityType,
            "Non-Inferiority or Equivalence (legacy)",
            "NON_INFERIORITY_OR_EQUIVALENCE_LEGACY",
        ),
    ],
)
def test_display_values_map_to_v2_values(
    column: str, kind: type[enum.StrEnum], text: str, expected: str
) -> None:
    findings = Findings()
    assert enum_value(row_of(column, text), column, kind, "somewhere", findings) == expected
    assert findings.issues == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("07/2023", "2023-07"), ("7/2023", "2023-07"), ("March 2020", "2020-03"), ("May 5, 2020", "2020-05-05")],
)
def test_parse_legacy_reads_aacts_month_slash_year(text: str, expected: str) -> None:
    """``PartialDate.parse_legacy`` learned ``MM/yyyy`` for AACT's anticipated posting dates."""
    assert str(PartialDate.parse_legacy(text)) == expected


def test_parse_legacy_rejects_a_month_that_does_not_exist() -> None:
    with pytest.raises(
        InvalidDate, match=r"'13/2023' is not a valid date: month 13 is not between 01 and 12"
    ):
        PartialDate.parse_legacy("13/2023")
    with pytest.raises(InvalidDate, match=r"expected 'Month yyyy', 'Month d, yyyy', MM/yyyy or yyyy-MM-dd"):
        PartialDate.parse_legacy("2023/07")


# --- values that cannot be mapped: a warning, the value left out, the record kept -------------


def only_record(records: list[SourceRecord], nct_id: str) -> SourceRecord:
    [record] = [record for record in records if record.nct_id == nct_id]
    return record


def warning_of(record: SourceRecord) -> Issue:
    assert record.document is not None
    assert check_document(record.document) == []
    [issue] = record.issues
    assert issue.severity is Severity.WARNING
    return issue


def test_an_unknown_phase(tables: Path) -> None:
    edit(tables, "studies", 1, phase="Phase 5")
    record = only_record(read(tables), "NCT99000001")
    issue = warning_of(record)
    assert issue.path == "studies.csv row 1 column phase"
    assert issue.code == "unknown-enum-value"
    assert issue.message == (
        "'Phase 5' is not a phase (expected one of Not Applicable, Early Phase 1, Phase 1, Phase 2, "
        "Phase 3, Phase 4, or two joined by '/', e.g. 'Phase 1/Phase 2'); "
        "protocolSection.designModule.phases is left out"
    )
    assert record.document is not None
    assert "phases" not in record.document["protocolSection"]["designModule"]


def test_a_bad_date(tables: Path) -> None:
    edit(tables, "studies", 1, start_month_year="Marchember 2021")
    record = only_record(read(tables), "NCT99000001")
    issue = warning_of(record)
    assert str(issue) == (
        "studies.csv row 1 column start_month_year: 'Marchember 2021' is not a date (expected "
        "'Month yyyy', 'Month d, yyyy', MM/yyyy or yyyy-MM-dd); "
        "protocolSection.statusModule.startDateStruct.date is left out [bad-date]"
    )
    assert record.document is not None
    assert "startDateStruct" not in record.document["protocolSection"]["statusModule"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "primary_completion_month_year",
            "February 30, 2023",
            "'February 30, 2023' is not a valid date: day 30 does not exist in 2023-02; "
            "protocolSection.statusModule.primaryCompletionDateStruct.date is left out",
        ),
        (
            "study_first_submitted_date",
            "2021-13-10",
            "'2021-13-10' is not a valid date: month 13 is not between 01 and 12; "
            "protocolSection.statusModule.studyFirstSubmitDate is left out",
        ),
        (
            "last_update_posted_date",
            "2022-02",
            "'2022-02' is not a full date (expected yyyy-MM-dd); "
            "protocolSection.statusModule.lastUpdatePostDateStruct.date is left out",
        ),
    ],
)
def test_impossible_and_imprecise_dates(tables: Path, column: str, value: str, message: str) -> None:
    edit(tables, "studies", 1, **{column: value})
    issue = warning_of(only_record(read(tables), "NCT99000001"))
    assert (issue.path, issue.code, issue.message) == (
        f"studies.csv row 1 column {column}",
        "bad-date",
        message,
    )


def test_a_padded_date_that_disagrees_with_the_registered_text(tables: Path) -> None:
    edit(tables, "studies", 1, start_date="2021-04-30")
    record = only_record(read(tables), "NCT99000001")
    issue = warning_of(record)
    assert issue.code == "date-disagrees"
    assert issue.message == (
        "'March 2021' and start_date '2021-04-30' are different dates; "
        "protocolSection.statusModule.startDateStruct.date keeps 2021-03 (the registered text)"
    )
    assert record.document is not None
    assert record.document["protocolSection"]["statusModule"]["startDateStruct"]["date"] == "2021-03"


@pytest.mark.parametrize(
    ("where", "value", "code", "message"),
    [
        (
            "designs.csv row 1 column allocation",
            "Randomised",
            "unknown-enum-value",
            "'Randomised' is not a DesignAllocation value (expected one of Randomized, Non-Randomized, N/A); "
            "protocolSection.designModule.designInfo.allocation is left out",
        ),
        (
            "studies.csv row 1 column overall_status",
            "Paused",
            "unknown-enum-value",
            "'Paused' is not a Status value (expected one of Active, not recruiting, Completed, Enrolling by "
            "invitation, Not yet recruiting, Recruiting, Suspended, Terminated, Withdrawn, Available, No "
            "longer available, Temporarily not available, Approved for marketing, Withheld, Unknown status); "
            "protocolSection.statusModule.overallStatus is left out",
        ),
        (
            "studies.csv row 1 column start_date_type",
            "Guessed",
            "unknown-enum-value",
            "'Guessed' is not a DateType value (expected one of Actual, Anticipated); "
            "protocolSection.statusModule.startDateStruct.type is left out",
        ),
        (
            "studies.csv row 1 column enrollment",
            "12.5",
            "bad-number",
            "'12.5' is not a whole number of 0 or more; protocolSection.designModule.enrollmentInfo.count "
            "is left out",
        ),
        (
            "studies.csv row 1 column has_dmc",
            "maybe",
            "bad-boolean",
            "'maybe' is not true or false (expected TRUE, FALSE, t or f); "
            "protocolSection.oversightModule.oversightHasDmc is left out",
        ),
        (
            "studies.csv row 1 column target_duration",
            "five years",
            "bad-format",
            "'five years' is not a duration (expected e.g. '5 Years', '6 Months'); "
            "protocolSection.designModule.targetDuration is left out",
        ),
        (
            "design_groups.csv row 2 column group_type",
            "Control",
            "unknown-enum-value",
            "'Control' is not a ArmGroupType value (expected one of Experimental, Active Comparator, "
            "Placebo Comparator, Sham Comparator, No Intervention, Other); "
            "protocolSection.armsInterventionsModule.armGroups[0].type is left out",
        ),
        (
            "interventions.csv row 1 column intervention_type",
            "Medicine",
            "unknown-enum-value",
            "'Medicine' is not a InterventionType value (expected one of Behavioral, Biological, Combination "
            "Product, Device, Diagnostic Test, Dietary Supplement, Drug, Genetic, Procedure, Radiation, "
            "Other); protocolSection.armsInterventionsModule.interventions[0].type is left out",
        ),
        (
            "sponsors.csv row 1 column lead_or_collaborator",
            "funder",
            "unknown-enum-value",
            "'funder' is not a sponsor role (expected 'lead' or 'collaborator'); "
            "'National Example Institute' is left out of protocolSection.sponsorCollaboratorsModule",
        ),
        (
            "browse_interventions.csv row 1 column mesh_type",
            "mesh-leaf",
            "unknown-enum-value",
            "'mesh-leaf' is not a MeSH term kind (expected 'mesh-list' or 'mesh-ancestor'); "
            "'Antineoplastic Agents' is left out of derivedSection.interventionBrowseModule",
        ),
    ],
)
def test_a_value_that_cannot_be_mapped_is_left_out_with_a_warning(
    tables: Path, where: str, value: str, code: str, message: str
) -> None:
    file, _, row, _, column = where.split()  # "designs.csv row 1 column allocation"
    edit(tables, file.removesuffix(".csv"), int(row), **{column: value})
    issue = warning_of(only_record(read(tables), "NCT99000001"))
    assert (issue.path, issue.code, issue.message) == (where, code, message)


def test_an_unknown_result_value(tables: Path) -> None:
    edit(tables, "outcome_analyses", 1, ci_n_sides="3-Sided")
    edit(tables, "result_groups", 10, result_type="Adverse Event")
    record = only_record(read(tables), "NCT99000002")
    assert record.document is not None
    assert check_document(record.document) == []
    assert [(issue.path, issue.severity) for issue in record.issues] == [
        ("result_groups.csv row 10 column result_type", Severity.WARNING),
        ("outcome_analyses.csv row 1 column ci_n_sides", Severity.WARNING),
    ]
    assert record.issues[1].message == (
        "'3-Sided' is not a ConfidenceIntervalNumSides value (expected one of 1-Sided, 2-Sided); "
        "resultsSection.outcomeMeasuresModule.outcomeMeasures[0].analyses[0].ciNumSides is left out"
    )
    events = record.document["resultsSection"]["adverseEventsModule"]["eventGroups"]
    assert [group["id"] for group in events] == ["EG000"]


def test_broken_cross_references(tables: Path) -> None:
    append(
        tables,
        "design_group_interventions",
        id="57",
        nct_id="NCT99000001",
        design_group_id="39",
        intervention_id="41",
    )
    append(
        tables,
        "outcome_analysis_groups",
        id="145",
        nct_id="NCT99000002",
        outcome_analysis_id="131",
        result_group_id="999",
    )
    append(
        tables,
        "baseline_counts",
        id="94",
        nct_id="NCT99000002",
        result_group_id="0",
        ctgov_group_code="BG007",
        count="3",
    )
    records = read(tables)
    [link] = only_record(records, "NCT99000001").issues
    assert (link.path, link.code, link.message) == (
        "design_group_interventions.csv row 7 column design_group_id",
        "dangling-reference",
        "no design_groups row of NCT99000001 has id '39', so this link between an arm and an "
        "intervention is left out",
    )
    count, group = only_record(records, "NCT99000002").issues
    assert (count.path, count.code) == (
        "baseline_counts.csv row 4 column ctgov_group_code",
        "dangling-reference",
    )
    assert (
        count.message == "the study has no baseline group 'BG007' in result_groups, so this value is left out"
    )
    assert (group.path, group.code) == (
        "outcome_analysis_groups.csv row 5 column result_group_id",
        "dangling-reference",
    )
    assert all(record.document is not None and check_document(record.document) == [] for record in records)


def test_two_variants_of_one_group_in_one_measure(tables: Path) -> None:
    append(
        tables,
        "outcome_analysis_groups",
        id="145",
        nct_id="NCT99000002",
        outcome_analysis_id="131",
        result_group_id="88",
    )
    issue = warning_of(only_record(read(tables), "NCT99000002"))
    assert issue.code == "conflicting-groups"
    assert issue.message == (
        "the analyses of one outcome measure name two different groups OG001 "
        "(result_groups rows 7 and 8); the first is kept"
    )


def test_a_second_lead_sponsor_and_a_second_design(tables: Path) -> None:
    append(
        tables,
        "sponsors",
        id="67",
        nct_id="NCT99000001",
        agency_class="OTHER",
        lead_or_collaborator="lead",
        name="Another Institute",
    )
    append(tables, "designs", id="24", nct_id="NCT99000001", allocation="Non-Randomized")
    record = only_record(read(tables), "NCT99000001")
    assert [str(issue) for issue in record.issues] == [
        "sponsors.csv row 7 column lead_or_collaborator: a study has one lead sponsor; 'Example Cancer "
        "Institute' came first, so 'Another Institute' is left out of "
        "protocolSection.sponsorCollaboratorsModule.leadSponsor [second-lead-sponsor]",
        "designs.csv row 4: a study has one design; the first designs row (1) is used and this one is "
        "left out [second-design]",
    ]
    assert record.document is not None
    assert record.document["protocolSection"]["designModule"]["designInfo"]["allocation"] == "RANDOMIZED"


def test_empty_values_leave_nothing_behind(tables: Path) -> None:
    """Empty values add no empty string, object or link to the document."""
    edit(tables, "design_groups", 1, group_type="", title="", description="")  # the Placebo arm
    edit(tables, "conditions", 1, name="")
    document = by_id(read(tables))["NCT99000001"]
    assert check_document(document) == []
    arms = document["protocolSection"]["armsInterventionsModule"]
    assert arms["armGroups"][1] == {"interventionNames": ["Other: Placebo", "Procedure: Tumour biopsy"]}
    assert [i.get("armGroupLabels") for i in arms["interventions"]] == [["Drugamab"], None, ["Drugamab"]]
    assert arms["interventions"][1] == {"type": "OTHER", "name": "Placebo", "description": "Saline infusion"}
    assert document["protocolSection"]["conditionsModule"]["conditions"] == ["Made-up Carcinoma"]


# --- records that cannot be imported: no document, an error ------------------------------------


def error_of(record: SourceRecord) -> Issue:
    assert record.document is None
    [issue] = record.issues
    assert issue.severity is Severity.ERROR
    return issue


def test_a_study_without_nct_id(tables: Path) -> None:
    edit(tables, "studies", 2, nct_id="")
    records = read(tables)
    assert [record.nct_id for record in records] == [
        "NCT99000001",
        None,
        "NCT99000003",
        "NCT99000004",
        "NCT99000002",
    ]
    issue = error_of(records[1])
    assert records[1].location.record == 2
    assert str(issue) == (
        "studies.csv row 2 column nct_id: the study has no nct_id, so it cannot be imported [missing-nct-id]"
    )
    # its rows in the other tables now belong to no study, and say so
    orphan = error_of(records[-1])
    assert orphan.path == "conditions.csv row 3 column nct_id"
    assert orphan.code == "not-in-studies-table"
    assert orphan.message == (
        "NCT99000002 has 41 row(s) in baseline_counts.csv, baseline_measurements.csv, conditions.csv, "
        "design_groups.csv, designs.csv, keywords.csv, outcome_analyses.csv, outcome_analysis_groups.csv, "
        "outcomes.csv, result_groups.csv, sponsors.csv but no row in studies.csv, so they were not imported"
    )
    assert all(record.document is not None for record in records[:1] + records[2:4])


def test_a_study_with_a_malformed_or_repeated_nct_id(tables: Path) -> None:
    edit(tables, "studies", 3, nct_id="NCT123")
    edit(tables, "studies", 4, nct_id="NCT99000001")
    records = read(tables)
    assert str(error_of(records[2])) == (
        "studies.csv row 3 column nct_id: 'NCT123' is not an NCT number (expected NCT followed by 8 digits, "
        "e.g. NCT04822922) [bad-nct-id]"
    )
    assert str(error_of(records[3])) == (
        "studies.csv row 4 column nct_id: NCT99000001 is in studies.csv twice; the rows of the other tables "
        "went with its first row (1), so this one was not imported [duplicate-nct-id]"
    )
    assert records[0].document is not None
    assert records[0].document["protocolSection"]["conditionsModule"]["conditions"][0] == "Made-up Carcinoma"


def test_a_row_of_another_table_without_nct_id(tables: Path) -> None:
    edit(tables, "keywords", 3, nct_id="")
    records = read(tables)
    first = records[0]
    assert first.location.file == str(tables / "keywords.csv")
    assert first.location.record == 3
    assert str(error_of(first)) == (
        "keywords.csv row 3 column nct_id: the row names no study (nct_id is empty), so it was not "
        "imported [missing-nct-id]"
    )
    assert [record.nct_id for record in records[1:]] == IDS
    assert "keywords" not in by_id(records)["NCT99000002"]["protocolSection"]["conditionsModule"]


# --- tables that cannot be read: one error, nothing imported from them ------------------------


def test_a_table_without_a_column_it_needs(tables: Path) -> None:
    (tables / "conditions.csv").write_text("id,nct_id,condition\n1,NCT99000001,Made-up Carcinoma\n")
    [record] = read(tables)
    assert record.location.file == str(tables / "conditions.csv")
    assert str(error_of(record)) == (
        "conditions.csv has no column name (its header is: id, nct_id, condition) [missing-column]"
    )


def test_a_table_without_optional_columns_is_still_read(tables: Path) -> None:
    (tables / "designs.csv").write_text("nct_id,allocation\nNCT99000001,Randomized\n")
    document = by_id(read(tables))["NCT99000001"]
    assert document["protocolSection"]["designModule"]["designInfo"] == {"allocation": "RANDOMIZED"}


def gzip_truncated(path: Path) -> None:
    data = gzip.compress(path.read_bytes())
    path.unlink()
    (path.parent / f"{path.name}.gz").write_bytes(data[: len(data) // 2])


def test_a_damaged_studies_table(tables: Path) -> None:
    with (tables / "studies.csv").open("a") as handle:  # enough rows that half the gzip holds some
        for number in range(5, 3000):
            title = hashlib.sha256(str(number).encode()).hexdigest()  # does not compress
            handle.write(f"NCT99{number:06d}" + "," * 33 + title + "," * 30 + "\n")
    gzip_truncated(tables / "studies.csv")
    records = read(tables)
    damaged = records[-1]
    assert all(record.document is not None for record in records[:-1])
    assert len(records) > 5
    issue = error_of(damaged)
    assert issue.code == "damaged-table"
    assert damaged.location.file == str(tables / "studies.csv.gz")
    assert re.fullmatch(r"studies\.csv\.gz is damaged after row \d+: .*", issue.message)


def test_a_damaged_table_stops_the_import(tables: Path) -> None:
    gzip_truncated(tables / "baseline_measurements.csv")
    [record] = read(tables)
    assert error_of(record).code == "damaged-table"
    assert record.location.file == str(tables / "baseline_measurements.csv.gz")


def test_a_table_twice(tables: Path) -> None:
    shutil.copy(tables / "keywords.csv", tables / "keywords.txt")
    [record] = read(tables)
    assert str(error_of(record)) == (
        "the table keywords is there twice (keywords.csv and keywords.txt); keep one file per table "
        "[ambiguous-table]"
    )


# --- the real export --------------------------------------------------------------------------

AACT_STUDIES = 42_218
SAMPLE_EVERY = 350


def csv_rows(directory: Path, table: str) -> Iterator[dict[str, str]]:
    with gzip.open(directory / f"{table}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def sample_rows(directory: Path, table: str, sample: set[str]) -> dict[str, list[dict[str, str]]]:
    """The rows of the sample studies, in AACT id order, read with nothing but the csv module."""
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in csv_rows(directory, table):
        if row["nct_id"] in sample:
            found[row["nct_id"]].append(row)
    for rows in found.values():
        rows.sort(key=lambda row: int(row["id"]))
    return found


def upper_code(text: str) -> str:
    """'Active, not recruiting' -> 'ACTIVE_NOT_RECRUITING': an independent take on the enum values."""
    return re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_")


def registered(text: str) -> str:
    for form, length in (("%B %Y", 7), ("%B %d, %Y", 10)):
        try:
            return dt.datetime.strptime(text, form).date().isoformat()[:length]
        except ValueError:
            continue
    raise AssertionError(f"unexpected date text {text!r}")


def expected_phases(text: str) -> list[str] | None:
    if not text:
        return None
    names = {"Not Applicable": "NA", "Early Phase 1": "EARLY_PHASE1"}
    return [names.get(part, upper_code(part).replace("_", "")) for part in text.split("/")]


@pytest.mark.slow
@pytest.mark.shared_data
def test_the_real_oncology_export_converts_whole() -> None:
    directory = shared_path(AACT_DIR)
    studies = list(csv_rows(directory, "studies"))
    assert len(studies) == AACT_STUDIES
    sample = {row["nct_id"] for row in studies[::SAMPLE_EVERY]}
    with_results = [row["nct_id"] for row in studies if row["results_first_posted_date"]]
    sample |= set(with_results[:40])

    documents: dict[str, dict[str, Any]] = {}
    count = 0
    for record in read_aact_directory(directory):
        count += 1
        assert record.document is not None, record.issues
        assert not [issue for issue in record.issues if issue.severity is Severity.ERROR]
        assert record.provenance == {"format": "aact", "partial": True}
        assert check_document(record.document) == [], record.nct_id
        assert_model_order(record.document, STUDY_TYPE, record.nct_id or "")
        if record.nct_id in sample:
            documents[record.nct_id] = record.document
    assert count == AACT_STUDIES
    assert set(documents) == sample

    children = {
        table: sample_rows(directory, table, sample)
        for table in (
            "conditions",
            "keywords",
            "sponsors",
            "designs",
            "design_groups",
            "interventions",
            "browse_interventions",
            "result_groups",
            "baseline_measurements",
            "outcomes",
            "outcome_analyses",
        )
    }
    for row in studies:
        if row["nct_id"] in sample:
            check_against_rows(
                documents[row["nct_id"]],
                row,
                {table: rows[row["nct_id"]] for table, rows in children.items()},
            )


def check_against_rows(
    document: dict[str, Any], study: dict[str, str], rows: dict[str, list[dict[str, str]]]
) -> None:
    protocol = document["protocolSection"]
    identification = protocol["identificationModule"]
    status = protocol["statusModule"]
    design = protocol.get("designModule", {})
    assert identification["nctId"] == study["nct_id"]
    assert identification["briefTitle"] == study["brief_title"]
    assert identification.get("officialTitle", "") == study["official_title"]
    assert identification.get("acronym", "") == study["acronym"]
    assert status["overallStatus"] == (
        "UNKNOWN" if study["overall_status"] == "Unknown status" else upper_code(study["overall_status"])
    )
    if study["start_month_year"]:
        assert status["startDateStruct"]["date"] == registered(study["start_month_year"])
        assert len(status["startDateStruct"]["date"]) <= len(study["start_date"])
    else:
        assert "startDateStruct" not in status
    if study["completion_month_year"]:
        assert status["completionDateStruct"]["date"] == registered(study["completion_month_year"])
        kind = study["completion_date_type"]
        assert status["completionDateStruct"].get("type") == (
            {"Anticipated": "ESTIMATED", "Actual": "ACTUAL"}.get(kind)
        )
    assert status["statusVerifiedDate"] == registered(study["verification_month_year"])
    assert status["studyFirstSubmitDate"] == study["study_first_submitted_date"]
    assert design.get("phases") == expected_phases(study["phase"])
    assert design.get("enrollmentInfo", {}).get("count") == (
        int(study["enrollment"]) if study["enrollment"] else None
    )
    assert design.get("studyType") == (
        upper_code(study["study_type"].split(" [")[0]) if study["study_type"] else None
    )
    conditions = protocol.get("conditionsModule", {})
    assert conditions.get("conditions", []) == [row["name"] for row in rows["conditions"]]
    assert conditions.get("keywords", []) == [row["name"] for row in rows["keywords"]]
    sponsors = protocol["sponsorCollaboratorsModule"]
    [lead] = [row for row in rows["sponsors"] if row["lead_or_collaborator"] == "lead"]
    assert sponsors["leadSponsor"] == {"name": lead["name"], "class": lead["agency_class"]}
    assert [c["name"] for c in sponsors.get("collaborators", [])] == [
        row["name"] for row in rows["sponsors"] if row["lead_or_collaborator"] == "collaborator"
    ]
    if rows["designs"]:
        allocation = rows["designs"][0]["allocation"]
        assert design.get("designInfo", {}).get("allocation") == (
            {"N/A": "NA"}.get(allocation, upper_code(allocation)) or None
        )
    arms = protocol.get("armsInterventionsModule", {})
    assert [arm["label"] for arm in arms.get("armGroups", [])] == [
        row["title"] for row in rows["design_groups"]
    ]
    assert [(i["type"], i["name"]) for i in arms.get("interventions", [])] == [
        (upper_code(row["intervention_type"]), row["name"]) for row in rows["interventions"]
    ]
    browse = document.get("derivedSection", {}).get("interventionBrowseModule", {})
    for kind, key in (("mesh-list", "meshes"), ("mesh-ancestor", "ancestors")):
        assert [mesh["term"] for mesh in browse.get(key, [])] == [
            row["mesh_term"] for row in rows["browse_interventions"] if row["mesh_type"] == kind
        ]
    assert document["hasResults"] is bool(study["results_first_posted_date"])
    section = document.get("resultsSection", {})
    baseline = section.get("baselineCharacteristicsModule", {})
    assert [group["id"] for group in baseline.get("groups", [])] == [
        row["ctgov_group_code"] for row in rows["result_groups"] if row["result_type"] == "Baseline"
    ]
    values = [
        (m["groupId"], m.get("value", ""))
        for measure in baseline.get("measures", [])
        for group in measure["classes"]
        for category in group["categories"]
        for m in category["measurements"]
    ]
    assert sorted(values) == sorted(
        (row["ctgov_group_code"], row["param_value"]) for row in rows["baseline_measurements"]
    )
    measures = section.get("outcomeMeasuresModule", {}).get("outcomeMeasures", [])
    assert [(m["type"], m["title"]) for m in measures] == [
        (upper_code(row["outcome_type"]), row["title"]) for row in rows["outcomes"]
    ]
    analyses = {row["id"]: 0 for row in rows["outcomes"]}
    for row in rows["outcome_analyses"]:
        analyses[row["outcome_id"]] += 1
    assert [len(m.get("analyses", [])) for m in measures] == list(analyses.values())


def test_reading_needs_no_more_than_the_tables() -> None:
    """Reading is lazy: nothing is read until the first record is asked for."""
    records = read_aact_directory(FIXTURE / "absent")
    assert isinstance(records, Iterator)
    [record] = list(records)
    assert error_of(record).code == "not-aact"


def test_fixture_holds_only_made_up_studies() -> None:
    """Real ClinicalTrials.gov rows are never committed: every fixture NCT id is in the NCT99 range."""
    for path in FIXTURE.glob("*.csv"):
        text = path.read_text()
        assert set(re.findall(r"NCT\d{8}", text)) <= set(IDS), path.name
