"""Facet counts for a search, computed on the same index snapshot as its hits.

The engine plans the aggregation passes (``facet_jobs``), runs them (side by side, with the page's
own search) and puts the counts together (``facet_counts``).

Counts follow the usual rule of faceted search: a facet's own selection does not narrow its
own counts (choosing "Recruiting" still shows how many are "Completed"), every other selection
does. So a facet with a selection is counted on the query without that selection.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import tantivy

from trialbase.index.schema import EMPTY_SET, SET_SEPARATOR
from trialbase.search.agg_filters import FACETS, Facet, option_code

MAX_BUCKETS = 200
SEGMENT_LIST = 65_536  # values each segment reports to a terms aggregation: all of them
# Tantivy lets go of the GIL while it aggregates, so passes in threads use every core.
_POOL = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1), thread_name_prefix="trialbase-facets")


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


@dataclass(frozen=True, slots=True)
class FacetJob:
    """One aggregation pass: ``facets`` counted over ``query``."""

    query: tantivy.Query
    facets: tuple[Facet, ...]


def facet_jobs(
    query_without: Callable[[str | None], tantivy.Query],
    selected: dict[str, tuple[str, ...]],
    *,
    only: tuple[str, ...] = (),
) -> list[FacetJob]:
    """The aggregation passes that count every facet (or those ``only`` names).

    ``query_without(facet_id)`` is the search minus that facet's filter (``None``: the whole
    search). Every facet without a selection is counted in one pass over the whole search, and
    each facet with a selection in a pass of its own. One pass for all is cheaper than a pass
    per open-ended facet run side by side, even on an idle machine (decision 0020, amended).
    """
    wanted = [facet for facet in FACETS.values() if not only or facet.id in only]
    plain = tuple(facet for facet in wanted if facet.id not in selected)
    jobs = [FacetJob(query_without(None), plain)] if plain else []
    jobs.extend(FacetJob(query_without(facet.id), (facet,)) for facet in wanted if facet.id in selected)
    return jobs


def run_facet_job(searcher: tantivy.Searcher, job: FacetJob, size: int) -> dict[str, list[dict[str, object]]]:
    return _aggregate(searcher, job.query, list(job.facets), size)


class FacetRun:
    """The passes of ``jobs`` started in worker threads, to run while the caller finds the page."""

    def __init__(self, searcher: tantivy.Searcher, jobs: list[FacetJob], size: int) -> None:
        self.jobs = jobs
        self._futures: list[Future[dict[str, list[dict[str, object]]]]] = [
            _POOL.submit(run_facet_job, searcher, job, size) for job in jobs
        ]

    def cancel(self) -> None:
        """Drop the passes not started yet (the search changed its plan)."""
        for future in self._futures:
            future.cancel()

    def counts(self, selected: dict[str, tuple[str, ...]]) -> list[FacetCounts]:
        buckets: dict[str, list[dict[str, object]]] = {}
        for future in self._futures:
            buckets.update(future.result())
        return facet_counts(self.jobs, buckets, selected)


def facet_counts(
    jobs: list[FacetJob],
    buckets: dict[str, list[dict[str, object]]],
    selected: dict[str, tuple[str, ...]],
) -> list[FacetCounts]:
    """The jobs' buckets as counts, facet by facet in ``FACETS`` order."""
    counted = {facet.id: facet for job in jobs for facet in job.facets}
    return [
        FacetCounts(facet, _values(facet, buckets.get(facet.id, [])), selected.get(facet.id, ()))
        for facet in FACETS.values()
        if facet.id in counted
    ]


def _values(facet: Facet, buckets: list[dict[str, object]]) -> tuple[FacetValue, ...]:
    """Buckets as option codes; values sharing a code (funder type "other") are added up, and so
    are the combinations of a ``_set`` field that hold a value ("PHASE1|PHASE2" counts for both)."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    combined = facet.counted_field != facet.field
    for bucket in buckets:
        key = str(bucket["key"])
        for value in key.split(SET_SEPARATOR) if combined else (key,):
            if combined and value == EMPTY_SET:
                continue
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
            "terms": {
                "field": facet.counted_field,
                "size": MAX_BUCKETS if facet.options else min(size, MAX_BUCKETS),
                # Tantivy keeps each segment's top ten times ``size`` values unless told, and a
                # value cut from one segment's list was undercounted (the real studies' top
                # interventions came out one or two short). The whole list costs no measurable time.
                "segment_size": SEGMENT_LIST,
            }
        }
        for facet in facets
    }
    answer = searcher.aggregate(query, spec)
    return {facet_id: list(result.get("buckets", [])) for facet_id, result in answer.items()}
