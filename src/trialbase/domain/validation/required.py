"""Required fields, by study type.

The table follows the ClinicalTrials.gov protocol registration data element definitions
(https://clinicaltrials.gov/policy/protocol-definitions and the expanded access definitions):
fields marked required (*) for every study or for the study type, and those marked *§ (required
if the study started on or after 18 January 2017) only for such studies. A list field is
required to have at least one entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.validation.document_view import PROTOCOL, Study
from trialbase.domain.validation.rule import Rule

FAMILY = "required"
REQUIRED_FIELD = Rule(
    "required-field",
    Severity.ERROR,
    FAMILY,
    "A field the data element definitions require for this study type is missing or empty "
    "(see the table of required fields below).",
)
RULES: tuple[Rule, ...] = (REQUIRED_FIELD,)

INTERVENTIONAL = "INTERVENTIONAL"
OBSERVATIONAL = "OBSERVATIONAL"
EXPANDED_ACCESS = "EXPANDED_ACCESS"
_TYPE_NAMES = {
    INTERVENTIONAL: "interventional studies",
    OBSERVATIONAL: "observational studies",
    EXPANDED_ACCESS: "expanded access records",
}
FINAL_RULE_DATE = dt.date(2017, 1, 18)  # 42 CFR Part 11 took effect


@dataclass(frozen=True, slots=True)
class Requirement:
    """``path`` (dotted, under ``protocolSection``) must hold a value for ``study_types``."""

    path: str
    label: str
    accepted: str
    study_types: tuple[str, ...] = ()  # empty: every study type
    since_final_rule: bool = False  # only for studies starting on or after 2017-01-18

    def applies(self, study_type: str | None, started: dt.date | None) -> bool:
        if self.study_types and study_type not in self.study_types:
            return False
        return not (self.since_final_rule and started is not None and started < FINAL_RULE_DATE)

    def scope(self) -> str:
        whom = " and ".join(_TYPE_NAMES[kind] for kind in self.study_types) or "every study"
        if self.since_final_rule:
            whom += " starting on or after 18 January 2017"
        return whom


_IO = (INTERVENTIONAL, OBSERVATIONAL)
_I = (INTERVENTIONAL,)
_O = (OBSERVATIONAL,)
_EA = (EXPANDED_ACCESS,)

REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "identificationModule.orgStudyIdInfo.id",
        "Unique Protocol Identification Number",
        "the identifier your organization gives the protocol (at most 30 characters)",
    ),
    Requirement(
        "identificationModule.briefTitle",
        "Brief Title",
        "a short title in plain language (at most 300 characters)",
    ),
    Requirement(
        "identificationModule.officialTitle",
        "Official Title",
        "the title of the protocol (at most 600 characters)",
        _IO,
        since_final_rule=True,
    ),
    Requirement("statusModule.overallStatus", "Overall Recruitment Status", "the study's current status"),
    Requirement(
        "statusModule.statusVerifiedDate",
        "Record Verification Date",
        "the month you last checked the record (yyyy-MM)",
    ),
    Requirement(
        "statusModule.startDateStruct.date",
        "Study Start Date",
        "a date (yyyy-MM-dd or yyyy-MM) with its type",
        _IO,
    ),
    Requirement(
        "statusModule.primaryCompletionDateStruct.date",
        "Primary Completion Date",
        "a date (yyyy-MM-dd or yyyy-MM) with its type",
        _IO,
    ),
    Requirement(
        "statusModule.completionDateStruct.date",
        "Study Completion Date",
        "a date (yyyy-MM-dd or yyyy-MM) with its type",
        _IO,
    ),
    Requirement(
        "sponsorCollaboratorsModule.leadSponsor.name", "Sponsor", "the name of the sponsoring organization"
    ),
    Requirement(
        "sponsorCollaboratorsModule.responsibleParty.type",
        "Responsible Party",
        "SPONSOR, PRINCIPAL_INVESTIGATOR or SPONSOR_INVESTIGATOR",
        _IO,
        since_final_rule=True,
    ),
    Requirement(
        "descriptionModule.briefSummary",
        "Brief Summary",
        "a plain-language summary (at most 5,000 characters)",
    ),
    Requirement("conditionsModule.conditions", "Conditions", "at least one condition or focus of the study"),
    Requirement("designModule.studyType", "Study Type", "INTERVENTIONAL, OBSERVATIONAL or EXPANDED_ACCESS"),
    Requirement(
        "designModule.phases", "Study Phase", "one or two phases, or NA for trials without phases", _I
    ),
    Requirement(
        "designModule.designInfo.primaryPurpose", "Primary Purpose", "the main objective, e.g. TREATMENT", _I
    ),
    Requirement(
        "designModule.designInfo.interventionModel",
        "Interventional Study Model",
        "e.g. PARALLEL or SINGLE_GROUP",
        _I,
    ),
    Requirement(
        "designModule.designInfo.maskingInfo.masking",
        "Masking",
        "NONE, SINGLE, DOUBLE, TRIPLE or QUADRUPLE",
        _I,
    ),
    Requirement(
        "designModule.designInfo.observationalModel",
        "Observational Study Model",
        "e.g. COHORT or CASE_CONTROL",
        _O,
    ),
    Requirement(
        "designModule.designInfo.timePerspective", "Time Perspective", "PROSPECTIVE, RETROSPECTIVE, ...", _O
    ),
    Requirement("designModule.enrollmentInfo.count", "Enrollment", "the number of participants", _IO),
    Requirement("armsInterventionsModule.armGroups", "Arms", "at least one arm with its label and type", _I),
    Requirement(
        "armsInterventionsModule.interventions",
        "Interventions",
        "at least one intervention with its type and name",
        (INTERVENTIONAL, EXPANDED_ACCESS),
    ),
    Requirement(
        "outcomesModule.primaryOutcomes",
        "Primary Outcome Measures",
        "at least one measure with its time frame",
        _IO,
    ),
    Requirement(
        "eligibilityModule.eligibilityCriteria",
        "Eligibility Criteria",
        "the inclusion and exclusion criteria",
    ),
    Requirement("eligibilityModule.sex", "Sex", "ALL, FEMALE or MALE"),
    Requirement("eligibilityModule.healthyVolunteers", "Accepts Healthy Volunteers", "true or false", _I),
    Requirement(
        "eligibilityModule.studyPopulation",
        "Study Population Description",
        "who the groups or cohorts are drawn from (at most 1,000 characters)",
        _O,
    ),
    Requirement(
        "eligibilityModule.samplingMethod",
        "Sampling Method",
        "PROBABILITY_SAMPLE or NON_PROBABILITY_SAMPLE",
        _O,
    ),
)


def _missing(protocol: dict[str, Any], path: str) -> bool:
    """Whether the field is absent or empty (a wrong-typed parent is the structure rules' finding)."""
    value: Any = protocol
    for key in path.split("."):
        if value is None:
            return True
        if not isinstance(value, dict):
            return False
        value = value.get(key)
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


def check(study: Study) -> Iterator[Issue]:
    start = study.date_struct("startDateStruct", "Study Start Date")
    started = start.date.earliest() if start is not None else None
    study_type = study.study_type
    for requirement in REQUIREMENTS:
        if not requirement.applies(study_type, started):
            continue
        if _missing(study.protocol, requirement.path):
            message = (
                f"No {requirement.label} given: it is required for {requirement.scope()}. "
                f"Enter {requirement.accepted}."
            )
            yield REQUIRED_FIELD.issue(f"{PROTOCOL}.{requirement.path}", message)
