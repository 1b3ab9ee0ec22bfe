"""When a study owes its results: once it has ended, one year after its actual primary completion.

The rule follows U.S. law (42 CFR 11.44): results are due no later than one year after the primary
completion date. Only an *actual* primary completion date starts the clock (an estimated one is a
plan, not a fact). A date given to the month (``2025-03``) is read as its last day
(2025-03-31), one given to the year as 31 December: the sponsor said "some time in that month",
and the registry does not call results late before the last day they could be on time. One year
after 29 February is 28 February.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from trialbase.domain.partial_date import InvalidDate, PartialDate

# Statuses of a study whose results may be entered and are owed.
ENDED_STATUSES = frozenset({"COMPLETED", "TERMINATED"})


@dataclass(frozen=True, slots=True)
class ResultsDue:
    date: dt.date
    overdue: bool


def has_ended(document: Any) -> bool:
    """The study's overall status is COMPLETED or TERMINATED."""
    return _get(document, "protocolSection", "statusModule", "overallStatus") in ENDED_STATUSES


def due_date(primary_completion: PartialDate) -> dt.date:
    """One year after the last day ``primary_completion`` covers."""
    last = primary_completion.latest()
    try:
        return last.replace(year=last.year + 1)
    except ValueError:  # 29 February
        return dt.date(last.year + 1, 2, 28)


def results_due(document: Any, *, results_posted: bool, today: dt.date) -> ResultsDue | None:
    """When the study's results are due, or None: not ended, no actual primary completion date, or
    results already posted."""
    if results_posted or not has_ended(document):
        return None
    struct = _get(document, "protocolSection", "statusModule", "primaryCompletionDateStruct")
    if _get(struct, "type") != "ACTUAL" or not isinstance(_get(struct, "date"), str):
        return None
    try:
        completed = PartialDate.parse(struct["date"])
    except InvalidDate:
        return None
    due = due_date(completed)
    return ResultsDue(due, overdue=due < today)


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
