"""The search benchmark's peers answer sanely, on 300 real studies, checked against brute force.

Each peer (SQLite FTS5 always; PostgreSQL when reachable, required with
``TRIALBASE_REQUIRE_POSTGRES=1``) loads the first 300 studies of the shared v2 sample; the checks
count by hand over the same documents. Timings are never asserted: the benchmark prints those.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from bench.peers import FACETS, PAGE_SIZE
from bench.peers.postgres_fts import PostgresFts
from bench.peers.sqlite_fts5 import SqliteFts5
from bench.search_bench import Engine
from bench.search_queries import Generator, Vocabulary
from sqlalchemy.engine import make_url

from tests.shared_data import v2_documents

pytestmark = pytest.mark.shared_data

STUDIES = 300
Study = dict[str, Any]


@pytest.fixture(scope="module")
def studies() -> list[Study]:
    return list(islice(v2_documents(), STUDIES))


@pytest.fixture(scope="module")
def sqlite_peer(studies: list[Study], tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteFts5]:
    location = str(tmp_path_factory.mktemp("peer") / "peer.sqlite")
    report = SqliteFts5.build(studies, location)
    assert report["studies"] == STUDIES
    peer = SqliteFts5.open(location)
    yield peer
    peer.close()
    SqliteFts5.drop(location)
    assert not Path(location).exists()


@pytest.fixture(scope="module")
def postgres_peer(studies: list[Study], postgres_server_url: str) -> Iterator[PostgresFts]:
    """A database of its own beside the session's scratch one (the fixture skips or fails as configured)."""
    url = make_url(postgres_server_url)
    location = url.set(database=f"trialbase_peer_test_{uuid.uuid4().hex[:8]}").render_as_string(
        hide_password=False
    )
    try:
        report = PostgresFts.build(studies, location)
        assert report["studies"] == STUDIES
        peer = PostgresFts.open(location)
        yield peer
        peer.close()
    finally:
        PostgresFts.drop(location)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def peer(request: pytest.FixtureRequest) -> Engine:
    found: Engine = request.getfixturevalue(f"{request.param}_peer")
    return found


# -- brute force over the documents ---------------------------------------------------------------


def _protocol(study: Study) -> dict[str, Any]:
    protocol: dict[str, Any] = study.get("protocolSection", {})
    return protocol


def _nct(study: Study) -> str:
    return str(_protocol(study)["identificationModule"]["nctId"])


def _condition_area(study: Study) -> str:
    """Titles, conditions, keywords and condition MeSH terms: what query.cond searches."""
    protocol = _protocol(study)
    ident = protocol["identificationModule"]
    conditions = protocol.get("conditionsModule", {})
    meshes = study.get("derivedSection", {}).get("conditionBrowseModule", {}).get("meshes", [])
    parts = [ident.get("briefTitle", ""), ident.get("officialTitle", ""), ident.get("acronym", "")]
    parts += conditions.get("conditions", []) + conditions.get("keywords", []) + [m["term"] for m in meshes]
    return " ; ".join(parts)


def _has_leukemia(study: Study) -> bool:
    return re.search(r"\bleukemias?\b", _condition_area(study), re.IGNORECASE) is not None


def _status(study: Study) -> str | None:
    return _protocol(study).get("statusModule", {}).get("overallStatus")


def _phases(study: Study) -> set[str]:
    return set(_protocol(study).get("designModule", {}).get("phases", []))


def _start(study: Study) -> dt.date | None:
    text = _protocol(study).get("statusModule", {}).get("startDateStruct", {}).get("date")
    return dt.date.fromisoformat(text if len(text) == 10 else f"{text}-01") if text else None


def _enrollment(study: Study) -> int:
    return int(_protocol(study).get("designModule", {}).get("enrollmentInfo", {}).get("count", -1))


def _miles(latitude: float, longitude: float, site: dict[str, Any]) -> float:
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = math.radians(site["geoPoint"]["lat"]), math.radians(site["geoPoint"]["lon"])
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(a))


def _nearest_site(study: Study, latitude: float, longitude: float) -> float:
    sites = _protocol(study).get("contactsLocationsModule", {}).get("locations", [])
    return min((_miles(latitude, longitude, s) for s in sites if "geoPoint" in s), default=math.inf)


