"""Reading the change log from a moment on (the public change feed), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from tests.conftest import FakeClock
from tests.factories import changed, minimal_study
from trialbase.store import Store, prepare_study


def test_last_seq_before_splits_the_log_at_a_moment(store: Store, clock: FakeClock) -> None:
    start = clock.now
    assert store.last_seq_before(start) == 0
    store.write_batch(
        [prepare_study(minimal_study("NCT90000001")), prepare_study(minimal_study("NCT90000003"))]
    )
    first_batch = clock.now  # both changes were recorded at this moment
    clock.now += dt.timedelta(days=2)
    store.write_batch([prepare_study(changed(minimal_study("NCT90000001"), last_update="2024-02-02"))])
    second_batch = clock.now

    assert store.last_seq_before(first_batch) == 0
    assert store.last_seq_before(first_batch + dt.timedelta(microseconds=1)) == 2
    assert store.last_seq_before(first_batch + dt.timedelta(days=1)) == 2
    assert store.last_seq_before(second_batch) == 2
    assert store.last_seq_before(second_batch + dt.timedelta(days=1)) == 3
    since_day_two = store.changes(after_seq=store.last_seq_before(first_batch + dt.timedelta(days=1)))
    assert [(change.nct_id, change.version) for change in since_day_two] == [("NCT90000001", 2)]


def test_last_seq_before_compares_moments_not_wall_clock_text(store: Store, clock: FakeClock) -> None:
    clock.now = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    store.write_batch([prepare_study(minimal_study("NCT90000001"))])
    written = clock.now
    same_moment_elsewhere = written.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    assert store.last_seq_before(same_moment_elsewhere) == 0
    assert store.last_seq_before(same_moment_elsewhere + dt.timedelta(seconds=1)) == 1
