"""The FHIR R4 ResearchStudy renderer, checked against the R4 rules a structure can show."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from typing import Any

import pytest

from tests.factories import full_study, minimal_study
from tests.shared_data import v2_documents
from trialbase.export.fhir import fhir_research_study, mesh_ui

# R4 ResearchStudy: its elements, and the codes of its required bindings.
ELEMENTS = {
    "resourceType", "id", "meta", "implicitRules", "language", "text", "contained", "extension",
    "modifierExtension", "identifier", "title", "protocol", "partOf", "status", "primaryPurposeType",
    "phase", "category", "focus", "condition", "contact", "relatedArtifact", "keyword", "location",
    "description", "enrollment", "period", "sponsor", "principalInvestigator", "site", "reasonStopped",
    "note", "arm", "objective",
}  # fmt: skip
STATUSES = {
    "active", "administratively-completed", "approved", "closed-to-accrual",
    "closed-to-accrual-and-intervention", "completed", "disapproved", "in-review",
    "temporarily-closed-to-accrual", "temporarily-closed-to-accrual-and-intervention", "withdrawn",
}  # fmt: skip
PHASES = {
    "n-a",
    "early-phase-1",
    "phase-1",
    "phase-1-phase-2",
    "phase-2",
    "phase-2-phase-3",
    "phase-3",
    "phase-4",
}
PURPOSES = {
    "treatment", "prevention", "diagnostic", "supportive-care", "screening", "health-services-research",
    "basic-science", "device-feasibility",
}  # fmt: skip
OBJECTIVE_TYPES = {"primary", "secondary", "exploratory"}
GROUP_TYPES = {"person", "animal", "practitioner", "device", "medication", "substance"}
CONTACT_SYSTEMS = {"phone", "fax", "email", "pager", "url", "sms", "other"}
IDENTIFIER_USES = {"usual", "official", "temp", "secondary", "old"}
ARTIFACT_TYPES = {
    "documentation", "justification", "citation", "predecessor", "successor", "derived-from", "depends-on",
    "composed-of",
}  # fmt: skip
ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
DATE_TIME = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
ABSOLUTE_URI = re.compile(r"(https?://\S+|urn:\S+)")


def seed_study() -> dict[str, Any]:
    text = resources.files("trialbase.demo").joinpath("seed_NCT04822922.json").read_text()
    document: dict[str, Any] = json.loads(text)
    return document


def r4_problems(resource: dict[str, Any]) -> list[str]:
    """What breaks an R4 rule we can check without a validator (empty list: none)."""
    problems: list[str] = []

    def walk(value: Any, path: str) -> None:
        if value is None or value == "" or value == [] or value == {}:
            problems.append(f"{path}: empty value (ele-1)")
        elif isinstance(value, str) and not value.strip():
            problems.append(f"{path}: blank string")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")

    walk(resource, "ResearchStudy")
    if resource.get("resourceType") != "ResearchStudy":
        problems.append("resourceType")
    if not ID.fullmatch(resource.get("id", "")):
        problems.append("id")
    problems += [f"unknown element {key}" for key in set(resource) - ELEMENTS]
    if resource.get("status") not in STATUSES:
        problems.append(f"status {resource.get('status')}")

    contained = {item.get("id"): item for item in resource.get("contained", [])}
    if len(contained) != len(resource.get("contained", [])):
        problems.append("contained ids repeat")
    for item in contained.values():
        if "contained" in item or "text" in item or "meta" in item:
            problems.append(f"contained {item.get('id')} has contained/text/meta (dom-2, dom-4)")
        if not item.get("resourceType") or not ID.fullmatch(str(item.get("id"))):
            problems.append(f"contained {item} lacks a resourceType or valid id")
        if item.get("resourceType") == "Group":
            if item.get("type") not in GROUP_TYPES or not isinstance(item.get("actual"), bool):
                problems.append("Group needs type and actual")
            if "quantity" in item and not (isinstance(item["quantity"], int) and item["quantity"] >= 0):
                problems.append("Group.quantity is not an unsignedInt")
        if item.get("resourceType") == "Location" and "position" in item:
            position = item["position"]
            if not all(isinstance(position.get(key), int | float) for key in ("longitude", "latitude")):
                problems.append("Location.position needs longitude and latitude")
    text = json.dumps(resource)
    referenced = set(re.findall(r'"reference": "#([^"]+)"', text))
    problems += [f"reference #{name} has no contained resource" for name in referenced - set(contained)]
    problems += [f"contained {name} is not referenced (dom-3)" for name in set(contained) - referenced]

    def codings(concept: dict[str, Any] | None) -> list[dict[str, Any]]:
        return list((concept or {}).get("coding", []))

    for concept in [
        resource.get("phase"),
        resource.get("primaryPurposeType"),
        *resource.get("condition", []),
        *resource.get("location", []),
        *(objective.get("type") for objective in resource.get("objective", [])),
    ]:
        for coding in codings(concept):
            if not ABSOLUTE_URI.fullmatch(coding.get("system", "")) or not coding.get("code"):
                problems.append(f"coding without an absolute system and a code: {coding}")
    problems += [f"phase {c['code']}" for c in codings(resource.get("phase")) if c["code"] not in PHASES]
    purposes = codings(resource.get("primaryPurposeType"))
    problems += [f"primaryPurposeType {c['code']}" for c in purposes if c["code"] not in PURPOSES]
    for objective in resource.get("objective", []):
        problems += [
            f"objective {c['code']}"
            for c in codings(objective.get("type"))
            if c["code"] not in OBJECTIVE_TYPES
        ]
    for identifier in resource.get("identifier", []):
        if identifier.get("use", "usual") not in IDENTIFIER_USES:
            problems.append(f"identifier use {identifier.get('use')}")
        if "system" in identifier and not ABSOLUTE_URI.fullmatch(identifier["system"]):
            problems.append(f"identifier system {identifier['system']}")
    for contact in resource.get("contact", []):
        for point in contact.get("telecom", []):
            if point.get("system") not in CONTACT_SYSTEMS or not point.get("value"):
                problems.append(f"ContactPoint {point} (cpt-2)")
    problems += [f"arm without name: {arm}" for arm in resource.get("arm", []) if not arm.get("name")]
    problems += [f"note without text: {note}" for note in resource.get("note", []) if not note.get("text")]
    for artifact in resource.get("relatedArtifact", []):
        if artifact.get("type") not in ARTIFACT_TYPES:
            problems.append(f"relatedArtifact type {artifact.get('type')}")
    period = resource.get("period", {})
    for key in ("start", "end"):
        if key in period and not DATE_TIME.fullmatch(period[key]):
            problems.append(f"period.{key} {period[key]} is not a FHIR dateTime")
    if "start" in period and "end" in period:
        common = min(len(period["start"]), len(period["end"]))
        if period["end"][:common] < period["start"][:common]:
            problems.append("period ends before it starts (per-1)")
    return problems


def test_the_seed_study() -> None:
    study = fhir_research_study(seed_study())
    assert r4_problems(study) == []
    assert study["id"] == "NCT04822922"
    assert study["identifier"][0] == {
        "use": "official",
        "system": "https://clinicaltrials.gov",
        "value": "NCT04822922",
    }
    assert study["identifier"][1]["value"] == "MSC-ACLF-1"
    assert study["status"] == "approved"  # NOT_YET_RECRUITING
    assert study["phase"]["coding"][0]["code"] == "phase-2"
    assert study["primaryPurposeType"]["coding"][0]["code"] == "treatment"
    assert study["category"] == [{"text": "Interventional"}]
    first = study["condition"][0]
    assert first["text"] == "Acute-On-Chronic Liver Failure"
    assert first["coding"] == [
        {
            "system": "https://www.nlm.nih.gov/mesh",
            "code": "D065290",
            "display": "Acute-On-Chronic Liver Failure",
        }
    ]
    assert [item["text"] for item in study["condition"]][1:] == [
        "End Stage Liver Disease",
        "Liver Failure, Acute",
    ]
    assert study["location"] == [
        {"coding": [{"system": "urn:iso:std:iso:3166", "code": "CN", "display": "China"}], "text": "China"}
    ]
    assert study["keyword"] == [{"text": "ACLF"}, {"text": "mesenchymal stem cell"}, {"text": "safety"}]
    assert study["period"] == {"start": "2021-09-30", "end": "2024-07-21"}
    contained = {item["id"]: item for item in study["contained"]}
    assert contained["enrollment"] == {
        "resourceType": "Group",
        "id": "enrollment",
        "type": "person",
        "actual": False,
        "quantity": 16,
        "name": "Enrollment (Anticipated)",
    }
    assert contained["sponsor"]["name"] == "Hai Li"
    assert contained["principal-investigator"]["name"] == [{"text": "Hai Li"}]  # the sponsor-investigator
    site = contained["site-1"]
    assert site["address"] == {"city": "Shanghai", "state": "Shanghai", "country": "CN"}
    assert site["position"] == {"longitude": 121.45806, "latitude": 31.22222}
    assert [arm["name"] for arm in study["arm"]] == ["low dose", "middle dose", "high dose"]
    assert [objective["type"]["coding"][0]["code"] for objective in study["objective"]] == [
        "primary",
        "secondary",
    ]
    assert study["contact"][0]["telecom"] == [
        {"system": "phone", "value": "+86-13818525494"},
        {"system": "email", "value": "haili_17@126.cpm"},
    ]
    assert study["description"].startswith("Acute on chronic liver failure (ACLF)")


def test_factory_studies() -> None:
    full = fhir_research_study(full_study())
    assert r4_problems(full) == []
    assert full["status"] == "active"
    assert full["phase"]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/research-study-phase",
        "code": "phase-2-phase-3",
        "display": "Phase 2/Phase 3",
    }
    assert {"use": "old", "system": "https://clinicaltrials.gov", "value": "NCT90009999"} in full[
        "identifier"
    ]
    assert full["focus"] == [{"text": "Drug: Aspirin"}, {"text": "Drug: Placebo"}]
    assert full["period"] == {"start": "2023-03", "end": "2026-06"}  # partial dates keep their precision
    assert full["location"][0]["coding"][0]["code"] == "FR"

    minimal = fhir_research_study(minimal_study())
    assert r4_problems(minimal) == []
    assert minimal["status"] == "active"
    assert "contained" not in minimal
    assert minimal["title"] == "Test study NCT90000001"


@pytest.mark.parametrize(
    ("overall", "last_known", "expected"),
    [
        ("ACTIVE_NOT_RECRUITING", None, "closed-to-accrual"),
        ("SUSPENDED", None, "temporarily-closed-to-accrual"),
        ("TERMINATED", None, "administratively-completed"),
        ("COMPLETED", None, "completed"),
        ("WITHDRAWN", None, "withdrawn"),
        ("ENROLLING_BY_INVITATION", None, "active"),
        ("UNKNOWN", "ACTIVE_NOT_RECRUITING", "closed-to-accrual"),
        ("UNKNOWN", None, "active"),
    ],
)
def test_status_codes(overall: str, last_known: str | None, expected: str) -> None:
    document = minimal_study(overallStatus=overall)
    if last_known:
        document["protocolSection"]["statusModule"]["lastKnownStatus"] = last_known
    study = fhir_research_study(document)
    assert study["status"] == expected
    assert study["note"][0]["text"].startswith("Overall status on the registry: ")


def test_registry_errors_do_not_make_invalid_fhir() -> None:
    document = copy.deepcopy(full_study())
    status = document["protocolSection"]["statusModule"]
    status["completionDateStruct"] = {"date": "2020-01", "type": "ACTUAL"}  # before the start
    document["protocolSection"]["identificationModule"]["officialTitle"] = "   "
    document["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": -3}
    document["protocolSection"]["armsInterventionsModule"]["armGroups"].append({"description": "no label"})
    document["protocolSection"]["contactsLocationsModule"]["centralContacts"] = [{"name": "", "email": ""}]
    study = fhir_research_study(document)
    assert r4_problems(study) == []
    assert study["period"] == {"start": "2023-03"}
    assert study["title"] == "Aspirin After Heart Attack (test fixture)"
    assert "enrollment" not in study
    assert "contact" not in study


def test_a_document_without_an_nct_id_is_refused() -> None:
    with pytest.raises(ValueError, match="nctId"):
        fhir_research_study({"protocolSection": {}})


@pytest.mark.parametrize(
    ("registry", "ui"),
    [
        ("D000065290", "D065290"),
        ("D000066331", "D066331"),
        ("D000073496", "D000073496"),
        ("D009203", "D009203"),
    ],
)
def test_mesh_ids_become_descriptor_uis(registry: str, ui: str) -> None:
    assert mesh_ui(registry) == ui


@pytest.mark.shared_data
def test_every_real_study_renders_valid_r4() -> None:
    for document in v2_documents():
        study = fhir_research_study(document)
        assert r4_problems(study) == [], study["id"]
        assert study["identifier"][0]["value"] == document["protocolSection"]["identificationModule"]["nctId"]
