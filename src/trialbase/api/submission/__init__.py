"""The submission API under ``/api/registry``: an organization's systems register and update
studies with an API token (``Authorization: Bearer tb_...``), as a record editor would on the
/prs pages. JSON in and out; refusals are problem objects (``problems``). The OpenAPI
description is ``trialbase.api.openapi_submission``.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from trialbase.api.submission import records
from trialbase.api.submission.endpoint import endpoint
from trialbase.api.submission.records import PREFIX
from trialbase.registry import Registry, RegistrySettings
from trialbase.services import Services


def routes(services: Services, registry: Registry | None = None) -> list[BaseRoute]:
    reg = registry or Registry(services.store, RegistrySettings.from_environ())
    record = f"{PREFIX}/records/{{record_id:int}}"
    return [
        Route(f"{PREFIX}/records", endpoint(reg, records.list_records), methods=["GET"]),
        Route(f"{PREFIX}/records", endpoint(reg, records.create, body=True), methods=["POST"]),
        Route(record, endpoint(reg, records.read), methods=["GET"]),
        Route(record, endpoint(reg, records.replace, body=True), methods=["PUT"]),
        Route(f"{record}/actions/{{action}}", endpoint(reg, records.act), methods=["POST"]),
        Route(f"{PREFIX}/validate", endpoint(reg, records.validate, body=True), methods=["POST"]),
    ]
