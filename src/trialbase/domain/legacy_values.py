"""The legacy (display) value of every v2 enum member, and reading legacy text back.

ClinicalTrials.gov's ``/api/v2/studies/enums`` publishes, for each enum value, the value the classic
system used (``legacyValue``): ``NOT_YET_RECRUITING`` was ``Not yet recruiting``, ``PHASE1`` was
``Phase 1``. The same words are what the public XML (``<clinical_study>``) carries and what people
read on the record page, so the website uses them as labels and the legacy XML converter reads them
with ``from_legacy``. The values below follow ClinicalTrials.gov's API migration guide.

Where the classic system spelled a value more than one way, ``LEGACY_VALUES`` holds the main spelling
and ``from_legacy`` also accepts the others (``Estimate`` for ``DateType.ESTIMATED`` on posted dates,
``N/A`` for ``Phase.NA``, ``Both`` for ``Sex.ALL``, ...). ``AgencyClass`` uses the public XML's words
(``U.S. Fed``, ``Industry``); the classes the XML never had (``OTHER_GOV``, ``INDIV``, ``NETWORK``,
``AMBIG``, ``UNKNOWN``) get plain English labels, and ``from_legacy`` also accepts the bare codes,
which is what the classic JSON API returned for sponsor classes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from functools import cache
from typing import TypeVar

from trialbase.domain import enums as e

E = TypeVar("E", bound=enum.StrEnum)

_GRANTS = {
    "NIH": "U.S. NIH Grant/Contract",
    "FDA": "U.S. FDA Grant/Contract",
    "VA": "U.S. VA Grant/Contract",
    "CDC": "U.S. CDC Grant/Contract",
    "AHRQ": "U.S. AHRQ Grant/Contract",
    "SAMHSA": "U.S. SAMHSA Grant/Contract",
}
_STATUS = {
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "COMPLETED": "Completed",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "RECRUITING": "Recruiting",
    "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated",
    "WITHDRAWN": "Withdrawn",
    "AVAILABLE": "Available",
    "NO_LONGER_AVAILABLE": "No longer available",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
    "APPROVED_FOR_MARKETING": "Approved for marketing",
    "WITHHELD": "Withheld",
    "UNKNOWN": "Unknown status",
}
_ROLES = {
    "STUDY_CHAIR": "Study Chair",
    "STUDY_DIRECTOR": "Study Director",
    "PRINCIPAL_INVESTIGATOR": "Principal Investigator",
    "SUB_INVESTIGATOR": "Sub-Investigator",
    "CONTACT": "Contact",
}
_ACTUAL_ANTICIPATED = {"ACTUAL": "Actual", "ESTIMATED": "Anticipated"}

# Enum class -> {member value: legacy text}. Built from value names so a test can prove it is complete.
_BY_VALUE: dict[type[enum.StrEnum], dict[str, str]] = {
    e.OrgStudyIdType: _GRANTS,
    e.SecondaryIdType: {
        **_GRANTS,
        "OTHER_GRANT": "Other Grant/Funding Number",
        "EUDRACT_NUMBER": "EudraCT Number",
        "CTIS": "EU Trial (CTIS) Number",
        "REGISTRY": "Registry Identifier",
        "OTHER": "Other Identifier",
    },
    e.AgencyClass: {
        "NIH": "NIH",
        "FED": "U.S. Fed",
        "OTHER_GOV": "Other Government",
        "INDIV": "Individual",
        "INDUSTRY": "Industry",
        "NETWORK": "Network",
        "AMBIG": "Ambiguous",
        "OTHER": "Other",
        "UNKNOWN": "Unknown",
    },
    e.Status: _STATUS,
    e.ExpandedAccessStatus: _STATUS,  # the shared tables hold more values than some enums have
    e.DateType: _ACTUAL_ANTICIPATED,
    e.ResponsiblePartyType: {
        "SPONSOR": "Sponsor",
        "PRINCIPAL_INVESTIGATOR": "Principal Investigator",
        "SPONSOR_INVESTIGATOR": "Sponsor-Investigator",
    },
    e.StudyType: {
        "EXPANDED_ACCESS": "Expanded Access",
        "INTERVENTIONAL": "Interventional",
        "OBSERVATIONAL": "Observational",
    },
    e.Phase: {
        "NA": "Not Applicable",
        "EARLY_PHASE1": "Early Phase 1",
        "PHASE1": "Phase 1",
        "PHASE2": "Phase 2",
        "PHASE3": "Phase 3",
        "PHASE4": "Phase 4",
    },
    e.DesignAllocation: {"RANDOMIZED": "Randomized", "NON_RANDOMIZED": "Non-Randomized", "NA": "N/A"},
    e.InterventionalAssignment: {
        "SINGLE_GROUP": "Single Group Assignment",
        "PARALLEL": "Parallel Assignment",
        "CROSSOVER": "Crossover Assignment",
        "FACTORIAL": "Factorial Assignment",
        "SEQUENTIAL": "Sequential Assignment",
    },
    e.PrimaryPurpose: {
        "TREATMENT": "Treatment",
        "PREVENTION": "Prevention",
        "DIAGNOSTIC": "Diagnostic",
        "ECT": "Educational/Counseling/Training",
        "SUPPORTIVE_CARE": "Supportive Care",
        "SCREENING": "Screening",
        "HEALTH_SERVICES_RESEARCH": "Health Services Research",
        "BASIC_SCIENCE": "Basic Science",
        "DEVICE_FEASIBILITY": "Device Feasibility",
        "OTHER": "Other",
    },
    e.ObservationalModel: {
        "COHORT": "Cohort",
        "CASE_CONTROL": "Case-Control",
        "CASE_ONLY": "Case-Only",
        "CASE_CROSSOVER": "Case-Crossover",
        "ECOLOGIC_OR_COMMUNITY": "Ecologic or Community",
        "FAMILY_BASED": "Family-Based",
        "DEFINED_POPULATION": "Defined Population",
        "NATURAL_HISTORY": "Natural History",
        "OTHER": "Other",
    },
    e.DesignTimePerspective: {
        "RETROSPECTIVE": "Retrospective",
        "PROSPECTIVE": "Prospective",
        "CROSS_SECTIONAL": "Cross-Sectional",
        "OTHER": "Other",
    },
    e.DesignMasking: {
        "NONE": "None (Open Label)",
        "SINGLE": "Single",
        "DOUBLE": "Double",
        "TRIPLE": "Triple",
        "QUADRUPLE": "Quadruple",
    },
    e.WhoMasked: {
        "PARTICIPANT": "Participant",
        "CARE_PROVIDER": "Care Provider",
        "INVESTIGATOR": "Investigator",
        "OUTCOMES_ASSESSOR": "Outcomes Assessor",
    },
    e.BioSpecRetention: {
        "NONE_RETAINED": "None Retained",
        "SAMPLES_WITH_DNA": "Samples With DNA",
        "SAMPLES_WITHOUT_DNA": "Samples Without DNA",
    },
    e.EnrollmentType: _ACTUAL_ANTICIPATED,
    e.ArmGroupType: {
        "EXPERIMENTAL": "Experimental",
        "ACTIVE_COMPARATOR": "Active Comparator",
        "PLACEBO_COMPARATOR": "Placebo Comparator",
        "SHAM_COMPARATOR": "Sham Comparator",
        "NO_INTERVENTION": "No Intervention",
        "OTHER": "Other",
    },
    e.InterventionType: {
        "BEHAVIORAL": "Behavioral",
        "BIOLOGICAL": "Biological",
        "COMBINATION_PRODUCT": "Combination Product",
        "DEVICE": "Device",
        "DIAGNOSTIC_TEST": "Diagnostic Test",
        "DIETARY_SUPPLEMENT": "Dietary Supplement",
        "DRUG": "Drug",
        "GENETIC": "Genetic",
        "PROCEDURE": "Procedure",
        "RADIATION": "Radiation",
        "OTHER": "Other",
    },
    e.Sex: {"FEMALE": "Female", "MALE": "Male", "ALL": "All"},
    e.StandardAge: {"CHILD": "Child", "ADULT": "Adult", "OLDER_ADULT": "Older Adult"},
    e.SamplingMethod: {
        "PROBABILITY_SAMPLE": "Probability Sample",
        "NON_PROBABILITY_SAMPLE": "Non-Probability Sample",
    },
    e.ContactRole: _ROLES,
    e.OfficialRole: _ROLES,
    e.RecruitmentStatus: _STATUS,
    e.ReferenceType: {"BACKGROUND": "background", "RESULT": "result", "DERIVED": "derived"},
    e.IpdSharing: {"YES": "Yes", "NO": "No", "UNDECIDED": "Undecided"},
    e.IpdSharingInfoType: {
        "STUDY_PROTOCOL": "Study Protocol",
        "SAP": "Statistical Analysis Plan (SAP)",
        "ICF": "Informed Consent Form (ICF)",
        "CSR": "Clinical Study Report (CSR)",
        "ANALYTIC_CODE": "Analytic Code",
    },
    e.MeasureParam: {
        "GEOMETRIC_MEAN": "Geometric Mean",
        "GEOMETRIC_LEAST_SQUARES_MEAN": "Geometric Least Squares Mean",
        "LEAST_SQUARES_MEAN": "Least Squares Mean",
        "LOG_MEAN": "Log Mean",
        "MEAN": "Mean",
        "MEDIAN": "Median",
        "NUMBER": "Number",
        "COUNT_OF_PARTICIPANTS": "Count of Participants",
        "COUNT_OF_UNITS": "Count of Units",
    },
    e.MeasureDispersionType: {
        "NA": "Not Applicable",
        "STANDARD_DEVIATION": "Standard Deviation",
        "STANDARD_ERROR": "Standard Error",
        "INTER_QUARTILE_RANGE": "Inter-Quartile Range",
        "FULL_RANGE": "Full Range",
        "CONFIDENCE_80": "80% Confidence Interval",
        "CONFIDENCE_90": "90% Confidence Interval",
        "CONFIDENCE_95": "95% Confidence Interval",
        "CONFIDENCE_975": "97.5% Confidence Interval",
        "CONFIDENCE_99": "99% Confidence Interval",
        "CONFIDENCE_OTHER": "Other Confidence Interval Level",
        "GEOMETRIC_COEFFICIENT": "Geometric Coefficient of Variation",
    },
    e.OutcomeMeasureType: {
        "PRIMARY": "Primary",
        "SECONDARY": "Secondary",
        "OTHER_PRE_SPECIFIED": "Other Pre-specified",
        "POST_HOC": "Post-Hoc",
    },
    e.ReportingStatus: {"NOT_POSTED": "Not Posted", "POSTED": "Posted"},
    e.AnalysisDispersionType: {
        "STANDARD_DEVIATION": "Standard Deviation",
        "STANDARD_ERROR_OF_MEAN": "Standard Error of the Mean",
    },
    e.ConfidenceIntervalNumSides: {"ONE_SIDED": "1-Sided", "TWO_SIDED": "2-Sided"},
    e.NonInferiorityType: {
        "SUPERIORITY": "Superiority",
        "NON_INFERIORITY": "Non-Inferiority",
        "EQUIVALENCE": "Equivalence",
        "OTHER": "Other",
        "NON_INFERIORITY_OR_EQUIVALENCE": "Non-Inferiority or Equivalence",
        "SUPERIORITY_OR_OTHER": "Superiority or Other",
        "NON_INFERIORITY_OR_EQUIVALENCE_LEGACY": "Non-Inferiority or Equivalence (legacy)",
        "SUPERIORITY_OR_OTHER_LEGACY": "Superiority or Other (legacy)",
    },
    e.EventAssessment: {
        "NON_SYSTEMATIC_ASSESSMENT": "Non-systematic Assessment",
        "SYSTEMATIC_ASSESSMENT": "Systematic Assessment",
    },
    e.AgreementRestrictionType: {"LTE60": "LTE60", "GT60": "GT60", "OTHER": "OTHER"},
    e.UnpostedEventType: {"RESET": "Reset", "RELEASE": "Release", "UNRELEASE": "Unrelease"},
    e.ViolationEventType: {
        "VIOLATION_IDENTIFIED": "Violation Identified by FDA",
        "CORRECTION_CONFIRMED": "Correction Confirmed by FDA",
        "PENALTY_IMPOSED": "Penalty Imposed by FDA",
        "ISSUES_IN_LETTER_ADDRESSED_CONFIRMED": "Issues in letter addressed; confirmed by FDA.",
    },
    e.BrowseLeafRelevance: {"LOW": "low", "HIGH": "high"},
}

# Other spellings the classic system used for a member; accepted by ``from_legacy`` only.
_ALTERNATES: dict[type[enum.StrEnum], dict[str, tuple[str, ...]]] = {
    e.DateType: {"ESTIMATED": ("Estimate", "Estimated")},
    e.EnrollmentType: {"ESTIMATED": ("Estimate", "Estimated")},
    e.Phase: {"NA": ("N/A",), "EARLY_PHASE1": ("Phase 0",)},
    e.DesignAllocation: {"NA": ("Not Applicable",)},
    e.Sex: {"ALL": ("Both",)},
    e.AgencyClass: {"FED": ("US Fed", "Other U.S. Federal agency")},
}

LEGACY_VALUES: dict[type[enum.StrEnum], dict[enum.StrEnum, str]] = {
    cls: {member: labels[member.value] for member in cls} for cls, labels in _BY_VALUE.items()
}


class UnknownLegacyValue(ValueError):
    """Raised by ``from_legacy`` for text that names no member; ``accepted`` lists what would do."""

    def __init__(self, enum_cls: type[enum.StrEnum], text: str, accepted: tuple[str, ...]) -> None:
        self.enum_cls = enum_cls
        self.text = text
        self.accepted = accepted
        super().__init__(
            f"{text!r} is not a {enum_cls.__name__} value (expected one of {', '.join(accepted)})"
        )


def legacy_value(member: enum.StrEnum) -> str:
    """The classic/display text of a v2 enum member: ``Phase.NA`` -> ``Not Applicable``."""
    return LEGACY_VALUES[type(member)][member]


def legacy_values(enum_cls: type[enum.StrEnum]) -> tuple[str, ...]:
    """Every member's legacy text, in the enum's order (what a form or an error message lists)."""
    labels = LEGACY_VALUES[enum_cls]
    return tuple(labels[member] for member in enum_cls)


def from_legacy(enum_cls: type[E], text: str) -> E:
    """The member whose legacy text (or v2 value) is ``text``, ignoring case and spacing.

    ``from_legacy(Status, "not yet  recruiting")`` is ``Status.NOT_YET_RECRUITING``. Raises
    ``UnknownLegacyValue`` (a ``ValueError``) naming the accepted values otherwise.
    """
    member = _lookup(enum_cls).get(_key(text))
    if member is None:
        raise UnknownLegacyValue(enum_cls, text, legacy_values(enum_cls))
    return enum_cls(member)


def _key(text: str) -> str:
    return "".join(text.casefold().split())


@cache
def _lookup(enum_cls: type[enum.StrEnum]) -> dict[str, enum.StrEnum]:
    table: dict[str, enum.StrEnum] = {}

    def add(spellings: Iterable[str], member: enum.StrEnum) -> None:
        for spelling in spellings:
            table.setdefault(_key(spelling), member)

    alternates = _ALTERNATES.get(enum_cls, {})
    for member, label in LEGACY_VALUES[enum_cls].items():
        add((label, *alternates.get(member.value, ())), member)
    for member in enum_cls:
        add((member.value,), member)
    return table
