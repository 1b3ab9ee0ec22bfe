"""What changed between two versions of a study: a field-level diff of two v2 documents.

Pure data in, plain data out, so the API (``/api/ext/studies/{nctId}/diff``), the record
history and the website's compare page all show the same differences.

A change is reported at the deepest place it can be: a changed status is one change at
``protocolSection.statusModule.overallStatus``, not a changed status module. A field that appears
or disappears is one change holding its whole value (an added ``resultsSection`` is one "added"
change, not one per result). Paths are written as in ``Issue`` (``a.b[2].c``).

Lists are aligned, not compared position by position: an item inserted at the front of the
locations is one "added" change, not a change to every location after it. Items that are equal
in both versions are matched first (``difflib.SequenceMatcher``); in a stretch where items were
replaced, they are paired in order and compared field by field, and the extra ones are added or
removed. A removed item's path has its index in the older version, every other path the index in
the newer one.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from trialbase.domain.issue import join_path

ChangeKind = Literal["added", "removed", "changed"]
SECTIONS = ("protocolSection", "resultsSection", "annotationSection", "documentSection", "derivedSection")


@dataclass(frozen=True, slots=True)
class FieldChange:
    path: str
    kind: ChangeKind
    before: Any  # None when added
    after: Any  # None when removed

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "change": self.kind, "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class VersionDiff:
    changes: tuple[FieldChange, ...]
    modules: tuple[str, ...]  # the modules with a change (``protocolSection.statusModule``), in order

    @property
    def unchanged(self) -> bool:
        return not self.changes

    def as_dict(self) -> dict[str, Any]:
        return {"modules": list(self.modules), "changes": [change.as_dict() for change in self.changes]}


def diff_documents(before: dict[str, Any], after: dict[str, Any]) -> VersionDiff:
    """Every difference between two study documents, in document order."""
    changes = tuple(_diff(before, after, ""))
    return VersionDiff(changes, changed_modules(changes))


def changed_modules(changes: tuple[FieldChange, ...] | list[FieldChange]) -> tuple[str, ...]:
    """The modules the changes fall in: ``section.module`` (or the top-level field, ``hasResults``).

    A whole section added or removed counts every module it holds.
    """
    modules: dict[str, None] = {}
    for change in changes:
        head, _, rest = change.path.partition(".")
        head = head.split("[", 1)[0]
        if head not in SECTIONS:
            modules[head] = None
        elif rest:
            modules[f"{head}.{rest.split('.', 1)[0].split('[', 1)[0]}"] = None
        else:  # a whole section appeared, disappeared or stopped being an object
            value = change.after if change.after is not None else change.before
            names = list(value) if isinstance(value, dict) else []
            for name in names or [""]:
                modules[f"{head}.{name}" if name else head] = None
    return tuple(modules)


def _diff(before: Any, after: Any, path: str) -> Iterator[FieldChange]:
    if isinstance(before, dict) and isinstance(after, dict):
        yield from _diff_objects(before, after, path)
    elif isinstance(before, list) and isinstance(after, list):
        yield from _diff_lists(before, after, path)
    elif not _same(before, after):
        yield FieldChange(path, "changed", before, after)


def _diff_objects(before: dict[str, Any], after: dict[str, Any], path: str) -> Iterator[FieldChange]:
    # The newer version's key order, with keys only the older one has after the one they followed.
    keys = list(after)
    for position, key in enumerate(before):
        if key not in after:
            previous = [name for name in list(before)[:position] if name in keys]
            keys.insert(keys.index(previous[-1]) + 1 if previous else 0, key)
    for key in keys:
        child = join_path(path, key)
        if key not in after:
            yield FieldChange(child, "removed", before[key], None)
        elif key not in before:
            yield FieldChange(child, "added", None, after[key])
        else:
            yield from _diff(before[key], after[key], child)


def _diff_lists(before: list[Any], after: list[Any], path: str) -> Iterator[FieldChange]:
    matcher = difflib.SequenceMatcher(
        None, [_key(item) for item in before], [_key(item) for item in after], autojunk=False
    )
    for tag, low_a, high_a, low_b, high_b in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(high_a - low_a, high_b - low_b)
        for offset in range(paired):
            yield from _diff(before[low_a + offset], after[low_b + offset], join_path(path, low_b + offset))
        for index in range(low_a + paired, high_a):
            yield FieldChange(join_path(path, index), "removed", before[index], None)
        for index in range(low_b + paired, high_b):
            yield FieldChange(join_path(path, index), "added", None, after[index])


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _same(before: Any, after: Any) -> bool:
    """Equal values of the same JSON type (``1`` and ``True`` differ, ``1`` and ``1.0`` do not)."""
    if isinstance(before, bool) or isinstance(after, bool):
        return type(before) is type(after) and before == after
    return bool(before == after)
