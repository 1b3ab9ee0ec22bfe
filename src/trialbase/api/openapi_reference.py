"""The OpenAPI document as plain data for the HTML reference page (``/api/docs``).

Descriptions are CommonMark in the spec; the page needs only a little of it: paragraphs, line
breaks, links, ``code`` and **bold**. Text is split into typed segments here and the template
escapes every one of them, so no markup from the document reaches the page as markup, and only
``http(s)``, site-relative and in-page links become links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

SegmentKind = Literal["text", "code", "strong", "link"]
_INLINE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)|`([^`]+)`|\*\*([^*]+)\*\*")
_SAFE_HREF = re.compile(r"^(https?://|/|#)")
METHODS = ("get", "head", "post", "put", "patch", "delete", "options")


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    text: str
    href: str = ""


Line = tuple[Segment, ...]
Paragraph = tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class TypeView:
    prefix: str  # "array of " ...
    name: str  # "string", "integer (int32)", "FieldNode"
    anchor: str | None = None  # the schema's anchor when ``name`` is one


@dataclass(frozen=True, slots=True)
class ParameterView:
    name: str
    location: str
    required: bool
    type: TypeView
    description: tuple[Paragraph, ...]
    enum: tuple[str, ...]
    default: str | None
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ContentView:
    media_type: str
    type: TypeView


@dataclass(frozen=True, slots=True)
class ResponseView:
    status: str
    description: tuple[Paragraph, ...]
    contents: tuple[ContentView, ...]


@dataclass(frozen=True, slots=True)
class OperationView:
    anchor: str
    method: str
    path: str
    summary: str
    description: tuple[Paragraph, ...]
    parameters: tuple[ParameterView, ...]
    responses: tuple[ResponseView, ...]
    request_body: ResponseView | None = None  # ``status`` is "required" or "optional"


@dataclass(frozen=True, slots=True)
class TagView:
    name: str
    anchor: str
    description: tuple[Paragraph, ...]
    operations: tuple[OperationView, ...]


@dataclass(frozen=True, slots=True)
class PropertyView:
    name: str
    type: TypeView
    required: bool
    description: tuple[Paragraph, ...]
    enum: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SchemaView:
    name: str
    anchor: str
    type: TypeView
    description: tuple[Paragraph, ...]
    properties: tuple[PropertyView, ...]
    enum: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ApiReference:
    title: str
    version: str
    description: tuple[Paragraph, ...]
    server: str
    tags: tuple[TagView, ...]
    schemas: tuple[SchemaView, ...]


def reference(document: dict[str, Any]) -> ApiReference:
    server = (document.get("servers") or [{"url": ""}])[0]["url"].rstrip("/")
    operations: dict[str, list[OperationView]] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            view = _operation(server + path, method, operation)
            for tag in operation.get("tags") or ["Other"]:
                operations.setdefault(tag, []).append(view)
    described = {tag["name"]: tag.get("description", "") for tag in document.get("tags", [])}
    names = [name for name in described if name in operations] + [n for n in operations if n not in described]
    info = document.get("info", {})
    schemas = document.get("components", {}).get("schemas", {})
    return ApiReference(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "")),
        description=paragraphs(info.get("description", "")),
        server=server,
        tags=tuple(
            TagView(name, "tag-" + _slug(name), paragraphs(described.get(name, "")), tuple(operations[name]))
            for name in names
        ),
        schemas=tuple(_schema(name, schema) for name, schema in schemas.items()),
    )


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Markdown-ish text as paragraphs of lines of segments."""
    blocks = [block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    return tuple(tuple(inline(line) for line in block.strip().split("\n")) for block in blocks)


def inline(text: str) -> Line:
    segments: list[Segment] = []
    cursor = 0
    for match in _INLINE.finditer(text):
        if match.start() > cursor:
            segments.append(Segment("text", text[cursor : match.start()]))
        label, href, code, strong = match.groups()
        if label is not None:
            segments.append(
                Segment("link", label, href) if _SAFE_HREF.match(href) else Segment("text", label)
            )
        elif code is not None:
            segments.append(Segment("code", code))
        else:
            segments.append(Segment("strong", strong))
        cursor = match.end()
    if cursor < len(text):
        segments.append(Segment("text", text[cursor:]))
    return tuple(segments)


def type_of(schema: dict[str, Any]) -> TypeView:
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return TypeView("", name, "schema-" + _slug(name))
    kind = str(schema.get("type", "any"))
    if kind == "array":
        inner = type_of(schema.get("items", {}))
        return TypeView("array of " + inner.prefix, inner.name, inner.anchor)
    if "format" in schema:
        kind = f"{kind} ({schema['format']})"
    return TypeView("", kind)


def _operation(path: str, method: str, operation: dict[str, Any]) -> OperationView:
    operation_id = str(operation.get("operationId") or f"{method}-{path}")
    return OperationView(
        anchor="op-" + _slug(operation_id),
        method=method.upper(),
        path=path,
        summary=str(operation.get("summary", "")),
        description=paragraphs(operation.get("description", "")),
        parameters=tuple(_parameter(parameter) for parameter in operation.get("parameters", [])),
        request_body=_request_body(operation.get("requestBody")),
        responses=tuple(
            ResponseView(
                status=str(status),
                description=paragraphs(response.get("description", "")),
                contents=tuple(
                    ContentView(media, type_of(content.get("schema", {})))
                    for media, content in (response.get("content") or {}).items()
                ),
            )
            for status, response in sorted(operation.get("responses", {}).items())
        ),
    )


def _request_body(body: dict[str, Any] | None) -> ResponseView | None:
    if body is None:
        return None
    return ResponseView(
        status="required" if body.get("required") else "optional",
        description=paragraphs(body.get("description", "")),
        contents=tuple(
            ContentView(media, type_of(content.get("schema", {})))
            for media, content in (body.get("content") or {}).items()
        ),
    )


def _parameter(parameter: dict[str, Any]) -> ParameterView:
    schema = parameter.get("schema", {})
    items = schema.get("items", {}) if schema.get("type") == "array" else schema
    examples = [example.get("value") for example in (parameter.get("examples") or {}).values()]
    if "example" in parameter:
        examples.append(parameter["example"])
    return ParameterView(
        name=str(parameter.get("name", "")),
        location=str(parameter.get("in", "")),
        required=bool(parameter.get("required", False)),
        type=type_of(schema),
        description=paragraphs(parameter.get("description", "")),
        enum=tuple(str(value) for value in items.get("enum", [])),
        default=None if "default" not in schema else _shown(schema["default"]),
        examples=tuple(_shown(value) for value in examples if value is not None),
    )


def _schema(name: str, schema: dict[str, Any]) -> SchemaView:
    required = set(schema.get("required", []))
    return SchemaView(
        name=name,
        anchor="schema-" + _slug(name),
        type=type_of(schema),
        description=paragraphs(schema.get("description", "")),
        properties=tuple(
            PropertyView(
                name=prop_name,
                type=type_of(prop),
                required=prop_name in required,
                description=paragraphs(prop.get("description", "")),
                enum=tuple(str(value) for value in prop.get("enum", [])),
            )
            for prop_name, prop in (schema.get("properties") or {}).items()
        ),
        enum=tuple(str(value) for value in schema.get("enum", [])),
    )


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")
