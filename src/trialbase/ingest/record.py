"""One study read from an input, with exactly where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trialbase.domain.issue import Issue


@dataclass(frozen=True, slots=True)
class RecordLocation:
    """Where a record sits: the file, the archive member, the line or the position in a list."""

    file: str
    member: str | None = None
    line: int | None = None
    record: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.member:
            text += f"!{self.member}"
        if self.line is not None:
            text += f":{self.line}"
        if self.record is not None:
            text += f" record {self.record}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "member": self.member, "line": self.line, "record": self.record}


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A study document in the v2 shape, or the reasons it could not be read.

    Readers never raise for a bad record: they yield a ``SourceRecord`` whose ``issues`` say what
    is wrong, so the pipeline can report it and carry on with the rest of the input.
    ``document`` is ``None`` when the record could not be read or converted at all.

    ``provenance`` travels beside the document into the store (the document itself stays exactly
    the v2 shape). Known keys: ``format`` (``v2-json``, ``legacy-xml``, ``aact``, ``api``,
    ``synthetic``), ``synthetic`` (true for made-up demo studies), ``approximateGeoPoints``
    (indexes of ``contactsLocationsModule.locations`` whose ``geoPoint`` was geocoded from the
    city name rather than given by the source), ``partial`` (true when the source holds only part
    of the record, as AACT tables do).
    """

    location: RecordLocation
    document: dict[str, Any] | None
    nct_id: str | None = None
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def readable(self) -> bool:
        return self.document is not None
