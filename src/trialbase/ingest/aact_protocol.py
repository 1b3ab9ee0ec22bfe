"""The protocol and derived sections of an AACT study, from the studies row and its tables.

``studies`` gives identification, status and dates, oversight, the study type, phase, enrollment,
biospecimens and the IPD sharing statement; ``conditions`` and ``keywords`` the conditions
module; ``designs`` the design info; ``design_groups``, ``interventions`` and
``design_group_interventions`` the arms and interventions with their cross references (as the v2
``"Drug: Name"`` intervention names and arm labels); ``sponsors`` the lead sponsor and
collaborators; ``browse_interventions`` the intervention MeSH terms and their ancestors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from trialbase.domain.enums import (
    AgencyClass,
    ArmGroupType,
    BioSpecRetention,
    DateType,
    DesignAllocation,
    DesignMasking,
    DesignTimePerspective,
    EnrollmentType,
    InterventionalAssignment,
    InterventionType,
    IpdSharing,
    ObservationalModel,
    PrimaryPurpose,
    Status,
)
from trialbase.ingest.aact_tables import Row
from trialbase.ingest.aact_values import (
    Findings,
    boolean,
    day,
    duration,
    enum_value,
    integer,
    phases,
    present,
    prune,
    registered_date,
    study_type,
    text,
)

# The tables read for these sections: (columns a file must have, columns read when present).
PROTOCOL_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "conditions": (("name",), ("id",)),
    "keywords": (("name",), ("id",)),
    "sponsors": (("name", "lead_or_collaborator"), ("id", "agency_class")),
    "designs": (
        (),
        (
            "id",
            "allocation",
            "intervention_model",
            "observational_model",
            "primary_purpose",
            "time_perspective",
            "masking",
            "masking_description",
            "intervention_model_description",
            "subject_masked",
            "caregiver_masked",
            "investigator_masked",
            "outcomes_assessor_masked",
        ),
    ),
    "design_groups": (("id", "title"), ("group_type", "description")),
    "interventions": (("id", "name"), ("intervention_type", "description")),
    "design_group_interventions": (("design_group_id", "intervention_id"), ("id",)),
    "browse_interventions": (("mesh_term", "mesh_type"), ("id",)),
}
# The columns of the studies table that are read (a file without some of them is still read).
STUDY_COLUMNS = (
    "nct_id",
    "brief_title",
    "official_title",
    "acronym",
    "source",
    "verification_month_year",
    "verification_date",
    "overall_status",
    "last_known_status",
    "why_stopped",
    "has_expanded_access",
    "start_month_year",
    "start_date",
    "start_date_type",
    "primary_completion_month_year",
    "primary_completion_date",
    "primary_completion_date_type",
    "completion_month_year",
    "completion_date",
    "completion_date_type",
    "study_first_submitted_date",
    "study_first_submitted_qc_date",
    "study_first_posted_date",
    "study_first_posted_date_type",
    "results_first_submitted_date",
    "results_first_submitted_qc_date",
    "results_first_posted_date",
    "results_first_posted_date_type",
    "disposition_first_submitted_date",
    "disposition_first_submitted_qc_date",
    "disposition_first_posted_date",
    "disposition_first_posted_date_type",
    "last_update_submitted_date",
    "last_update_posted_date",
    "last_update_posted_date_type",
    "has_dmc",
    "is_fda_regulated_drug",
    "is_fda_regulated_device",
    "is_unapproved_device",
    "is_ppsd",
    "is_us_export",
    "study_type",
    "expanded_access_type_individual",
    "expanded_access_type_intermediate",
    "expanded_access_type_treatment",
    "target_duration",
    "phase",
    "biospec_retention",
    "biospec_description",
    "enrollment",
    "enrollment_type",
    "plan_to_share_ipd",
    "plan_to_share_ipd_description",
    "ipd_time_frame",
    "ipd_access_criteria",
    "ipd_url",
    "baseline_population",
    "limitations_and_caveats",
)
_WHO_MASKED = (
    ("subject_masked", "PARTICIPANT"),
    ("caregiver_masked", "CARE_PROVIDER"),
    ("investigator_masked", "INVESTIGATOR"),
    ("outcomes_assessor_masked", "OUTCOMES_ASSESSOR"),
)
_STATUS = "protocolSection.statusModule"
_DESIGN = "protocolSection.designModule"


# --- protocolSection --------------------------------------------------------------------------


def protocol_section(
    row: Row, children: Mapping[str, list[Row]], findings: Findings
) -> dict[str, Any] | None:
    return prune(
        {
            "identificationModule": prune(
                {
                    "nctId": row["nct_id"],
                    "briefTitle": text(row, "brief_title"),
                    "officialTitle": text(row, "official_title"),
                    "acronym": text(row, "acronym"),
                    "organization": prune({"fullName": text(row, "source")}),
                }
            ),
            "statusModule": _status_module(row, findings),
            "sponsorCollaboratorsModule": _sponsors(children["sponsors"], findings)
            if "sponsors" in children
            else None,
            "oversightModule": _oversight(row, findings),
            "conditionsModule": prune(
                {
                    "conditions": _names(children.get("conditions", ())),
                    "keywords": _names(children.get("keywords", ())),
                }
            ),
            "designModule": _design_module(row, children.get("designs", []), findings),
            "armsInterventionsModule": _arms_interventions(children, findings),
            "ipdSharingStatementModule": prune(
                {
                    "ipdSharing": enum_value(
                        row,
                        "plan_to_share_ipd",
                        IpdSharing,
                        "protocolSection.ipdSharingStatementModule.ipdSharing",
                        findings,
                    ),
                    "description": text(row, "plan_to_share_ipd_description"),
                    "timeFrame": text(row, "ipd_time_frame"),
                    "accessCriteria": text(row, "ipd_access_criteria"),
                    "url": text(row, "ipd_url"),
                }
            ),
        }
    )


def _status_module(row: Row, findings: Findings) -> dict[str, Any] | None:
    return prune(
        {
            "statusVerifiedDate": _partial_date(
                row, "verification_month_year", "verification_date", f"{_STATUS}.statusVerifiedDate", findings
            ),
            "overallStatus": enum_value(row, "overall_status", Status, f"{_STATUS}.overallStatus", findings),
            "lastKnownStatus": enum_value(
                row, "last_known_status", Status, f"{_STATUS}.lastKnownStatus", findings
            ),
            "whyStopped": text(row, "why_stopped"),
            "expandedAccessInfo": prune(
                {
                    "hasExpandedAccess": boolean(
                        row,
                        "has_expanded_access",
                        f"{_STATUS}.expandedAccessInfo.hasExpandedAccess",
                        findings,
                    )
                }
            ),
            "startDateStruct": _partial_date_struct(row, "start", "startDateStruct", findings),
            "primaryCompletionDateStruct": _partial_date_struct(
                row, "primary_completion", "primaryCompletionDateStruct", findings
            ),
            "completionDateStruct": _partial_date_struct(row, "completion", "completionDateStruct", findings),
            "studyFirstSubmitDate": day(
                row, "study_first_submitted_date", f"{_STATUS}.studyFirstSubmitDate", findings
            ),
            "studyFirstSubmitQcDate": day(
                row, "study_first_submitted_qc_date", f"{_STATUS}.studyFirstSubmitQcDate", findings
            ),
            "studyFirstPostDateStruct": _day_struct(
                row, "study_first_posted_date", "studyFirstPostDateStruct", findings
            ),
            "resultsFirstSubmitDate": day(
                row, "results_first_submitted_date", f"{_STATUS}.resultsFirstSubmitDate", findings
            ),
            "resultsFirstSubmitQcDate": day(
                row, "results_first_submitted_qc_date", f"{_STATUS}.resultsFirstSubmitQcDate", findings
            ),
            "resultsFirstPostDateStruct": _day_struct(
                row, "results_first_posted_date", "resultsFirstPostDateStruct", findings
            ),
            "dispFirstSubmitDate": day(
                row, "disposition_first_submitted_date", f"{_STATUS}.dispFirstSubmitDate", findings
            ),
            "dispFirstSubmitQcDate": day(
                row, "disposition_first_submitted_qc_date", f"{_STATUS}.dispFirstSubmitQcDate", findings
            ),
            "dispFirstPostDateStruct": _day_struct(
                row, "disposition_first_posted_date", "dispFirstPostDateStruct", findings
            ),
            "lastUpdateSubmitDate": day(
                row, "last_update_submitted_date", f"{_STATUS}.lastUpdateSubmitDate", findings
            ),
            "lastUpdatePostDateStruct": _day_struct(
                row, "last_update_posted_date", "lastUpdatePostDateStruct", findings
            ),
        }
    )


def _partial_date(row: Row, column: str, padded: str, target: str, findings: Findings) -> str | None:
    """The registered text (``March 2020``) at its own precision, checked against AACT's padded copy."""
    registered = registered_date(row, column, target, findings)
    if registered is None:
        return None
    copy = row[padded]
    if copy and not registered.earliest().isoformat() <= copy <= registered.latest().isoformat():
        findings.warn(
            row,
            column,
            "date-disagrees",
            f"{row[column]!r} and {padded} {copy!r} are different dates; "
            f"{target} keeps {registered} (the registered text)",
        )
    return registered.isoformat()


