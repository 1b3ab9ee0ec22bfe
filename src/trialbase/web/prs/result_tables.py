"""Forms for the nested results modules: repeated parts, and count tables with a column per group.

Results are lists inside lists: periods hold milestones, each milestone a count per group; a
measure's classes hold categories, each a measurement per group. A form shows them as

* ``Repeat``: a list of objects as repeated fieldsets (groups, periods, measures, analyses), with
  blank ones for adding; clearing every field of one removes it. A repeat with an ``id_prefix``
  holds the groups of its container: the registry numbers new ones (``FG000``, ``FG001``…), and
  its groups give the columns of the tables beside and below it.
* ``Grid``: a table with a row per item of a list (a milestone, an adverse event) and a column per
  group, each cell the per-group stats (``achievements``, ``stats``) of that row.
* ``Table``: a measure's classes and categories flattened into rows titled by class and category,
  a column per group, each cell its measurement (value, and spread or limits as the measure's
  dispersion type asks).

Reading a post starts from the module as stored, so what the form does not show (comments of a
cell, a class's own denominators, stats of a group the module does not define) survives a save.
Columns are the groups as stored: a group added in a post gets its column when the page comes back.
Input names are derived from positions (``periods-0-milestones-2-c1-numSubjects``), paths from
the stored document (``….achievements[1].numSubjects``) so findings and comments land beside
the cell they are about.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trialbase.domain.issue import Issue
from trialbase.web.prs.form_fields import (
    Field,
    ShownField,
    get_path,
    parse_value,
    posted_field,
    put_path,
    raw_values,
    shown_field,
)

MAX_NEW_ITEMS = 50  # items a post may add to one list (beyond those stored)
Posted = Mapping[str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class GroupIds:
    """The groups an analysis compares: a box per group of the measure."""

    path: str
    label: str


@dataclass(frozen=True, slots=True)
class Grid:
    path: str
    label: str  # what a row is ("Milestone")
    row_fields: tuple[Field, ...]
    stats: str  # the list of per-group objects in each row
    cells: tuple[Field, ...]
    numbers_as_text: bool = False  # v2 keeps flow counts and denominators as text ("12")
    defaults: tuple[str, ...] = ()  # first-field values of the rows a new table starts with
    blank: int = 1
    help: str = ""
    heading: str = ""  # the table's title, if not the row label's


@dataclass(frozen=True, slots=True)
class Table:
    """``classes`` → ``categories`` → ``measurements`` of a measure."""

    label: str = "Measurements"
    blank: int = 2


@dataclass(frozen=True, slots=True)
class Repeat:
    path: str
    label: str
    parts: tuple[Part, ...]
    blank: int = 1
    id_prefix: str = ""


Part = Field | GroupIds | Grid | Table | Repeat


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    title: str


@dataclass(slots=True)
class ShownItem:
    label: str
    path: str
    group_id: str
    new: bool
    parts: list[Any]


@dataclass(slots=True)
class ShownRepeat:
    spec: Repeat
    count_name: str
    items: list[ShownItem]
    kind: str = "repeat"


@dataclass(slots=True)
class ShownRow:
    path: str
    new: bool
    fields: list[ShownField]
    cells: list[list[ShownField]]  # one list of inputs per column


@dataclass(slots=True)
class ShownGrid:
    label: str  # what a row is
    heading: str
    help: str
    count_name: str
    columns: list[Column]
    cell_labels: list[str]
    row_labels: list[str]
    rows: list[ShownRow]
    kind: str = "grid"


@dataclass(slots=True)
class Where:
    """A place in the form: input-name prefix, v2 path, the groups that are its columns."""

    name: str
    path: str
    columns: list[Column] = field(default_factory=list)

    def at(self, key: str, index: int) -> Where:
        return Where(f"{self.name}{key}-{index}-", f"{self.path}.{key}[{index}]", self.columns)


# --- showing -----------------------------------------------------------------------------------


def shown_parts(parts: tuple[Part, ...], stored: Any, where: Where, posted: Posted | None) -> list[Any]:
    """The parts filled with the stored values, or with the posted ones to show them again."""
    container = stored if isinstance(stored, dict) else {}
    here = Where(where.name, where.path, _columns(parts, container) or where.columns)
    shown: list[Any] = []
    for part in parts:
        if isinstance(part, Field):
            shown.append(_field(part, container, here, posted))
        elif isinstance(part, GroupIds):
            shown.append(_field(_group_choice(part, here.columns), container, here, posted))
        elif isinstance(part, Repeat):
            stored_items = _list(container, part.path)
            items = []
            for index in range(_rows(part.path, here, stored_items, part.blank, posted)):
                item = stored_items[index] if index < len(stored_items) else {}
                group_id = str(item.get("id", "")) if part.id_prefix else ""
                inner = here.at(part.path, index)
                items.append(
                    ShownItem(
                        f"{part.label} {index + 1}",
                        inner.path,
                        group_id,
                        index >= len(stored_items),
                        shown_parts(part.parts, item, inner, posted),
                    )
                )
            shown.append(ShownRepeat(part, f"{here.name}{part.path}-count", items))
        elif isinstance(part, Grid):
            shown.append(_shown_grid(part, container, here, posted))
        else:
            shown.append(_shown_table(part, container, here, posted))
    return shown


def _field(spec: Field, container: dict[str, Any], where: Where, posted: Posted | None) -> ShownField:
    name, path = where.name + spec.path, f"{where.path}.{spec.path}"
    if posted is not None:
        return posted_field(spec, name, posted, path)
    return shown_field(spec, name, get_path(container, spec.path), path)


def _shown_grid(grid: Grid, container: dict[str, Any], where: Where, posted: Posted | None) -> ShownGrid:
    stored_rows = _list(container, grid.path)
    blank = max(grid.blank, len(grid.defaults)) if not stored_rows else grid.blank
    rows = []
    for index in range(_rows(grid.path, where, stored_rows, blank, posted)):
        row = stored_rows[index] if index < len(stored_rows) else {}
        inner = where.at(grid.path, index)
        fields = [_field(spec, row, inner, posted) for spec in grid.row_fields]
        if posted is None and not stored_rows and index < len(grid.defaults):
            fields[0].value = grid.defaults[index]
        rows.append(
            ShownRow(
                inner.path,
                index >= len(stored_rows),
                fields,
                _shown_cells(grid.cells, _list(row, grid.stats), grid.stats, inner, posted),
            )
        )
    return ShownGrid(
        grid.label,
        grid.heading or grid.label,
        grid.help,
        f"{where.name}{grid.path}-count",
        where.columns,
        [spec.label for spec in grid.cells],
        [spec.label for spec in grid.row_fields],
        rows,
    )


def _shown_cells(
    cells: tuple[Field, ...], stats: list[dict[str, Any]], key: str, row: Where, posted: Posted | None
) -> list[list[ShownField]]:
    shown = []
    for number, column in enumerate(row.columns):
        index = _stat_index(stats, column.id, number)
        value = stats[index] if index < len(stats) else {}
        cell = Where(f"{row.name}c{number}-", f"{row.path}.{key}[{index}]")
        shown.append([_field(spec, value, cell, posted) for spec in cells])
    return shown


def _shown_table(table: Table, measure: dict[str, Any], where: Where, posted: Posted | None) -> ShownGrid:
    pairs = _flattened(measure)
    cells = _measurement_fields(measure)
    rows = []
    for index in range(_rows("classes", where, pairs, table.blank, posted)):
        class_index, category_index = (
            pairs[index] if index < len(pairs) else (len(_list(measure, "classes")), 0)
        )
        klass = _item(_list(measure, "classes"), class_index)
        category = _item(_list(klass, "categories"), category_index)
        row = Where(f"{where.name}classes-{index}-", f"{where.path}.classes[{class_index}]", where.columns)
        inner = Where(row.name, f"{row.path}.categories[{category_index}]", where.columns)
        titles = [
            _titled("class", "Class", klass, row, posted),
            _titled("category", "Category", category, inner, posted),
        ]
        rows.append(
            ShownRow(
                inner.path,
                index >= len(pairs),
                titles,
                _shown_cells(cells, _list(category, "measurements"), "measurements", inner, posted),
            )
        )
    return ShownGrid(
        "Category",
        table.label,
        "A row per category; rows with the same class title one after the other make one class. "
        "Leave both titles blank for a measure with a single value per group.",
        f"{where.name}classes-count",
        where.columns,
        [spec.label for spec in cells],
        ["Class", "Category"],
        rows,
    )


def _titled(name: str, label: str, value: dict[str, Any], where: Where, posted: Posted | None) -> ShownField:
    spec = Field(name, label)
    path = f"{where.path}.title"
    if posted is not None:
        return posted_field(spec, where.name + name, posted, path)
    return shown_field(spec, where.name + name, value.get("title"), path)


# --- reading -----------------------------------------------------------------------------------


def read_parts(
    parts: tuple[Part, ...], posted: Posted, stored: Any, where: Where, issues: list[Issue]
) -> tuple[dict[str, Any], bool]:
    """The container as posted (starting from a copy of the stored one), and whether the form
    filled anything in it."""
    container: dict[str, Any] = copy.deepcopy(stored) if isinstance(stored, dict) else {}
    here = Where(where.name, where.path, _columns(parts, container) or where.columns)
    filled = False
    for part in parts:
        if isinstance(part, Field | GroupIds):
            spec = part if isinstance(part, Field) else _group_choice(part, here.columns)
            value = parse_value(
                spec, raw_values(posted, here.name + spec.path), f"{here.path}.{spec.path}", issues
            )
            put_path(container, spec.path, value)
            filled = filled or value is not None
        elif isinstance(part, Repeat):
            stored_items = _list(container, part.path)
            items = []
            for index in range(_posted_rows(part.path, here, stored_items, posted)):
                item = stored_items[index] if index < len(stored_items) else {}
                value, item_filled = read_parts(part.parts, posted, item, here.at(part.path, index), issues)
                if item_filled:
                    items.append(value)
            if part.id_prefix:
                _number_groups(items, part.id_prefix)
            put_path(container, part.path, items or None)
            filled = filled or bool(items)
        elif isinstance(part, Grid):
            filled = _read_grid(part, posted, container, here, issues) or filled
        else:
            filled = _read_table(posted, container, here, issues) or filled
    return container, filled


def _read_grid(
    grid: Grid, posted: Posted, container: dict[str, Any], where: Where, issues: list[Issue]
) -> bool:
    stored_rows = _list(container, grid.path)
    rows = []
    for index in range(_posted_rows(grid.path, where, stored_rows, posted)):
        row = copy.deepcopy(stored_rows[index]) if index < len(stored_rows) else {}
        inner = where.at(grid.path, index)
        named = False
        for number, spec in enumerate(grid.row_fields):
            value = parse_value(
                spec, raw_values(posted, inner.name + spec.path), f"{inner.path}.{spec.path}", issues
            )
            put_path(row, spec.path, value)
            is_default = number == 0 and index >= len(stored_rows) and value in grid.defaults
            named = named or (value is not None and not is_default)
        counted = _read_cells(grid.cells, grid.stats, row, inner, posted, issues, grid.numbers_as_text)
        if named or counted:
            rows.append(row)
    put_path(container, grid.path, rows or None)
    return bool(rows)


def _read_cells(
    cells: tuple[Field, ...],
    key: str,
    row: dict[str, Any],
    where: Where,
    posted: Posted,
    issues: list[Issue],
    numbers_as_text: bool,
) -> bool:
    """Update the row's per-group objects from the posted cells; whether any holds a value."""
    stats = _list(row, key)
    for number, column in enumerate(where.columns):
        index = _stat_index(stats, column.id, number)
        value: dict[str, Any] = stats[index] if index < len(stats) else {"groupId": column.id}
        cell = Where(f"{where.name}c{number}-", f"{where.path}.{key}[{index}]")
        for spec in cells:
            number_value = parse_value(
                spec, raw_values(posted, cell.name + spec.path), f"{cell.path}.{spec.path}", issues
            )
            if isinstance(number_value, int) and spec.kind == "int":
                if number_value < 0:
                    issues.append(
                        Issue(
                            f"{cell.path}.{spec.path}", "negative", f"{spec.label}: give 0 or a larger number"
                        )
                    )
                    number_value = None
                elif numbers_as_text:
                    number_value = str(number_value)
            put_path(value, spec.path, number_value)
        if index >= len(stats) and len(value) > 1:
            stats.append(value)
    kept = [value for value in stats if set(value) - {"groupId"}]
    put_path(row, key, kept or None)
    return bool(kept)


