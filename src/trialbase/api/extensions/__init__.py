"""Trialbase's own API under ``/api/ext``: what ClinicalTrials.gov API v2 lacks, kept off its paths."""

from __future__ import annotations

from starlette.routing import BaseRoute

from trialbase.api.extensions import changes, explain, facets, history
from trialbase.services import Services


def routes(services: Services) -> list[BaseRoute]:
    return [
        *facets.routes(services),
        *explain.routes(services),
        *history.routes(services),
        *changes.routes(services),
    ]
