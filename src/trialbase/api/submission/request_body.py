"""Reading a JSON request body: the right media type, a size limit, and where it stops being JSON.

The body is read in chunks and refused (413) as soon as it passes ``MAX_BODY_BYTES``, whatever
``Content-Length`` said; the server-wide limit (``TRIALBASE_MAX_BODY_BYTES``) applies before it.
A body that is not JSON is refused (400) with the line, column and character where it went wrong.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request

from trialbase.api.submission.problems import Problem

MAX_BODY_BYTES = 1024 * 1024  # a study document with results is well under this


async def json_body(request: Request) -> Any:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        raise Problem(
            415,
            f"Send the study document as JSON with `Content-Type: application/json` "
            f"(this request said {media_type or 'nothing'!r}).",
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Problem(413, f"The body is larger than {MAX_BODY_BYTES:,} bytes, the most this API takes.")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data.strip():
        raise Problem(400, "The body is empty; send the study document as JSON.")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise Problem(
            400,
            f"The body is not JSON: {error.msg} at line {error.lineno}, column {error.colno}.",
            line=error.lineno,
            column=error.colno,
            position=error.pos,
        ) from None
