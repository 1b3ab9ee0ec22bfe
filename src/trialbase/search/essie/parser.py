"""``parse``: Essie query text to a tree, or an ``EssieSyntaxError`` that says where and why.

The grammar, following ClinicalTrials.gov ("all search expressions are OR expressions"), from the
loosest binding to the tightest::

    query      := <empty> | or
    or         := and ( "OR" and )*
    and        := operator ( ["AND"] operator )*        side by side means AND: bethesda NOT maryland
    operator   := ( "NOT" | AREA[..] | SEARCH[..] | EXPANSION[..] | COVERAGE[..] | TILT[..] )* source
    source     := word+ | "phrase" | "(" or ")" | RANGE[..] | DISTANCE[..] | MISSING | ALL

So the precedence is: terms and source operators; NOT and the context operators; AND; OR.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from trialbase.search.essie.arguments import (
    area_argument,
    coverage_argument,
    distance_node,
    distance_values,
    expansion_argument,
    name_argument,
    range_node,
)
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
    Search,
    Span,
    Term,
    Tilt,
)
from trialbase.search.essie.errors import EssieSyntaxError
from trialbase.search.essie.lexer import Token, TokenKind, tokenize

MAX_QUERY_LENGTH = 30_000
"""The longest query accepted, in characters."""

MAX_DEPTH = 100
"""How deeply parentheses and unary operators (NOT, AREA[...], ...) may nest inside one another."""

_UNARY_OPERATORS = frozenset({"AREA", "SEARCH", "EXPANSION", "COVERAGE", "TILT"})
_STARTS_OPERAND = frozenset(
    {
        TokenKind.WORD,
        TokenKind.PHRASE,
        TokenKind.OPEN,
        TokenKind.NOT,
        TokenKind.ALL,
        TokenKind.MISSING,
        TokenKind.OPERATOR,
    }
)
_OPERAND = ("a search term", "a phrase", '"("', "an operator such as NOT, AREA[...] or RANGE[...]")
_GEO_FILTER = re.compile(r"\s*distance\((?P<arguments>[^()]*)\)\s*")

_Wrap = Callable[[Node, Span], Node]


def parse(text: str) -> Node:
    """Parse an Essie query. An empty (or blank) query means no restriction: ``All``.

    Raises ``EssieSyntaxError`` (a ``ValueError``) for anything else that is not a valid query,
    including queries longer than ``MAX_QUERY_LENGTH`` or nested deeper than ``MAX_DEPTH``.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise EssieSyntaxError(
            f"the query is {len(text):,} characters long; the longest query accepted is "
            f"{MAX_QUERY_LENGTH:,} characters",
            column=MAX_QUERY_LENGTH + 1,
            code="too-long",
            expected=("a shorter query",),
        )
    return _Parser(tokenize(text)).query(len(text))


def parse_geo_filter(text: str) -> Distance:
    """The API's ``filter.geo`` parameter, ``distance(39.0035707,-77.1013313,50mi)``, as a Distance node."""
    example = "distance(39.0035707,-77.1013313,50mi)"
    match = _GEO_FILTER.fullmatch(text)
    if match is None:
        raise EssieSyntaxError(
            f"a geo filter is written distance(latitude,longitude,radius), e.g. {example}",
            column=1,
            code="invalid-geo-filter",
            expected=("distance(",),
        )
    parts: list[tuple[str, int]] = []
    column = match.start("arguments") + 1
    for raw in match.group("arguments").split(","):
        lead = len(raw) - len(raw.lstrip())
        parts.append((raw.strip(), column + lead))
        column += len(raw) + 1
    start = len(text) - len(text.lstrip()) + 1
    latitude, longitude, radius, unit = distance_values(parts, "distance", start, example)
    return Distance(latitude, longitude, radius, unit, span=Span(start, len(text.rstrip()) + 1))


def _negate(operand: Node, span: Span) -> Node:
    return Not(operand, span=span)


