"""Filters, facets, distance, sorting and paging on the real studies, checked by brute force.

Each test computes the expected answer straight from the documents and compares it with what
the engine returns.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pytest

from tests.shared_data import v2_documents
from trialbase.search.engine import SearchEngine
from trialbase.search.request import SearchRequest, SortKey, SortOrder

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, Any]]:
    return {d["protocolSection"]["identificationModule"]["nctId"]: d for d in v2_documents()}


def every_hit(engine: SearchEngine, **request: Any) -> list[str]:
    found: list[str] = []
    token = None
    while True:
        page = engine.search(SearchRequest(page_size=100, page_token=token, **request))
        found += [hit.nct_id for hit in page.hits]
        token = page.next_page_token
        if token is None:
            return found


def module(document: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = document["protocolSection"].get(name, {})
    return found


def status(document: dict[str, Any]) -> str | None:
    return module(document, "statusModule").get("overallStatus")


def test_status_filter_and_facets_match_a_count_of_the_documents(
    real_engine: SearchEngine, documents: dict[str, dict[str, Any]]
) -> None:
    expected = Counter(status(d) for d in documents.values() if status(d))
    result = real_engine.search(SearchRequest(facets=True, count_total=True))
    assert result.total == len(documents)
    facets = {counts.facet.id: {v.value: v.count for v in counts.values} for counts in result.facets or []}
    assert facets["status"] == dict(expected)
    recruiting = set(every_hit(real_engine, overall_status=("RECRUITING",)))
    assert recruiting == {nct for nct, d in documents.items() if status(d) == "RECRUITING"}
    phases = Counter(
        p for d in documents.values() for p in d["protocolSection"].get("designModule", {}).get("phases", [])
    )
    assert facets["phase"] == dict(phases)
    # Phases, age groups and documents are counted from each study's values as one (``_set``).
    ages = Counter(a for d in documents.values() for a in module(d, "eligibilityModule").get("stdAges", []))
    assert facets["ages"] == dict(ages)
    docs: Counter[str] = Counter()
    for document in documents.values():
        large = (document.get("documentSection") or {}).get("largeDocumentModule", {}).get("largeDocs", [])
        for code, flag in (("prot", "hasProtocol"), ("sap", "hasSap"), ("icf", "hasIcf")):
            docs[code] += any(item.get(flag) is True for item in large)
    assert facets["docs"] == {code: count for code, count in docs.items() if count}


def test_distance_search_matches_a_haversine_over_every_site(
    real_engine: SearchEngine, documents: dict[str, dict[str, Any]]
) -> None:
    lat, lon, miles = 41.8781, -87.6298, 60  # Chicago

    def within(document: dict[str, Any]) -> bool:
        for site in module(document, "contactsLocationsModule").get("locations", []):
            point = site.get("geoPoint")
            if point and _miles(lat, lon, point["lat"], point["lon"]) <= miles:
                return True
        return False

    expected = {nct for nct, d in documents.items() if within(d)}
    assert expected
    assert set(every_hit(real_engine, geo=f"distance({lat},{lon},{miles}mi)")) == expected


def test_sorting_by_last_update_matches_the_documents_and_pages_cover_everything(
    real_engine: SearchEngine, documents: dict[str, dict[str, Any]]
) -> None:
    order = every_hit(real_engine, sort=(SortKey("LastUpdatePostDate", SortOrder.DESC),))
    assert len(order) == len(set(order)) == len(documents)
    dates = [
        module(documents[nct], "statusModule").get("lastUpdatePostDateStruct", {}).get("date", "")
        for nct in order
    ]
    present = [date for date in dates if date]
    assert present == sorted(present, reverse=True)
    assert all(not date for date in dates[len(present) :])  # missing dates come last


def test_a_date_range_matches_partial_dates_by_overlap(
    real_engine: SearchEngine, documents: dict[str, dict[str, Any]]
) -> None:
    def started_in_2020(document: dict[str, Any]) -> bool:
        date = module(document, "statusModule").get("startDateStruct", {}).get("date", "")
        return date.startswith("2020")

    expected = {nct for nct, d in documents.items() if started_in_2020(d)}
    assert set(every_hit(real_engine, advanced="AREA[StartDate]RANGE[2020-01-01, 2020-12-31]")) == expected


def _miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a)) / 1.609344


def distinct(values: list[Any]) -> list[str]:
    return list(dict.fromkeys(str(value) for value in values if value != ""))


def conditions(document: dict[str, Any]) -> list[str]:
    meshes = (document.get("derivedSection") or {}).get("conditionBrowseModule", {}).get("meshes", [])
    return distinct(
        [m.get("term", "") for m in meshes] or module(document, "conditionsModule").get("conditions", [])
    )


def interventions(document: dict[str, Any]) -> list[str]:
    meshes = (document.get("derivedSection") or {}).get("interventionBrowseModule", {}).get("meshes", [])
    named = [i.get("name", "") for i in module(document, "armsInterventionsModule").get("interventions", [])]
    return distinct([m.get("term", "") for m in meshes] or named)


def countries(document: dict[str, Any]) -> list[str]:
    return distinct(
        [s.get("country", "") for s in module(document, "contactsLocationsModule").get("locations", [])]
    )


def sponsor(document: dict[str, Any]) -> list[str]:
    return distinct([module(document, "sponsorCollaboratorsModule").get("leadSponsor", {}).get("name", "")])


@pytest.mark.parametrize("query", [{}, {"cond": "cancer"}, {"term": "pain"}])
@pytest.mark.parametrize("size", [5, 10, 40])
def test_open_ended_facets_give_the_top_values_with_their_exact_counts(
    real_engine: SearchEngine, documents: dict[str, dict[str, Any]], query: dict[str, str], size: int
) -> None:
    """The values shown are the most frequent ones among the matches, counted exactly. Tantivy
    keeps only each segment's top values unless asked for all, and a value cut from one
    segment's list came out one or two short here (run after run, as segments differ)."""
    matches = set(every_hit(real_engine, queries=query)) if query else set(documents)
    result = real_engine.search(SearchRequest(queries=query, facets=True, facet_size=size))
    facets = {counts.facet.id: counts.values for counts in result.facets or []}
    for facet_id, values_of in (
        ("condition", conditions),
        ("intervention", interventions),
        ("country", countries),
        ("sponsor", sponsor),
    ):
        expected = Counter(value for nct in matches for value in values_of(documents[nct]))
        got = [(value.value, value.count) for value in facets[facet_id]]
        assert len(got) == min(size, len(expected)), facet_id
        assert all(expected[value] == count for value, count in got), facet_id
        assert [count for _, count in got] == sorted(expected.values(), reverse=True)[:size], facet_id
