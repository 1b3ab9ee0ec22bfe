"""An Essie query as a tree: one frozen dataclass per construct.

Every node and every RANGE bound carries ``span``, where it was written in the query (see ``Span``),
so later stages (the search engine, the API) can point at a column. Spans are left out of equality,
hashing and ``repr``: two trees are equal when they mean the same query, however it was spelled.
Nodes built by code rather than parsed have ``span=None``.

Parentheses are not nodes: they only group. A parenthesised expression is the node inside, with
its span widened to cover the parentheses.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from trialbase.domain.age import Age
from trialbase.domain.partial_date import PartialDate

# A search area (``ConditionSearch``), a piece name (``LocationCity``) or a field path
# (``protocolSection.statusModule.overallStatus``): the names AREA, SEARCH and TILT take.
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.]*")


@dataclass(frozen=True, slots=True)
class Span:
    """Columns of the query text, 1-based and counted in characters.

    ``start`` is the column of the first character and ``end`` the column just after the last one,
    so ``query[start - 1 : end - 1]`` is the source text (``text_in`` does that).
    """

    start: int
    end: int

    def text_in(self, query: str) -> str:
        return query[self.start - 1 : self.end - 1]


@dataclass(frozen=True, slots=True)
class _Located:
    span: Span | None = field(default=None, compare=False, repr=False, kw_only=True)


class ExpansionLevel(enum.StrEnum):
    """How far EXPANSION lets a term stretch, from exact to loosest; Relaxation is the default."""

    NONE = "None"
    TERM = "Term"
    CONCEPT = "Concept"
    RELAXATION = "Relaxation"
    LOSSY = "Lossy"


class CoverageLevel(enum.StrEnum):
    """How much of a field's text a term must cover; Contains is the default."""

    FULL_MATCH = "FullMatch"
    STARTS_WITH = "StartsWith"
    ENDS_WITH = "EndsWith"
    CONTAINS = "Contains"


class DistanceUnit(enum.StrEnum):
    MILES = "mi"
    KILOMETRES = "km"


# ---------------------------------------------------------------------------------------------
# RANGE bounds


def _plain(value: Decimal) -> str:
    """A decimal in plain notation (never ``1E+3``), as the lexer reads numbers back."""
    return format(value, "f")


@dataclass(frozen=True, slots=True)
class DateBound(_Located):
    """A date to the month or the day: ``2020-03``, ``2020-03-15`` (also written ``03/15/2020``).

    A year alone, ``2020``, is a ``NumberBound``: the same text is an enrollment count in
    ``AREA[EnrollmentCount]RANGE[2020, MAX]``, and only the field says which (``as_year``).
    """

    date: PartialDate

    def __post_init__(self) -> None:
        if self.date.month is None:
            raise ValueError(f"a year alone ({self.date}) is written as NumberBound({self.date.year})")

    def __str__(self) -> str:
        return self.date.isoformat()


@dataclass(frozen=True, slots=True)
class NumberBound(_Located):
    """An integer or decimal: an enrollment count, or (``as_year``) a year on a date field."""

    value: Decimal

    def __post_init__(self) -> None:
        if not self.value.is_finite():
            raise ValueError(f"a RANGE bound must be a finite number, not {self.value}")

    def as_year(self) -> int | None:
        """The year this number names when compared with a date field (``RANGE[2020, MAX]``), if any."""
        if self.value == self.value.to_integral_value() and 1000 <= self.value <= 9999:
            return int(self.value)
        return None

    def __str__(self) -> str:
        return _plain(self.value)


@dataclass(frozen=True, slots=True)
class AgeBound(_Located):
    """An age with a unit, as eligibility ages are written: ``18 years``, ``6 months``."""

    age: Age

    def __post_init__(self) -> None:
        if not (math.isfinite(self.age.value) and self.age.value >= 0):
            raise ValueError(f"an age must be a finite number of at least 0, not {self.age.value}")

    def __str__(self) -> str:
        value = self.age.value
        number = str(int(value)) if value.is_integer() else _plain(Decimal(repr(value)))
        unit = self.age.unit.singular.lower()
        return f"{number} {unit}" if number == "1" else f"{number} {unit}s"


