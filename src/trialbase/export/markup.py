"""``markupFormat=legacy``: markup fields as the classic registry (PRS) held them, as plain text.

v2 documents hold the long text fields (the pieces whose source type is ``MARKUP``: summaries,
eligibility criteria, descriptions, comments) as CommonMark. The classic system held the same
text plain: no escapes, no emphasis, lists typed as ``- item``. ``legacy_text`` turns the one
into the other:

- backslash escapes are undone (``\\<``, ``\\&``, ``\\*`` ... become the characters);
- emphasis markers are dropped (``**word**`` and ``*word*`` read ``word``);
- a link reads ``label (url)``, an autolink ``<https://...>`` its URL;
- bullet items (``*``, ``+`` or ``-``) read ``- item`` at their indentation; numbered items,
  paragraphs and blank lines are kept as they are; ATX heading marks (``# ``) are dropped.

``to_legacy`` applies it to every markup field of a document and leaves the rest untouched.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from trialbase.index.pieces import PIECES

# A private-use character stands in for an escaped one while the markup is taken apart.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_BASE = 0xE000
_BULLET = re.compile(r"^(\s*)[*+-]\s+(?=\S)", re.MULTILINE)
_HEADING = re.compile(r"^(\s{0,3})#{1,6}\s+", re.MULTILINE)
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]*)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.DOTALL)
_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")


def legacy_text(markdown: str) -> str:
    """The plain classic form of one CommonMark text."""
    text = _HARD_BREAK.sub("\n", markdown)
    text = _ESCAPED.sub(lambda match: chr(_BASE + ord(match.group(1))), text)
    text = _BULLET.sub(lambda match: f"{match.group(1)}- ", text)
    text = _HEADING.sub(lambda match: match.group(1), text)
    text = _AUTOLINK.sub(lambda match: match.group(1), text)
    text = _LINK.sub(
        lambda match: f"{match.group(1)} ({match.group(2)})" if match.group(2) else match.group(1), text
    )
    text = _STRONG.sub(lambda match: match.group(2), text)
    text = _EMPHASIS.sub(lambda match: match.group(2), text)
    return "".join(chr(ord(char) - _BASE) if _BASE <= ord(char) < _BASE + 128 else char for char in text)


@cache
def markup_paths() -> tuple[tuple[str, ...], ...]:
    """The key paths of the markup fields (list levels are walked through)."""
    return tuple(item.keys for item in PIECES.values() if item.source_type.upper() == "MARKUP")


def to_legacy(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with every markup field in the legacy plain form."""
    converted: dict[str, Any] = _copy_along(document)
    for keys in markup_paths():
        _convert(converted, keys)
    return converted


def _copy_along(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy_along(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_along(item) for item in value]
    return value


def _convert(value: Any, keys: tuple[str, ...]) -> None:
    if isinstance(value, list):
        for item in value:
            _convert(item, keys)
        return
    if not isinstance(value, dict) or not keys:
        return
    key, rest = keys[0], keys[1:]
    if key not in value:
        return
    if rest:
        _convert(value[key], rest)
    elif isinstance(value[key], str):
        value[key] = legacy_text(value[key])
