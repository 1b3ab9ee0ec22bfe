"""Eligibility: the minimum age is not above the maximum age."""

from __future__ import annotations

from collections.abc import Iterator

from trialbase.domain.age import Age, InvalidAge
from trialbase.domain.issue import Issue, Severity
from trialbase.domain.validation.document_view import PROTOCOL, Study, get
from trialbase.domain.validation.rule import Rule

FAMILY = "eligibility"
AGE_RANGE_INVERTED = Rule(
    "age-range-inverted",
    Severity.ERROR,
    FAMILY,
    "The Minimum Age is above the Maximum Age.",
)
RULES: tuple[Rule, ...] = (AGE_RANGE_INVERTED,)


def _age(value: object) -> Age | None:
    if not isinstance(value, str):
        return None
    try:
        return Age.parse(value)
    except InvalidAge:
        return None


def check(study: Study) -> Iterator[Issue]:
    module = study.module("eligibilityModule")
    minimum, maximum = _age(get(module, "minimumAge")), _age(get(module, "maximumAge"))
    if minimum is not None and maximum is not None and maximum < minimum:
        yield AGE_RANGE_INVERTED.issue(
            f"{PROTOCOL}.eligibilityModule.minimumAge",
            f"The Minimum Age ({minimum}) is above the Maximum Age ({maximum}). Correct one of them, or "
            f"leave the Maximum Age empty for no upper limit.",
        )
