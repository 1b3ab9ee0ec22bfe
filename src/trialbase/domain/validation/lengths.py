"""Maximum lengths of text fields.

The limits are those of the ClinicalTrials.gov protocol registration data element definitions
(https://clinicaltrials.gov/policy/protocol-definitions, "Limit: N characters"). The published
metadata (``/api/v2/studies/metadata``, our ``spec/studies-metadata.json``) carries no ``maxChars``,
so the table is kept here, keyed by v2 path (``[]`` marks "each entry of the list").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trialbase.domain.issue import Issue, Severity, join_path
from trialbase.domain.validation.document_view import PROTOCOL, Study
from trialbase.domain.validation.rule import Rule

FAMILY = "lengths"
TOO_LONG = Rule(
    "too-long",
    Severity.ERROR,
    FAMILY,
    "A text field is longer than the registry's limit for it (see the table of limits below).",
)
RULES: tuple[Rule, ...] = (TOO_LONG,)

_OUTCOME_LIMITS = {
    "measure": ("Outcome Measure Title", 255),
    "description": ("Outcome Measure Description", 999),
    "timeFrame": ("Outcome Measure Time Frame", 255),
}

# path under protocolSection -> (label, limit)
LIMITS: dict[str, tuple[str, int]] = {
    "identificationModule.orgStudyIdInfo.id": ("Unique Protocol Identification Number", 30),
    "identificationModule.secondaryIdInfos[].id": ("Secondary ID", 30),
    "identificationModule.briefTitle": ("Brief Title", 300),
    "identificationModule.officialTitle": ("Official Title", 600),
    "identificationModule.acronym": ("Acronym", 14),
    "statusModule.whyStopped": ("Why Study Stopped", 250),
    "sponsorCollaboratorsModule.leadSponsor.name": ("Sponsor", 160),
    "sponsorCollaboratorsModule.collaborators[].name": ("Collaborator", 160),
    "sponsorCollaboratorsModule.responsibleParty.investigatorAffiliation": ("Investigator Affiliation", 160),
    "descriptionModule.briefSummary": ("Brief Summary", 5000),
    "descriptionModule.detailedDescription": ("Detailed Description", 32000),
    "designModule.designInfo.interventionModelDescription": ("Model Description", 1000),
    "designModule.designInfo.maskingInfo.maskingDescription": ("Masking Description", 1000),
    "designModule.bioSpec.description": ("Biospecimen Description", 1000),
    "armsInterventionsModule.armGroups[].label": ("Arm Label", 100),
    "armsInterventionsModule.armGroups[].description": ("Arm Description", 999),
    "armsInterventionsModule.interventions[].name": ("Intervention Name", 200),
    "armsInterventionsModule.interventions[].description": ("Intervention Description", 1000),
    **{
        f"outcomesModule.{kind}[].{field}": limit
        for kind in ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes")
        for field, limit in _OUTCOME_LIMITS.items()
    },
    "eligibilityModule.eligibilityCriteria": ("Eligibility Criteria", 20000),
    "eligibilityModule.studyPopulation": ("Study Population Description", 1000),
    "contactsLocationsModule.locations[].facility": ("Facility Name", 254),
    "referencesModule.seeAlsoLinks[].url": ("Link URL", 3999),
    "ipdSharingStatementModule.description": ("IPD Sharing Plan Description", 1000),
    "ipdSharingStatementModule.timeFrame": ("IPD Sharing Time Frame", 1000),
    "ipdSharingStatementModule.accessCriteria": ("IPD Sharing Access Criteria", 1000),
    "ipdSharingStatementModule.url": ("IPD Sharing URL", 3999),
}


def _values(value: Any, keys: list[str], path: str) -> Iterator[tuple[str, Any]]:
    if not keys:
        yield path, value
        return
    key, rest = keys[0], keys[1:]
    is_list = key.endswith("[]")
    key = key.removesuffix("[]")
    if not isinstance(value, dict) or key not in value:
        return
    child, child_path = value[key], join_path(path, key)
    if not is_list:
        yield from _values(child, rest, child_path)
    elif isinstance(child, list):
        for index, item in enumerate(child):
            yield from _values(item, rest, join_path(child_path, index))


def check(study: Study) -> Iterator[Issue]:
    for field, (label, limit) in LIMITS.items():
        for path, value in _values(study.protocol, field.split("."), PROTOCOL):
            if isinstance(value, str) and len(value) > limit:
                message = (
                    f"The {label} is {len(value):,} characters long; the limit is {limit:,}. "
                    f"Shorten it by {len(value) - limit:,} characters."
                )
                yield TOO_LONG.issue(path, message)
