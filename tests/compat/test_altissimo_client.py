"""altissimo-clinicaltrials, a client generated from the official spec, reads all nine endpoints.

Each call goes through the client's own typed method (which validates the answer with its
pydantic models) and, for the JSON answers, once more raw: the body must survive the model
round trip unchanged, so a key the spec does not know, a missing required field, a wrong type or
an unknown enum value in any response fails here. The corpus (``corpus.py``) has studies with
results, so the results models are exercised too.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import clinicaltrials as ct
import pytest
from clinicaltrials import models
from clinicaltrials.exceptions import BadRequestException, NotFoundException
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from tests.compat.conftest import CompatServer
from tests.compat.corpus import with_results

pytestmark = pytest.mark.slow

# /stats/field/values answers with the spec's `anyOf` of six models; the client tries them in
# order and keeps the first that validates, so a STRING answer may be read as EnumStats (which
# ignores `longest`). The round trip uses the model named by the answer's own `type`.
STATS_MODELS: dict[str, type[BaseModel]] = {
    "ENUM": models.EnumStats,
    "STRING": models.StringStats,
    "DATE": models.DateStats,
    "INTEGER": models.IntegerStats,
    "NUMBER": models.NumberStats,
    "BOOLEAN": models.BooleanStats,
}


@pytest.fixture(scope="module")
def api_client(compat_server: CompatServer) -> Iterator[ct.ApiClient]:
    with ct.ApiClient(ct.Configuration(host=compat_server.api_url)) as client:
        yield client


@pytest.fixture(scope="module")
def studies(api_client: ct.ApiClient) -> ct.StudiesApi:
    return ct.StudiesApi(api_client)


@pytest.fixture(scope="module")
def stats(api_client: ct.ApiClient) -> ct.StatsApi:
    return ct.StatsApi(api_client)


def differences(back: Any, sent: Any, path: str = "$") -> list[str]:
    """Where the model's rendering of a body differs from the body the server sent."""
    if isinstance(back, dict) and isinstance(sent, dict):
        found = [f"{path}.{key}: not in the model (unknown to the spec?)" for key in sent if key not in back]
        found += [f"{path}.{key}: added by the model" for key in back if key not in sent]
        for key in back.keys() & sent.keys():
            found += differences(back[key], sent[key], f"{path}.{key}")
        return found
    if isinstance(back, list) and isinstance(sent, list):
        if len(back) != len(sent):
            return [f"{path}: {len(sent)} items sent, {len(back)} read"]
        return [
            item
            for index, pair in enumerate(zip(back, sent, strict=True))
            for item in differences(*pair, f"{path}[{index}]")
        ]
    return [] if back == sent else [f"{path}: sent {sent!r}, read {back!r}"]


def round_trip(model: Any, body: Any) -> None:
    """``body`` (parsed JSON) validates as ``model`` and renders back to itself."""
    read = model.from_dict(body)
    assert read is not None
    problems = differences(to_jsonable_python(read.to_dict()), body)
    assert not problems, f"{model.__name__}: {problems[:20]}"


def raw_json(response: Any) -> Any:
    assert response.status == 200, (response.status, response.data[:500])
    assert response.headers["content-type"].startswith("application/json")
    return json.loads(response.data)


# --- /version, /studies/metadata, /studies/search-areas, /studies/enums ----------------------------


def test_version(api_client: ct.ApiClient) -> None:
    api = ct.VersionApi(api_client)
    version = api.version()
    assert version.api_version == "2.0.5"
    assert version.data_timestamp is not None
    round_trip(models.Version, raw_json(api.version_without_preload_content()))


@pytest.mark.parametrize(
    "options",
    [{}, {"include_indexed_only": True}, {"include_historic_only": True}],
    ids=["default", "indexed-only", "historic-only"],
)
def test_studies_metadata(studies: ct.StudiesApi, options: dict[str, bool]) -> None:
    nodes = studies.studies_metadata(**options)
    assert {node.name for node in nodes} >= {"protocolSection", "derivedSection", "hasResults"}
    for node in raw_json(studies.studies_metadata_without_preload_content(**options)):
        round_trip(models.FieldNode, node)


