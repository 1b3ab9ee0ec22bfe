"""The OpenAPI description of the submission API (``/api/registry/...``), written beside its code.

``trialbase.api.openapi`` merges these paths, schemas and the bearer security scheme into the
document. Limits and role names come from the code they describe, so the text cannot drift.
"""

from __future__ import annotations

from typing import Any

from trialbase.api.submission.request_body import MAX_BODY_BYTES
from trialbase.domain.issue import Severity
from trialbase.domain.record_state import TRANSITIONS, RecordState, Role

TAG = "Registration (submission API)"
SECURITY_SCHEME = "registryToken"
TAGS = [
    {
        "name": TAG,
        "description": "An organization's systems register and update studies with an API token that "
        "an organization administrator creates at `/prs/organization` (`Authorization: Bearer tb_...`). "
        "The token acts as a record editor of its organization: it creates and edits records and marks "
        "them complete, never approves or releases them. Session cookies are not accepted. Refusals are "
        "problem objects (`application/problem+json`); another organization's record is 404, like one "
        "that does not exist.",
    }
]
SECURITY_SCHEMES = {
    SECURITY_SCHEME: {
        "type": "http",
        "scheme": "bearer",
        "description": "An organization's API token (`tb_...`), shown once when it is created.",
    }
}
_TOKEN_ACTIONS = [t.action.value for t in TRANSITIONS if Role.RECORD_EDITOR in t.roles]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _ref("Problem")}}}


UNAUTHORIZED = {
    **_problem("Unauthorized: no API token, or one that is unknown or revoked"),
    "headers": {"WWW-Authenticate": {"description": "`Bearer realm=...`", "schema": {"type": "string"}}},
}
NOT_FOUND = _problem("Not Found: no such record, or another organization's")
STALE = _problem("Conflict: the record changed since that revision, or its state does not allow this")
INVALID_DOCUMENT = _problem(
    "Unprocessable Content: the document is malformed (a value of the wrong kind); `findings` names each "
    "problem by field path"
)
DOCUMENT_BODY = {
    "required": True,
    "description": f"A study document in the ClinicalTrials.gov API v2 shape, at most {MAX_BODY_BYTES:,} "
    "bytes. Fields the registry sets (NCT number, submission and posting dates, `derivedSection`, "
    "`annotationSection`) are left out, each with a note.",
    "content": {"application/json": {"schema": _ref("Study")}},
}
BODY_PROBLEMS = {
    "400": _problem(
        "Bad Request: the body is not JSON (`line`, `column` and `position` say where), or a parameter "
        "is missing (`parameter` names it)"
    ),
    "413": _problem("Content Too Large: the body is larger than the API takes"),
    "415": _problem("Unsupported Media Type: send `Content-Type: application/json`"),
}
RECORD_ID = {
    "name": "recordId",
    "in": "path",
    "required": True,
    "description": "The record's number (`id`).",
    "schema": {"type": "integer", "minimum": 1},
}
REVISION = {
    "name": "revision",
    "in": "query",
    "required": True,
    "description": "The `revision` of the record as you last read it; if it has changed since, the "
    "change is refused with 409.",
    "schema": {"type": "integer", "minimum": 1},
}
PAGE_SIZE = {
    "name": "pageSize",
    "in": "query",
    "description": "Records per page (default 100).",
    "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
}
PAGE_TOKEN = {
    "name": "pageToken",
    "in": "query",
    "description": "The `nextPageToken` of the page before.",
    "schema": {"type": "string"},
}


def _operation(
    operation_id: str,
    summary: str,
    description: str,
    responses: dict[str, Any],
    *,
    parameters: list[dict[str, Any]] | None = None,
    body: bool = False,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "description": description,
        "tags": [TAG],
        "operationId": operation_id,
        "security": [{SECURITY_SCHEME: []}],
        "parameters": parameters or [],
        "responses": {**responses, "401": UNAUTHORIZED, **(BODY_PROBLEMS if body else {})},
    }
    if body:
        operation["requestBody"] = DOCUMENT_BODY
    return operation


