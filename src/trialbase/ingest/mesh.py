"""Reading MeSH vocabulary files for ``trialbase vocab import``.

Four formats, detected from the content (gzip or not), never from the name:

* NLM's descriptor XML, ``desc20XX.xml`` (``DescriptorRecordSet``/``DescriptorRecord`` with
  ``DescriptorUI``, ``DescriptorName/String``, ``TreeNumberList/TreeNumber`` and the terms under
  ``ConceptList/Concept/TermList/Term/String``), streamed: the real file is about 300 MB;
* JSON descriptors, ``[{"id", "name", "synonyms": [...]}]`` (the shared entry-term file) or
  ``{"descriptors": [...]}`` whose items may also give ``treeNumbers`` (the starter vocabulary);
* a CSV of descriptor ids and names (columns ``id`` and ``subject`` or ``name``; an id may be
  an ``https://id.nlm.nih.gov/mesh/D000001`` address);
* ``name;tree number`` lines (NLM's ``mtrees20XX.bin``), joined to the descriptors by name.

Several files combine into one vocabulary: descriptors are merged by id, and tree-number lines
place the descriptors that no descriptor XML placed. Every problem is reported with its file and
record or line, and a file with problems is not imported at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any, Literal

import orjson

from trialbase.ingest.gzip_stream import TolerantGzipReader, TruncatedGzip
from trialbase.store.vocabulary_store import (
    Descriptor,
    InvalidDescriptorId,
    descriptor_id,
    is_tree_number,
    term_key,
)

MeshFormat = Literal["descriptor XML", "descriptor JSON", "descriptor CSV", "tree numbers"]
ReadProgress = Callable[[int, int, int], None]  # (bytes read, bytes in all files, descriptors read)

STARTER_SOURCE = "Trialbase starter vocabulary"
_MAX_SHOWN = 20
_GZIP = b"\x1f\x8b"
_TREE_LINE = re.compile(r"[^;]+;[A-Z]\d{2}(\.\d{3})*")
_OTHER_MESH_XML = {
    "SupplementalRecordSet": "MeSH supplementary concept records (supp20XX.xml)",
    "QualifierRecordSet": "MeSH qualifiers (qual20XX.xml)",
    "PharmacologicalActionSet": "MeSH pharmacological actions (pa20XX.xml)",
}


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    where: str  # "line 12", "record 3 (D000123)", or "" for the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.path}{', ' + self.where if self.where else ''}: {self.message}"


class VocabularyFileError(Exception):
    """Input that cannot be imported; ``problems`` says what is wrong and where."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        shown = [str(problem) for problem in self.problems[:_MAX_SHOWN]]
        if len(self.problems) > _MAX_SHOWN:
            shown.append(f"... and {len(self.problems) - _MAX_SHOWN:,} more problems")
        super().__init__("\n".join(shown))


@dataclass
class SourceSummary:
    """What one file contributed."""

    path: str
    format: MeshFormat
    descriptors: int = 0
    terms: int = 0
    tree_lines: int = 0
    tree_lines_placed: int = 0
    tree_lines_kept_out: int = 0  # the descriptor XML placed that descriptor (or that tree number)
    unknown_names: list[str] = field(default_factory=list)  # tree lines naming no descriptor

    def describe(self) -> str:
        if self.format == "tree numbers":
            text = f"{self.tree_lines:,} tree numbers, {self.tree_lines_placed:,} placed by name"
            if self.tree_lines_kept_out:
                text += f"; {self.tree_lines_kept_out:,} left to the descriptor XML's own tree numbers"
            if self.unknown_names:
                examples = ", ".join(repr(name) for name in self.unknown_names[:3])
                text += f"; {len(self.unknown_names):,} lines name no descriptor (e.g. {examples})"
            return f"{self.path}: {self.format}, {text}"
        return f"{self.path}: {self.format}, {self.descriptors:,} descriptors, {self.terms:,} terms"