def test_search_areas(studies: ct.StudiesApi) -> None:
    documents = studies.search_areas()
    areas = {area.name for document in documents for area in document.areas}
    assert {"BasicSearch", "ConditionSearch", "InterventionSearch"} <= areas
    for document in raw_json(studies.search_areas_without_preload_content()):
        round_trip(models.SearchDocument, document)


def test_enums(studies: ct.StudiesApi) -> None:
    enums = studies.enums()
    by_type = {enum.type: enum for enum in enums}
    assert {value.value for value in by_type["Status"].values} >= {"RECRUITING", "COMPLETED"}
    for enum in raw_json(studies.enums_without_preload_content()):
        round_trip(models.EnumInfo, enum)


# --- /stats/size, /stats/field/values, /stats/field/sizes -----------------------------------------


def test_size_stats(stats: ct.StatsApi, compat_server: CompatServer) -> None:
    size = stats.size_stats()
    assert size.total_studies == len(compat_server.documents)
    round_trip(models.GzipStats, raw_json(stats.size_stats_without_preload_content()))


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"fields": ["Phase", "OverallStatus", "EnrollmentCount", "StartDate", "HasResults", "BriefTitle"]},
        {"types": ["ENUM", "BOOLEAN"]},
        {"fields": ["EnrollmentCount", "LeadSponsorName", "Phase"], "types": ["INTEGER", "STRING"]},
    ],
    ids=["every-field", "some-fields", "some-types", "fields-and-types"],
)
def test_field_values_stats(stats: ct.StatsApi, options: dict[str, list[str]]) -> None:
    read = stats.field_values_stats(**options)
    assert read
    body = raw_json(stats.field_values_stats_without_preload_content(**options))
    assert len(body) == len(read)
    for entry in body:
        models.FieldValuesStats.from_dict(entry)
        round_trip(STATS_MODELS[entry["type"]], entry)


@pytest.mark.parametrize(
    "options",
    [{}, {"fields": ["Condition", "Phase", "Location", "OutcomeMeasure"]}],
    ids=["every-list", "some-lists"],
)
def test_list_field_sizes_stats(stats: ct.StatsApi, options: dict[str, list[str]]) -> None:
    assert stats.list_field_sizes_stats(**options)
    for entry in raw_json(stats.list_field_sizes_stats_without_preload_content(**options)):
        round_trip(models.ListSizes, entry)


# --- /studies ---------------------------------------------------------------------------------------


def test_every_study_page_by_page(studies: ct.StudiesApi, compat_server: CompatServer) -> None:
    expected = {
        document["protocolSection"]["identificationModule"]["nctId"] for document in compat_server.documents
    }
    seen: list[str] = []
    token: str | None = None
    first = True
    while True:
        page = studies.list_studies(page_size=100, count_total=first, page_token=token)
        if first:
            assert page.total_count == len(expected)
        body = raw_json(
            studies.list_studies_without_preload_content(page_size=100, count_total=first, page_token=token)
        )
        round_trip(models.PagedStudies, body)
        seen += [study.protocol_section.identification_module.nct_id for study in page.studies]
        token, first = page.next_page_token, False
        if token is None:
            break
    assert sorted(seen) == sorted(expected)


@pytest.mark.parametrize(
    "options",
    [
        {"query_term": "Coronavirus COVID", "page_size": 50},
        {
            "query_cond": "COVID-19",
            "filter_overall_status": [models.Status.RECRUITING, models.Status.COMPLETED],
        },
        {"query_intr": "vaccine", "sort": ["LastUpdatePostDate:desc", "EnrollmentCount"]},
        {"filter_advanced": "AREA[HasResults]true", "markup_format": "legacy"},
        {
            "filter_geo": "distance(45.74846,4.84671,50mi)",
            "geo_decay": "func:exp,scale:100km,offset:10km,decay:0.5",
        },
        {"agg_filters": "results:with", "fields": ["NCTId", "BriefTitle", "ResultsSection"]},
        {"query_term": "AREA[Phase]PHASE3", "fields": ["ConditionsModule", "@query"], "sort": ["@relevance"]},
        {"filter_ids": ["NCT04822922", "NCT90009999"], "fields": ["IdentificationModule"]},
        {
            "query_spons": "synthetic",
            "post_filter_overall_status": [models.Status.COMPLETED],
            "page_size": 1000,
        },
    ],
    ids=[
        "term",
        "cond-status",
        "intr-sort",
        "results-legacy",
        "geo",
        "agg",
        "area-query",
        "ids-alias",
        "spons",
    ],
)
def test_study_searches(studies: ct.StudiesApi, options: dict[str, Any]) -> None:
    page = studies.list_studies(**options)
    assert page.studies, f"the corpus should have studies for {options}"
    round_trip(models.PagedStudies, raw_json(studies.list_studies_without_preload_content(**options)))


