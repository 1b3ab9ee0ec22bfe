"""Date logic: the order of the study dates, actual dates not in the future, estimates gone by.

Partial dates keep their precision: ``2021-07`` covers the whole of July, so a date is only "after"
another when every day it covers is after every day the other covers, and an actual date is only
"in the future" when even its first day is after ``today``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.validation.document_view import PROTOCOL, DatedField, Study, get, partial_date
from trialbase.domain.validation.rule import Rule

FAMILY = "dates"
DATE_ORDER = Rule(
    "date-order",
    Severity.ERROR,
    FAMILY,
    "The Study Start Date must be on or before the Primary Completion Date, and that on or before "
    "the Study Completion Date.",
)
ACTUAL_DATE_IN_FUTURE = Rule(
    "actual-date-in-future",
    Severity.ERROR,
    FAMILY,
    "A date marked ACTUAL lies after today; a date that has not happened yet is ESTIMATED.",
)
DATE_IN_FUTURE = Rule(
    "date-in-future",
    Severity.ERROR,
    FAMILY,
    "The Record Verification Date or a submission date lies after today.",
)
ESTIMATED_DATE_PASSED = Rule(
    "estimated-date-passed",
    Severity.WARNING,
    FAMILY,
    "An ESTIMATED start or completion date has gone by: update it to the actual date, or to a new "
    "estimate if the event has not happened yet.",
)
RULES: tuple[Rule, ...] = (DATE_ORDER, ACTUAL_DATE_IN_FUTURE, DATE_IN_FUTURE, ESTIMATED_DATE_PASSED)

_PLAIN_DATES = {
    "statusVerifiedDate": "Record Verification Date",
    "studyFirstSubmitDate": "first submission date",
    "lastUpdateSubmitDate": "last update submission date",
    "resultsFirstSubmitDate": "results first submission date",
}
_SETTLED = frozenset({"COMPLETED", "TERMINATED", "WITHDRAWN"})  # the status rules judge their dates


def study_dates(study: Study) -> list[DatedField]:
    """Start, primary completion and completion, in that order, where present and readable."""
    fields = (
        study.date_struct("startDateStruct", "Study Start Date"),
        study.date_struct("primaryCompletionDateStruct", "Primary Completion Date"),
        study.date_struct("completionDateStruct", "Study Completion Date"),
    )
    return [field for field in fields if field is not None]


def _is_after(later: DatedField, earlier: DatedField) -> bool:
    """Whether ``later`` is certainly after ``earlier`` (beyond what the precisions allow)."""
    return later.date.earliest() > earlier.date.latest()


def check(study: Study) -> Iterator[Issue]:
    dates = study_dates(study)
    yield from _order(dates)
    for field in dates:
        if field.actual and field.date.earliest() > study.today:
            yield ACTUAL_DATE_IN_FUTURE.issue(
                field.path,
                f"The {field.label} {field.date} is marked ACTUAL but lies after today "
                f"({study.today.isoformat()}). Use type ESTIMATED for a date that has not happened yet, "
                f"or correct the date.",
            )
        elif (
            field.actual is False
            and field.date.latest() < study.today
            and study.overall_status not in _SETTLED
        ):
            yield ESTIMATED_DATE_PASSED.issue(
                field.path,
                f"The {field.label} {field.date} is ESTIMATED but has gone by (today is "
                f"{study.today.isoformat()}). If it happened, enter the actual date with type ACTUAL; "
                f"if not, enter a new estimate.",
            )
    for key, label in _PLAIN_DATES.items():
        date = partial_date(get(study.protocol, "statusModule", key))
        if date is not None and date.earliest() > study.today:
            yield DATE_IN_FUTURE.issue(
                f"{PROTOCOL}.statusModule.{key}",
                f"The {label} {date} lies after today ({study.today.isoformat()}); "
                f"enter a date on or before today.",
            )


def _order(dates: list[DatedField]) -> Iterator[Issue]:
    reported = False
    for earlier, later in itertools.pairwise(dates):
        if _is_after(earlier, later):
            reported = True
            yield DATE_ORDER.issue(
                later.path,
                f"The {later.label} ({later.date}) is before the {earlier.label} ({earlier.date}). "
                f"Dates must run start ≤ primary completion ≤ study completion; correct whichever is wrong.",
            )
    if not reported and len(dates) == 3 and _is_after(dates[0], dates[2]):
        yield DATE_ORDER.issue(
            dates[2].path,
            f"The {dates[2].label} ({dates[2].date}) is before the {dates[0].label} ({dates[0].date}).",
        )
