"""Rendering studies in the formats of the v2 API: JSON, CSV, a zipped JSON file, FHIR and RIS.

A document goes through the same steps whatever the format: the spec's keys only, then the
``fields`` asked for, then (JSON only) the markup format. The list and the single study share
these functions, so a study reads the same in both.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from trialbase.api.v2.errors import ParameterError, did_you_mean
from trialbase.api.v2.params import MarkupFormat
from trialbase.api.v2.projection import FieldSelection, spec_json, spec_keys
from trialbase.export.csv_table import CSV_COLUMNS, UnknownColumn, column, csv_text, in_canonical_order
from trialbase.export.markup import to_legacy

JSON = "application/json"
CSV = "text/csv; charset=utf-8"
ZIP = "application/zip"
FHIR_JSON = "application/fhir+json"
RIS = "application/x-research-info-systems; charset=utf-8"
RIS_TAG_WIDTH = 2
_RIS_TAG = re.compile(r"^[A-Za-z][A-Za-z0-9]$")


@dataclass(frozen=True, slots=True)
class JsonShape:
    """How a study is cut and written in JSON."""

    selection: FieldSelection | None = None
    markup: MarkupFormat = MarkupFormat.MARKDOWN

    @property
    def is_plain(self) -> bool:
        """The whole study in Markdown: the stored bytes can be re-encoded without decoding."""
        return self.selection is None and self.markup is MarkupFormat.MARKDOWN

    def apply(self, document: dict[str, Any]) -> dict[str, Any]:
        shaped = spec_keys(document)
        if self.selection is not None:
            shaped = self.selection.project(shaped)
        if self.markup is MarkupFormat.LEGACY:
            shaped = to_legacy(shaped)
        return shaped


def json_shape(
    fields: Sequence[str] | None, markup: MarkupFormat, *, queried_areas: Iterable[str] = ()
) -> JsonShape:
    selection = FieldSelection.resolve(fields, queried_areas=queried_areas) if fields else None
    return JsonShape(selection, markup)


def csv_columns(fields: Sequence[str] | None) -> tuple[str, ...]:
    """The CSV columns named by ``fields`` (official names, any case), in canonical order."""
    if not fields:
        return CSV_COLUMNS
    try:
        return in_canonical_order(column(name) for name in fields)
    except UnknownColumn as error:
        raise ParameterError(
            f"`{error.name}` in `fields` is not a CSV column{did_you_mean(error.name, CSV_COLUMNS)} "
            f"(columns: {', '.join(CSV_COLUMNS)})"
        ) from None


def study_json(stored: bytes, shape: JsonShape) -> bytes:
    """A study as the API writes it, from its stored compact JSON."""
    if shape.is_plain:
        return spec_json(stored)
    return orjson.dumps(shape.apply(orjson.loads(stored)))


def page_json(
    studies: Iterable[bytes], shape: JsonShape, *, total: int | None, next_page_token: str | None
) -> bytes:
    """A page as ``PagedStudies``: ``totalCount`` if counted, ``studies``, ``nextPageToken`` if more
    (``studies`` are stored compact JSON, written as ``study_json`` writes each)."""
    parts = [b"{"]
    if total is not None:
        parts.append(b'"totalCount":%d,' % total)
    parts += [b'"studies":[', b",".join(study_json(stored, shape) for stored in studies), b"]"]
    if next_page_token is not None:
        parts += [b',"nextPageToken":', orjson.dumps(next_page_token)]
    parts.append(b"}")
    return b"".join(parts)


def csv_lines(
    documents: Iterable[dict[str, Any]], columns: Sequence[str], *, header: bool = True
) -> Iterator[str]:
    """CSV lines of the spec-key documents (the header only when ``header``)."""
    return csv_text((spec_keys(document) for document in documents), columns, header=header)


def json_zip(nct_id: str, stored: bytes, shape: JsonShape) -> bytes:
    """A zip archive holding ``NCTxxxxxxxx.json`` (markup stays Markdown, as the spec says)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{nct_id}.json", study_json(stored, JsonShape(shape.selection)))
    return buffer.getvalue()


def fhir_json(document: dict[str, Any]) -> bytes:
    from trialbase.export.fhir import fhir_research_study

    return orjson.dumps(fhir_research_study(spec_keys(document)))


def ris_text(document: dict[str, Any], tags: Sequence[str] | None) -> str:
    """The study's RIS record; with ``tags``, only those tags (``TY`` and ``ER`` always stay)."""
    from trialbase.export.ris import ris_record

    record = ris_record(spec_keys(document))
    if not tags:
        return record
    wanted = {"TY", "ER"}
    for tag in tags:
        if not _RIS_TAG.match(tag.strip()):
            raise ParameterError(
                f"`{tag}` in `fields` is not a RIS tag (two letters or a letter and a digit, e.g. TI, AU, Y1)"
            )
        wanted.add(tag.strip().upper())
    lines = [line for line in record.splitlines(keepends=True) if line[:RIS_TAG_WIDTH].upper() in wanted]
    return "".join(lines)
