"""What goes between an operator's brackets: names, levels, RANGE bounds and DISTANCE.

Inside brackets the spelling is lenient where nothing else could be meant: levels, MIN/MAX and
units are accepted in any letter case and printed back in their canonical form.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TypeVar

from trialbase.domain.age import Age, AgeUnit, InvalidAge
from trialbase.domain.partial_date import InvalidDate, PartialDate
from trialbase.search.essie.ast import (
    NAME,
    AgeBound,
    Bound,
    CoverageLevel,
    DateBound,
    Distance,
    DistanceUnit,
    ExpansionLevel,
    NumberBound,
    OpenBound,
    Range,
    Span,
    range_problem,
)
from trialbase.search.essie.errors import EssieSyntaxError, did_you_mean, one_of
from trialbase.search.essie.lexer import Token

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{4})")
_AGE = re.compile(r"\d+(?:\.\d+)?\s*[A-Za-z]+")
_RADIUS = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Za-z]*)")

_BOUND_FORMS = (
    "a date (2020, 2020-03, 2020-03-15 or 03/15/2020), a number (100, 2.5), "
    "an age (18 years, 6 months), MIN or MAX"
)
_Level = TypeVar("_Level", ExpansionLevel, CoverageLevel)
_AGE_UNITS = one_of(unit.singular.lower() + "s" for unit in AgeUnit)


def _error(message: str, column: int, code: str, expected: tuple[str, ...] = ()) -> EssieSyntaxError:
    return EssieSyntaxError(message, column=column, code=code, expected=expected)


def _parts(token: Token) -> list[tuple[str, int]]:
    """The comma-separated parts of the argument, stripped, each with the column it starts at."""
    parts: list[tuple[str, int]] = []
    offset = 0
    for raw in token.argument.split(","):
        lead = len(raw) - len(raw.lstrip()) if raw.strip() else 0
        parts.append((raw.strip(), token.argument_column + offset + lead))
        offset += len(raw) + 1
    return parts


def _name(token: Token, text: str, column: int, example: str) -> str:
    if not text:
        raise _error(
            f"{token.text} at column {token.span.start} needs a name between its brackets, e.g. {example}",
            token.span.start,
            "missing-name",
            ("a name",),
        )
    if NAME.fullmatch(text) is None:
        raise _error(
            f'"{text}" at column {column} is not a name {token.text} accepts: use letters, digits, '
            f'"." and "_", starting with a letter, e.g. {example}',
            column,
            "invalid-name",
            ("a name",),
        )
    return text


def area_argument(token: Token) -> tuple[str, bool]:
    """``AREA[Condition]`` → (``Condition``, False); ``AREA[Phase:size]`` → (``Phase``, True)."""
    text = token.argument.strip()
    column = token.argument_column + len(token.argument) - len(token.argument.lstrip())
    name_text, colon, modifier = text.partition(":")
    name = _name(token, name_text.strip(), column, "AREA[ConditionSearch] or AREA[LocationCity]")
    if not colon:
        return name, False
    if modifier.strip().lower() != "size":
        raise _error(
            f'AREA at column {token.span.start} takes only the modifier ":size" '
            f'(e.g. AREA[Phase:size] 2), found ":{modifier.strip()}" at column {column + text.index(":")}',
            column + text.index(":"),
            "unknown-modifier",
            ('":size"',),
        )
    return name, True


def name_argument(token: Token, example: str) -> str:
    """The name given to SEARCH or TILT."""
    text = token.argument.strip()
    column = token.argument_column + len(token.argument) - len(token.argument.lstrip())
    return _name(token, text, column, example)


def _level(token: Token, levels: type[_Level], example: str) -> _Level:
    text = token.argument.strip()
    for level in levels:
        if level.value.lower() == text.lower():
            return level
    names = [level.value for level in levels]
    column = token.argument_column + len(token.argument) - len(token.argument.lstrip())
    if text:
        found = f'found "{text}" at column {column}{did_you_mean(text, names)}'
    else:
        found, column = f"e.g. {example}", token.span.start
    raise _error(
        f"{token.text} at column {token.span.start} takes {one_of(names)}, {found}",
        column,
        "unknown-level",
        tuple(names),
    )


def expansion_argument(token: Token) -> ExpansionLevel:
    return _level(token, ExpansionLevel, "EXPANSION[Concept]heart attack")


def coverage_argument(token: Token) -> CoverageLevel:
    return _level(token, CoverageLevel, "COVERAGE[FullMatch]pain")


def _date(text: str, column: int, year: int, month: int | None = None, day: int | None = None) -> DateBound:
    try:
        date = PartialDate(year, month, day)
    except InvalidDate as error:
        raise _error(
            f'"{text}" at column {column} is not a valid date: {error}', column, "invalid-date", ("a date",)
        ) from None
    return DateBound(date, span=Span(column, column + len(text)))


def _bound(text: str, column: int) -> Bound:
    """One bound; a bare number (a year too: ``2020``) is a NumberBound."""
    span = Span(column, column + len(text))
    if text.upper() in ("MIN", "MAX"):
        return OpenBound("MIN" if text.upper() == "MIN" else "MAX", span=span)
    if _NUMBER.fullmatch(text):
        return NumberBound(Decimal(text), span=span)
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
        return _date(text, column, int(year), int(month), int(day) if day else None)
    if match := _US_DATE.fullmatch(text):
        month, day, year = match.groups()
        return _date(text, column, int(year), int(month), int(day))
    if match := _MONTH_YEAR.fullmatch(text):
        month, year = match.groups()
        return _date(text, column, int(year), int(month))
    if _AGE.fullmatch(text):
        try:
            return AgeBound(Age.parse(text), span=span)
        except InvalidAge:
            raise _error(
                f'"{text}" at column {column} is not an age: the units are {_AGE_UNITS}',
                column,
                "invalid-age",
                ("an age unit",),
            ) from None
    raise _error(
        f'"{text}" at column {column} is not a RANGE bound: write {_BOUND_FORMS}',
        column,
        "invalid-bound",
        ("a date", "a number", "an age", "MIN", "MAX"),
    )


def range_node(token: Token) -> Range:
    """``RANGE[low, high]``."""
    where = f"RANGE at column {token.span.start}"
    parts = _parts(token)
    if len(parts) != 2:
        raise _error(
            f"{where} needs two bounds separated by a comma, e.g. RANGE[2020-01, MAX]",
            token.span.start,
            "range-bounds",
            ("two bounds",),
        )
    for (text, _), which in zip(parts, ("lower", "upper"), strict=True):
        if not text:
            raise _error(
                f"{where} is missing its {which} bound, e.g. RANGE[2020-01, MAX]",
                token.span.start,
                "range-bounds",
                ("a bound",),
            )
    low, high = (_bound(text, column) for text, column in parts)
    problem = range_problem(low, high)
    if problem is not None:
        raise _error(
            f"RANGE[{token.argument}] at column {token.span.start}: {problem}",
            token.span.start,
            "invalid-range",
            ("a lower bound, then an upper bound of the same kind that is not smaller",),
        )
    return Range(low, high, span=token.span)


def _coordinate(text: str, column: int, which: str, limit: int) -> Decimal:
    if not _NUMBER.fullmatch(text):
        raise _error(
            f'the {which} "{text}" at column {column} is not a number, e.g. 39.0035707',
            column,
            "invalid-distance",
            (f"a {which}",),
        )
    value = Decimal(text)
    if not -limit <= value <= limit:
        raise _error(
            f"the {which} {text} at column {column} is not between -{limit} and {limit}",
            column,
            "invalid-distance",
            (f"a {which}",),
        )
    return value


def distance_values(
    parts: list[tuple[str, int]], operator: str, column: int, example: str
) -> tuple[Decimal, Decimal, Decimal, DistanceUnit | None]:
    """Latitude, longitude, radius and unit from three (text, column) parts."""
    if len(parts) != 3 or not all(text for text, _ in parts):
        raise _error(
            f"{operator} at column {column} needs a latitude, a longitude and a radius "
            f"separated by commas, e.g. {example}",
            column,
            "distance-arguments",
            ("latitude, longitude, radius",),
        )
    (lat_text, lat_column), (lon_text, lon_column), (radius_text, radius_column) = parts
    latitude = _coordinate(lat_text, lat_column, "latitude", 90)
    longitude = _coordinate(lon_text, lon_column, "longitude", 180)
    match = _RADIUS.fullmatch(radius_text)
    if match is None:
        raise _error(
            f'the radius "{radius_text}" at column {radius_column} is not a distance, e.g. 50mi or 80km',
            radius_column,
            "invalid-distance",
            ("a radius",),
        )
    radius = Decimal(match.group(1))
    unit_text = match.group(2).lower()
    if unit_text not in ("", "mi", "km"):
        raise _error(
            f'the radius unit "{match.group(2)}" at column {radius_column} is not mi or km',
            radius_column,
            "invalid-distance",
            ("mi", "km"),
        )
    if radius <= 0:
        raise _error(
            f"the radius at column {radius_column} must be greater than 0",
            radius_column,
            "invalid-distance",
            ("a radius",),
        )
    return latitude, longitude, radius, DistanceUnit(unit_text) if unit_text else None


def distance_node(token: Token) -> Distance:
    """``DISTANCE[39.0035707, -77.1013313, 50mi]``."""
    latitude, longitude, radius, unit = distance_values(
        _parts(token), "DISTANCE", token.span.start, "DISTANCE[39.0035707, -77.1013313, 50mi]"
    )
    return Distance(latitude, longitude, radius, unit, span=token.span)
