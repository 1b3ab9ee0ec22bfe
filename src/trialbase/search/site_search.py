"""``SEARCH[Location](...)``: every condition inside holds for the same site.

The operand is rewritten as an OR of clauses, each an AND of words in location pieces
(``LocationCity``, ``LocationStatus``, ...). A clause becomes a sloppy phrase over the tagged
words of ``site_text`` (see ``index/site_text.py``): it can only match within one site. A word
without an ``AREA[...]`` may be in any location piece.

``DISTANCE[...]`` inside is checked against each site's coordinates together with the site's
status (both are in the packed ``sites`` of the index): ``SEARCH[Location](DISTANCE[42.36,
-71.06,50mi] AND AREA[LocationStatus]Recruiting)`` finds studies with a *recruiting site* within
50 miles. Other words combined with a distance must be in one site, and that site (or another)
must be within the distance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

import tantivy

from trialbase.domain.enums import RecruitmentStatus
from trialbase.domain.legacy_values import LEGACY_VALUES
from trialbase.index.site_text import SITE_PIECES, SITE_SLOP, TAG_ORDER, TAGS, tagged
from trialbase.search.essie import And, Area, Distance, Node, Or, Phrase, Term
from trialbase.search.query_error import QueryError

MAX_CLAUSES = 64
_STATUS_TAG = TAGS["LocationStatus"]


@dataclass(frozen=True, slots=True)
class _Words:
    tag: str
    tokens: tuple[str, ...]


# One clause: words that must all be in one site, and distances one of its sites must be within.
_Clause = tuple[tuple[_Words, ...], tuple[Distance, ...]]

SiteGeo = Callable[[Distance, frozenset[str] | None], tantivy.Query]


def site_query(
    operand: Node,
    schema: tantivy.Schema,
    analyze: Callable[[str], list[str]],
    site_geo: SiteGeo,
    column: int | None,
) -> tantivy.Query:
    clauses = _clauses(operand, None, analyze, column)
    queries = [_clause_query(clause, schema, site_geo) for clause in clauses]
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])


def _clauses(
    node: Node, tag: str | None, analyze: Callable[[str], list[str]], column: int | None
) -> list[_Clause]:
    if isinstance(node, Area):
        wanted = TAGS.get(_piece_name(node.name))
        if wanted is None:
            pieces = ", ".join(piece for piece, _, _ in SITE_PIECES)
            raise QueryError(
                f"SEARCH[Location] looks within one site: {node.name} is not a location field (use {pieces})",
                column=node.span.start if node.span else column,
                code="bad-search-field",
            )
        return _clauses(node.operand, wanted, analyze, column)
    if isinstance(node, Term | Phrase) and tag == _STATUS_TAG:
        status = _status(" ".join(node.words), node, column)
        return [((_Words(tag, (status.lower(),)),), ())]
    if isinstance(node, Term | Phrase):
        tokens = tuple(analyze(" ".join(node.words)))
        if not tokens:
            return [((), ())]
        tags = [tag] if tag else [piece_tag for _, _, piece_tag in SITE_PIECES]
        return [((_Words(piece_tag, tokens),), ()) for piece_tag in tags]
    if isinstance(node, Distance):
        return [((), (node,))]
    if isinstance(node, Or):
        found = [clause for operand in node.operands for clause in _clauses(operand, tag, analyze, column)]
        return _capped(found, node, column)
    if isinstance(node, And):
        parts = [_clauses(operand, tag, analyze, column) for operand in node.operands]
        combined = [
            (tuple(w for clause in combo for w in clause[0]), tuple(d for clause in combo for d in clause[1]))
            for combo in product(*parts)
        ]
        return _capped(combined, node, column)
    raise QueryError(
        "SEARCH[Location](...) takes words, phrases, AREA[...] of location fields, AND, OR and "
        f"DISTANCE[...], not {type(node).__name__.upper()}",
        column=node.span.start if node.span else column,
        code="bad-search-operand",
    )


def _capped(clauses: list[_Clause], node: Node, column: int | None) -> list[_Clause]:
    if len(clauses) > MAX_CLAUSES:
        raise QueryError(
            f"this SEARCH[Location](...) is too complex ({len(clauses)} combinations, "
            f"at most {MAX_CLAUSES}): name the location fields with AREA[...]",
            column=node.span.start if node.span else column,
            code="search-too-complex",
        )
    return clauses


def _clause_query(clause: _Clause, schema: tantivy.Schema, site_geo: SiteGeo) -> tantivy.Query:
    words, distances = clause
    if distances:
        statuses = {w for w in words if w.tag == _STATUS_TAG}
        other = tuple(w for w in words if w.tag != _STATUS_TAG)
        wanted = frozenset(w.tokens[0].upper() for w in statuses) if statuses else None
        parts = [site_geo(distance, wanted) for distance in distances]
        if other:
            parts.append(_words_query(other, schema))
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for part in parts])
    if not words:
        return tantivy.Query.all_query()
    return _words_query(words, schema)


def _words_query(words: tuple[_Words, ...], schema: tantivy.Schema) -> tantivy.Query:
    ordered = sorted(words, key=lambda w: TAG_ORDER[w.tag])
    terms: list[str | tuple[int, str]] = [tagged(w.tag, token) for w in ordered for token in w.tokens]
    if len(terms) == 1:
        return tantivy.Query.term_query(schema, "site_text", terms[0], index_option="freq")
    return tantivy.Query.phrase_query(schema, "site_text", terms, slop=SITE_SLOP)


def _status(text: str, node: Node, column: int | None) -> str:
    """A site status as its v2 value, from the value or its label in any case."""
    wanted = " ".join(text.replace("_", " ").split()).lower()
    for member in RecruitmentStatus:
        names = {member.value.replace("_", " ").lower(), LEGACY_VALUES[RecruitmentStatus][member].lower()}
        if wanted in names:
            return member.value
    allowed = ", ".join(member.value for member in RecruitmentStatus)
    raise QueryError(
        f"{text!r} is not a site status (expected one of {allowed})",
        column=node.span.start if node.span else column,
        code="bad-site-status",
    )


def _piece_name(name: str) -> str:
    lowered = name.lower()
    for piece, _, _ in SITE_PIECES:
        if piece.lower() == lowered:
            return piece
    return name
