"""Registration forms as data: each module's fields, how a form shows them and how a post is read.

A field names a dotted path inside its module (``orgStudyIdInfo.id``) and a kind. A group is a
list of objects (arms, outcomes, sites) shown as repeated fieldsets with blank ones for adding;
clearing every field of an item removes it. Reading a post starts from the module as stored, so
fields the form does not show (kept from an upload) survive a save.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from trialbase.domain.issue import Issue

Kind = Literal["text", "textarea", "select", "bool", "int", "lines", "choices"]
MAX_ITEMS = 200  # most items of one group a post may hold
MAX_TEXT = 20_000  # longest text of one field (the longest v2 fields hold 20,000 characters)


@dataclass(frozen=True, slots=True)
class Field:
    path: str
    label: str
    kind: Kind = "text"
    options: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    path: str
    label: str
    fields: tuple[Field, ...]
    blank: int = 1


@dataclass(frozen=True, slots=True)
class ModuleForm:
    name: str
    label: str
    parts: tuple[Field | Group, ...]
    section: str = "protocolSection"


@dataclass(slots=True)
class ShownField:
    """A field as the template shows it: its input name, value as text and findings."""

    spec: Field
    name: str
    value: str
    selected: frozenset[str]
    path: str  # the full v2 field path, for findings and review comments
    issues: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class ShownGroup:
    spec: Group
    count_name: str
    items: list[list[ShownField]]


def options(enum_class: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in enum_class)


def shown(form: ModuleForm, module: Mapping[str, Any]) -> list[ShownField | ShownGroup]:
    """The form filled with the module's values."""
    base = f"{form.section}.{form.name}"
    parts: list[ShownField | ShownGroup] = []
    for part in form.parts:
        if isinstance(part, Field):
            parts.append(shown_field(part, part.path, get_path(module, part.path), f"{base}.{part.path}"))
            continue
        existing = get_path(module, part.path)
        items = existing if isinstance(existing, list) else []
        rows = []
        for index in range(len(items) + part.blank):
            item = items[index] if index < len(items) and isinstance(items[index], dict) else {}
            prefix = f"{part.path}-{index}-"
            item_path = f"{base}.{part.path}[{index}]"
            rows.append(
                [
                    shown_field(f, prefix + f.path, get_path(item, f.path), f"{item_path}.{f.path}")
                    for f in part.fields
                ]
            )
        parts.append(ShownGroup(part, f"{part.path}-count", rows))
    return parts


def refilled(form: ModuleForm, posted: Mapping[str, Sequence[str]]) -> list[ShownField | ShownGroup]:
    """The form with the values as posted (to show again beside the problems found)."""
    base = f"{form.section}.{form.name}"
    parts: list[ShownField | ShownGroup] = []
    for part in form.parts:
        if isinstance(part, Field):
            parts.append(posted_field(part, part.path, posted, f"{base}.{part.path}"))
            continue
        count = _count(posted, part)
        rows = [
            [
                posted_field(
                    f, f"{part.path}-{index}-{f.path}", posted, f"{base}.{part.path}[{index}].{f.path}"
                )
                for f in part.fields
            ]
            for index in range(count + part.blank)
        ]
        parts.append(ShownGroup(part, f"{part.path}-count", rows))
    return parts


def read(
    form: ModuleForm,
    posted: Mapping[str, Sequence[str]],
    stored: Mapping[str, Any],
    positions: dict[str, list[int]] | None = None,
) -> tuple[dict[str, Any], list[Issue]]:
    """The module as posted (starting from the stored one) and every value that could not be read.

    ``positions``, when given, receives for each group the posted index of every item kept (blank
    items are dropped, so item 1 of the module may be item 2 of the form).
    """
    base = f"{form.section}.{form.name}"
    module = copy.deepcopy(dict(stored))
    issues: list[Issue] = []
    for part in form.parts:
        if isinstance(part, Field):
            put_path(
                module,
                part.path,
                parse_value(part, raw_values(posted, part.path), f"{base}.{part.path}", issues),
            )
            continue
        existing = get_path(stored, part.path)
        existing_items = existing if isinstance(existing, list) else []
        items = []
        for index in range(_count(posted, part)):
            item: dict[str, Any] = (
                copy.deepcopy(existing_items[index])
                if index < len(existing_items) and isinstance(existing_items[index], dict)
                else {}
            )
            filled = False
            for f in part.fields:
                value = parse_value(
                    f,
                    raw_values(posted, f"{part.path}-{index}-{f.path}"),
                    f"{base}.{part.path}[{index}].{f.path}",
                    issues,
                )
                filled = filled or value is not None
                put_path(item, f.path, value)
            if filled:
                items.append(item)
                if positions is not None:
                    positions.setdefault(part.path, []).append(index)
        put_path(module, part.path, items or None)
    return module, issues


