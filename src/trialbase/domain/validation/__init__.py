"""The validation rules: every problem in a study document, each an ``Issue`` keyed by field path.

``validate(document, today=...)`` runs every rule family and returns every finding; an ``error``
blocks release, a ``warning`` and a ``note`` do not. The same rules serve the registration forms,
import reports and the public data-quality view. ``RULES`` lists every rule (code, severity,
family, description) as data, so the docs and forms are generated from it.

Rules never read a clock (``today`` is a parameter) and never raise for a malformed document: a
value of the wrong type is reported once, by the structure rules, and the other rules skip it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any, Protocol

from trialbase.domain.issue import Issue, Severity, has_errors
from trialbase.domain.study_document import check_document
from trialbase.domain.validation import (
    arms,
    contacts,
    dates,
    eligibility,
    lengths,
    outcomes,
    oversight,
    required,
    results,
    status,
    structure,
)
from trialbase.domain.validation.document_view import Study
from trialbase.domain.validation.rule import Rule


class _Family(Protocol):
    FAMILY: str
    RULES: tuple[Rule, ...]

    def check(self, study: Study) -> Iterator[Issue]: ...


FAMILIES: tuple[_Family, ...] = (
    structure,
    required,
    lengths,
    dates,
    status,
    arms,
    outcomes,
    eligibility,
    contacts,
    oversight,
    results,
)
RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
RULES_BY_CODE: MappingProxyType[str, Rule] = MappingProxyType({rule.code: rule for rule in RULES})
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


def validate(document: Any, *, today: dt.date) -> list[Issue]:
    """Every finding about ``document`` (a v2 study document), judged on ``today``.

    Findings come family by family, in document order within a family.
    """
    if not isinstance(document, dict):
        return check_document(document)  # one "not-an-object" finding
    study = Study(document, today)
    return [issue for family in FAMILIES for issue in family.check(study)]


def by_severity(issues: list[Issue]) -> list[Issue]:
    """The findings with errors first, then warnings, then notes (stable within each)."""
    return sorted(issues, key=lambda issue: _SEVERITY_ORDER[issue.severity])


__all__ = [
    "FAMILIES",
    "RULES",
    "RULES_BY_CODE",
    "Issue",
    "Rule",
    "Severity",
    "by_severity",
    "has_errors",
    "validate",
]
