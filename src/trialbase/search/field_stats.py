"""Statistics over every study's current version: JSON sizes, leaf field values, list sizes.

What ``/api/v2/stats/size``, ``/stats/field/values`` and ``/stats/field/sizes`` return. One pass
over the current documents computes all three (``scan``, pure: documents in, plain data out);
``FieldStats`` runs that pass over the store and keeps the result for the change-log sequence
number it was computed at, so repeated calls cost one ``max(seq)`` query until something changes.

Counting rules: a study counts once per distinct value (a study with two sites in Boston adds 1
to ``Boston``); ``missingStudiesCount`` is the studies without any value for the field; list
sizes count each list present in a study (an absent list is missing, not size 0). String values
are counted by a 64-bit hash, and a string's text is kept only once a second study has it (or
for the first few distinct values), so memory grows with the number of distinct values, not
with their length.
"""

from __future__ import annotations

import enum
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from trialbase.index.pieces import PIECES, Piece, piece
from trialbase.store import Store
from trialbase.store.codec import to_json

TOP_STRING_VALUES = 25  # topValues of a STRING field; an ENUM field lists every value seen
LARGEST_STUDIES = 10
PERCENTILES = (5, 10, 25, 50, 75, 90, 95, 99)


class FieldStatsType(enum.StrEnum):
    ENUM = "ENUM"
    STRING = "STRING"
    DATE = "DATE"
    INTEGER = "INTEGER"
    NUMBER = "NUMBER"
    BOOLEAN = "BOOLEAN"


class UnknownField(LookupError):
    """A name in ``fields=`` that is neither a piece name nor a field path of the data model."""


class NotApplicable(ValueError):
    """A field that exists but has no statistics of the kind asked for (a module, or not a list)."""


def stats_type(item: Piece) -> FieldStatsType | None:
    """The kind of value statistics a piece gets (None: a structure, or a GeoPoint)."""
    if item.source_type == "STRUCT" or item.type == "GeoPoint":
        return None
    if item.is_enum:
        return FieldStatsType.ENUM
    base = item.type.removesuffix("[]")
    if base == "boolean":
        return FieldStatsType.BOOLEAN
    if base in ("integer", "long"):
        return FieldStatsType.INTEGER
    if base == "number":
        return FieldStatsType.NUMBER
    if item.source_type == "DATE":
        return FieldStatsType.DATE
    return FieldStatsType.STRING


LEAVES: tuple[tuple[Piece, FieldStatsType], ...] = tuple(
    (item, kind) for item in PIECES.values() if (kind := stats_type(item)) is not None
)
LISTS: tuple[Piece, ...] = tuple(item for item in PIECES.values() if item.is_list)
_BY_PATH = {item.path: item for item in PIECES.values()}
_LEAF_TYPES = {item.name: kind for item, kind in LEAVES}
_LIST_NAMES = frozenset(item.name for item in LISTS)

_DATE_FORMATS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"), "yyyy-MM-dd'T'HH:mm"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "yyyy-MM-dd"),
    (re.compile(r"\d{4}-\d{2}"), "yyyy-MM"),
    (re.compile(r"\d{4}"), "yyyy"),
)


