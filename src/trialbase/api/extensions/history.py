"""A study's versions: ``/history`` (the list, with what each version changed), ``/history/{version}``
(that version's v2 document) and ``/diff?from=N&to=M`` (a field-level diff of two versions).

The diff is ``trialbase.domain.version_diff``, the same one the website's compare page shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.api.extensions.parameters import bad_request, integer, not_found, reject_unknown
from trialbase.api.extensions.study_path import study_id
from trialbase.domain.version_diff import diff_documents
from trialbase.services import Services
from trialbase.store import Store, StoredVersion

PREFIX = "/api/ext/studies/{nct_id}"


def version_history(store: Store, nct_id: str) -> dict[str, Any]:
    """Every version of a study, oldest first, each with the modules it changed (version 1: the
    modules it had)."""
    versions: list[dict[str, Any]] = []
    previous: dict[str, Any] = {}
    for summary in store.history(nct_id):
        stored = store.version(nct_id, summary.version)
        assert stored is not None  # versions are never deleted
        diff = diff_documents(previous, stored.document)
        versions.append(
            {
                "version": summary.version,
                "lastUpdatePostDate": summary.last_update_post_date,
                "recordedAt": timestamp(summary.recorded_at),
                "current": stored.is_current,
                "changedModules": list(diff.modules),
                "changeCount": len(diff.changes),
            }
        )
        previous = stored.document
    current = next((entry["version"] for entry in versions if entry["current"]), None)
    return {"nctId": nct_id, "currentVersion": current, "versions": versions}


def timestamp(moment: dt.datetime) -> str:
    """An instant as ISO 8601 in UTC with a ``Z``, to the second."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def routes(services: Services) -> list[BaseRoute]:
    store = services.store

    def history(request: Request) -> Response:
        reject_unknown(request.query_params, ())
        found = study_id(request, store)
        if isinstance(found, Response):
            return found
        return JSONResponse(version_history(store, found))

    def version(request: Request) -> Response:
        reject_unknown(request.query_params, ())
        found = study_id(request, store)
        if isinstance(found, Response):
            return found
        stored = _version(store, found, _version_number(request.path_params["version"], "version"))
        return Response(orjson.dumps(stored.document), media_type="application/json")

    def diff(request: Request) -> Response:
        params = request.query_params
        reject_unknown(params, ("from", "to"))
        found = study_id(request, store)
        if isinstance(found, Response):
            return found
        history = store.history(found)
        latest = history[-1].version
        to = integer(params, "to", minimum=1)
        to = latest if to is None else to
        start = integer(params, "from", minimum=1)
        start = max(to - 1, 1) if start is None else start
        before = _version(store, found, start, parameter="from")
        after = _version(store, found, to, parameter="to")
        return JSONResponse(
            {
                "nctId": found,
                "from": start,
                "to": to,
                **diff_documents(before.document, after.document).as_dict(),
            }
        )

    return [
        Route(f"{PREFIX}/history", history, methods=["GET"]),
        Route(f"{PREFIX}/history/{{version}}", version, methods=["GET"]),
        Route(f"{PREFIX}/diff", diff, methods=["GET"]),
    ]


def _version_number(text: str, name: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise bad_request(f"{name} {text!r} is not a version number (versions count from 1)") from None
    if number < 1:
        raise bad_request(f"{name} {number} is not a version number (versions count from 1)")
    return number


def _version(store: Store, nct_id: str, number: int, *, parameter: str = "version") -> StoredVersion:
    stored = store.version(nct_id, number)
    if stored is None:
        latest = store.history(nct_id)[-1].version
        raise not_found(f"{parameter}: {nct_id} has no version {number} (it has versions 1 to {latest})")
    return stored
