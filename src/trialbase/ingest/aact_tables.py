"""Reading the table files of an AACT export: which files there are, their rows, grouped by study.

AACT (the Clinical Trials Transformation Initiative's relational copy of ClinicalTrials.gov) is
handed out as one file per table: ``studies.csv``, ``conditions.csv``, ... either as comma
separated ``.csv`` (optionally gzipped) or as AACT's pipe-delimited ``.txt`` flat files. Both are
CSV in the PostgreSQL ``COPY`` sense: a header line, quotes only where a value needs them.

Rows are numbered from 1 after the header, so ``designs.csv.gz row 812`` is the 812th data row
whatever line breaks its quoted values hold. Only the columns the importer reads are kept in memory.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import IO

# Every table of the AACT schema (2017 onwards), so a folder holding some of them is recognised.
AACT_TABLE_NAMES = frozenset(
    {
        "baseline_counts",
        "baseline_measurements",
        "brief_summaries",
        "browse_conditions",
        "browse_interventions",
        "calculated_values",
        "central_contacts",
        "conditions",
        "countries",
        "design_group_interventions",
        "design_groups",
        "design_outcomes",
        "designs",
        "detailed_descriptions",
        "documents",
        "drop_withdrawals",
        "eligibilities",
        "facilities",
        "facility_contacts",
        "facility_investigators",
        "id_information",
        "intervention_other_names",
        "interventions",
        "ipd_information_types",
        "keywords",
        "links",
        "milestones",
        "outcome_analyses",
        "outcome_analysis_groups",
        "outcome_counts",
        "outcome_measurements",
        "outcomes",
        "overall_officials",
        "participant_flows",
        "pending_results",
        "provided_documents",
        "reported_event_totals",
        "reported_events",
        "responsible_parties",
        "result_agreements",
        "result_contacts",
        "result_groups",
        "retractions",
        "sponsors",
        "studies",
        "study_references",
    }
)
# File name endings and their delimiters, in the order a table's file is looked for.
_SUFFIXES = ((".csv.gz", ","), (".csv", ","), (".txt.gz", "|"), (".txt", "|"))


class TableError(Exception):
    """A table file that cannot be read as a whole: missing columns, damage, two files for one table."""

    def __init__(self, file: Path, code: str, message: str, row: int | None = None) -> None:
        self.file = file
        self.code = code
        self.row = row
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class TableFile:
    """One table of an export: its AACT name, where the file is and how its values are separated."""

    name: str
    path: Path
    delimiter: str

    @property
    def label(self) -> str:
        """The file name, as findings quote it (``designs.csv.gz``)."""
        return self.path.name


def table_name(file_name: str) -> tuple[str, str] | None:
    """The AACT table a file name stands for and its delimiter, or None for any other file."""
    lowered = file_name.lower()
    for suffix, delimiter in _SUFFIXES:
        if lowered.endswith(suffix):
            name = lowered[: -len(suffix)]
            return (name, delimiter) if name in AACT_TABLE_NAMES else None
    return None


def find_tables(directory: Path) -> dict[str, list[TableFile]]:
    """The AACT table files in a folder, by table name (a name with two files is the caller's problem)."""
    found: dict[str, list[TableFile]] = {}
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return found
    for entry in entries:
        recognised = table_name(entry.name)
        if recognised is None or not entry.is_file():
            continue
        name, delimiter = recognised
        found.setdefault(name, []).append(TableFile(name, entry, delimiter))
    return found


class Columns:
    """The columns kept from one table file, and where each sits in a kept row's values."""

    __slots__ = ("index", "label")

    def __init__(self, label: str, kept: Sequence[str]) -> None:
        self.label = label
        self.index = {name: position for position, name in enumerate(kept)}


class Row:
    """One data row of a table: its number in the file and the values of the kept columns."""

    __slots__ = ("columns", "number", "values")

    def __init__(self, columns: Columns, number: int, values: tuple[str, ...]) -> None:
        self.columns = columns
        self.number = number
        self.values = values

    def __getitem__(self, column: str) -> str:
        """The value without surrounding blanks; '' when empty or when the file has no such column."""
        return self.values[self.columns.index[column]]

    def where(self, column: str | None = None) -> str:
        """``designs.csv.gz row 812 column allocation``: where a value came from."""
        text = f"{self.columns.label} row {self.number}"
        return f"{text} column {column}" if column else text

    def sort_key(self) -> tuple[int, int]:
        """AACT's ``id`` order, which is the order of the items in the study record."""
        identifier = self["id"]
        return (int(identifier) if identifier.isdigit() else 1 << 62, self.number)


def read_rows(
    table: TableFile, wanted: Sequence[str], required: Sequence[str] = ("nct_id",)
) -> Iterator[Row]:
    """Stream the rows of a table with the ``wanted`` columns ('' for those the file lacks).

    Raises ``TableError`` when a ``required`` column is absent or the file is damaged (the rows
    before the damage have been yielded by then).
    """
    number = 0
    try:
        with _open_text(table.path) as text:
            reader = csv.reader(text, delimiter=table.delimiter)
            header = [name.strip().lstrip("\ufeff").lower() for name in next(reader, [])]
            absent = [name for name in required if name not in header]
            if absent:
                raise TableError(
                    table.path,
                    "missing-column",
                    f"{table.label} has no column {', '.join(absent)} "
                    f"(its header is: {', '.join(header) or 'empty'})",
                )
            columns = Columns(table.label, wanted)
            width = len(header)
            # A column the file lacks reads the '' appended to every row.
            pick = itemgetter(*(header.index(name) if name in header else -1 for name in wanted), -1)
            shared: dict[str, str] = {}  # one string object per distinct value: 'Participants', nct ids
            share = shared.setdefault
            for number, values in enumerate(reader, start=1):
                if not values:
                    continue
                if len(values) < width:
                    values += [""] * (width - len(values))
                values.append("")
                kept = list(map(str.strip, pick(values)))[:-1]
                yield Row(columns, number, tuple(map(share, kept, kept)))
    except TableError:
        raise
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as error:
        where = f" after row {number}" if number else ""
        raise TableError(
            table.path, "damaged-table", f"{table.label} is damaged{where}: {error}", number + 1
        ) from None


def _open_text(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


@dataclass(slots=True)
class GroupedTable:
    """A table's rows grouped by ``nct_id`` (in file order), plus the rows that name no study."""

    table: TableFile
    by_study: dict[str, list[Row]]
    without_nct_id: list[Row]


def group_by_study(table: TableFile, wanted: Sequence[str], required: Sequence[str]) -> GroupedTable:
    """Read a whole table into memory, grouped by study (raises ``TableError`` like ``read_rows``)."""
    grouped = GroupedTable(table, {}, [])
    columns = ("nct_id", *(name for name in wanted if name != "nct_id"))
    for row in read_rows(table, columns, ("nct_id", *required)):
        nct_id = row["nct_id"]
        if nct_id:
            grouped.by_study.setdefault(nct_id, []).append(row)
        else:
            grouped.without_nct_id.append(row)
    return grouped