def paths() -> dict[str, Any]:
    return {
        "/registry/records": {
            "get": _operation(
                "listRegistryRecords",
                "The organization's records",
                "The records of the token's organization that are not deleted, newest record first, a page "
                "at a time: follow `nextPageToken` (absent on the last page) with `pageToken`.",
                {
                    "200": _json("RegistryRecordList", "OK"),
                    "400": _problem("Bad Request: a bad `pageSize` or `pageToken`"),
                },
                parameters=[PAGE_SIZE, PAGE_TOKEN],
            ),
            "post": _operation(
                "createRegistryRecord",
                "Create a record from a study document",
                "A new draft of the token's organization. The document may be incomplete (the findings say "
                "what is missing) but not malformed. The answer is the record as `GET` gives it, with "
                "`notes` for the fields that were left out; `Location` is its address.",
                {
                    "201": {
                        **_json("RegistryRecord", "Created"),
                        "headers": {
                            "Location": {"description": "The record's address", "schema": {"type": "string"}}
                        },
                    },
                    "403": _problem("Forbidden: the token may not create records"),
                    "422": INVALID_DOCUMENT,
                },
                body=True,
            ),
        },
        "/registry/records/{recordId}": {
            "get": _operation(
                "getRegistryRecord",
                "One record",
                "The record's document, state and revision, every validation finding by field path, and the "
                "workflow actions the token may take now.",
                {"200": _json("RegistryRecord", "OK"), "404": NOT_FOUND},
                parameters=[RECORD_ID],
            ),
            "put": _operation(
                "replaceRegistryRecord",
                "Replace a record's document",
                "The whole document is replaced. Editing a record that is entry complete or approved returns "
                "it to draft; a record with the registry (released, under review) cannot be edited (409).",
                {
                    "200": _json("RegistryRecord", "OK (with `notes`)"),
                    "403": _problem("Forbidden: the token may not edit records"),
                    "404": NOT_FOUND,
                    "409": STALE,
                    "422": INVALID_DOCUMENT,
                },
                parameters=[RECORD_ID, REVISION],
                body=True,
            ),
        },
        "/registry/records/{recordId}/actions/{action}": {
            "post": _operation(
                "actOnRegistryRecord",
                "Take a workflow action",
                "Move the record on in its workflow. A token may take "
                + ", ".join(f"`{name}`" for name in _TOKEN_ACTIONS)
                + "; approving and releasing stay with a responsible party on the /prs pages (403).",
                {
                    "200": _json("RegistryRecord", "OK: the record after the action"),
                    "400": _problem("Bad Request: no `revision`"),
                    "403": _problem("Forbidden: the token's role may not take this action"),
                    "404": _problem("Not Found: no such record or action"),
                    "409": STALE,
                },
                parameters=[
                    RECORD_ID,
                    {
                        "name": "action",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": _TOKEN_ACTIONS},
                    },
                    REVISION,
                ],
            ),
        },
        "/registry/validate": {
            "post": _operation(
                "validateRegistryDocument",
                "Validate a document without storing it",
                "What a record made from the document would be told: whether it can be stored at all, "
                "whether it has errors that block release, and every finding.",
                {"200": _json("DocumentCheck", "OK")},
                body=True,
            ),
        },
    }


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
FINDINGS = {"type": "array", "items": _ref("Finding")}
_SUMMARY = {
    "id": INTEGER,
    "url": {**STRING, "description": "The record's address in this API"},
    "state": {"type": "string", "enum": [state.value for state in RecordState]},
    "nctId": {**STRING, "nullable": True, "description": "Assigned when the record is first published"},
    "briefTitle": {**STRING, "nullable": True},
    "revision": {**INTEGER, "description": "Goes up by one with every change"},
    "updatedAt": {**STRING, "format": "date-time"},
}

SCHEMAS: dict[str, Any] = {
    "RegistryRecordSummary": _object(_SUMMARY, list(_SUMMARY)),
    "RegistryRecordList": _object(
        {
            "records": {"type": "array", "items": _ref("RegistryRecordSummary")},
            "nextPageToken": {**STRING, "description": "Where the next page starts; absent on the last page"},
        },
        ["records"],
    ),
    "RegistryRecord": _object(
        {
            **_SUMMARY,
            "organization": STRING,
            "createdAt": {**STRING, "format": "date-time"},
            "actions": {
                "type": "array",
                "items": STRING,
                "description": "The workflow actions this token may take now",
            },
            "errorCount": {**INTEGER, "description": "Findings of severity `error`: they block release"},
            "findings": FINDINGS,
            "document": _ref("Study"),
            "notes": {**FINDINGS, "description": "After a create or replace: the fields left out"},
        },
        [*_SUMMARY, "organization", "createdAt", "actions", "errorCount", "findings", "document"],
    ),
    "DocumentCheck": _object(
        {
            "storable": {"type": "boolean", "description": "Not malformed: a record could be made from it"},
            "releasable": {"type": "boolean", "description": "Storable and without errors"},
            "errorCount": INTEGER,
            "findings": FINDINGS,
        },
        ["storable", "releasable", "errorCount", "findings"],
    ),
    "Finding": _object(
        {
            "path": {
                **STRING,
                "description": "Field path, e.g. `protocolSection.statusModule.overallStatus`",
            },
            "code": STRING,
            "severity": {"type": "string", "enum": [severity.value for severity in Severity]},
            "message": STRING,
        },
        ["path", "code", "severity", "message"],
    ),
    "Problem": _object(
        {
            "type": STRING,
            "title": STRING,
            "status": INTEGER,
            "detail": STRING,
            "findings": FINDINGS,
            "line": {**INTEGER, "description": "Where the body stopped being JSON"},
            "column": INTEGER,
            "position": INTEGER,
            "parameter": {**STRING, "description": "The query parameter that is missing or wrong"},
        },
        ["type", "title", "status", "detail"],
    ),
}
