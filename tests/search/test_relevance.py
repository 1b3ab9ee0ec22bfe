"""Ranking quality as a number: mean nDCG@10 over the judged query set, on the real studies.

The floor is what the engine scores today. A change that makes ranking worse fails here; one
that makes it better should raise the floor (and say so in the CHANGELOG).
"""

from __future__ import annotations

import statistics

import pytest

from tests.search.relevance.ndcg import load_qrels, load_queries, ndcg_at_k
from tests.shared_data import SHARED
from trialbase.search.engine import SearchEngine
from trialbase.search.request import SearchRequest

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]

NDCG_FLOOR = 0.789
MESH = ("mesh2026-entry-terms.json", "mesh2026-descriptors.csv", "mesh2014-trees.csv")


def request_for(params: dict[str, str]) -> SearchRequest:
    statuses = params.get("filter.overallStatus", "").replace("|", ",")
    return SearchRequest(
        queries={
            name.removeprefix("query."): text for name, text in params.items() if name.startswith("query.")
        },
        overall_status=tuple(status for status in statuses.split(",") if status),
        agg_filters=params.get("aggFilters"),
        advanced=params.get("filter.advanced"),
        page_size=10,
    )


def test_mean_ndcg_at_10_does_not_fall(real_engine: SearchEngine) -> None:
    assert SHARED.exists()
    judgments = load_qrels()
    scores = {}
    for query in load_queries():
        hits = real_engine.search(request_for(query.params)).hits
        scores[query.id] = ndcg_at_k([hit.nct_id for hit in hits], judgments.get(query.id, {}), 10)
    mean = statistics.mean(scores.values())
    worst = sorted(scores.items(), key=lambda item: item[1])[:5]
    assert mean >= NDCG_FLOOR, f"mean nDCG@10 {mean:.4f} < {NDCG_FLOOR}; worst: {worst}"
