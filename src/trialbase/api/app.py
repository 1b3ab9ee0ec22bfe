"""The web application: health, the study JSON endpoint and a small home page.

This is the minimal server of the Foundation issue; the full v2 API and the website come in their
own modules. Handlers stay thin: parse the request, call the store, render.
"""

from __future__ import annotations

import html

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from trialbase import __version__
from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.store import Store

JSON = "application/json"


def create_app(store: Store) -> Starlette:
    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "studies": store.count()})

    async def study(request: Request) -> Response:
        text = request.path_params["nct_id"]
        try:
            nct_id = parse_nct_id(text)
        except InvalidNctId:
            return PlainTextResponse(
                f"`{text}` is not a valid NCT number (expected e.g. NCT04822922)", status_code=400
            )
        body = store.current_json(nct_id)
        if body is not None:
            return Response(body, media_type=JSON)
        canonical = store.resolve_alias(nct_id)
        if canonical is not None:
            target = request.url.replace(path=request.url.path.replace(text, canonical))
            return RedirectResponse(str(target), status_code=301)
        return PlainTextResponse(f"Study {nct_id} not found", status_code=404)

    async def home(request: Request) -> Response:
        return HTMLResponse(_home_page(store))

    return Starlette(
        routes=[
            Route("/", home),
            Route("/health", health),
            Route("/api/v2/studies/{nct_id}", study),
        ]
    )


def _home_page(store: Store) -> str:
    rows = store.recently_updated(50)
    items = "\n".join(
        f'<li><a href="/api/v2/studies/{html.escape(row.nct_id)}">{html.escape(row.nct_id)}</a> '
        f"{html.escape(row.brief_title or '')} <small>{html.escape(row.overall_status or '')}"
        f"{' · synthetic demo data' if row.synthetic else ''}</small></li>"
        for row in rows
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trialbase</title></head>
<body><main><h1>Trialbase</h1>
<p>{store.count():,} studies in this registry. The full search site is on its way; meanwhile every
study is available as ClinicalTrials.gov API v2 JSON.</p>
<h2>Recently updated</h2><ul>{items}</ul>
<p><a href="/health">Health</a></p></main></body></html>"""