def _partial_date_struct(row: Row, prefix: str, field: str, findings: Findings) -> dict[str, Any] | None:
    target = f"{_STATUS}.{field}"
    date = _partial_date(row, f"{prefix}_month_year", f"{prefix}_date", f"{target}.date", findings)
    if date is None:
        return None
    kind = enum_value(row, f"{prefix}_date_type", DateType, f"{target}.type", findings)
    return prune({"date": date, "type": kind})


def _day_struct(row: Row, column: str, field: str, findings: Findings) -> dict[str, Any] | None:
    target = f"{_STATUS}.{field}"
    date = day(row, column, f"{target}.date", findings)
    if date is None:
        return None
    kind = enum_value(row, f"{column}_type", DateType, f"{target}.type", findings)
    return prune({"date": date, "type": kind})


def _sponsors(rows: list[Row], findings: Findings) -> dict[str, Any] | None:
    lead: dict[str, Any] | None = None
    collaborators: list[dict[str, Any]] = []
    module = "protocolSection.sponsorCollaboratorsModule"
    for sponsor in rows:
        role = sponsor["lead_or_collaborator"].lower()
        if not sponsor["name"]:
            continue
        if role == "lead" and lead is not None:
            findings.warn(
                sponsor,
                "lead_or_collaborator",
                "second-lead-sponsor",
                f"a study has one lead sponsor; {lead['name']!r} came first, so {sponsor['name']!r} "
                f"is left out of {module}.leadSponsor",
            )
            continue
        if role not in ("lead", "collaborator"):
            findings.warn(
                sponsor,
                "lead_or_collaborator",
                "unknown-enum-value",
                f"{sponsor['lead_or_collaborator']!r} is not a sponsor role (expected 'lead' or "
                f"'collaborator'); {sponsor['name']!r} is left out of {module}",
            )
            continue
        target = f"{module}.leadSponsor.class" if role == "lead" else f"{module}.collaborators.class"
        entry = {
            "name": sponsor["name"],
            "class": enum_value(sponsor, "agency_class", AgencyClass, target, findings),
        }
        if role == "lead":
            lead = prune(entry)
        else:
            collaborators.append({key: value for key, value in entry.items() if value is not None})
    return prune({"leadSponsor": lead, "collaborators": collaborators})