@dataclass(slots=True)
class _Values:
    """What has been seen of one leaf field so far."""

    kind: FieldStatsType
    present: int = 0
    counts: Counter[int] = field(default_factory=Counter)  # hash of a value -> studies
    texts: dict[int, str] = field(default_factory=dict)
    longest: tuple[int, str, str] | None = None  # (length, nctId, value)
    minimum: Any = None
    maximum: Any = None
    total: float = 0
    numbers: int = 0
    formats: set[str] = field(default_factory=set)
    true_count: int = 0
    false_count: int = 0

    def add(self, nct_id: str, values: list[Any]) -> None:
        self.present += 1
        if self.kind is FieldStatsType.BOOLEAN:
            flags = {_boolean(value) for value in values}
            self.true_count += True in flags
            self.false_count += False in flags
        elif self.kind in (FieldStatsType.INTEGER, FieldStatsType.NUMBER):
            for number in filter(None, map(_number, values)):
                self._extremes(number[0])
                self.total += number[0]
                self.numbers += 1
        else:
            for text in {str(value) for value in values}:
                if self.kind is FieldStatsType.DATE:
                    self.formats.update(name for pattern, name in _DATE_FORMATS if pattern.fullmatch(text))
                    self._extremes(text)
                    continue
                self._count(text)
                if self.kind is FieldStatsType.STRING and (
                    self.longest is None or len(text) > self.longest[0]
                ):
                    self.longest = (len(text), nct_id, text)

    def _count(self, text: str) -> None:
        key = hash(text)
        seen = self.counts[key] + 1
        self.counts[key] = seen
        keep = self.kind is FieldStatsType.ENUM or seen >= 2 or len(self.texts) < TOP_STRING_VALUES
        if keep and key not in self.texts:
            self.texts[key] = text

    def _extremes(self, value: Any) -> None:
        if self.minimum is None or value < self.minimum:
            self.minimum = value
        if self.maximum is None or value > self.maximum:
            self.maximum = value

    def result(self, item: Piece, total: int) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.kind.value, "piece": item.name, "field": item.path}
        out["missingStudiesCount"] = total - self.present
        if self.kind is FieldStatsType.BOOLEAN:
            out["trueCount"] = self.true_count
            out["falseCount"] = self.false_count
        elif self.kind is FieldStatsType.DATE:
            out["formats"] = [name for _, name in _DATE_FORMATS if name in self.formats]
            if self.minimum is not None:
                out["min"] = self.minimum
                out["max"] = self.maximum
        elif self.kind in (FieldStatsType.INTEGER, FieldStatsType.NUMBER):
            if self.numbers:
                cast = int if self.kind is FieldStatsType.INTEGER else float
                out["min"] = cast(self.minimum)
                out["max"] = cast(self.maximum)
                out["avg"] = self.total / self.numbers
        else:
            out["uniqueValuesCount"] = len(self.counts)
            limit = None if self.kind is FieldStatsType.ENUM else TOP_STRING_VALUES
            ranked = sorted(
                (key for key in self.counts if key in self.texts),
                key=lambda key: (-self.counts[key], self.texts[key]),
            )[:limit]
            out["topValues"] = [
                {"value": self.texts[key], "studiesCount": self.counts[key]} for key in ranked
            ]
            if self.longest is not None:
                length, nct_id, value = self.longest
                out["longest"] = {"length": length, "nctId": nct_id, "value": value}
        return out


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _number(value: Any) -> tuple[float] | None:
    """The value as a number (wrapped, so 0 is kept by ``filter``), or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return (value,) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return (number,) if math.isfinite(number) else None
    return None


@dataclass(frozen=True, slots=True)
class StatsSnapshot:
    """The three statistics as of change-log sequence ``seq``."""

    seq: int
    size: dict[str, Any]
    values: tuple[dict[str, Any], ...]  # one per leaf field, in data-model order
    list_sizes: tuple[dict[str, Any], ...]  # one per list field present in some study


def _walk(node: Any, prefix: str, values: dict[str, list[Any]], sizes: dict[str, list[int]]) -> None:
    """Collect the leaf values and list sizes of one document, by piece name."""
    if isinstance(node, list):
        for item in node:
            _walk(item, prefix, values, sizes)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        path = f"{prefix}.{key}" if prefix else key
        item = _BY_PATH.get(path)
        if item is None or value is None:
            continue
        if item.name in _LIST_NAMES and isinstance(value, list):
            sizes.setdefault(item.name, []).append(len(value))
        if item.name in _LEAF_TYPES:
            found = value if isinstance(value, list) else [value]
            if found:
                values.setdefault(item.name, []).extend(found)
        else:
            _walk(value, path, values, sizes)


def scan(studies: Iterable[tuple[str, dict[str, Any], int]], seq: int = 0) -> StatsSnapshot:
    """Statistics over ``(nctId, document, JSON size in bytes)`` triples, one per study."""
    accumulators = {item.name: _Values(kind) for item, kind in LEAVES}
    list_counts: dict[str, Counter[int]] = {}
    sizes: list[tuple[int, str]] = []
    for nct_id, document, size in studies:
        sizes.append((size, nct_id))
        values: dict[str, list[Any]] = {}
        lists: dict[str, list[int]] = {}
        _walk(document, "", values, lists)
        for name, found in values.items():
            accumulators[name].add(nct_id, found)
        for name, lengths in lists.items():
            list_counts.setdefault(name, Counter()).update(set(lengths))
    total = len(sizes)
    return StatsSnapshot(
        seq=seq,
        size=size_stats(sizes),
        values=tuple(accumulators[item.name].result(item, total) for item, _ in LEAVES),
        list_sizes=tuple(
            _list_sizes(item, list_counts[item.name]) for item in LISTS if item.name in list_counts
        ),
    )


def _list_sizes(item: Piece, counts: Counter[int]) -> dict[str, Any]:
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return {
        "field": item.path,
        "piece": item.name,
        "minSize": min(counts),
        "maxSize": max(counts),
        "uniqueSizesCount": len(counts),
        "topSizes": [{"size": size, "studiesCount": count} for size, count in ranked],
    }


def size_stats(sizes: Sequence[tuple[int, str]]) -> dict[str, Any]:
    """``/stats/size``: the compact JSON size of each study (as ``/studies/{nctId}`` serves it).

    ``percentiles`` uses the nearest-rank method; ``ranges`` are power-of-two kilobyte buckets
    (``0-1KB``, ``1-2KB``, ``2-4KB``, ...) from zero up to the largest study, empty ones included.
    """
    ordered = sorted(size for size, _ in sizes)
    total = len(ordered)
    largest = sorted(sizes, key=lambda pair: (-pair[0], pair[1]))[:LARGEST_STUDIES]
    percentiles = {
        str(rank): ordered[max(math.ceil(rank / 100 * total), 1) - 1] if total else 0 for rank in PERCENTILES
    }
    return {
        "totalStudies": total,
        "averageSizeBytes": round(sum(ordered) / total) if total else 0,
        "percentiles": percentiles,
        "ranges": [{"sizeRange": label, "studiesCount": count} for label, count in _ranges(ordered)],
        "largestStudies": [{"id": nct_id, "sizeBytes": size} for size, nct_id in largest],
    }


def _ranges(ordered: Sequence[int]) -> Iterator[tuple[str, int]]:
    if not ordered:
        return
    low, high = 0, 1
    index = 0
    while index < len(ordered):
        count = 0
        while index < len(ordered) and ordered[index] < high * 1024:
            count += 1
            index += 1
        yield f"{low}-{high}KB", count
        low, high = high, high * 2


class FieldStats:
    """The statistics of a store, recomputed only when its change log has moved on."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._snapshot: StatsSnapshot | None = None

    def snapshot(self) -> StatsSnapshot:
        """The statistics at the store's newest change (blocking: run it off the event loop)."""
        seq = self._store.last_seq()
        with self._lock:  # one scan at a time; callers that waited reuse its result
            if self._snapshot is None or self._snapshot.seq != seq:
                self._snapshot = scan(self._studies(), seq)
            return self._snapshot

    def _studies(self) -> Iterator[tuple[str, dict[str, Any], int]]:
        for stored in self._store.iter_current():
            yield stored.nct_id, stored.document, len(to_json(stored.document))

    def size(self) -> dict[str, Any]:
        return self.snapshot().size

    def field_values(
        self, fields: Sequence[str] | None = None, types: Sequence[FieldStatsType] | None = None
    ) -> list[dict[str, Any]]:
        """Value statistics of the leaf fields named (all by default), of the types named (all by default)."""
        wanted = None if fields is None else {_resolve(name, _LEAF_TYPES, "a leaf field") for name in fields}
        return [
            entry
            for entry in self.snapshot().values
            if (wanted is None or entry["piece"] in wanted) and (not types or entry["type"] in types)
        ]

    def list_sizes(self, fields: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Size statistics of the list fields named (all by default)."""
        wanted = None if fields is None else {_resolve(name, _LIST_NAMES, "a list field") for name in fields}
        return [entry for entry in self.snapshot().list_sizes if wanted is None or entry["piece"] in wanted]


def _resolve(name: str, allowed: Iterable[str], what: str) -> str:
    item = piece(name)
    if item is None:
        raise UnknownField(f"`{name}` is not a piece name or field path of the study data model")
    if item.name not in allowed:
        raise NotApplicable(f"`{name}` ({item.path}) is not {what}")
    return item.name
