"""``/studies/metadata``, ``/studies/search-areas``, ``/studies/enums`` and ``/version`` over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import msgspec.inspect as mi
import pytest
import yaml

from tests.factories import full_study, minimal_study
from tests.live_server import live_server
from tests.shared_data import shared_path
from trialbase.domain.model import Study
from trialbase.index.pieces import PIECES
from trialbase.search.data_model import prune_fields
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study


@pytest.fixture
def client(services: Services) -> Iterator[httpx.Client]:
    with live_server(create_app(services)) as base_url, httpx.Client(base_url=base_url) as http:
        yield http


def _pieces(nodes: list[dict[str, Any]]) -> list[str]:
    return [name for node in nodes for name in (node["piece"], *_pieces(node.get("children", [])))]


@pytest.mark.shared_data
def test_metadata_is_the_published_field_tree(client: httpx.Client) -> None:
    published = json.loads(shared_path("spec/studies-metadata.json").read_text())
    response = client.get("/api/v2/studies/metadata")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert _pieces(response.json()) == _pieces(published)  # same pieces, same order, same nesting
    assert json.dumps(response.json()) == json.dumps(published)  # and every attribute


def test_metadata_flags_are_read_strictly(client: httpx.Client) -> None:
    default = client.get("/api/v2/studies/metadata").json()
    assert len(_pieces(default)) == len(PIECES)
    both = client.get("/api/v2/studies/metadata?includeIndexedOnly=true&includeHistoricOnly=TRUE")
    assert both.status_code == 200
    assert client.get("/api/v2/studies/metadata?includeIndexedOnly=false").json() == default
    bad = client.get("/api/v2/studies/metadata?includeIndexedOnly=yes")
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("text/plain")
    assert bad.text == "`includeIndexedOnly` must be `true` or `false`, not `yes`"
    twice = client.get("/api/v2/studies/metadata?includeHistoricOnly=true&includeHistoricOnly=false")
    assert twice.status_code == 400
    assert "`includeHistoricOnly` is given 2 times" in twice.text


@pytest.mark.parametrize(
    "path",
    ["/api/v2/studies/metadata", "/api/v2/studies/search-areas", "/api/v2/studies/enums", "/api/v2/version"],
)
def test_unknown_parameters_are_rejected_like_upstream(client: httpx.Client, path: str) -> None:
    response = client.get(path, params={"format": "csv"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "`format` is unknown parameter"


def test_indexed_and_historic_only_fields_are_left_out_unless_asked() -> None:
    tree = [
        {
            "name": "a",
            "piece": "A",
            "children": [
                {"name": "b", "piece": "B"},
                {"name": "c", "piece": "C", "indexedOnly": True},
                {"name": "d", "piece": "D", "historicOnly": True, "children": [{"name": "e", "piece": "E"}]},
            ],
        }
    ]
    assert _pieces(prune_fields(tree, include_indexed_only=False, include_historic_only=False)) == ["A", "B"]
    assert _pieces(prune_fields(tree, include_indexed_only=True, include_historic_only=False)) == [
        "A",
        "B",
        "C",
    ]
    assert _pieces(prune_fields(tree, include_indexed_only=False, include_historic_only=True)) == [
        "A",
        "B",
        "D",
        "E",
    ]
    assert len(tree[0]["children"]) == 3  # the input is left alone


def _resolve(info: mi.Type) -> mi.Type:
    while True:
        if isinstance(info, mi.UnionType):
            info = next(item for item in info.types if not isinstance(item, mi.NoneType))
        elif isinstance(info, mi.Metadata):
            info = info.type
        else:
            return info


def _model_paths(info: mi.Type, prefix: str = "") -> Iterator[tuple[str, mi.Type]]:
    """Every field of the typed model as (dotted v2 path, type), parents first."""
    info = _resolve(info)
    if isinstance(info, mi.ListType):
        info = _resolve(info.item_type)
    if isinstance(info, mi.StructType):
        for field in info.fields:
            path = f"{prefix}.{field.encode_name}" if prefix else field.encode_name
            yield path, _resolve(field.type)
            yield from _model_paths(field.type, path)


# Fields of the typed model that the published field tree does not list: the parts of a GeoPoint
# (a leaf there) and a count the OpenAPI document has but the field tree leaves out.
NOT_PIECES = {
    "protocolSection.contactsLocationsModule.locations.geoPoint.lat",
    "protocolSection.contactsLocationsModule.locations.geoPoint.lon",
    "resultsSection.participantFlowModule.periods.dropWithdraws.reasons.numUnits",
}


def test_the_field_tree_describes_the_typed_model() -> None:
    """Every piece is a field of the generated ``Study`` model and every field a piece, with the
    same list-ness and enum type: the metadata is the model's own description."""
    model = dict(_model_paths(mi.type_info(Study)))
    assert set(model) - NOT_PIECES == {item.path for item in PIECES.values()}
    for item in PIECES.values():
        info = model[item.path]
        assert isinstance(info, mi.ListType) == item.is_list, item.name
        if item.is_list:
            info = _resolve(info.item_type)
        if item.is_enum:
            assert isinstance(info, mi.EnumType), item.name
            assert info.cls.__name__ == item.enum_type, item.name
        else:
            assert not isinstance(info, mi.EnumType), item.name


