"""``/api/ext/facets``: facet counts for any ``/api/v2/studies`` search.

The counts follow the usual rule of faceted search (``trialbase.search.facets``): every
parameter narrows them, except that a facet's own ``aggFilters`` selection does not narrow its
own counts, so a client can show how many studies each other option would give.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.api.extensions.parameters import integer
from trialbase.api.extensions.search_params import SEARCH_SET_PARAMETERS, query_error, search_request
from trialbase.search.engine import SearchResult
from trialbase.search.facets import MAX_BUCKETS
from trialbase.search.query_error import QueryError
from trialbase.services import Services

DEFAULT_FACET_SIZE = 20


def facets_json(result: SearchResult) -> dict[str, Any]:
    return {
        "totalCount": result.total,
        "facets": [
            {
                "name": counts.facet.id,
                "label": counts.facet.label,
                "selected": list(counts.selected),
                "values": [
                    {"code": value.code, "value": value.value, "count": value.count}
                    for value in counts.values
                ],
            }
            for counts in result.facets or []
        ],
    }


def routes(services: Services) -> list[BaseRoute]:
    def facets(request: Request) -> Response:
        params = request.query_params
        search = search_request(params, v2=SEARCH_SET_PARAMETERS, own=("facetSize",))
        size = integer(params, "facetSize", minimum=1, maximum=MAX_BUCKETS) or DEFAULT_FACET_SIZE
        search = replace(search, facets=True, facet_size=size, count_total=True, page_size=1)
        try:
            result = services.search.search(search)
        except QueryError as error:
            raise query_error(error) from None
        return JSONResponse(facets_json(result))

    return [Route("/api/ext/facets", facets, methods=["GET"])]
