"""``/stats/size``, ``/stats/field/values`` and ``/stats/field/sizes``.

The numbers come from ``search.field_stats.FieldStats``: one scan of every current study, kept
until the change log moves on. The scan blocks, so it runs in a worker thread.
"""

from __future__ import annotations

import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.api.v2.errors import ParameterError, bad_request
from trialbase.api.v2.strict_query import items, reject_unknown
from trialbase.search.field_stats import FieldStats, FieldStatsType, NotApplicable, UnknownField
from trialbase.services import Services

_FIELD_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9\-. ]*")  # the spec's pattern for a `fields` item


def routes(services: Services) -> list[BaseRoute]:
    stats = FieldStats(services.store)

    async def size(request: Request) -> Response:
        try:
            reject_unknown(request.query_params, ())
        except ParameterError as error:
            return bad_request(error)
        return JSONResponse(await run_in_threadpool(stats.size))

    async def field_values(request: Request) -> Response:
        try:
            reject_unknown(request.query_params, ("fields", "types"))
            fields = _fields(request)
            types = _types(request)
        except ParameterError as error:
            return bad_request(error)
        try:
            body = await run_in_threadpool(stats.field_values, fields, types)
        except UnknownField as error:
            return PlainTextResponse(str(error), status_code=404)
        except NotApplicable as error:
            return PlainTextResponse(str(error), status_code=400)
        return JSONResponse(body)

    async def field_sizes(request: Request) -> Response:
        try:
            reject_unknown(request.query_params, ("fields",))
            fields = _fields(request)
        except ParameterError as error:
            return bad_request(error)
        try:
            body = await run_in_threadpool(stats.list_sizes, fields)
        except UnknownField as error:
            return PlainTextResponse(str(error), status_code=404)
        except NotApplicable as error:
            return PlainTextResponse(str(error), status_code=400)
        return JSONResponse(body)

    return [
        Route("/api/v2/stats/size", size),
        Route("/api/v2/stats/field/values", field_values),
        Route("/api/v2/stats/field/sizes", field_sizes),
    ]


def _fields(request: Request) -> tuple[str, ...] | None:
    fields = items(request.query_params, "fields", reject_empty_items=True)
    for name in fields or ():
        if not _FIELD_NAME.fullmatch(name):
            raise ParameterError(f"Parameter `fields` contains invalid field name: `{name}`")
    return fields


def _types(request: Request) -> list[FieldStatsType] | None:
    names = items(request.query_params, "types", reject_empty_items=True)
    if names is None:
        return None
    accepted = ", ".join(kind.value for kind in FieldStatsType)
    types = []
    for name in names:
        try:
            types.append(FieldStatsType(name.upper()))
        except ValueError:
            raise ParameterError(f"`types` has an unknown type `{name}`; accepted: {accepted}") from None
    return types
