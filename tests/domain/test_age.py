from __future__ import annotations

import pytest

from trialbase.domain.age import Age, AgeUnit, InvalidAge


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("18 Years", 18, AgeUnit.YEARS),
        ("1 Year", 1, AgeUnit.YEARS),
        ("6 months", 6, AgeUnit.MONTHS),
        ("28 Days", 28, AgeUnit.DAYS),
    ],
)
def test_parse(text: str, value: float, unit: AgeUnit) -> None:
    age = Age.parse(text)
    assert (age.value, age.unit) == (value, unit)


def test_ages_in_different_units_compare() -> None:
    assert Age.parse("6 Months") < Age.parse("1 Year")
    assert Age.parse("52 Weeks") < Age.parse("1 Year") <= Age.parse("12 Months")
    assert Age.parse("18 Years").in_years() == pytest.approx(18)
    assert Age.parse("36 Hours").in_days() == pytest.approx(1.5)


def test_printing_uses_the_v2_form() -> None:
    assert str(Age.parse("1 years")) == "1 Year"
    assert str(Age.parse("65 year")) == "65 Years"


@pytest.mark.parametrize("text", ["N/A", "eighteen Years", "18", "18 Decades"])
def test_invalid_ages_say_what_is_expected(text: str) -> None:
    with pytest.raises(InvalidAge, match="expected"):
        Age.parse(text)
