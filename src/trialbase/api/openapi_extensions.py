"""The OpenAPI description of Trialbase's own endpoints (``/api/ext/...``), written beside their code.

``trialbase.api.openapi`` merges these paths and schemas into the upstream v2 document. The
search extensions take the very parameter objects of upstream's ``GET /studies`` (picked by name
from the v2 document), so their documentation cannot drift from the list endpoint's.
"""

from __future__ import annotations

from typing import Any

from trialbase.api.extensions.changes import DEFAULT_PAGE_SIZE as FEED_PAGE_SIZE
from trialbase.api.extensions.changes import MAX_PAGE_SIZE as FEED_MAX_PAGE_SIZE
from trialbase.api.extensions.facets import DEFAULT_FACET_SIZE
from trialbase.api.extensions.search_params import PAGE_PARAMETERS, SEARCH_SET_PARAMETERS
from trialbase.search.facets import MAX_BUCKETS

TAG = "Trialbase extensions"
TAGS = [
    {
        "name": TAG,
        "description": "Trialbase's own endpoints, beside the ClinicalTrials.gov-compatible ones: facet "
        "counts, match explanations, record history and the change feed.",
    }
]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: str, description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _text(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/plain": {"schema": _ref("errorMessage")}}}


BAD_REQUEST = _text("Bad Request: an unknown parameter or a value that cannot be read, named in the message")
NOT_FOUND = _text("Not Found: no such study or version")
MOVED = {"description": "Moved Permanently: the NCT number is an alias of another study (see `Location`)"}
NCT_ID = {
    "name": "nctId",
    "in": "path",
    "required": True,
    "description": "NCT number of a study; letter case and leading zeros are read leniently.",
    "schema": {"type": "string", "pattern": "^[Nn][Cc][Tt]0*[1-9]\\d{0,7}$"},
    "examples": {"example1": {"value": "NCT04822922"}},
}


def _operation(
    operation_id: str, summary: str, description: str, parameters: list[dict[str, Any]], ok: dict[str, Any]
) -> dict[str, Any]:
    responses = {"200": ok, "400": BAD_REQUEST}
    return {
        "get": {
            "summary": summary,
            "description": description,
            "tags": [TAG],
            "operationId": operation_id,
            "parameters": parameters,
            "responses": responses,
        }
    }


def _study_operation(
    operation_id: str, summary: str, description: str, parameters: list[dict[str, Any]], ok: dict[str, Any]
) -> dict[str, Any]:
    item = _operation(operation_id, summary, description, [NCT_ID, *parameters], ok)
    item["get"]["responses"] |= {"301": MOVED, "404": NOT_FOUND}
    return item


def paths(v2_list_parameters: list[dict[str, Any]]) -> dict[str, Any]:
    """The extension paths; ``v2_list_parameters`` are the parameters of upstream's ``GET /studies``."""
    by_name = {parameter["name"]: parameter for parameter in v2_list_parameters}
    search_set = [by_name[name] for name in SEARCH_SET_PARAMETERS if name in by_name]
    page = [by_name[name] for name in PAGE_PARAMETERS if name in by_name]
    version_number = {"type": "integer", "minimum": 1}
    return {
        "/ext/facets": _operation(
            "facets",
            "Facet counts",
            "Counts of studies per facet option (status, phase, study type, country, condition ...) for "
            "the studies a search finds. Takes the search parameters of `GET /v2/studies`. Every parameter "
            "narrows the counts, except that a facet's own `aggFilters` selection does not narrow its own "
            "counts.",
            [
                *search_set,
                {
                    "name": "facetSize",
                    "in": "query",
                    "required": False,
                    "description": "Most values listed for an open-ended facet (country, condition, "
                    "intervention, sponsor); facets with fixed options always list them all.",
                    "schema": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_BUCKETS,
                        "default": DEFAULT_FACET_SIZE,
                    },
                },
            ],
            _json("FacetsResponse"),
        ),
        "/ext/explain": _operation(
            "explain",
            "Why studies matched",
            "For each study of the page `GET /v2/studies` gives for the same parameters: the fields the "
            "searched words were found in, with highlighted snippets, and the MeSH concepts (synonyms) the "
            "query was expanded with that the study matched by.",
            [*search_set, *page],
            _json("ExplainResponse"),
        ),
        "/ext/studies/{nctId}/history": _study_operation(
            "studyHistory",
            "Versions of a study",
            "Every version of the study, oldest first, with the modules each version changed (for version 1: "
            "the modules it had).",
            [],
            _json("VersionHistory"),
        ),
        "/ext/studies/{nctId}/history/{version}": _study_operation(
            "studyVersion",
            "One version of a study",
            "The study document as it was in that version, in the v2 shape.",
            [
                {
                    "name": "version",
                    "in": "path",
                    "required": True,
                    "description": "Version number (1 is the first).",
                    "schema": version_number,
                }
            ],
            _json("Study"),
        ),
        "/ext/studies/{nctId}/diff": _study_operation(
            "studyDiff",
            "Changes between two versions",
            "A field-level diff: one entry per added, removed or changed field, at the deepest path where it "
            "changed (`a.b[2].c`). List items are aligned, so an inserted item is one addition; a removed "
            "item's path has its index in the older version, every other path the index in the newer one.",
            [
                {
                    "name": "from",
                    "in": "query",
                    "required": False,
                    "description": "The older version (default: the version before `to`).",
                    "schema": version_number,
                },
                {
                    "name": "to",
                    "in": "query",
                    "required": False,
                    "description": "The newer version (default: the current one).",
                    "schema": version_number,
                },
            ],
            _json("VersionDiff"),
        ),
        "/ext/changes": _operation(
            "changes",
            "Change feed",
            "Every new study and new version since a change-log sequence number or a moment, oldest first, "
            "page by page. Follow `nextPageToken` to the end, then poll again later with "
            "`since=lastSequence`.",
            [
                {
                    "name": "since",
                    "in": "query",
                    "required": False,
                    "description": "A sequence number (the changes after it), a date `yyyy-MM-dd` "
                    "(midnight UTC) or an instant `yyyy-MM-ddTHH:mm[:ss]` with an optional `Z` or offset "
                    "(the changes recorded at or after it). Default: from the beginning.",
                    "schema": {"type": "string"},
                    "examples": {"sequence": {"value": "1200"}, "date": {"value": "2024-01-01"}},
                },
                {
                    "name": "pageSize",
                    "in": "query",
                    "required": False,
                    "schema": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": FEED_MAX_PAGE_SIZE,
                        "default": FEED_PAGE_SIZE,
                    },
                },
                {
                    "name": "pageToken",
                    "in": "query",
                    "required": False,
                    "description": "The previous page's `nextPageToken` (takes the place of `since`).",
                    "schema": {"type": "string"},
                },
            ],
            _json("ChangeFeed"),
        ),
    }


