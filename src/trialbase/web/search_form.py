"""The search page's URL read into a typed form, and the form compiled to the one ``SearchRequest``.

The URL parameters are ClinicalTrials.gov's own (``/search?cond=…&term=…&intr=…&locStr=…&distance=…
&aggFilters=…``), so a link kept from ClinicalTrials.gov works here once the host name is swapped:

* ``cond term intr titles outc spons lead id patient`` — Essie text searched in that area;
* ``locStr country state city distance lat lng`` — a place and a radius in miles;
* ``aggFilters`` — facet selections (``status:rec not,phase:2 3``);
* ``start primComp studyComp firstPost lastUpdPost resFirstPost`` — date ranges ``from_to``;
* ``sort`` (``LastUpdatePostDate:desc``, ``@relevance``), ``page`` (from 1), ``limit``, ``viewType``
  (``Card`` or ``Table``).

Trialbase adds ``age`` (an age in years the study accepts) and ``columns`` (the table's columns).

An HTML form cannot write ``aggFilters=status:rec not`` by itself, so the search form's checkboxes
and date inputs submit plain fields (``status=rec``, ``start_from=2020-01-01``); ``is_canonical``
tells the handler to redirect such a URL to the canonical one. Every state of the page is one URL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from trialbase.domain.age import Age
from trialbase.domain.partial_date import InvalidDate, PartialDate
from trialbase.search.agg_filters import FACETS, parse_agg_filters
from trialbase.search.essie import (
    AgeBound,
    And,
    Area,
    DateBound,
    Missing,
    Node,
    NumberBound,
    OpenBound,
    Or,
    Phrase,
    Range,
    to_essie,
)
from trialbase.search.query_error import QueryError
from trialbase.search.request import QUERY_AREAS, RELEVANCE, SearchRequest, SortKey, SortOrder
from trialbase.web.study_summary import COLUMNS

QUERY_FIELDS: dict[str, str] = {
    "cond": "Condition or disease",
    "term": "Other terms",
    "intr": "Intervention / treatment",
    "titles": "Title or acronym",
    "outc": "Outcome measure",
    "spons": "Sponsor or collaborator",
    "lead": "Lead sponsor",
    "id": "Study IDs (NCT number or other)",
    "patient": "Patient description",
}
assert set(QUERY_FIELDS) <= set(QUERY_AREAS)

DATE_FIELDS: dict[str, tuple[str, str]] = {  # parameter -> (piece, label)
    "start": ("StartDate", "Study start"),
    "primComp": ("PrimaryCompletionDate", "Primary completion"),
    "studyComp": ("CompletionDate", "Study completion"),
    "firstPost": ("StudyFirstPostDate", "First posted"),
    "lastUpdPost": ("LastUpdatePostDate", "Last update posted"),
    "resFirstPost": ("ResultsFirstPostDate", "Results first posted"),
}

# Facets chosen with checkboxes on the form (the open-ended ones are chosen from the facet list).
OPTION_LABELS: dict[str, dict[str, str]] = {
    "status": {
        "rec": "Recruiting",
        "not": "Not yet recruiting",
        "enr": "Enrolling by invitation",
        "act": "Active, not recruiting",
        "com": "Completed",
        "sus": "Suspended",
        "ter": "Terminated",
        "wit": "Withdrawn",
        "unk": "Unknown status",
        "ava": "Available (expanded access)",
        "nla": "No longer available",
        "tna": "Temporarily not available",
        "afm": "Approved for marketing",
        "wh": "Withheld",
    },
    "phase": {
        "0": "Early phase 1",
        "1": "Phase 1",
        "2": "Phase 2",
        "3": "Phase 3",
        "4": "Phase 4",
        "na": "Not applicable",
    },
    "studyType": {"int": "Interventional", "obs": "Observational", "exp": "Expanded access"},
    "ages": {"child": "Child (birth–17)", "adult": "Adult (18–64)", "older": "Older adult (65+)"},
    "sex": {"f": "Female", "m": "Male", "all": "All"},
    "healthy": {"y": "Accepts healthy volunteers", "n": "Does not accept healthy volunteers"},
    "funderType": {
        "nih": "NIH",
        "fed": "Other U.S. federal agency",
        "industry": "Industry",
        "other": "All others",
    },
    "results": {"with": "With results", "without": "Without results"},
    "docs": {"prot": "Study protocol", "sap": "Statistical analysis plan", "icf": "Informed consent form"},
}
assert all(set(labels) == set(FACETS[facet_id].options) for facet_id, labels in OPTION_LABELS.items())

SORTS: dict[str, str] = {
    "@relevance": "Relevance",
    "LastUpdatePostDate:desc": "Last updated (newest first)",
    "StudyFirstPostDate:desc": "First posted (newest first)",
    "StartDate:desc": "Start date (latest first)",
    "StartDate:asc": "Start date (earliest first)",
    "PrimaryCompletionDate:desc": "Primary completion (latest first)",
    "CompletionDate:desc": "Study completion (latest first)",
    "ResultsFirstPostDate:desc": "Results first posted (newest first)",
    "EnrollmentCount:desc": "Enrollment (largest first)",
    "EnrollmentCount:asc": "Enrollment (smallest first)",
}
NUMERIC_SORTS = ("EnrollmentCount", "NCTId")
LIMITS = (10, 25, 50, 100)
DEFAULT_LIMIT = 10
DISTANCES = (10, 25, 50, 100, 250, 500)
DEFAULT_DISTANCE = 50  # miles, as on ClinicalTrials.gov
MAX_DISTANCE = 12_500
MAX_RESULTS = 100_000  # the deepest result a page may show (page × limit)
VIEWS = ("Card", "Table")

# Every parameter the page reads; anything else is ignored (as ClinicalTrials.gov does).
FORM_ONLY = {*OPTION_LABELS, *(f"{key}_{end}" for key in DATE_FIELDS for end in ("from", "to"))}


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str  # the URL parameter (``cond``, ``distance``, ``aggFilters``)
    message: str
    text: str | None = None  # the value the column counts in (Essie errors)
    column: int | None = None  # 1-based


class FormError(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{error.field}: {error.message}" for error in errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class DateRange:
    low: PartialDate | None
    high: PartialDate | None

    def __str__(self) -> str:
        return f"{self.low or ''}_{self.high or ''}"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a location search looks: a circle, or (no coordinates) a country/state/place text."""

    lat: float | None = None
    lng: float | None = None
    radius_mi: int = DEFAULT_DISTANCE
    country: str = ""
    state: str = ""
    text: str = ""  # a place searched as text (LocationSearch) when it has no coordinates


