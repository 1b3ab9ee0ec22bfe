"""The "Unknown status" rule: open studies unverified for two years."""

from __future__ import annotations

import datetime as dt

import pytest

from trialbase.domain.enums import Status
from trialbase.domain.unknown_status import OPEN_STATUSES, shown_status, stale_after


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES))
def test_an_open_study_unverified_for_two_years_is_unknown(status: Status) -> None:
    shown = shown_status(status, None, "2021-07", today=dt.date(2023, 8, 1))
    assert shown.status is Status.UNKNOWN
    assert shown.last_known_status is status
    assert shown.is_unknown


def test_a_verified_month_counts_through_its_last_day() -> None:
    assert stale_after("2021-07") == dt.date(2023, 8, 1)
    on_the_last_day = shown_status(Status.RECRUITING, None, "2021-07", today=dt.date(2023, 7, 31))
    assert on_the_last_day.status is Status.RECRUITING
    assert on_the_last_day.last_known_status is None
    assert not on_the_last_day.is_unknown


def test_day_and_year_precision_and_leap_days() -> None:
    assert stale_after("2020-02-29") == dt.date(2022, 3, 1)
    assert stale_after("2019") == dt.date(2022, 1, 1)
    assert stale_after("July 2021") is None


@pytest.mark.parametrize(
    "status", [Status.COMPLETED, Status.TERMINATED, Status.WITHDRAWN, Status.SUSPENDED, Status.AVAILABLE]
)
def test_a_closed_study_keeps_its_status_however_old(status: Status) -> None:
    assert shown_status(status, None, "2001-01", today=dt.date(2026, 1, 1)).status is status


def test_a_record_already_unknown_keeps_its_last_known_status() -> None:
    shown = shown_status(Status.UNKNOWN, Status.ENROLLING_BY_INVITATION, "2015-03", today=dt.date(2015, 4, 1))
    assert shown.status is Status.UNKNOWN
    assert shown.last_known_status is Status.ENROLLING_BY_INVITATION


def test_no_or_unreadable_verification_date_leaves_the_status_alone() -> None:
    later = dt.date(2099, 1, 1)
    assert shown_status(Status.RECRUITING, None, None, today=later).status is Status.RECRUITING
    assert shown_status(Status.RECRUITING, None, "soon", today=later).status is Status.RECRUITING
    assert shown_status(None, None, "2001", today=later).status is None
