"""Outcome measures: each has a title and a time frame, and none is listed twice."""

from __future__ import annotations

from collections.abc import Iterator

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.validation.arms import normalized
from trialbase.domain.validation.document_view import PROTOCOL, Study, items, text
from trialbase.domain.validation.rule import Rule

FAMILY = "outcomes"
OUTCOME_TITLE_MISSING = Rule(
    "outcome-title-missing", Severity.ERROR, FAMILY, "An outcome measure has no title (measure)."
)
OUTCOME_TIME_FRAME_MISSING = Rule(
    "outcome-time-frame-missing",
    Severity.ERROR,
    FAMILY,
    "An outcome measure has no time frame: the specific time point(s) at which it is assessed.",
)
DUPLICATE_OUTCOME = Rule(
    "duplicate-outcome",
    Severity.WARNING,
    FAMILY,
    "The same outcome measure (title and time frame) is listed twice in one list.",
)
RULES: tuple[Rule, ...] = (OUTCOME_TITLE_MISSING, OUTCOME_TIME_FRAME_MISSING, DUPLICATE_OUTCOME)

KINDS = {"primaryOutcomes": "primary", "secondaryOutcomes": "secondary", "otherOutcomes": "other"}


def check(study: Study) -> Iterator[Issue]:
    module = study.module("outcomesModule")
    for kind, word in KINDS.items():
        seen: dict[tuple[str, str], str] = {}
        for path, outcome in items(module.get(kind), f"{PROTOCOL}.outcomesModule.{kind}"):
            measure, time_frame = text(outcome.get("measure")), text(outcome.get("timeFrame"))
            if measure is None:
                yield OUTCOME_TITLE_MISSING.issue(
                    f"{path}.measure",
                    f"This {word} outcome measure has no title. Enter a specific title naming what is "
                    f"measured (at most 255 characters).",
                )
            if time_frame is None:
                named = f" {measure!r}" if measure else ""
                yield OUTCOME_TIME_FRAME_MISSING.issue(
                    f"{path}.timeFrame",
                    f"The {word} outcome measure{named} has no time frame. Enter the time point(s) at "
                    f"which it is assessed, e.g. 'Baseline and 12 weeks' (at most 255 characters).",
                )
            if measure is None:
                continue
            key = (normalized(measure), normalized(time_frame or ""))
            if key in seen:
                yield DUPLICATE_OUTCOME.issue(
                    f"{path}.measure",
                    f"This {word} outcome measure repeats {seen[key]} (same title and time frame). "
                    f"Remove the copy or say how they differ.",
                )
            seen.setdefault(key, path)