@dataclass(frozen=True)
class SearchForm:
    queries: dict[str, str] = field(default_factory=dict)
    loc_str: str = ""
    country: str = ""
    state: str = ""
    city: str = ""
    distance: int | None = None
    lat: float | None = None
    lng: float | None = None
    agg: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dates: dict[str, DateRange] = field(default_factory=dict)
    age: int | None = None
    sort: str = ""
    page: int = 1
    limit: int = DEFAULT_LIMIT
    view: str = "Card"
    columns: tuple[str, ...] = ()

    # --- reading ------------------------------------------------------------------------------

    @classmethod
    def parse(cls, params: Mapping[str, str] | Any) -> SearchForm:
        """Read a query string (``request.query_params``, a ``MultiDict``, or a plain mapping).
        Raises ``FormError`` naming every parameter that cannot be read."""
        form, errors = cls.read(params)
        if errors:
            raise FormError(errors)
        return form

    @classmethod
    def read(cls, params: Mapping[str, str] | Any) -> tuple[SearchForm, list[FieldError]]:
        """The form as far as it can be read, and what could not be (to show beside the fields)."""
        values = _Params(params)
        errors: list[FieldError] = []
        queries = {key: values.text(key) for key in QUERY_FIELDS if values.text(key)}
        agg: dict[str, tuple[str, ...]] = {}
        agg_param = ",".join(values.all("aggFilters"))
        if agg_param:
            try:
                agg = parse_agg_filters(agg_param)
            except QueryError as error:
                errors.append(FieldError("aggFilters", error.message))
        for facet_id in OPTION_LABELS:
            for code in values.all(facet_id):
                if code not in OPTION_LABELS[facet_id]:
                    allowed = ", ".join(OPTION_LABELS[facet_id])
                    errors.append(FieldError(facet_id, f"{code!r} is not one of {allowed}"))
                elif code not in agg.get(facet_id, ()):
                    agg[facet_id] = (*agg.get(facet_id, ()), code)
        dates: dict[str, DateRange] = {}
        for key in DATE_FIELDS:
            try:
                found = _date_range(values, key)
            except ValueError as error:
                errors.append(FieldError(key, str(error)))
                continue
            if found is not None:
                dates[key] = found
        form = cls(
            queries=queries,
            loc_str=values.text("locStr"),
            country=values.text("country"),
            state=values.text("state"),
            city=values.text("city"),
            agg={facet_id: tuple(dict.fromkeys(agg[facet_id])) for facet_id in FACETS if facet_id in agg},
            dates=dates,
            view=values.text("viewType").capitalize() or "Card",
        )
        if form.view not in VIEWS:
            errors.append(FieldError("viewType", f"{values.text('viewType')!r} is not Card or Table"))
            form = replace(form, view="Card")
        numbers: dict[str, Any] = {}
        for name, low, high in (("distance", 1, MAX_DISTANCE), ("age", 0, 120), ("page", 1, None)):
            text = values.text(name)
            if not text:
                continue
            try:
                number = int(text)
            except ValueError:
                errors.append(FieldError(name, f"{text!r} is not a whole number"))
                continue
            if number < low or (high is not None and number > high):
                bounds = f"at least {low}" if high is None else f"between {low} and {high}"
                errors.append(FieldError(name, f"{number} is out of range (expected {bounds})"))
                continue
            numbers[name] = number
        for name, low, high in (("lat", -90, 90), ("lng", -180, 180)):
            text = values.text(name)
            if not text:
                continue
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not (math.isfinite(value) and low <= value <= high):
                errors.append(FieldError(name, f"{text!r} is not a number between {low} and {high}"))
                continue
            numbers[name] = value
        if ("lat" in numbers) != ("lng" in numbers):
            errors.append(FieldError("lat", "give both lat and lng, or neither"))
        limit_text = values.text("limit")
        if limit_text:
            if limit_text.isdigit() and int(limit_text) in LIMITS:
                numbers["limit"] = int(limit_text)
            else:
                errors.append(
                    FieldError("limit", f"{limit_text!r} is not one of {', '.join(map(str, LIMITS))}")
                )
        sort = values.text("sort")
        if sort:
            try:
                sort = _canonical_sort(sort)
            except ValueError as error:
                errors.append(FieldError("sort", str(error)))
        columns = tuple(
            dict.fromkeys(
                name.strip() for text in values.all("columns") for name in text.split(",") if name.strip()
            )
        )
        unknown = [name for name in columns if name not in COLUMNS]
        if unknown:
            errors.append(
                FieldError("columns", f"unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})")
            )
        form = replace(form, columns=tuple(name for name in columns if name in COLUMNS), **numbers)
        if not any(error.field == "sort" for error in errors):
            form = replace(form, sort=sort)
        if (form.page - 1) * form.limit >= MAX_RESULTS:
            errors.append(FieldError("page", f"pages stop at result {MAX_RESULTS:,}: narrow the search"))
            form = replace(form, page=1)
        return form, errors

    # --- writing ------------------------------------------------------------------------------

    def query_items(self) -> list[tuple[str, str]]:
        """The canonical query string of this form, in ClinicalTrials.gov's parameter names."""
        items = [(key, self.queries[key]) for key in QUERY_FIELDS if self.queries.get(key)]
        for key, value in (
            ("locStr", self.loc_str),
            ("country", self.country),
            ("state", self.state),
            ("city", self.city),
            ("distance", "" if self.distance is None else str(self.distance)),
            ("lat", "" if self.lat is None else _coordinate(self.lat)),
            ("lng", "" if self.lng is None else _coordinate(self.lng)),
        ):
            if value:
                items.append((key, value))
        if self.agg:
            items.append(("aggFilters", agg_text(self.agg)))
        items += [(key, str(self.dates[key])) for key in DATE_FIELDS if key in self.dates]
        if self.age is not None:
            items.append(("age", str(self.age)))
        if self.sort:
            items.append(("sort", self.sort))
        if self.view != "Card":
            items.append(("viewType", self.view))
        if self.columns:
            items.append(("columns", ",".join(self.columns)))
        if self.limit != DEFAULT_LIMIT:
            items.append(("limit", str(self.limit)))
        if self.page != 1:
            items.append(("page", str(self.page)))
        return items

    def query_string(self) -> str:
        return urlencode(self.query_items())

    def url(self, path: str = "/search", **changes: Any) -> str:
        """The URL of this form with ``changes`` applied (``page=2``, ``sort=...``)."""
        changed = replace(self, **changes) if changes else self
        query = changed.query_string()
        return f"{path}?{query}" if query else path

    def search_items(self) -> list[tuple[str, str]]:
        """The parameters that choose the studies (no paging, sort, view): for feeds and downloads."""
        kept = replace(self, page=1, limit=DEFAULT_LIMIT, sort="", view="Card", columns=())
        return kept.query_items()

    def toggled(self, facet_id: str, code: str) -> SearchForm:
        """This form with one facet option added or removed, back on page 1."""
        chosen = list(self.agg.get(facet_id, ()))
        if code in chosen:
            chosen.remove(code)
        else:
            chosen.append(code)
        agg = dict(self.agg)
        if chosen:
            agg[facet_id] = tuple(chosen)
        else:
            agg.pop(facet_id, None)
        return replace(self, agg={key: agg[key] for key in FACETS if key in agg}, page=1)

    @property
    def uses_more_filters(self) -> bool:
        """Whether a filter beyond the main fields is in use (the page opens "More filters")."""
        basic = {"cond", "term", "intr"}
        return bool(
            set(self.queries) - basic or set(self.agg) - {"status"} or self.dates or self.age is not None
        )

    @property
    def is_empty(self) -> bool:
        return not self.search_items()

    @property
    def sort_key(self) -> SortKey | None:
        if not self.sort:
            return None
        name, _, order = self.sort.partition(":")
        if name == "@relevance":
            return RELEVANCE
        return SortKey(name, SortOrder(order))

    # --- compiling ----------------------------------------------------------------------------

    def to_request(self, place: Place | None, *, page_size: int | None = None) -> SearchRequest:
        """The search this form asks for (``place``: the resolved location, see ``locations``)."""
        queries = dict(self.queries)
        filters: list[Node] = []
        geo = None
        if place is not None:
            if place.lat is not None and place.lng is not None:
                geo = f"distance({_coordinate(place.lat)},{_coordinate(place.lng)},{place.radius_mi}mi)"
            if place.country:
                filters.append(_area_phrase("LocationCountry", place.country))
            if place.state:
                filters.append(_area_phrase("LocationState", place.state))
            if place.text:
                queries["locn"] = place.text
        for key, dates in self.dates.items():
            filters.append(Area(name=DATE_FIELDS[key][0], operand=_range(dates)))
        if self.age is not None:
            filters.append(_accepts_age(self.age))
        advanced = None
        if filters:
            advanced = to_essie(filters[0] if len(filters) == 1 else And(operands=tuple(filters)))
        sort_key = self.sort_key
        return SearchRequest(
            queries=queries,
            advanced=advanced,
            geo=geo,
            agg_filters=agg_text(self.agg) or None,
            sort=(sort_key,) if sort_key is not None else (),
            page_size=page_size or self.limit,
            count_total=True,
            facets=True,
            explain=True,
        )


