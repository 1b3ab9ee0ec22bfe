"""Trialbase's OpenAPI document (``/api/openapi.json``) and its rendered reference (``/api/docs``).

The document is upstream's ClinicalTrials.gov API v2 contract (``openapi_v2.json``, generated
from the official spec by ``tools/gen_openapi.py``, paths under ``/v2``) with the extensions'
paths and schemas (``openapi_extensions``) and the registry's submission API
(``openapi_submission``) merged in, served from ``/api``. The answers every
operation may give on this server (rate limit, size and time limits) are added to each one.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase import __version__
from trialbase.api import openapi_extensions, openapi_submission
from trialbase.api.openapi_reference import reference
from trialbase.services import Services
from trialbase.web.rendering import render

V2_DOCUMENT = Path(__file__).resolve().parent / "openapi_v2.json"
SERVER_URL = "/api"


@cache
def upstream_document() -> dict[str, Any]:
    """The ClinicalTrials.gov API v2 document as generated (paths under ``/v2``)."""
    document = json.loads(V2_DOCUMENT.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


@cache
def _document() -> dict[str, Any]:
    upstream = upstream_document()
    document = copy.deepcopy(upstream)
    upstream_info = upstream["info"]
    document["info"] = {
        "title": "Trialbase data API",
        "version": __version__,
        "description": (
            "The ClinicalTrials.gov-compatible data API (`/api/v2`, the contract of "
            f"{upstream_info['title']} {upstream_info['version']}, paths unchanged under `/v2`) and "
            "Trialbase's own extensions (`/api/ext`), and the registry's submission API "
            "(`/api/registry`) for sponsors' systems with an API token."
        ),
    }
    document["servers"] = [{"url": SERVER_URL, "description": "This server"}]
    document["tags"] = [*document.get("tags", []), *openapi_extensions.TAGS, *openapi_submission.TAGS]
    list_parameters = upstream["paths"]["/v2/studies"]["get"]["parameters"]
    document["paths"].update(openapi_extensions.paths(list_parameters))
    document["paths"].update(openapi_submission.paths())
    document["components"]["schemas"].update(openapi_extensions.SCHEMAS)
    document["components"]["schemas"].update(openapi_submission.SCHEMAS)
    document["components"].setdefault("securitySchemes", {}).update(openapi_submission.SECURITY_SCHEMES)
    for item in document["paths"].values():
        for operation in item.values():
            for status, response in openapi_extensions.PROTECTION_RESPONSES.items():
                operation["responses"].setdefault(status, response)
    return document


def document() -> dict[str, Any]:
    """The whole OpenAPI document (a fresh copy: callers may change it)."""
    return copy.deepcopy(_document())


def routes(services: Services) -> list[BaseRoute]:
    def openapi_json(request: Request) -> Response:
        return JSONResponse(_document())

    def docs(request: Request) -> Response:
        return render(request, "api_reference.html", api=reference(_document()))

    return [
        Route("/api/openapi.json", openapi_json, methods=["GET"]),
        Route("/api/docs", docs, methods=["GET"]),
    ]
