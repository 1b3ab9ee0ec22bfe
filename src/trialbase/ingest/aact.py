"""Importing an AACT export: one partial v2 study document for each row of the studies table.

AACT is the Clinical Trials Transformation Initiative's relational copy of ClinicalTrials.gov, one
file per table (``studies.csv``, ``conditions.csv``, ... as ``.csv``, ``.csv.gz`` or AACT's
pipe-delimited ``.txt``). ``read_aact_directory`` joins the tables it knows on ``nct_id`` and yields
one ``SourceRecord`` per study, in the order of the studies table, with the document in the exact
v2 shape (keys in the model's order) and ``provenance = {"format": "aact", "partial": True}``:
an export holds only some of a record (see ``docs/importing-aact.md`` for what is and is not there).

The tables other than ``studies`` are read into memory grouped by study (their rows are in no
particular order in the files); the studies table is streamed. Findings name the table, row and
column a value came from (``designs.csv.gz row 812 column allocation``). A study without a usable
``nct_id`` becomes a record without a document and with an error; a value that cannot be mapped
is left out with a warning. A damaged or ambiguous table stops the import with one record that
says which file and where.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from trialbase.domain.document_order import in_document_order
from trialbase.domain.issue import Issue, Severity
from trialbase.domain.nct_id import is_canonical_nct_id
from trialbase.ingest.aact_protocol import PROTOCOL_TABLES, STUDY_COLUMNS, derived_section, protocol_section
from trialbase.ingest.aact_results import RESULT_TABLES, results_section
from trialbase.ingest.aact_tables import (
    GroupedTable,
    Row,
    TableError,
    TableFile,
    find_tables,
    group_by_study,
    read_rows,
)
from trialbase.ingest.aact_values import Findings, prune
from trialbase.ingest.record import RecordLocation, SourceRecord

__all__ = ["AACT_PROVENANCE", "is_aact_directory", "read_aact_directory"]

AACT_PROVENANCE: Mapping[str, Any] = {"format": "aact", "partial": True}


def is_aact_directory(path: Path) -> bool:
    """True for a folder holding a studies table and at least one other AACT table."""
    if not path.is_dir():
        return False
    tables = find_tables(path)
    return "studies" in tables and len(tables) >= 2


def read_aact_directory(path: Path) -> Iterator[SourceRecord]:
    """One record per row of the studies table, with what the other tables hold about the study.

    Then one record without a document for each study that has rows in other tables but none in
    the studies table, and for each row of another table that names no study.
    """
    tables = find_tables(path)
    for name, files in sorted(tables.items()):
        if len(files) > 1:
            shown = " and ".join(file.label for file in files)
            yield _failure(
                str(path),
                None,
                "ambiguous-table",
                f"the table {name} is there twice ({shown}); keep one file per table",
            )
            return
    if "studies" not in tables:
        yield _failure(
            str(path), None, "not-aact", "no studies table (studies.csv, studies.csv.gz or studies.txt)"
        )
        return
    studies = tables["studies"][0]
    try:
        grouped = _read_grouped(tables)
    except TableError as error:
        yield _failure(str(error.file), error.row, error.code, str(error))
        return
    for table in grouped.values():
        for row in table.without_nct_id:
            yield _failure(
                str(table.table.path),
                row.number,
                "missing-nct-id",
                "the row names no study (nct_id is empty), so it was not imported",
                path=row.where("nct_id"),
            )
    first_rows: dict[str, int] = {}
    try:
        for row in read_rows(studies, STUDY_COLUMNS):
            yield _study_record(row, studies, grouped, first_rows)
    except TableError as error:
        yield _failure(str(error.file), error.row, error.code, str(error))
        return
    yield from _orphans(grouped, studies)


def _read_grouped(tables: Mapping[str, list[TableFile]]) -> dict[str, GroupedTable]:
    grouped: dict[str, GroupedTable] = {}
    for name, (required, optional) in {**PROTOCOL_TABLES, **RESULT_TABLES}.items():
        if name in tables:
            grouped[name] = group_by_study(tables[name][0], (*required, *optional), required)
    return grouped


def _failure(
    file: str, record: int | None, code: str, message: str, *, path: str = "", nct_id: str | None = None
) -> SourceRecord:
    return SourceRecord(
        location=RecordLocation(file, record=record),
        document=None,
        nct_id=nct_id,
        issues=(Issue(path, code, message, Severity.ERROR),),
        provenance=dict(AACT_PROVENANCE),
    )


def _study_record(
    row: Row, studies: TableFile, grouped: Mapping[str, GroupedTable], first_rows: dict[str, int]
) -> SourceRecord:
    location = RecordLocation(str(studies.path), record=row.number)
    nct_id = row["nct_id"]
    if not nct_id:
        return _failure(
            location.file,
            row.number,
            "missing-nct-id",
            "the study has no nct_id, so it cannot be imported",
            path=row.where("nct_id"),
        )
    if not is_canonical_nct_id(nct_id):
        return _failure(
            location.file,
            row.number,
            "bad-nct-id",
            f"{nct_id!r} is not an NCT number (expected NCT followed by 8 digits, e.g. NCT04822922)",
            path=row.where("nct_id"),
        )
    if nct_id in first_rows:
        return _failure(
            location.file,
            row.number,
            "duplicate-nct-id",
            f"{nct_id} is in {studies.label} twice; the rows of the other tables went with its first "
            f"row ({first_rows[nct_id]}), so this one was not imported",
            path=row.where("nct_id"),
            nct_id=nct_id,
        )
    first_rows[nct_id] = row.number
    children = {
        name: sorted(table.by_study.pop(nct_id, ()), key=Row.sort_key) for name, table in grouped.items()
    }
    findings = Findings()
    pruned = prune(
        {
            "protocolSection": protocol_section(row, children, findings),
            "resultsSection": results_section(row, children, findings),
            "derivedSection": derived_section(children, findings),
            "hasResults": bool(row["results_first_posted_date"]),
        }
    )
    document = in_document_order(pruned) if pruned is not None else None
    return SourceRecord(
        location=location,
        document=document,
        nct_id=nct_id,
        issues=tuple(findings.issues),
        provenance=dict(AACT_PROVENANCE),
    )


def _orphans(grouped: Mapping[str, GroupedTable], studies: TableFile) -> Iterator[SourceRecord]:
    left: dict[str, list[tuple[TableFile, Row]]] = {}
    for table in grouped.values():
        for nct_id, rows in table.by_study.items():
            left.setdefault(nct_id, []).extend((table.table, row) for row in rows)
    for nct_id in sorted(left):
        found = left[nct_id]
        first_table, first = found[0]
        files = ", ".join(sorted({file.label for file, _ in found}))
        yield _failure(
            str(first_table.path),
            first.number,
            "not-in-studies-table",
            f"{nct_id} has {len(found)} row(s) in {files} but no row in {studies.label}, "
            "so they were not imported",
            path=first.where("nct_id"),
            nct_id=nct_id,
        )
