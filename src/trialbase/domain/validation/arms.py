"""Arms (groups/cohorts) and interventions, and the cross-references between them.

An arm names its interventions as ``"<Type>: <Name>"`` (``"Drug: Aspirin"``, as ClinicalTrials.gov
writes them) and an intervention names its arms by label; each reference must name something that
exists. In an interventional study every arm except a No Intervention arm receives an
intervention, and every intervention is given in some arm. Names are compared ignoring case and
repeated spaces.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.validation.document_view import PROTOCOL, Study, get, items, text, texts
from trialbase.domain.validation.rule import Rule

FAMILY = "arms"
_E, _W = Severity.ERROR, Severity.WARNING

UNKNOWN_INTERVENTION = Rule(
    "arm-names-unknown-intervention",
    _E,
    FAMILY,
    "An arm lists an intervention name that matches none of the study's interventions.",
)
UNKNOWN_ARM = Rule(
    "intervention-names-unknown-arm",
    _E,
    FAMILY,
    "An intervention lists an arm label that matches none of the study's arms.",
)
ARM_WITHOUT_INTERVENTION = Rule(
    "arm-without-intervention",
    _E,
    FAMILY,
    "An arm of an interventional study (other than a No Intervention arm) has no intervention.",
)
INTERVENTION_WITHOUT_ARM = Rule(
    "intervention-without-arm",
    _E,
    FAMILY,
    "An intervention of an interventional study is not given in any arm.",
)
DUPLICATE_ARM = Rule("duplicate-arm-label", _E, FAMILY, "Two arms have the same label.")
DUPLICATE_INTERVENTION = Rule(
    "duplicate-intervention", _W, FAMILY, "Two interventions have the same type and name."
)
NO_INTERVENTION_ARM = Rule(
    "no-intervention-arm-has-intervention",
    _W,
    FAMILY,
    "An arm of type NO_INTERVENTION lists interventions.",
)
RULES: tuple[Rule, ...] = (
    UNKNOWN_INTERVENTION,
    UNKNOWN_ARM,
    ARM_WITHOUT_INTERVENTION,
    INTERVENTION_WITHOUT_ARM,
    DUPLICATE_ARM,
    DUPLICATE_INTERVENTION,
    NO_INTERVENTION_ARM,
)

_MODULE = f"{PROTOCOL}.armsInterventionsModule"


def normalized(name: str) -> str:
    return " ".join(name.split()).casefold()


def type_label(kind: str) -> str:
    """``DIETARY_SUPPLEMENT`` -> ``Dietary Supplement``, the prefix arms use."""
    return kind.replace("_", " ").title()


def _intervention_keys(intervention: dict[str, Any]) -> set[str]:
    name = text(intervention.get("name"))
    if name is None:
        return set()
    keys = {normalized(name)}
    kind = text(intervention.get("type"))
    if kind is not None:
        keys.add(normalized(f"{type_label(kind)}: {name}"))
    return keys


def check(study: Study) -> Iterator[Issue]:
    module = study.module("armsInterventionsModule")
    arms = list(items(module.get("armGroups"), f"{_MODULE}.armGroups"))
    interventions = list(items(module.get("interventions"), f"{_MODULE}.interventions"))
    interventional = study.study_type == "INTERVENTIONAL"

    labels: dict[str, str] = {}  # normalized label -> path of the first arm with it
    for path, arm in arms:
        label = text(arm.get("label"))
        if label is None:
            continue
        if normalized(label) in labels:
            yield DUPLICATE_ARM.issue(
                f"{path}.label",
                f"Another arm ({labels[normalized(label)]}) is also labelled {label!r}. Give each arm "
                f"a distinct label.",
            )
        labels.setdefault(normalized(label), path)

    known: dict[str, int] = {}  # intervention key -> index
    seen: dict[str, str] = {}
    for index, (path, intervention) in enumerate(interventions):
        for key in _intervention_keys(intervention):
            known.setdefault(key, index)
        name, kind = text(intervention.get("name")), text(intervention.get("type"))
        if name is not None:
            key = f"{kind}|{normalized(name)}"
            if key in seen:
                yield DUPLICATE_INTERVENTION.issue(
                    f"{path}.name",
                    f"Another intervention ({seen[key]}) is also {kind or 'untyped'} {name!r}. List each "
                    f"intervention once and name it in every arm that receives it.",
                )
            seen.setdefault(key, path)

    used_interventions: set[int] = set()
    armed_labels: set[str] = set()
    for path, arm in arms:
        names = list(texts(arm.get("interventionNames"), f"{path}.interventionNames"))
        for name_path, name in names:
            found = known.get(normalized(name))
            if found is None:
                yield UNKNOWN_INTERVENTION.issue(
                    name_path,
                    f"The arm lists the intervention {name!r}, but the study has no such intervention. "
                    f"Use the form '<Type>: <Name>' of an intervention listed under Interventions"
                    + _choices(list(_display_names(interventions))),
                )
            else:
                used_interventions.add(found)
                label = text(arm.get("label"))
                if label is not None:
                    armed_labels.add(normalized(label))
        if names and get(arm, "type") == "NO_INTERVENTION":
            yield NO_INTERVENTION_ARM.issue(
                f"{path}.interventionNames",
                "This arm is of type NO_INTERVENTION but lists interventions. Remove them or change the "
                "arm type.",
            )

    for index, (path, intervention) in enumerate(interventions):
        for label_path, label in texts(intervention.get("armGroupLabels"), f"{path}.armGroupLabels"):
            if normalized(label) in labels:
                used_interventions.add(index)
                armed_labels.add(normalized(label))
            else:
                yield UNKNOWN_ARM.issue(
                    label_path,
                    f"The intervention is given in the arm {label!r}, but the study has no arm with that "
                    f"label. Use the label of an arm listed under Arms" + _choices(list(_arm_labels(arms))),
                )

    if not interventional or not arms:
        return
    for path, arm in arms:
        label = text(arm.get("label"))
        if label is None or get(arm, "type") == "NO_INTERVENTION":
            continue
        if normalized(label) not in armed_labels:
            yield ARM_WITHOUT_INTERVENTION.issue(
                path,
                f"The arm {label!r} receives no intervention. Name its interventions (or, if it receives "
                f"none, set its type to NO_INTERVENTION).",
            )
    for index, (path, intervention) in enumerate(interventions):
        name = text(intervention.get("name"))
        if name is not None and index not in used_interventions:
            yield INTERVENTION_WITHOUT_ARM.issue(
                path,
                f"The intervention {name!r} is not given in any arm. Name the arms that receive it "
                f"(Arm Group Labels), or remove it.",
            )


def _display_names(interventions: list[tuple[str, dict[str, Any]]]) -> Iterator[str]:
    for _, intervention in interventions:
        name, kind = text(intervention.get("name")), text(intervention.get("type"))
        if name is not None:
            yield f"{type_label(kind)}: {name}" if kind else name


def _arm_labels(arms: list[tuple[str, dict[str, Any]]]) -> Iterator[str]:
    for _, arm in arms:
        label = text(arm.get("label"))
        if label is not None:
            yield label


def _choices(names: list[str], limit: int = 6) -> str:
    if not names:
        return " (none are listed yet)."
    shown = "; ".join(repr(name) for name in names[:limit])
    return f": {shown}{'; ...' if len(names) > limit else ''}."
