"""The ASGI application: the website, the ClinicalTrials.gov-compatible API, its extensions and
the registry's submission API.

Each face contributes its routes; this module only puts them together. Handlers stay thin: they
parse the request into a typed value, call one service function and render what comes back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase import __version__, web
from trialbase.api import extensions, openapi, protection, submission, v2
from trialbase.api.protection import ProtectionSettings
from trialbase.registry import Registry, RegistrySettings
from trialbase.services import Services


def create_app(services: Services, protect: ProtectionSettings | None = None) -> Starlette:
    """The application; ``protect`` defaults to the protection settings in the environment."""

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "studies": services.store.count()})

    registry = Registry(services.store, RegistrySettings.from_environ())  # one for /prs and /api/registry
    routes: list[BaseRoute] = [
        Route("/health", health),
        *v2.routes(services),
        *extensions.routes(services),
        *openapi.routes(services),
        *submission.routes(services, registry),
        *web.routes(services, registry),
    ]
    settings = protect if protect is not None else ProtectionSettings.from_environ()
    services.search.engine.limits = settings.query_limits  # for the API and the website alike
    return Starlette(routes=routes, middleware=protection.middleware(settings))


def app_from_environment() -> Starlette:
    """The application over the store and index the settings in the environment name.

    A factory for servers that start several processes (``trialbase serve --workers N`` runs
    ``uvicorn`` with ``factory=True``): each process calls it and gets its own store connection
    and search service, closed when the server shuts down. The schema must already be current
    (``trialbase serve`` upgrades it before starting the workers), so workers never race to migrate.
    """
    from trialbase.settings import Settings
    from trialbase.store import Store

    settings = Settings.from_environ()
    store = Store.open(settings.database_url, migrate=False)
    services = Services.open(store, settings.data_dir)
    app = create_app(services)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            services.close()
            store.close()

    app.router.lifespan_context = lifespan
    return app
