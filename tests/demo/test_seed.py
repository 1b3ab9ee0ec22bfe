"""The seed study NCT04822922: valid, and faithful to the record page it was transcribed from.

Each test below covers one section of the page (``../shared/seed-record-NCT04822922.txt``) and
lists the values the page shows; ``test_expected_values_are_on_the_page`` checks that those
expectations are themselves copied from the page, so the JSON, the tests and the page agree.
"""

from __future__ import annotations

import csv
import re
from typing import Any

import pytest

from tests.shared_data import shared_path
from trialbase.demo import SEED_NCT_ID, load_seed_study
from trialbase.domain.document_order import order_problems
from trialbase.domain.study_document import check_document

SEED_PAGE = "seed-record-NCT04822922.txt"
MESH_DESCRIPTORS = "vocab/mesh/mesh2026-descriptors.csv"

BRIEF_SUMMARY = (
    "Acute on chronic liver failure (ACLF) is a type of critically ill liver disease with high short-term "
    "mortality in liver disease. Liver transplantation is currently the only method to improve survival. "
    "Current clinical research evidence shows that mesenchymal stem cells can reduce the mortality of ACLF "
    "patients and are safe. This study aims to explore the safety of umbilical cord mesenchymal stem cells "
    "(UC-MSCs) in the treatment of ACLF. The study population is ACLF patients with 1-2 organ failures. To "
    "explore the safety of 3 doses of UC-MSCs, 16 patients need to be enrolled. The main observation "
    "indicators are the short-term and long-term safety of the treatment. All patients need to receive the "
    "standard medical treatment (SMT) at the same time. Stem cell treatment is given by intravenous infusion "
    "on the first, fourth, seventh, and tenth day. The occurrence of adverse events (AE) and serious adverse "
    "events(SAE) before and after the infusion will be observed. After the patient is discharged from the "
    "hospital, patients will be followed , the follow-up time is 5 years."
)
INTERVENTION = "Human umbilical cord-derived mesenchymal stem cells (hUC-MSCs)"
INTERVENTION_DESCRIPTION = (
    "The hUC-MSCs were injected intravenously on the 1, 4, 7 and 10 days after patients recruitment. The "
    "treatment doses include low dose: 4*10^5 cells/kg/each time, and medium dose: "
    "8*10^5 cells/kg/each time, high dose 12*10^5 cells/kg/each time. After 3 groups of patients were "
    "enrolled, the group with appropriate safety and effectiveness was selected and the other 4 subjects "
    "were included."
)
ARMS = [
    ("low dose", "hUC-MSCs 4*10^5/kg/each time"),
    ("middle dose", "hUC-MSCs 8*10^5/kg/each time"),
    ("high dose", "hUC-MSCs 12*10^5/kg/each time"),
]
PRIMARY_OUTCOME = (
    "Safety of treatment",
    "1 month since intervention start",
    "The purpose of this trial is to observe the short-term safety of low, medium and high doses of hUC-MSCs "
    "in the treatment of ACLF patients. The primary endpoint of the study was serious adverse events that "
    "occurred during the course of one month of treatment. If serious adverse reactions(SAE) occur during "
    "the treatment in hospital, the intervention will be stopped and the study will be terminated.",
)
SECONDARY_OUTCOME = (
    "Short-time efficacy of treatment",
    "90 days",
    "To assess the efficacy of hUC-MSCs in the treatment of ACLF patients, patients will be followed-up, and "
    "the prognosis at each time point will be collected as our schedule.",
)
# The criteria as the page lists them, display numbering and bullets removed (defects kept).
INCLUSION_LINES = [
    ". Age 18-70 years old;",
    ". A history of chronic liver disease, chronic acute liver failure (ACLF) caused by various causes, 1-2 "
    "organ failure (ACLF diagnosis is based on the European EASL diagnostic criteria, and the organ failure "
    "criteria is based on CLIF-OF);",
    ". The patient or adult family members agree to participate in this study and sign an informed consent "
    "form;",
]
EXCLUSION_LINES = [
    "Those who meet any of the following conditions will not be included:",
    "Those who intend to undergo artificial liver treatment;",
    "Those who have received liver transplantation and any form of stem cell therapy;",
    "Malignant tumors in or outside the liver; or imaging findings suggest malignant mass in the liver or "
    "tuberculosis;",
    "Complicated with severe autoimmune diseases; combined with severe cardiopulmonary insufficiency; renal "
    "replacement therapy; Immunosuppressive therapy; HIV/tuberculosis infection; alcohol/drug addiction; "
    "participated in drug trials in the past 3 months;",
    "Gastrointestinal bleeding or serious infection occurred in the past one month;",
    "Pregnant and lactating women;",
    "Those who do not have the ability to make independent judgments and have no direct adult family members "
    "to sign the informed consent form.",
]
FACILITY = "Ren Ji Hospital, School of Medicine, Shanghai Jiao TongUniversity,"
OFFICIAL_AFFILIATION = (
    "Digestive Department of Renji Hospital,Shanghai Jiao Tong University School of Medicine"
)
MESH_TERMS = [
    "Liver Failure",
    "Hepatic Insufficiency",
    "End Stage Liver Disease",
    "Acute-On-Chronic Liver Failure",
    "Liver Diseases",
    "Digestive System Diseases",
    "Liver Failure, Acute",
]


