"""The form of each protocol module, in the order a sponsor fills them in."""

from __future__ import annotations

from trialbase.domain import enums as e
from trialbase.registry.record_document import PROTOCOL_MODULES
from trialbase.web.prs.form_fields import Field, Group, ModuleForm, options

_LABELS = dict(PROTOCOL_MODULES)
_DATE_HELP = "yyyy-mm-dd, or yyyy-mm for a month"
_LINES = "one per line"


def _date(path: str, label: str) -> tuple[Field, Field]:
    return (
        Field(f"{path}.date", label, help=_DATE_HELP),
        Field(f"{path}.type", f"{label}: actual or estimated", "select", options(e.DateType)),
    )


def _contact_fields(with_role: bool = True) -> tuple[Field, ...]:
    role = (Field("role", "Role", "select", options(e.ContactRole)),) if with_role else ()
    return (
        Field("name", "Name"),
        *role,
        Field("phone", "Telephone"),
        Field("phoneExt", "Extension"),
        Field("email", "E-mail"),
    )


FORMS: tuple[ModuleForm, ...] = (
    ModuleForm(
        "identificationModule",
        _LABELS["identificationModule"],
        (
            Field("orgStudyIdInfo.id", "Organization's unique protocol ID"),
            Field("organization.fullName", "Organization"),
            Field("organization.class", "Organization type", "select", options(e.AgencyClass)),
            Field("briefTitle", "Brief title", help="in plain language, up to 300 characters"),
            Field("officialTitle", "Official title", "textarea"),
            Field("acronym", "Acronym"),
            Group(
                "secondaryIdInfos",
                "Secondary ID",
                (
                    Field("id", "ID"),
                    Field("type", "Type", "select", options(e.SecondaryIdType)),
                    Field("domain", "Issuing organization"),
                ),
            ),
        ),
    ),
    ModuleForm(
        "statusModule",
        _LABELS["statusModule"],
        (
            Field("statusVerifiedDate", "Record verification date", help="yyyy-mm"),
            Field("overallStatus", "Overall recruitment status", "select", options(e.Status)),
            Field(
                "whyStopped",
                "Why the study stopped",
                "textarea",
                help="if suspended, terminated or withdrawn",
            ),
            Field("expandedAccessInfo.hasExpandedAccess", "Expanded access available", "bool"),
            *_date("startDateStruct", "Study start date"),
            *_date("primaryCompletionDateStruct", "Primary completion date"),
            *_date("completionDateStruct", "Study completion date"),
        ),
    ),
    ModuleForm(
        "sponsorCollaboratorsModule",
        _LABELS["sponsorCollaboratorsModule"],
        (
            Field("responsibleParty.type", "Responsible party", "select", options(e.ResponsiblePartyType)),
            Field("responsibleParty.investigatorFullName", "Investigator's name"),
            Field("responsibleParty.investigatorTitle", "Investigator's title"),
            Field("responsibleParty.investigatorAffiliation", "Investigator's affiliation"),
            Field("leadSponsor.name", "Sponsor"),
            Field("leadSponsor.class", "Sponsor type", "select", options(e.AgencyClass)),
            Group(
                "collaborators",
                "Collaborator",
                (Field("name", "Name"), Field("class", "Type", "select", options(e.AgencyClass))),
            ),
        ),
    ),
    ModuleForm(
        "oversightModule",
        _LABELS["oversightModule"],
        (
            Field("oversightHasDmc", "Data monitoring committee", "bool"),
            Field("isFdaRegulatedDrug", "Studies a U.S. FDA-regulated drug product", "bool"),
            Field("isFdaRegulatedDevice", "Studies a U.S. FDA-regulated device product", "bool"),
            Field("isUnapprovedDevice", "Device not yet approved or cleared", "bool"),
            Field("isPpsd", "Pediatric postmarket surveillance of a device", "bool"),
            Field("isUsExport", "Product manufactured in and exported from the U.S.", "bool"),
        ),
    ),
    ModuleForm(
        "descriptionModule",
        _LABELS["descriptionModule"],
        (
            Field(
                "briefSummary", "Brief summary", "textarea", help="in plain language, up to 5,000 characters"
            ),
            Field("detailedDescription", "Detailed description", "textarea"),
        ),
    ),
    ModuleForm(
        "conditionsModule",
        _LABELS["conditionsModule"],
        (
            Field("conditions", "Conditions or focus of study", "lines", help=_LINES),
            Field("keywords", "Keywords", "lines", help=_LINES),
        ),
    ),
    ModuleForm(
        "designModule",
        _LABELS["designModule"],
        (
            Field("studyType", "Study type", "select", options(e.StudyType)),
            Field("phases", "Study phase", "choices", options(e.Phase)),
            Field("designInfo.primaryPurpose", "Primary purpose", "select", options(e.PrimaryPurpose)),
            Field("designInfo.allocation", "Allocation", "select", options(e.DesignAllocation)),
            Field(
                "designInfo.interventionModel",
                "Interventional model",
                "select",
                options(e.InterventionalAssignment),
            ),
            Field("designInfo.interventionModelDescription", "Model description", "textarea"),
            Field("designInfo.maskingInfo.masking", "Masking", "select", options(e.DesignMasking)),
            Field("designInfo.maskingInfo.whoMasked", "Who is masked", "choices", options(e.WhoMasked)),
            Field("designInfo.maskingInfo.maskingDescription", "Masking description", "textarea"),
            Field(
                "designInfo.observationalModel",
                "Observational model",
                "select",
                options(e.ObservationalModel),
            ),
            Field(
                "designInfo.timePerspective", "Time perspective", "select", options(e.DesignTimePerspective)
            ),
            Field("patientRegistry", "Patient registry", "bool"),
            Field("enrollmentInfo.count", "Enrollment (number of participants)", "int"),
            Field(
                "enrollmentInfo.type", "Enrollment: actual or estimated", "select", options(e.EnrollmentType)
            ),
        ),
    ),
    ModuleForm(
        "armsInterventionsModule",
        _LABELS["armsInterventionsModule"],
        (
            Group(
                "armGroups",
                "Arm or group",
                (
                    Field("label", "Label"),
                    Field("type", "Type", "select", options(e.ArmGroupType)),
                    Field("description", "Description", "textarea"),
                    Field("interventionNames", "Interventions given (Type: Name)", "lines", help=_LINES),
                ),
            ),
            Group(
                "interventions",
                "Intervention",
                (
                    Field("type", "Type", "select", options(e.InterventionType)),
                    Field("name", "Name"),
                    Field("description", "Description", "textarea"),
                    Field("armGroupLabels", "Arms or groups given it (labels)", "lines", help=_LINES),
                    Field("otherNames", "Other names", "lines", help=_LINES),
                ),
            ),
        ),
    ),
    ModuleForm(
        "outcomesModule",
        _LABELS["outcomesModule"],
        tuple(
            Group(
                path,
                label,
                (
                    Field("measure", "Title"),
                    Field("description", "Description", "textarea"),
                    Field("timeFrame", "Time frame"),
                ),
            )
            for path, label in (
                ("primaryOutcomes", "Primary outcome measure"),
                ("secondaryOutcomes", "Secondary outcome measure"),
                ("otherOutcomes", "Other outcome measure"),
            )
        ),
    ),
    ModuleForm(
        "eligibilityModule",
        _LABELS["eligibilityModule"],
        (
            Field(
                "eligibilityCriteria",
                "Eligibility criteria",
                "textarea",
                help="inclusion and exclusion criteria",
            ),
            Field("sex", "Sex", "select", options(e.Sex)),
            Field("genderBased", "Eligibility based on gender", "bool"),
            Field("genderDescription", "Gender eligibility description", "textarea"),
            Field("minimumAge", "Minimum age", help="a number and a unit, e.g. 18 Years"),
            Field("maximumAge", "Maximum age", help="a number and a unit, e.g. 65 Years"),
            Field("healthyVolunteers", "Accepts healthy volunteers", "bool"),
            Field("studyPopulation", "Study population (observational studies)", "textarea"),
            Field("samplingMethod", "Sampling method", "select", options(e.SamplingMethod)),
        ),
    ),
    ModuleForm(
        "contactsLocationsModule",
        _LABELS["contactsLocationsModule"],
        (
            Group("centralContacts", "Central contact", _contact_fields()),
            Group(
                "overallOfficials",
                "Overall official",
                (
                    Field("name", "Name"),
                    Field("affiliation", "Affiliation"),
                    Field("role", "Role", "select", options(e.OfficialRole)),
                ),
            ),
            Group(
                "locations",
                "Site",
                (
                    Field("facility", "Facility"),
                    Field("status", "Recruitment status", "select", options(e.RecruitmentStatus)),
                    Field("city", "City"),
                    Field("state", "State or province"),
                    Field("zip", "Postal code"),
                    Field("country", "Country"),
                ),
            ),
        ),
    ),
    ModuleForm(
        "referencesModule",
        _LABELS["referencesModule"],
        (
            Group(
                "references",
                "Reference",
                (
                    Field("pmid", "PubMed ID"),
                    Field("type", "Type", "select", options(e.ReferenceType)),
                    Field("citation", "Citation", "textarea"),
                ),
            ),
            Group("seeAlsoLinks", "Link", (Field("label", "Description"), Field("url", "Address (URL)"))),
        ),
    ),
    ModuleForm(
        "ipdSharingStatementModule",
        _LABELS["ipdSharingStatementModule"],
        (
            Field("ipdSharing", "Plan to share individual participant data", "select", options(e.IpdSharing)),
            Field("description", "Plan description", "textarea"),
            Field("infoTypes", "Supporting information", "choices", options(e.IpdSharingInfoType)),
            Field("timeFrame", "Time frame", "textarea"),
            Field("accessCriteria", "Access criteria", "textarea"),
            Field("url", "Address (URL)"),
        ),
    ),
)
FORMS_BY_NAME = {form.name: form for form in FORMS}