@dataclass(frozen=True)
class Vocabulary:
    """Descriptors ready for ``VocabularyStore.replace``, with where they came from."""

    descriptors: list[Descriptor]
    sources: list[SourceSummary]
    version: str  # derived from the content: the same vocabulary always gets the same version
    source: str


def read_vocabulary(
    paths: Sequence[Path], *, starter: bool = False, progress: ReadProgress | None = None
) -> Vocabulary:
    """Read and combine vocabulary files (and the starter vocabulary if ``starter``).

    Raises ``VocabularyFileError`` listing every problem found.
    """
    paths = list(dict.fromkeys(paths))
    merged = _Merged()
    sources: list[SourceSummary] = []
    trees: list[tuple[SourceSummary, list[tuple[str, str]]]] = []
    counter = _Counter(sum(path.stat().st_size for path in paths), progress)
    for path in paths:
        summary, records, tree_lines = _read_file(path, counter, merged.problems)
        sources.append(summary)
        for record in records:
            merged.add(record, summary, from_xml=summary.format == "descriptor XML")
            counter.descriptors += 1
        if tree_lines:
            trees.append((summary, tree_lines))
    if starter:
        summary = SourceSummary(STARTER_SOURCE, "descriptor JSON")
        sources.append(summary)
        with resources.files("trialbase.demo").joinpath("starter_vocabulary.json").open("rb") as stream:
            for record in _read_json(stream, STARTER_SOURCE, merged.problems):
                merged.add(record, summary, from_xml=False)
    if not merged.records and not merged.problems:
        why = (
            "tree-number lines name descriptors only by name; import them together with a descriptor "
            "file (desc20XX.xml, the descriptor CSV or the entry-term JSON)"
            if trees
            else "the files hold no descriptor records"
        )
        merged.problems.append(Problem(", ".join(str(path) for path in paths), "", f"no descriptors: {why}"))
    for summary, tree_lines in trees:
        merged.place(summary, tree_lines)
    if merged.problems:
        raise VocabularyFileError(merged.problems)
    descriptors = merged.descriptors()
    return Vocabulary(
        descriptors=descriptors,
        sources=sources,
        version=vocabulary_version(descriptors),
        source=" + ".join(Path(summary.path).name for summary in sources),
    )


def vocabulary_version(descriptors: Sequence[Descriptor]) -> str:
    """A short digest of the content: ids, names, tree numbers and terms."""
    digest = hashlib.sha256()
    for item in sorted(descriptors, key=lambda item: item.id):
        line = "\t".join((item.id, item.name, " ".join(sorted(item.tree_numbers)), *sorted(item.entry_terms)))
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()[:16]


# --- merging ---------------------------------------------------------------------------------


@dataclass
class _Entry:
    name: str
    trees: list[str]
    terms: dict[str, None]  # ordered set
    placed_by_xml: bool


