"""``/search/download``: every study a search finds, as CSV or JSON, streamed as it is read.

The search is the page's own URL (``cond``, ``aggFilters``, ...) plus ``format`` (``csv`` or
``json``) and optionally ``fields``: CSV column names (``NCT Number,Study Title,Conditions``, any
letter case, as ClinicalTrials.gov's CSV download names them). CSV without ``fields`` has every
column; JSON without ``fields`` is the full v2 records, with ``fields`` one object per study keyed
by column name. The search runs before the first byte is sent, so a bad query is a 400 with the
reason, never a broken file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import chain
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from trialbase.export.csv_table import CSV_COLUMNS, UnknownColumn, column, csv_line, csv_row
from trialbase.search.engine import Hit
from trialbase.search.query_error import QueryError
from trialbase.services import Services
from trialbase.store import Store
from trialbase.web.place import resolve_place
from trialbase.web.search_form import FormError, SearchForm
from trialbase.web.search_paging import every_hit

BATCH = 200
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def routes(services: Services) -> list[BaseRoute]:
    def download(request: Request) -> Response:
        params = request.query_params
        kind = params.get("format", "csv").strip().lower()
        if kind not in FORMATS:
            return PlainTextResponse(f"format: {kind!r} is not csv or json", status_code=400)
        try:
            columns = _columns(params.get("fields", ""))
        except UnknownColumn as error:
            return PlainTextResponse(f"fields: {error}", status_code=400)
        form, errors = SearchForm.read(params)
        try:
            if errors:
                raise FormError(errors)
            place = resolve_place(form)
            search_request = replace(form.to_request(place), explain=False, facets=False, count_total=False)
            hits = every_hit(services.search.search, search_request, batch=BATCH)
            first = next(hits, None)  # runs the search now: a bad query fails before streaming
        except FormError as error:
            lines = [f"{item.field}: {item.message}" for item in error.errors]
            return PlainTextResponse("\n".join(lines), status_code=400)
        except QueryError as error:
            return PlainTextResponse(error.describe(), status_code=400)
        documents = _documents(services.store, chain([first], hits) if first is not None else iter(()))
        body = _csv(documents, columns) if kind == "csv" else _json(documents, columns)
        filename = f"trialbase-studies.{kind}"
        return StreamingResponse(
            body,
            media_type=FORMATS[kind],
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    return [Route("/search/download", download, name="search_download")]


def _columns(text: str) -> tuple[str, ...] | None:
    names = [name for name in text.split(",") if name.strip()]
    if not names:
        return None
    return tuple(dict.fromkeys(column(name) for name in names))


def _documents(store: Store, hits: Iterator[Hit]) -> Iterator[dict[str, Any]]:
    batch: list[str] = []
    for hit in hits:
        batch.append(hit.nct_id)
        if len(batch) >= BATCH:
            yield from _read(store, batch)
            batch = []
    if batch:
        yield from _read(store, batch)


def _read(store: Store, nct_ids: list[str]) -> Iterator[dict[str, Any]]:
    found = store.current_many(nct_ids)
    for nct_id in nct_ids:
        document = found.get(nct_id)
        if document is not None:
            yield document


def _csv(documents: Iterator[dict[str, Any]], columns: tuple[str, ...] | None) -> Iterator[str]:
    chosen = columns or CSV_COLUMNS
    yield "\ufeff" + csv_line(list(chosen))  # the BOM makes spreadsheet programs read UTF-8
    for document in documents:
        yield csv_line(csv_row(document, chosen))


def _json(documents: Iterator[dict[str, Any]], columns: tuple[str, ...] | None) -> Iterator[bytes]:
    yield b'{"studies":['
    for position, document in enumerate(documents):
        item = document if columns is None else dict(zip(columns, csv_row(document, columns), strict=True))
        yield (b"," if position else b"") + orjson.dumps(item)
    yield b"]}"
