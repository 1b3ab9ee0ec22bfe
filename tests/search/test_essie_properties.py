"""Properties of the Essie parser over generated input: it never crashes, and printing round-trips."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialbase.domain.age import Age, AgeUnit
from trialbase.domain.partial_date import PartialDate
from trialbase.search.essie import (
    MAX_QUERY_LENGTH,
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
    EssieSyntaxError,
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
    children,
    parse,
    to_essie,
)

# No example database in the repository; generous deadlines for the long inputs.
FAST = settings(max_examples=300, database=None, deadline=None)
SLOW = settings(max_examples=15, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of Essie, so random text often comes close to valid queries and explores the edges.
FRAGMENTS = [
    "AND", "OR", "NOT", "ALL", "MISSING", "and", "(", ")", '"', "\\", "[", "]", ",", ":", " ", " ", " ",
    "AREA[", "AREA[Condition]", "AREA[Phase:size]", "SEARCH[Location]", "EXPANSION[Concept]",
    "COVERAGE[FullMatch]", "TILT[StartDate]", "RANGE[", "RANGE[MIN, MAX]", "RANGE[2020-01, 2021]",
    "RANGE[18 years, MAX]", "DISTANCE[39.1, -77.2, 50mi]", "EXPANSON[", "IL[6]", "MIN", "MAX",
    "2020", "2020-02-30", "18 years", "heart", "attack", "é", "心", "\u00a0", "\t", "\n", "\\MISSING",
]  # fmt: skip
essie_like = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.text(max_size=200)
not_space = st.characters(exclude_categories=["Cs"]).filter(lambda character: not character.isspace())


def _valid_spans(node: Node, length: int) -> bool:
    assert node.span is not None
    ok = 1 <= node.span.start <= node.span.end <= length + 1
    return ok and all(_valid_spans(child, length) for child in children(node))


def _outcome(text: str) -> Node | EssieSyntaxError:
    try:
        return parse(text)
    except EssieSyntaxError as error:
        return error


@FAST
@given(st.one_of(any_text, essie_like))
def test_parse_raises_nothing_but_syntax_errors(text: str) -> None:
    outcome = _outcome(text)  # anything but an EssieSyntaxError propagates and fails the test
    if isinstance(outcome, EssieSyntaxError):
        assert 1 <= outcome.column <= len(text) + 1
        assert outcome.expected
        assert f"column {outcome.column}" in str(outcome) or outcome.code == "too-long"
        return
    assert _valid_spans(outcome, len(text))
    canonical = to_essie(outcome)
    assert parse(canonical) == outcome
    assert to_essie(parse(canonical)) == canonical


@SLOW
@given(
    st.integers(min_value=0, max_value=MAX_QUERY_LENGTH + 50), st.sampled_from([*FRAGMENTS, "a b ", "(x) "])
)
def test_long_input_is_parsed_or_refused_cleanly(length: int, fragment: str) -> None:
    text = (fragment * (length // len(fragment) + 1))[:length]
    outcome = _outcome(text)
    if length > MAX_QUERY_LENGTH:
        assert isinstance(outcome, EssieSyntaxError)
        assert outcome.code == "too-long"


# --- Generated trees ---------------------------------------------------------------------------

words = st.one_of(
    st.text(not_space, min_size=1, max_size=6),
    st.sampled_from(["AND", "OR", "NOT", "ALL", "MISSING", "AREA[x", "IL[6]", "a\\b", '"', "(", ")", "MIN"]),
)
word_tuples = st.lists(words, min_size=1, max_size=4).map(tuple)
names = st.from_regex(r"[A-Za-z][A-Za-z0-9_.]{0,10}", fullmatch=True)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=dt.date(1, 1, 1)))
    if draw(st.booleans()):
        return PartialDate(day.year, day.month, day.day)
    return PartialDate(day.year, day.month)


numbers = st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False)
ages = st.builds(
    Age,
    st.integers(min_value=0, max_value=10_000).map(float) | st.sampled_from([0.5, 1.25, 0.1]),
    st.sampled_from(list(AgeUnit)),
)


@st.composite
def ranges(draw: st.DrawFn) -> Range:
    kind = draw(st.sampled_from(["number", "date", "age", "year-and-date"]))
    bounds: tuple[Bound, Bound]
    if kind == "number":
        low, high = sorted(draw(st.tuples(numbers, numbers)))
        bounds = (NumberBound(low), NumberBound(high))
    elif kind == "date":
        first, second = sorted(draw(st.tuples(partial_dates(), partial_dates())), key=lambda d: d.earliest())
        bounds = (DateBound(first), DateBound(second))
    elif kind == "age":
        first_age, second_age = sorted(draw(st.tuples(ages, ages)), key=lambda a: a.in_days())
        bounds = (AgeBound(first_age), AgeBound(second_age))
    else:
        year = draw(st.integers(min_value=1000, max_value=9999))  # a four-digit number beside a date
        bounds = (NumberBound(Decimal(year)), DateBound(PartialDate(year, 12)))
    low_bound: Bound = bounds[0]
    high_bound: Bound = bounds[1]
    if draw(st.booleans()):
        low_bound = OpenBound("MIN")
    elif draw(st.booleans()):
        high_bound = OpenBound("MAX")
    return Range(low_bound, high_bound)


coordinates = st.decimals(min_value=-90, max_value=90, places=5, allow_nan=False, allow_infinity=False)
distances = st.builds(
    Distance,
    coordinates,
    st.decimals(min_value=-180, max_value=180, places=4, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=Decimal("0.1"), max_value=500, places=1, allow_nan=False, allow_infinity=False),
    st.none() | st.sampled_from(list(DistanceUnit)),
)
leaves: st.SearchStrategy[Node] = st.one_of(
    st.builds(Term, word_tuples),
    st.builds(Phrase, word_tuples),
    st.builds(All),
    st.builds(Missing),
    ranges(),
    distances,
)


def _branches(inner: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    operands = st.lists(inner, min_size=2, max_size=4).map(tuple)
    return st.one_of(
        st.builds(And, operands),
        st.builds(Or, operands),
        st.builds(Not, inner),
        st.builds(Area, names, inner, st.booleans()),
        st.builds(Search, names, inner),
        st.builds(Expansion, st.sampled_from(list(ExpansionLevel)), inner),
        st.builds(Coverage, st.sampled_from(list(CoverageLevel)), inner),
        st.builds(Tilt, names, inner),
    )


trees = st.recursive(leaves, _branches, max_leaves=12)


@FAST
@given(trees)
def test_printed_trees_parse_back_to_the_same_tree(tree: Node) -> None:
    text = to_essie(tree)
    assert parse(text) == tree, text
    assert to_essie(parse(text)) == text
