"""``to_essie``: the canonical text of a query tree.

The text parses back to an equal tree. It is also what the website shows as the effective query,
so it is explicit: ``AND`` is always written out (``bethesda NOT maryland`` prints as
``bethesda AND NOT maryland``), dates are ISO, levels and units are spelled as documented, and
parentheses appear only where precedence needs them (and always after ``SEARCH[...]``).
"""

from __future__ import annotations

from trialbase.search.essie.ast import (
    All,
    And,
    Area,
    Coverage,
    Distance,
    Expansion,
    Missing,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Search,
    Term,
    Tilt,
)
from trialbase.search.essie.lexer import KEYWORDS, OPERATOR_START

_ESCAPED_IN_WORDS = frozenset('\\"()')
_ESCAPED_IN_PHRASES = frozenset('\\"')


def to_essie(node: Node) -> str:
    """The canonical Essie text of ``node``; ``parse(to_essie(node)) == node``."""
    if isinstance(node, Term):
        return " ".join(_word(word) for word in node.words)
    if isinstance(node, Phrase):
        return '"' + " ".join(_escape(word, _ESCAPED_IN_PHRASES) for word in node.words) + '"'
    if isinstance(node, All):
        return "ALL"
    if isinstance(node, Missing):
        return "MISSING"
    if isinstance(node, Range):
        return f"RANGE[{node.low}, {node.high}]"
    if isinstance(node, Distance):
        unit = node.unit.value if node.unit is not None else ""
        return f"DISTANCE[{node.latitude:f}, {node.longitude:f}, {node.radius:f}{unit}]"
    if isinstance(node, Or):
        return " OR ".join(_grouped(operand, isinstance(operand, Or)) for operand in node.operands)
    if isinstance(node, And):
        return " AND ".join(_grouped(operand, isinstance(operand, And | Or)) for operand in node.operands)
    if isinstance(node, Search):
        return f"SEARCH[{node.element}]({to_essie(node.operand)})"
    return _prefix(node) + _grouped(node.operand, isinstance(node.operand, And | Or))


def _prefix(node: Not | Area | Expansion | Coverage | Tilt) -> str:
    if isinstance(node, Not):
        return "NOT "
    if isinstance(node, Area):
        return f"AREA[{node.name}:size] " if node.size else f"AREA[{node.name}]"
    if isinstance(node, Expansion):
        return f"EXPANSION[{node.level.value}]"
    if isinstance(node, Coverage):
        return f"COVERAGE[{node.level.value}]"
    return f"TILT[{node.field}]"


def _grouped(node: Node, parenthesise: bool) -> str:
    text = to_essie(node)
    return f"({text})" if parenthesise else text


def _escape(word: str, special: frozenset[str]) -> str:
    return "".join("\\" + character if character in special else character for character in word)


def _word(word: str) -> str:
    """A word of a term, escaped so that it reads back as this word and not as an operator."""
    if word in KEYWORDS:
        return "\\" + word
    operator = OPERATOR_START.match(word)
    if operator is not None:  # "IL[6]" would read as an operator named IL: escape its "["
        bracket = operator.end() - 1
        return word[:bracket] + "\\[" + _escape(word[bracket + 1 :], _ESCAPED_IN_WORDS)
    return _escape(word, _ESCAPED_IN_WORDS)