@pytest.fixture
def seed() -> dict[str, Any]:
    return load_seed_study()


@pytest.fixture
def protocol(seed: dict[str, Any]) -> dict[str, Any]:
    section: dict[str, Any] = seed["protocolSection"]
    return section


def test_seed_is_a_valid_document(seed: dict[str, Any]) -> None:
    assert check_document(seed) == []


def test_seed_fields_are_in_real_document_order(seed: dict[str, Any]) -> None:
    assert order_problems(seed) == []


def test_each_load_is_a_fresh_copy() -> None:
    first = load_seed_study()
    first["protocolSection"]["identificationModule"]["briefTitle"] = "changed"
    assert load_seed_study()["protocolSection"]["identificationModule"]["briefTitle"] != "changed"


def test_header_identification_and_titles(protocol: dict[str, Any]) -> None:
    identification = protocol["identificationModule"]
    assert identification["nctId"] == SEED_NCT_ID == "NCT04822922"
    assert identification["briefTitle"] == "Safety of UC-MSC Transfusion for ACLF Patients"
    assert identification["officialTitle"] == (
        "Safety of Human Umbilical Cord-derived Mesenchymal Stem Cell (UC-MSC) Transfusion for "
        "Acute-on-chronic Liver Failure Patients"
    )
    assert identification["orgStudyIdInfo"] == {"id": "MSC-ACLF-1"}


def test_status_and_key_record_dates(protocol: dict[str, Any]) -> None:
    status = protocol["statusModule"]
    assert status["overallStatus"] == "NOT_YET_RECRUITING"
    assert status["statusVerifiedDate"] == "2021-07"
    assert status["studyFirstPostDateStruct"] == {"date": "2021-03-30", "type": "ACTUAL"}
    assert status["lastUpdatePostDateStruct"] == {"date": "2021-07-21", "type": "ACTUAL"}
    assert status["startDateStruct"] == {"date": "2021-09-30", "type": "ESTIMATED"}
    assert status["primaryCompletionDateStruct"] == {"date": "2022-07-31", "type": "ESTIMATED"}
    assert status["completionDateStruct"] == {"date": "2024-07-21", "type": "ESTIMATED"}
    # Not on the page; chosen to fit it (see demo/README.md).
    assert status["studyFirstSubmitDate"] <= status["studyFirstSubmitQcDate"] < "2021-03-30"
    assert "2021-03-30" < status["lastUpdateSubmitDate"] < "2021-07-21"


