"""``/api/ext/explain``: why each study of an ``/api/v2/studies`` page matched.

For each hit: the fields the searched words were found in, each with a snippet split into
segments marked ``highlighted`` or not (plain text: the client escapes and styles it), and the
MeSH concepts the query was expanded with that this study matched by (a synonym such as "heart
attack" for Myocardial Infarction). The page is the one ``/api/v2/studies`` gives for the same
parameters (``pageSize``, ``pageToken`` and ``sort`` included).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.api.extensions.search_params import (
    PAGE_PARAMETERS,
    SEARCH_SET_PARAMETERS,
    query_error,
    search_request,
)
from trialbase.search.compiler import ExpansionNote
from trialbase.search.engine import Hit, SearchResult
from trialbase.search.explain import FieldMatch
from trialbase.search.query_error import QueryError
from trialbase.services import Services
from trialbase.store import StudyListing


def expansion_json(note: ExpansionNote) -> dict[str, str]:
    """A concept the query was expanded with: the query text, the MeSH descriptor, and whether
    the text is the descriptor's own name (``preferred``) or one of its entry terms (``synonym``)."""
    return {"text": note.text, "descriptorId": note.descriptor_id, "name": note.name, "via": note.via}


def match_json(match: FieldMatch) -> dict[str, Any]:
    return {
        "piece": match.piece,
        "snippet": [{"text": segment.text, "highlighted": segment.highlighted} for segment in match.snippet],
    }


def hit_json(hit: Hit, listing: StudyListing | None) -> dict[str, Any]:
    return {
        "nctId": hit.nct_id,
        "briefTitle": listing.brief_title if listing else None,
        "score": hit.score,
        "matches": [match_json(match) for match in hit.matches],
        "expansions": [expansion_json(note) for note in hit.expansions],
    }


def explain_json(result: SearchResult, listings: dict[str, StudyListing]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hits": [hit_json(hit, listings.get(hit.nct_id)) for hit in result.hits],
        "expansions": [expansion_json(note) for note in result.expansions],
        "relaxed": result.relaxed,
    }
    if result.total is not None:
        body["totalCount"] = result.total
    if result.next_page_token is not None:
        body["nextPageToken"] = result.next_page_token
    return body


def routes(services: Services) -> list[BaseRoute]:
    def explain(request: Request) -> Response:
        search = search_request(request.query_params, v2=(*SEARCH_SET_PARAMETERS, *PAGE_PARAMETERS))
        try:
            result = services.search.search(replace(search, explain=True))
        except QueryError as error:
            raise query_error(error) from None
        listings = services.store.listings([hit.nct_id for hit in result.hits])
        return JSONResponse(explain_json(result, listings))

    return [Route("/api/ext/explain", explain, methods=["GET"])]