def _object(
    properties: dict[str, Any], required: list[str] | None = None, description: str = ""
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if description:
        schema["description"] = description
    return schema


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
ANY_JSON = {"description": "Any JSON value (absent side of an addition or removal: null)", "nullable": True}

SCHEMAS: dict[str, Any] = {
    "FacetsResponse": _object(
        {"totalCount": INTEGER, "facets": _array(_ref("FacetCounts"))}, ["totalCount", "facets"]
    ),
    "FacetCounts": _object(
        {
            "name": {**STRING, "description": "The facet's code, as in `aggFilters` (`status`, `phase` ...)"},
            "label": STRING,
            "selected": _array(STRING),
            "values": _array(_ref("FacetValue")),
        },
        ["name", "label", "selected", "values"],
    ),
    "FacetValue": _object(
        {
            "code": {
                **STRING,
                "description": "The option code for `aggFilters` (`rec`), or the value itself",
            },
            "value": {**STRING, "description": "The stored value (`RECRUITING`, `France`)"},
            "count": INTEGER,
        },
        ["code", "value", "count"],
    ),
    "ExplainResponse": _object(
        {
            "hits": _array(_ref("ExplainedHit")),
            "expansions": _array(_ref("ConceptExpansion")),
            "relaxed": {"type": "boolean", "description": "No study had every word: these have most of them"},
            "totalCount": INTEGER,
            "nextPageToken": STRING,
        },
        ["hits", "expansions", "relaxed"],
    ),
    "ExplainedHit": _object(
        {
            "nctId": STRING,
            "briefTitle": {**STRING, "nullable": True},
            "score": {
                "type": "number",
                "nullable": True,
                "description": "Relevance score (null when sorted)",
            },
            "matches": _array(_ref("FieldMatch")),
            "expansions": _array(_ref("ConceptExpansion")),
        },
        ["nctId", "matches", "expansions"],
    ),
    "FieldMatch": _object(
        {
            "piece": {**STRING, "description": "The piece name of the field (`BriefTitle`, `Condition` ...)"},
            "snippet": _array(_ref("SnippetSegment")),
        },
        ["piece", "snippet"],
    ),
    "SnippetSegment": _object(
        {
            "text": {**STRING, "description": "Plain text: escape it before showing it as HTML"},
            "highlighted": {"type": "boolean"},
        },
        ["text", "highlighted"],
    ),
    "ConceptExpansion": _object(
        {
            "text": {**STRING, "description": "The words of the query that named the concept"},
            "descriptorId": STRING,
            "name": {**STRING, "description": "The MeSH descriptor's preferred name"},
            "via": {"type": "string", "enum": ["preferred", "synonym"]},
        },
        ["text", "descriptorId", "name", "via"],
    ),
    "VersionHistory": _object(
        {"nctId": STRING, "currentVersion": INTEGER, "versions": _array(_ref("VersionSummary"))},
        ["nctId", "currentVersion", "versions"],
    ),
    "VersionSummary": _object(
        {
            "version": INTEGER,
            "lastUpdatePostDate": {**_ref("PartialDate"), "nullable": True},
            "recordedAt": {
                "type": "string",
                "format": "date-time",
                "description": "When Trialbase stored it",
            },
            "current": {"type": "boolean"},
            "changedModules": _array({**STRING, "description": "`section.module`, or a top-level field"}),
            "changeCount": INTEGER,
        },
        ["version", "recordedAt", "current", "changedModules", "changeCount"],
    ),
    "VersionDiff": _object(
        {
            "nctId": STRING,
            "from": INTEGER,
            "to": INTEGER,
            "modules": _array(STRING),
            "changes": _array(_ref("FieldChange")),
        },
        ["nctId", "from", "to", "modules", "changes"],
    ),
    "FieldChange": _object(
        {
            "path": {
                **STRING,
                "description": "Field path, e.g. `protocolSection.statusModule.overallStatus`",
            },
            "change": {"type": "string", "enum": ["added", "removed", "changed"]},
            "before": ANY_JSON,
            "after": ANY_JSON,
        },
        ["path", "change", "before", "after"],
    ),
    "ChangeFeed": _object(
        {
            "changes": _array(_ref("ChangeEntry")),
            "lastSequence": {**INTEGER, "description": "Where to resume polling (`since=lastSequence`)"},
            "nextPageToken": STRING,
        },
        ["changes", "lastSequence"],
    ),
    "ChangeEntry": _object(
        {
            "sequence": INTEGER,
            "nctId": STRING,
            "version": INTEGER,
            "kind": {"type": "string", "enum": ["new", "updated"]},
            "time": {"type": "string", "format": "date-time"},
        },
        ["sequence", "nctId", "version", "kind", "time"],
    ),
}

# Answers any operation can give on this server (trialbase.api.protection).
PROTECTION_RESPONSES = {
    "414": _text("URI Too Long: the URL is longer than this server accepts"),
    "429": {
        **_text("Too Many Requests: this client's rate limit is used up; see `Retry-After`"),
        "headers": {"Retry-After": {"description": "Seconds to wait", "schema": INTEGER}},
    },
    "503": _text("Service Unavailable: the request took longer than this server's time limit"),
}
