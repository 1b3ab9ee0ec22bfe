"""Reading a study document that may be malformed, without ever raising.

The structure rules report wrong types; every other rule reads values through these helpers, which
answer ``None`` (or an empty list) for a value of the wrong type, so one bad field yields one
finding and never a crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trialbase.domain.issue import join_path
from trialbase.domain.partial_date import InvalidDate, PartialDate

PROTOCOL = "protocolSection"
RESULTS = "resultsSection"


def get(value: Any, *keys: str) -> Any:
    """``value[k1][k2]...``, or ``None`` where a key is missing or a value is not an object."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def obj(value: Any) -> dict[str, Any]:
    """The value if it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str | None:
    """A non-blank string, else ``None``."""
    return value if isinstance(value, str) and value.strip() else None


def integer(value: Any) -> int | None:
    """An integer, or an integer written as text (results counts are text in v2), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def items(value: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The objects of a list with their paths (``path[0]``, ``path[1]``, ...); other entries skipped."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield join_path(path, index), item


def texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """The non-blank strings of a list with their paths."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if text(item) is not None:
                yield join_path(path, index), item


def partial_date(value: Any) -> PartialDate | None:
    if not isinstance(value, str):
        return None
    try:
        return PartialDate.parse(value)
    except InvalidDate:
        return None


@dataclass(frozen=True, slots=True)
class DatedField:
    """A ``*DateStruct`` (or a plain date) of the status module, parsed."""

    label: str
    path: str  # the path of the date text
    date: PartialDate
    actual: bool | None  # None: the field has no ACTUAL/ESTIMATED type


@dataclass(frozen=True, slots=True)
class Study:
    """The document being checked and the day to judge it on (``today``: no rule reads a clock)."""

    document: dict[str, Any]
    today: dt.date

    @property
    def protocol(self) -> dict[str, Any]:
        return obj(self.document.get(PROTOCOL))

    def module(self, name: str) -> dict[str, Any]:
        return obj(self.protocol.get(name))

    @property
    def study_type(self) -> str | None:
        return text(get(self.protocol, "designModule", "studyType"))

    @property
    def overall_status(self) -> str | None:
        return text(get(self.protocol, "statusModule", "overallStatus"))

    def date_struct(self, field: str, label: str) -> DatedField | None:
        """``statusModule.<field>`` (a DateStruct), if it holds a readable date."""
        struct = get(self.protocol, "statusModule", field)
        date = partial_date(get(struct, "date"))
        if date is None:
            return None
        kind = get(struct, "type")
        actual = None if kind not in ("ACTUAL", "ESTIMATED") else kind == "ACTUAL"
        return DatedField(label, f"{PROTOCOL}.statusModule.{field}.date", date, actual)

    def locations(self) -> Iterator[tuple[str, dict[str, Any]]]:
        path = f"{PROTOCOL}.contactsLocationsModule.locations"
        yield from items(get(self.protocol, "contactsLocationsModule", "locations"), path)

    @property
    def results(self) -> dict[str, Any]:
        return obj(self.document.get(RESULTS))
