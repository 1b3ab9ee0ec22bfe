"""The search page, downloads and feeds over the real ClinicalTrials.gov studies in ../shared."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import httpx
import pytest

from tests.live_server import live_server
from tests.shared_data import v2_documents
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    data_dir = tmp_path_factory.mktemp("real-web")
    store = Store.open(f"sqlite:///{data_dir / 'trialbase.sqlite'}")
    store.write_batch([prepare_study(document) for document in v2_documents()])
    services = Services.open(store, Path(data_dir), follow=False)
    try:
        with (
            live_server(create_app(services)) as base_url,
            httpx.Client(base_url=base_url, timeout=60) as http,
        ):
            yield http
    finally:
        services.close()
        store.close()


def total(page: str) -> int:
    match = re.search(r'class="results-count"[^>]*>([\d,]+) stud', page)
    assert match is not None
    return int(match.group(1).replace(",", ""))


def test_a_facet_count_is_the_total_after_clicking_it(real_site: httpx.Client) -> None:
    page = real_site.get("/search", params={"cond": "cancer"}).text
    found = total(page)
    assert found > 20
    match = re.search(
        r'href="(/search\?cond=cancer&amp;aggFilters=status%3Arec)"[^>]*>.*?facet-link__count">([\d,]+)<',
        page,
        re.S,
    )
    assert match is not None
    narrowed = real_site.get(match.group(1).replace("&amp;", "&")).text
    assert total(narrowed) == int(match.group(2).replace(",", "")) < found


def test_the_csv_download_has_as_many_rows_as_the_page_counts(real_site: httpx.Client) -> None:
    params = {"cond": "diabetes", "aggFilters": "studyType:int"}
    found = total(real_site.get("/search", params=params).text)
    rows = list(
        csv.reader(io.StringIO(real_site.get("/search/download", params={**params, "format": "csv"}).text))
    )
    assert len(rows) - 1 == found > 0


def test_a_place_search_finds_studies_with_a_nearby_site(real_site: httpx.Client) -> None:
    page = real_site.get("/search", params={"locStr": "Boston, MA", "distance": "25"}).text
    assert total(page) > 0
    distances = [float(value) for value in re.findall(r"<strong>([\d.]+) mi</strong>", page)]
    assert distances
    assert all(distance <= 25 for distance in distances)


def test_the_feed_of_the_real_studies_is_valid_xml(real_site: httpx.Client) -> None:
    response = real_site.get("/api/rss", params={"cond": "cancer", "count": "200"})
    items = ET.fromstring(response.content).findall("channel/item")
    assert len(items) == 200 or len(items) == total(real_site.get("/search", params={"cond": "cancer"}).text)
