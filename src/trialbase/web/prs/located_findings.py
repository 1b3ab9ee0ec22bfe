"""Where each validation finding belongs on the module forms, so every message can link to its field.

A finding names a v2 field path (``protocolSection.contactsLocationsModule.centralContacts[0].email``);
a form names its inputs differently (``centralContacts-0-email``) and shows only some fields. A
finding is placed on the input of its field, or of the nearest field the form shows: the first
field under a path that is an object (``startDateStruct`` → its date), the list field itself for
one of its entries (``conditions[2]`` → the conditions box), the first field of a group item for
something inside the item the form does not show (a site's contacts → the site's facility). A
finding about the module as a whole, or about a section without forms, has a module or nothing.

Each input's ``id`` is ``f-`` and its name (``f-briefTitle``); the findings panels link there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from trialbase.domain.issue import Issue, Severity
from trialbase.web.prs.form_fields import Field, Group
from trialbase.web.prs.module_forms import FORMS_BY_NAME

_PROTOCOL = "protocolSection."
_ITEM = re.compile(r"^\[(\d+)\](.*)$")
# For each group, the posted item index of each item kept (blank items are dropped on reading).
Positions = Mapping[str, Sequence[int]]


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding with the module form and the input it belongs to (``None`` when there is none)."""

    issue: Issue
    module: str | None
    name: str | None

    @property
    def path(self) -> str:
        return self.issue.path

    @property
    def severity(self) -> Severity:
        return self.issue.severity

    @property
    def message(self) -> str:
        return self.issue.message

    @property
    def anchor(self) -> str:
        """The ``id`` of the input (empty when the finding has no input)."""
        return f"f-{self.name}" if self.name else ""

    def as_dict(self) -> dict[str, str | None]:
        return {**self.issue.as_dict(), "module": self.module, "name": self.name}


def located(issues: Sequence[Issue], positions: Positions | None = None) -> list[Finding]:
    """Each issue with its place on the forms; ``positions`` maps stored item indexes to posted ones."""
    return [Finding(issue, *place(issue.path, positions)) for issue in issues]


def in_module(findings: Sequence[Finding], module: str) -> list[Finding]:
    return [finding for finding in findings if finding.module == module]


def by_name(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    named: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.name:
            named.setdefault(finding.name, []).append(finding)
    return named


def place(path: str, positions: Positions | None = None) -> tuple[str | None, str | None]:
    """The module form and input name where the field at ``path`` is edited."""
    if not path.startswith(_PROTOCOL):
        return None, None
    module, _, rest = path[len(_PROTOCOL) :].partition(".")
    module = module.split("[", 1)[0]
    form = FORMS_BY_NAME.get(module)
    if form is None:
        return None, None
    if not rest:
        return module, None
    for part in form.parts:
        if isinstance(part, Group):
            name = _in_group(part, rest, positions)
        else:
            name = part.path if _within(rest, part.path) else None
        if name is not None:
            return module, name
    return module, _first_under(form.parts, rest)


def _in_group(group: Group, rest: str, positions: Positions | None) -> str | None:
    if rest == group.path:
        return f"{group.path}-0-{group.fields[0].path}"
    if not rest.startswith(group.path + "["):
        return None
    found = _ITEM.match(rest[len(group.path) :])
    if found is None:
        return None
    index = int(found.group(1))
    kept = positions.get(group.path) if positions is not None else None
    if kept is not None:
        if index >= len(kept):
            return f"{group.path}-0-{group.fields[0].path}"
        index = kept[index]
    inner = found.group(2).removeprefix(".")
    prefix = f"{group.path}-{index}-"
    for spec in group.fields:
        if inner and _within(inner, spec.path):
            return prefix + spec.path
    under = _first_under(group.fields, inner) if inner else None
    return prefix + (under or group.fields[0].path)


def _within(path: str, field_path: str) -> bool:
    """``path`` is the field itself or something inside it (an entry of a list, a part of an object)."""
    return path == field_path or path.startswith((field_path + ".", field_path + "["))


def _first_under(parts: Sequence[Field | Group], path: str) -> str | None:
    """The first field of the form inside the object at ``path`` (``startDateStruct`` → its date)."""
    for part in parts:
        if isinstance(part, Field) and part.path.startswith(path + "."):
            return part.path
    return None
