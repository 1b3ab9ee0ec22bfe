"""Measuring an Essie query's size on its tree, and refusing one over the server's limits."""

from __future__ import annotations

import pytest

from trialbase.search.complexity import Complexity, ComplexityLimits, check_complexity, measure
from trialbase.search.essie import parse
from trialbase.search.query_error import QueryError


def test_measure_counts_words_nodes_depth_and_distances() -> None:
    node = parse('aspirin AND (heart attack OR "chest pain") NOT AREA[Phase] PHASE3')
    assert measure(node) == Complexity(words=6, nodes=8, depth=4, distances=0)
    assert measure(parse("AREA[LocationGeoPoint]DISTANCE[45.7,4.8,50km]")).distances == 1
    assert measure(parse("")) == Complexity(words=0, nodes=1, depth=1, distances=0)


def test_a_query_within_the_limits_passes() -> None:
    limits = ComplexityLimits(max_words=6, max_nodes=8, max_depth=4)
    node = parse('aspirin AND (heart attack OR "chest pain") NOT AREA[Phase] PHASE3')
    assert check_complexity(node, limits).words == 6


@pytest.mark.parametrize(
    ("query", "limits", "what", "column"),
    [
        ("a b c OR d e f", ComplexityLimits(max_words=4), "more than 4 words", 10),
        ("a OR b OR c OR d", ComplexityLimits(max_nodes=4), "more than 4 operators and terms", 16),
        ("NOT (NOT (NOT x))", ComplexityLimits(max_depth=3), "nested more than 3 deep", 15),
        (
            "DISTANCE[1,2,3km] OR DISTANCE[1,2,4km]",
            ComplexityLimits(max_distances=1),
            "more than 1 DISTANCE[...] searches",
            22,
        ),
    ],
)
def test_a_query_over_a_limit_is_refused_with_where(
    query: str, limits: ComplexityLimits, what: str, column: int
) -> None:
    with pytest.raises(QueryError) as raised:
        check_complexity(parse(query), limits, parameter="query.term")
    error = raised.value
    assert error.code == "too-complex"
    assert error.column == column
    assert what in error.describe()
    assert error.describe().endswith(f"(in query.term, at column {column})")
