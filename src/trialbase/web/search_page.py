"""``/search`` and ``/expert-search``: the search form, its results, facets and pages.

The handler reads the URL into a ``SearchForm``, compiles it to a ``SearchRequest``, asks the
search service for one page, and renders. Everything shown is a link to another URL of the same
shape, so every state of the page can be bookmarked and shared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.search.engine import SearchResult
from trialbase.search.explain import FieldMatch
from trialbase.search.facets import FacetCounts
from trialbase.search.query_error import QueryError
from trialbase.services import Services
from trialbase.web.place import resolve_place
from trialbase.web.rendering import render
from trialbase.web.search_form import (
    DATE_FIELDS,
    DISTANCES,
    LIMITS,
    OPTION_LABELS,
    QUERY_FIELDS,
    SORTS,
    FieldError,
    FormError,
    Place,
    SearchForm,
    error_field,
    is_canonical,
)
from trialbase.web.search_paging import page_of
from trialbase.web.study_summary import COLUMNS, DEFAULT_COLUMNS, StudySummary, summarise

PIECE_LABELS = {
    "Condition": "Condition",
    "BriefTitle": "Title",
    "OfficialTitle": "Official title",
    "Acronym": "Acronym",
    "Keyword": "Keyword",
    "BriefSummary": "Summary",
    "DetailedDescription": "Description",
    "InterventionName": "Intervention",
    "InterventionOtherName": "Intervention (other name)",
    "ConditionMeshTerm": "Condition (MeSH)",
    "InterventionMeshTerm": "Intervention (MeSH)",
    "LeadSponsorName": "Lead sponsor",
    "CollaboratorName": "Collaborator",
}


@dataclass(frozen=True, slots=True)
class FacetLink:
    label: str
    count: int
    url: str
    selected: bool


@dataclass(frozen=True, slots=True)
class FacetView:
    id: str
    label: str
    links: list[FacetLink]


@dataclass(frozen=True, slots=True)
class Chip:
    """A chosen filter, shown above the results with a link that removes it."""

    label: str
    remove_url: str


@dataclass(frozen=True, slots=True)
class ResultItem:
    rank: int
    study: StudySummary
    matches: tuple[FieldMatch, ...]
    synonyms: list[str]


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int | None  # None: a gap ("…")
    url: str
    current: bool


def routes(services: Services) -> list[BaseRoute]:
    def search(request: Request) -> Response:
        params = request.query_params
        form, errors = SearchForm.read(params)
        if not errors and not is_canonical(params):
            return RedirectResponse(form.url(), status_code=303)
        place: Place | None = None
        result: SearchResult | None = None
        if not errors:
            try:
                place = resolve_place(form)
            except FormError as error:
                errors = error.errors
        if not errors:
            try:
                result = page_of(services.search.search, form.to_request(place), form.page)
            except QueryError as error:
                field = error_field(error)
                errors = [FieldError(field, error.message, form.queries.get(field), error.column)]
        context = _context(services, form, errors, place, result)
        return render(request, "search.html", status_code=400 if errors else 200, **context)

    def expert(request: Request) -> Response:
        form, _ = SearchForm.read(request.query_params)
        return render(request, "expert_search.html", form=form)

    return [Route("/search", search, name="search"), Route("/expert-search", expert, name="expert_search")]


def _context(
    services: Services,
    form: SearchForm,
    errors: list[FieldError],
    place: Place | None,
    result: SearchResult | None,
) -> dict[str, Any]:
    by_field: dict[str, list[FieldError]] = {}
    for error in errors:
        by_field.setdefault(error.field, []).append(error)
    items: list[ResultItem] = []
    total = 0
    facets: list[FacetView] = []
    if result is not None:
        documents = services.store.current_many([hit.nct_id for hit in result.hits])
        offset = (form.page - 1) * form.limit
        for position, hit in enumerate(result.hits, start=1):
            document = documents.get(hit.nct_id)
            if document is None:  # removed since the index saw it
                continue
            synonyms = sorted({note.name for note in hit.expansions})
            items.append(
                ResultItem(offset + position, summarise(document, hit.nearest_site), hit.matches, synonyms)
            )
        total = result.total or 0
        facets = [
            _facet_view(form, counts) for counts in result.facets or [] if counts.values or counts.selected
        ]
    pages = math.ceil(total / form.limit) if total else 0
    return {
        "form": form,
        "errors": errors,
        "errors_by_field": by_field,
        "place": place,
        "result": result,
        "items": items,
        "total": total,
        "facets": facets,
        "chips": _chips(form),
        "pages": _page_links(form, pages),
        "page_count": pages,
        "previous_url": form.url(page=form.page - 1) if form.page > 1 else None,
        "next_url": form.url(page=form.page + 1) if form.page < pages else None,
        "query_fields": QUERY_FIELDS,
        "date_fields": DATE_FIELDS,
        "option_labels": OPTION_LABELS,
        "sorts": SORTS,
        "limits": LIMITS,
        "distances": DISTANCES,
        "columns": COLUMNS,
        "shown_columns": form.columns or DEFAULT_COLUMNS,
        "piece_labels": PIECE_LABELS,
        "card_url": form.url(view="Card", page=1),
        "table_url": form.url(view="Table", page=1),
        "search_query": form.query_string(),
        "feed_query": urlencode(form.search_items()),
        "expansions": sorted({note.name for note in result.expansions}) if result is not None else [],
    }


def _facet_view(form: SearchForm, counts: FacetCounts) -> FacetView:
    labels = OPTION_LABELS.get(counts.facet.id, {})
    links = []
    seen = set()
    for value in counts.values:
        seen.add(value.code)
        links.append(
            FacetLink(
                labels.get(value.code, value.value),
                value.count,
                form.toggled(counts.facet.id, value.code).url(),
                value.code in counts.selected,
            )
        )
    for code in counts.selected:  # chosen but no longer counted (no study left with it)
        if code not in seen:
            links.append(
                FacetLink(labels.get(code, code), 0, form.toggled(counts.facet.id, code).url(), True)
            )
    return FacetView(counts.facet.id, counts.facet.label, links)


def _chips(form: SearchForm) -> list[Chip]:
    chips = []
    for key, label in QUERY_FIELDS.items():
        if form.queries.get(key):
            queries = {name: text for name, text in form.queries.items() if name != key}
            chips.append(Chip(f"{label}: {form.queries[key]}", replace(form, queries=queries, page=1).url()))
    if form.loc_str or form.country or form.state or form.city or form.lat is not None:
        where = form.loc_str or ", ".join(part for part in (form.city, form.state, form.country) if part)
        where = where or f"{form.lat}, {form.lng}"
        chips.append(
            Chip(
                f"Near {where}",
                replace(
                    form, loc_str="", country="", state="", city="", distance=None, lat=None, lng=None, page=1
                ).url(),
            )
        )
    for facet_id, codes in form.agg.items():
        labels = OPTION_LABELS.get(facet_id, {})
        for code in codes:
            chips.append(Chip(labels.get(code, code), form.toggled(facet_id, code).url()))
    for key, dates in form.dates.items():
        remaining = {name: value for name, value in form.dates.items() if name != key}
        low, high = dates.low or "…", dates.high or "…"
        chips.append(
            Chip(f"{DATE_FIELDS[key][1]}: {low} to {high}", replace(form, dates=remaining, page=1).url())
        )
    if form.age is not None:
        chips.append(Chip(f"Accepts age {form.age}", replace(form, age=None, page=1).url()))
    return chips


def _page_links(form: SearchForm, pages: int) -> list[PageLink]:
    if pages <= 1:
        return []
    wanted = {1, pages, *range(max(1, form.page - 2), min(pages, form.page + 2) + 1)}
    links: list[PageLink] = []
    previous = 0
    for number in sorted(wanted):
        if number - previous > 1:
            links.append(PageLink(None, "", False))
        links.append(PageLink(number, form.url(page=number), number == form.page))
        previous = number
    return links
