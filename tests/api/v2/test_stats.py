"""``/stats/size``, ``/stats/field/values`` and ``/stats/field/sizes`` over HTTP, on made-up studies."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from tests.factories import full_study, minimal_study
from tests.live_server import live_server
from tests.shared_data import v2_documents
from trialbase.search.field_stats import LEAVES, FieldStats, scan
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study


def third_study() -> dict[str, Any]:
    """Like ``full_study`` but completed, phase 3 only, 30 healthy volunteers, three sites."""
    document = copy.deepcopy(full_study("NCT90000003"))
    protocol = document["protocolSection"]
    protocol["identificationModule"].pop("nctIdAliases")
    protocol["statusModule"]["overallStatus"] = "COMPLETED"
    protocol["statusModule"]["startDateStruct"] = {"date": "2019-11-05", "type": "ACTUAL"}
    protocol["designModule"]["phases"] = ["PHASE3"]
    protocol["designModule"]["enrollmentInfo"] = {"count": 30, "type": "ACTUAL"}
    protocol["eligibilityModule"]["healthyVolunteers"] = True
    protocol["contactsLocationsModule"]["locations"] = [
        {"facility": "Hôpital A", "city": "Lyon", "country": "France"},
        {"facility": "Hôpital B", "city": "Lyon", "country": "France"},
        {"facility": "Hôpital C", "city": "Paris", "country": "France"},
    ]
    return document


@pytest.fixture
def client(store: Store, services: Services) -> Iterator[httpx.Client]:
    store.write_batch(
        [prepare_study(minimal_study()), prepare_study(full_study()), prepare_study(third_study())]
    )
    with live_server(create_app(services)) as base_url, httpx.Client(base_url=base_url) as http:
        yield http


def values(client: httpx.Client, **params: str) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v2/stats/field/values", params=params)
    assert response.status_code == 200, response.text
    return {entry["piece"]: entry for entry in response.json()}


def test_size_stats_measure_the_json_each_study_is_served_as(client: httpx.Client) -> None:
    served = {
        nct_id: len(client.get(f"/api/v2/studies/{nct_id}").content)
        for nct_id in ("NCT90000001", "NCT90000002", "NCT90000003")
    }
    response = client.get("/api/v2/stats/size")
    assert response.status_code == 200
    body = response.json()
    assert body["totalStudies"] == 3
    assert body["averageSizeBytes"] == round(sum(served.values()) / 3)
    ranked = sorted(served.items(), key=lambda pair: -pair[1])
    assert body["largestStudies"] == [{"id": nct_id, "sizeBytes": size} for nct_id, size in ranked]
    assert body["percentiles"]["50"] == ranked[1][1]
    assert body["percentiles"]["5"] == ranked[2][1]
    assert body["percentiles"]["99"] == ranked[0][1]
    assert sum(item["studiesCount"] for item in body["ranges"]) == 3
    assert body["ranges"][0]["sizeRange"] == "0-1KB"
    assert body["ranges"][0]["studiesCount"] == sum(size < 1024 for size in served.values())


def test_enum_values_count_studies_not_occurrences(client: httpx.Client) -> None:
    stats = values(client, fields="OverallStatus,Phase")
    assert list(stats) == ["OverallStatus", "Phase"]
    assert stats["OverallStatus"] == {
        "type": "ENUM",
        "piece": "OverallStatus",
        "field": "protocolSection.statusModule.overallStatus",
        "missingStudiesCount": 0,
        "uniqueValuesCount": 2,
        "topValues": [{"value": "RECRUITING", "studiesCount": 2}, {"value": "COMPLETED", "studiesCount": 1}],
    }
    assert stats["Phase"]["missingStudiesCount"] == 1
    assert stats["Phase"]["topValues"] == [
        {"value": "PHASE3", "studiesCount": 2},
        {"value": "PHASE2", "studiesCount": 1},
    ]


def test_string_date_number_and_boolean_stats(client: httpx.Client) -> None:
    stats = values(client, fields="LocationCity|StartDate|EnrollmentCount|HealthyVolunteers")
    city = stats["LocationCity"]
    assert city["type"] == "STRING"
    assert city["topValues"] == [{"value": "Lyon", "studiesCount": 2}, {"value": "Paris", "studiesCount": 1}]
    assert city["uniqueValuesCount"] == 2
    assert city["missingStudiesCount"] == 1
    assert city["longest"] == {"length": 5, "nctId": "NCT90000003", "value": "Paris"}
    assert stats["StartDate"] == {
        "type": "DATE",
        "piece": "StartDate",
        "field": "protocolSection.statusModule.startDateStruct.date",
        "missingStudiesCount": 1,
        "formats": ["yyyy-MM-dd", "yyyy-MM"],
        "min": "2019-11-05",
        "max": "2023-03",
    }
    enrollment = stats["EnrollmentCount"]
    assert (enrollment["type"], enrollment["min"], enrollment["max"], enrollment["avg"]) == (
        "INTEGER",
        30,
        120,
        75,
    )
    assert enrollment["missingStudiesCount"] == 1
    healthy = stats["HealthyVolunteers"]
    assert (healthy["trueCount"], healthy["falseCount"], healthy["missingStudiesCount"]) == (1, 1, 1)


def test_fields_by_path_and_types_filter(client: httpx.Client) -> None:
    by_path = values(client, fields="protocolSection.designModule.phases")
    assert list(by_path) == ["Phase"]
    typed = values(client, types="ENUM|BOOLEAN")
    assert {entry["type"] for entry in typed.values()} == {"ENUM", "BOOLEAN"}
    assert {"OverallStatus", "HealthyVolunteers", "HasResults"} <= set(typed)
    assert len(values(client)) == len(LEAVES)
    assert values(client, fields="Phase,EnrollmentCount", types="integer") == {
        "EnrollmentCount": values(client, fields="EnrollmentCount")["EnrollmentCount"]
    }


def test_list_sizes(client: httpx.Client) -> None:
    response = client.get("/api/v2/stats/field/sizes", params={"fields": "Phase,Location"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "field": "protocolSection.designModule.phases",
            "piece": "Phase",
            "minSize": 1,
            "maxSize": 2,
            "uniqueSizesCount": 2,
            "topSizes": [{"size": 1, "studiesCount": 1}, {"size": 2, "studiesCount": 1}],
        },
        {
            "field": "protocolSection.contactsLocationsModule.locations",
            "piece": "Location",
            "minSize": 1,
            "maxSize": 3,
            "uniqueSizesCount": 2,
            "topSizes": [{"size": 1, "studiesCount": 1}, {"size": 3, "studiesCount": 1}],
        },
    ]
    every = client.get("/api/v2/stats/field/sizes").json()
    assert {"Phase", "Location", "ArmGroup", "Condition", "NCTIdAlias"} <= {entry["piece"] for entry in every}


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/v2/stats/field/values?fields=Nope", 404, "`Nope` is not a piece name or field path"),
        (
            "/api/v2/stats/field/values?fields=DesignModule",
            400,
            "`DesignModule` (protocolSection.designModule)",
        ),
        ("/api/v2/stats/field/values?fields=", 400, "`fields` must be a non-empty"),
        ("/api/v2/stats/field/values?fields=Phase,,Sex", 400, "`fields` has an empty item"),
        ("/api/v2/stats/field/values?fields=9lives", 400, "invalid field name: `9lives`"),
        (
            "/api/v2/stats/field/values?types=ENUM|TEXT",
            400,
            "`types` has an unknown type `TEXT`; accepted: ENUM",
        ),
        ("/api/v2/stats/field/values?field=Phase", 400, "`field` is unknown parameter"),
        ("/api/v2/stats/field/sizes?fields=BriefTitle", 400, "is not a list field"),
        ("/api/v2/stats/field/sizes?types=ENUM", 400, "`types` is unknown parameter"),
        ("/api/v2/stats/size?fields=Phase", 400, "`fields` is unknown parameter"),
    ],
)
def test_bad_parameters(client: httpx.Client, path: str, status: int, message: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/plain")
    assert message in response.text


def test_stats_follow_the_change_log(client: httpx.Client, store: Store) -> None:
    assert client.get("/api/v2/stats/size").json()["totalStudies"] == 3
    store.write_batch([prepare_study(minimal_study("NCT90000004", overallStatus="WITHDRAWN"))])
    assert client.get("/api/v2/stats/size").json()["totalStudies"] == 4
    status = values(client, fields="OverallStatus")["OverallStatus"]
    assert {"value": "WITHDRAWN", "studiesCount": 1} in status["topValues"]


def test_a_scan_is_reused_until_the_store_changes(store: Store) -> None:
    stats = FieldStats(store)
    empty = stats.snapshot()
    assert empty.size["totalStudies"] == 0
    assert empty.size["ranges"] == []
    assert stats.snapshot() is empty
    store.write_batch([prepare_study(full_study())])
    again = stats.snapshot()
    assert again is not empty
    assert again.seq == store.last_seq()
    assert again.size["totalStudies"] == 1


@pytest.mark.shared_data
def test_the_real_studies_add_up() -> None:
    documents = list(v2_documents())
    snapshot = scan(
        (doc["protocolSection"]["identificationModule"]["nctId"], doc, len(orjson.dumps(doc)))
        for doc in documents
    )
    total = len(documents)
    assert snapshot.size["totalStudies"] == total
    by_piece = {entry["piece"]: entry for entry in snapshot.values}
    status = by_piece["OverallStatus"]
    expected = Counter(
        doc["protocolSection"].get("statusModule", {}).get("overallStatus") for doc in documents
    )
    missing = expected.pop(None, 0)
    assert status["missingStudiesCount"] == missing
    assert {item["value"]: item["studiesCount"] for item in status["topValues"]} == expected
    with_results = sum(bool(doc.get("hasResults")) for doc in documents)
    assert by_piece["HasResults"]["trueCount"] == with_results
    for entry in snapshot.values:
        assert 0 <= entry["missingStudiesCount"] <= total, entry["piece"]
        for item in entry.get("topValues", []):
            assert 1 <= item["studiesCount"] <= total - entry["missingStudiesCount"], entry["piece"]
    for entry in snapshot.list_sizes:
        assert sum(item["studiesCount"] for item in entry["topSizes"]) >= 1, entry["piece"]