def is_canonical(params: Any) -> bool:
    """Whether a query string is already written the way ``SearchForm.query_string`` writes it
    (no form-only fields, no empty values): if not, the page redirects to the canonical URL."""
    seen = set()
    for key, value in params.multi_items():
        if key in FORM_ONLY or key in seen or not value.strip():
            return False
        seen.add(key)
    return True


def agg_text(agg: Mapping[str, tuple[str, ...]]) -> str:
    """``{"status": ("rec", "not")}`` -> ``status:rec not`` (open-ended facets one value a pair)."""
    pairs = []
    for facet_id in FACETS:
        codes = agg.get(facet_id, ())
        if not codes:
            continue
        if FACETS[facet_id].options:
            pairs.append(f"{facet_id}:{' '.join(codes)}")
        else:
            pairs += [f"{facet_id}:{code}" for code in codes]
    return ",".join(pairs)


def error_field(error: QueryError) -> str:
    """The form field a search error belongs to (``query.cond`` -> ``cond``)."""
    parameter = error.parameter or ""
    if parameter.startswith("query."):
        name = parameter.removeprefix("query.")
        return "locStr" if name == "locn" else name
    if parameter == "aggFilters":
        return "aggFilters"
    if parameter == "sort":
        return "sort"
    return "form"


class _Params:
    def __init__(self, params: Any) -> None:
        self._params = params

    def all(self, key: str) -> list[str]:
        if hasattr(self._params, "getlist"):
            return [value.strip() for value in self._params.getlist(key) if value.strip()]
        value = self._params.get(key)
        return [value.strip()] if isinstance(value, str) and value.strip() else []

    def text(self, key: str) -> str:
        found = self.all(key)
        return found[-1] if found else ""


