"""A finding about a study document or an input record, keyed by field path."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How much a finding matters: an error blocks, a warning and a note do not."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem, where it is and what would be accepted.

    ``path`` is a dotted field path into the v2 document with list indexes in brackets,
    e.g. ``protocolSection.statusModule.startDateStruct.date`` or
    ``protocolSection.armsInterventionsModule.interventions[2].type``; empty for the whole record.
    """

    path: str
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"

    def as_dict(self) -> dict[str, str]:
        return {
            "path": self.path,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


def has_errors(issues: list[Issue]) -> bool:
    return any(issue.severity is Severity.ERROR for issue in issues)


def join_path(parent: str, key: str | int) -> str:
    """Extend a field path by a key or a list index."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key
