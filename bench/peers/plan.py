"""API v2 parameters as a ``QueryPlan`` both peers can translate, and the fields it names."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from trialbase.domain.partial_date import InvalidDate, PartialDate
from trialbase.search.essie import (
    AgeBound,
    And,
    Area,
    Bound,
    Coverage,
    DateBound,
    Distance,
    DistanceUnit,
    Expansion,
    Missing,
    Node,
    Not,
    NumberBound,
    OpenBound,
    Or,
    Phrase,
    Range,
    Search,
    Term,
    Tilt,
    parse,
    parse_geo_filter,
)

Document = dict[str, Any]
Facets = dict[str, list[tuple[str, int]]]
Answer = tuple[list[str], int, Facets]


PAGE_SIZE = 10
TOP_CONDITIONS = 10
FACETS = ("status", "phase", "studyType", "funderType", "condition")
EARTH_RADIUS_MILES = 3958.8
KM_PER_MILE = 1.609344

# The text columns every peer indexes (SQLite: one FTS5 column each; PostgreSQL: weights A-D of
# one tsvector, with separate tsvectors for sponsor and location searches).
TEXT_COLUMNS = ("title", "condition", "intervention", "summary", "outcome", "sponsor", "location")
EVERYWHERE = frozenset(TEXT_COLUMNS)

# query.* parameter -> the search area it searches (the API's own mapping).
PARAM_AREAS = {
    "query.cond": "ConditionSearch",
    "query.term": "BasicSearch",
    "query.intr": "InterventionSearch",
    "query.titles": "TitleSearch",
    "query.outc": "OutcomeSearch",
    "query.spons": "SponsorSearch",
    "query.lead": "LeadSponsorName",
    "query.locn": "LocationSearch",
    "query.id": "IdSearch",
    "query.patient": "PatientSearch",
}
# Search areas and piece names -> the peer text columns that hold them.
TEXT_AREAS: dict[str, frozenset[str]] = {
    "BasicSearch": EVERYWHERE,
    "PatientSearch": EVERYWHERE,
    "ConditionSearch": frozenset({"title", "condition"}),
    "InterventionSearch": frozenset({"title", "intervention"}),
    "InterventionNameSearch": frozenset({"intervention"}),
    "TitleSearch": frozenset({"title"}),
    "OutcomeSearch": frozenset({"outcome"}),
    "OutcomeNameSearch": frozenset({"outcome"}),
    "SponsorSearch": frozenset({"sponsor"}),
    "LocationSearch": frozenset({"location"}),
    "IdSearch": frozenset({"title"}),
    **dict.fromkeys(
        ("Condition", "ConditionMeshTerm", "Keyword", "ObsoleteConditionSearch"), frozenset({"condition"})
    ),
    **dict.fromkeys(
        ("InterventionName", "InterventionOtherName", "InterventionMeshTerm"), frozenset({"intervention"})
    ),
    **dict.fromkeys(("BriefTitle", "OfficialTitle", "Acronym"), frozenset({"title"})),
    **dict.fromkeys(("BriefSummary", "DetailedDescription"), frozenset({"summary"})),
    **dict.fromkeys(
        ("PrimaryOutcomeMeasure", "SecondaryOutcomeMeasure", "OtherOutcomeMeasure"), frozenset({"outcome"})
    ),
    **dict.fromkeys(("LeadSponsorName", "CollaboratorName"), frozenset({"sponsor"})),
    **dict.fromkeys(
        ("LocationCountry", "LocationCity", "LocationState", "LocationFacility"), frozenset({"location"})
    ),
}
DATE_FIELDS = {
    "StartDate": "start_date",
    "PrimaryCompletionDate": "primary_completion_date",
    "CompletionDate": "completion_date",
    "StudyFirstPostDate": "first_post_date",
    "LastUpdatePostDate": "last_update_date",
    "ResultsFirstPostDate": "results_first_post_date",
}
NUMBER_FIELDS = {
    "EnrollmentCount": "enrollment",
    "MinimumAge": "minimum_age_days",
    "MaximumAge": "maximum_age_days",
}
ENUM_FIELDS = {
    "OverallStatus": "overall_status",
    "Phase": "phases",
    "StudyType": "study_type",
    "Sex": "sex",
    "Gender": "sex",
    "LeadSponsorClass": "funder_type",
    "NCTId": "nct_id",
}
SORT_FIELDS = {**DATE_FIELDS, "EnrollmentCount": "enrollment", "NCTId": "nct_id"}
# aggFilters: filter id -> (column, option code -> stored values), the codes and meanings of
# trialbase.search.agg_filters (the website's), so every system filters alike.
AGG_FILTERS: dict[str, tuple[str, dict[str, tuple[Any, ...]]]] = {
    "status": (
        "overall_status",
        {
            "rec": ("RECRUITING",),
            "not": ("NOT_YET_RECRUITING",),
            "act": ("ACTIVE_NOT_RECRUITING",),
            "com": ("COMPLETED",),
            "ter": ("TERMINATED",),
            "enr": ("ENROLLING_BY_INVITATION",),
            "sus": ("SUSPENDED",),
            "wit": ("WITHDRAWN",),
            "unk": ("UNKNOWN",),
            "ava": ("AVAILABLE",),
            "nla": ("NO_LONGER_AVAILABLE",),
            "tna": ("TEMPORARILY_NOT_AVAILABLE",),
            "afm": ("APPROVED_FOR_MARKETING",),
            "wh": ("WITHHELD",),
        },
    ),
    "phase": (
        "phases",
        {
            "0": ("EARLY_PHASE1",),
            "1": ("PHASE1",),
            "2": ("PHASE2",),
            "3": ("PHASE3",),
            "4": ("PHASE4",),
            "na": ("NA",),
        },
    ),
    "studyType": (
        "study_type",
        {"int": ("INTERVENTIONAL",), "obs": ("OBSERVATIONAL",), "exp": ("EXPANDED_ACCESS",)},
    ),
    "funderType": (
        "funder_type",
        {
            "nih": ("NIH",),
            "fed": ("FED",),
            "industry": ("INDUSTRY",),
            "other": ("OTHER", "OTHER_GOV", "NETWORK", "INDIV", "AMBIG", "UNKNOWN"),
        },
    ),
    "sex": ("sex", {"f": ("FEMALE",), "m": ("MALE",), "all": ("ALL",)}),
    "healthy": ("healthy_volunteers", {"y": (True,), "n": (False,)}),
    "results": ("has_results", {"with": (True,), "without": (False,)}),
}
# The stored values of each enum column (``AREA[Phase]"Phase 2"`` names ``PHASE2``).
ENUM_VALUES = {
    column: [value for values in options.values() for value in values if isinstance(value, str)]
    for column, options in AGG_FILTERS.values()
}


class QueryError(ValueError):
    """A query parameter a peer cannot read; the message names the parameter."""


# ---------------------------------------------------------------------------------------------
# The query plan: what a query asks for, in terms both peers can translate


@dataclass(frozen=True, slots=True)
class Words:
    """Every word (or, with ``phrase``, the words in order) in one of ``columns``."""

    columns: frozenset[str]
    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class FieldRange:
    """``low <= column <= high`` (None: open); dates are first days (stored) and days (bounds)."""

    column: str
    low: dt.date | float | None
    high: dt.date | float | None


@dataclass(frozen=True, slots=True)
class FieldIn:
    """The column (or, for ``phases``, one of its values) is one of ``values``."""

    column: str
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class FieldMissing:
    column: str


@dataclass(frozen=True, slots=True)
class Near:
    """A site within ``miles`` of the point."""

    latitude: float
    longitude: float
    miles: float


@dataclass(frozen=True, slots=True)
class Everything:
    pass


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class NoneOf:
    item: Clause


Clause = Words | FieldRange | FieldIn | FieldMissing | Near | Everything | AllOf | AnyOf | NoneOf


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """``match`` ranks and filters (the query.* parameters); ``filters`` only filter."""

    match: Clause
    filters: tuple[Clause, ...]
    sort: tuple[tuple[str, bool], ...]  # (column, descending); empty: by relevance


def is_text(clause: Clause) -> bool:
    """True when the clause is made of words only (a full-text index can answer it alone)."""
    if isinstance(clause, Words):
        return True
    if isinstance(clause, AllOf | AnyOf):
        return all(is_text(item) for item in clause.items)
    if isinstance(clause, NoneOf):
        return is_text(clause.item)
    return False


def conjuncts(clause: Clause) -> list[Clause]:
    """The clause as a flat list of clauses that must all hold (Everything dropped)."""
    if isinstance(clause, AllOf):
        return [part for item in clause.items for part in conjuncts(item)]
    if isinstance(clause, Everything):
        return []
    return [clause]


def _all_of(items: list[Clause]) -> Clause:
    kept = [item for item in items if not isinstance(item, Everything)]
    if not kept:
        return Everything()
    return kept[0] if len(kept) == 1 else AllOf(tuple(kept))


def _words(text_words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in text_words if any(c.isalnum() for c in w))


def _bound_value(bound: Bound, *, dates: bool, upper: bool) -> dt.date | float | None:
    if isinstance(bound, OpenBound):
        return None
    if isinstance(bound, DateBound):
        return bound.date.latest() if upper else bound.date.earliest()
    if isinstance(bound, AgeBound):
        return bound.age.in_days()
    assert isinstance(bound, NumberBound)
    year = bound.as_year() if dates else None
    if year is not None:
        return dt.date(year, 12, 31) if upper else dt.date(year, 1, 1)
    return None if dates else float(bound.value)


def _field_clause(name: str, node: Node) -> Clause:
    """An Essie expression under ``AREA[name]`` for a date, number or enum field."""
    if isinstance(node, And | Or):
        parts = [_field_clause(name, operand) for operand in node.operands]
        return _all_of(parts) if isinstance(node, And) else AnyOf(tuple(parts))
    if isinstance(node, Not):
        return NoneOf(_field_clause(name, node.operand))
    if isinstance(node, Expansion | Coverage | Tilt | Search):
        return _field_clause(name, node.operand)
    column = DATE_FIELDS.get(name) or NUMBER_FIELDS.get(name) or ENUM_FIELDS[name]
    if isinstance(node, Missing):
        return FieldMissing(column)
    dates = name in DATE_FIELDS
    if isinstance(node, Range) and name not in ENUM_FIELDS:
        low = _bound_value(node.low, dates=dates, upper=False)
        high = _bound_value(node.high, dates=dates, upper=True)
        return FieldRange(column, low, high)
    if isinstance(node, Term | Phrase):
        text = " ".join(node.words)
        if dates:
            try:
                day = PartialDate.parse(text)
            except InvalidDate:
                return Everything()
            return FieldRange(column, day.earliest(), day.latest())
        if name in NUMBER_FIELDS:
            try:
                value = float(text)
            except ValueError:
                return Everything()
            return FieldRange(column, value, value)
        return FieldIn(column, (_enum_value(column, text),))
    return Everything()


def _squash(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _enum_value(column: str, text: str) -> str:
    """The stored value a word names: ``Phase 2`` and ``phase2`` name ``PHASE2``."""
    for value in ENUM_VALUES.get(column, ()):
        if _squash(value) == _squash(text):
            return value
    return text.upper()


def _clause(node: Node, columns: frozenset[str]) -> Clause:
    """An Essie tree as a clause, words searched in ``columns`` unless an AREA says otherwise."""
    if isinstance(node, Term | Phrase):
        words = _words(node.words)
        if not words:
            return Everything()
        return Words(columns, words, phrase=isinstance(node, Phrase) and len(words) > 1)
    if isinstance(node, And):
        return _all_of([_clause(operand, columns) for operand in node.operands])
    if isinstance(node, Or):
        parts = [_clause(operand, columns) for operand in node.operands]
        return Everything() if any(isinstance(p, Everything) for p in parts) else AnyOf(tuple(parts))
    if isinstance(node, Not):
        inner = _clause(node.operand, columns)
        return Everything() if isinstance(inner, Everything) else NoneOf(inner)
    if isinstance(node, Distance):
        return _near(node)
    if isinstance(node, Area):
        if node.size:
            return Everything()
        if node.name in DATE_FIELDS or node.name in NUMBER_FIELDS or node.name in ENUM_FIELDS:
            return _field_clause(node.name, node.operand)
        return _clause(node.operand, TEXT_AREAS.get(node.name, EVERYWHERE))
    if isinstance(node, Expansion | Coverage | Tilt | Search):
        return _clause(node.operand, columns)
    return Everything()  # ALL, and MISSING or RANGE on a text area


def _near(node: Distance) -> Near:
    radius = float(node.radius)
    miles = radius / KM_PER_MILE if node.unit is DistanceUnit.KILOMETRES else radius
    return Near(float(node.latitude), float(node.longitude), miles)


def _essie(name: str, text: str) -> Node:
    try:
        return parse(text)
    except ValueError as error:
        raise QueryError(f"{name}={text!r}: {error}") from error


def _agg_filters(text: str) -> list[Clause]:
    clauses: list[Clause] = []
    for pair in re.split(r"[,|]", text):
        if not pair.strip():
            continue
        name, _, options = pair.partition(":")
        if name.strip() not in AGG_FILTERS or not options.strip():
            raise QueryError(f"aggFilters: {pair!r} is not one of {', '.join(AGG_FILTERS)} with options")
        column, known = AGG_FILTERS[name.strip()]
        values: list[Any] = []
        for option in options.split():
            if option not in known:
                raise QueryError(f"aggFilters: {name}:{option} is not one of {', '.join(known)}")
            values.extend(known[option])
        clauses.append(FieldIn(column, tuple(dict.fromkeys(values))))
    return clauses


def _sort(text: str) -> tuple[tuple[str, bool], ...]:
    keys: list[tuple[str, bool]] = []
    for item in re.split(r"[,|]", text):
        name, _, direction = item.strip().partition(":")
        if not name:
            continue
        if name == "@relevance":
            break
        if name not in SORT_FIELDS:
            raise QueryError(f"sort: {name!r} is not one of @relevance, {', '.join(SORT_FIELDS)}")
        descending = direction == "desc" if direction else name in DATE_FIELDS
        keys.append((SORT_FIELDS[name], descending))
    return tuple(keys)


def plan_query(params: dict[str, str]) -> QueryPlan:
    """Read API v2 search parameters (pageSize and countTotal are implied: 10 and true)."""
    match: list[Clause] = []
    for name, area in PARAM_AREAS.items():
        if params.get(name, "").strip():
            match.append(_clause(Area(area, _essie(name, params[name])), EVERYWHERE))
    filters: list[Clause] = []
    if params.get("filter.overallStatus"):
        statuses = tuple(s for s in re.split(r"[,|]", params["filter.overallStatus"]) if s)
        filters.append(FieldIn("overall_status", statuses))
    if params.get("filter.advanced", "").strip():
        filters.append(_clause(_essie("filter.advanced", params["filter.advanced"]), EVERYWHERE))
    if params.get("filter.geo"):
        try:
            filters.append(_near(parse_geo_filter(params["filter.geo"])))
        except ValueError as error:
            raise QueryError(f"filter.geo={params['filter.geo']!r}: {error}") from error
    if params.get("filter.ids"):
        filters.append(FieldIn("nct_id", tuple(i.upper() for i in re.split(r"[,|]", params["filter.ids"]))))
    if params.get("aggFilters"):
        filters.extend(_agg_filters(params["aggFilters"]))
    kept = tuple(f for f in filters if not isinstance(f, Everything))
    return QueryPlan(_all_of(match), kept, _sort(params.get("sort", "")))


def bounding_box(near: Near) -> tuple[float, float, float, float]:
    """(min latitude, max latitude, min longitude, max longitude) around the circle."""
    dlat = math.degrees(near.miles / EARTH_RADIUS_MILES)
    cos_lat = max(math.cos(math.radians(near.latitude)), 1e-6)
    dlon = min(180.0, dlat / cos_lat)
    return near.latitude - dlat, near.latitude + dlat, near.longitude - dlon, near.longitude + dlon
