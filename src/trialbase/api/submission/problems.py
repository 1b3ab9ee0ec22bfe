"""Errors of the submission API as problem details (RFC 9457, formerly 7807).

Every refusal is ``application/problem+json`` with ``type`` (``about:blank``: the status says
what kind of problem it is), ``title`` (the status phrase), ``status`` and ``detail`` (what is
wrong, for people), plus, where they apply, ``findings`` (every problem of a study document by
field path) or ``line``/``column``/``position`` (where a body stopped being JSON). The registry
services' refusals map as on the pages: not found or another organization's → 404 (the same
answer for both), not allowed → 403, stale revision or wrong state → 409, invalid document → 422.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import orjson
from starlette.responses import Response

from trialbase.domain.issue import Issue
from trialbase.registry.errors import Conflict, Forbidden, InvalidInput, NotFound, RegistryError

MEDIA_TYPE = "application/problem+json"
NOT_FOUND_DETAIL = "There is no such record, or it is not your organization's."


class Problem(Exception):
    """A refusal to answer with a problem object; ``extra`` members are added to it."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra

    def response(self) -> Response:
        body = {
            "type": "about:blank",
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
            **self.extra,
        }
        headers = {"Cache-Control": "no-store", **self.headers}
        return Response(orjson.dumps(body), status_code=self.status, media_type=MEDIA_TYPE, headers=headers)


def from_refusal(error: RegistryError) -> Problem:
    """The problem a registry service's refusal is answered with."""
    if isinstance(error, NotFound):
        return Problem(404, NOT_FOUND_DETAIL)
    if isinstance(error, Forbidden):
        return Problem(403, str(error))
    if isinstance(error, Conflict):
        return Problem(409, str(error))
    if isinstance(error, InvalidInput):
        return Problem(422, str(error), findings=findings(error.issues))
    return Problem(400, str(error))


def findings(issues: list[Issue]) -> list[dict[str, str]]:
    return [issue.as_dict() for issue in issues]
