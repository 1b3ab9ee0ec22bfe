"""AACT's values in v2 terms: display texts to enum values, dates that keep their precision, flags.

AACT stores what the ClinicalTrials.gov website showed: ``Phase 1/Phase 2``, ``None (Open Label)``,
``Anticipated``, ``March 2020``. Display texts are read back to v2 enum values by the one legacy
reader, ``trialbase.domain.legacy_values.from_legacy`` (which also accepts the v2 values). A value
that cannot be mapped is left out of the document with a warning that names the table, row and
column it came from and what would have been accepted; nothing is guessed.

Dates: AACT keeps both the text that was registered (``start_month_year``: ``March 2020``) and a
day-padded copy (``start_date``: ``2020-03-31``). Only the text is read, so a month stays a month.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from trialbase.domain.enums import Phase, StudyType
from trialbase.domain.issue import Issue, Severity
from trialbase.domain.legacy_values import UnknownLegacyValue, from_legacy
from trialbase.domain.partial_date import InvalidDate, PartialDate
from trialbase.ingest.aact_tables import Row

_TARGET_DURATION = re.compile(
    r"^\d+ (Year|Years|Month|Months|Week|Weeks|Day|Days|Hour|Hours|Minute|Minutes)$"
)
_PATIENT_REGISTRY = "[patient registry]"
_TRUE = frozenset({"true", "t", "yes", "y"})
_FALSE = frozenset({"false", "f", "no", "n"})


@dataclass
class Findings:
    """The warnings about one study, each naming the table, row and column of the value.

    Converting a study only ever warns: a value that cannot be mapped is left out. What makes a
    study unimportable (no usable ``nct_id``) is decided before conversion starts.
    """

    issues: list[Issue] = field(default_factory=list)

    def warn(self, row: Row, column: str | None, code: str, message: str) -> None:
        self.issues.append(Issue(row.where(column), code, message, Severity.WARNING))


def text(row: Row, column: str) -> str | None:
    return row[column] or None


def enum_value(
    row: Row, column: str, kind: type[enum.StrEnum], target: str, findings: Findings
) -> str | None:
    """The v2 value of a display text (``Anticipated`` -> ``ESTIMATED``), or None with a warning."""
    value = row[column]
    if not value:
        return None
    mapped = _from_legacy(kind, value)
    if isinstance(mapped, str):
        return mapped
    findings.warn(row, column, "unknown-enum-value", f"{mapped}; {target} is left out")
    return None


def phases(row: Row, column: str, findings: Findings) -> list[str] | None:
    """``Phase 1/Phase 2`` -> ``['PHASE1', 'PHASE2']``; any unknown part drops the whole value."""
    value = row[column]
    if not value:
        return None
    whole = _from_legacy(Phase, value)  # 'N/A' is one phase, not two
    if isinstance(whole, str):
        return [whole]
    mapped: list[str] = []
    for part in value.split("/"):
        phase = _from_legacy(Phase, part)
        if not isinstance(phase, str):
            findings.warn(
                row,
                column,
                "unknown-enum-value",
                f"{value!r} is not a phase (expected one of {', '.join(phase.accepted)}, or two "
                "joined by '/', e.g. 'Phase 1/Phase 2'); protocolSection.designModule.phases is left out",
            )
            return None
        if phase not in mapped:
            mapped.append(phase)
    return mapped


def study_type(row: Row, findings: Findings) -> tuple[str | None, bool | None]:
    """``Observational [Patient Registry]`` -> (``OBSERVATIONAL``, True): AACT folds the flag in."""
    value = row["study_type"]
    registry = value.casefold().endswith(_PATIENT_REGISTRY)
    if registry:
        value = value[: -len(_PATIENT_REGISTRY)].strip()
    if not value:
        return None, True if registry else None
    mapped = _from_legacy(StudyType, value)
    if isinstance(mapped, str):
        return mapped, True if registry else None
    findings.warn(
        row,
        "study_type",
        "unknown-enum-value",
        f"{mapped} (or 'Observational [Patient Registry]'); "
        "protocolSection.designModule.studyType is left out",
    )
    return None, True if registry else None


@lru_cache(maxsize=4096)
def _from_legacy(kind: type[enum.StrEnum], text: str) -> str | UnknownLegacyValue:
    """``from_legacy`` once per distinct text (the same few values repeat in every row)."""
    try:
        return from_legacy(kind, text).value
    except UnknownLegacyValue as error:
        return error


def registered_date(row: Row, column: str, target: str, findings: Findings) -> PartialDate | None:
    """A ``Month yyyy`` / ``Month d, yyyy`` / ``MM/yyyy`` text, at the precision it was written."""
    value = row[column]
    if not value:
        return None
    parsed = _legacy_date(value)
    if isinstance(parsed, str):
        findings.warn(row, column, "bad-date", f"{parsed}; {target} is left out")
        return None
    return parsed


def partial_date(row: Row, column: str, target: str, findings: Findings) -> str | None:
    """``registered_date`` as v2 text: ``yyyy``, ``yyyy-MM`` or ``yyyy-MM-dd``."""
    parsed = registered_date(row, column, target, findings)
    return None if parsed is None else parsed.isoformat()


def day(row: Row, column: str, target: str, findings: Findings) -> str | None:
    """A full ``yyyy-MM-dd`` date (submission and posting dates are always to the day)."""
    value = row[column]
    if not value:
        return None
    problem = _day_problem(value)
    if problem is not None:
        findings.warn(row, column, "bad-date", f"{problem}; {target} is left out")
        return None
    return value


@lru_cache(maxsize=4096)
def _legacy_date(text: str) -> PartialDate | str:
    """The date, or what is wrong with the text (dates repeat, so they are parsed once)."""
    try:
        return PartialDate.parse_legacy(text)
    except InvalidDate as error:
        return str(error)


@lru_cache(maxsize=32768)
def _day_problem(text: str) -> str | None:
    try:
        parsed = PartialDate.parse(text)
    except InvalidDate as error:
        return str(error)
    if parsed.day is None:
        return f"{text!r} is not a full date (expected yyyy-MM-dd)"
    return None


def boolean(row: Row, column: str, target: str, findings: Findings) -> bool | None:
    value = row[column]
    if not value:
        return None
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    findings.warn(
        row,
        column,
        "bad-boolean",
        f"{value!r} is not true or false (expected TRUE, FALSE, t or f); {target} is left out",
    )
    return None


def integer(row: Row, column: str, target: str, findings: Findings) -> int | None:
    value = row[column]
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number.is_integer() or number < 0:
        findings.warn(
            row, column, "bad-number", f"{value!r} is not a whole number of 0 or more; {target} is left out"
        )
        return None
    return int(number)


def duration(row: Row, column: str, target: str, findings: Findings) -> str | None:
    value = row[column]
    if not value:
        return None
    if _TARGET_DURATION.match(value) is None:
        findings.warn(
            row,
            column,
            "bad-format",
            f"{value!r} is not a duration (expected e.g. '5 Years', '6 Months'); {target} is left out",
        )
        return None
    return value


def prune(values: dict[str, Any]) -> dict[str, Any] | None:
    """The object without its empty members (None, '', [], {}), or None when nothing is left."""
    kept = {key: value for key, value in values.items() if value is not None and value not in _EMPTY}
    return kept or None


def present(items: Iterable[dict[str, Any] | None]) -> list[dict[str, Any]]:
    """The objects of a list that ``prune`` left something of."""
    return [item for item in items if item is not None]


_EMPTY: tuple[Any, ...] = ("", [], {})
