"""The vocabulary of the synthetic studies, read from the tables in ``synthetic_areas``.

Each area groups conditions that share outcome measures and eligibility criteria; each condition
lists treatments that are plausible for it. The tables are plain text, one item a line:

* ``@ code | area name | branch abbrev and name | weight | investigational type | what it is``
* ``= condition as sponsors write it | MeSH descriptor | sex and ages | keywords; ...``
  (ages ``18+``, ``6-17``; the MeSH descriptor's id and ancestors are in ``synthetic_mesh``)
* ``- Type: treatment name | how it is given | other names; ...``
* ``> kind | measure | time frame | unit | description`` (kind: change, count or time)
* ``+ inclusion criterion`` and ``! exclusion criterion`` (``{condition}`` is replaced)

An outcome or criterion may start with ``[condition; condition]``: it then fits only those
conditions of the area (a test checks that every condition has outcomes and criteria).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Literal, cast

from trialbase.demo.synthetic_areas import AREA_TABLES
from trialbase.domain.enums import InterventionType, Sex

MeasureKind = Literal["change", "count", "time"]

# How ClinicalTrials.gov writes an intervention type in ``interventionNames`` ("Drug: Aspirin").
TYPE_LABELS: dict[InterventionType, str] = {
    InterventionType.BEHAVIORAL: "Behavioral",
    InterventionType.BIOLOGICAL: "Biological",
    InterventionType.COMBINATION_PRODUCT: "Combination Product",
    InterventionType.DEVICE: "Device",
    InterventionType.DIAGNOSTIC_TEST: "Diagnostic Test",
    InterventionType.DIETARY_SUPPLEMENT: "Dietary Supplement",
    InterventionType.DRUG: "Drug",
    InterventionType.GENETIC: "Genetic",
    InterventionType.PROCEDURE: "Procedure",
    InterventionType.RADIATION: "Radiation",
    InterventionType.OTHER: "Other",
}
_TYPES_BY_LABEL = {label: kind for kind, label in TYPE_LABELS.items()}


@dataclass(frozen=True, slots=True)
class Treatment:
    type: InterventionType
    name: str
    description: str
    other_names: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The ``Type: Name`` form arms use to refer to it."""
        return f"{TYPE_LABELS[self.type]}: {self.name}"


@dataclass(frozen=True, slots=True)
class Condition:
    name: str
    mesh: str
    sex: Sex
    min_age: int
    max_age: int | None
    keywords: tuple[str, ...]
    treatments: list[Treatment] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class OutcomeTemplate:
    kind: MeasureKind
    measure: str
    time_frame: str
    unit: str
    description: str
    only: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Criterion:
    text: str
    only: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    branch: tuple[str, str]
    weight: int
    investigational: tuple[InterventionType, str]
    conditions: list[Condition] = field(default_factory=list)
    outcomes: list[OutcomeTemplate] = field(default_factory=list)
    inclusion: list[Criterion] = field(default_factory=list)
    exclusion: list[Criterion] = field(default_factory=list)

    def outcomes_for(self, condition: Condition) -> list[OutcomeTemplate]:
        return [t for t in self.outcomes if not t.only or condition.name in t.only]

    def inclusion_for(self, condition: Condition) -> list[str]:
        return [
            c.text.replace("{condition}", condition.name) for c in self.inclusion if _fits(c.only, condition)
        ]

    def exclusion_for(self, condition: Condition) -> list[str]:
        return [c.text for c in self.exclusion if _fits(c.only, condition)]


def _fits(only: tuple[str, ...], condition: Condition) -> bool:
    return not only or condition.name in only


PLACEBO = Treatment(
    InterventionType.DRUG,
    "Placebo",
    "Matching placebo, identical in appearance and schedule to the active treatment.",
)
USUAL_CARE = Treatment(
    InterventionType.OTHER,
    "Usual care",
    "Standard care as provided by the treating team, without study treatment.",
)
SHAM = Treatment(
    InterventionType.PROCEDURE,
    "Sham procedure",
    "A procedure that mimics the active intervention without its active component.",
)
ROUTINE_CARE = Treatment(
    InterventionType.OTHER,
    "Routine clinical care",
    "No study-specific intervention; participants receive the care their physicians decide.",
)