class _Merged:
    def __init__(self) -> None:
        self.records: dict[str, _Entry] = {}
        self.problems: list[Problem] = []
        self._seen_in: dict[str, str] = {}

    def add(self, record: Descriptor, summary: SourceSummary, *, from_xml: bool) -> None:
        if self._seen_in.get(record.id) == summary.path:
            self.problems.append(Problem(summary.path, "", f"descriptor {record.id} is listed twice"))
            return
        self._seen_in[record.id] = summary.path
        summary.descriptors += 1
        summary.terms += len(record.entry_terms) + 1
        entry = self.records.get(record.id)
        if entry is None:
            self.records[record.id] = _Entry(
                record.name, list(record.tree_numbers), dict.fromkeys(record.entry_terms), from_xml
            )
            return
        # Another file names the same descriptor: the first name stays, a different one becomes
        # an entry term (as MeSH keeps former names), and terms and tree numbers are combined.
        entry.terms.update(dict.fromkeys((record.name, *record.entry_terms)))
        entry.trees.extend(tree for tree in record.tree_numbers if tree not in entry.trees)
        entry.placed_by_xml = entry.placed_by_xml or from_xml

    def place(self, summary: SourceSummary, lines: list[tuple[str, str]]) -> None:
        """Give tree numbers to descriptors by name (MeSH names are unique within a year)."""
        by_name = {entry.name: key for key, entry in self.records.items()}
        by_key = {term_key(entry.name): key for key, entry in self.records.items()}
        by_term: dict[str, str | None] = {}
        for key, entry in self.records.items():
            for term in entry.terms:
                folded = term_key(term)
                by_term[folded] = key if by_term.get(folded, key) == key else None
        owners = {tree: key for key, entry in self.records.items() for tree in entry.trees}
        for name, tree in lines:
            found = by_name.get(name) or by_key.get(term_key(name)) or by_term.get(term_key(name))
            if found is None:
                summary.unknown_names.append(name)
                continue
            entry = self.records[found]
            if entry.placed_by_xml or owners.setdefault(tree, found) != found:
                summary.tree_lines_kept_out += 1  # the descriptor file's own tree numbers win
                continue
            if tree not in entry.trees:
                entry.trees.append(tree)
            summary.tree_lines_placed += 1

    def descriptors(self) -> list[Descriptor]:
        return [
            Descriptor(
                id=key,
                name=entry.name,
                tree_numbers=tuple(entry.trees),
                entry_terms=tuple(term for term in entry.terms if term != entry.name),
            )
            for key, entry in sorted(self.records.items())
        ]


# --- reading one file ------------------------------------------------------------------------


class _Counter:
    def __init__(self, total: int, progress: ReadProgress | None) -> None:
        self.total = total
        self.done = 0
        self.descriptors = 0
        self._progress = progress

    def read(self, size: int) -> None:
        self.done += size
        if self._progress is not None:
            self._progress(self.done, self.total, self.descriptors)


class _CountingReader(io.RawIOBase):
    def __init__(self, raw: IO[bytes], counter: _Counter) -> None:
        self._raw = raw
        self._counter = counter

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._counter.read(len(data))
        return len(data)


def _read_file(
    path: Path, counter: _Counter, problems: list[Problem]
) -> tuple[SourceSummary, Iterator[Descriptor], list[tuple[str, str]]]:
    """Detect the format; descriptor records are read lazily, tree lines at once."""
    shown = str(path)
    try:
        raw = path.open("rb")
        gzipped = raw.read(2) == _GZIP
        raw.seek(0)
    except OSError as error:
        raise VocabularyFileError([Problem(shown, "", f"cannot be read ({error.strerror})")]) from None
    stream: io.BufferedReader[Any] = io.BufferedReader(_CountingReader(raw, counter), buffer_size=1 << 20)
    if gzipped:
        stream = io.BufferedReader(TolerantGzipReader(stream), buffer_size=1 << 20)
    try:
        kind = _detect(stream.peek(4096)[:4096], shown)
    except TruncatedGzip as error:
        raw.close()
        raise VocabularyFileError([Problem(shown, "", str(error))]) from None
    except VocabularyFileError:
        raw.close()
        raise
    summary = SourceSummary(shown, kind)
    if kind == "tree numbers":
        with raw:
            lines = list(_guarded(_read_trees(stream, shown, problems), shown))
        summary.tree_lines = len(lines)
        return summary, iter(()), lines
    readers = {"descriptor XML": _read_xml, "descriptor JSON": _read_json, "descriptor CSV": _read_csv}

    def records() -> Iterator[Descriptor]:
        with raw:
            yield from _guarded(readers[kind](stream, shown, problems), shown)

    return summary, records(), []


def _guarded(records: Iterator[Any], shown: str) -> Iterator[Any]:
    """Turn a damaged gzip stream into a problem report."""
    try:
        yield from records
    except TruncatedGzip as error:
        raise VocabularyFileError([Problem(shown, "", str(error))]) from None