def test_brief_summary_and_conditions(protocol: dict[str, Any]) -> None:
    assert protocol["descriptionModule"]["briefSummary"] == BRIEF_SUMMARY
    assert protocol["conditionsModule"] == {
        "conditions": ["Acute-On-Chronic Liver Failure"],
        "keywords": ["ACLF", "mesenchymal stem cell", "safety"],
    }


def test_study_design(protocol: dict[str, Any]) -> None:
    design = protocol["designModule"]
    assert design["studyType"] == "INTERVENTIONAL"
    assert design["phases"] == ["PHASE2"]
    assert design["enrollmentInfo"] == {"count": 16, "type": "ESTIMATED"}
    assert design["designInfo"] == {
        "allocation": "NON_RANDOMIZED",
        "interventionModel": "PARALLEL",
        "interventionModelDescription": "3 parallel group with different doses of UC-MSC",
        "primaryPurpose": "TREATMENT",
        "maskingInfo": {"masking": "NONE"},
    }


def test_arms_and_intervention_refer_to_each_other(protocol: dict[str, Any]) -> None:
    module = protocol["armsInterventionsModule"]
    assert [(arm["label"], arm["description"]) for arm in module["armGroups"]] == ARMS
    for arm in module["armGroups"]:
        assert arm["type"] == "EXPERIMENTAL"
        assert arm["interventionNames"] == [f"Genetic: {INTERVENTION}"]
    [intervention] = module["interventions"]
    assert intervention["type"] == "GENETIC"
    assert intervention["name"] == INTERVENTION
    assert intervention["description"] == INTERVENTION_DESCRIPTION
    assert intervention["armGroupLabels"] == [label for label, _ in ARMS]


def test_outcome_measures(protocol: dict[str, Any]) -> None:
    outcomes = protocol["outcomesModule"]
    [primary] = outcomes["primaryOutcomes"]
    [secondary] = outcomes["secondaryOutcomes"]
    assert (primary["measure"], primary["timeFrame"], primary["description"]) == PRIMARY_OUTCOME
    assert (secondary["measure"], secondary["timeFrame"], secondary["description"]) == SECONDARY_OUTCOME


def test_eligibility(protocol: dict[str, Any]) -> None:
    eligibility = protocol["eligibilityModule"]
    assert eligibility["minimumAge"] == "18 Years"
    assert eligibility["maximumAge"] == "70 Years"
    assert eligibility["stdAges"] == ["ADULT", "OLDER_ADULT"]
    assert eligibility["sex"] == "ALL"
    assert eligibility["healthyVolunteers"] is False


def test_eligibility_criteria_lines_in_order_with_their_defects(protocol: dict[str, Any]) -> None:
    criteria = protocol["eligibilityModule"]["eligibilityCriteria"]
    lines = [re.sub(r"^\s*(?:\d+\.|\*)\s", "", line) for line in criteria.splitlines() if line.strip()]
    assert lines == ["Inclusion Criteria:", *INCLUSION_LINES, "Exclusion Criteria:", *EXCLUSION_LINES]
    assert "1. . Age 18-70 years old;" in criteria  # the doubled numbering stays


def test_central_contact_keeps_the_mistyped_email(protocol: dict[str, Any]) -> None:
    [contact] = protocol["contactsLocationsModule"]["centralContacts"]
    assert contact == {
        "name": "Hai Li",
        "role": "CONTACT",
        "phone": "+86-13818525494",
        "email": "haili_17@126.cpm",
    }


def test_location_and_its_contact(protocol: dict[str, Any]) -> None:
    [location] = protocol["contactsLocationsModule"]["locations"]
    assert location["facility"] == FACILITY
    assert (location["city"], location["state"], location["country"]) == ("Shanghai", "Shanghai", "China")
    assert location["contacts"] == [
        {"name": "Hai Li, PhD", "role": "CONTACT", "phone": "+8613818525494", "email": "haili_17@126.com"}
    ]
    assert location["geoPoint"] == {"lat": 31.22222, "lon": 121.45806}


