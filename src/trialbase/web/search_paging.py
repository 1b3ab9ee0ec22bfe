"""Numbered pages and whole result sets over the engine's page tokens.

The engine pages with opaque tokens (stable under a date sort even while the index changes); a
web page is addressed by number (``page=3``), and a download or feed wants every study. Both walk
the tokens here, asking only for the studies' ids on the pages they skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from trialbase.search.engine import Hit, SearchResult
from trialbase.search.request import MAX_PAGE_SIZE, SearchRequest

Search = Callable[[SearchRequest], SearchResult]


def page_of(search: Search, request: SearchRequest, page: int) -> SearchResult:
    """Page ``page`` (from 1) of ``request.page_size`` hits, with the total and facets as asked.

    Past the last page the hits are empty (the total and facets still come back)."""
    skip = (page - 1) * request.page_size
    token = None
    light = replace(request, count_total=False, facets=False, explain=False)
    while skip > 0:
        size = min(skip, MAX_PAGE_SIZE)
        skipped = search(replace(light, page_size=size, page_token=token))
        token = skipped.next_page_token
        skip -= size
        if token is None:
            empty = search(replace(request, page_size=1, page_token=None, explain=False))
            return replace(empty, hits=[], next_page_token=None)
    return search(replace(request, page_token=token))


def every_hit(search: Search, request: SearchRequest, *, batch: int = 500) -> Iterator[Hit]:
    """Every hit of ``request`` in its order, fetched ``batch`` at a time."""
    token = None
    light = replace(request, count_total=False, facets=False, explain=False, page_size=batch)
    while True:
        result = search(replace(light, page_token=token))
        yield from result.hits
        token = result.next_page_token
        if token is None:
            return