BRUTE_FORCE: dict[str, tuple[dict[str, str], Callable[[Study], bool]]] = {
    "condition": ({"query.cond": "leukemia"}, _has_leukemia),
    "condition and status": (
        {"query.cond": "leukemia", "aggFilters": "status:rec"},
        lambda s: _has_leukemia(s) and _status(s) == "RECRUITING",
    ),
    "overallStatus": (
        {"filter.overallStatus": "RECRUITING|NOT_YET_RECRUITING"},
        lambda s: _status(s) in {"RECRUITING", "NOT_YET_RECRUITING"},
    ),
    "phases": ({"aggFilters": "phase:2 3"}, lambda s: bool(_phases(s) & {"PHASE2", "PHASE3"})),
    "results and type": (
        {"aggFilters": "results:with,studyType:int"},
        lambda s: (
            bool(s.get("hasResults"))
            and _protocol(s).get("designModule", {}).get("studyType") == "INTERVENTIONAL"
        ),
    ),
    "start date": (
        {"filter.advanced": "AREA[StartDate]RANGE[2015-01-01,MAX]"},
        lambda s: (_start(s) or dt.date.min) >= dt.date(2015, 1, 1),
    ),
    "enrollment": (
        {"filter.advanced": "AREA[EnrollmentCount]RANGE[100,MAX]"},
        lambda s: _enrollment(s) >= 100,
    ),
}


# -- the checks ----------------------------------------------------------------------------------------


def test_a_condition_query_returns_studies_with_that_condition(peer: Engine, studies: list[Study]) -> None:
    hits, total, _ = peer.search({"query.cond": "leukemia"})
    by_id = {_nct(s): s for s in studies}
    assert 0 < len(hits) == min(total, PAGE_SIZE)
    assert len(set(hits)) == len(hits)
    assert [nct for nct in hits if not _has_leukemia(by_id[nct])] == []


@pytest.mark.parametrize("case", list(BRUTE_FORCE))
def test_totals_equal_a_brute_force_count(peer: Engine, studies: list[Study], case: str) -> None:
    params, matches = BRUTE_FORCE[case]
    expected = {_nct(s) for s in studies if matches(s)}
    hits, total, _ = peer.search(params)
    assert expected, f"the sample should have studies for {case}"
    assert total == len(expected)
    assert set(hits) <= expected


@pytest.mark.parametrize("case", list(BRUTE_FORCE))
def test_facets_add_up(peer: Engine, studies: list[Study], case: str) -> None:
    params, matches = BRUTE_FORCE[case]
    matching = [s for s in studies if matches(s)]
    _, total, facets = peer.search(params)
    assert set(facets) == set(FACETS)
    statuses = Counter(_status(s) for s in matching if _status(s))
    assert dict(facets["status"]) == dict(statuses)
    assert sum(n for _, n in facets["status"]) == sum(1 for s in matching if _status(s)) <= total
    types = Counter(_protocol(s).get("designModule", {}).get("studyType") for s in matching)
    assert dict(facets["studyType"]) == {k: n for k, n in types.items() if k}
    assert sum(n for _, n in facets["funderType"]) <= total
    phases = Counter(phase for s in matching for phase in _phases(s))
    assert dict(facets["phase"]) == dict(phases)
    conditions = facets["condition"]
    assert len(conditions) <= 10
    assert [n for _, n in conditions] == sorted((n for _, n in conditions), reverse=True)
    assert all(0 < n <= total for _, n in conditions)


def test_geo_finds_the_studies_with_a_site_within_the_radius(peer: Engine, studies: list[Study]) -> None:
    latitude, longitude, radius = 40.7128, -74.0060, 100.0  # New York, 100 miles
    hits, total, _ = peer.search({"filter.geo": f"distance({latitude},{longitude},{radius:g}mi)"})
    distances = {_nct(s): _nearest_site(s, latitude, longitude) for s in studies}
    surely_in = sum(d <= radius * 0.995 for d in distances.values())
    maybe_in = sum(d <= radius * 1.005 for d in distances.values())  # the earth's radius differs a little
    assert 0 < surely_in <= total <= maybe_in
    assert all(distances[nct] <= radius * 1.005 for nct in hits)


def test_not_removes_what_it_names(peer: Engine) -> None:
    _, everything, _ = peer.search({"query.term": "leukemia"})
    _, both, _ = peer.search({"query.term": "leukemia AND acute"})
    _, without, _ = peer.search({"query.term": "leukemia AND NOT acute"})
    assert 0 < both < everything
    assert without == everything - both


def test_sort_orders_the_page_by_the_field(peer: Engine, studies: list[Study]) -> None:
    hits, total, _ = peer.search({"query.cond": "erectile dysfunction", "sort": "StartDate:desc"})
    starts = {_nct(s): _start(s) or dt.date.min for s in studies}
    assert total > PAGE_SIZE
    assert [starts[nct] for nct in hits] == sorted((starts[nct] for nct in hits), reverse=True)
    assert starts[hits[0]] == max(
        starts[_nct(s)] for s in studies if re.search("erectile", _condition_area(s), re.I)
    )


def test_every_query_of_a_generated_mix_is_answered(peer: Engine, studies: list[Study]) -> None:
    queries = Generator(Vocabulary(studies)).generate()
    assert len(queries) >= 200
    for query in queries:
        hits, total, facets = peer.search(query["params"])
        assert len(hits) == min(total, PAGE_SIZE), query
        assert set(facets) == set(FACETS), query