def test_sponsor_responsible_party_and_investigator(protocol: dict[str, Any]) -> None:
    sponsors = protocol["sponsorCollaboratorsModule"]
    assert sponsors["leadSponsor"] == {"name": "Hai Li", "class": "OTHER"}
    assert sponsors["responsibleParty"] == {
        "type": "SPONSOR_INVESTIGATOR",
        "investigatorFullName": "Hai Li",
        "investigatorTitle": "chief physician of gastroenterological division",
        "investigatorAffiliation": "Shanghai Jiao Tong University School of Medicine",
    }
    assert protocol["contactsLocationsModule"]["overallOfficials"] == [
        {"name": "Hai Li", "affiliation": OFFICIAL_AFFILIATION, "role": "STUDY_DIRECTOR"}
    ]


def test_ipd_sharing_and_fda_flags(protocol: dict[str, Any]) -> None:
    assert protocol["ipdSharingStatementModule"] == {"ipdSharing": "NO"}
    assert protocol["oversightModule"] == {"isFdaRegulatedDrug": False, "isFdaRegulatedDevice": False}


def test_mesh_terms_split_into_condition_terms_and_ancestors(seed: dict[str, Any]) -> None:
    browse = seed["derivedSection"]["conditionBrowseModule"]
    meshes = [m["term"] for m in browse["meshes"]]
    ancestors = [m["term"] for m in browse["ancestors"]]
    assert sorted(meshes + ancestors) == sorted(MESH_TERMS)
    assert meshes[0] == "Acute-On-Chronic Liver Failure"
    assert ancestors == [
        "Liver Failure",
        "Hepatic Insufficiency",
        "Liver Diseases",
        "Digestive System Diseases",
    ]
    assert all(re.fullmatch(r"D\d{9}", m["id"]) for m in browse["meshes"] + browse["ancestors"])
    assert seed["hasResults"] is False


def _normalized(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.shared_data
def test_expected_values_are_on_the_page() -> None:
    page = _normalized(shared_path(SEED_PAGE).read_text(encoding="utf-8"))
    expected = [
        BRIEF_SUMMARY,
        INTERVENTION,
        INTERVENTION_DESCRIPTION,
        *(text for arm in ARMS for text in arm),
        *PRIMARY_OUTCOME,
        *SECONDARY_OUTCOME,
        *INCLUSION_LINES,
        *EXCLUSION_LINES,
        FACILITY,
        OFFICIAL_AFFILIATION,
        "Contact: Hai Li +86-13818525494 haili_17@126.cpm",
        "Contact: Hai Li, PhD +8613818525494 haili_17@126.com",
        "chief physician of gastroenterological division",
        "Other Study ID Numbers: MSC-ACLF-1",
        "3 parallel group with different doses of UC-MSC",
        "Estimated Enrollment : 16 participants",
        "First Posted : March 30, 2021",
        "Last Update Posted : July 21, 2021",
        "Last Verified: July 2021",
        "Estimated Study Start Date : September 30, 2021",
        "Estimated Primary Completion Date : July 31, 2022",
        "Estimated Study Completion Date : July 21, 2024",
        "Ages Eligible for Study: 18 Years to 70 Years (Adult, Older Adult)",
        "Plan to Share IPD: No",
        "Studies a U.S. FDA-regulated Drug Product: No",
        "Studies a U.S. FDA-regulated Device Product: No",
        "ACLF mesenchymal stem cell safety",
        " ".join(MESH_TERMS),
    ]
    missing = [text for text in expected if _normalized(text) not in page]
    assert missing == []


@pytest.mark.shared_data
def test_mesh_ids_are_the_mesh_descriptors() -> None:
    with shared_path(MESH_DESCRIPTORS).open(encoding="utf-8", newline="") as handle:
        names = {
            row["subject"]: "D" + row["id"].rsplit("/D", 1)[1].zfill(9) for row in csv.DictReader(handle)
        }
    browse = load_seed_study()["derivedSection"]["conditionBrowseModule"]
    for mesh in browse["meshes"] + browse["ancestors"]:
        assert names[mesh["term"]] == mesh["id"], mesh
