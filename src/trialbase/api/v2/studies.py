"""``/studies`` and ``/studies/{nctId}``: the study list (search) and one study."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.services import Services

JSON = "application/json"


def routes(services: Services) -> list[BaseRoute]:
    store = services.store

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

    return [Route("/api/v2/studies/{nct_id}", study)]
