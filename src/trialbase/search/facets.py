"""Facet counts for a search, computed on the same index snapshot as its hits.

Counts follow the usual rule of faceted search: a facet's own selection does not narrow its
own counts (choosing "Recruiting" still shows how many are "Completed"), every other selection
does. So a facet with a selection is counted on the query without that selection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import tantivy

from trialbase.search.agg_filters import FACETS, Facet, option_code

MAX_BUCKETS = 200


@dataclass(frozen=True, slots=True)
class FacetValue:
    code: str  # the option code for aggFilters (``rec``), or the value itself for open facets
    value: str  # the stored value (``RECRUITING``, ``France``)
    count: int


@dataclass(frozen=True, slots=True)
class FacetCounts:
    facet: Facet
    values: tuple[FacetValue, ...]
    selected: tuple[str, ...]


def count_facets(
    searcher: tantivy.Searcher,
    query_without: Callable[[str | None], tantivy.Query],
    selected: dict[str, tuple[str, ...]],
    *,
    size: int,
    only: tuple[str, ...] = (),
) -> list[FacetCounts]:
    """Counts for every facet, or for the facets ``only`` names (each aggregation costs a pass
    over the matching studies' values). ``query_without(facet_id)`` is the search minus that
    facet's filter (``None``: the whole search)."""
    wanted = [facet for facet in FACETS.values() if not only or facet.id in only]
    plain = [facet for facet in wanted if facet.id not in selected]
    buckets: dict[str, list[dict[str, object]]] = {}
    if plain:
        buckets.update(_aggregate(searcher, query_without(None), plain, size))
    for facet in wanted:
        if facet.id in selected:
            buckets.update(_aggregate(searcher, query_without(facet.id), [facet], size))
    results = []
    for facet in wanted:
        results.append(
            FacetCounts(facet, _values(facet, buckets.get(facet.id, [])), selected.get(facet.id, ()))
        )
    return results


def _values(facet: Facet, buckets: list[dict[str, object]]) -> tuple[FacetValue, ...]:
    """Buckets as option codes; values sharing a code (funder type "other") are added up."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for bucket in buckets:
        value = str(bucket["key"])
        code = option_code(facet, value)
        counts[code] = counts.get(code, 0) + int(str(bucket["doc_count"]))
        shown.setdefault(code, value)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(FacetValue(code, shown[code], count) for code, count in ranked)


def _aggregate(
    searcher: tantivy.Searcher, query: tantivy.Query, facets: list[Facet], size: int
) -> dict[str, list[dict[str, object]]]:
    spec = {
        facet.id: {
            "terms": {"field": facet.field, "size": MAX_BUCKETS if facet.options else min(size, MAX_BUCKETS)}
        }
        for facet in facets
    }
    answer = searcher.aggregate(query, spec)
    return {facet_id: list(result.get("buckets", [])) for facet_id, result in answer.items()}
