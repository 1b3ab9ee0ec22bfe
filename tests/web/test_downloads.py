"""Downloads of a whole search over HTTP: CSV with the official columns, JSON v2 records."""

from __future__ import annotations

import csv
import io

import httpx

from tests.web.search_site import HOSTILE_TITLE, STUDIES, site_fixture  # noqa: F401  (the fixture)
from trialbase.export.csv_table import CSV_COLUMNS


def test_csv_download_has_every_matching_study_and_the_official_columns(site: httpx.Client) -> None:
    response = site.get("/search/download", params={"cond": "insomnia", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="trialbase-studies.csv"' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert sorted(row[0] for row in rows[1:]) == [f"NCT90000{number}" for number in range(201, 213)]


def test_chosen_fields_and_the_search_filters_apply(site: httpx.Client) -> None:
    response = site.get(
        "/search/download",
        params={
            "cond": "heart",
            "aggFilters": "status:rec",
            "format": "csv",
            "fields": "nct number,Study Title",
        },
    )
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    assert rows[0] == ["NCT Number", "Study Title"]
    assert sorted(rows[1:]) == [["NCT90000101", "Aspirin After Heart Attack"], ["NCT90000104", HOSTILE_TITLE]]


def test_json_download_streams_the_v2_records(site: httpx.Client) -> None:
    with site.stream("GET", "/search/download", params={"format": "json"}) as response:
        assert response.status_code == 200
        body = b"".join(response.iter_bytes())
    studies = httpx.Response(200, content=body).json()["studies"]
    assert len(studies) == len(STUDIES)
    by_id = {study["protocolSection"]["identificationModule"]["nctId"]: study for study in studies}
    assert by_id["NCT90000104"]["protocolSection"]["identificationModule"]["briefTitle"] == HOSTILE_TITLE
    chosen = site.get(
        "/search/download", params={"id": "NCT90000102", "format": "json", "fields": "Conditions,Phases"}
    )
    assert chosen.json() == {"studies": [{"Conditions": "Liver Failure", "Phases": "PHASE2"}]}


def test_bad_downloads_say_what_is_wrong(site: httpx.Client) -> None:
    wrong_format = site.get("/search/download", params={"format": "xlsx"})
    assert wrong_format.status_code == 400
    assert "xlsx" in wrong_format.text
    wrong_field = site.get("/search/download", params={"fields": "Shoe Size"})
    assert wrong_field.status_code == 400
    assert "Shoe Size" in wrong_field.text
    wrong_query = site.get("/search/download", params={"term": "heart AND ("})
    assert wrong_query.status_code == 400
    assert "query.term" in wrong_query.text
