"""How much work an Essie query asks for, measured on its parsed tree, and the limits a server sets.

The parser already refuses absurd input (``MAX_QUERY_LENGTH`` characters, ``MAX_DEPTH`` levels).
A public server wants tighter bounds: every word becomes index look-ups (times its synonyms under
concept expansion) and every operator a boolean clause, so a long machine-made query can occupy
a worker for a long time. ``check_complexity`` refuses a tree over the limits, naming the limit
and the column where the query went over it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from trialbase.search.essie import Distance, Node, Phrase, Span, Term, children
from trialbase.search.query_error import QueryError


@dataclass(frozen=True, slots=True)
class ComplexityLimits:
    max_words: int = 200  # words in terms and phrases
    max_nodes: int = 500  # operators, terms, phrases, ranges... every node of the tree
    max_depth: int = 16  # nodes inside one another (a plain word is depth 1)
    max_distances: int = 10  # DISTANCE[...] operators, each a geographic search


@dataclass(frozen=True, slots=True)
class Complexity:
    words: int
    nodes: int
    depth: int
    distances: int


UNLIMITED = ComplexityLimits(max_words=2**62, max_nodes=2**62, max_depth=2**62, max_distances=2**62)


def measure(node: Node) -> Complexity:
    return check_complexity(node, UNLIMITED)


def check_complexity(node: Node, limits: ComplexityLimits, *, parameter: str | None = None) -> Complexity:
    """The query's complexity; ``QueryError`` (code ``too-complex``) at the first limit it passes."""
    words = nodes = depth = distances = 0
    for current, level in _walk(node):
        nodes += 1
        depth = max(depth, level)
        if nodes > limits.max_nodes:
            raise _too_complex(f"more than {limits.max_nodes} operators and terms", current.span, parameter)
        if level > limits.max_depth:
            raise _too_complex(
                f"expressions nested more than {limits.max_depth} deep "
                "(parentheses and operators such as NOT or AREA[...] inside one another)",
                current.span,
                parameter,
            )
        if isinstance(current, Term | Phrase):
            words += len(current.words)
            if words > limits.max_words:
                raise _too_complex(f"more than {limits.max_words} words", current.span, parameter)
        elif isinstance(current, Distance):
            distances += 1
            if distances > limits.max_distances:
                raise _too_complex(
                    f"more than {limits.max_distances} DISTANCE[...] searches", current.span, parameter
                )
    return Complexity(words=words, nodes=nodes, depth=depth, distances=distances)


def _too_complex(what: str, span: Span | None, parameter: str | None) -> QueryError:
    return QueryError(
        f"the query is too complex for this server: {what}; split it into smaller queries",
        column=None if span is None else span.start,
        code="too-complex",
        parameter=parameter,
    )


def _walk(node: Node) -> Iterator[tuple[Node, int]]:
    """Every node with its depth (the root is 1), in the order written (no recursion)."""
    stack = [(node, 1)]
    while stack:
        current, level = stack.pop()
        yield current, level
        stack.extend((child, level + 1) for child in reversed(children(current)))
