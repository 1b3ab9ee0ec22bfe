"""Essie trees to tantivy queries.

Each node is compiled in a context: the text fields it searches (an area's pieces with their
official weights, or one piece), the expansion level and the coverage. Words are analysed the
way the index analyses them, so ``Heart Attacks`` meets ``heart attack``.

Ranking follows the areas' weights: a word scores in every field of its area that holds it,
each field's BM25 score times the field's weight, added up, so a study with the words in more
of the area's fields ranks higher (decision 0022). Concept expansions (synonyms, the MeSH terms
of a concept) are alternatives boosted below the words as written, so exact matches rank first.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import tantivy

from trialbase.index.schema import FLOAT_PIECES
from trialbase.search import catalog
from trialbase.search.catalog import FieldRef, PieceKind, PieceRef
from trialbase.search.concepts import ConceptIndex
from trialbase.search.essie import (
    AgeBound,
    All,
    And,
    Area,
    Bound,
    Coverage,
    CoverageLevel,
    DateBound,
    Distance,
    Expansion,
    ExpansionLevel,
    Missing,
    Node,
    Not,
    NumberBound,
    OpenBound,
    Or,
    Phrase,
    Range,
    Search,
    Term,
    Tilt,
)
from trialbase.search.query_error import QueryError
from trialbase.search.site_search import SiteGeo, site_query
from trialbase.search.term_sets import any_of

Occur = tantivy.Occur
BEGIN, END = "zzbeginzz", "zzendzz"
EPOCH = dt.date(1970, 1, 1)
CONCEPT_BOOST = 0.6
SYNONYM_BOOST = 0.45
MAX_CONCEPTS = 3
MAX_SYNONYMS = 8
MAX_SIZE = 1000
LOSSY_SHARE = 0.6
# Words that carry no meaning on their own in a search, after analysis (stemmed, lower case).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "you",
        "your",
    ]
)


@dataclass(frozen=True, slots=True)
class ExpansionNote:
    """A concept the query was expanded with, for "why did this match"."""

    text: str
    descriptor_id: str
    name: str
    via: str


@dataclass
class Compiled:
    query: tantivy.Query
    notes: list[ExpansionNote] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)  # every token searched, for highlighting
    distances: list[Distance] = field(default_factory=list)  # DISTANCE[...] filters to verify exactly


@dataclass(frozen=True, slots=True)
class _Context:
    area: str
    fields: tuple[FieldRef, ...]
    piece: PieceRef | None = None
    expansion: ExpansionLevel = ExpansionLevel.RELAXATION
    coverage: CoverageLevel = CoverageLevel.CONTAINS


GeoQuery = Callable[[Distance], tantivy.Query]


class QueryCompiler:
    def __init__(
        self,
        schema: tantivy.Schema,
        analyze: Callable[[str], list[str]],
        concepts: ConceptIndex | None = None,
        geo: GeoQuery | None = None,
        site_geo: SiteGeo | None = None,
    ) -> None:
        self.schema = schema
        self.analyze = analyze
        self.concepts = concepts
        self.geo = geo
        self.site_geo = site_geo

    def compile(
        self,
        node: Node,
        *,
        area: str = catalog.DEFAULT_AREA,
        expansion: ExpansionLevel = ExpansionLevel.RELAXATION,
    ) -> Compiled:
        """The query for ``node`` searched in ``area``; ``expansion`` is the level outside any
        ``EXPANSION[...]`` (Relaxation, as on ClinicalTrials.gov, unless the engine relaxes further)."""
        fields = catalog.area_fields(area)
        if fields is None:
            raise QueryError(f"unknown search area {area!r}", column=None, code="unknown-area")
        result = Compiled(query=tantivy.Query.all_query())
        result.query = self._node(node, _Context(area, fields, expansion=expansion), result)
        return result

    # --- structure ----------------------------------------------------------------------------

    def _node(self, node: Node, ctx: _Context, out: Compiled) -> tantivy.Query:
        if isinstance(node, Term):
            return self._text(node.words, ctx, out, phrase=False)
        if isinstance(node, Phrase):
            return self._text(node.words, ctx, out, phrase=True)
        if isinstance(node, And):
            return tantivy.Query.boolean_query(
                [(Occur.Must, self._node(op, ctx, out)) for op in node.operands]
            )
        if isinstance(node, Or):
            return tantivy.Query.boolean_query(
                [(Occur.Should, self._node(op, ctx, out)) for op in node.operands]
            )
        if isinstance(node, Not):
            return _exclude(self._node(node.operand, ctx, out))
        if isinstance(node, All):
            return tantivy.Query.all_query()
        if isinstance(node, Missing):
            return self._missing(ctx)
        if isinstance(node, Range):
            return self._range(node, ctx)
        if isinstance(node, Area):
            return self._area(node, ctx, out)
        if isinstance(node, Expansion):
            return self._node(node.operand, replace(ctx, expansion=node.level), out)
        if isinstance(node, Coverage):
            return self._node(node.operand, replace(ctx, coverage=node.level), out)
        if isinstance(node, Tilt):
            return self._tilt(node, ctx, out)
        if isinstance(node, Distance):
            return self._distance(node, out)
        if isinstance(node, Search):
            return self._search(node, ctx, out)
        raise QueryError(
            f"{type(node).__name__} is not supported here", column=_column(node), code="unsupported"
        )

    def _area(self, node: Area, ctx: _Context, out: Compiled) -> tantivy.Query:
        fields = catalog.area_fields(node.name)
        if fields is not None and not node.size:
            return self._node(node.operand, replace(ctx, area=node.name, fields=fields, piece=None), out)
        ref = catalog.piece_ref(node.name)
        if ref is None:
            raise QueryError(
                f"unknown area or field {node.name!r}{catalog.suggestion(node.name)}",
                column=_column(node),
                code="unknown-field",
            )
        if node.size:
            return self._size(ref, node, ctx)
        inner = replace(ctx, area=ref.piece.name, fields=(ref.text,) if ref.text else (), piece=ref)
        return self._node(node.operand, inner, out)

    # --- words --------------------------------------------------------------------------------

    def _text(self, words: Sequence[str], ctx: _Context, out: Compiled, *, phrase: bool) -> tantivy.Query:
        text = " ".join(words)
        if ctx.piece is not None and ctx.piece.kind is PieceKind.DATE:
            return self._date_value(text, ctx)
        tokens = self.analyze(text)
        if not phrase and len(tokens) > 1:
            # Unquoted words: "app to help me sleep" searches app, help, sleep. Quoted phrases,
            # and words that are all stop words ("The Who"), are searched as written.
            content = [token for token in tokens if token not in STOP_WORDS]
            tokens = content or tokens
        if not tokens or not ctx.fields:
            return tantivy.Query.empty_query()
        out.tokens.update(tokens)
        matched = self._match(tokens, ctx, phrase=phrase)
        if ctx.expansion in (ExpansionLevel.NONE, ExpansionLevel.TERM):
            return matched
        alternatives = self._concepts(text, ctx, out)
        if not alternatives:
            return matched
        return tantivy.Query.boolean_query([(Occur.Should, q) for q in [matched, *alternatives]])

    def _match(self, tokens: list[str], ctx: _Context, *, phrase: bool) -> tantivy.Query:
        if ctx.coverage is not CoverageLevel.CONTAINS:
            return self._covering(tokens, ctx)
        if len(tokens) == 1:
            return self._each_field(ctx.fields, tokens[:1])
        if phrase or ctx.expansion in (ExpansionLevel.NONE, ExpansionLevel.TERM, ExpansionLevel.CONCEPT):
            return self._each_field(ctx.fields, tokens)
        per_word = [self._each_field(ctx.fields, [token]) for token in tokens]
        if ctx.expansion is ExpansionLevel.LOSSY:
            needed = max(1, math.ceil(len(tokens) * LOSSY_SHARE))
            return tantivy.Query.boolean_query(
                [(Occur.Should, q) for q in per_word], minimum_number_should_match=needed
            )
        return tantivy.Query.boolean_query([(Occur.Must, q) for q in per_word])

    def _covering(self, tokens: list[str], ctx: _Context) -> tantivy.Query:
        marked = {
            CoverageLevel.FULL_MATCH: [BEGIN, *tokens, END],
            CoverageLevel.STARTS_WITH: [BEGIN, *tokens],
            CoverageLevel.ENDS_WITH: [*tokens, END],
        }[ctx.coverage]
        fields = [ref for ref in ctx.fields if ref.dedicated]
        return self._each_field(fields, marked)

    def _each_field(self, fields: Sequence[FieldRef], tokens: list[str]) -> tantivy.Query:
        """The tokens (a word, or words in a row) in any of the fields, each field's weighted
        score added (decision 0022: tantivy's dis-max combiner made broad searches slower)."""
        return any_of(
            [tantivy.Query.boost_query(self._phrase(ref.field, tokens), ref.weight) for ref in fields]
        )

    def _term(self, field_name: str, token: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field_name, token, index_option="freq")

    def _phrase(self, field_name: str, tokens: list[str]) -> tantivy.Query:
        if len(tokens) == 1:  # tantivy refuses one-word phrases
            return self._term(field_name, tokens[0])
        words: list[str | tuple[int, str]] = list(tokens)
        return tantivy.Query.phrase_query(self.schema, field_name, words)

    def _concepts(self, text: str, ctx: _Context, out: Compiled) -> list[tantivy.Query]:
        if self.concepts is None:
            return []
        fields = [ref for ref in ctx.fields if ref.synonyms]
        if not fields:
            return []
        queries: list[tantivy.Query] = []
        for concept in self.concepts.lookup(text)[:MAX_CONCEPTS]:
            names = [concept.preferred_name]
            if concept.preferred_name.lower() != text.lower():
                out.notes.append(
                    ExpansionNote(text, concept.descriptor_id, concept.preferred_name, concept.via)
                )
            synonyms = [s for s in self.concepts.synonyms(concept.descriptor_id) if s.lower() != text.lower()]
            for boost, variants in ((CONCEPT_BOOST, names), (SYNONYM_BOOST, synonyms[:MAX_SYNONYMS])):
                for variant in variants:
                    tokens = self.analyze(variant)
                    if tokens:
                        out.tokens.update(tokens)
                        found = self._each_field(fields, tokens)
                        queries.append(tantivy.Query.boost_query(found, boost))
        return queries

    # --- typed values -------------------------------------------------------------------------

    def _missing(self, ctx: _Context) -> tantivy.Query:
        names = [ctx.piece.piece.name] if ctx.piece else list(catalog.area_pieces(ctx.area))
        present = [tantivy.Query.term_query(self.schema, "present", name) for name in names]
        return _exclude(tantivy.Query.boolean_query([(Occur.Should, q) for q in present]))

    def _range(self, node: Range, ctx: _Context) -> tantivy.Query:
        ref = ctx.piece
        if ref is None:
            raise QueryError(
                "RANGE needs a field to apply to, e.g. AREA[StartDate]RANGE[2020-01, MAX]",
                column=_column(node),
                code="range-without-field",
            )
        if ref.kind is PieceKind.DATE:
            low, high = _date_bound(node.low, node, low=True), _date_bound(node.high, node, low=False)
            return self._date_range(ref.piece.name, low, high)
        if ref.kind is PieceKind.AGE:
            return self._float_range(
                catalog.AGE_FIELDS[ref.piece.name], _age_days(node.low), _age_days(node.high)
            )
        if ref.kind is PieceKind.NUMBER:
            return self._number_range(ref.piece.name, node)
        raise QueryError(
            f"{ref.piece.name} is not a date, number or age, so RANGE does not apply to it",
            column=_column(node),
            code="range-on-text",
        )

    def _date_value(self, text: str, ctx: _Context) -> tantivy.Query:
        from trialbase.domain.partial_date import InvalidDate, PartialDate

        assert ctx.piece is not None
        try:
            date = PartialDate.parse(text.strip())
        except InvalidDate as error:
            raise QueryError(
                f"{ctx.piece.piece.name} is a date: {error}", column=None, code="bad-date"
            ) from None
        return self._date_range(ctx.piece.piece.name, date.earliest(), date.latest())

    def _date_range(self, piece_name: str, low: dt.date | None, high: dt.date | None) -> tantivy.Query:
        # A partial date covers days lo..hi; it is in [low, high] when the two intervals overlap.
        clauses = []
        if low is not None:
            clauses.append(self._int_range(f"{piece_name}_hi", _days(low), None))
        if high is not None:
            clauses.append(self._int_range(f"{piece_name}_lo", None, _days(high)))
        if not clauses:
            return tantivy.Query.term_query(self.schema, "present", piece_name)
        return tantivy.Query.boolean_query([(Occur.Must, q) for q in clauses])

    def _number_range(self, field_name: str, node: Range) -> tantivy.Query:
        low, high = _number(node.low, node), _number(node.high, node)
        if low is None and high is None:
            return tantivy.Query.term_query(self.schema, "present", field_name)
        if field_name in FLOAT_PIECES:
            return self._float_range(field_name, _float(low), _float(high))
        if _is_float(low, high):
            raise QueryError(f"{field_name} holds whole numbers", column=_column(node), code="bad-range")
        return self._int_range(
            field_name, None if low is None else int(low), None if high is None else int(high)
        )

    def _int_range(self, field_name: str, low: int | None, high: int | None) -> tantivy.Query:
        return tantivy.Query.range_query(self.schema, field_name, tantivy.FieldType.Integer, low, high)

    def _float_range(self, field_name: str, low: float | None, high: float | None) -> tantivy.Query:
        if low is None and high is None:
            return tantivy.Query.all_query()
        return tantivy.Query.range_query(self.schema, field_name, tantivy.FieldType.Float, low, high)

    def _size(self, ref: PieceRef, node: Area, ctx: _Context) -> tantivy.Query:
        operand = node.operand
        if isinstance(operand, Range):
            low = _number(operand.low, operand)
            high = _number(operand.high, operand)
            first = 0 if low is None else max(0, int(low))
            last = MAX_SIZE if high is None else min(MAX_SIZE, int(high))
        elif isinstance(operand, Term) and len(operand.words) == 1 and operand.words[0].isdigit():
            first = last = int(operand.words[0])
        else:
            raise QueryError(
                f"AREA[{ref.piece.name}:size] takes a number or a RANGE, "
                f"e.g. AREA[{ref.piece.name}:size]RANGE[2, MAX]",
                column=_column(node),
                code="bad-size",
            )
        values = [f"{ref.piece.name}={n}" for n in range(max(first, 1), last + 1)]
        queries: list[tantivy.Query] = []
        if values:
            queries.append(tantivy.Query.term_set_query(self.schema, "sizes", values))
        if first == 0:
            queries.append(self._missing(replace(ctx, piece=ref)))
        return tantivy.Query.boolean_query([(Occur.Should, q) for q in queries])

    # --- operators on the whole study ---------------------------------------------------------

    def _tilt(self, node: Tilt, ctx: _Context, out: Compiled) -> tantivy.Query:
        """Rank later values of a date field higher, without filtering anything."""
        matched = self._node(node.operand, ctx, out)
        ref = catalog.piece_ref(node.field)
        if ref is None or ref.kind is not PieceKind.DATE:
            raise QueryError(
                f"TILT needs a date field, not {node.field!r}", column=_column(node), code="bad-tilt"
            )
        today = dt.date.today()
        boosts = []
        for years, boost in ((2, 1.0), (5, 0.6), (10, 0.3)):
            since = today.replace(year=today.year - years)
            recent = self._int_range(f"{ref.piece.name}_hi", _days(since), None)
            boosts.append((Occur.Should, tantivy.Query.const_score_query(recent, boost)))
        return tantivy.Query.boolean_query([(Occur.Must, matched), *boosts])

    def _distance(self, node: Distance, out: Compiled) -> tantivy.Query:
        if self.geo is None:
            raise QueryError(
                "DISTANCE is not available without a geo index", column=_column(node), code="no-geo"
            )
        out.distances.append(node)
        return self.geo(node)

    def _search(self, node: Search, ctx: _Context, out: Compiled) -> tantivy.Query:
        if node.element.lower() != "location":
            raise QueryError(
                f"SEARCH[{node.element}] is not supported: only SEARCH[Location](...) is",
                column=_column(node),
                code="unknown-search-element",
            )
        if self.site_geo is None:
            raise QueryError("SEARCH[Location] needs the geo index", column=_column(node), code="no-geo")
        return site_query(node.operand, self.schema, self.analyze, self.site_geo, _column(node))


def _exclude(query: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query([(Occur.Must, tantivy.Query.all_query()), (Occur.MustNot, query)])


def _column(node: Node) -> int | None:
    return node.span.start if node.span is not None else None


def _days(day: dt.date) -> int:
    return (day - EPOCH).days


def _date_bound(bound: Bound, node: Range, *, low: bool) -> dt.date | None:
    if isinstance(bound, OpenBound):
        return None
    if isinstance(bound, DateBound):
        return bound.date.earliest() if low else bound.date.latest()
    if isinstance(bound, NumberBound):
        year = bound.as_year()
        if year is not None:
            return dt.date(year, 1, 1) if low else dt.date(year, 12, 31)
    raise QueryError(
        "a date RANGE takes dates such as 2020, 2020-03 or 2020-03-15, or MIN/MAX",
        column=_column(node),
        code="bad-range",
    )


def _age_days(bound: Bound) -> float | None:
    if isinstance(bound, OpenBound):
        return None
    if isinstance(bound, AgeBound):
        return bound.age.in_days()
    if isinstance(bound, NumberBound):
        return float(bound.value) * 365.25  # a bare number on an age is years
    raise QueryError("an age RANGE takes ages such as 18 years or 6 months", column=None, code="bad-range")


def _number(bound: Bound, node: Range) -> Decimal | None:
    if isinstance(bound, OpenBound):
        return None
    if isinstance(bound, NumberBound):
        return bound.value
    raise QueryError("this RANGE takes numbers, or MIN/MAX", column=_column(node), code="bad-range")


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _is_float(*values: Decimal | None) -> bool:
    return any(value is not None and value != value.to_integral_value() for value in values)
