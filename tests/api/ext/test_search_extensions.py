"""``/api/ext/facets`` and ``/api/ext/explain``: the v2 search parameters, counted and explained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live_server import live_server
from tests.search.conftest import STUDIES, VOCABULARY
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study
from trialbase.store.vocabulary_store import VocabularyStore


@pytest.fixture
def client(store: Store, tmp_path: Path) -> Iterator[httpx.Client]:
    """Six made-up studies and a small MeSH vocabulary (Heart Attack -> Myocardial Infarction)."""
    store.write_batch([prepare_study(document) for document in STUDIES])
    VocabularyStore(store).replace(VOCABULARY, source="test", version="test-1")
    services = Services.open(store, tmp_path / "data", follow=False)
    try:
        with live_server(create_app(services)) as base_url, httpx.Client(base_url=base_url) as http:
            yield http
    finally:
        services.close()


def counts(body: dict[str, Any], facet: str) -> dict[str, int]:
    found = next(entry for entry in body["facets"] if entry["name"] == facet)
    return {value["code"]: value["count"] for value in found["values"]}


def test_facets_count_the_whole_collection(client: httpx.Client) -> None:
    response = client.get("/api/ext/facets")
    assert response.status_code == 200
    body = response.json()
    assert body["totalCount"] == 6
    assert counts(body, "status") == {"rec": 3, "com": 1, "ter": 1, "not": 1}
    assert counts(body, "phase") == {"na": 3, "2": 1, "3": 1}
    status = next(entry for entry in body["facets"] if entry["name"] == "status")
    assert status["label"] == "Recruitment status"
    assert {"code": "rec", "value": "RECRUITING", "count": 3} in status["values"]


def test_facets_follow_the_query_and_filters(client: httpx.Client) -> None:
    body = client.get("/api/ext/facets", params={"query.cond": "heart"}).json()
    assert body["totalCount"] == 3
    assert counts(body, "status") == {"rec": 1, "ter": 1, "not": 1}
    filtered = client.get(
        "/api/ext/facets", params={"query.cond": "heart", "filter.overallStatus": "RECRUITING|TERMINATED"}
    ).json()
    assert filtered["totalCount"] == 2
    advanced = client.get("/api/ext/facets", params={"filter.advanced": "AREA[Phase]NA"}).json()
    assert counts(advanced, "phase") == {"na": 3}


def test_a_facets_own_selection_does_not_narrow_its_own_counts(client: httpx.Client) -> None:
    body = client.get("/api/ext/facets", params={"aggFilters": "status:rec"}).json()
    assert body["totalCount"] == 3
    assert counts(body, "status") == {"rec": 3, "com": 1, "ter": 1, "not": 1}
    assert next(entry for entry in body["facets"] if entry["name"] == "status")["selected"] == ["rec"]
    assert counts(body, "phase") == {"na": 1, "3": 1}  # the other facets are narrowed


def test_facet_size_limits_open_facets_only(client: httpx.Client) -> None:
    everything = client.get("/api/ext/facets").json()
    assert len(counts(everything, "sponsor")) == 3
    body = client.get("/api/ext/facets", params={"facetSize": 1}).json()
    assert counts(body, "sponsor") == {"Trialbase Test Hospital": 4}
    assert len(counts(body, "condition")) == 1
    assert len(counts(body, "status")) == 4  # a facet with fixed options shows them all


def test_facets_refuse_what_they_cannot_use(client: httpx.Client) -> None:
    cases = {
        "pageSize=5": "unknown parameter `pageSize`",
        "format=csv": "unknown parameter `format`",
        "facetSize=0": "parameter `facetSize`: 0 is out of range (expected from 1 to 200)",
        "filter.overallStatus=OPEN": "OPEN",
        "query.cond=(heart": 'expected a closing ")" for the "(" at column 1, found the end of the query',
        "aggFilters=status:open": "'open' is not an option of the status facet",
        "filter.advanced=AREA[BriefTitel]x": "did you mean BriefTitle?",
    }
    for query, message in cases.items():
        response = client.get(f"/api/ext/facets?{query}")
        assert response.status_code == 400, query
        assert response.headers["content-type"].startswith("text/plain"), query
        assert message in response.text, (query, response.text)


def test_explain_names_fields_synonyms_and_highlights_words(client: httpx.Client) -> None:
    response = client.get("/api/ext/explain", params={"query.cond": "heart attack", "countTotal": "true"})
    assert response.status_code == 200
    body = response.json()
    by_id = {hit["nctId"]: hit for hit in body["hits"]}
    assert body["totalCount"] == len(body["hits"])
    synonym_hit = by_id["NCT90000001"]
    assert synonym_hit["briefTitle"] == "Aspirin After Heart Attack"
    assert [note["name"] for note in synonym_hit["expansions"]] == ["Myocardial Infarction"]
    assert synonym_hit["expansions"][0]["descriptorId"] == "D000009203"
    assert synonym_hit["expansions"][0]["via"] == "synonym"
    assert "ConditionMeshTerm" in [match["piece"] for match in synonym_hit["matches"]]
    exact = by_id["NCT90000006"]
    assert exact["expansions"] == []
    title = next(match for match in exact["matches"] if match["piece"] == "BriefTitle")
    assert title["snippet"] == [
        {"text": "Heart", "highlighted": True},
        {"text": " ", "highlighted": False},
        {"text": "Attack", "highlighted": True},
        {"text": " Rehabilitation at Home", "highlighted": False},
    ]
    assert {note["name"] for note in body["expansions"]} >= {"Myocardial Infarction"}
    assert body["relaxed"] is False


def test_explain_pages_like_the_study_list(client: httpx.Client) -> None:
    first = client.get("/api/ext/explain", params={"query.cond": "heart", "pageSize": 2}).json()
    assert len(first["hits"]) == 2
    second = client.get(
        "/api/ext/explain", params={"query.cond": "heart", "pageSize": 2, "pageToken": first["nextPageToken"]}
    ).json()
    assert {hit["nctId"] for hit in first["hits"]}.isdisjoint(hit["nctId"] for hit in second["hits"])
    assert "nextPageToken" not in second
    assert client.get("/api/ext/explain", params={"fields": "NCTId"}).status_code == 400