def _count(posted: Mapping[str, Sequence[str]], group: Group) -> int:
    raw = raw_values(posted, f"{group.path}-count")
    try:
        return max(0, min(int(raw[0]), MAX_ITEMS)) if raw else 0
    except ValueError:
        return 0


def raw_values(posted: Mapping[str, Sequence[str]], name: str) -> list[str]:
    return [value[:MAX_TEXT] for value in posted.get(name, ())]


def parse_value(spec: Field, raw: list[str], path: str, issues: list[Issue]) -> Any:
    if spec.kind == "choices":
        chosen = [value for value in raw if value in spec.options]
        if len(chosen) != len(raw):
            issues.append(
                Issue(path, "unknown-choice", f"{spec.label}: choose among {', '.join(spec.options)}")
            )
        return chosen or None
    text = raw[0].replace("\r\n", "\n").strip() if raw else ""
    if not text:
        return None
    if spec.kind == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()] or None
    if spec.kind == "int":
        try:
            return int(text)
        except ValueError:
            issues.append(Issue(path, "not-a-number", f"{spec.label}: {text!r} is not a whole number"))
            return None
    if spec.kind == "bool":
        if text not in ("true", "false"):
            issues.append(Issue(path, "unknown-choice", f"{spec.label}: choose yes or no"))
            return None
        return text == "true"
    if spec.kind == "select" and text not in spec.options:
        issues.append(
            Issue(path, "unknown-choice", f"{spec.label}: {text!r} is not one of {', '.join(spec.options)}")
        )
        return None
    return text


def shown_field(spec: Field, name: str, value: Any, path: str) -> ShownField:
    if spec.kind == "choices":
        selected = frozenset(str(item) for item in value) if isinstance(value, list) else frozenset()
        return ShownField(spec, name, "", selected, path)
    if spec.kind == "lines" and isinstance(value, list):
        text = "\n".join(str(item) for item in value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None or isinstance(value, (dict, list)):
        text = ""
    else:
        text = str(value)
    return ShownField(spec, name, text, frozenset({text}) if text else frozenset(), path)


def posted_field(spec: Field, name: str, posted: Mapping[str, Sequence[str]], path: str) -> ShownField:
    raw = raw_values(posted, name)
    if spec.kind == "choices":
        return ShownField(spec, name, "", frozenset(raw), path)
    text = raw[0] if raw else ""
    return ShownField(spec, name, text, frozenset({text}) if text else frozenset(), path)


def get_path(container: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(container, Mapping):
            return None
        container = container.get(key)
    return container


def put_path(container: dict[str, Any], path: str, value: Any) -> None:
    """Set ``path`` to ``value``, or remove it (and objects left empty) when ``value`` is None."""
    keys = path.split(".")
    if value is None:
        trail = [container]
        for key in keys[:-1]:
            nxt = trail[-1].get(key)
            if not isinstance(nxt, dict):
                return
            trail.append(nxt)
        trail[-1].pop(keys[-1], None)
        for depth in range(len(keys) - 1, 0, -1):
            if not trail[depth]:
                trail[depth - 1].pop(keys[depth - 1], None)
        return
    for key in keys[:-1]:
        nxt = container.get(key)
        if not isinstance(nxt, dict):
            nxt = {}
            container[key] = nxt
        container = nxt
    container[keys[-1]] = value
