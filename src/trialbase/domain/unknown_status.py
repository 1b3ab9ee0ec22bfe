"""The "Unknown status" rule: an open study whose status nobody has verified for two years.

ClinicalTrials.gov shows a study as "Unknown status" when its recruitment status is still open
(not yet recruiting, recruiting, enrolling by invitation, active but not recruiting) and its record
has not been verified (``statusVerifiedDate``) within the past two years; the status it last had
is shown beside it as the "last known status". A record that already says ``UNKNOWN`` (as records
from ClinicalTrials.gov do) keeps its own ``lastKnownStatus``.

``statusVerifiedDate`` is a month (``2021-07``); a month is taken to be verified through its last
day, so a study verified in July 2021 becomes unknown on 1 August 2023. Pure: the caller passes the
date to judge at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trialbase.domain.enums import Status
from trialbase.domain.partial_date import InvalidDate, PartialDate

OPEN_STATUSES = frozenset(
    {
        Status.NOT_YET_RECRUITING,
        Status.RECRUITING,
        Status.ENROLLING_BY_INVITATION,
        Status.ACTIVE_NOT_RECRUITING,
    }
)
YEARS_UNVERIFIED = 2


@dataclass(frozen=True, slots=True)
class ShownStatus:
    """The status to show: ``status``, and when it is ``UNKNOWN`` the last status known."""

    status: Status | None
    last_known_status: Status | None = None

    @property
    def is_unknown(self) -> bool:
        return self.status is Status.UNKNOWN


def stale_after(status_verified_date: str) -> dt.date | None:
    """The first day on which a record verified at ``status_verified_date`` counts as unverified."""
    try:
        verified = PartialDate.parse(status_verified_date).latest()
    except InvalidDate:
        return None
    try:
        anniversary = verified.replace(year=verified.year + YEARS_UNVERIFIED)
    except ValueError:  # 29 February
        anniversary = verified.replace(year=verified.year + YEARS_UNVERIFIED, day=28)
    return anniversary + dt.timedelta(days=1)


def shown_status(
    overall_status: Status | None,
    last_known_status: Status | None,
    status_verified_date: str | None,
    *,
    today: dt.date,
) -> ShownStatus:
    """The status a public page shows for a study on ``today``."""
    if overall_status is Status.UNKNOWN:
        return ShownStatus(Status.UNKNOWN, last_known_status)
    if overall_status in OPEN_STATUSES and status_verified_date:
        stale = stale_after(status_verified_date)
        if stale is not None and today >= stale:
            return ShownStatus(Status.UNKNOWN, overall_status)
    return ShownStatus(overall_status)
