"""The query parameters of ``/studies`` and ``/studies/{nctId}``, read into typed requests.

Every parameter of the official spec is read here and nowhere else; anything else is a
``ParameterError`` (a 400 naming the parameter, the value and what is accepted):

- unknown and repeated parameters (names are case-sensitive, as upstream);
- list parameters take ``,`` and ``|`` alike; enum values are matched ignoring case;
- ``pageSize``: absent or 0 gives 10, more than 1,000 is coerced down to 1,000 (the spec's
  words), negative or not a number is an error;
- ``sort``: at most two items, each a sortable piece (dates, numbers) or ``@relevance`` with an
  optional ``:asc``/``:desc``; a date sorts newest first and a number smallest first by default.

The Essie texts (``query.*``, ``filter.advanced``), ``filter.geo``, ``aggFilters`` and the page
token are checked by the search engine itself, which reports errors with their column.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TypeVar

from starlette.datastructures import QueryParams

from trialbase.api.v2.errors import ParameterError, allowed_values, did_you_mean
from trialbase.api.v2.strict_query import boolean, items, reject_unknown, single
from trialbase.domain.enums import Status
from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.search import catalog
from trialbase.search.engine import SORTABLE
from trialbase.search.geo_decay import parse_geo_decay
from trialbase.search.query_error import QueryError
from trialbase.search.request import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    QUERY_AREAS,
    PostFilter,
    SearchRequest,
    SortKey,
    SortOrder,
)


class Format(enum.StrEnum):
    JSON = "json"
    CSV = "csv"
    JSON_ZIP = "json.zip"
    FHIR_JSON = "fhir.json"
    RIS = "ris"


class MarkupFormat(enum.StrEnum):
    MARKDOWN = "markdown"
    LEGACY = "legacy"


LIST_FORMATS = (Format.JSON, Format.CSV)
STUDY_FORMATS = tuple(Format)
QUERY_PARAMETERS = tuple(f"query.{name}" for name in QUERY_AREAS)
_FILTERS = ("overallStatus", "geo", "ids", "advanced", "synonyms")
LIST_PARAMETERS: tuple[str, ...] = (
    "format",
    "markupFormat",
    *QUERY_PARAMETERS,
    *(f"filter.{name}" for name in _FILTERS),
    *(f"postFilter.{name}" for name in _FILTERS),
    "aggFilters",
    "geoDecay",
    "fields",
    "sort",
    "countTotal",
    "pageSize",
    "pageToken",
)
STUDY_PARAMETERS: tuple[str, ...] = ("format", "markupFormat", "fields")
MAX_SORT_ITEMS = 2
# Filters people reach for that the API spells differently: the hint says how.
_HINTS = {
    "filter.phase": "filter phases with `aggFilters=phase:2` or `filter.advanced=AREA[Phase]PHASE2`",
    "filter.studyType": "filter study types with `aggFilters=studyType:int` or "
    "`filter.advanced=AREA[StudyType]INTERVENTIONAL`",
    "filter.sex": "filter by sex with `aggFilters=sex:f`",
    "filter.status": "did you mean `filter.overallStatus`?",
    "filter.condition": "search conditions with `query.cond`",
    "query.condition": "search conditions with `query.cond`",
    "page": "pages are reached with `pageToken` (the previous page's `nextPageToken`)",
}
_E = TypeVar("_E", bound=enum.StrEnum)
_SORT_ITEM = re.compile(r"^(@relevance|[A-Za-z][A-Za-z0-9\-. ]*)(?::(asc|desc))?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StudiesQuery:
    """``GET /studies``: the search, and how to render its page."""

    search: SearchRequest
    format: Format = Format.JSON
    markup: MarkupFormat = MarkupFormat.MARKDOWN
    fields: tuple[str, ...] | None = None  # as given; resolved by the projection
    queried_areas: tuple[str, ...] = ()  # the areas of the query.* parameters (for `@query`)


@dataclass(frozen=True, slots=True)
class StudyQuery:
    """``GET /studies/{nctId}``: the format and fields of one study."""

    format: Format = Format.JSON
    markup: MarkupFormat = MarkupFormat.MARKDOWN
    fields: tuple[str, ...] | None = None


def parse_studies(params: QueryParams) -> StudiesQuery:
    reject_unknown(params, LIST_PARAMETERS, hints=_HINTS)
    output = _format(params, LIST_FORMATS)
    queries = {
        name.removeprefix("query."): value for name in QUERY_PARAMETERS if (value := single(params, name))
    }
    post = PostFilter(
        overall_status=_statuses(params, "postFilter.overallStatus"),
        ids=_ids(params, "postFilter.ids"),
        advanced=single(params, "postFilter.advanced"),
        geo=single(params, "postFilter.geo"),
        synonyms=items(params, "postFilter.synonyms") or (),
    )
    geo_decay = single(params, "geoDecay")
    if geo_decay is not None:
        try:
            parse_geo_decay(geo_decay)
        except QueryError as error:
            raise ParameterError.from_query_error(error) from None
    search = SearchRequest(
        queries=queries,
        overall_status=_statuses(params, "filter.overallStatus"),
        ids=_ids(params, "filter.ids"),
        advanced=single(params, "filter.advanced"),
        geo=single(params, "filter.geo"),
        synonyms=items(params, "filter.synonyms") or (),
        post_filter=post if post != PostFilter() else None,
        agg_filters=single(params, "aggFilters"),
        geo_decay=geo_decay,
        sort=_sort(params),
        page_size=_page_size(params),
        page_token=single(params, "pageToken"),
        count_total=boolean(params, "countTotal", default=False),
    )
    return StudiesQuery(
        search=search,
        format=output,
        markup=_markup(params),
        fields=items(params, "fields"),
        queried_areas=tuple(QUERY_AREAS[name] for name in queries),
    )


def parse_study(params: QueryParams) -> StudyQuery:
    reject_unknown(params, STUDY_PARAMETERS, hints=_HINTS)
    output = _format(params, STUDY_FORMATS)
    fields = items(params, "fields")
    if output is Format.FHIR_JSON and fields is not None:
        raise ParameterError("`fields` must be unspecified for `fhir.json` format (FHIR fields are fixed)")
    return StudyQuery(format=output, markup=_markup(params), fields=fields)


# --- single parameters ------------------------------------------------------------------------


def _choice(params: QueryParams, name: str, choices: tuple[_E, ...], default: _E) -> _E:
    value = single(params, name)
    if value is None:
        return default
    for choice in choices:
        if choice.value == value.strip().lower():
            return choice
    raise ParameterError(
        f"`{name}` must be one of {allowed_values(choice.value for choice in choices)}, not `{value}`"
    )


def _format(params: QueryParams, choices: tuple[Format, ...]) -> Format:
    return _choice(params, "format", choices, Format.JSON)


def _markup(params: QueryParams) -> MarkupFormat:
    return _choice(params, "markupFormat", tuple(MarkupFormat), MarkupFormat.MARKDOWN)


def _statuses(params: QueryParams, name: str) -> tuple[str, ...]:
    values = items(params, name) or ()
    known = {status.value: status.value for status in Status}
    statuses = []
    for value in values:
        status = known.get(value.upper())
        if status is None:
            raise ParameterError(
                f"`{value}` is not a status in `{name}`{did_you_mean(value, known)} "
                f"(statuses: {allowed_values(known)})"
            )
        statuses.append(status)
    return tuple(dict.fromkeys(statuses))


def _ids(params: QueryParams, name: str) -> tuple[str, ...]:
    ids = []
    for value in items(params, name) or ():
        try:
            ids.append(parse_nct_id(value))
        except InvalidNctId:
            raise ParameterError(
                f"`{value}` in `{name}` is not an NCT number (expected NCT followed by up to 8 digits, "
                "e.g. NCT04822922)"
            ) from None
    return tuple(dict.fromkeys(ids))


def _page_size(params: QueryParams) -> int:
    value = single(params, "pageSize")
    if value is None:
        return DEFAULT_PAGE_SIZE
    try:
        size = int(value.strip())
    except ValueError:
        raise ParameterError(f"`pageSize` must be a whole number, not `{value}`") from None
    if size < 0:
        raise ParameterError(f"`pageSize` must be 0 (the default, {DEFAULT_PAGE_SIZE}) or more, not {size}")
    return DEFAULT_PAGE_SIZE if size == 0 else min(size, MAX_PAGE_SIZE)


def _sort(params: QueryParams) -> tuple[SortKey, ...]:
    sort_items = items(params, "sort") or ()
    if len(sort_items) > MAX_SORT_ITEMS:
        raise ParameterError(f"`sort` takes at most {MAX_SORT_ITEMS} items, not {len(sort_items)}")
    keys = []
    for item in sort_items:
        match = _SORT_ITEM.match(item)
        if match is None:
            raise ParameterError(
                f"`{item}` is not a sort item (expected a field name or `@relevance`, "
                "optionally followed by `:asc` or `:desc`, e.g. `LastUpdatePostDate:desc`)"
            )
        name, direction = match.group(1), match.group(2)
        if name.lower() == "@relevance":
            if direction and direction.lower() == "asc":
                raise ParameterError(
                    "`@relevance` sorts most relevant first only: use `@relevance` or `:desc`"
                )
            keys.append(SortKey("@relevance", SortOrder.DESC))
            continue
        keys.append(_sort_key(name, direction))
    return tuple(keys)


def _sort_key(name: str, direction: str | None) -> SortKey:
    if name.lower() == "numarmgroups":  # sortable upstream, though no piece of the data model
        return SortKey("NumArmGroups", SortOrder(direction.lower()) if direction else SortOrder.ASC)
    ref = catalog.piece_ref(name)
    sortable = ", ".join(f"`{field}`" for field in (*SORTABLE, "@relevance"))
    if ref is None:
        raise ParameterError(
            f"`{name}` in `sort` is not a field name{did_you_mean(name, SORTABLE)} (sortable: {sortable})"
        )
    if ref.piece.name not in SORTABLE:
        raise ParameterError(f"`{ref.piece.name}` cannot be sorted on (sortable: {sortable})")
    if direction:
        order = SortOrder(direction.lower())
    else:
        order = SortOrder.DESC if ref.kind is catalog.PieceKind.DATE else SortOrder.ASC
    return SortKey(ref.piece.name, order)
