"""The public website: server-rendered pages (Jinja2), every core flow working without JavaScript."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from trialbase.registry import Registry
from trialbase.services import Services
from trialbase.web import downloads, feeds, home_page, prs, saved_page, search_page, study_page
from trialbase.web.rendering import STATIC_DIR


def routes(services: Services, registry: Registry | None = None) -> list[BaseRoute]:
    return [
        *home_page.routes(services),
        *search_page.routes(services),
        *downloads.routes(services),
        *feeds.routes(services),
        *saved_page.routes(services),
        *study_page.routes(services),
        *prs.routes(services, registry),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
