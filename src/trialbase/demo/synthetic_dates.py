"""The dates of a synthetic study, consistent with its status and with each other.

ClinicalTrials.gov's rules of thumb, as real records show them: a study is registered (first
submitted), passes quality control the same day or within weeks and is posted a few days later;
an update is posted one to four days after it is submitted; ``statusVerifiedDate`` is the month
of the last update; dates in the past are ACTUAL, dates in the future ESTIMATED; about four in ten
records give start and completion to the month only. Records whose status was not verified for
more than two years are what ClinicalTrials.gov shows as "unknown status".
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from trialbase.domain.enums import Status

_YEAR = 365
_ACTUAL_POST_TYPES_FROM = dt.date(2017, 1, 18)  # before the final rule, posting dates were "estimated"
ONGOING = frozenset(
    {
        Status.RECRUITING,
        Status.NOT_YET_RECRUITING,
        Status.ENROLLING_BY_INVITATION,
        Status.ACTIVE_NOT_RECRUITING,
        Status.SUSPENDED,
    }
)


@dataclass(slots=True)
class Timeline:
    first_submit: dt.date
    first_qc: dt.date
    first_post: dt.date
    last_submit: dt.date
    last_post: dt.date
    start: dt.date | None = None
    start_actual: bool = False
    primary: dt.date | None = None
    primary_actual: bool = False
    completion: dt.date | None = None
    completion_actual: bool = False
    results_submit: dt.date | None = None
    results_qc: dt.date | None = None
    results_post: dt.date | None = None
    month_precision: bool = False

    @property
    def verified(self) -> str:
        return self.last_submit.strftime("%Y-%m")

    def study_date(self, value: dt.date) -> str:
        """Start and completion dates: to the day, or to the month for some studies."""
        return value.strftime("%Y-%m" if self.month_precision else "%Y-%m-%d")


def post_type(value: dt.date) -> str:
    return "ACTUAL" if value >= _ACTUAL_POST_TYPES_FROM else "ESTIMATED"


class _Clock:
    def __init__(self, rng: random.Random, as_of: dt.date) -> None:
        self.rng = rng
        self.as_of = as_of

    def ago(self, low_days: float, high_days: float) -> dt.date:
        return self.as_of - dt.timedelta(days=self.rng.randint(int(low_days), int(high_days)))

    def ahead(self, low_days: float, high_days: float) -> dt.date:
        return self.as_of + dt.timedelta(days=self.rng.randint(int(low_days), int(high_days)))

    def after(self, value: dt.date, low_days: float, high_days: float) -> dt.date:
        return value + dt.timedelta(days=self.rng.randint(int(low_days), int(high_days)))

    def before(self, value: dt.date, low_days: float, high_days: float) -> dt.date:
        return value - dt.timedelta(days=self.rng.randint(int(low_days), int(high_days)))


def plan_timeline(
    rng: random.Random,
    status: Status,
    as_of: dt.date,
    *,
    stale: bool = False,
    has_results: bool = False,
    expanded_access: bool = False,
) -> Timeline:
    """Dates for a study with this status as seen on ``as_of``.

    ``stale`` makes an old record whose status was last verified more than two years ago (used
    for UNKNOWN and for the still-"recruiting" records nobody updated).
    """
    clock = _Clock(rng, as_of)
    study: dict[str, tuple[dt.date, bool]] = {}
    registered: dt.date | None = None
    last_update: dt.date | None = None
    if expanded_access:
        registered = clock.ago(60, 8 * _YEAR)
    elif stale:
        last_update = clock.ago(2.1 * _YEAR, 8 * _YEAR)
        start = clock.before(last_update, 0, 3 * _YEAR)
        primary = clock.after(start, 0.5 * _YEAR, 3 * _YEAR)
        study = {
            "start": (start, status is not Status.NOT_YET_RECRUITING),
            "primary": (primary, False),
            "completion": (clock.after(primary, 0, 1.5 * _YEAR), False),
        }
        registered = min(clock.before(start, 5, 180), last_update)
    elif status is Status.NOT_YET_RECRUITING:
        registered = clock.ago(3, 240)
        start = clock.ahead(14, 300)
        primary = clock.after(start, 0.7 * _YEAR, 3 * _YEAR)
        study = {
            "start": (start, False),
            "primary": (primary, False),
            "completion": (clock.after(primary, 0, 1.5 * _YEAR), False),
        }
    elif status in ONGOING:
        start = clock.ago(30, (5 if status is Status.ACTIVE_NOT_RECRUITING else 3) * _YEAR)
        if status is Status.ACTIVE_NOT_RECRUITING and rng.random() < 0.5:
            primary = min(clock.after(start, 0.5 * _YEAR, 3 * _YEAR), clock.ago(30, 60))
            primary, primary_actual = max(primary, start), True
        else:
            primary, primary_actual = clock.ahead(60, 3 * _YEAR), False
        study = {
            "start": (start, True),
            "primary": (primary, primary_actual),
            "completion": (clock.after(max(primary, as_of), 60, 2 * _YEAR), False),
        }
    elif status is Status.WITHDRAWN:
        registered = clock.ago(0.3 * _YEAR, 7 * _YEAR)
        start = clock.after(registered, 30, 400)
        primary = clock.after(start, 0.5 * _YEAR, 2 * _YEAR)
        study = {
            "start": (start, False),
            "primary": (primary, False),
            "completion": (clock.after(primary, 0, _YEAR), False),
        }
        last_update = min(clock.after(registered, 60, 2 * _YEAR), clock.ago(3, 10))
    else:  # COMPLETED, TERMINATED
        latest = clock.ago(430 if has_results else 30, 450 if has_results else 60)
        completion = clock.before(latest, 0, (8 if status is Status.TERMINATED else 10) * _YEAR)
        primary = clock.before(completion, 0, 90 if status is Status.TERMINATED else 1.5 * _YEAR)
        start = clock.before(primary, 0.2 * _YEAR, 4 * _YEAR)
        study = {"start": (start, True), "primary": (primary, True), "completion": (completion, True)}
        last_update = clock.after(completion, 5, 300)

    if registered is None:
        start = study["start"][0]
        prospective = rng.random() < 0.55
        registered = clock.before(start, 5, 180) if prospective else clock.after(start, 0, _YEAR)
        registered = min(registered, study["completion"][0])
    registered = min(registered, clock.ago(6, 10))
    qc = registered if rng.random() < 0.6 else clock.after(registered, 1, 45)
    qc = min(qc, clock.ago(5, 5))
    posted = min(clock.after(qc, 1, 4), as_of)

    timeline = Timeline(registered, qc, posted, registered, posted, month_precision=rng.random() < 0.4)
    for name, (value, actual) in study.items():
        setattr(timeline, name, value)
        setattr(timeline, f"{name}_actual", actual)

    if has_results and timeline.primary is not None:
        submit = min(clock.after(timeline.primary, 200, 365), clock.ago(40, 60))
        timeline.results_submit = max(submit, posted)
        timeline.results_qc = min(clock.after(timeline.results_submit, 5, 60), clock.ago(10, 20))
        timeline.results_qc = max(timeline.results_qc, timeline.results_submit)
        timeline.results_post = min(clock.after(timeline.results_qc, 1, 4), as_of)
        last_update = max(last_update or posted, timeline.results_qc)

    if last_update is None:  # ongoing studies and expanded access: updated in the last months
        last_update = clock.ago(2, 180 if status in ONGOING else 2 * _YEAR)
    last_update = min(last_update, clock.ago(2, 4))
    if last_update > posted:
        timeline.last_submit = last_update
        timeline.last_post = min(clock.after(last_update, 1, 4), as_of)
    if timeline.results_post is not None and timeline.results_qc is not None:
        timeline.last_submit = max(timeline.last_submit, timeline.results_qc)
        timeline.last_post = max(timeline.last_post, timeline.results_post)
    return timeline
