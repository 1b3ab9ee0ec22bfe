"""Why a study matched: the fields the searched words were found in, with highlighted snippets.

Read from the study's document after the search (only for the hits shown), so the index does
not have to store text. Snippets are plain text split into segments marked as highlighted or
not: every face escapes and styles them its own way (HTML, the terminal, JSON), and no markup is
ever built from record text here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from trialbase.index.pieces import piece

_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_CHARS = 180
MAX_FIELDS = 6


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    highlighted: bool


@dataclass(frozen=True, slots=True)
class FieldMatch:
    piece: str  # the piece name (``Condition``, ``BriefSummary``)
    snippet: tuple[Segment, ...]


def field_values(document: dict[str, Any], piece_name: str) -> list[str]:
    """Every text value of a piece in a v2 document (lists flattened)."""
    found = piece(piece_name)
    if found is None:
        return []
    values: list[str] = []
    _collect(document, found.keys, values)
    return values


def _collect(node: Any, keys: tuple[str, ...], into: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect(item, keys, into)
        return
    if not keys:
        if isinstance(node, str):
            into.append(node)
        elif isinstance(node, bool | int | float):
            into.append(str(node))
        return
    if isinstance(node, dict) and keys[0] in node:
        _collect(node[keys[0]], keys[1:], into)


def explain(
    document: dict[str, Any],
    pieces: Iterable[str],
    tokens: frozenset[str],
    analyze: Callable[[str], list[str]],
) -> list[FieldMatch]:
    """The pieces (in the order given: highest weight first) whose text holds a searched token."""
    matches: list[FieldMatch] = []
    for piece_name in dict.fromkeys(pieces):
        for value in field_values(document, piece_name):
            snippet = highlight(value, tokens, analyze)
            if snippet is not None:
                matches.append(FieldMatch(piece_name, snippet))
                break
        if len(matches) >= MAX_FIELDS:
            break
    return matches


def highlight(
    text: str, tokens: frozenset[str], analyze: Callable[[str], list[str]]
) -> tuple[Segment, ...] | None:
    """A window of ``text`` around its first searched word, those words marked; None if none."""
    spans = list(_matching_spans(text, tokens, analyze))
    if not spans:
        return None
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + SNIPPET_CHARS)
    segments: list[Segment] = []
    if start:
        segments.append(Segment("…", False))
    cursor = start
    for low, high in spans:
        if low < start or high > end:
            continue
        if low > cursor:
            segments.append(Segment(text[cursor:low], False))
        segments.append(Segment(text[low:high], True))
        cursor = high
    if cursor < end:
        segments.append(Segment(text[cursor:end], False))
    if end < len(text):
        segments.append(Segment("…", False))
    return tuple(segments)


def _matching_spans(
    text: str, tokens: frozenset[str], analyze: Callable[[str], list[str]]
) -> Iterator[tuple[int, int]]:
    for match in _WORD.finditer(text):
        analysed = analyze(match.group())
        if analysed and analysed[0] in tokens:
            yield match.start(), match.end()


def plain(snippet: Iterable[Segment], mark: Callable[[str], str] = lambda text: f"[{text}]") -> str:
    """A snippet as one string, highlighted words passed through ``mark``."""
    return "".join(mark(segment.text) if segment.highlighted else segment.text for segment in snippet)