def _read_table(posted: Posted, measure: dict[str, Any], where: Where, issues: list[Issue]) -> bool:
    stored_classes = _list(measure, "classes")
    pairs = _flattened(measure)
    cells = _measurement_fields(measure)
    classes: list[dict[str, Any]] = []
    last: tuple[str | None, int | None] | None = None  # (title, stored class index) of the last class
    for index in range(_posted_rows("classes", where, pairs, posted)):
        class_index, category_index = pairs[index] if index < len(pairs) else (None, None)
        class_path = f"{where.path}.classes[{len(stored_classes) if class_index is None else class_index}]"
        row = Where(
            f"{where.name}classes-{index}-", f"{class_path}.categories[{category_index or 0}]", where.columns
        )
        class_title = parse_value(
            Field("class", "Class"), raw_values(posted, row.name + "class"), f"{class_path}.title", issues
        )
        category_title = parse_value(
            Field("category", "Category"),
            raw_values(posted, row.name + "category"),
            f"{row.path}.title",
            issues,
        )
        stored_class = _item(stored_classes, class_index)
        category = copy.deepcopy(_item(_list(stored_class, "categories"), category_index))
        put_path(category, "title", category_title)
        counted = _read_cells(cells, "measurements", category, row, posted, issues, False)
        hidden = set(stored_class) - {"title", "categories"} or set(category) - {"title", "measurements"}
        if not (class_title or category_title or counted or hidden):
            continue  # cleared: removed (what the form does not show keeps a row)
        same_class = last is not None and last[0] == class_title and class_index in (None, last[1])
        if not same_class:
            klass = {key: copy.deepcopy(value) for key, value in stored_class.items() if key != "categories"}
            put_path(klass, "title", class_title)
            classes.append(klass)
            last = (class_title, class_index)
        if category:
            classes[-1].setdefault("categories", []).append(category)
    put_path(measure, "classes", classes or None)
    return bool(classes)


