"""``GET /api/v2/studies`` over HTTP: every parameter, paging, the JSON shape and the errors."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.v2.studies_corpus import BOSTON, corpus, nct_ids, served_corpus

ALL_IDS = sorted(study["protocolSection"]["identificationModule"]["nctId"] for study in corpus())


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with served_corpus(tmp_path_factory.mktemp("studies")) as (http, _services):
        yield http


def get(client: httpx.Client, **params: Any) -> httpx.Response:
    return client.get("/api/v2/studies", params=params)


def ok(client: httpx.Client, **params: Any) -> dict[str, Any]:
    response = get(client, **params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


def ids_of(body: dict[str, Any]) -> list[str]:
    return [study["protocolSection"]["identificationModule"]["nctId"] for study in body["studies"]]


def error(client: httpx.Client, **params: Any) -> str:
    response = get(client, **params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


# --- paging -----------------------------------------------------------------------------------


def test_the_first_page_has_ten_studies_a_token_and_no_total_unless_asked(client: httpx.Client) -> None:
    body = ok(client)
    assert list(body) == ["studies", "nextPageToken"]
    assert ids_of(body) == ALL_IDS[:10]


def test_count_total_is_on_the_first_page_only(client: httpx.Client) -> None:
    first = ok(client, pageSize=4, countTotal="true")
    assert list(first) == ["totalCount", "studies", "nextPageToken"]
    assert first["totalCount"] == len(ALL_IDS)
    second = ok(client, pageSize=4, countTotal="true", pageToken=first["nextPageToken"])
    assert "totalCount" not in second
    assert "totalCount" not in ok(client, countTotal="false")


def test_paging_visits_every_study_once_and_the_last_page_has_no_token(client: httpx.Client) -> None:
    seen: list[str] = []
    params: dict[str, Any] = {"pageSize": 3}
    while True:
        body = ok(client, **params)
        seen += ids_of(body)
        if "nextPageToken" not in body:
            break
        params["pageToken"] = body["nextPageToken"]
    assert seen == ALL_IDS


def test_page_size_zero_is_the_default_and_large_sizes_are_coerced(client: httpx.Client) -> None:
    assert len(ok(client, pageSize=0)["studies"]) == 10
    everything = ok(client, pageSize=5000)
    assert ids_of(everything) == ALL_IDS
    assert "nextPageToken" not in everything


@pytest.mark.parametrize("value", ["-1", "ten", "1.5", ""])
def test_a_bad_page_size_is_a_400(client: httpx.Client, value: str) -> None:
    assert "`pageSize`" in error(client, pageSize=value)


def test_a_foreign_page_token_is_a_400(client: httpx.Client) -> None:
    assert "page token" in error(client, pageToken="not-a-token")
    token = ok(client, pageSize=2)["nextPageToken"]
    assert "another sort" in error(client, pageToken=token, sort="EnrollmentCount")


# --- queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "text", "expected"),
    [
        ("query.cond", "hypertension", ["NCT90000003"]),
        ("query.term", "lisinopril", ["NCT90000003"]),
        ("query.locn", "Paris", ["NCT90000004"]),
        ("query.titles", "rehabilitation", ["NCT90000004"]),
        ("query.intr", "lisinopril", ["NCT90000003"]),
        ("query.outc", "systolic", ["NCT90000003"]),
        ("query.spons", "Acme", ["NCT90000003"]),
        ("query.lead", "Boston Heart Institute", ["NCT90000003"]),
        ("query.id", "NCT90000004", ["NCT90000004"]),
        ("query.patient", "hypertension", ["NCT90000003"]),
    ],
)
def test_each_query_parameter_searches_its_area(
    client: httpx.Client, param: str, text: str, expected: list[str]
) -> None:
    assert ids_of(ok(client, **{param: text})) == expected


def test_a_query_syntax_error_names_the_parameter_and_column(client: httpx.Client) -> None:
    message = error(client, **{"query.cond": "heart AND (attack"})
    assert "query.cond" in message
    assert "column" in message


def test_a_query_of_nct_ids_alone_ignores_the_filters(client: httpx.Client) -> None:
    body = ok(client, **{"query.term": "NCT90000004, NCT90000002", "filter.overallStatus": "WITHDRAWN"})
    assert sorted(ids_of(body)) == ["NCT90000002", "NCT90000004"]


# --- filters ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["COMPLETED,WITHDRAWN", "COMPLETED|WITHDRAWN", "completed, withdrawn"])
def test_status_filter_takes_commas_and_pipes(client: httpx.Client, value: str) -> None:
    assert ids_of(ok(client, **{"filter.overallStatus": value})) == ["NCT90000004", "NCT90000011"]


def test_a_bad_status_names_the_value_and_the_accepted_ones(client: httpx.Client) -> None:
    message = error(client, **{"filter.overallStatus": "RECRUITNG"})
    assert "`RECRUITNG` is not a status in `filter.overallStatus`" in message
    assert "did you mean `RECRUITING`" in message
    assert "`NOT_YET_RECRUITING`" in message


def test_filter_ids_and_post_filter_ids_must_both_hold(client: httpx.Client) -> None:
    assert ids_of(ok(client, **{"filter.ids": "NCT90000002|nct90000004"})) == ["NCT90000002", "NCT90000004"]
    both = ok(client, **{"filter.ids": "NCT90000002,NCT90000004", "postFilter.ids": "NCT90000004"})
    assert ids_of(both) == ["NCT90000004"]
    disjoint = ok(client, **{"filter.ids": "NCT90000002", "postFilter.ids": "NCT90000004"})
    assert disjoint["studies"] == []
    assert "`NCTX` in `filter.ids` is not an NCT number" in error(client, **{"filter.ids": "NCTX"})


def test_post_filter_status_narrows_like_a_filter(client: httpx.Client) -> None:
    body = ok(client, **{"query.cond": "heart attack", "postFilter.overallStatus": "COMPLETED"})
    assert ids_of(body) == ["NCT90000004"]


def test_filter_advanced_and_its_errors(client: httpx.Client) -> None:
    assert ids_of(ok(client, **{"filter.advanced": "AREA[Phase]PHASE3"})) == ["NCT90000002", "NCT90000003"]
    assert ids_of(ok(client, **{"postFilter.advanced": "AREA[EnrollmentCount]RANGE[200, MAX]"})) == [
        "NCT90000003"
    ]
    message = error(client, **{"filter.advanced": "AREA[Phase]PHASE3 AND ("})
    assert "filter.advanced" in message
    assert "column" in message
    assert "postFilter.advanced" in error(client, **{"postFilter.advanced": "AREA[NoSuchPiece]x"})


def test_filter_geo_keeps_studies_with_a_site_in_the_circle(client: httpx.Client) -> None:
    near_boston = f"distance({BOSTON[0]},{BOSTON[1]},50mi)"
    assert ids_of(ok(client, **{"filter.geo": near_boston})) == ["NCT90000003"]
    assert ids_of(ok(client, **{"postFilter.geo": "distance(48.85,2.35,20km)"})) == ["NCT90000004"]
    assert "filter.geo" in error(client, **{"filter.geo": "near(1,2)"})


def test_geo_decay_ranks_nearer_studies_first(client: httpx.Client) -> None:
    # Around Lyon, 1000 km: Lyon (NCT90000002) and Paris (NCT90000004, ~390 km) are both inside.
    params = {"filter.geo": "distance(45.75,4.85,1000km)", "sort": "@relevance", "fields": "NCTId"}
    assert ids_of(ok(client, **params)) == ["NCT90000002", "NCT90000004"]
    # Around a point just beside Paris, the order turns over.
    near_paris = {**params, "filter.geo": "distance(48.86,2.35,1000km)"}
    assert ids_of(ok(client, **near_paris, geoDecay="func:linear,scale:100km,offset:0km,decay:0.5")) == [
        "NCT90000004",
        "NCT90000002",
    ]


@pytest.mark.parametrize(
    "value", ["func:cubic,scale:1km,offset:0km,decay:0.5", "func:exp,scale:1,offset:0km,decay:0.5", "x"]
)
def test_a_bad_geo_decay_is_a_400(client: httpx.Client, value: str) -> None:
    assert "`geoDecay`" in error(client, geoDecay=value) or "geoDecay" in error(client, geoDecay=value)


def test_agg_filters_use_the_website_codes(client: httpx.Client) -> None:
    assert ids_of(ok(client, aggFilters="status:com")) == ["NCT90000004"]
    assert ids_of(ok(client, aggFilters="phase:3,funderType:nih")) == ["NCT90000003"]
    assert ids_of(ok(client, aggFilters="results:with")) == ["NCT90000003"]
    assert ids_of(ok(client, aggFilters="status:com rec|phase:na")) == ["NCT90000004"]
    assert "aggFilters" in error(client, aggFilters="status:nope")


def test_filter_synonyms_match_a_mesh_concept_in_an_area(client: httpx.Client) -> None:
    # NCT90000004 names "Heart Attack" (an entry term of D009203) only; the others the concept itself.
    body = ok(client, **{"filter.synonyms": "ConditionSearch:D009203"})
    assert ids_of(body) == ["NCT90000002", "NCT90000003", "NCT90000004"]
    assert ids_of(ok(client, **{"filter.synonyms": "TitleSearch:D009203", "filter.ids": "NCT90000004"})) == [
        "NCT90000004"
    ]
    combined = ok(
        client, **{"filter.synonyms": "ConditionSearch:D009203", "postFilter.overallStatus": "COMPLETED"}
    )
    assert ids_of(combined) == ["NCT90000004"]
    numeric = error(client, **{"filter.synonyms": "ConditionSearch:1651367"})
    assert "MeSH descriptor id" in numeric
    assert "internal" in numeric
    assert "did you mean ConditionSearch" in error(
        client, **{"postFilter.synonyms": "ConditionSerch:D009203"}
    )
    assert "area:descriptor" in error(client, **{"filter.synonyms": "D009203"})


# --- sorting ----------------------------------------------------------------------------------


def test_sort_by_a_number_and_a_date_with_their_default_directions(client: httpx.Client) -> None:
    by_enrollment = ok(client, sort="EnrollmentCount", pageSize=3)
    assert ids_of(by_enrollment) == ["NCT90000004", "NCT90000002", "NCT90000003"]  # ascending
    assert ids_of(ok(client, sort="EnrollmentCount:desc", pageSize=1)) == ["NCT90000003"]
    newest = ok(client, sort="LastUpdatePostDate", pageSize=3)  # dates: newest first
    assert ids_of(newest) == ["NCT90000003", "NCT90000002", "NCT90000004"]


def test_sort_by_the_number_of_arm_groups_as_in_the_specs_own_example(client: httpx.Client) -> None:
    assert ok(client, sort="EnrollmentCount:desc,NumArmGroups")["studies"]  # the spec's example

    def arm_groups(study: dict[str, Any]) -> float:
        groups = study["protocolSection"].get("armsInterventionsModule", {}).get("armGroups")
        return len(groups) if groups else math.inf  # none: last, like any missing value

    for order in ("asc", "desc"):
        counts = [arm_groups(study) for study in ok(client, sort=f"NumArmGroups:{order}")["studies"]]
        known = [count for count in counts if count != math.inf]
        assert known
        assert math.inf in counts
        assert counts[len(known) :] == [math.inf] * (len(counts) - len(known))
        assert known == sorted(known, reverse=order == "desc")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("BriefTitle", "cannot be sorted on"),
        ("NoSuchField", "is not a field name"),
        ("EnrollmentCount:up", "is not a sort item"),
        ("StartDate,EnrollmentCount,@relevance", "at most 2 items"),
        ("@relevance:asc", "most relevant first"),
    ],
)
def test_bad_sort_items_are_400s(client: httpx.Client, value: str, expected: str) -> None:
    assert expected in error(client, sort=value)


# --- fields and shape -------------------------------------------------------------------------


def test_studies_hold_spec_keys_only_in_document_order(client: httpx.Client) -> None:
    study = ok(client, **{"filter.ids": "NCT90000003"})["studies"][0]
    assert list(study) == ["protocolSection", "documentSection", "derivedSection", "hasResults"]
    assert "futureKey" not in study["protocolSection"]["identificationModule"]
    assert list(study["documentSection"]) == ["largeDocumentModule"]


def test_fields_by_piece_area_path_and_query(client: httpx.Client) -> None:
    by_piece = ok(client, fields="NCTId|OverallStatus", **{"filter.ids": "NCT90000004"})["studies"][0]
    assert by_piece == {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT90000004"},
            "statusModule": {"overallStatus": "COMPLETED"},
        }
    }
    by_path = ok(
        client, fields="protocolSection.designModule.phases,HasResults", **{"filter.ids": "NCT90000004"}
    )
    assert by_path["studies"] == [
        {"protocolSection": {"designModule": {"phases": ["NA"]}}, "hasResults": False}
    ]
    by_area = ok(client, fields="LocationSearch", **{"filter.ids": "NCT90000004"})["studies"][0]
    assert by_area["protocolSection"]["contactsLocationsModule"]["locations"] == [
        {"facility": "Hopital Test", "city": "Paris", "country": "France"}
    ]
    by_query = ok(client, fields="@query", **{"query.titles": "rehabilitation"})["studies"][0]
    assert set(by_query["protocolSection"]["identificationModule"]) == {
        "briefTitle",
        "officialTitle",
        "acronym",
    }


def test_an_unknown_field_is_a_400_with_a_suggestion(client: httpx.Client) -> None:
    message = error(client, fields="NCTId,BriefTitel")
    assert (
        "`BriefTitel` in `fields` is not a piece, field or area name; did you mean `BriefTitle`?" in message
    )
    assert "`fields` must be a non-empty list" in error(client, fields=",")
    assert "is not a field name" in error(client, fields="$bad")


def test_markup_format_legacy_turns_markdown_into_plain_text(client: httpx.Client) -> None:
    params = {"filter.ids": "NCT90000003", "fields": "BriefSummary"}
    markdown = ok(client, **params)["studies"][0]["protocolSection"]["descriptionModule"]["briefSummary"]
    legacy = ok(client, markupFormat="legacy", **params)["studies"][0]["protocolSection"]["descriptionModule"]
    assert markdown.startswith("Tests **lisinopril** for pressure \\< 140")
    assert (
        legacy["briefSummary"]
        == "Tests lisinopril for pressure < 140 & more.\n\n- first point\n- second point"
    )
    assert "`markupFormat` must be one of `markdown`, `legacy`" in error(client, markupFormat="html")


# --- strict parameters ------------------------------------------------------------------------


def test_an_unknown_parameter_is_named_with_a_hint(client: httpx.Client) -> None:
    message = error(client, **{"filter.phase": "PHASE2"})
    assert message.startswith("`filter.phase` is unknown parameter")
    assert "aggFilters=phase:2" in message
    assert "did you mean `filter.overallStatus`?" in error(client, **{"filter.overalStatus": "RECRUITING"})
    assert "did you mean `query.cond`?" in error(client, **{"query.con": "x"})


def test_a_repeated_parameter_is_a_400(client: httpx.Client) -> None:
    response = client.get("/api/v2/studies?query.cond=a&query.cond=b")
    assert response.status_code == 400
    assert "`query.cond` is given 2 times" in response.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"format": "xml"}, "`format` must be one of `json`, `csv`"),
        ({"format": "ris"}, "`format` must be one of"),
        ({"countTotal": "yes"}, "`countTotal` must be `true` or `false`"),
    ],
)
def test_bad_enum_values_are_400s(client: httpx.Client, params: dict[str, str], expected: str) -> None:
    assert expected in error(client, **params)


def test_nct_ids_listing_helper_matches_the_body(client: httpx.Client) -> None:
    response = get(client, pageSize=2)
    assert nct_ids(response) == ALL_IDS[:2]