class VocabularyError(ValueError):
    """A line of the area tables that cannot be read (a bug in ``synthetic_areas``)."""


@cache
def areas() -> tuple[Area, ...]:
    """Every condition area, parsed once."""
    return tuple(_parse_area(table) for table in AREA_TABLES)


def _cells(text: str, count: int, line: str) -> list[str]:
    cells = [cell.strip() for cell in text.split("|")]
    if len(cells) < count:
        raise VocabularyError(f"expected {count} cells separated by '|': {line!r}")
    return cells + [""] * (count + 1 - len(cells))


def _ages(text: str, line: str) -> tuple[int, int | None]:
    if text.endswith("+"):
        return int(text[:-1]), None
    low, sep, high = text.partition("-")
    if not sep:
        raise VocabularyError(f"ages must look like 18+ or 6-17: {line!r}")
    return int(low), int(high)


def _restriction(text: str, line: str) -> tuple[tuple[str, ...], str]:
    """``[A; B] rest`` -> ((A, B), rest); text without brackets fits every condition."""
    if not text.startswith("["):
        return (), text
    names, sep, rest = text[1:].partition("]")
    if not sep:
        raise VocabularyError(f"an unclosed '[': {line!r}")
    return tuple(name.strip() for name in names.split(";")), rest.strip()


def _parse_area(table: str) -> Area:
    area: Area | None = None
    for raw in table.strip().splitlines():
        line = raw.strip()
        marker, text = line[:1], line[1:].strip()
        only, text = _restriction(text, line)
        if marker == "@":
            code, name, branch, weight, kind, what = _cells(text, 6, line)[:6]
            abbrev, _, branch_name = branch.partition(" ")
            area = Area(code, name, (abbrev, branch_name), int(weight), (_TYPES_BY_LABEL[kind], what))
            continue
        if area is None:
            raise VocabularyError(f"a table must start with an '@' area line: {line!r}")
        if marker == "=":
            name, mesh, demography, keywords = _cells(text, 4, line)[:4]
            sex, _, ages = demography.partition(" ")
            low, high = _ages(ages, line)
            words = tuple(word.strip() for word in keywords.split(";") if word.strip())
            area.conditions.append(Condition(name, mesh, Sex(sex), low, high, words))
        elif marker == "-":
            typed, how, others = _cells(text, 2, line)[:3]
            label, _, name = typed.partition(": ")
            if label not in _TYPES_BY_LABEL or not area.conditions:
                raise VocabularyError(f"a treatment needs a known type and a condition above it: {line!r}")
            names = tuple(other.strip() for other in others.split(";") if other.strip())
            area.conditions[-1].treatments.append(Treatment(_TYPES_BY_LABEL[label], name, how, names))
        elif marker == ">":
            kind, measure, time_frame, unit, description = _cells(text, 5, line)[:5]
            if kind not in ("change", "count", "time"):
                raise VocabularyError(f"an outcome kind is change, count or time: {line!r}")
            template = OutcomeTemplate(cast(MeasureKind, kind), measure, time_frame, unit, description, only)
            area.outcomes.append(template)
        elif marker == "+":
            area.inclusion.append(Criterion(text, only))
        elif marker == "!":
            area.exclusion.append(Criterion(text, only))
        else:
            raise VocabularyError(f"unknown line marker {marker!r}: {line!r}")
    if area is None or not area.conditions or not area.outcomes:
        raise VocabularyError("an area needs conditions and outcomes")
    known = {condition.name for condition in area.conditions}
    restrictions = [t.only for t in area.outcomes] + [c.only for c in (*area.inclusion, *area.exclusion)]
    for only in restrictions:
        unknown = set(only) - known
        if unknown:
            raise VocabularyError(f"{sorted(unknown)} are not conditions of area {area.code}")
    return area
