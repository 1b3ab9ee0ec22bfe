"""A validation rule as data: its code, severity, family and what it checks.

Every finding the rule engine returns is an ``Issue`` made by one of these rules, so the registry
(``trialbase.domain.validation.RULES``) lists every code a finding can carry; the docs
(``docs/validation.md``) and the registration forms are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from trialbase.domain.issue import Issue, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule. ``description`` says what it checks, in words a sponsor understands."""

    code: str
    severity: Severity
    family: str
    description: str

    def issue(self, path: str, message: str) -> Issue:
        """A finding of this rule at ``path`` (a v2 field path), with a message for the sponsor."""
        return Issue(path, self.code, message, self.severity)

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "family": self.family,
            "description": self.description,
        }
