from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from trialbase.domain.partial_date import PartialDate
from trialbase.domain.results_due import ResultsDue, due_date, has_ended, results_due

TODAY = dt.date(2026, 1, 1)


def _study(
    status: str = "COMPLETED", date: str = "2024-06-15", kind: str | None = "ACTUAL"
) -> dict[str, Any]:
    struct: dict[str, Any] = {"date": date}
    if kind is not None:
        struct["type"] = kind
    return {
        "protocolSection": {"statusModule": {"overallStatus": status, "primaryCompletionDateStruct": struct}}
    }


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("2024-06-15", dt.date(2025, 6, 15)),
        ("2024-06", dt.date(2025, 6, 30)),  # a month: its last day
        ("2024-02", dt.date(2025, 2, 28)),  # the last day of February 2024 is the 29th
        ("2024-02-29", dt.date(2025, 2, 28)),
        ("2023-02", dt.date(2024, 2, 28)),
        ("2024", dt.date(2025, 12, 31)),  # a year: 31 December
    ],
)
def test_results_are_due_a_year_after_the_last_day_the_primary_completion_covers(
    written: str, due: dt.date
) -> None:
    assert due_date(PartialDate.parse(written)) == due


def test_an_ended_study_with_an_actual_primary_completion_owes_results() -> None:
    assert results_due(_study(), results_posted=False, today=TODAY) == ResultsDue(
        dt.date(2025, 6, 15), overdue=True
    )
    assert results_due(_study(date="2025-06"), results_posted=False, today=TODAY) == ResultsDue(
        dt.date(2026, 6, 30), overdue=False
    )
    assert results_due(_study(status="TERMINATED", date="2025-01-01"), results_posted=False, today=TODAY) == (
        ResultsDue(dt.date(2026, 1, 1), overdue=False)  # due today is not late yet
    )


@pytest.mark.parametrize(
    ("document", "posted"),
    [
        (_study(), True),  # results posted
        (_study(status="RECRUITING"), False),
        (_study(status="ACTIVE_NOT_RECRUITING"), False),
        (_study(kind="ESTIMATED"), False),
        (_study(kind=None), False),
        (_study(date="June 2024"), False),
        ({"protocolSection": {"statusModule": {"overallStatus": "COMPLETED"}}}, False),
        ({"protocolSection": []}, False),
    ],
)
def test_nothing_is_due_otherwise(document: Any, posted: bool) -> None:
    assert results_due(document, results_posted=posted, today=TODAY) is None


def test_only_completed_and_terminated_studies_have_ended() -> None:
    assert has_ended(_study("COMPLETED"))
    assert has_ended(_study("TERMINATED"))
    assert not has_ended(_study("WITHDRAWN"))
    assert not has_ended(None)