@pytest.mark.shared_data
def test_search_areas_are_the_published_areas(client: httpx.Client) -> None:
    published = json.loads(shared_path("spec/search-areas.json").read_text())
    body = client.get("/api/v2/studies/search-areas").json()
    assert [area["name"] for area in body[0]["areas"]] == [area["name"] for area in published[0]["areas"]]
    assert body == published


@pytest.mark.shared_data
def test_enums_are_the_spec_enums_with_their_pieces(client: httpx.Client) -> None:
    spec = yaml.safe_load(shared_path("spec/ctg-oas-v2.yaml").read_text())
    spec_enums = {
        name: schema["enum"] for name, schema in spec["components"]["schemas"].items() if "enum" in schema
    }
    spec_enums.pop("FieldStatsType")  # the stats API's own type, not a field of the data model
    response = client.get("/api/v2/studies/enums")
    assert response.status_code == 200
    body = response.json()
    assert {info["type"] for info in body} == set(spec_enums)
    for info in body:
        assert [value["value"] for value in info["values"]] == spec_enums[info["type"]], info["type"]
        assert all(value["legacyValue"] for value in info["values"])
    by_type = {info["type"]: info for info in body}
    published = json.loads(shared_path("spec/studies-metadata.json").read_text())
    enum_pieces: dict[str, list[str]] = {}

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            if node.get("isEnum"):
                enum_pieces.setdefault(node["type"].removesuffix("[]"), []).append(node["piece"])
            walk(node.get("children", []))

    walk(published)
    assert {name: info["pieces"] for name, info in by_type.items()} == enum_pieces


def test_enum_values_carry_legacy_spellings_and_exceptions(client: httpx.Client) -> None:
    by_type = {info["type"]: info for info in client.get("/api/v2/studies/enums").json()}
    status = {value["value"]: value for value in by_type["Status"]["values"]}
    assert status["NOT_YET_RECRUITING"] == {
        "value": "NOT_YET_RECRUITING",
        "legacyValue": "Not yet recruiting",
    }
    assert by_type["Phase"]["pieces"] == ["Phase"]
    estimated = {value["value"]: value for value in by_type["DateType"]["values"]}["ESTIMATED"]
    assert estimated["legacyValue"] == "Anticipated"
    assert estimated["exceptions"]["StudyFirstPostDateType"] == "Estimate"
    assert "StartDateType" not in estimated["exceptions"]
    enrollment = {value["value"]: value for value in by_type["EnrollmentType"]["values"]}["ESTIMATED"]
    assert "exceptions" not in enrollment


def test_version_gives_the_api_version_and_the_newest_change(
    client: httpx.Client, store: Store, services: Services
) -> None:
    empty = client.get("/api/v2/version")
    assert empty.status_code == 200
    assert empty.json() == {"apiVersion": "2.0.5"}
    store.write_batch([prepare_study(minimal_study("NCT90000001"))])
    store.write_batch([prepare_study(full_study())])
    newest = store.changes()[-1].recorded_at
    body = client.get("/api/v2/version").json()
    assert body == {"apiVersion": "2.0.5", "dataTimestamp": newest.strftime("%Y-%m-%dT%H:%M:%S")}
    assert body["dataTimestamp"] > store.changes()[0].recorded_at.strftime("%Y-%m-%dT%H:%M:%S")