def _date_range(values: _Params, key: str) -> DateRange | None:
    text = values.text(key)
    low_text, high_text = "", ""
    if text:
        if "_" not in text:
            raise ValueError(f"{text!r} is not a date range (expected from_to, e.g. 2020-01-01_2021-12-31)")
        low_text, _, high_text = text.partition("_")
    low_text = values.text(f"{key}_from") or low_text.strip()
    high_text = values.text(f"{key}_to") or high_text.strip()
    if not low_text and not high_text:
        return None
    try:
        low = PartialDate.parse(low_text) if low_text else None
        high = PartialDate.parse(high_text) if high_text else None
    except InvalidDate as error:
        raise ValueError(str(error)) from None
    if low is not None and high is not None and str(low) > str(high):
        raise ValueError(f"the range starts ({low}) after it ends ({high})")
    return DateRange(low, high)


def _range(dates: DateRange) -> Range:
    return Range(low=_bound(dates.low, "MIN"), high=_bound(dates.high, "MAX"))


def _bound(date: PartialDate | None, open_end: str) -> DateBound | NumberBound | OpenBound:
    if date is None:
        return OpenBound(which="MIN" if open_end == "MIN" else "MAX")
    if date.month is None:
        return NumberBound(value=Decimal(date.year))
    return DateBound(date=date)


