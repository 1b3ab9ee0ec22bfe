from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trialbase.domain.partial_date import InvalidDate, PartialDate, Precision


def test_precision_is_kept_and_printed_as_written() -> None:
    assert PartialDate.parse("2021-07").precision is Precision.MONTH
    assert str(PartialDate.parse("2021-07")) == "2021-07"
    assert str(PartialDate.parse("2021")) == "2021"
    assert str(PartialDate.parse("2021-07-21")) == "2021-07-21"


def test_a_month_covers_its_days_without_being_padded() -> None:
    july = PartialDate.parse("2021-07")
    assert july.earliest() == dt.date(2021, 7, 1)
    assert july.latest() == dt.date(2021, 7, 31)
    assert PartialDate.parse("2024-02").latest() == dt.date(2024, 2, 29)
    assert PartialDate.parse("2023").latest() == dt.date(2023, 12, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-13", "month 13 is not between 01 and 12"),
        ("2021-02-29", "day 29 does not exist in 2021-02"),
        ("21-07", "expected yyyy, yyyy-MM or yyyy-MM-dd"),
        ("July 2021", "expected yyyy, yyyy-MM or yyyy-MM-dd"),
    ],
)
def test_invalid_dates_say_why(text: str, message: str) -> None:
    with pytest.raises(InvalidDate, match=message):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2020", "2020-03"),
        ("March 30, 2021", "2021-03-30"),
        ("Mar 2020", "2020-03"),
        ("2020-03-04", "2020-03-04"),
    ],
)
def test_legacy_forms(text: str, expected: str) -> None:
    assert str(PartialDate.parse_legacy(text)) == expected


def test_legacy_rejects_nonsense() -> None:
    with pytest.raises(InvalidDate, match="expected 'Month yyyy'"):
        PartialDate.parse_legacy("Smarch 2020")
    with pytest.raises(InvalidDate, match="day 31 does not exist"):
        PartialDate.parse_legacy("April 31, 2020")


def test_human_form() -> None:
    assert PartialDate.parse("2021-07").human() == "July 2021"
    assert PartialDate.parse("2021-03-30").human() == "March 30, 2021"


partial_dates = st.builds(
    lambda day, precision: PartialDate(
        day.year, day.month if precision > 1 else None, day.day if precision > 2 else None
    ),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.integers(1, 3),
)


@given(partial_dates)
def test_text_round_trips(value: PartialDate) -> None:
    assert PartialDate.parse(str(value)) == value


@given(partial_dates, partial_dates)
def test_iso_text_sorts_like_the_dates(a: PartialDate, b: PartialDate) -> None:
    """What the store's sort columns rely on."""
    assert (str(a) < str(b)) == (a.sort_key() < b.sort_key())


@given(st.text(max_size=20))
def test_parse_never_fails_other_than_with_invalid_date(text: str) -> None:
    try:
        PartialDate.parse(text)
        PartialDate.parse_legacy(text)
    except InvalidDate:
        pass