def test_results_studies_are_listed_with_their_results(
    studies: ct.StudiesApi, compat_server: CompatServer
) -> None:
    ids = with_results(compat_server.documents)
    assert len(ids) >= 5, "the corpus should hold studies with results"
    page = studies.list_studies(filter_ids=ids, page_size=1000)
    assert {study.protocol_section.identification_module.nct_id for study in page.studies} == set(ids)
    for study in page.studies:
        assert study.has_results
        assert study.results_section is not None
        assert study.results_section.outcome_measures_module is not None


def test_csv_pages(studies: ct.StudiesApi) -> None:
    # The client reads every /studies answer as PagedStudies, so a CSV page is read raw (as upstream's).
    options: dict[str, Any] = {"format": "csv", "query_term": "Coronavirus COVID", "page_size": 40}
    response = studies.list_studies_without_preload_content(**options, count_total=True)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    assert rows[0][:2] == ["NCT Number", "Study Title"]
    assert len(rows) == 41
    assert int(response.headers["x-total-count"]) >= 110
    following = studies.list_studies_without_preload_content(
        **options, page_token=response.headers["x-next-page-token"]
    )
    assert following.status == 200
    assert len(list(csv.reader(io.StringIO(following.data.decode())))) == 40  # no header after page one


# --- /studies/{nctId} -------------------------------------------------------------------------------


def test_every_study_one_by_one(studies: ct.StudiesApi, compat_server: CompatServer) -> None:
    for document in compat_server.documents:
        nct_id = document["protocolSection"]["identificationModule"]["nctId"]
        body = raw_json(studies.fetch_study_without_preload_content(nct_id))
        round_trip(models.Study, body)
        assert body["protocolSection"]["identificationModule"]["nctId"] == nct_id


def test_fetch_study_formats(studies: ct.StudiesApi) -> None:
    assert "NCT04822922" in studies.fetch_study("NCT04822922", format="csv")
    fhir = studies.fetch_study_with_http_info("NCT04822922", format="fhir.json")
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    legacy = raw_json(studies.fetch_study_without_preload_content("NCT04822922", markup_format="legacy"))
    round_trip(models.Study, legacy)
    picked = raw_json(studies.fetch_study_without_preload_content("NCT04822922", fields=["ConditionsModule"]))
    assert list(picked["protocolSection"]) == ["conditionsModule"]
    # The client decodes every body as text, so an archive is read raw (the same against upstream).
    archive = studies.fetch_study_without_preload_content("NCT04822922", format="json.zip")
    assert archive.status == 200
    with zipfile.ZipFile(io.BytesIO(archive.data)) as opened:
        (name,) = opened.namelist()
        round_trip(models.Study, json.loads(opened.read(name)))


def test_alias_redirects_to_the_study(studies: ct.StudiesApi) -> None:
    body = raw_json(studies.fetch_study_without_preload_content("NCT90009999"))
    assert body["protocolSection"]["identificationModule"]["nctId"] == "NCT90000002"
    round_trip(models.Study, body)


def test_errors_reach_the_client(studies: ct.StudiesApi, stats: ct.StatsApi) -> None:
    with pytest.raises(NotFoundException) as missing:
        studies.fetch_study("NCT00000001")
    assert missing.value.body == "Study NCT00000001 not found"
    with pytest.raises(BadRequestException) as bad:
        studies.list_studies(query_term="AREA[NoSuchArea]x")
    assert "NoSuchArea" in (bad.value.body or "")
    with pytest.raises(NotFoundException):
        stats.field_values_stats(fields=["NoSuchField"])
