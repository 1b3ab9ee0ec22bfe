"""The Essie parser: ClinicalTrials.gov's own examples, precedence, escapes, errors, spans, limits."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from trialbase.domain.age import Age, AgeUnit
from trialbase.domain.partial_date import PartialDate
from trialbase.search.essie import (
    MAX_DEPTH,
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
    Span,
    Term,
    Tilt,
    children,
    parse,
    parse_geo_filter,
    to_essie,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "query-language.md"
MIN = OpenBound("MIN")
MAX = OpenBound("MAX")


def term(text: str) -> Term:
    return Term(tuple(text.split()))


def phrase(text: str) -> Phrase:
    return Phrase(tuple(text.split()))


def area(name: str, operand: Node) -> Area:
    return Area(name, operand)


def date(text: str) -> DateBound:
    return DateBound(PartialDate.parse(text))


def number(text: str) -> NumberBound:
    return NumberBound(Decimal(text))


def age(text: str) -> AgeBound:
    return AgeBound(Age.parse(text))


def location(*operands: Node) -> Search:
    return Search("Location", operands[0] if len(operands) == 1 else And(operands))


# Every example on ClinicalTrials.gov's pages about the syntax, with the tree it must give.
# "syntax": classic.clinicaltrials.gov/api/gui/ref/syntax; "operators": clinicaltrials.gov/api/gui/ref/expr
# and its successor /find-studies/constructing-complex-search-queries (examples section);
# "api": the query.* / filter.advanced examples and the AREA[...:size] note in the API v2 spec.
DOCUMENTED_EXAMPLES = [
    # syntax: search terms and escapes
    ("\\MISSING", term("MISSING")),
    ('\\"sleep deprivation\\"', Term(('"sleep', 'deprivation"'))),
    # syntax: OR expressions made of AND expressions
    ("heart attack", term("heart attack")),
    ("heart attack OR stroke", Or((term("heart attack"), term("stroke")))),
    (
        "heart attack OR stroke OR dizziness AND shortness of breath",
        Or((term("heart attack"), term("stroke"), And((term("dizziness"), term("shortness of breath"))))),
    ),
    # operators: Boolean
    ("youth OR teen", Or((term("youth"), term("teen")))),
    ("heart AND attack", And((term("heart"), term("attack")))),
    ("bethesda NOT maryland", And((term("bethesda"), Not(term("maryland"))))),
    # operators: grouping
    ('"back pain"', phrase("back pain")),
    (
        "(acetaminophen OR aspirin) AND NOT (heart failure OR heart attack)",
        And(
            (
                Or((term("acetaminophen"), term("aspirin"))),
                Not(Or((term("heart failure"), term("heart attack")))),
            )
        ),
    ),
    # operators: context
    ("COVERAGE[FullMatch]pain", Coverage(CoverageLevel.FULL_MATCH, term("pain"))),
    ("EXPANSION[Concept]breast cancer", Expansion(ExpansionLevel.CONCEPT, term("breast cancer"))),
    ("EXPANSION[None]SLE", Expansion(ExpansionLevel.NONE, term("SLE"))),
    ("AREA[InterventionName]aspirin", area("InterventionName", term("aspirin"))),
    (
        "SEARCH[Location](AREA[LocationCity]Portland AND AREA[LocationState]Maine)",
        location(area("LocationCity", term("Portland")), area("LocationState", term("Maine"))),
    ),
    (
        "heart attack AND SEARCH[Location](AREA[LocationCity]Portland AND AREA[LocationState]Maine)",
        And(
            (
                term("heart attack"),
                location(area("LocationCity", term("Portland")), area("LocationState", term("Maine"))),
            )
        ),
    ),
    # operators: source
    ("AREA[ResultsFirstPostDate]MISSING", area("ResultsFirstPostDate", Missing())),
    (
        "AREA[ResultsFirstPostDate]RANGE[01/01/2015, MAX]",
        area("ResultsFirstPostDate", Range(date("2015-01-01"), MAX)),
    ),
    ("ALL", All()),
    # operators: scoring
    ('TILT[StudyFirstPostDate]"heart attack"', Tilt("StudyFirstPostDate", phrase("heart attack"))),
    ("TILT[StudyFirstPostDate]prostate cancer", Tilt("StudyFirstPostDate", term("prostate cancer"))),
    # operators: examples
    ("exhaustion", term("exhaustion")),
    (
        "EXPANSION[Concept]invasive ductal carcinoma OR EXPANSION[Concept]breast neoplasm",
        Or(
            (
                Expansion(ExpansionLevel.CONCEPT, term("invasive ductal carcinoma")),
                Expansion(ExpansionLevel.CONCEPT, term("breast neoplasm")),
            )
        ),
    ),
    (
        "AREA[Condition]diabetes AND AREA[InterventionName]insulin",
        And((area("Condition", term("diabetes")), area("InterventionName", term("insulin")))),
    ),
    (
        "SEARCH[Location](AREA[LocationCity]Boston AND AREA[LocationState]Massachusetts)",
        location(area("LocationCity", term("Boston")), area("LocationState", term("Massachusetts"))),
    ),
    (
        "SEARCH[Location](AREA[LocationCountry]United States AND AREA[LocationStatus]Recruiting)",
        location(area("LocationCountry", term("United States")), area("LocationStatus", term("Recruiting"))),
    ),
    (
        "EXPANSION[Concept]heart disease AND SEARCH[Location](AREA[LocationCountry]United States) "
        "AND AREA[Phase]PHASE3",
        And(
            (
                Expansion(ExpansionLevel.CONCEPT, term("heart disease")),
                location(area("LocationCountry", term("United States"))),
                area("Phase", term("PHASE3")),
            )
        ),
    ),
    (
        "(EXPANSION[Concept]cancer OR EXPANSION[Concept]neoplasm) AND AREA[OverallStatus]RECRUITING",
        And(
            (
                Or(
                    (
                        Expansion(ExpansionLevel.CONCEPT, term("cancer")),
                        Expansion(ExpansionLevel.CONCEPT, term("neoplasm")),
                    )
                ),
                area("OverallStatus", term("RECRUITING")),
            )
        ),
    ),
    (
        "AREA[LocationGeoPoint]DISTANCE[39.0019296, -77.1044561, 25mi]",
        area(
            "LocationGeoPoint",
            Distance(Decimal("39.0019296"), Decimal("-77.1044561"), Decimal("25"), DistanceUnit.MILES),
        ),
    ),
    # api: query.cond, query.term and filter.advanced examples, and field sizes
    ("lung cancer", term("lung cancer")),
    ("(head OR neck) AND pain", And((Or((term("head"), term("neck"))), term("pain")))),
    (
        "AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]",
        area("LastUpdatePostDate", Range(date("2023-01-15"), MAX)),
    ),
    ("AREA[StartDate]2022", area("StartDate", term("2022"))),
    (
        "AREA[MinimumAge]RANGE[MIN, 16 years] AND AREA[MaximumAge]RANGE[16 years, MAX]",
        And(
            (
                area("MinimumAge", Range(MIN, age("16 years"))),
                area("MaximumAge", Range(age("16 years"), MAX)),
            )
        ),
    ),
    ("AREA[Phase:size] 2", Area("Phase", term("2"), size=True)),
]


@pytest.mark.parametrize(("query", "expected"), DOCUMENTED_EXAMPLES)
def test_documented_examples_parse_to_the_expected_tree(query: str, expected: Node) -> None:
    assert parse(query) == expected
    assert parse(to_essie(expected)) == expected


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("bethesda NOT maryland", "bethesda AND NOT maryland"),
        (
            "AREA[ResultsFirstPostDate]RANGE[01/01/2015, MAX]",
            "AREA[ResultsFirstPostDate]RANGE[2015-01-01, MAX]",
        ),
        ("AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]", "AREA[LastUpdatePostDate]RANGE[2023-01-15, MAX]"),
        ("", "ALL"),
        ("  heart \t attack\n", "heart attack"),
        ('"back   pain"', '"back pain"'),
        ("(a)", "a"),
        ("((a OR b)) c", "(a OR b) AND c"),
        ("a AND (b AND c)", "a AND (b AND c)"),
        ("a OR (b OR c)", "a OR (b OR c)"),
        ("SEARCH[Location]AREA[LocationCity]Boston", "SEARCH[Location](AREA[LocationCity]Boston)"),
        ("AREA[ Condition ]x", "AREA[Condition]x"),
        ("AREA[Phase:Size]2", "AREA[Phase:size] 2"),
        ("EXPANSION[concept]x", "EXPANSION[Concept]x"),
        ("COVERAGE[startswith]x", "COVERAGE[StartsWith]x"),
        ("RANGE[min, max]", "RANGE[MIN, MAX]"),
        ("RANGE[18 Years, 65 YEARS]", "RANGE[18 years, 65 years]"),
        ("RANGE[6 Months, 1 Year]", "RANGE[6 months, 1 year]"),
        ("RANGE[2020-03-01 , MAX ]", "RANGE[2020-03-01, MAX]"),
        ("RANGE[3/1/2020, 12/2021]", "RANGE[2020-03-01, 2021-12]"),
        ("RANGE[+5, 10.50]", "RANGE[5, 10.50]"),
        ("DISTANCE[39.0,-77.10,50 KM]", "DISTANCE[39.0, -77.10, 50km]"),
        ("DISTANCE[0, 0, 5]", "DISTANCE[0, 0, 5]"),
        ("AREA[X]a NOT b", "AREA[X]a AND NOT b"),
        ("NOT (a AND b)", "NOT (a AND b)"),
    ],
)
def test_canonical_text(query: str, canonical: str) -> None:
    assert to_essie(parse(query)) == canonical
    assert parse(canonical) == parse(query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # OR binds loosest, then AND, then NOT and the context operators.
        ("a OR b AND c", Or((term("a"), And((term("b"), term("c")))))),
        ("a AND b OR c", Or((And((term("a"), term("b"))), term("c")))),
        ("a AND b AND c OR d OR e", Or((And((term("a"), term("b"), term("c"))), term("d"), term("e")))),
        ("NOT a AND b", And((Not(term("a")), term("b")))),
        ("NOT a OR b", Or((Not(term("a")), term("b")))),
        ("a NOT b OR c", Or((And((term("a"), Not(term("b")))), term("c")))),
        ("NOT NOT a", Not(Not(term("a")))),
        ("NOT heart attack", Not(term("heart attack"))),
        ("AREA[X]a AND b", And((area("X", term("a")), term("b")))),
        ("AREA[X]a b OR c", Or((area("X", term("a b")), term("c")))),
        ("AREA[X](a AND b)", area("X", And((term("a"), term("b"))))),
        ("AREA[X]NOT a", area("X", Not(term("a")))),
        ("NOT AREA[X]a", Not(area("X", term("a")))),
        (
            "EXPANSION[None]COVERAGE[FullMatch]AREA[X]a b",
            Expansion(ExpansionLevel.NONE, Coverage(CoverageLevel.FULL_MATCH, area("X", term("a b")))),
        ),
        ("TILT[LastUpdatePostDate]a OR b", Or((Tilt("LastUpdatePostDate", term("a")), term("b")))),
        # Side by side is AND, at AND's precedence; parentheses keep their nesting.
        ("(a OR b) c", And((Or((term("a"), term("b"))), term("c")))),
        ("a (b OR c)", And((term("a"), Or((term("b"), term("c")))))),
        ('"a b" c', And((phrase("a b"), term("c")))),
        ('a "b c" d', And((term("a"), phrase("b c"), term("d")))),
        ("AREA[X]a AREA[Y]b", And((area("X", term("a")), area("Y", term("b"))))),
        ("a AND (b AND c)", And((term("a"), And((term("b"), term("c")))))),
        ("(a AND b) AND c", And((And((term("a"), term("b"))), term("c")))),
        ("((a))", term("a")),
        # Operators are capitals only; in other cases they are words of the term.
        ("salt and pepper", term("salt and pepper")),
        ("a or b not c", term("a or b not c")),
        ("Missing data", term("Missing data")),
        ("ANDROGEN ORAL", term("ANDROGEN ORAL")),
        ("All-trans retinoic acid", term("All-trans retinoic acid")),
        # ALL and MISSING are operators wherever they stand as capital words.
        ("pediatric ALL", And((term("pediatric"), All()))),
        ("AREA[X](MISSING OR RANGE[1, 2])", area("X", Or((Missing(), Range(number("1"), number("2")))))),
        # Brackets only make an operator right after letters at the start of a word.
        ("[18F]FDG PET", term("[18F]FDG PET")),
        ("Ga-68[PSMA]", term("Ga-68[PSMA]")),
        ("b] [c 1[2] [", term("b] [c 1[2] [")),
    ],
)
def test_precedence_and_combination(query: str, expected: Node) -> None:
    assert parse(query) == expected
    assert parse(to_essie(expected)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("\\AND", term("AND")),
        ("a \\OR b", term("a OR b")),
        ("\\NOT\\ALL", term("NOTALL")),
        ("\\(a\\)", term("(a)")),
        ("\\\\server", term("\\server")),
        ("C\\+\\+", term("C++")),
        ("\\AREA[Condition]x", term("AREA[Condition]x")),
        ("IL\\[6]", term("IL[6]")),
        ('"say \\"hi\\""', Phrase(("say", '"hi"'))),
        ('"a \\\\ b"', Phrase(("a", "\\", "b"))),
        ('"AND OR NOT ALL MISSING AREA[X] ( )"', phrase("AND OR NOT ALL MISSING AREA[X] ( )")),
        ('"RANGE[1, 2]"', Phrase(("RANGE[1,", "2]"))),
    ],
)
def test_escapes(query: str, expected: Node) -> None:
    assert parse(query) == expected
    assert parse(to_essie(expected)) == expected


@pytest.mark.parametrize(
    ("node", "text"),
    [
        (term("AND"), "\\AND"),
        (Term(("MISSING", "ALL")), "\\MISSING \\ALL"),
        (Term(("IL[6]",)), "IL\\[6]"),
        (Term(("a(b)",)), "a\\(b\\)"),
        (Term(('"x"',)), '\\"x\\"'),
        (Term(("back\\slash",)), "back\\\\slash"),
        (Phrase(("say", '"hi"')), '"say \\"hi\\""'),
        (Term(("and",)), "and"),
    ],
)
def test_printing_escapes_what_would_read_differently(node: Node, text: str) -> None:
    assert to_essie(node) == text
    assert parse(text) == node


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("MIN", MIN),
        ("max", MAX),
        ("2020-03", date("2020-03")),
        ("2020-03-15", date("2020-03-15")),
        ("03/15/2020", date("2020-03-15")),
        ("3/5/2020", date("2020-03-05")),
        ("07/2023", date("2023-07")),
        ("2020", number("2020")),
        ("100", number("100")),
        ("-2.5", number("-2.5")),
        ("18 years", age("18 Years")),
        ("18years", age("18 Years")),
        ("6 Months", age("6 Months")),
        ("1 week", age("1 Week")),
        ("28 days", age("28 Days")),
        ("36 hours", age("36 Hours")),
        ("30 minutes", age("30 Minutes")),
        ("1.5 years", AgeBound(Age(1.5, AgeUnit.YEARS))),
    ],
)
def test_range_bounds_are_typed(text: str, bound: Bound) -> None:
    as_upper = bound == MAX
    node = parse(f"RANGE[MIN, {text}]" if as_upper else f"RANGE[{text}, MAX]")
    assert isinstance(node, Range)
    assert (node.high if as_upper else node.low) == bound


def test_a_year_is_a_number_the_engine_can_read_as_a_year() -> None:
    node = parse("RANGE[2019, 2020-06]")
    assert node == Range(number("2019"), date("2020-06"))
    assert isinstance(node, Range)
    assert isinstance(node.low, NumberBound)
    assert node.low.as_year() == 2019
    assert number("100").as_year() is None
    assert number("2019.5").as_year() is None


def test_geo_filter_compiles_to_the_distance_node() -> None:
    expected = Distance(Decimal("39.0035707"), Decimal("-77.1013313"), Decimal("50"), DistanceUnit.MILES)
    assert parse_geo_filter("distance(39.0035707,-77.1013313,50mi)") == expected
    assert parse_geo_filter("distance(39.0035707,-77.1013313,50)").unit is None
    with pytest.raises(
        EssieSyntaxError, match=r"^a geo filter is written distance\(latitude,longitude,radius\)"
    ):
        parse_geo_filter("near(1,2,3)")
    with pytest.raises(EssieSyntaxError) as error:
        parse_geo_filter("distance(39,-200,5km)")
    assert (error.value.column, str(error.value)) == (
        13,
        "the longitude -200 at column 13 is not between -180 and 180",
    )


def test_empty_query_means_no_restriction() -> None:
    assert parse("") == All()
    assert parse(" \t\n") == All()
    assert parse("").span == Span(1, 1)


# (query, column, code, message): every error, with exactly what a person reads.
ERRORS = [
    (
        "abc (def OR ghij",
        17,
        "unclosed-parenthesis",
        'expected a closing ")" for the "(" at column 5, found the end of the query at column 17',
    ),
    ("a)", 2, "unmatched-parenthesis", 'unmatched ")" at column 2: there is no "(" before it to close'),
    (")", 1, "unmatched-parenthesis", 'unmatched ")" at column 1: there is no "(" before it to close'),
    (
        "()",
        1,
        "empty-parentheses",
        'empty parentheses at column 1: put a search expression between "(" and ")"',
    ),
    (
        "a EXPANSON[Concept]x",
        3,
        "unknown-operator",
        'unknown operator "EXPANSON[" at column 3 — did you mean EXPANSION?',
    ),
    ("Area[Condition]x", 1, "unknown-operator", 'unknown operator "Area[" at column 1 — did you mean AREA?'),
    (
        "IL[6]",
        1,
        "unknown-operator",
        'unknown operator "IL[" at column 1: the operators written with brackets are AREA, COVERAGE, '
        "DISTANCE, EXPANSION, RANGE, SEARCH and TILT; to search for the text itself, write IL\\[",
    ),
    (
        "AREA[Condition x",
        17,
        "unclosed-bracket",
        'expected a closing "]" for the "[" of AREA at column 5, found the end of the query at column 17',
    ),
    (
        "AREA[Condition(x)]y",
        15,
        "unclosed-bracket",
        'expected a closing "]" for the "[" of AREA at column 5, found "(" at column 15',
    ),
    ("AND a", 1, "missing-operand", "AND at column 1 needs a search expression on its left"),
    ("a (OR b)", 4, "missing-operand", "OR at column 4 needs a search expression on its left"),
    (
        "a AND",
        6,
        "missing-operand",
        'expected a search term, a phrase or "(" after AND at column '
        "3, found the end of the query at column 6",
    ),
    (
        "a OR OR b",
        6,
        "missing-operand",
        'expected a search term, a phrase or "(" after OR at column 3, found OR at column 6',
    ),
    (
        "(a NOT)",
        7,
        "missing-operand",
        'expected a search term, a phrase or "(" after NOT at column 4, found ")" at column 7',
    ),
    (
        "AREA[Condition] OR x",
        17,
        "missing-operand",
        'expected a search term, a phrase or "(" after AREA[Condition] at column 1, found OR at column 17',
    ),
    (
        '"abc',
        5,
        "unclosed-phrase",
        'expected a closing quote (") for the phrase that starts at '
        "column 1, found the end of the query at column 5",
    ),
    (
        'AREA[LocationState]"New York AND AREA[LocationCountry]United States',
        68,
        "unclosed-phrase",
        'expected a closing quote (") for the phrase that starts at '
        "column 20, found the end of the query at column 68",
    ),
    ('a ""', 3, "empty-phrase", "empty phrase at column 3: put words between the quotes, or remove them"),
    (
        "a\\",
        2,
        "dangling-escape",
        'the backslash at column 2 must be followed by the character it escapes (e.g. \\MISSING, \\" or '
        "\\\\ for a backslash), found the end of the query",
    ),
    (
        "a\\ b",
        2,
        "dangling-escape",
        'the backslash at column 2 must be followed by the character it escapes (e.g. \\MISSING, \\" or '
        "\\\\ for a backslash), found a space at column 3",
    ),
    (
        "AREA[]x",
        1,
        "missing-name",
        "AREA at column 1 needs a name between its brackets, e.g. "
        "AREA[ConditionSearch] or AREA[LocationCity]",
    ),
    (
        "AREA[Brief Title]x",
        6,
        "invalid-name",
        '"Brief Title" at column 6 is not a name AREA accepts: use letters, digits, "." and "_", '
        "starting with a letter, e.g. AREA[ConditionSearch] or AREA[LocationCity]",
    ),
    (
        "AREA[Phase:count]2",
        11,
        "unknown-modifier",
        'AREA at column 1 takes only the modifier ":size" (e.g. '
        'AREA[Phase:size] 2), found ":count" at column 11',
    ),
    (
        "SEARCH[]x",
        1,
        "missing-name",
        "SEARCH at column 1 needs a name between its brackets, e.g. SEARCH[Location]",
    ),
    (
        "TILT[]x",
        1,
        "missing-name",
        "TILT at column 1 needs a name between its brackets, e.g. TILT[StudyFirstPostDate]",
    ),
    (
        "EXPANSION[Conept]x",
        11,
        "unknown-level",
        "EXPANSION at column 1 takes None, Term, Concept, Relaxation or Lossy, "
        'found "Conept" at column 11 — did you mean Concept?',
    ),
    (
        "EXPANSION[relax]x",
        11,
        "unknown-level",
        "EXPANSION at column 1 takes None, Term, Concept, Relaxation or Lossy, "
        'found "relax" at column 11 — did you mean Relaxation?',
    ),
    (
        "COVERAGE[]x",
        1,
        "unknown-level",
        "COVERAGE at column 1 takes FullMatch, StartsWith, EndsWith "
        "or Contains, e.g. COVERAGE[FullMatch]pain",
    ),
    (
        "AREA[StartDate]RANGE[2020]",
        16,
        "range-bounds",
        "RANGE at column 16 needs two bounds separated by a comma, e.g. RANGE[2020-01, MAX]",
    ),
    (
        "RANGE[1, 2, 3]",
        1,
        "range-bounds",
        "RANGE at column 1 needs two bounds separated by a comma, e.g. RANGE[2020-01, MAX]",
    ),
    (
        "RANGE[, MAX]",
        1,
        "range-bounds",
        "RANGE at column 1 is missing its lower bound, e.g. RANGE[2020-01, MAX]",
    ),
    (
        "RANGE[MIN,  ]",
        1,
        "range-bounds",
        "RANGE at column 1 is missing its upper bound, e.g. RANGE[2020-01, MAX]",
    ),
    (
        "RANGE[soon, MAX]",
        7,
        "invalid-bound",
        '"soon" at column 7 is not a RANGE bound: write a date (2020, 2020-03, 2020-03-15 or 03/15/2020), '
        "a number (100, 2.5), an age (18 years, 6 months), MIN or MAX",
    ),
    (
        "RANGE[2020-02-30, MAX]",
        7,
        "invalid-date",
        '"2020-02-30" at column 7 is not a valid date: day 30 does not exist in 2020-02',
    ),
    (
        "RANGE[MIN, 2021-13]",
        12,
        "invalid-date",
        '"2021-13" at column 12 is not a valid date: month 13 is not between 01 and 12',
    ),
    (
        "RANGE[18 decades, MAX]",
        7,
        "invalid-age",
        '"18 decades" at column 7 is not an age: the units are years, months, weeks, days, hours or minutes',
    ),
    (
        "RANGE[2021, 2020]",
        1,
        "invalid-range",
        'RANGE[2021, 2020] at column 1: its lower bound "2021" is greater than its upper bound "2020"',
    ),
    (
        "RANGE[2020-07, 2020-06]",
        1,
        "invalid-range",
        "RANGE[2020-07, 2020-06] at column 1: its lower bound "
        '"2020-07" is greater than its upper bound "2020-06"',
    ),
    (
        "RANGE[2 years, 18 months]",
        1,
        "invalid-range",
        'RANGE[2 years, 18 months] at column 1: its lower bound "2 '
        'years" is greater than its upper bound "18 months"',
    ),
    (
        "RANGE[2020-01, 18 years]",
        1,
        "invalid-range",
        'RANGE[2020-01, 18 years] at column 1: its bounds are of different kinds: "2020-01" is a date '
        'but "18 years" is an age',
    ),
    (
        "RANGE[12, 2020-06]",
        1,
        "invalid-range",
        'RANGE[12, 2020-06] at column 1: "12" is a number but the '
        "other bound is a date (a year has four digits)",
    ),
    (
        "RANGE[MAX, 5]",
        1,
        "invalid-range",
        "RANGE[MAX, 5] at column 1: MAX can only be the upper bound (the second one)",
    ),
    (
        "RANGE[5, MIN]",
        1,
        "invalid-range",
        "RANGE[5, MIN] at column 1: MIN can only be the lower bound (the first one)",
    ),
    (
        "DISTANCE[39, -77]",
        1,
        "distance-arguments",
        "DISTANCE at column 1 needs a latitude, a longitude and a radius separated by commas, "
        "e.g. DISTANCE[39.0035707, -77.1013313, 50mi]",
    ),
    (
        "DISTANCE[91, 0, 5mi]",
        10,
        "invalid-distance",
        "the latitude 91 at column 10 is not between -90 and 90",
    ),
    (
        "DISTANCE[north, 0, 5mi]",
        10,
        "invalid-distance",
        'the latitude "north" at column 10 is not a number, e.g. 39.0035707',
    ),
    (
        "DISTANCE[1, 2, 5 miles]",
        16,
        "invalid-distance",
        'the radius unit "miles" at column 16 is not mi or km',
    ),
    (
        "DISTANCE[1, 2, far]",
        16,
        "invalid-distance",
        'the radius "far" at column 16 is not a distance, e.g. 50mi or 80km',
    ),
    ("DISTANCE[1, 2, 0km]", 16, "invalid-distance", "the radius at column 16 must be greater than 0"),
]


@pytest.mark.parametrize(("query", "column", "code", "message"), ERRORS)
def test_errors_say_what_where_and_what_would_do(query: str, column: int, code: str, message: str) -> None:
    with pytest.raises(EssieSyntaxError) as raised:
        parse(query)
    error = raised.value
    assert (str(error), error.column, error.code) == (message, column, code)
    assert error.expected, "every error says what would have been accepted"
    assert isinstance(error, ValueError)


def test_expected_lists_what_would_have_been_accepted() -> None:
    with pytest.raises(EssieSyntaxError) as unclosed:
        parse("(a")
    assert unclosed.value.expected == ('")"',)
    with pytest.raises(EssieSyntaxError) as level:
        parse("COVERAGE[All]x")
    assert level.value.expected == ("FullMatch", "StartsWith", "EndsWith", "Contains")


def _spans(node: Node, query: str) -> list[tuple[str, str]]:
    assert node.span is not None
    found = [(type(node).__name__, node.span.text_in(query))]
    if isinstance(node, Range):
        for bound in (node.low, node.high):
            assert bound.span is not None
            found.append((type(bound).__name__, bound.span.text_in(query)))
    for child in children(node):
        found.extend(_spans(child, query))
    return found


def test_every_node_knows_where_it_was_written() -> None:
    query = 'NOT (a OR b) AND AREA[Condition]heart attack OR "back pain" RANGE[ 2020-01 , MAX]'
    assert _spans(parse(query), query) == [
        ("Or", query),
        ("And", "NOT (a OR b) AND AREA[Condition]heart attack"),
        ("Not", "NOT (a OR b)"),
        ("Or", "(a OR b)"),
        ("Term", "a"),
        ("Term", "b"),
        ("Area", "AREA[Condition]heart attack"),
        ("Term", "heart attack"),
        ("And", '"back pain" RANGE[ 2020-01 , MAX]'),
        ("Phrase", '"back pain"'),
        ("Range", "RANGE[ 2020-01 , MAX]"),
        ("DateBound", "2020-01"),
        ("OpenBound", "MAX"),
    ]
    assert parse("  aspirin").span == Span(3, 10)


def test_spans_count_characters_not_bytes() -> None:
    query = "Sjögren’s syndrome OR (naïve"
    with pytest.raises(EssieSyntaxError) as raised:
        parse(query)
    assert raised.value.column == len(query) + 1 == 29
    node = parse("café OR ß")
    assert isinstance(node, Or)
    assert [operand.span for operand in node.operands] == [Span(1, 5), Span(9, 10)]


def test_nodes_check_their_own_shape() -> None:
    for build in (
        lambda: Term(()),
        lambda: Term(("two words",)),
        lambda: Phrase(("",)),
        lambda: And((term("a"),)),
        lambda: Or(()),
        lambda: Range(MAX, MIN),
        lambda: Range(date("2020-01"), age("1 year")),
        lambda: DateBound(PartialDate(2020)),
        lambda: NumberBound(Decimal("NaN")),
        lambda: AgeBound(Age(-1.0, AgeUnit.YEARS)),
        lambda: Distance(Decimal(0), Decimal(181), Decimal(1)),
        lambda: Area("Brief Title", term("x")),
    ):
        with pytest.raises(ValueError):  # noqa: PT011 - each says why; the messages are not the point here
            build()


def test_spans_do_not_take_part_in_equality() -> None:
    assert parse("a  OR  b") == parse("a OR b") == Or((term("a"), term("b")))
    assert hash(parse("(a)")) == hash(term("a"))


def test_limits_are_constants_and_enforced() -> None:
    assert (MAX_QUERY_LENGTH, MAX_DEPTH) == (30_000, 100)
    longest = ("aspirin " * (MAX_QUERY_LENGTH // 8 + 1))[:MAX_QUERY_LENGTH]
    assert isinstance(parse(longest), Term)
    with pytest.raises(EssieSyntaxError) as raised:
        parse(longest + "x")
    assert raised.value.code == "too-long"
    assert (
        str(raised.value)
        == "the query is 30,001 characters long; the longest query accepted is 30,000 characters"
    )


def test_deepest_accepted_nesting_round_trips() -> None:
    deepest = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert parse(deepest) == term("a")
    alternating = "NOT (" * (MAX_DEPTH // 2) + "a OR b" + ")" * (MAX_DEPTH // 2)
    node = parse(alternating)
    assert parse(to_essie(node)) == node


@pytest.mark.parametrize(
    ("query", "column"),
    [
        ("(" * 10_000 + "a" + ")" * 10_000, MAX_DEPTH + 1),
        ("(" * 10_000, MAX_DEPTH + 1),
        ("NOT " * 5_000 + "a", 4 * MAX_DEPTH + 1),
        ("AREA[X]" * 1_000 + "a", 7 * MAX_DEPTH + 1),
        ("NOT (" * 1_000 + "a" + ")" * 1_000, 5 * (MAX_DEPTH // 2) + 1),
    ],
)
def test_pathological_nesting_is_an_error_not_a_crash(query: str, column: int) -> None:
    with pytest.raises(EssieSyntaxError) as raised:
        parse(query)
    assert raised.value.code == "too-deep"
    assert raised.value.column == column
    assert str(raised.value).startswith(f"the query nests more than 100 levels deep at column {column} ")


def _documented_queries() -> list[str]:
    blocks = re.findall(r"```essie\n(.*?)```", DOCS.read_text(), flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_every_query_in_the_language_docs_parses() -> None:
    queries = _documented_queries()
    assert len(queries) >= 20
    for query in queries:
        node = parse(query)
        assert parse(to_essie(node)) == node, query


def test_error_examples_in_the_language_docs_are_current() -> None:
    block = re.search(r"## Errors.*?```text\n(.*?)```", DOCS.read_text(), flags=re.DOTALL)
    assert block is not None
    examples = [example.split("\n") for example in block.group(1).strip().split("\n\n")]
    assert len(examples) >= 5
    for query, message in examples:
        with pytest.raises(EssieSyntaxError) as raised:
            parse(query)
        assert str(raised.value) == message