def _detect(head: bytes, shown: str) -> MeshFormat:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    first_line = text.split("\n", 1)[0].strip()
    if not text:
        raise VocabularyFileError([Problem(shown, "", "the file is empty")])
    if text.startswith("<"):
        body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text, flags=re.DOTALL)
        root = re.match(r"\s*<([A-Za-z_][\w.-]*)", body)
        name = root.group(1) if root else "?"
        if name == "DescriptorRecordSet":
            return "descriptor XML"
        what = _OTHER_MESH_XML.get(name, f"XML whose root element is <{name}>")
        raise VocabularyFileError(
            [Problem(shown, "", f"this is {what}, not MeSH descriptors (desc20XX.xml)")]
        )
    if text.startswith(("[", "{")):
        return "descriptor JSON"
    if _TREE_LINE.fullmatch(first_line):
        return "tree numbers"
    if "," in first_line and (
        first_line.startswith("https://id.nlm.nih.gov/mesh/D") or _csv_columns(first_line) is not None
    ):
        return "descriptor CSV"
    if text.startswith("*NEWRECORD"):
        hint = "this is the MeSH ASCII format (d20XX.bin); import desc20XX.xml instead"
    else:
        hint = (
            "not a MeSH file Trialbase reads: expected desc20XX.xml (gzip or not), JSON descriptors, "
            "a CSV with id and name columns, or name;tree-number lines (mtrees20XX.bin); "
            f"the file starts with {first_line[:60]!r}"
        )
    raise VocabularyFileError([Problem(shown, "", hint)])


def _read_xml(stream: IO[bytes], shown: str, problems: list[Problem]) -> Iterator[Descriptor]:
    number = 0
    try:
        # Only "end" events (half the work of start and end); records do not nest, and each is
        # emptied once read, so memory stays flat over the whole file.
        for _event, element in ET.iterparse(stream, events=("end",)):
            if element.tag != "DescriptorRecord":
                continue
            number += 1
            record = _xml_record(element, f"record {number:,}", shown, problems)
            element.clear()
            if record is not None:
                yield record
    except ET.ParseError as error:
        line, column = error.position
        message = f"not well-formed XML ({str(error).split(':')[0]}); is the file complete?"
        raise VocabularyFileError([Problem(shown, f"line {line}, column {column + 1}", message)]) from None


def _xml_record(element: ET.Element, where: str, shown: str, problems: list[Problem]) -> Descriptor | None:
    ui = (element.findtext("DescriptorUI") or "").strip()
    name = " ".join((element.findtext("DescriptorName/String") or "").split())
    where = f"{where} ({ui})" if ui else where
    found: list[str] = []
    if not ui:
        found.append("has no <DescriptorUI>")
    if not name:
        found.append("has no <DescriptorName><String>")
    trees = [(tree.text or "").strip() for tree in element.iterfind("TreeNumberList/TreeNumber")]
    found += [f"has an invalid tree number {tree!r}" for tree in trees if not is_tree_number(tree)]
    try:
        key = descriptor_id(ui) if ui else ""
    except InvalidDescriptorId as error:
        found.append(str(error))
    problems.extend(Problem(shown, where, message) for message in found)
    if found:
        return None
    terms = (term.text or "" for term in element.iterfind("ConceptList/Concept/TermList/Term/String"))
    return Descriptor(key, name, tuple(trees), _clean_terms(terms, name))


def _clean_terms(terms: Iterator[str] | list[str], name: str) -> tuple[str, ...]:
    cleaned = (" ".join(term.split()) for term in terms)
    return tuple(dict.fromkeys(term for term in cleaned if term and term != name))


def _read_json(stream: IO[bytes], shown: str, problems: list[Problem]) -> Iterator[Descriptor]:
    try:
        data = orjson.loads(stream.read())
    except orjson.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise VocabularyFileError([Problem(shown, where, f"not valid JSON ({error.msg})")]) from None
    items = data.get("descriptors") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise VocabularyFileError(
            [Problem(shown, "", 'expected a JSON array of descriptors or an object with "descriptors"')]
        )
    for number, item in enumerate(items, start=1):
        record = _json_record(item, number, shown, problems)
        if record is not None:
            yield record


