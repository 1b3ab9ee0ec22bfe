"""Record text for people: the markdown-ish free text of a record read into paragraphs and lists.

ClinicalTrials.gov free text (summaries, descriptions, eligibility criteria) is written as loose
Markdown: blank lines between paragraphs, ``*`` or ``1.`` list items nested by indentation,
backslash escapes (``\\>``). This module reads that structure into plain data (``Paragraph``,
``ListBlock``) holding plain text; the templates escape every piece of text when they render it, so
no record text is ever trusted as markup. Nothing is interpreted beyond structure: no links, no
inline HTML, no emphasis.

``criteria_sections`` further splits eligibility criteria at their headings ("Inclusion
Criteria:", "Exclusion Criteria:") so the page can show them as separate lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[*+•·-]|\d{1,3}[.)])[ \t]+(?P<text>\S.*)$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_CRITERIA_HEADING = re.compile(r"^[ \t]*(?P<title>[A-Za-z][A-Za-z /,()-]{0,60}criteria)[ \t]*:?[ \t]*$", re.I)


@dataclass(slots=True)
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(slots=True)
class ListItem:
    text: str
    children: list[ListBlock] = field(default_factory=list)


@dataclass(slots=True)
class ListBlock:
    ordered: bool
    start: int = 1
    items: list[ListItem] = field(default_factory=list)
    kind: str = "list"


Block = Paragraph | ListBlock


@dataclass(slots=True)
class CriteriaSection:
    title: str | None
    blocks: list[Block]


def unescape(text: str) -> str:
    """Markdown backslash escapes removed: ``ages \\> 3`` reads ``ages > 3``."""
    return _ESCAPE.sub(r"\1", text)


def _indent_width(indent: str) -> int:
    return len(indent.expandtabs(4))


def blocks(text: str | None) -> list[Block]:
    """The paragraphs and (nested) lists of ``text``, every piece plain unescaped text."""
    if not text:
        return []
    found: list[Block] = []
    stack: list[tuple[int, ListBlock]] = []  # open lists, outermost first, with their indentation
    paragraph: list[str] = []
    blank_before = False

    def close_paragraph() -> None:
        if paragraph:
            found.append(Paragraph("\n".join(paragraph)))
            paragraph.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = unescape(raw.rstrip())
        if not line.strip():
            blank_before = True
            continue
        item = _ITEM.match(line)
        if item is not None:
            close_paragraph()
            _add_item(found, stack, item)
        elif stack and (not blank_before or _indent_width(line) - len(line.lstrip()) > 0):
            last = stack[-1][1].items[-1]
            last.text = f"{last.text}\n{line.strip()}"
        else:
            stack.clear()
            if blank_before:
                close_paragraph()
            paragraph.append(line.strip())
        blank_before = False
    close_paragraph()
    return found


def _add_item(found: list[Block], stack: list[tuple[int, ListBlock]], match: re.Match[str]) -> None:
    indent = _indent_width(match["indent"])
    marker = match["marker"]
    ordered = marker[0].isdigit()
    while stack and stack[-1][0] > indent:
        stack.pop()
    if stack and stack[-1][0] == indent and stack[-1][1].ordered != ordered:
        stack.pop()
    if not stack or stack[-1][0] < indent:
        new = ListBlock(ordered=ordered, start=int(marker[:-1]) if ordered else 1)
        if stack:
            stack[-1][1].items[-1].children.append(new)
        else:
            found.append(new)
        stack.append((indent, new))
    stack[-1][1].items.append(ListItem(match["text"].strip()))


def criteria_sections(text: str | None) -> list[CriteriaSection]:
    """Eligibility criteria split at their headings, each section read into blocks.

    Text before the first heading is a section without a title. Headings are lines that end in
    "criteria" (with or without a colon): "Inclusion Criteria:", "Key Exclusion Criteria".
    """
    if not text:
        return []
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.replace("\r\n", "\n").split("\n"):
        heading = _CRITERIA_HEADING.match(unescape(line))
        if heading is not None:
            sections.append((heading["title"].strip(), []))
        else:
            sections[-1][1].append(line)
    return [
        CriteriaSection(title, blocks("\n".join(lines)))
        for title, lines in sections
        if title is not None or any(line.strip() for line in lines)
    ]
