"""Reading ClinicalTrials.gov API v2 JSON in every shape it is handed out.

* one study object (``/studies/{nctId}``, a file from the website's bulk zip),
* a JSON array of studies,
* a page of the ``/studies`` endpoint: ``{"studies": [...], "nextPageToken": ...}``,
* JSON Lines: one study per line (what ``trialbase export`` and many tools write).

Readers never raise for bad content: a record that cannot be read becomes a ``SourceRecord``
without a document and with an issue that says what is wrong and where.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import IO, Any

import orjson

from trialbase.domain.issue import Issue
from trialbase.domain.study_document import nct_id_of
from trialbase.ingest.record import RecordLocation, SourceRecord

_NCT_IN_TEXT = re.compile(rb'"nctId"\s*:\s*"(NCT\d{8})"')
_PROVENANCE = {"format": "v2-json"}


def read_v2_json(stream: IO[bytes], file: str, member: str | None = None) -> Iterator[SourceRecord]:
    """Yield the studies in a v2 JSON stream of any of the supported shapes."""
    lines = enumerate(stream, start=1)
    first = _next_content_line(lines)
    if first is None:
        yield _failure(RecordLocation(file, member), "empty-input", "the file holds no JSON at all")
        return
    first_number, first_line = first
    if first_line.lstrip().startswith(b"{"):
        try:
            parsed = orjson.loads(first_line)
        except orjson.JSONDecodeError:
            parsed = None
        if isinstance(parsed, dict):
            # A whole object on the first line: JSON Lines if anything follows, else one document.
            second = _next_content_line(lines)
            if second is None:
                yield from _whole(parsed, file, member)
                return
            yield _study(parsed, RecordLocation(file, member, line=first_number))
            yield from _json_lines(itertools.chain([second], lines), file, member)
            return
    text = first_line + b"".join(line for _, line in lines)
    try:
        parsed = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        yield _malformed(text, error, RecordLocation(file, member), first_line=first_number)
        return
    yield from _whole(parsed, file, member)


def _next_content_line(lines: Iterator[tuple[int, bytes]]) -> tuple[int, bytes] | None:
    for number, line in lines:
        if line.strip():
            return number, line
    return None


def _whole(parsed: Any, file: str, member: str | None) -> Iterator[SourceRecord]:
    if isinstance(parsed, list):
        for index, item in enumerate(parsed):
            yield _study(item, RecordLocation(file, member, record=index))
    elif isinstance(parsed, dict) and "studies" in parsed and "protocolSection" not in parsed:
        studies = parsed["studies"]
        if not isinstance(studies, list):
            yield _failure(
                RecordLocation(file, member), "not-a-page", '"studies" must be a list of study objects'
            )
            return
        for index, item in enumerate(studies):
            yield _study(item, RecordLocation(file, member, record=index))
    else:
        yield _study(parsed, RecordLocation(file, member))


def _json_lines(lines: Iterator[tuple[int, bytes]], file: str, member: str | None) -> Iterator[SourceRecord]:
    for number, line in lines:
        if not line.strip():
            continue
        location = RecordLocation(file, member, line=number)
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield _malformed(line, error, location)
            continue
        yield _study(item, location)


def _study(item: Any, location: RecordLocation) -> SourceRecord:
    if not isinstance(item, dict):
        kind = type(item).__name__ if item is not None else "null"
        return _failure(location, "not-an-object", f"a study must be a JSON object, got {kind}")
    return SourceRecord(
        location=location, document=item, nct_id=nct_id_of(item), provenance=dict(_PROVENANCE)
    )


def _failure(location: RecordLocation, code: str, message: str, nct_id: str | None = None) -> SourceRecord:
    return SourceRecord(location=location, document=None, nct_id=nct_id, issues=(Issue("", code, message),))


def _malformed(
    text: bytes, error: orjson.JSONDecodeError, location: RecordLocation, *, first_line: int | None = None
) -> SourceRecord:
    found = _NCT_IN_TEXT.search(text)
    nct_id = found.group(1).decode() if found else None
    if first_line is None:
        where = f"column {error.colno}"
    else:
        where = f"line {error.lineno + first_line - 1}, column {error.colno}"
    message = f"not valid JSON at {where}: {error.msg}"
    return _failure(location, "malformed-json", message, nct_id)
