"""Eligibility ages such as ``18 Years`` or ``6 Months``, parsed to comparable quantities."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$")


class InvalidAge(ValueError):
    """Raised for text that is not an age with a unit."""


class AgeUnit(enum.Enum):
    """A unit with its length in days (years and months are calendar averages)."""

    YEARS = ("Year", 365.25)
    MONTHS = ("Month", 365.25 / 12)
    WEEKS = ("Week", 7.0)
    DAYS = ("Day", 1.0)
    HOURS = ("Hour", 1 / 24)
    MINUTES = ("Minute", 1 / 1440)

    def __init__(self, singular: str, days: float) -> None:
        self.singular = singular
        self.days = days

    @classmethod
    def parse(cls, text: str) -> AgeUnit:
        word = text.strip().lower().rstrip("s")
        for unit in cls:
            if unit.singular.lower() == word:
                return unit
        raise InvalidAge(
            f"{text!r} is not an age unit (expected Years, Months, Weeks, Days, Hours or Minutes)"
        )


@dataclass(frozen=True, slots=True)
class Age:
    value: float
    unit: AgeUnit

    @classmethod
    def parse(cls, text: str) -> Age:
        """Parse ``18 Years``, ``1 Year``, ``6 months``; also accepts ``18Y``-less forms like ``18 years``."""
        match = _AGE.match(text)
        if match is None:
            raise InvalidAge(f"{text!r} is not an age (expected a number and a unit, e.g. '18 Years')")
        number = float(match.group(1))
        return cls(number, AgeUnit.parse(match.group(2)))

    def in_days(self) -> float:
        return self.value * self.unit.days

    def in_years(self) -> float:
        return self.in_days() / 365.25

    def __str__(self) -> str:
        number = int(self.value) if self.value == int(self.value) else self.value
        plural = "" if number == 1 else "s"
        return f"{number} {self.unit.singular}{plural}"

    def __lt__(self, other: Age) -> bool:
        return self.in_days() < other.in_days()

    def __le__(self, other: Age) -> bool:
        return self.in_days() <= other.in_days()
