"""The design, arms, interventions and planned outcomes of a ``<clinical_study>``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from trialbase.domain.enums import (
    ArmGroupType,
    BioSpecRetention,
    DesignAllocation,
    DesignMasking,
    DesignTimePerspective,
    EnrollmentType,
    InterventionalAssignment,
    InterventionType,
    ObservationalModel,
    Phase,
    PrimaryPurpose,
    StudyType,
    WhoMasked,
)
from trialbase.domain.legacy_values import UnknownLegacyValue, from_legacy, legacy_value, legacy_values
from trialbase.domain.model.protocol import (
    ArmGroup,
    ArmsInterventionsModule,
    BioSpec,
    DesignInfo,
    DesignModule,
    EnrollmentInfo,
    ExpandedAccessTypes,
    Intervention,
    MaskingBlock,
    Outcome,
    OutcomesModule,
)
from trialbase.ingest.legacy_xml.record_reader import ROOT, RecordReader, child_path

_TARGET_DURATION = re.compile(
    r"^\d+ (Year|Years|Month|Months|Week|Weeks|Day|Days|Hour|Hours|Minute|Minutes)$"
)
_MASKING_WITH_WHO = re.compile(r"^\s*([^(]+?)\s*\((.*)\)\s*$")
_PATIENT_REGISTRY = "Observational [Patient Registry]"
_REDACTED_STUDY_TYPE = "N/A"
_COMBINED_PHASES = ("Phase 1/Phase 2", "Phase 2/Phase 3")


# --- design -----------------------------------------------------------------------------------


def design_module(root: ET.Element, r: RecordReader) -> DesignModule | None:
    study_type, patient_registry = _study_type(root, r)
    enrollment = root.find("enrollment")
    enrollment_info = None
    if enrollment is not None:
        path = child_path(ROOT, "enrollment")
        count = r.integer(enrollment.text, path)
        kind = enrollment.get("type")
        enrollment_type = r.enum_value(EnrollmentType, kind, f"{path}/@type") if kind else None
        if count is not None or enrollment_type is not None:
            enrollment_info = EnrollmentInfo(count=count, type=enrollment_type)
    biospec = BioSpec(
        retention=r.enum(BioSpecRetention, root, "biospec_retention", ROOT),
        description=r.textblock(root, "biospec_descr"),
    )
    _check_arm_count(root, r)
    module = DesignModule(
        studyType=study_type,
        expandedAccessTypes=_expanded_access_types(root, r),
        patientRegistry=patient_registry,
        targetDuration=_target_duration(root, r),
        phases=_phases(root, r),
        designInfo=_design_info(root, r),
        bioSpec=biospec if biospec != BioSpec() else None,
        enrollmentInfo=enrollment_info,
    )
    return module if module != DesignModule() else None


def _study_type(root: ET.Element, r: RecordReader) -> tuple[StudyType | None, bool | None]:
    value = r.text(root, "study_type")
    if value is None or value == _REDACTED_STUDY_TYPE:  # "N/A" marks a redacted device record
        return None, None
    if " ".join(value.casefold().split()) == _PATIENT_REGISTRY.casefold():
        return StudyType.OBSERVATIONAL, True
    accepted = (_PATIENT_REGISTRY, _REDACTED_STUDY_TYPE)
    study_type = r.enum_value(StudyType, value, child_path(ROOT, "study_type"), also_accepted=accepted)
    return study_type, (False if study_type is StudyType.OBSERVATIONAL else None)


def _expanded_access_types(root: ET.Element, r: RecordReader) -> ExpandedAccessTypes | None:
    element = root.find("expanded_access_info")
    if element is None:
        return None
    path = child_path(ROOT, "expanded_access_info")
    types = ExpandedAccessTypes(
        individual=r.boolean(element, "expanded_access_type_individual", path),
        intermediate=r.boolean(element, "expanded_access_type_intermediate", path),
        treatment=r.boolean(element, "expanded_access_type_treatment", path),
    )
    return types if types != ExpandedAccessTypes() else None


def _target_duration(root: ET.Element, r: RecordReader) -> str | None:
    value = r.text(root, "target_duration")
    if value is None:
        return None
    if _TARGET_DURATION.match(value) is None:
        r.error(
            child_path(ROOT, "target_duration"),
            "bad-duration",
            f"{value!r} is not a duration (expected a number and a unit, e.g. '36 Months')",
        )
        return None
    return value


def _phases(root: ET.Element, r: RecordReader) -> list[Phase] | None:
    """``Phase 1/Phase 2`` -> ``[PHASE1, PHASE2]``; ``N/A`` -> ``[NA]``."""
    value = r.text(root, "phase")
    if value is None:
        return None
    parts = value.split("/") if value.casefold() != "n/a" else [value]
    try:
        return [from_legacy(Phase, part) for part in parts]
    except UnknownLegacyValue:
        accepted = ", ".join(repr(text) for text in (*legacy_values(Phase), "N/A", *_COMBINED_PHASES))
        r.error(
            child_path(ROOT, "phase"),
            "unknown-enum-value",
            f"{value!r} is not a known phase (expected one of {accepted})",
        )
        return None


def _design_info(root: ET.Element, r: RecordReader) -> DesignInfo | None:
    element = root.find("study_design_info")
    if element is None:
        return None
    path = child_path(ROOT, "study_design_info")
    info = DesignInfo(
        allocation=r.enum(DesignAllocation, element, "allocation", path),
        interventionModel=r.enum(InterventionalAssignment, element, "intervention_model", path),
        interventionModelDescription=r.markup(element, "intervention_model_description"),
        primaryPurpose=r.enum(PrimaryPurpose, element, "primary_purpose", path),
        observationalModel=r.enum(ObservationalModel, element, "observational_model", path),
        timePerspective=r.enum(DesignTimePerspective, element, "time_perspective", path),
        maskingInfo=_masking(element, path, r),
    )
    return info if info != DesignInfo() else None


def _masking(element: ET.Element, path: str, r: RecordReader) -> MaskingBlock | None:
    """``Double (Participant, Investigator)`` -> ``DOUBLE`` masked for ``[PARTICIPANT, INVESTIGATOR]``."""
    value = r.text(element, "masking")
    description = r.markup(element, "masking_description")
    masking: DesignMasking | None = None
    who: list[WhoMasked] | None = None
    if value is not None:
        where = child_path(path, "masking")
        match = _MASKING_WITH_WHO.match(value)
        if match is not None and match.group(1).casefold() != "none":
            examples = ("Double (Participant, Investigator)",)
            masking = r.enum_value(DesignMasking, match.group(1), where, also_accepted=examples)
            parties = [part.strip() for part in match.group(2).split(",") if part.strip()]
            who = _who_masked(parties, value, where, r)
        else:
            masking = r.enum_value(
                DesignMasking, value, where, also_accepted=("Double (Participant, Investigator)",)
            )
    block = MaskingBlock(masking=masking, maskingDescription=description, whoMasked=who)
    return block if block != MaskingBlock() else None


def _who_masked(parties: list[str], value: str, path: str, r: RecordReader) -> list[WhoMasked] | None:
    """The parties in ``Double (Participant, Investigator)``; an unknown one is an error."""
    who = []
    for party in parties:
        try:
            who.append(from_legacy(WhoMasked, party))
        except UnknownLegacyValue as unknown:
            accepted = ", ".join(repr(text) for text in unknown.accepted)
            r.error(
                path,
                "unknown-enum-value",
                f"{party!r} in {value!r} is not a known masked party (expected {accepted})",
            )
    return who or None


def _check_arm_count(root: ET.Element, r: RecordReader) -> None:
    arms = len(root.findall("arm_group"))
    for tag in ("number_of_arms", "number_of_groups"):
        declared = r.integer(root.findtext(tag), child_path(ROOT, tag))
        if declared is not None and arms and declared != arms:
            r.warning(
                child_path(ROOT, tag),
                "arm-count-mismatch",
                f"the record declares {declared} arms or groups but lists {arms} <arm_group> elements",
            )


# --- arms, interventions, outcomes ------------------------------------------------------------


def arms_interventions_module(root: ET.Element, r: RecordReader) -> ArmsInterventionsModule | None:
    interventions: list[Intervention] = []
    for index, element in enumerate(root.iterfind("intervention"), start=1):
        path = child_path(ROOT, "intervention", index)
        interventions.append(
            Intervention(
                type=r.enum(InterventionType, element, "intervention_type", path),
                name=r.text(element, "intervention_name"),
                description=r.markup(element, "description"),
                armGroupLabels=r.texts(element, "arm_group_label"),
                otherNames=r.texts(element, "other_name"),
            )
        )
    arms: list[ArmGroup] = []
    for index, element in enumerate(root.iterfind("arm_group"), start=1):
        label = r.text(element, "arm_group_label")
        arms.append(
            ArmGroup(
                label=label,
                type=r.enum(ArmGroupType, element, "arm_group_type", child_path(ROOT, "arm_group", index)),
                description=r.markup(element, "description"),
                interventionNames=_intervention_names(label, interventions),
            )
        )
    if not arms and not interventions:
        return None
    return ArmsInterventionsModule(armGroups=arms or None, interventions=interventions or None)


def _intervention_names(label: str | None, interventions: list[Intervention]) -> list[str] | None:
    """``Drug: sildenafil``: the interventions that name this arm, as v2 lists them on the arm."""
    if label is None:
        return None
    names = [
        f"{legacy_value(item.type)}: {item.name}" if item.type is not None else item.name
        for item in interventions
        if item.name and item.armGroupLabels and label in item.armGroupLabels
    ]
    return names or None


def outcomes_module(root: ET.Element, r: RecordReader) -> OutcomesModule | None:
    lists: dict[str, list[Outcome] | None] = {}
    for tag in ("primary_outcome", "secondary_outcome", "other_outcome"):
        outcomes = [
            Outcome(
                measure=r.text(element, "measure"),
                description=r.markup(element, "description"),
                timeFrame=r.text(element, "time_frame"),
            )
            for element in root.iterfind(tag)
        ]
        lists[tag] = outcomes or None
    module = OutcomesModule(
        primaryOutcomes=lists["primary_outcome"],
        secondaryOutcomes=lists["secondary_outcome"],
        otherOutcomes=lists["other_outcome"],
    )
    return module if module != OutcomesModule() else None