def _accepts_age(years: int) -> Node:
    """Studies whose eligibility accepts someone ``years`` old (a missing limit is no limit)."""
    age = AgeBound(age=Age.parse(f"{years} years"))
    return And(
        operands=(
            Or(
                operands=(
                    Area(name="MinimumAge", operand=Range(low=OpenBound(which="MIN"), high=age)),
                    Area(name="MinimumAge", operand=Missing()),
                )
            ),
            Or(
                operands=(
                    Area(name="MaximumAge", operand=Range(low=age, high=OpenBound(which="MAX"))),
                    Area(name="MaximumAge", operand=Missing()),
                )
            ),
        )
    )


def _area_phrase(area: str, text: str) -> Node:
    return Area(name=area, operand=Phrase(words=tuple(text.split())))


def _canonical_sort(text: str) -> str:
    first = text.replace("|", ",").split(",")[0].strip()
    name, _, order = first.partition(":")
    name, order = name.strip(), order.strip().lower()
    if name == "@relevance":
        return "@relevance"
    sortable = {key.partition(":")[0] for key in SORTS} | set(NUMERIC_SORTS)
    if name not in sortable:
        raise ValueError(f"{name!r} cannot be sorted on (choose one of: {', '.join(sorted(sortable))})")
    if order not in ("", "asc", "desc"):
        raise ValueError(f"{order!r} is not a sort direction (asc or desc)")
    default = "asc" if name in NUMERIC_SORTS else "desc"  # the API's defaults
    return f"{name}:{order or default}"


def _coordinate(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")
