"""The record history tab's view data: the versions of a study, the sections each one changed, and
the differences between any two versions with the changed words marked.

The differences come from ``trialbase.domain.version_diff`` (the same diff the history API
serves); this module only makes them readable: module names as the record page names its sections,
values as text, and changed text split into kept, removed and added runs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from trialbase.domain.version_diff import FieldChange, VersionDiff, diff_documents
from trialbase.web import study_labels as lb

MODULE_TITLES = {
    "identificationModule": "Identification",
    "statusModule": "Status",
    "sponsorCollaboratorsModule": "Sponsors and collaborators",
    "oversightModule": "Oversight",
    "descriptionModule": "Description",
    "conditionsModule": "Conditions and keywords",
    "designModule": "Design",
    "armsInterventionsModule": "Arms and interventions",
    "outcomesModule": "Outcome measures",
    "eligibilityModule": "Eligibility",
    "contactsLocationsModule": "Contacts and locations",
    "referencesModule": "Publications and links",
    "ipdSharingStatementModule": "IPD sharing",
    "participantFlowModule": "Results: participant flow",
    "baselineCharacteristicsModule": "Results: baseline characteristics",
    "outcomeMeasuresModule": "Results: outcome measures",
    "adverseEventsModule": "Results: adverse events",
    "moreInfoModule": "Results: more information",
    "annotationModule": "Annotations",
    "largeDocumentModule": "Documents",
    "miscInfoModule": "Derived: miscellaneous",
    "conditionBrowseModule": "Derived: condition MeSH terms",
    "interventionBrowseModule": "Derived: intervention MeSH terms",
    "hasResults": "Has results",
}
_WORDS = re.compile(r"\s+|[^\s]+")
MAX_TEXT_DIFF = 20_000  # characters; longer values are shown whole rather than word by word


def module_title(module: str) -> str:
    """``protocolSection.statusModule`` -> ``Status``."""
    name = module.rsplit(".", 1)[-1]
    if name in MODULE_TITLES:
        return MODULE_TITLES[name]
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.removesuffix("Module")).lower()
    return spaced.capitalize()


def field_title(path: str) -> str:
    """``protocolSection.statusModule.overallStatus`` -> ``Status › overallStatus``."""
    head, _, rest = path.partition(".")
    if not rest:
        return module_title(head)
    module, _, inner = rest.partition(".")
    title = module_title(module.split("[", 1)[0])
    return f"{title} › {inner}" if inner else title


@dataclass(frozen=True, slots=True)
class VersionRow:
    version: int
    posted: str
    recorded: str
    modules: list[str]
    is_current: bool


@dataclass(frozen=True, slots=True)
class Segment:
    kind: Literal["same", "removed", "added"]
    text: str


@dataclass(frozen=True, slots=True)
class ChangeView:
    title: str
    path: str
    kind: str
    before: str
    after: str
    segments: list[Segment]  # word-level marks, when both sides are text


@dataclass(frozen=True, slots=True)
class Comparison:
    a: int
    b: int
    modules: list[str]
    changes: list[ChangeView]


def version_rows(versions: list[tuple[int, str | None, dt.datetime, VersionDiff | None]]) -> list[VersionRow]:
    """Newest first: each version with the sections it changed from the one before."""
    first, last = min((v[0] for v in versions), default=0), max((v[0] for v in versions), default=0)

    def modules(number: int, diff: VersionDiff | None) -> list[str]:
        if number == first:
            return ["First version"]
        if diff is None:  # not worked out (a very long history)
            return []
        return [module_title(module) for module in diff.modules] or ["No change to the record"]

    return [
        VersionRow(
            version=number,
            posted=lb.human_date(posted),
            recorded=recorded.strftime("%Y-%m-%d %H:%M UTC"),
            modules=modules(number, diff),
            is_current=number == last,
        )
        for number, posted, recorded, diff in sorted(versions, key=lambda row: -row[0])
    ]


def value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return json.dumps(value, indent=1, ensure_ascii=False)


def word_segments(before: str, after: str) -> list[Segment]:
    if len(before) + len(after) > MAX_TEXT_DIFF:
        return [Segment("removed", before), Segment("added", after)]
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(new[j1:j2])))
    return segments


def change_view(change: FieldChange) -> ChangeView:
    before, after = value_text(change.before), value_text(change.after)
    both_text = isinstance(change.before, str) and isinstance(change.after, str)
    return ChangeView(
        title=field_title(change.path),
        path=change.path,
        kind=change.kind,
        before=before,
        after=after,
        segments=word_segments(before, after) if both_text else [],
    )


def comparison(a: int, b: int, older: dict[str, Any], newer: dict[str, Any]) -> Comparison:
    diff = diff_documents(older, newer)
    return Comparison(a, b, [module_title(m) for m in diff.modules], [change_view(c) for c in diff.changes])
