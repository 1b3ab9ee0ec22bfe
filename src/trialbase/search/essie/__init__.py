"""The Essie query language of ClinicalTrials.gov, parsed once into a tree.

``parse(text)`` gives a ``Node`` (or raises ``EssieSyntaxError`` with a column and what would have
been accepted); ``to_essie(node)`` gives canonical text that parses back to an equal tree.
Pure Python, no I/O: area and field names are checked against the index later, not here.
See docs/query-language.md for the language as Trialbase accepts it.
"""

from trialbase.search.essie.ast import (
    AgeBound,
    All,
    And,
    Area,
    Bound,
    Coverage,
    CoverageLevel,
    DateBound,
    Distance,
    DistanceUnit,
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
    Span,
    Term,
    Tilt,
    UnaryNode,
    children,
)
from trialbase.search.essie.errors import EssieSyntaxError
from trialbase.search.essie.parser import MAX_DEPTH, MAX_QUERY_LENGTH, parse, parse_geo_filter
from trialbase.search.essie.printer import to_essie

__all__ = [
    "MAX_DEPTH",
    "MAX_QUERY_LENGTH",
    "AgeBound",
    "All",
    "And",
    "Area",
    "Bound",
    "Coverage",
    "CoverageLevel",
    "DateBound",
    "Distance",
    "DistanceUnit",
    "EssieSyntaxError",
    "Expansion",
    "ExpansionLevel",
    "Missing",
    "Node",
    "Not",
    "NumberBound",
    "OpenBound",
    "Or",
    "Phrase",
    "Range",
    "Search",
    "Span",
    "Term",
    "Tilt",
    "UnaryNode",
    "children",
    "parse",
    "parse_geo_filter",
    "to_essie",
]
