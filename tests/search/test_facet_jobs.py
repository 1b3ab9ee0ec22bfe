"""How facet counting is planned: one pass for the facets without a selection, one per selection."""

from __future__ import annotations

import tantivy

from trialbase.search.agg_filters import FACETS
from trialbase.search.facets import facet_jobs


def test_facets_without_a_selection_share_one_pass_and_each_selection_has_its_own() -> None:
    asked: list[str | None] = []

    def query_without(facet_id: str | None) -> tantivy.Query:
        asked.append(facet_id)
        return tantivy.Query.all_query()

    jobs = facet_jobs(query_without, {"status": ("rec",), "phase": ("2",)})
    assert len(jobs) == 3
    assert {facet.id for facet in jobs[0].facets} == set(FACETS) - {"status", "phase"}
    assert [[facet.id for facet in job.facets] for job in jobs[1:]] == [["status"], ["phase"]]
    assert asked == [None, "status", "phase"]  # each selected facet counted without its own selection


def test_only_the_facets_asked_for_are_planned() -> None:
    jobs = facet_jobs(lambda _: tantivy.Query.all_query(), {}, only=("condition", "status"))
    assert [sorted(facet.id for facet in job.facets) for job in jobs] == [["condition", "status"]]
    assert facet_jobs(lambda _: tantivy.Query.all_query(), {"status": ("rec",)}, only=("status",))[
        0
    ].facets == (FACETS["status"],)
