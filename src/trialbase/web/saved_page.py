"""``/saved``: the studies a visitor saved, kept in their own browser (``localStorage``).

Nothing about saved studies reaches the server: ``static/saved.js`` adds the Save buttons and
fills this page in. Without JavaScript the page says so and points to the search instead.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from trialbase.services import Services
from trialbase.web.rendering import render


def routes(services: Services) -> list[BaseRoute]:
    def saved(request: Request) -> Response:
        return render(request, "saved.html")

    return [Route("/saved", saved, name="saved")]
