"""The ClinicalTrials.gov API v2 surface under ``/api/v2``, exactly as the official spec has it."""

from __future__ import annotations

from starlette.routing import BaseRoute

from trialbase.api.v2 import metadata, stats, studies
from trialbase.services import Services

PREFIX = "/api/v2"


def routes(services: Services) -> list[BaseRoute]:
    return [*metadata.routes(services), *stats.routes(services), *studies.routes(services)]
