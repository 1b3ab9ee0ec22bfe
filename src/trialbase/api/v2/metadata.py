"""``/studies/metadata``, ``/studies/search-areas``, ``/studies/enums`` and ``/version``."""

from __future__ import annotations

from starlette.routing import BaseRoute

from trialbase.services import Services


def routes(services: Services) -> list[BaseRoute]:
    return []