# --- helpers -----------------------------------------------------------------------------------


def _list(container: Any, key: str) -> list[dict[str, Any]]:
    value = container.get(key) if isinstance(container, dict) else None
    return [item if isinstance(item, dict) else {} for item in value] if isinstance(value, list) else []


def _item(items: list[dict[str, Any]], index: int | None) -> dict[str, Any]:
    return items[index] if index is not None and index < len(items) else {}


def _columns(parts: tuple[Part, ...], container: dict[str, Any]) -> list[Column]:
    for part in parts:
        if isinstance(part, Repeat) and part.id_prefix:
            return [
                Column(item["id"], str(item.get("title") or item["id"]))
                for item in _list(container, part.path)
                if isinstance(item.get("id"), str) and item["id"]
            ]
    return []


def _group_choice(part: GroupIds, columns: list[Column]) -> Field:
    return Field(part.path, part.label, "choices", tuple(column.id for column in columns))


def _stat_index(stats: list[dict[str, Any]], group_id: str, column: int) -> int:
    """Where the column's stats are in the row's list (or would be appended)."""
    for index, value in enumerate(stats):
        if value.get("groupId") == group_id:
            return index
    return len(stats) + column


def _flattened(measure: dict[str, Any]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for class_index, klass in enumerate(_list(measure, "classes")):
        categories = _list(klass, "categories")
        pairs.extend((class_index, index) for index in range(max(len(categories), 1)))
    return pairs


def _measurement_fields(measure: dict[str, Any]) -> tuple[Field, ...]:
    """A measurement's value, plus its spread or limits as the measure's dispersion type asks.

    Outcome measures give the type as text ("Standard Deviation", "95% Confidence Interval"),
    baseline measures as a code (``STANDARD_DEVIATION``, ``CONFIDENCE_95``): both are understood.
    """
    dispersion = re.sub(r"[^A-Z]+", "_", str(measure.get("dispersionType") or "").upper())
    value = Field("value", "Value", help="a number, or NA")
    if any(word in dispersion for word in ("DEVIATION", "ERROR", "COEFFICIENT")):
        return (value, Field("spread", "Spread"))
    if any(word in dispersion for word in ("RANGE", "CONFIDENCE")):
        return (value, Field("lowerLimit", "Lower limit"), Field("upperLimit", "Upper limit"))
    return (value,)


def _rows(key: str, where: Where, stored: Sequence[Any], blank: int, posted: Posted | None) -> int:
    if posted is None:
        return len(stored) + blank
    return _posted_rows(key, where, stored, posted) + blank


def _posted_rows(key: str, where: Where, stored: Sequence[Any], posted: Posted) -> int:
    """How many rows the post holds: never fewer than it says, never far more than are stored."""
    raw = raw_values(posted, f"{where.name}{key}-count")
    try:
        count = int(raw[0]) if raw else 0
    except ValueError:
        count = 0
    return max(0, min(count, len(stored) + MAX_NEW_ITEMS))


def _number_groups(items: list[dict[str, Any]], prefix: str) -> None:
    """Give each new group the next free id of its kind (``FG000``, ``FG001``…)."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    taken = [int(found.group(1)) for item in items if (found := pattern.match(str(item.get("id", ""))))]
    following = max(taken, default=-1) + 1
    for index, item in enumerate(items):
        if not item.get("id"):
            items[index] = {"id": f"{prefix}{following:03d}"} | {k: v for k, v in item.items() if k != "id"}
            following += 1
