"""Legacy XML text to the Markdown that v2 markup fields hold.

The public XML printed long text (``<textblock>``) hard-wrapped at 99 columns and indented: each
line of the source became a paragraph separated by a blank line, wrapped lines continue it, and a
list item starts with ``-  `` (dash, two spaces) at an indentation that gives its nesting level::

          Inclusion Criteria:

            -  patients must have prostate specific antigen (PSA) only androgen dependent
               adenocarcinoma of the prostate.

ClinicalTrials.gov's v2 documents hold the same text as Markdown: paragraphs separated by a blank
line, list items on consecutive lines (``* item``, ``1. item``), a nested list indented under its
parent after a blank line, and the characters Markdown would take as markup escaped
(``\\<``, ``\\>``, ``\\[``, ``\\]``, ``\\&``, ``\\^``, ``\\~``, ``\\*``)::

    Inclusion Criteria:

    * patients must have prostate specific antigen (PSA) only androgen dependent adenocarcinoma ...

Plain (not ``<textblock>``) elements are not wrapped: a line break there is a paragraph break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The XML formatter's list bullet, and the ones people typed in plain elements.
_TEXTBLOCK_BULLET = re.compile(r"-  +(?=\S)")
_TYPED_BULLET = re.compile(r"[-*•]\s+(?=\S)")
_NUMBERED = re.compile(r"(\d{1,3}[.)])\s+(?=\S)")
_ESCAPES = str.maketrans({char: "\\" + char for char in "\\<>[]&^~*"})
_LINE_START_MARKUP = re.compile(r"^([-+#>]|\d{1,3}[.)])(?=\s|$)")
# The XML writes a line break in the IPD sharing statement fields as six at signs.
_IPD_LINE_BREAK = "@@@@@@"


@dataclass(frozen=True, slots=True)
class _Block:
    """One source line: its indentation, its list marker (``*``, ``1.``) if it is a list item."""

    indent: int
    marker: str | None
    text: str


def textblock_to_markdown(raw: str) -> str:
    """Unwrap a ``<textblock>`` into v2 Markdown (paragraphs, lists, escapes)."""
    return _render(_textblock_blocks(raw))


def text_to_markdown(raw: str) -> str:
    """A plain element's text for a v2 markup field: line breaks become paragraph breaks."""
    return _render(_line_blocks(raw.replace(_IPD_LINE_BREAK, "\n")))


def plain_text(raw: str) -> str:
    """A plain text field (titles, names, units): trimmed, line breaks normalised."""
    text = raw.strip()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _lines(raw: str) -> list[str]:
    return raw.replace("\r\n", "\n").replace("\r", "\n").expandtabs(8).split("\n")


def _textblock_blocks(raw: str) -> list[_Block]:
    blocks: list[_Block] = []
    paragraph: list[str] = []
    for line in [*_lines(raw), ""]:
        if line.strip():
            paragraph.append(line)
            continue
        if paragraph:
            first = paragraph[0]
            indent = len(first) - len(first.lstrip())
            text = " ".join(part.strip() for part in paragraph)
            blocks.append(_block(indent, text, _TEXTBLOCK_BULLET))
            paragraph = []
    return blocks


def _line_blocks(raw: str) -> list[_Block]:
    blocks = []
    for line in _lines(raw):
        text = line.strip()
        if text:
            blocks.append(_block(len(line) - len(line.lstrip()), text, _TYPED_BULLET))
    return blocks


def _block(indent: int, text: str, bullet: re.Pattern[str]) -> _Block:
    match = bullet.match(text)
    if match is not None:
        return _Block(indent, "*", text[match.end() :])
    match = _NUMBERED.match(text)
    if match is not None:
        return _Block(indent, match.group(1), text[match.end() :])
    return _Block(indent, None, text)


@dataclass(slots=True)
class _OpenItem:
    indent: int  # where the item sat in the source
    column: int  # where its text starts in the Markdown (nested items are indented to it)


def _render(blocks: list[_Block]) -> str:
    parts: list[str] = []
    open_items: list[_OpenItem] = []
    previous: _OpenItem | None = None  # the list item written last, if the last block was one
    for block in blocks:
        if block.marker is None:
            open_items.clear()
            previous = None
            if parts:
                parts.append("\n\n")
            parts.append(_escape_start(_escape(block.text)))
            continue
        while open_items and open_items[-1].indent >= block.indent:
            open_items.pop()
        column = open_items[-1].column if open_items else 0
        if parts:
            starts_nested_list = previous is not None and bool(open_items) and open_items[-1] is previous
            parts.append("\n" if previous is not None and not starts_nested_list else "\n\n")
        prefix = " " * column + block.marker + " "
        parts.append(prefix + _escape_start(_escape(block.text)))
        previous = _OpenItem(block.indent, len(prefix))
        open_items.append(previous)
    return "".join(parts)


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


def _escape_start(text: str) -> str:
    """Escape what Markdown would read as a list, heading or quote at the start of a paragraph."""
    match = _LINE_START_MARKUP.match(text)
    if match is None:
        return text
    token = match.group(1)
    if token[0].isdigit():
        return token[:-1] + "\\" + token[-1] + text[len(token) :]
    return "\\" + text
