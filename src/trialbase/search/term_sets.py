"""Unions: any of some queries, and a raw field holding any of a few values as the cheapest
query tantivy offers for it.

``term_set_query`` builds an automaton of its values and, for every segment, streams the term
dictionary through it and fills a bit set of every matching study before the search starts.
For a handful of values (a status filter, an aggFilters selection) a union of term queries
is cheaper: it reads the same postings lazily, skipping ahead with the search instead of
listing every match first (about a twentieth of the 600,000-study benchmark's time went to
those automatons). Large sets (NCT id lists) keep the automaton.
"""

from __future__ import annotations

from collections.abc import Sequence

import tantivy

SMALL_SET = 16  # values up to which a union of term queries is used


def any_term(schema: tantivy.Schema, field: str, values: Sequence[str]) -> tantivy.Query:
    """Studies whose ``field`` (a raw text field) holds one of ``values``."""
    if len(values) > SMALL_SET:
        return tantivy.Query.term_set_query(schema, field, list(values))
    return any_of([tantivy.Query.term_query(schema, field, value, index_option="basic") for value in values])


def any_of(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    """Studies matching any of the queries, their scores added (none: no study)."""
    if not queries:
        return tantivy.Query.empty_query()
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])