def _json_record(item: Any, number: int, shown: str, problems: list[Problem]) -> Descriptor | None:
    where = f"record {number:,}"
    if not isinstance(item, dict):
        problems.append(Problem(shown, where, 'expected an object with "id", "name" and "synonyms"'))
        return None
    raw_id, name = item.get("id"), item.get("name")
    where = f"{where} ({raw_id})" if isinstance(raw_id, str) else where
    found: list[str] = []
    key = ""
    try:
        key = descriptor_id(raw_id) if isinstance(raw_id, str) else ""
    except InvalidDescriptorId as error:
        found.append(str(error))
    if not key and not found:
        found.append('"id" is missing or not a string')
    if not isinstance(name, str) or not name.strip():
        found.append('"name" is missing or empty')
    lists = {}
    for field_name in ("synonyms", "treeNumbers"):
        value = item.get(field_name, [])
        if not isinstance(value, list) or not all(isinstance(term, str) for term in value):
            found.append(f'"{field_name}" must be a list of strings')
        lists[field_name] = value if isinstance(value, list) else []
    found += [
        f"invalid tree number {tree!r}"
        for tree in lists["treeNumbers"]
        if isinstance(tree, str) and not is_tree_number(tree)
    ]
    problems.extend(Problem(shown, where, message) for message in found)
    if found:
        return None
    assert isinstance(name, str)
    name = " ".join(name.split())
    return Descriptor(key, name, tuple(lists["treeNumbers"]), _clean_terms(lists["synonyms"], name))


def _csv_columns(header: str) -> tuple[int, int] | None:
    columns = [column.strip().casefold() for column in next(csv.reader([header]))]
    ids = [i for i, column in enumerate(columns) if column in ("id", "ui", "descriptorui", "descriptor_id")]
    names = [
        i for i, column in enumerate(columns) if column in ("subject", "name", "descriptorname", "label")
    ]
    return (ids[0], names[0]) if ids and names else None


def _read_csv(stream: IO[bytes], shown: str, problems: list[Problem]) -> Iterator[Descriptor]:
    rows = csv.reader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
    header = next(rows, [])
    columns = _csv_columns(",".join(header))
    id_column, name_column = columns or (0, -1)  # no header: the id (or its address) first, the name last
    if columns is None:
        yield from _csv_row(header, "line 1", id_column, name_column, shown, problems)
    for row in rows:
        yield from _csv_row(row, f"line {rows.line_num:,}", id_column, name_column, shown, problems)


def _csv_row(
    row: list[str], where: str, id_column: int, name_column: int, shown: str, problems: list[Problem]
) -> Iterator[Descriptor]:
    if not "".join(row).strip():
        return
    if len(row) < 2:
        problems.append(Problem(shown, where, "expected a descriptor id and a name"))
        return
    try:
        key = descriptor_id(row[id_column].rsplit("/", 1)[-1])
    except InvalidDescriptorId as error:
        problems.append(Problem(shown, where, str(error)))
        return
    name = " ".join(row[name_column].split())
    if not name:
        problems.append(Problem(shown, f"{where} ({key})", "the name is empty"))
        return
    yield Descriptor(key, name)


def _read_trees(stream: IO[bytes], shown: str, problems: list[Problem]) -> Iterator[tuple[str, str]]:
    for number, line in enumerate(io.TextIOWrapper(stream, encoding="utf-8-sig"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        name, _, tree = stripped.rpartition(";")
        if not name.strip() or not is_tree_number(tree.strip()):
            expected = "expected 'name;tree number' (e.g. 'Liver Diseases;C06.552')"
            problems.append(Problem(shown, f"line {number:,}", f"{expected}, found {stripped[:60]!r}"))
            continue
        yield " ".join(name.split()), tree.strip()
