"""What a synthetic study does: phases, arms and interventions, design, outcomes, eligibility.

``plan_design`` decides; the ``*_module`` functions write the v2 modules from the decision, so
arms and interventions always refer to each other (``interventionNames`` <-> ``armGroupLabels``)
and the results section can be built from the same arms and outcomes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from trialbase.demo.synthetic_vocab import (
    PLACEBO,
    ROUTINE_CARE,
    SHAM,
    USUAL_CARE,
    Area,
    Condition,
    OutcomeTemplate,
    Treatment,
)
from trialbase.domain.enums import (
    ArmGroupType,
    DesignAllocation,
    DesignMasking,
    DesignTimePerspective,
    InterventionalAssignment,
    InterventionType,
    ObservationalModel,
    Phase,
    PrimaryPurpose,
    SamplingMethod,
    Sex,
    StandardAge,
    StudyType,
    WhoMasked,
)

DRUG_LIKE = frozenset(
    {
        InterventionType.DRUG,
        InterventionType.BIOLOGICAL,
        InterventionType.GENETIC,
        InterventionType.DIETARY_SUPPLEMENT,
    }
)
_PHASES: tuple[tuple[tuple[Phase, ...], int], ...] = (
    ((Phase.EARLY_PHASE1,), 2),
    ((Phase.PHASE1,), 14),
    ((Phase.PHASE1, Phase.PHASE2), 6),
    ((Phase.PHASE2,), 24),
    ((Phase.PHASE2, Phase.PHASE3), 4),
    ((Phase.PHASE3,), 20),
    ((Phase.PHASE4,), 12),
)
_MASKS: tuple[tuple[DesignMasking, tuple[WhoMasked, ...]], ...] = (
    (DesignMasking.DOUBLE, (WhoMasked.PARTICIPANT, WhoMasked.INVESTIGATOR)),
    (DesignMasking.TRIPLE, (WhoMasked.PARTICIPANT, WhoMasked.INVESTIGATOR, WhoMasked.OUTCOMES_ASSESSOR)),
    (
        DesignMasking.QUADRUPLE,
        (WhoMasked.PARTICIPANT, WhoMasked.CARE_PROVIDER, WhoMasked.INVESTIGATOR, WhoMasked.OUTCOMES_ASSESSOR),
    ),
)
SAFETY = OutcomeTemplate(
    "count",
    "Number of participants with treatment-emergent adverse events",
    "From first dose up to 30 days after the last dose",
    "Participants",
    "Adverse events coded with MedDRA and graded by CTCAE version 5.0.",
)
_PHARMACOKINETICS = OutcomeTemplate(
    "change",
    "Maximum plasma concentration (Cmax)",
    "Pre-dose and up to 24 hours after dosing on day 1",
    "ng/mL",
    "Measured by a validated liquid chromatography-tandem mass spectrometry method.",
)
_QUALITY_OF_LIFE = OutcomeTemplate(
    "change",
    "Change from baseline in EQ-5D-5L index score",
    "Baseline and end of treatment",
    "score on a scale",
    "EuroQol five-dimension questionnaire index value; higher values mean better health.",
)
_ADHERENCE = OutcomeTemplate(
    "count",
    "Participants completing at least 75% of planned sessions",
    "End of intervention",
    "Participants",
    "From attendance records kept by the study team.",
)


@dataclass(slots=True)
class Arm:
    label: str
    type: ArmGroupType | None
    description: str
    treatments: list[Treatment] = field(default_factory=list)


@dataclass(slots=True)
class Design:
    study_type: StudyType
    main: Treatment
    phases: list[Phase] = field(default_factory=list)
    arms: list[Arm] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
    primary: list[OutcomeTemplate] = field(default_factory=list)
    secondary: list[OutcomeTemplate] = field(default_factory=list)
    other: list[OutcomeTemplate] = field(default_factory=list)
    comparator: Treatment | None = None
    investigational: bool = False
    pattern: str = "single"

    @property
    def treatments(self) -> list[Treatment]:
        """Every treatment once, in the order the arms first use it (the main one if no arms)."""
        seen: list[Treatment] = []
        for arm in self.arms:
            seen.extend(t for t in arm.treatments if t not in seen)
        return seen or [self.main]


def investigational_product(rng: random.Random, area: Area) -> Treatment:
    kind, what = area.investigational
    return Treatment(
        kind, f"SYN-{rng.randint(1000, 9999)}", f"{what[0].upper()}{what[1:]}, synthetic product"
    )


def plan_design(rng: random.Random, area: Area, condition: Condition, study_type: StudyType) -> Design:
    drugs = [t for t in condition.treatments if t.type in DRUG_LIKE]
    others = [t for t in condition.treatments if t.type not in DRUG_LIKE]
    if study_type is StudyType.EXPANDED_ACCESS:
        main = investigational_product(rng, area) if rng.random() < 0.7 or not drugs else rng.choice(drugs)
        design = Design(study_type, main, investigational=main.name.startswith("SYN-"))
        flags = rng.choice((("individual",), ("individual", "treatment"), ("intermediate",), ("treatment",)))
        design.info = dict.fromkeys(flags, True)
        return design
    if study_type is StudyType.OBSERVATIONAL:
        return _observational(rng, area, condition)
    if others and (not drugs or rng.random() < 0.3):
        design = Design(study_type, rng.choice(others), phases=[Phase.NA])
    else:
        phases = rng.choices([p for p, _ in _PHASES], [w for _, w in _PHASES])[0]
        early = phases[-1] in (Phase.EARLY_PHASE1, Phase.PHASE1, Phase.PHASE2)
        chance = 0.7 if early else 0.35 if phases[-1] is Phase.PHASE3 else 0.0
        use_new = not drugs or rng.random() < chance
        main = investigational_product(rng, area) if use_new else rng.choice(drugs)
        design = Design(study_type, main, phases=list(phases), investigational=use_new)
    main = design.main
    _interventional_arms(rng, design, [t for t in drugs if t != main], [t for t in others if t != main])
    _outcomes(rng, area, condition, design)
    return design


def _interventional_arms(
    rng: random.Random, design: Design, drugs: list[Treatment], others: list[Treatment]
) -> None:
    main, phase = design.main, design.phases[-1]
    if phase in (Phase.EARLY_PHASE1, Phase.PHASE1):
        options = {"single": 55, "dose": 45}
    elif phase is Phase.PHASE2:
        options = {"single": 30, "dose": 25, "placebo": 30, "active": 15}
    elif phase is Phase.PHASE3:
        options = {"placebo": 50, "active": 35, "addon": 15}
    elif phase is Phase.PHASE4:
        options = {"active": 50, "single": 25, "placebo": 25}
    else:
        sham_ok = main.type in (InterventionType.DEVICE, InterventionType.PROCEDURE)
        options = {"usual": 45, "sham": 20 if sham_ok else 0, "single": 25, "active": 10}
    if not drugs and not others:
        options.pop("active", None)
        options.pop("addon", None)
    if not drugs:
        options.pop("addon", None)
    pattern = rng.choices(list(options), list(options.values()))[0]
    design.pattern = pattern
    given = f"Participants receive {main.name}"
    experimental = Arm(main.name, ArmGroupType.EXPERIMENTAL, f"{given}: {main.description}.", [main])
    masked = False
    if pattern == "single":
        design.arms = [experimental]
    elif pattern == "dose":
        levels = rng.choice((("low dose", "high dose"), ("low dose", "medium dose", "high dose")))
        design.arms = [
            Arm(f"{main.name} {level}", ArmGroupType.EXPERIMENTAL, f"{given} at the {level} level.", [main])
            for level in levels
        ]
        if phase is not Phase.PHASE1 and rng.random() < 0.5:
            design.arms.append(_placebo_arm())
            masked = True
    elif pattern == "placebo":
        design.arms = [experimental, _placebo_arm()]
        masked = True
    elif pattern == "addon":
        background = rng.choice(drugs)
        design.comparator = background
        label = f"{main.name} plus {background.name}"
        design.arms = [
            Arm(label, ArmGroupType.EXPERIMENTAL, f"{given} added to {background.name}.", [main, background]),
            Arm(
                f"Placebo plus {background.name}",
                ArmGroupType.PLACEBO_COMPARATOR,
                f"Participants receive matching placebo added to {background.name}.",
                [PLACEBO, background],
            ),
        ]
        masked = True
    elif pattern == "active":
        pool = drugs if main.type in DRUG_LIKE and drugs else others or drugs
        comparator = rng.choice(pool)
        design.comparator = comparator
        design.arms = [
            experimental,
            Arm(
                comparator.name,
                ArmGroupType.ACTIVE_COMPARATOR,
                f"Participants receive {comparator.name}: {comparator.description}.",
                [comparator],
            ),
        ]
        masked = rng.random() < 0.15
    elif pattern == "sham":
        design.arms = [experimental, Arm("Sham", ArmGroupType.SHAM_COMPARATOR, SHAM.description, [SHAM])]
        masked = True
    else:  # usual care
        if rng.random() < 0.5:
            control = Arm("Usual care", ArmGroupType.NO_INTERVENTION, "Participants continue usual care.")
        else:
            control = Arm("Usual care", ArmGroupType.ACTIVE_COMPARATOR, USUAL_CARE.description, [USUAL_CARE])
        design.arms = [experimental, control]
    design.info = _design_info(rng, design, masked)


def _placebo_arm() -> Arm:
    return Arm("Placebo", ArmGroupType.PLACEBO_COMPARATOR, PLACEBO.description, [PLACEBO])


def _design_info(rng: random.Random, design: Design, masked: bool) -> dict[str, Any]:
    info: dict[str, Any] = {}
    if len(design.arms) == 1:
        info["allocation"] = DesignAllocation.NA
        info["interventionModel"] = InterventionalAssignment.SINGLE_GROUP
    elif design.pattern == "dose" and design.phases[0] in (Phase.EARLY_PHASE1, Phase.PHASE1):
        info["allocation"] = DesignAllocation.NON_RANDOMIZED
        info["interventionModel"] = InterventionalAssignment.SEQUENTIAL
        info["interventionModelDescription"] = "Sequential dose-escalation cohorts (3+3 design)."
    else:
        info["allocation"] = (
            DesignAllocation.RANDOMIZED if rng.random() < 0.88 else DesignAllocation.NON_RANDOMIZED
        )
        crossover = len(design.arms) == 2 and design.pattern in ("placebo", "active") and rng.random() < 0.12
        if crossover:
            info["interventionModel"] = InterventionalAssignment.CROSSOVER
            info["interventionModelDescription"] = "Two-period crossover with a two-week washout."
        else:
            info["interventionModel"] = InterventionalAssignment.PARALLEL
    main = design.main
    if main.type is InterventionType.BIOLOGICAL and "vaccine" in main.name.lower():
        purpose = PrimaryPurpose.PREVENTION
    elif main.type is InterventionType.BEHAVIORAL:
        purpose = rng.choice((PrimaryPurpose.TREATMENT, PrimaryPurpose.SUPPORTIVE_CARE, PrimaryPurpose.OTHER))
    elif main.type is InterventionType.DEVICE and rng.random() < 0.2:
        purpose = PrimaryPurpose.DEVICE_FEASIBILITY
    else:
        purpose = PrimaryPurpose.TREATMENT if rng.random() < 0.9 else PrimaryPurpose.PREVENTION
    info["primaryPurpose"] = purpose
    if masked:
        masking, who = rng.choice(_MASKS)
        info["maskingInfo"] = {"masking": masking, "whoMasked": list(who)}
    elif len(design.arms) > 1 and rng.random() < 0.3:
        info["maskingInfo"] = {"masking": DesignMasking.SINGLE, "whoMasked": [WhoMasked.OUTCOMES_ASSESSOR]}
    else:
        info["maskingInfo"] = {"masking": DesignMasking.NONE}
    return info


def _observational(rng: random.Random, area: Area, condition: Condition) -> Design:
    models = {
        ObservationalModel.COHORT: 55,
        ObservationalModel.CASE_CONTROL: 15,
        ObservationalModel.CASE_ONLY: 12,
        ObservationalModel.DEFINED_POPULATION: 5,
        ObservationalModel.NATURAL_HISTORY: 5,
        ObservationalModel.OTHER: 8,
    }
    model = rng.choices(list(models), list(models.values()))[0]
    perspective = rng.choices(
        [
            DesignTimePerspective.PROSPECTIVE,
            DesignTimePerspective.RETROSPECTIVE,
            DesignTimePerspective.CROSS_SECTIONAL,
        ],
        [65, 25, 10],
    )[0]
    exposures = list(condition.treatments)
    rng.shuffle(exposures)
    main = exposures[0] if exposures else ROUTINE_CARE
    design = Design(
        StudyType.OBSERVATIONAL, main, info={"observationalModel": model, "timePerspective": perspective}
    )
    people = f"Participants with {condition.name}"
    if model is ObservationalModel.CASE_CONTROL:
        design.pattern = "case-control"
        design.arms = [
            Arm("Cases", None, f"{people} receiving {main.name} in routine care.", [main]),
            Arm("Controls", None, f"Matched participants without {condition.name}."),
        ]
    elif model is ObservationalModel.COHORT and len(exposures) > 1 and rng.random() < 0.6:
        design.comparator = exposures[1]
        design.arms = [
            Arm(
                f"{t.name} cohort",
                None,
                f"{people} treated with {t.name} as decided by their physician.",
                [t],
            )
            for t in exposures[:2]
        ]
    else:
        design.main = ROUTINE_CARE
        design.arms = [
            Arm(f"{condition.name} cohort", None, f"{people} followed in routine care.", [ROUTINE_CARE])
        ]
    _outcomes(rng, area, condition, design)
    return design


def _outcomes(rng: random.Random, area: Area, condition: Condition, design: Design) -> None:
    pool = area.outcomes_for(condition) or [SAFETY]
    rng.shuffle(pool)
    first_in_human = design.phases and design.phases[0] in (Phase.EARLY_PHASE1, Phase.PHASE1)
    if first_in_human:
        design.primary = [SAFETY]
        design.secondary = [_PHARMACOKINETICS, *(t for t in pool[:1] if t is not SAFETY)]
    else:
        count = 2 if rng.random() < 0.2 else 1
        design.primary = pool[:count]
        design.secondary = pool[count : count + rng.randint(0, 3)]
        extra = _ADHERENCE if design.main.type is InterventionType.BEHAVIORAL else SAFETY
        if design.study_type is StudyType.INTERVENTIONAL and extra not in design.primary:
            design.secondary.append(extra)
        if rng.random() < 0.3:
            design.secondary.append(_QUALITY_OF_LIFE)
    used = design.primary + design.secondary
    spare = [t for t in (_QUALITY_OF_LIFE, _ADHERENCE) if t not in used]
    if spare and rng.random() < 0.1:
        design.other = spare[:1]


def arms_interventions_module(design: Design) -> dict[str, Any]:
    module: dict[str, Any] = {}
    if design.arms:
        module["armGroups"] = [_arm_group(arm) for arm in design.arms]
    interventions = []
    for treatment in design.treatments:
        item: dict[str, Any] = {
            "type": treatment.type,
            "name": treatment.name,
            "description": treatment.description,
        }
        labels = [arm.label for arm in design.arms if treatment in arm.treatments]
        if labels:
            item["armGroupLabels"] = labels
        if treatment.other_names:
            item["otherNames"] = list(treatment.other_names)
        interventions.append(item)
    module["interventions"] = interventions
    return module


def _arm_group(arm: Arm) -> dict[str, Any]:
    group: dict[str, Any] = {"label": arm.label}
    if arm.type is not None:
        group["type"] = arm.type
    group["description"] = arm.description
    if arm.treatments:
        group["interventionNames"] = [t.label for t in arm.treatments]
    return group


def design_module(rng: random.Random, design: Design, enrollment: tuple[int, str] | None) -> dict[str, Any]:
    module: dict[str, Any] = {"studyType": design.study_type}
    if design.study_type is StudyType.EXPANDED_ACCESS:
        module["expandedAccessTypes"] = design.info
        return module
    if design.study_type is StudyType.OBSERVATIONAL:
        registry = rng.random() < 0.15
        module["patientRegistry"] = registry
        if registry:
            module["targetDuration"] = rng.choice(("1 Year", "2 Years", "5 Years", "10 Years"))
        module["designInfo"] = design.info
        if rng.random() < 0.2:
            module["bioSpec"] = {
                "retention": rng.choice(("SAMPLES_WITH_DNA", "SAMPLES_WITHOUT_DNA")),
                "description": "Whole blood, serum and plasma collected at enrolment and follow-up visits.",
            }
    else:
        module["phases"] = design.phases
        module["designInfo"] = design.info
    if enrollment is not None:
        module["enrollmentInfo"] = {"count": enrollment[0], "type": enrollment[1]}
    return module


def outcomes_module(design: Design) -> dict[str, Any]:
    module: dict[str, Any] = {}
    for key, templates in (
        ("primaryOutcomes", design.primary),
        ("secondaryOutcomes", design.secondary),
        ("otherOutcomes", design.other),
    ):
        if templates:
            module[key] = [
                {"measure": t.measure, "description": t.description, "timeFrame": t.time_frame}
                for t in templates
            ]
    return module


def standard_ages(low: int, high: int | None) -> list[StandardAge]:
    ages = []
    if low < 18:
        ages.append(StandardAge.CHILD)
    if low <= 64 and (high is None or high >= 18):
        ages.append(StandardAge.ADULT)
    if high is None or high >= 65:
        ages.append(StandardAge.OLDER_ADULT)
    return ages


def _years(value: int) -> str:
    return f"{value} Year" if value == 1 else f"{value} Years"


def eligibility_module(
    rng: random.Random, area: Area, condition: Condition, design: Design
) -> dict[str, Any]:
    low, high = condition.min_age, condition.max_age
    if high is None:
        age_line = f"Aged {low} years or older" if low else None
    else:
        age_line = f"Aged {low} to {high} years" if low else f"Aged up to {high} years"
    inclusion = [age_line] if age_line else []
    inclusion += _some(rng, area.inclusion_for(condition), 2)
    inclusion.append("Able and willing to give written informed consent")
    exclusion = _some(rng, area.exclusion_for(condition), 2)
    if condition.sex is Sex.MALE:
        exclusion = [line for line in exclusion if "pregnan" not in line.lower()]
    other_study = "Participation in another interventional study within 30 days"
    if len(exclusion) < 3 and other_study not in exclusion:
        exclusion.append(other_study)
    criteria = "Inclusion Criteria:\n\n" + "\n".join(f"* {line}" for line in inclusion)
    criteria += "\n\nExclusion Criteria:\n\n" + "\n".join(f"* {line}" for line in exclusion)
    vaccine = "vaccine" in design.main.name.lower()
    module: dict[str, Any] = {
        "eligibilityCriteria": criteria,
        "healthyVolunteers": vaccine
        or (design.study_type is StudyType.OBSERVATIONAL and design.pattern == "case-control"),
        "sex": condition.sex,
    }
    if low:
        module["minimumAge"] = _years(low)
    if high is not None:
        module["maximumAge"] = _years(high)
    module["stdAges"] = standard_ages(low, high)
    if design.study_type is StudyType.OBSERVATIONAL:
        who = "Children" if high is not None and high < 18 else "Adults" if low >= 18 else "People"
        module["studyPopulation"] = (
            f"{who} with {condition.name} seen at the participating centres during the enrolment period."
        )
        module["samplingMethod"] = (
            SamplingMethod.NON_PROBABILITY_SAMPLE if rng.random() < 0.8 else SamplingMethod.PROBABILITY_SAMPLE
        )
    return module


def _some(rng: random.Random, lines: list[str], minimum: int) -> list[str]:
    """An ordered random subset of ``lines`` with at least ``minimum`` items."""
    count = rng.randint(min(minimum, len(lines)), len(lines))
    chosen = set(rng.sample(range(len(lines)), count))
    return [line for index, line in enumerate(lines) if index in chosen]
