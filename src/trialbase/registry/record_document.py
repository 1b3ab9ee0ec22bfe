"""The document a registration record holds: what the sponsor may set, its modules, its checks.

The registry, not the sponsor, sets the NCT number, the aliases, the submission and posting dates,
the derived section and the annotations: values for them in an upload or a form are dropped (with
a note saying so) and set when the record is published. A draft may be incomplete but never
malformed: a document whose values have the wrong kind (text where a list belongs) is refused.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.results_due import has_ended
from trialbase.domain.study_document import check_document
from trialbase.domain.validation import validate

PROTOCOL_MODULES: tuple[tuple[str, str], ...] = (
    ("identificationModule", "Identification"),
    ("statusModule", "Status"),
    ("sponsorCollaboratorsModule", "Sponsor and collaborators"),
    ("oversightModule", "Oversight"),
    ("descriptionModule", "Description"),
    ("conditionsModule", "Conditions and keywords"),
    ("designModule", "Design"),
    ("armsInterventionsModule", "Arms and interventions"),
    ("outcomesModule", "Outcome measures"),
    ("eligibilityModule", "Eligibility"),
    ("contactsLocationsModule", "Contacts and locations"),
    ("referencesModule", "References"),
    ("ipdSharingStatementModule", "Individual participant data (IPD) sharing"),
)
MODULE_NAMES = frozenset(name for name, _ in PROTOCOL_MODULES)
RESULTS_MODULES: tuple[tuple[str, str], ...] = (
    ("participantFlowModule", "Participant flow"),
    ("baselineCharacteristicsModule", "Baseline characteristics"),
    ("outcomeMeasuresModule", "Outcome measures and analyses"),
    ("adverseEventsModule", "Adverse events"),
    ("moreInfoModule", "More information"),
)
RESULTS_MODULE_NAMES = frozenset(name for name, _ in RESULTS_MODULES)
NCT_PATH = "protocolSection.identificationModule.nctId"
# Set by the registry when it publishes; a sponsor's value is dropped.
REGISTRY_FIELDS: dict[str, tuple[str, ...]] = {
    "identificationModule": ("nctId", "nctIdAliases"),
    "statusModule": (
        "studyFirstSubmitDate",
        "studyFirstSubmitQcDate",
        "studyFirstPostDateStruct",
        "lastUpdateSubmitDate",
        "lastUpdatePostDateStruct",
        "resultsFirstSubmitDate",
        "resultsFirstSubmitQcDate",
        "resultsFirstPostDateStruct",
        "dispFirstSubmitDate",
        "dispFirstSubmitQcDate",
        "dispFirstPostDateStruct",
    ),
}
REGISTRY_SECTIONS = ("derivedSection", "annotationSection")
REGISTRY_PATHS = tuple(
    [f"protocolSection.{module}.{field}" for module, fields in REGISTRY_FIELDS.items() for field in fields]
    + list(REGISTRY_SECTIONS)
)
# Structure findings that mean "incomplete" rather than "malformed": a draft may have them.
_INCOMPLETE_CODES = frozenset({"missing-field", "missing-nct-id"})
_PLACEHOLDER_NCT_ID = "NCT99999999"


def section_of(module: str) -> str:
    """The section a module belongs to (``protocolSection`` or ``resultsSection``)."""
    if module in MODULE_NAMES:
        return "protocolSection"
    if module in RESULTS_MODULE_NAMES:
        return "resultsSection"
    raise KeyError(module)


def results_offered(document: dict[str, Any]) -> bool:
    """Results may be entered: the study has ended (completed or terminated) or has results already."""
    return has_ended(document) or bool(document.get("resultsSection"))


def empty_document() -> dict[str, Any]:
    return {"protocolSection": {"identificationModule": {}}, "hasResults": False}


def sponsor_part(document: Any) -> tuple[dict[str, Any], list[Issue]]:
    """The document with the registry's fields removed, and a note for each one removed.

    Raises ``ValueError`` with the findings when the document is malformed.
    """
    if not isinstance(document, dict) or not isinstance(document.get("protocolSection", {}), dict):
        raise MalformedDocument(
            [Issue("", "not-an-object", "a study must be a JSON object with a protocolSection object")]
        )
    result = copy.deepcopy(document)
    result.setdefault("protocolSection", {})
    result.setdefault("hasResults", False)
    notes: list[Issue] = []
    protocol = result["protocolSection"]
    for module, fields in REGISTRY_FIELDS.items():
        values = protocol.get(module)
        if not isinstance(values, dict):
            continue
        for field in fields:
            if field in values:
                del values[field]
                notes.append(_dropped(f"protocolSection.{module}.{field}"))
    for section in REGISTRY_SECTIONS:
        if section in result:
            del result[section]
            notes.append(_dropped(section))
    malformed = [issue for issue in structure_issues(result) if issue.code not in _INCOMPLETE_CODES]
    if malformed:
        raise MalformedDocument(malformed)
    return result, notes


class MalformedDocument(ValueError):
    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(issue) for issue in issues))


def structure_issues(document: dict[str, Any]) -> list[Issue]:
    return _without_registry_paths(check_document(_with_nct_id(document, None)))


def check_record(document: dict[str, Any], *, nct_id: str | None, today: dt.date) -> list[Issue]:
    """Every finding of the validation rules about the sponsor's part of the record.

    Findings about what the registry sets (NCT number, posting dates) are left out: the registry
    fills them in when it publishes.
    """
    return _without_registry_paths(validate(_with_nct_id(document, nct_id), today=today))


def check_upload(document: Any, *, today: dt.date) -> tuple[bool, list[Issue]]:
    """What a draft made from ``document`` would be told, without storing anything.

    The first value says whether it could be stored at all (it is not malformed); the findings
    are then the registry's fields that would be left out and every finding of the validation
    rules, or else what makes it malformed.
    """
    try:
        content, notes = sponsor_part(document)
    except MalformedDocument as error:
        return False, error.issues
    return True, notes + check_record(content, nct_id=None, today=today)


def errors_of(issues: list[Issue]) -> list[Issue]:
    return [issue for issue in issues if issue.severity is Severity.ERROR]


def _with_nct_id(document: dict[str, Any], nct_id: str | None) -> dict[str, Any]:
    probe = dict(document)
    protocol = dict(probe.get("protocolSection") or {})
    identification = protocol.get("identificationModule", {})
    if isinstance(identification, dict):  # a malformed one is left for the check to report
        protocol["identificationModule"] = {**identification, "nctId": nct_id or _PLACEHOLDER_NCT_ID}
    probe["protocolSection"] = protocol
    return probe


def _without_registry_paths(issues: list[Issue]) -> list[Issue]:
    return [
        issue
        for issue in issues
        if issue.code != "missing-nct-id"
        and not any(
            issue.path == path or issue.path.startswith((path + ".", path + "[")) for path in REGISTRY_PATHS
        )
    ]


def _dropped(path: str) -> Issue:
    return Issue(
        path,
        "set-by-registry",
        "the registry sets this when it publishes the record; the value given was left out",
        Severity.NOTE,
    )