def _oversight(row: Row, findings: Findings) -> dict[str, Any] | None:
    module = "protocolSection.oversightModule"
    return prune(
        {
            field: boolean(row, column, f"{module}.{field}", findings)
            for field, column in (
                ("oversightHasDmc", "has_dmc"),
                ("isFdaRegulatedDrug", "is_fda_regulated_drug"),
                ("isFdaRegulatedDevice", "is_fda_regulated_device"),
                ("isUnapprovedDevice", "is_unapproved_device"),
                ("isPpsd", "is_ppsd"),
                ("isUsExport", "is_us_export"),
            )
        }
    )


def _names(rows: Iterable[Row]) -> list[str]:
    return [row["name"] for row in rows if row["name"]]


def _design_module(row: Row, designs: list[Row], findings: Findings) -> dict[str, Any] | None:
    for extra in designs[1:]:
        findings.warn(
            extra,
            None,
            "second-design",
            f"a study has one design; the first designs row ({designs[0].number}) is used "
            "and this one is left out",
        )
    kind, registry = study_type(row, findings)
    return prune(
        {
            "studyType": kind,
            "expandedAccessTypes": prune(
                {
                    access: boolean(
                        row,
                        f"expanded_access_type_{access}",
                        f"{_DESIGN}.expandedAccessTypes.{access}",
                        findings,
                    )
                    for access in ("individual", "intermediate", "treatment")
                }
            ),
            "patientRegistry": registry,
            "targetDuration": duration(row, "target_duration", f"{_DESIGN}.targetDuration", findings),
            "phases": phases(row, "phase", findings),
            "designInfo": _design_info(designs[0], findings) if designs else None,
            "bioSpec": prune(
                {
                    "retention": enum_value(
                        row, "biospec_retention", BioSpecRetention, f"{_DESIGN}.bioSpec.retention", findings
                    ),
                    "description": text(row, "biospec_description"),
                }
            ),
            "enrollmentInfo": prune(
                {
                    "count": integer(row, "enrollment", f"{_DESIGN}.enrollmentInfo.count", findings),
                    "type": enum_value(
                        row, "enrollment_type", EnrollmentType, f"{_DESIGN}.enrollmentInfo.type", findings
                    ),
                }
            ),
        }
    )


