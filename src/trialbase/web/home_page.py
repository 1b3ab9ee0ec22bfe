"""The home page: what the registry holds and the most recently updated studies."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from trialbase.services import Services
from trialbase.web.rendering import render

RECENT = 50


def routes(services: Services) -> list[BaseRoute]:
    async def home(request: Request) -> Response:
        store = services.store
        return render(request, "home.html", count=store.count(), recent=store.recently_updated(RECENT))

    return [Route("/", home, name="home")]
