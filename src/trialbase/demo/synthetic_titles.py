"""Titles and summaries of synthetic studies, written from the study's design.

The official title follows the usual registry pattern ("A Phase 3, Randomized, Double-blind,
Placebo-controlled Study to Evaluate ..."); the brief summary opens by saying the record is
synthetic. The "[Synthetic]" title prefixes are added by ``synthetic``.
"""

from __future__ import annotations

import random
from typing import Any

from trialbase.demo.synthetic_design import Design
from trialbase.demo.synthetic_vocab import Condition
from trialbase.domain.enums import DesignAllocation, DesignMasking, Phase, StudyType

SYNTHETIC_NOTICE = (
    "This is a synthetic record generated for demonstration; it does not describe a real study."
)
_PHASE_WORDS = {
    (Phase.EARLY_PHASE1,): "Early Phase 1",
    (Phase.PHASE1,): "Phase 1",
    (Phase.PHASE1, Phase.PHASE2): "Phase 1/2",
    (Phase.PHASE2,): "Phase 2",
    (Phase.PHASE2, Phase.PHASE3): "Phase 2/3",
    (Phase.PHASE3,): "Phase 3",
    (Phase.PHASE4,): "Phase 4",
}
_CONTROL_WORDS = {
    "placebo": "Placebo-controlled",
    "addon": "Placebo-controlled",
    "active": "Active-controlled",
    "sham": "Sham-controlled",
    "usual": "Usual-care-controlled",
    "dose": "Dose-ranging",
}
_SYLLABLES = ("VAL", "TOR", "MER", "ISO", "AN", "CO", "RE", "LUM", "NOVA", "SIL", "ARC", "TEM", "PRO", "ZEN")


def _population(condition: Condition) -> str:
    if condition.max_age is not None and condition.max_age < 18:
        return "Children"
    return "Adults" if condition.min_age >= 18 else "Participants"


def _aim(design: Design) -> str:
    if design.phases and design.phases[0] in (Phase.EARLY_PHASE1, Phase.PHASE1):
        return "Safety, Tolerability and Pharmacokinetics"
    if design.phases and design.phases[-1] is Phase.NA:
        return "Effectiveness"
    return "Efficacy and Safety"


def titles(rng: random.Random, condition: Condition, design: Design) -> tuple[str, str, str | None]:
    """Brief title, official title and (sometimes) an acronym, without the synthetic prefixes."""
    main, name, people = design.main.name, condition.name, _population(condition)
    if design.study_type is StudyType.EXPANDED_ACCESS:
        brief = f"Expanded Access to {main} for {name}"
        official = (
            f"Expanded Access Program Providing {main} to Patients With {name} "
            "Who Have No Satisfactory Alternative Treatment"
        )
        return brief, official, None
    if design.study_type is StudyType.OBSERVATIONAL:
        model = str(design.info["observationalModel"]).replace("_", "-").lower()
        perspective = str(design.info["timePerspective"]).replace("_", "-").capitalize()
        brief = rng.choice(
            (
                f"{name} Outcomes in Routine Care",
                f"A Registry of {people} With {name}",
                f"Biomarkers of Disease Course in {name}",
                f"Real-world Treatment Patterns in {name}",
            )
        )
        if design.pattern == "case-control":
            brief = f"Risk Factors for {name}: a Case-control Study"
        official = f"A {perspective} {model.capitalize()} Study of {people} With {name}"
        return brief, official, None
    comparator = design.comparator.name if design.comparator else None
    options = [f"A Study of {main} in {people} With {name}", f"{main} for {name}"]
    if design.pattern == "placebo":
        options.append(f"{main} Versus Placebo in {name}")
    elif design.pattern == "active" and comparator:
        options = [f"{main} Compared With {comparator} for {name}"]
    elif design.pattern == "addon" and comparator:
        options = [f"{main} Added to {comparator} in {name}"]
    brief = rng.choice(options)
    words = [_PHASE_WORDS.get(tuple(design.phases), "")]
    allocation_words = {
        DesignAllocation.RANDOMIZED: "Randomized",
        DesignAllocation.NON_RANDOMIZED: "Non-randomized",
    }
    words.append(allocation_words.get(design.info.get("allocation", DesignAllocation.NA), "Single-arm"))
    masking = design.info.get("maskingInfo", {}).get("masking")
    words.append(
        "Open-label"
        if masking is DesignMasking.NONE
        else "Single-blind"
        if masking is DesignMasking.SINGLE
        else "Double-blind"
    )
    words.append(_CONTROL_WORDS.get(design.pattern, ""))
    if rng.random() < 0.4:
        words.append("Multicentre")
    lead = ", ".join(word for word in words if word)
    versus = f" Compared With {comparator}" if design.pattern == "active" and comparator else ""
    article = "An" if lead[:1] in "AEIOU" else "A"
    official = (
        f"{article} {lead} Study to Evaluate the {_aim(design)} of {main}{versus} in {people} With {name}"
    )
    acronym = None
    if rng.random() < 0.15:
        acronym = "".join(rng.sample(_SYLLABLES, rng.randint(2, 3)))
    return brief, official, acronym


def description_module(rng: random.Random, condition: Condition, design: Design) -> dict[str, Any]:
    main, name, people = design.main.name, condition.name, _population(condition).lower()
    if design.study_type is StudyType.EXPANDED_ACCESS:
        body = (
            f"{main} is made available to patients with {name} who cannot take part in a clinical trial "
            "and have no satisfactory alternative treatment."
        )
    elif design.study_type is StudyType.OBSERVATIONAL:
        measure = design.primary[0].measure[0].lower() + design.primary[0].measure[1:]
        body = f"This observational study follows {people} with {name} to describe {measure} in routine care."
    else:
        phase = _PHASE_WORDS.get(tuple(design.phases), "")
        kind = f"{phase} study" if phase else "study"
        versus = f", compared with {design.comparator.name}," if design.comparator else ""
        if design.pattern in ("placebo", "addon"):
            versus = ", compared with placebo,"
        outcome = design.primary[0]
        body = (
            f"This {kind} evaluates the {_aim(design).lower()} of {main}{versus} in {people} with {name}. "
            f"The main outcome is {outcome.measure[0].lower()}{outcome.measure[1:]} "
            f"({outcome.time_frame[0].lower()}{outcome.time_frame[1:]})."
        )
    module: dict[str, Any] = {"briefSummary": f"{SYNTHETIC_NOTICE} {body}"}
    if design.arms and rng.random() < 0.5:
        lines = "\n".join(f"* {arm.label}: {arm.description}" for arm in design.arms)
        module["detailedDescription"] = f"The study has {len(design.arms)} group(s):\n\n{lines}"
    return module
