"""The search engine over a small index of made-up studies, on SQLite and PostgreSQL stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.search.conftest import STUDIES, study
from trialbase.index.follower import IndexFollower
from trialbase.index.geohash import encode
from trialbase.search import geo
from trialbase.search.engine import SearchEngine, SearchResult
from trialbase.search.query_error import QueryError
from trialbase.search.request import SearchRequest, SortKey, SortOrder
from trialbase.store import Store, prepare_study


def ids(result: SearchResult) -> list[str]:
    return [hit.nct_id for hit in result.hits]


def find(engine: SearchEngine, **request: object) -> SearchResult:
    return engine.search(SearchRequest(count_total=True, page_size=50, **request))  # type: ignore[arg-type]


def test_a_condition_search_ranks_the_condition_first(engine: SearchEngine) -> None:
    result = find(engine, queries={"cond": "heart failure"})
    assert ids(result)[0] == "NCT90000003"
    assert result.total == len(result.hits)


def test_a_synonym_finds_the_concept_and_ranks_below_exact_matches(engine: SearchEngine) -> None:
    result = find(engine, queries={"cond": "heart attack"})
    # Study 6 says "Heart Attack"; study 1 is indexed under Myocardial Infarction.
    assert ids(result)[:2] == ["NCT90000006", "NCT90000001"]
    assert [note.name for note in result.expansions] == ["Myocardial Infarction"]


def test_an_abbreviation_finds_its_concept(engine: SearchEngine) -> None:
    assert ids(find(engine, queries={"cond": "ACLF"})) == ["NCT90000002"]


def test_a_broader_condition_finds_narrower_ones(engine: SearchEngine) -> None:
    assert set(ids(find(engine, queries={"cond": "liver diseases"}))) == {"NCT90000002", "NCT90000004"}


def test_boolean_operators_and_phrases(engine: SearchEngine) -> None:
    assert ids(find(engine, queries={"term": "heart AND NOT failure"}))[0] in {"NCT90000001", "NCT90000006"}
    assert "NCT90000003" not in ids(find(engine, queries={"term": "heart AND NOT failure"}))
    assert set(ids(find(engine, queries={"term": 'insomnia OR "liver cancer"'}))) == {
        "NCT90000004",
        "NCT90000005",
    }


def test_area_and_piece_operators(engine: SearchEngine) -> None:
    assert ids(find(engine, advanced="AREA[LeadSponsorName]Acme")) == ["NCT90000004"]
    assert set(ids(find(engine, advanced="AREA[Phase]MISSING"))) == {"NCT90000004"}
    assert (
        ids(
            find(engine, advanced='AREA[LocationCountry]"United States" AND AREA[InterventionName]Ultrasound')
        )
        == []
    )


def test_date_ranges_respect_partial_dates(engine: SearchEngine) -> None:
    # Study 2 started "2022-06": it overlaps June 2022 although no day was given.
    june = set(ids(find(engine, advanced="AREA[StartDate]RANGE[2022-06-15, 2022-06-20]")))
    assert june == {"NCT90000002"}
    # Study 1 started in "2021": the whole year.
    assert set(ids(find(engine, advanced="AREA[StartDate]RANGE[2021-07, 2021-08]"))) == {"NCT90000001"}
    assert set(ids(find(engine, advanced="AREA[StartDate]RANGE[2023-01, MAX]"))) == {
        "NCT90000005",
        "NCT90000006",
    }
    assert set(ids(find(engine, advanced="AREA[StartDate]MISSING"))) == {"NCT90000004"}


def test_missing_ages_are_open_ended(engine: SearchEngine) -> None:
    # A 10-year-old: studies whose minimum age is at most 10 years (missing minimum = any age).
    young = set(ids(find(engine, advanced="AREA[MinimumAge]RANGE[MIN, 10 years]")))
    assert young == {"NCT90000003", "NCT90000004"}
    # Studies taking people of 70: maximum age at least 70 (missing maximum = no upper limit).
    old = set(ids(find(engine, advanced="AREA[MaximumAge]RANGE[70 years, MAX]")))
    assert "NCT90000003" not in old
    assert "NCT90000004" in old


def test_coverage(engine: SearchEngine) -> None:
    assert ids(find(engine, queries={"cond": 'COVERAGE[FullMatch]"heart failure"'})) == ["NCT90000003"]
    starts = set(ids(find(engine, advanced="COVERAGE[StartsWith]AREA[BriefTitle]liver")))
    assert starts == {"NCT90000004"}


def test_status_filter_and_facet_filters_do_not_change_ranking(engine: SearchEngine) -> None:
    everything = find(engine, queries={"cond": "heart"})
    recruiting = find(engine, queries={"cond": "heart"}, overall_status=("RECRUITING",))
    assert set(ids(recruiting)) <= set(ids(everything))
    assert all(hit.nct_id in {"NCT90000001", "NCT90000005"} for hit in recruiting.hits)
    scores = {hit.nct_id: hit.score for hit in everything.hits}
    assert all(hit.score == pytest.approx(scores[hit.nct_id]) for hit in recruiting.hits)
    phase = find(engine, agg_filters="phase:2 3")
    assert set(ids(phase)) == {"NCT90000001", "NCT90000002"}


def test_value_filters_match_the_same_studies_for_short_and_long_value_lists(engine: SearchEngine) -> None:
    """A few values are a union of term queries, many a term-set automaton (search/term_sets.py)."""
    statuses = ("COMPLETED", "TERMINATED")
    chosen = find(engine, overall_status=statuses)
    expected = {
        document["protocolSection"]["identificationModule"]["nctId"]
        for document in STUDIES
        if document["protocolSection"]["statusModule"]["overallStatus"] in statuses
    }
    assert set(ids(chosen)) == expected
    assert chosen.total == len(expected) > 1
    wanted = ["NCT90000002", "NCT90000004"]
    absent = [f"NCT8{number:07d}" for number in range(20)]  # 22 ids: past the short-list limit
    assert set(ids(find(engine, ids=tuple(wanted)))) == set(wanted)
    assert set(ids(find(engine, ids=tuple(wanted + absent)))) == set(wanted)
    assert ids(find(engine, ids=tuple(absent))) == []
    assert set(ids(find(engine, agg_filters="status:com ter"))) == expected


def test_facets_count_the_whole_result_and_keep_other_options_of_a_chosen_facet(engine: SearchEngine) -> None:
    result = find(engine, agg_filters="status:rec", facets=True)
    facets = {
        counts.facet.id: {value.code: value.count for value in counts.values}
        for counts in result.facets or []
    }
    assert facets["status"]["rec"] == 3
    assert facets["status"]["com"] == 1  # still shown although status:rec is chosen
    assert facets["funderType"] == {"other": 2, "industry": 1}  # the three recruiting studies
    assert result.total == 3


def test_only_the_facets_asked_for_are_counted(engine: SearchEngine) -> None:
    every = find(engine, agg_filters="status:rec", facets=True)
    some = find(engine, agg_filters="status:rec", facets=True, facet_ids=("funderType", "status"))
    assert [counts.facet.id for counts in some.facets or []] == ["status", "funderType"]
    assert [c for c in every.facets or [] if c.facet.id in ("status", "funderType")] == some.facets
    with pytest.raises(QueryError, match="unknown facet 'colour'"):
        find(engine, facets=True, facet_ids=("colour",))


def test_the_total_is_the_same_however_the_page_is_sorted_or_paged(engine: SearchEngine) -> None:
    for sort in ((), (SortKey("StartDate", SortOrder.DESC),), (SortKey("NCTId", SortOrder.ASC),)):
        first = engine.search(SearchRequest(sort=sort, page_size=2, count_total=True))
        assert first.total == 6
        assert first.next_page_token is not None
        second = engine.search(
            SearchRequest(sort=sort, page_size=2, count_total=True, page_token=first.next_page_token)
        )
        assert second.total == 6


def test_distance_filter_is_exact_and_reports_the_nearest_site(engine: SearchEngine) -> None:
    boston = "distance(42.3601,-71.0589,50mi)"
    result = find(engine, geo=boston)
    assert set(ids(result)) == {"NCT90000001", "NCT90000002", "NCT90000005"}  # Worcester is ~40 mi away
    nearest = {hit.nct_id: hit.nearest_site for hit in result.hits}
    assert nearest["NCT90000001"] is not None
    assert nearest["NCT90000001"].distance_mi == pytest.approx(0, abs=0.1)
    assert nearest["NCT90000002"] is not None
    assert 35 < nearest["NCT90000002"].distance_mi < 45
    assert set(ids(find(engine, geo="distance(42.3601,-71.0589,30mi)"))) == {"NCT90000001", "NCT90000005"}
    assert ids(find(engine, advanced="DISTANCE[42.3601,-71.0589,30mi] AND AREA[Condition]insomnia")) == [
        "NCT90000005"
    ]


@pytest.mark.parametrize(
    ("order", "expected"),
    [(SortOrder.ASC, [3, 1, 2, 6, 5, 4]), (SortOrder.DESC, [5, 6, 2, 1, 3, 4])],
)
def test_sorting_puts_missing_values_last_and_pages_without_skips(
    engine: SearchEngine, order: SortOrder, expected: list[int]
) -> None:
    request = {"sort": (SortKey("StartDate", order),), "page_size": 4}
    first = engine.search(SearchRequest(**request))  # type: ignore[arg-type]
    assert first.next_page_token is not None
    second = engine.search(SearchRequest(page_token=first.next_page_token, **request))  # type: ignore[arg-type]
    assert second.next_page_token is None
    assert ids(first) + ids(second) == [f"NCT9000000{n}" for n in expected]  # study 4 has no start date


def test_relevance_pages_never_repeat_a_study(engine: SearchEngine) -> None:
    seen: list[str] = []
    token = None
    while True:
        page = engine.search(
            SearchRequest(queries={"intr": "aspirin OR ultrasound"}, page_size=2, page_token=token)
        )
        seen += ids(page)
        token = page.next_page_token
        if token is None:
            break
    assert len(seen) == len(set(seen)) == 6


def test_a_query_of_nct_ids_alone_ignores_the_filters(engine: SearchEngine) -> None:
    result = find(engine, queries={"id": "NCT90000003, NCT90000004"}, overall_status=("RECRUITING",))
    assert set(ids(result)) == {"NCT90000003", "NCT90000004"}


def test_no_study_has_every_word_so_most_of_them_are_shown(engine: SearchEngine) -> None:
    result = find(engine, queries={"term": "app to help me sleep in the mountains"})
    assert result.relaxed
    assert ids(result)[0] == "NCT90000005"


def test_explanations_name_fields_synonyms_and_highlight_words(engine: SearchEngine) -> None:
    result = engine.search(SearchRequest(queries={"cond": "heart attack"}, explain=True))
    by_id = {hit.nct_id: hit for hit in result.hits}
    synonym_hit = by_id["NCT90000001"]
    assert [note.name for note in synonym_hit.expansions] == ["Myocardial Infarction"]
    pieces = [match.piece for match in synonym_hit.matches]
    assert "ConditionMeshTerm" in pieces
    exact = by_id["NCT90000006"]
    assert exact.expansions == ()
    title = next(match for match in exact.matches if match.piece == "BriefTitle")
    assert [segment.text for segment in title.snippet if segment.highlighted] == ["Heart", "Attack"]


@pytest.mark.parametrize(
    ("request_args", "message"),
    [
        ({"queries": {"cond": "(heart"}}, 'expected a closing ")" for the "(" at column 1'),
        (
            {"advanced": "AREA[BriefTitel]heart"},
            "unknown area or field 'BriefTitel'; did you mean BriefTitle?",
        ),
        ({"advanced": "RANGE[2020, MAX]"}, "RANGE needs a field to apply to"),
        ({"agg_filters": "status:open"}, "'open' is not an option of the status facet"),
        ({"geo": "distance(1,2)"}, ""),
        ({"page_token": "garbage"}, "the page token is not one this server made"),
        ({"sort": (SortKey("BriefTitle", SortOrder.ASC),)}, "'BriefTitle' cannot be sorted on"),
    ],
)
def test_bad_queries_say_what_and_where(
    engine: SearchEngine, request_args: dict[str, object], message: str
) -> None:
    with pytest.raises(QueryError) as caught:
        engine.search(SearchRequest(**request_args))  # type: ignore[arg-type]
    assert message in caught.value.describe()
    assert caught.value.parameter is not None


def test_search_location_needs_one_site_to_satisfy_every_condition(engine: SearchEngine) -> None:
    # Study 5 has a Boston site and a New York site, both in "Somewhere", "United States".
    both = 'SEARCH[Location](AREA[LocationFacility]"Site 0" AND AREA[LocationCountry]"United States")'
    assert "NCT90000005" in ids(find(engine, advanced=both))
    # "Site 1" exists only as study 5's second site: facility 1 with the country of any site is fine...
    second = 'SEARCH[Location](AREA[LocationFacility]"Site 1" AND AREA[LocationCity]Somewhere)'
    assert ids(find(engine, advanced=second)) == ["NCT90000005"]
    # ...but no single site is both "Site 1" and "Site 0".
    split = 'SEARCH[Location](AREA[LocationFacility]"Site 1" AND AREA[LocationFacility]"Site 0")'
    assert ids(find(engine, advanced=split)) == []
    # Without SEARCH[...] the same words may come from different sites.
    assert ids(
        find(engine, advanced='AREA[LocationFacility]"Site 1" AND AREA[LocationFacility]"Site 0"')
    ) == ["NCT90000005"]


def test_search_location_with_distance_checks_the_sites_status(engine: SearchEngine) -> None:
    near_boston = "DISTANCE[42.3601,-71.0589,50mi]"
    # No site carries a status in these studies: a recruiting site near Boston does not exist.
    assert (
        ids(find(engine, advanced=f"SEARCH[Location]({near_boston} AND AREA[LocationStatus]Recruiting)"))
        == []
    )
    assert set(ids(find(engine, advanced=f"SEARCH[Location]({near_boston})"))) == {
        "NCT90000001",
        "NCT90000002",
        "NCT90000005",
    }
    with pytest.raises(QueryError, match="'Open' is not a site status"):
        find(engine, advanced=f"SEARCH[Location]({near_boston} AND AREA[LocationStatus]Open)")
    with pytest.raises(QueryError, match="BriefTitle is not a location field"):
        find(engine, advanced="SEARCH[Location](AREA[BriefTitle]heart)")


def test_a_distance_search_follows_studies_written_after_it_ran(
    engine: SearchEngine, search_store: Store, tmp_path: Path
) -> None:
    boston = "distance(42.3601,-71.0589,30mi)"
    assert set(ids(find(engine, geo=boston))) == {"NCT90000001", "NCT90000005"}  # kept for this circle
    # A site just outside the circle, in a cell its edge crosses: only the exact check excludes it.
    circle = geo.Circle(42.3601, -71.0589, 30 * geo.KM_PER_MILE)
    edge = set(geo.cover(circle).edge)
    outside = next(
        (lat, -71.0589)
        for lat in (42.3601 + step / 100_000 for step in range(43_000, 44_500))
        if circle.distance_km(lat, -71.0589) > circle.radius_km and f"6:{encode(lat, -71.0589, 6)}" in edge
    )
    near = study(41, title="Cambridge sleep study", conditions=["Insomnia"], sites=[(42.3736, -71.1097)])
    beyond = study(42, title="Just beyond", conditions=["Insomnia"], sites=[outside])
    moved = study(
        5, title="Moved", conditions=["Insomnia"], sites=[(34.05, -118.24)], last_update="2024-09-01"
    )
    search_store.write_batch([prepare_study(document) for document in (near, beyond, moved)])
    IndexFollower(search_store, tmp_path).catch_up()
    assert set(ids(find(engine, geo=boston))) == {"NCT90000001", "NCT90000041"}
