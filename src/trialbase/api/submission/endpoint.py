"""What every submission API handler shares: the token's actor, the JSON body, and refusals.

Handlers are plain functions of a ``Call`` run in a worker thread (the registry services block).
The wrapper authenticates the bearer token first (a request without a good one learns nothing
else, not even whether its JSON was well formed), then reads the body when the operation takes
one, and turns the services' refusals and the handlers' ``Problem``s into problem objects.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from trialbase.api.submission.bearer import actor_for, credentials
from trialbase.api.submission.problems import NOT_FOUND_DETAIL, Problem, from_refusal
from trialbase.api.submission.request_body import json_body
from trialbase.registry import Actor, Registry
from trialbase.registry.errors import RegistryError

MAX_ID = 2**31 - 1


@dataclass(frozen=True, slots=True)
class Call:
    request: Request
    registry: Registry
    actor: Actor
    body: Any = None

    def record_id(self) -> int:
        """The record number in the path; out of range is "not found" (never a database error)."""
        value = int(self.request.path_params["record_id"])
        if not 0 < value <= MAX_ID:
            raise Problem(404, NOT_FOUND_DETAIL)
        return value

    def revision(self) -> int:
        """The ``revision`` query parameter: the record's revision the client last read."""
        text = self.request.query_params.get("revision", "")
        if not text.isdigit() or len(text) > 9:
            raise Problem(
                400,
                "Say which revision of the record this change is based on: `?revision=N`, the "
                "`revision` of the record as you last read it (a change to a newer one is refused "
                "with 409).",
                parameter="revision",
            )
        return int(text)


Handler = Callable[[Call], Response]


def endpoint(
    registry: Registry, handler: Handler, *, body: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        try:
            actor = await run_in_threadpool(actor_for, registry, credentials(request))
            document = await json_body(request) if body else None
        except Problem as problem:
            return problem.response()
        return await run_in_threadpool(_handle, handler, Call(request, registry, actor, document))

    return run


def _handle(handler: Handler, call: Call) -> Response:
    try:
        return handler(call)
    except Problem as problem:
        return problem.response()
    except RegistryError as error:
        return from_refusal(error).response()
