"""The judged relevance set (queries and graded judgments) and the measure search is held to, nDCG@10.

``load_queries()`` and ``load_qrels()`` read the committed files beside this module; ``ndcg_at_k``
scores one ranked result list against one query's judgments. See README.md in this folder.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.jsonl"
QRELS = HERE / "qrels.tsv"
QRELS_HEADER = "query_id\tnct_id\tgrade"


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    kind: str
    params: dict[str, str]
    need: str


def load_queries(path: Path = QUERIES) -> list[JudgedQuery]:
    """The judged queries in file order; a malformed line names its line number."""
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            queries.append(JudgedQuery(raw["id"], raw["kind"], dict(raw["params"]), raw["need"]))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path.name} line {number}: not a judged query ({error})") from error
    return queries


def load_qrels(path: Path = QRELS) -> dict[str, dict[str, int]]:
    """query id -> {NCT id: grade}; a malformed row names its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != QRELS_HEADER:
        raise ValueError(f"{path.name} line 1: expected the header {QRELS_HEADER!r}")
    qrels: dict[str, dict[str, int]] = {}
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 3 or not fields[2].lstrip("-").isdigit():
            raise ValueError(
                f"{path.name} line {number}: expected query_id<TAB>nct_id<TAB>grade, got {line!r}"
            )
        query_id, nct_id, grade = fields
        if nct_id in qrels.setdefault(query_id, {}):
            raise ValueError(f"{path.name} line {number}: {query_id} {nct_id} is judged twice")
        qrels[query_id][nct_id] = int(grade)
    return qrels


def _dcg(grades: Iterable[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg_at_k(ranked_ids: list[str], judgments: dict[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first ``k`` results.

    Gain ``2**grade - 1``, discount ``log2(rank + 1)`` for ranks from 1. An unjudged result counts
    as grade 0, and a result repeated later in the list counts only once. The ideal ranking is built
    from every judged grade of the query, retrieved or not. A query without any relevant judgment
    scores 0.0.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    seen: set[str] = set()
    grades = []
    for nct_id in ranked_ids[:k]:
        grades.append(0 if nct_id in seen else judgments.get(nct_id, 0))
        seen.add(nct_id)
    ideal = _dcg(sorted(judgments.values(), reverse=True)[:k])
    return _dcg(grades) / ideal if ideal > 0 else 0.0