def _span(node: Node) -> Span:
    assert node.span is not None, "parsed nodes always have a span"
    return node.span


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.position]

    def advance(self) -> Token:
        token = self.tokens[self.position]
        if token.kind is not TokenKind.END:
            self.position += 1
        return token

    def previous(self) -> Token | None:
        return self.tokens[self.position - 1] if self.position > 0 else None

    def query(self, length: int) -> Node:
        if self.peek().kind is TokenKind.END:
            return All(span=Span(1, length + 1))
        node = self.disjunction()
        token = self.peek()
        if token.kind is TokenKind.CLOSE:
            raise EssieSyntaxError(
                f'unmatched ")" at column {token.span.start}: there is no "(" before it to close',
                column=token.span.start,
                code="unmatched-parenthesis",
                expected=("AND", "OR", "a search term", "the end of the query"),
            )
        assert token.kind is TokenKind.END, token
        return node

    def disjunction(self) -> Node:
        operands = [self.conjunction()]
        while self.peek().kind is TokenKind.OR:
            self.advance()
            operands.append(self.conjunction())
        if len(operands) == 1:
            return operands[0]
        return Or(tuple(operands), span=Span(_span(operands[0]).start, _span(operands[-1]).end))

    def conjunction(self) -> Node:
        operands = [self.operator_expression()]
        while True:
            kind = self.peek().kind
            if kind is TokenKind.AND:
                self.advance()
            elif kind not in _STARTS_OPERAND:
                break
            operands.append(self.operator_expression())
        if len(operands) == 1:
            return operands[0]
        return And(tuple(operands), span=Span(_span(operands[0]).start, _span(operands[-1]).end))

    def operator_expression(self) -> Node:
        wrappers: list[tuple[Token, _Wrap]] = []
        while True:
            token = self.peek()
            if token.kind is TokenKind.NOT:
                wrap: _Wrap = _negate
            elif token.kind is TokenKind.OPERATOR and token.text in _UNARY_OPERATORS:
                wrap = self.unary_operator(token)
            else:
                break
            self.check_depth(token, self.depth + len(wrappers) + 1)
            wrappers.append((token, wrap))
            self.advance()
        self.depth += len(wrappers)
        node = self.source()
        self.depth -= len(wrappers)
        for token, wrap in reversed(wrappers):
            node = wrap(node, Span(token.span.start, _span(node).end))
        return node

    def unary_operator(self, token: Token) -> _Wrap:
        """Read the bracket argument now (so its errors come in query order); wrap the operand later."""
        if token.text == "AREA":
            name, size = area_argument(token)
            return lambda operand, span: Area(name, operand, size, span=span)
        if token.text == "SEARCH":
            element = name_argument(token, "SEARCH[Location]")
            return lambda operand, span: Search(element, operand, span=span)
        if token.text == "EXPANSION":
            expansion = expansion_argument(token)
            return lambda operand, span: Expansion(expansion, operand, span=span)
        if token.text == "COVERAGE":
            coverage = coverage_argument(token)
            return lambda operand, span: Coverage(coverage, operand, span=span)
        assert token.text == "TILT", token
        field = name_argument(token, "TILT[StudyFirstPostDate]")
        return lambda operand, span: Tilt(field, operand, span=span)

    def source(self) -> Node:
        token = self.peek()
        if token.kind is TokenKind.WORD:
            words: list[str] = []
            end = token.span.end
            while self.peek().kind is TokenKind.WORD:
                word = self.advance()
                words.append(word.text)
                end = word.span.end
            return Term(tuple(words), span=Span(token.span.start, end))
        if token.kind is TokenKind.PHRASE:
            self.advance()
            return Phrase(token.words, span=token.span)
        if token.kind is TokenKind.ALL:
            self.advance()
            return All(span=token.span)
        if token.kind is TokenKind.MISSING:
            self.advance()
            return Missing(span=token.span)
        if token.kind is TokenKind.OPERATOR and token.text == "RANGE":
            self.advance()
            return range_node(token)
        if token.kind is TokenKind.OPERATOR and token.text == "DISTANCE":
            self.advance()
            return distance_node(token)
        if token.kind is TokenKind.OPEN:
            return self.group()
        raise self.missing_operand(token)

    def group(self) -> Node:
        opening = self.advance()
        self.check_depth(opening, self.depth + 1)
        if self.peek().kind is TokenKind.CLOSE:
            raise EssieSyntaxError(
                f"empty parentheses at column {opening.span.start}: "
                'put a search expression between "(" and ")"',
                column=opening.span.start,
                code="empty-parentheses",
                expected=_OPERAND,
            )
        self.depth += 1
        node = self.disjunction()
        self.depth -= 1
        closing = self.peek()
        if closing.kind is not TokenKind.CLOSE:
            raise EssieSyntaxError(
                f'expected a closing ")" for the "(" at column {opening.span.start}, '
                f"found {closing.describe_at()}",
                column=closing.span.start,
                code="unclosed-parenthesis",
                expected=('")"',),
            )
        self.advance()
        return dataclasses.replace(node, span=Span(opening.span.start, closing.span.end))

    def check_depth(self, token: Token, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise EssieSyntaxError(
                f"the query nests more than {MAX_DEPTH} levels deep at column {token.span.start} "
                "(parentheses and operators such as NOT or AREA[...] inside one another); simplify it",
                column=token.span.start,
                code="too-deep",
                expected=("a less deeply nested query",),
            )

    def missing_operand(self, token: Token) -> EssieSyntaxError:
        """The error for a token where a search expression should have started."""
        before = self.previous()
        if token.kind in (TokenKind.AND, TokenKind.OR) and (before is None or before.kind is TokenKind.OPEN):
            return EssieSyntaxError(
                f"{token.text} at column {token.span.start} needs a search expression on its left",
                column=token.span.start,
                code="missing-operand",
                expected=_OPERAND,
            )
        if token.kind is TokenKind.CLOSE and before is None:
            return EssieSyntaxError(
                f'unmatched ")" at column {token.span.start}: there is no "(" before it to close',
                column=token.span.start,
                code="unmatched-parenthesis",
                expected=_OPERAND,
            )
        after = f" after {before.describe_at()}" if before is not None else ""
        return EssieSyntaxError(
            f'expected a search term, a phrase or "("{after}, found {token.describe_at()}',
            column=token.span.start,
            code="missing-operand",
            expected=_OPERAND,
        )
