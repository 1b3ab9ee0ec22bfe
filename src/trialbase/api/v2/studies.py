"""``/studies`` and ``/studies/{nctId}``: the study list (search) and one study.

Handlers stay thin: parameters are read by ``params``, the search runs in the search service,
the page's documents come from the store in one query and ``study_formats`` renders them. Any
``ParameterError`` or ``QueryError`` is a ``text/plain`` 400; nothing the client sends is a 500.
The handlers are plain functions: Starlette runs them in its thread pool, so a search or a store
read never blocks the event loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from trialbase.api.v2 import study_formats
from trialbase.api.v2.errors import ParameterError, bad_request, not_found
from trialbase.api.v2.params import Format, MarkupFormat, StudiesQuery, parse_studies, parse_study
from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.search.query_error import QueryError
from trialbase.services import Services
from trialbase.store import codec

TOTAL_COUNT_HEADER = "x-total-count"
NEXT_PAGE_TOKEN_HEADER = "x-next-page-token"


def routes(services: Services) -> list[BaseRoute]:
    store = services.store

    def list_studies(request: Request) -> Response:
        try:
            query = parse_studies(request.query_params)
            return _page(query)
        except ParameterError as error:
            return bad_request(error)
        except QueryError as error:
            return bad_request(ParameterError.from_query_error(error))

    def _page(query: StudiesQuery) -> Response:
        first_page = query.search.page_token is None
        if query.format is Format.CSV:
            columns = study_formats.csv_columns(query.fields)
        else:
            shape = study_formats.json_shape(query.fields, query.markup, queried_areas=query.queried_areas)
        search = replace(query.search, count_total=query.search.count_total and first_page)
        result = services.search.search(search)
        ids = [hit.nct_id for hit in result.hits]
        if query.format is Format.JSON:
            stored = store.current_json_many(ids)
            body = study_formats.page_json(
                (stored[nct_id] for nct_id in ids if nct_id in stored),
                shape,
                total=result.total,
                next_page_token=result.next_page_token,
            )
            return Response(body, media_type=study_formats.JSON)
        found = store.current_many(ids)
        documents = [found[nct_id] for nct_id in ids if nct_id in found]
        headers = {}
        if result.total is not None:
            headers[TOTAL_COUNT_HEADER] = str(result.total)
        if result.next_page_token is not None:
            headers[NEXT_PAGE_TOKEN_HEADER] = result.next_page_token
        lines: Iterator[str] = study_formats.csv_lines(documents, columns, header=first_page)
        return StreamingResponse(lines, media_type=study_formats.CSV, headers=headers)

    def study(request: Request) -> Response:
        text = request.path_params["nct_id"]
        if not text:  # ``/studies/``: the list, as a trailing slash always led there
            return RedirectResponse(str(request.url.replace(path="/api/v2/studies")), status_code=307)
        try:
            nct_id = parse_nct_id(text)
        except InvalidNctId:
            return PlainTextResponse(
                f"`{text}` is not a valid NCT number (expected e.g. NCT04822922)", status_code=400
            )
        try:
            options = parse_study(request.query_params)
            return _study(request, text, nct_id, options.format, options.fields, options.markup)
        except ParameterError as error:
            return bad_request(error)

    def _study(
        request: Request,
        text: str,
        nct_id: str,
        output: Format,
        fields: tuple[str, ...] | None,
        markup: MarkupFormat,
    ) -> Response:
        # Read the parameters fully before the store, so a bad request is a 400 for any id.
        shape = study_formats.json_shape(fields, markup) if output in (Format.JSON, Format.JSON_ZIP) else None
        columns = study_formats.csv_columns(fields) if output is Format.CSV else ()
        stored = store.current_json_many([nct_id]).get(nct_id)
        if stored is None:
            canonical = store.resolve_alias(nct_id)
            if canonical is not None:
                target = request.url.replace(path=request.url.path.replace(text, canonical))
                return RedirectResponse(str(target), status_code=301)
            return not_found(f"Study {nct_id} not found")
        if output is Format.JSON:
            assert shape is not None
            return Response(study_formats.study_json(stored, shape), media_type=study_formats.JSON)
        if output is Format.JSON_ZIP:
            assert shape is not None
            return Response(
                study_formats.json_zip(nct_id, stored, shape),
                media_type=study_formats.ZIP,
                headers={"content-disposition": f'attachment; filename="{nct_id}.zip"'},
            )
        found = codec.from_json(stored)
        if output is Format.CSV:
            return Response("".join(study_formats.csv_lines([found], columns)), media_type=study_formats.CSV)
        if output is Format.FHIR_JSON:
            return Response(study_formats.fhir_json(found), media_type=study_formats.FHIR_JSON)
        return Response(study_formats.ris_text(found, fields), media_type=study_formats.RIS)

    return [
        Route("/api/v2/studies", list_studies),
        # ``path``: an id with a slash in it (``%2F``) is an id that is not valid, not another route
        Route("/api/v2/studies/{nct_id:path}", study),
    ]
