"""The records of the token's organization: list, create from a v2 document, read with the
validation findings, replace the document, take the workflow actions a record editor may, and
validate a document without storing it.

A record in JSON is its number, state, NCT number, brief title and revision (the list, in pages
of ``pageSize``, newest record first, ``nextPageToken`` while more follow); reading one adds the
document, the findings and the actions the token may take now. A change names the revision it is
based on (``?revision=N``); a stale one is refused with 409, as a stale form is.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

from trialbase.api.submission.endpoint import Call
from trialbase.api.submission.problems import Problem, findings
from trialbase.domain.issue import Issue
from trialbase.domain.record_state import TRANSITIONS, Action, available_actions
from trialbase.registry import Actor, Draft
from trialbase.registry.record_document import errors_of

PREFIX = "/api/registry"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def list_records(call: Call) -> Response:
    size, before_id = _page_size(call), _page_token(call)
    records, more = call.registry.drafts.page_for(call.actor, size=size, before_id=before_id)
    page: dict[str, Any] = {"records": [_summary(record) for record in records]}
    if more:
        page["nextPageToken"] = str(records[-1].id)
    return _json(page)


def _page_size(call: Call) -> int:
    text = call.request.query_params.get("pageSize")
    if text is None:
        return DEFAULT_PAGE_SIZE
    if not text.isdigit() or len(text) > len(str(MAX_PAGE_SIZE)) or not 0 < int(text) <= MAX_PAGE_SIZE:
        raise Problem(
            400,
            f"`pageSize` must be a whole number from 1 to {MAX_PAGE_SIZE}, not `{text[:40]}`",
            parameter="pageSize",
        )
    return int(text)


def _page_token(call: Call) -> int | None:
    text = call.request.query_params.get("pageToken")
    if text is None:
        return None
    if not text.isdigit() or len(text) > 10:
        raise Problem(
            400,
            "`pageToken` must be the `nextPageToken` of the page before, as it was given",
            parameter="pageToken",
        )
    return int(text)


def create(call: Call) -> Response:
    saved = call.registry.drafts.create(call.actor, call.body, source="api")
    location = _url(saved.draft)
    return _json(_detail(call, saved.draft, saved.notes), status_code=201, headers={"Location": location})


def read(call: Call) -> Response:
    return _json(_detail(call, call.registry.drafts.get(call.actor, call.record_id())))


def replace(call: Call) -> Response:
    record_id = call.record_id()
    saved = call.registry.drafts.replace_document(call.actor, record_id, call.body, revision=call.revision())
    return _json(_detail(call, saved.draft, saved.notes))


def act(call: Call) -> Response:
    record_id = call.record_id()
    name = call.request.path_params["action"]
    try:
        action = Action(name)
    except ValueError:
        raise Problem(
            404,
            f"There is no action {name!r}; this token may take: {', '.join(_token_actions(call.actor))}.",
        ) from None
    record = call.registry.workflow.act(call.actor, record_id, action, revision=call.revision())
    return _json(_detail(call, record))


def validate(call: Call) -> Response:
    storable, issues = call.registry.workflow.check_upload(call.body)
    errors = errors_of(issues)
    return _json(
        {
            "storable": storable,
            "releasable": storable and not errors,
            "errorCount": len(errors),
            "findings": findings(issues),
        }
    )


def _summary(record: Draft) -> dict[str, Any]:
    identification = record.document.get("protocolSection", {}).get("identificationModule", {})
    title = identification.get("briefTitle") if isinstance(identification, dict) else None
    return {
        "id": record.id,
        "url": _url(record),
        "state": record.state.value,
        "nctId": record.nct_id,
        "briefTitle": title if isinstance(title, str) and title.strip() else None,
        "revision": record.revision,
        "updatedAt": record.updated_at.isoformat(),
    }


def _detail(call: Call, record: Draft, notes: list[Issue] | None = None) -> dict[str, Any]:
    issues = call.registry.workflow.issues(record)
    detail = {
        **_summary(record),
        "organization": record.organization_name,
        "createdAt": record.created_at.isoformat(),
        "actions": [action.value for action in available_actions(record.state, call.actor.roles)],
        "errorCount": len(errors_of(issues)),
        "findings": findings(issues),
        "document": record.document,
    }
    if notes is not None:
        detail["notes"] = findings(notes)
    return detail


def _token_actions(actor: Actor) -> list[str]:
    return [transition.action.value for transition in TRANSITIONS if actor.roles & transition.roles]


def _url(record: Draft) -> str:
    return f"{PREFIX}/records/{record.id}"


def _json(body: dict[str, Any], *, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(body),
        status_code=status_code,
        media_type="application/json",
        headers={"Cache-Control": "no-store", **(headers or {})},
    )
