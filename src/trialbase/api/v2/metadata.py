"""``/studies/metadata``, ``/studies/search-areas``, ``/studies/enums`` and ``/version``."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.api.v2.errors import ParameterError, bad_request
from trialbase.api.v2.strict_query import boolean, reject_unknown
from trialbase.search import data_model
from trialbase.services import Services
from trialbase.store import Store

API_VERSION = "2.0.5"  # the version of the ClinicalTrials.gov API this surface follows
METADATA_PARAMS = ("includeIndexedOnly", "includeHistoricOnly")


def routes(services: Services) -> list[BaseRoute]:
    store = services.store

    async def metadata(request: Request) -> Response:
        try:
            reject_unknown(request.query_params, METADATA_PARAMS)
            indexed_only = boolean(request.query_params, "includeIndexedOnly", default=False)
            historic_only = boolean(request.query_params, "includeHistoricOnly", default=False)
        except ParameterError as error:
            return bad_request(error)
        return JSONResponse(
            data_model.field_tree(include_indexed_only=indexed_only, include_historic_only=historic_only)
        )

    async def search_areas(request: Request) -> Response:
        try:
            reject_unknown(request.query_params, ())
        except ParameterError as error:
            return bad_request(error)
        return JSONResponse(data_model.search_areas())

    async def enums(request: Request) -> Response:
        try:
            reject_unknown(request.query_params, ())
        except ParameterError as error:
            return bad_request(error)
        return JSONResponse(data_model.enum_infos())

    async def version(request: Request) -> Response:
        try:
            reject_unknown(request.query_params, ())
        except ParameterError as error:
            return bad_request(error)
        body = {"apiVersion": API_VERSION}
        timestamp = data_timestamp(store)
        if timestamp is not None:
            body["dataTimestamp"] = timestamp
        return JSONResponse(body)

    return [
        Route("/api/v2/studies/metadata", metadata),
        Route("/api/v2/studies/search-areas", search_areas),
        Route("/api/v2/studies/enums", enums),
        Route("/api/v2/version", version),
    ]


def data_timestamp(store: Store) -> str | None:
    """When the newest change was recorded, in UTC as ``yyyy-MM-ddTHH:mm:ss`` (None for an empty store)."""
    last = store.last_seq()
    if last == 0:
        return None
    newest = store.changes(after_seq=last - 1, limit=1)
    return newest[0].recorded_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S") if newest else None
