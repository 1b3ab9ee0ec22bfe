"""``/api/openapi.json`` (upstream's v2 contract plus our extensions) and the ``/api/docs`` page."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.routing import Route
from tools.gen_openapi import OUTPUT, generated

from tests.factories import changed, full_study
from tests.live_server import live_server
from tests.shared_data import shared_path
from trialbase.api.openapi import document, upstream_document
from trialbase.api.openapi_extensions import PROTECTION_RESPONSES
from trialbase.api.openapi_reference import reference
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study
from trialbase.web.rendering import environment


@pytest.fixture
def http(store: Store, services: Services) -> Iterator[httpx.Client]:
    first = full_study()
    store.write_batch([prepare_study(first)])
    store.write_batch([prepare_study(changed(first, last_update="2024-09-01"))])
    with live_server(create_app(services)) as base_url, httpx.Client(base_url=base_url) as client:
        yield client


def test_the_document_is_served_as_json(http: httpx.Client) -> None:
    response = http.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == document()
    assert body["openapi"] == "3.0.3"
    assert body["servers"] == [{"url": "/api", "description": "This server"}]
    assert body["info"]["title"] == "Trialbase data API"
    assert "ClinicalTrials.gov REST API 2.0.5" in body["info"]["description"]


def test_the_v2_part_is_upstreams_contract_unchanged() -> None:
    upstream = upstream_document()
    ours = document()
    for path, item in upstream["paths"].items():
        for method, operation in item.items():
            published = copy.deepcopy(ours["paths"][path][method])
            for status in PROTECTION_RESPONSES:
                if status not in operation["responses"]:
                    del published["responses"][status]
            assert published == operation, (method, path)
    for name, schema in upstream["components"]["schemas"].items():
        assert ours["components"]["schemas"][name] == schema, name


def test_every_extension_route_is_documented_and_nothing_else(services: Services) -> None:
    app = create_app(services)
    served = {
        re.sub(r"\{(\w+)\}", lambda m: "{nctId}" if m.group(1) == "nct_id" else m.group(0), route.path)
        for route in app.routes
        if isinstance(route, Route) and route.path.startswith("/api/ext/")
    }
    documented = {f"/api{path}" for path in document()["paths"] if path.startswith("/ext/")}
    assert served == documented
    assert served  # the extensions are there at all


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_reference_resolves() -> None:
    published = document()
    schemas = published["components"]["schemas"]
    refs = set(_refs(published))
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in schemas, ref


def _conforms(value: Any, schema: dict[str, Any], schemas: dict[str, Any], path: str = "$") -> list[str]:
    """Where ``value`` breaks the parts of ``schema`` our extension schemas use."""
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    if value is None:
        return [] if schema.get("nullable") or not schema.get("type") else [f"{path}: null"]
    kind = schema.get("type")
    problems: list[str] = []
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        declared = schema.get("properties", {})
        problems += [f"{path}.{name}: undeclared" for name in value if name not in declared]
        problems += [f"{path}.{name}: missing" for name in schema.get("required", []) if name not in value]
        for name, item in value.items():
            if name in declared:
                problems += _conforms(item, declared[name], schemas, f"{path}.{name}")
    elif kind == "array":
        if not isinstance(value, list):
            return [f"{path}: not an array"]
        for index, item in enumerate(value):
            problems += _conforms(item, schema["items"], schemas, f"{path}[{index}]")
    elif kind in ("integer", "number", "string", "boolean"):
        python = {"integer": int, "number": (int, float), "string": str, "boolean": bool}[kind]
        if not isinstance(value, python) or (kind != "boolean" and isinstance(value, bool)):
            problems.append(f"{path}: not a {kind}")
        if "enum" in schema and value not in schema["enum"]:
            problems.append(f"{path}: {value!r} not in the enum")
    return problems


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/ext/facets?query.cond=aspirin", "/ext/facets"),
        ("/api/ext/explain?query.cond=aspirin&countTotal=true", "/ext/explain"),
        ("/api/ext/studies/NCT90000002/history", "/ext/studies/{nctId}/history"),
        ("/api/ext/studies/NCT90000002/diff", "/ext/studies/{nctId}/diff"),
        ("/api/ext/changes?pageSize=1", "/ext/changes"),
    ],
)
def test_extension_answers_match_their_documented_schemas(http: httpx.Client, url: str, path: str) -> None:
    published = document()
    schema = published["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    response = http.get(url)
    assert response.status_code == 200
    assert _conforms(response.json(), schema, published["components"]["schemas"]) == []


def test_the_reference_page_lists_every_operation_without_outside_resources(http: httpx.Client) -> None:
    response = http.get("/api/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    for item in document()["paths"].values():
        for operation in item.values():
            assert f'id="op-{operation["operationId"]}"' in page
    assert "<code>/api/v2/studies</code>" in page
    assert "<code>/api/ext/studies/{nctId}/diff</code>" in page
    assert 'id="schema-FacetsResponse"' in page
    assert '<a href="https://clinicaltrials.gov/find-studies/constructing-complex-search-queries">' in page
    for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", page):
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag), tag
    assert http.get("/static/api_reference.css").status_code == 200


def test_the_reference_escapes_what_the_document_says() -> None:
    hostile = {
        "openapi": "3.0.3",
        "info": {
            "title": "<b>T</b>",
            "version": "1",
            "description": "[x](javascript:alert(1)) `<i>` **<u>**",
        },
        "servers": [{"url": "/api"}],
        "paths": {
            "/x": {
                "get": {
                    "operationId": "x",
                    "summary": "<script>alert(1)</script>",
                    "parameters": [
                        {"name": "<p>", "in": "query", "schema": {"type": "string", "enum": ["<e>"]}}
                    ],
                    "responses": {"200": {"description": "[ok](/fine)"}},
                }
            }
        },
        "components": {"schemas": {}},
    }
    scope = {"type": "http", "method": "GET", "path": "/api/docs", "headers": [], "query_string": b""}
    page = environment.get_template("api_reference.html").render(
        request=Request(scope), api=reference(hostile)
    )
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page
    assert "<code>&lt;i&gt;</code>" in page
    assert "<strong>&lt;u&gt;</strong>" in page
    assert "<code>&lt;p&gt;</code>" in page
    assert "<code>&lt;e&gt;</code>" in page
    assert '<a href="/fine">ok</a>' in page


@pytest.mark.shared_data
def test_the_committed_v2_document_is_generated_from_the_official_spec() -> None:
    spec = shared_path("spec/ctg-oas-v2.yaml")
    assert OUTPUT.read_text(encoding="utf-8") == generated(spec), "run python -m tools.gen_openapi"
    assert json.loads(OUTPUT.read_text(encoding="utf-8"))["info"]["version"] == "2.0.5"


def test_every_submission_api_route_is_documented_and_nothing_else(services: Services) -> None:
    app = create_app(services)
    names = {"record_id": "{recordId}"}
    served = {
        (
            method.lower(),
            re.sub(
                r"\{(\w+)(?::\w+)?\}", lambda m: names.get(m.group(1), "{" + m.group(1) + "}"), route.path
            ),
        )
        for route in app.routes
        if isinstance(route, Route) and route.path.startswith("/api/registry/")
        for method in route.methods or ()
        if method != "HEAD"
    }
    published = document()
    documented = {
        (method, f"/api{path}")
        for path, item in published["paths"].items()
        if path.startswith("/registry/")
        for method in item
    }
    assert served == documented
    assert served
    for path, item in published["paths"].items():
        if path.startswith("/registry/"):
            for operation in item.values():
                assert operation["security"] == [{"registryToken": []}]
                assert "401" in operation["responses"]
    assert published["components"]["securitySchemes"]["registryToken"]["scheme"] == "bearer"