def _design_info(design: Row, findings: Findings) -> dict[str, Any] | None:
    info = f"{_DESIGN}.designInfo"
    who_masked = [
        role
        for column, role in _WHO_MASKED
        if boolean(design, column, f"{info}.maskingInfo.whoMasked", findings)
    ]
    return prune(
        {
            "allocation": enum_value(design, "allocation", DesignAllocation, f"{info}.allocation", findings),
            "interventionModel": enum_value(
                design, "intervention_model", InterventionalAssignment, f"{info}.interventionModel", findings
            ),
            "interventionModelDescription": text(design, "intervention_model_description"),
            "primaryPurpose": enum_value(
                design, "primary_purpose", PrimaryPurpose, f"{info}.primaryPurpose", findings
            ),
            "observationalModel": enum_value(
                design, "observational_model", ObservationalModel, f"{info}.observationalModel", findings
            ),
            "timePerspective": enum_value(
                design, "time_perspective", DesignTimePerspective, f"{info}.timePerspective", findings
            ),
            "maskingInfo": prune(
                {
                    "masking": enum_value(
                        design, "masking", DesignMasking, f"{info}.maskingInfo.masking", findings
                    ),
                    "maskingDescription": text(design, "masking_description"),
                    "whoMasked": who_masked,
                }
            ),
        }
    )


def _arms_interventions(children: Mapping[str, list[Row]], findings: Findings) -> dict[str, Any] | None:
    """Arms and interventions, cross-referenced through design_group_interventions."""
    groups = children.get("design_groups", [])
    interventions = children.get("interventions", [])
    group_by_id = {group["id"]: group for group in groups}
    intervention_by_id = {intervention["id"]: intervention for intervention in interventions}
    names: dict[str, list[str]] = {group["id"]: [] for group in groups}
    labels: dict[str, list[str]] = {intervention["id"]: [] for intervention in interventions}
    for link in children.get("design_group_interventions", []):
        group = group_by_id.get(link["design_group_id"])
        intervention = intervention_by_id.get(link["intervention_id"])
        if group is None or intervention is None:
            column, table = (
                ("design_group_id", "design_groups")
                if group is None
                else ("intervention_id", "interventions")
            )
            findings.warn(
                link,
                column,
                "dangling-reference",
                f"no {table} row of {link['nct_id']} has id {link[column]!r}, so this link between an arm "
                "and an intervention is left out",
            )
            continue
        kind = intervention["intervention_type"]
        name = f"{kind}: {intervention['name']}" if kind else intervention["name"]
        if intervention["name"] and name not in names[group["id"]]:
            names[group["id"]].append(name)
        if group["title"] and group["title"] not in labels[intervention["id"]]:
            labels[intervention["id"]].append(group["title"])
    module = "protocolSection.armsInterventionsModule"
    arm_groups = present(
        prune(
            {
                "label": group["title"],
                "type": enum_value(
                    group, "group_type", ArmGroupType, f"{module}.armGroups[{index}].type", findings
                ),
                "description": text(group, "description"),
                "interventionNames": names[group["id"]],
            }
        )
        for index, group in enumerate(groups)
    )
    intervention_list = present(
        prune(
            {
                "type": enum_value(
                    intervention,
                    "intervention_type",
                    InterventionType,
                    f"{module}.interventions[{index}].type",
                    findings,
                ),
                "name": intervention["name"],
                "description": text(intervention, "description"),
                "armGroupLabels": labels[intervention["id"]],
            }
        )
        for index, intervention in enumerate(interventions)
    )
    return prune({"armGroups": arm_groups, "interventions": intervention_list})


# --- derivedSection ---------------------------------------------------------------------------


def derived_section(children: Mapping[str, list[Row]], findings: Findings) -> dict[str, Any] | None:
    """``browse_interventions``: MeSH terms of the interventions (``mesh-list``) and their ancestors."""
    meshes: list[dict[str, str]] = []
    ancestors: list[dict[str, str]] = []
    for row in children.get("browse_interventions", []):
        term = row["mesh_term"]
        kind = row["mesh_type"].lower()
        if not term:
            continue
        if kind == "mesh-list":
            meshes.append({"term": term})
        elif kind == "mesh-ancestor":
            ancestors.append({"term": term})
        else:
            findings.warn(
                row,
                "mesh_type",
                "unknown-enum-value",
                f"{row['mesh_type']!r} is not a MeSH term kind (expected 'mesh-list' or 'mesh-ancestor'); "
                f"{term!r} is left out of derivedSection.interventionBrowseModule",
            )
    return prune({"interventionBrowseModule": prune({"meshes": meshes, "ancestors": ancestors})})
