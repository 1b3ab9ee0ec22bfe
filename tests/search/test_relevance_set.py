"""The judged relevance set is well formed, and nDCG@10 is computed the standard way."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.search.relevance.ndcg import JudgedQuery, load_qrels, load_queries, ndcg_at_k
from tests.shared_data import V2_STUDIES, shared_path, v2_documents

KINDS = {
    "condition",
    "synonym",
    "hierarchy",
    "intervention",
    "other_name",
    "free_text",
    "title",
    "sponsor",
    "essie",
    "filtered",
    "location",
    "outcome",
}
# The parameters of GET /api/v2/studies that a query may carry (checked against the spec below).
KNOWN_PARAMS = {
    "query.cond",
    "query.term",
    "query.locn",
    "query.titles",
    "query.intr",
    "query.outc",
    "query.spons",
    "query.lead",
    "query.id",
    "query.patient",
    "filter.overallStatus",
    "filter.geo",
    "filter.ids",
    "filter.advanced",
    "filter.synonyms",
    "postFilter.overallStatus",
    "postFilter.geo",
    "postFilter.ids",
    "postFilter.advanced",
    "postFilter.synonyms",
    "aggFilters",
    "geoDecay",
}
STATUSES = {
    "ACTIVE_NOT_RECRUITING",
    "COMPLETED",
    "ENROLLING_BY_INVITATION",
    "NOT_YET_RECRUITING",
    "RECRUITING",
    "SUSPENDED",
    "TERMINATED",
    "WITHDRAWN",
    "AVAILABLE",
    "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE",
    "APPROVED_FOR_MARKETING",
    "WITHHELD",
    "UNKNOWN",
}
NCT_ID = re.compile(r"NCT\d{8}")


@pytest.fixture(scope="module")
def queries() -> list[JudgedQuery]:
    return load_queries()


@pytest.fixture(scope="module")
def qrels() -> dict[str, dict[str, int]]:
    return load_qrels()


def test_there_are_at_least_sixty_queries_with_unique_ids(queries: list[JudgedQuery]) -> None:
    ids = [query.id for query in queries]
    assert len(ids) >= 60
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(re.fullmatch(r"q\d{2,}", i) for i in ids), ids


def test_queries_are_well_formed(queries: list[JudgedQuery]) -> None:
    problems = []
    for query in queries:
        if query.kind not in KINDS:
            problems.append(f"{query.id}: kind {query.kind!r} is not one of {sorted(KINDS)}")
        if not query.params or not any(name.startswith("query.") for name in query.params):
            problems.append(f"{query.id}: needs at least one query.* parameter")
        for name, value in query.params.items():
            if name not in KNOWN_PARAMS:
                problems.append(f"{query.id}: {name!r} is not an API v2 /studies parameter")
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{query.id}: {name} must be a non-empty string, as on the wire")
        for status in re.split(r"[|,]", query.params.get("filter.overallStatus", "")):
            if status and status not in STATUSES:
                problems.append(f"{query.id}: filter.overallStatus {status!r} is not a Status value")
        if len(query.need.split()) < 4 or not query.need.endswith("."):
            problems.append(f"{query.id}: the need should be one full sentence")
    assert problems == []


def test_every_kind_of_query_is_represented(queries: list[JudgedQuery]) -> None:
    assert {query.kind for query in queries} == KINDS


def test_judgments_are_graded_zero_one_or_two(qrels: dict[str, dict[str, int]]) -> None:
    bad = [
        (query_id, nct_id, grade)
        for query_id, judged in qrels.items()
        for nct_id, grade in judged.items()
        if grade not in (0, 1, 2) or not NCT_ID.fullmatch(nct_id)
    ]
    assert bad == []


def test_judgments_and_queries_match(queries: list[JudgedQuery], qrels: dict[str, dict[str, int]]) -> None:
    ids = {query.id for query in queries}
    assert sorted(set(qrels) - ids) == [], "judgments for unknown queries"
    assert sorted(ids - set(qrels)) == [], "queries without judgments"


def test_every_query_has_at_least_two_relevant_studies(qrels: dict[str, dict[str, int]]) -> None:
    thin = {q: judged for q, judged in qrels.items() if sum(grade > 0 for grade in judged.values()) < 2}
    assert thin == {}


def test_load_qrels_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "qrels.tsv"
    path.write_text("query_id\tnct_id\tgrade\nq01\tNCT00000102\t2\nq01\tNCT00000102\t1\n")
    with pytest.raises(ValueError, match="line 3: q01 NCT00000102 is judged twice"):
        load_qrels(path)
    path.write_text("query_id\tnct_id\tgrade\nq01 NCT00000102 2\n")
    with pytest.raises(ValueError, match="line 2: expected query_id<TAB>nct_id<TAB>grade"):
        load_qrels(path)


@pytest.mark.shared_data
def test_every_judged_study_exists_in_the_shared_data(qrels: dict[str, dict[str, int]]) -> None:
    shared_path(V2_STUDIES)
    known = {doc["protocolSection"]["identificationModule"]["nctId"] for doc in v2_documents()}
    unknown = sorted({nct_id for judged in qrels.values() for nct_id in judged} - known)
    assert unknown == []


@pytest.mark.shared_data
def test_known_parameters_are_those_of_the_api_spec() -> None:
    spec = yaml.safe_load(shared_path("spec/ctg-oas-v2.yaml").read_text(encoding="utf-8"))
    names = {parameter["name"] for parameter in spec["paths"]["/studies"]["get"]["parameters"]}
    assert sorted(KNOWN_PARAMS - names) == []
    assert set(spec["components"]["schemas"]["Status"]["enum"]) == STATUSES


# nDCG@10, hand-computed: gain 2**grade - 1, discount log2(rank + 1).
LOG2_3 = math.log2(3)


def test_the_ideal_ranking_scores_one() -> None:
    judgments = {"A": 2, "B": 1, "C": 0}
    assert ndcg_at_k(["A", "B", "C"], judgments) == pytest.approx(1.0)


def test_swapping_the_top_two_costs_what_the_formula_says() -> None:
    # DCG = 1/1 + 3/log2(3) = 2.8928; ideal = 3/1 + 1/log2(3) = 3.6309; ratio 0.79671
    judgments = {"A": 2, "B": 1, "C": 0}
    assert ndcg_at_k(["B", "A", "C"], judgments) == pytest.approx((1 + 3 / LOG2_3) / (3 + 1 / LOG2_3))
    assert ndcg_at_k(["B", "A", "C"], judgments) == pytest.approx(0.7967076, abs=1e-6)


def test_unjudged_results_count_as_not_relevant() -> None:
    # The only relevant study at rank 2 behind an unjudged one: 3/log2(3) / 3 = 0.63093
    assert ndcg_at_k(["X", "A"], {"A": 2}) == pytest.approx(1 / LOG2_3)


def test_the_ideal_uses_every_judged_grade_even_if_not_retrieved() -> None:
    # One of two highly relevant studies found: 3 / (3 + 3/log2(3)) = 0.61315
    assert ndcg_at_k(["A"], {"A": 2, "B": 2}) == pytest.approx(0.6131472, abs=1e-6)


def test_only_the_first_k_results_count() -> None:
    ranked = [f"X{i}" for i in range(10)] + ["A"]
    assert ndcg_at_k(ranked, {"A": 2}) == 0.0
    assert ndcg_at_k(ranked, {"A": 2}, k=11) == pytest.approx(3 / math.log2(12) / 3)
    assert ndcg_at_k(["B", "A"], {"A": 2, "B": 1}, k=1) == pytest.approx(1 / 3)


def test_a_repeated_result_earns_nothing_the_second_time() -> None:
    # [A, A, B]: 3/1 + 0 + 1/log2(4) = 3.5 against ideal 3 + 1/log2(3) = 3.6309
    assert ndcg_at_k(["A", "A", "B"], {"A": 2, "B": 1}) == pytest.approx(3.5 / (3 + 1 / LOG2_3))


def test_a_query_without_relevant_judgments_scores_zero() -> None:
    assert ndcg_at_k(["A", "B"], {"A": 0}) == 0.0
    assert ndcg_at_k([], {}) == 0.0
    with pytest.raises(ValueError, match="k must be at least 1"):
        ndcg_at_k(["A"], {"A": 1}, k=0)