@dataclass(frozen=True, slots=True)
class OpenBound(_Located):
    """``MIN`` or ``MAX``: the smallest or largest value of interest in the area."""

    which: Literal["MIN", "MAX"]

    def __str__(self) -> str:
        return self.which


Bound = DateBound | NumberBound | AgeBound | OpenBound


def bound_kind(bound: Bound) -> str:
    """``a date``, ``a number``, ``an age`` or ``MIN``/``MAX``: for messages and kind checks."""
    if isinstance(bound, DateBound):
        return "a date"
    if isinstance(bound, NumberBound):
        return "a number"
    if isinstance(bound, AgeBound):
        return "an age"
    return bound.which


def _days(bound: DateBound | NumberBound) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date bound (or a number read as a year) covers."""
    if isinstance(bound, DateBound):
        return bound.date.earliest(), bound.date.latest()
    year = bound.as_year()
    return (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year is not None else None


def range_problem(low: Bound, high: Bound) -> str | None:
    """What is wrong with ``RANGE[low, high]``, in words, or None when it is a valid range.

    A four-digit whole number beside a date is a year (``RANGE[2019, 2020-06]``).
    """
    if isinstance(low, OpenBound) and low.which == "MAX":
        return "MAX can only be the upper bound (the second one)"
    if isinstance(high, OpenBound) and high.which == "MIN":
        return "MIN can only be the lower bound (the first one)"
    if isinstance(low, OpenBound) or isinstance(high, OpenBound):
        return None
    if isinstance(low, NumberBound) and isinstance(high, NumberBound):
        reversed_ = low.value > high.value
    elif isinstance(low, AgeBound) and isinstance(high, AgeBound):
        reversed_ = high.age < low.age
    elif isinstance(low, DateBound | NumberBound) and isinstance(high, DateBound | NumberBound):
        low_days, high_days = _days(low), _days(high)
        if low_days is None or high_days is None:
            number = low if low_days is None else high
            return f'"{number}" is a number but the other bound is a date (a year has four digits)'
        reversed_ = low_days[0] > high_days[1]
    else:
        return (
            f'its bounds are of different kinds: "{low}" is {bound_kind(low)} '
            f'but "{high}" is {bound_kind(high)}'
        )
    if reversed_:
        return f'its lower bound "{low}" is greater than its upper bound "{high}"'
    return None


# ---------------------------------------------------------------------------------------------
# Terms and phrases


def _check_words(kind: str, words: tuple[str, ...]) -> None:
    if not words:
        raise ValueError(f"a {kind} needs at least one word")
    for word in words:
        if not word or any(character.isspace() for character in word):
            raise ValueError(f"{word!r} is not a word: words are non-empty and contain no spaces")


@dataclass(frozen=True, slots=True)
class Term(_Located):
    """One or more words written without quotes: ``aspirin``, ``heart attack``.

    Adjacent words form one multi-word term (ClinicalTrials.gov: "a search term consists of a
    string of characters without embedded search operators"). By default (EXPANSION Relaxation)
    its words need not be adjacent, but studies with the words together as a phrase rank higher.
    """

    words: tuple[str, ...]

    def __post_init__(self) -> None:
        _check_words("term", self.words)


@dataclass(frozen=True, slots=True)
class Phrase(_Located):
    """Words in quotes, ``"back pain"``: they must appear together, in that order."""

    words: tuple[str, ...]

    def __post_init__(self) -> None:
        _check_words("phrase", self.words)


# ---------------------------------------------------------------------------------------------
# Source operators


@dataclass(frozen=True, slots=True)
class All(_Located):
    """``ALL``: every study. An empty query parses to this too (no restriction)."""


@dataclass(frozen=True, slots=True)
class Missing(_Located):
    """``MISSING``: studies with no value in the area in context (``AREA[ResultsFirstPostDate]MISSING``)."""


@dataclass(frozen=True, slots=True)
class Range(_Located):
    """``RANGE[low, high]``: a value in the area in context between the bounds, both included."""

    low: Bound
    high: Bound

    def __post_init__(self) -> None:
        problem = range_problem(self.low, self.high)
        if problem is not None:
            raise ValueError(f"RANGE[{self.low}, {self.high}]: {problem}")


@dataclass(frozen=True, slots=True)
class Distance(_Located):
    """``DISTANCE[latitude, longitude, radius]``: a geo point (LocationGeoPoint) within the radius.

    ``unit`` is None when the radius was written without one (read as miles, see the docs).
    """

    latitude: Decimal
    longitude: Decimal
    radius: Decimal
    unit: DistanceUnit | None = None

    def __post_init__(self) -> None:
        if not (self.latitude.is_finite() and -90 <= self.latitude <= 90):
            raise ValueError(f"latitude {self.latitude} is not between -90 and 90")
        if not (self.longitude.is_finite() and -180 <= self.longitude <= 180):
            raise ValueError(f"longitude {self.longitude} is not between -180 and 180")
        if not (self.radius.is_finite() and self.radius > 0):
            raise ValueError(f"radius {self.radius} is not a positive number")


# ---------------------------------------------------------------------------------------------
# Boolean operators


@dataclass(frozen=True, slots=True)
class And(_Located):
    """All operands match. ``a AND b AND c`` is one node; so is ``a NOT b`` (operands side by side)."""

    operands: tuple[Node, ...]

    def __post_init__(self) -> None:
        if len(self.operands) < 2:
            raise ValueError("AND needs at least two operands")


@dataclass(frozen=True, slots=True)
class Or(_Located):
    """At least one operand matches; studies matching more of them score higher."""

    operands: tuple[Node, ...]

    def __post_init__(self) -> None:
        if len(self.operands) < 2:
            raise ValueError("OR needs at least two operands")


@dataclass(frozen=True, slots=True)
class Not(_Located):
    """Studies that do not match the operand."""

    operand: Node


# ---------------------------------------------------------------------------------------------
# Context and scoring operators


def _check_name(operator: str, name: str) -> None:
    if NAME.fullmatch(name) is None:
        raise ValueError(f"{operator} takes a name of letters, digits, '.' and '_', not {name!r}")


@dataclass(frozen=True, slots=True)
class Area(_Located):
    """``AREA[name]expr``: search only the named search area or field.

    ``AREA[name:size]expr`` (``size=True``) matches the number of values of a list field instead,
    e.g. ``AREA[Phase:size] 2`` finds studies with two phases.
    """

    name: str
    operand: Node
    size: bool = False

    def __post_init__(self) -> None:
        _check_name("AREA", self.name)


@dataclass(frozen=True, slots=True)
class Search(_Located):
    """``SEARCH[Location](expr)``: all of expr must be satisfied by one and the same element."""

    element: str
    operand: Node

    def __post_init__(self) -> None:
        _check_name("SEARCH", self.element)


@dataclass(frozen=True, slots=True)
class Expansion(_Located):
    """``EXPANSION[level]expr``: how far terms in expr may be expanded (synonyms, variants)."""

    level: ExpansionLevel
    operand: Node


@dataclass(frozen=True, slots=True)
class Coverage(_Located):
    """``COVERAGE[level]expr``: how much of a field's text the terms in expr must match."""

    level: CoverageLevel
    operand: Node


@dataclass(frozen=True, slots=True)
class Tilt(_Located):
    """``TILT[field]expr``: rank studies with higher (later) values of the field first; filters nothing."""

    field: str
    operand: Node

    def __post_init__(self) -> None:
        _check_name("TILT", self.field)


Node = (
    Term
    | Phrase
    | All
    | Missing
    | Range
    | Distance
    | And
    | Or
    | Not
    | Area
    | Search
    | Expansion
    | Coverage
    | Tilt
)
UnaryNode = Not | Area | Search | Expansion | Coverage | Tilt


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of a node, left to right."""
    if isinstance(node, And | Or):
        return node.operands
    if isinstance(node, Not | Area | Search | Expansion | Coverage | Tilt):
        return (node.operand,)
    return ()
