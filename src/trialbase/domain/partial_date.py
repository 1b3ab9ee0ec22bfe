"""Dates that keep their precision: ``2021``, ``2021-07`` or ``2021-07-21``.

ClinicalTrials.gov records many dates to the month only. A partial date is never padded to a day
silently: it remembers its precision, prints as it was written, and can say which days it covers.
Its ISO text sorts correctly as a string (``2021`` < ``2021-07`` < ``2021-07-01``), which is what
the store's sort columns rely on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
# Legacy ClinicalTrials.gov XML: "March 2020", "March 30, 2021", "Mar 2020".
_LEGACY = re.compile(r"^([A-Za-z]+)\.?\s+(?:(\d{1,2}),\s*)?(\d{4})$")
# Anticipated results posting dates (AACT, the legacy XML's <posting_date>): "07/2023".
_MONTH_SLASH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")


class InvalidDate(ValueError):
    """Raised for text that is not a date in an accepted form."""


class Precision(enum.IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise InvalidDate(f"year {self.year} is out of range")
        if self.month is None and self.day is not None:
            raise InvalidDate("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidDate(f"month {self.month} is not between 01 and 12")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise InvalidDate(f"day {self.day} does not exist in {self.year:04d}-{self.month:02d}")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``yyyy``, ``yyyy-MM`` or ``yyyy-MM-dd``."""
        match = _ISO.match(text)
        if match is None:
            raise InvalidDate(f"{text!r} is not a date (expected yyyy, yyyy-MM or yyyy-MM-dd)")
        year, month, day = match.groups()
        try:
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        except InvalidDate as error:
            raise InvalidDate(f"{text!r} is not a valid date: {error}") from None

    @classmethod
    def parse_legacy(cls, text: str) -> PartialDate:
        """Parse the legacy forms ``March 2020``, ``March 30, 2021`` and ``07/2023`` (and ISO forms).

        ``07/2023`` (month/year) is how AACT and the legacy XML write anticipated posting dates.
        """
        stripped = text.strip()
        if _ISO.match(stripped):
            return cls.parse(stripped)
        slashed = _MONTH_SLASH_YEAR.match(stripped)
        if slashed is not None:
            try:
                return cls(int(slashed.group(2)), int(slashed.group(1)))
            except InvalidDate as error:
                raise InvalidDate(f"{text!r} is not a valid date: {error}") from None
        match = _LEGACY.match(stripped)
        if match is None or match.group(1).lower() not in _MONTHS:
            raise InvalidDate(
                f"{text!r} is not a date (expected 'Month yyyy', 'Month d, yyyy', MM/yyyy or yyyy-MM-dd)"
            )
        month = _MONTHS[match.group(1).lower()]
        day = int(match.group(2)) if match.group(2) else None
        try:
            return cls(int(match.group(3)), month, day)
        except InvalidDate as error:
            raise InvalidDate(f"{text!r} is not a valid date: {error}") from None

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def earliest(self) -> dt.date:
        """The first day this date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day this date covers."""
        if self.day is not None:
            assert self.month is not None
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def isoformat(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.isoformat()

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key() >= other.sort_key()

    def sort_key(self) -> tuple[int, int, int]:
        """Order by the first day covered; a less precise date sorts before a precise one on ties."""
        return (self.year, self.month or 0, self.day or 0)

    def human(self) -> str:
        """``July 2021`` or ``July 21, 2021`` or ``2021``, as ClinicalTrials.gov shows dates."""
        if self.month is None:
            return f"{self.year}"
        name = calendar.month_name[self.month]
        if self.day is None:
            return f"{name} {self.year}"
        return f"{name} {self.day}, {self.year}"
