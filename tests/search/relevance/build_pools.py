"""Gather the candidate pool of every judged query, for a person to grade (not part of the test suite).

Run from the repository root::

    .venv/bin/python tests/search/relevance/build_pools.py                  # every query, readable
    .venv/bin/python tests/search/relevance/build_pools.py --query q07      # one query
    .venv/bin/python tests/search/relevance/build_pools.py --unjudged       # only what qrels.tsv lacks
    .venv/bin/python tests/search/relevance/build_pools.py --tsv pools.tsv  # query_id, nct_id, methods

It reads the real studies, the search areas (field weights of each ``query.*`` parameter) and the
field tree from ``../shared`` (or ``$TRIALBASE_SHARED_DIR``) and MeSH vocabularies. A pool is the
union of the top candidates of six deliberately different, simple methods, so that a study that any
reasonable engine would rank in its top 10 gets judged:

``area``     BM25 over the fields of the parameter's search area, weighted as ClinicalTrials.gov
             weights them (``spec/search-areas.json``); the top ``AREA_DEPTH``.
``text``     BM25 over every free-text field (titles, conditions, keywords, interventions and their
             other names, summaries, descriptions, outcomes, arm groups); the top ``TEXT_DEPTH``.
``phrase``   the whole expression (or each quoted phrase) verbatim in a title, condition, keyword,
             intervention name or other name; up to ``PHRASE_DEPTH``.
``mesh``     the expression mapped to MeSH descriptors through their entry terms (greedy longest
             match), widened to every descendant descriptor in the tree, matched against the
             studies' condition and intervention MeSH terms and ancestors; up to ``MESH_DEPTH``.
``alltok``   every query word somewhere in the study, eligibility criteria included; up to
             ``ALLTOK_DEPTH`` (this is what brings in near misses such as exclusion criteria).
``feedback`` the intervention names and MeSH terms of the top 3 ``area`` hits searched again, so a
             brand or code name (``Zydena``) also pools studies that only say ``udenafil``.

Methods that cap their output order it by the ``area`` score, then the ``text`` score. Status and
``aggFilters`` constraints are applied to the pool, since an engine can never return anything else.
Essie syntax is read loosely: ``AREA[...]`` prefixes, operators and brackets are dropped, quoted
phrases feed ``phrase``, and the words after ``NOT`` are left out of the positive query.

The script never grades. Grades are read and written by hand into ``qrels.tsv``; studies the grader
found while reading (outside any method's output) are judged there too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SHARED = Path(os.environ.get("TRIALBASE_SHARED_DIR", REPO.parent / "shared"))

AREA_DEPTH = 20
TEXT_DEPTH = 15
PHRASE_DEPTH = 25
MESH_DEPTH = 25
ALLTOK_DEPTH = 10
FEEDBACK_DEPTH = 15

PARAM_AREAS = {
    "query.cond": "ConditionSearch",
    "query.term": "BasicSearch",
    "query.intr": "InterventionSearch",
    "query.titles": "TitleSearch",
    "query.outc": "OutcomeSearch",
    "query.spons": "SponsorSearch",
    "query.locn": "LocationSearch",
    "query.id": "IdSearch",
    "query.patient": "PatientSearch",
}
# Parameters whose words describe the subject of a study (the other ones name a sponsor or a place).
TOPICAL = {"query.cond", "query.term", "query.intr", "query.titles", "query.outc", "query.patient"}
TEXT_PIECES = (
    "BriefTitle",
    "OfficialTitle",
    "Acronym",
    "Condition",
    "Keyword",
    "InterventionName",
    "InterventionOtherName",
    "InterventionDescription",
    "ArmGroupLabel",
    "ArmGroupDescription",
    "BriefSummary",
    "DetailedDescription",
    "PrimaryOutcomeMeasure",
    "SecondaryOutcomeMeasure",
)
PHRASE_PIECES = TEXT_PIECES[:7]  # titles, acronym, conditions, keywords, intervention names and other names
MESH_PIECES = (
    "ConditionMeshTerm",
    "ConditionAncestorTerm",
    "InterventionMeshTerm",
    "InterventionAncestorTerm",
)
FEEDBACK_PIECES = ("InterventionName", "InterventionMeshTerm")
STATUS_KEYS = {
    "rec": "RECRUITING",
    "not": "NOT_YET_RECRUITING",
    "com": "COMPLETED",
    "act": "ACTIVE_NOT_RECRUITING",
}
STOPWORDS = frozenset(
    {"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with", "without", "my", "me", "i"}
    | {"is", "are", "after", "from", "by", "at", "as"}
)
ESSIE_OPERATORS = {"and", "or", "not"}


def tokens(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS]


class Expression:
    """The loose reading of one Essie expression that pooling needs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.phrases = [p for p in re.findall(r'"([^"]+)"', text) if p.strip()]
        plain = re.sub(r"AREA\[[^\]]*\]", " ", text)
        plain = re.sub(r"[()\"]", " ", plain)
        words = plain.split()
        positive: list[str] = []
        negated = False
        for word in words:
            if word in ("AND", "OR"):
                negated = False
            elif word == "NOT":
                negated = True
            elif not negated:
                positive.append(word)
        self.positive = " ".join(positive)
        self.is_plain = not self.phrases and plain.split() == text.split() and "NOT" not in words
        self.words = [t for t in content_tokens(self.positive) if t not in ESSIE_OPERATORS]


def shared(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        sys.exit(f"build_pools: needs {path} (the shared reference data); set TRIALBASE_SHARED_DIR")
    return path


def piece_paths() -> dict[str, tuple[str, ...]]:
    """Piece name -> JSON path, from the field tree that /api/v2/studies/metadata returns."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(nodes: list[dict[str, Any]], path: tuple[str, ...]) -> None:
        for node in nodes:
            here = (*path, node["name"])
            found.setdefault(node["piece"], here)
            walk(node.get("children", []), here)

    walk(json.loads(shared("spec/studies-metadata.json").read_text()), ())
    return found


def values_at(node: Any, path: tuple[str, ...]) -> Iterator[str]:
    if not path:
        if isinstance(node, list):
            for item in node:
                yield from values_at(item, path)
        elif isinstance(node, str | int | float):
            yield str(node)
        return
    if isinstance(node, list):
        for item in node:
            yield from values_at(item, path)
    elif isinstance(node, dict) and path[0] in node:
        yield from values_at(node[path[0]], path[1:])


class Corpus:
    def __init__(self) -> None:
        with gzip.open(shared("data/ctgov-v2/studies.jsonl.gz"), "rt", encoding="utf-8") as handle:
            self.docs = {
                d["protocolSection"]["identificationModule"]["nctId"]: d for d in map(json.loads, handle)
            }
        self.paths = piece_paths()
        self.areas = {
            area["name"]: [(part["pieces"], part["weight"]) for part in area["parts"]]
            for document in json.loads(shared("spec/search-areas.json").read_text())
            for area in document["areas"]
        }
        self._fields: dict[tuple[str, ...], dict[str, list[str]]] = {}
        self._stats: dict[tuple[str, ...], tuple[Counter[str], float]] = {}

    def text(self, nct_id: str, pieces: Iterable[str]) -> list[str]:
        doc = self.docs[nct_id]
        return [v for piece in pieces if piece in self.paths for v in values_at(doc, self.paths[piece])]

    def padded_words(self, nct_id: str, pieces: Iterable[str]) -> str:
        """The normalised words of some fields, space-padded so a phrase can be found as a substring."""
        return f" {' '.join(tokens(' | '.join(self.text(nct_id, pieces))))} "

    def status(self, nct_id: str) -> str:
        return next(iter(self.text(nct_id, ["OverallStatus"])), "")

    def field_tokens(self, pieces: tuple[str, ...]) -> dict[str, list[str]]:
        if pieces not in self._fields:
            self._fields[pieces] = {n: tokens(" ".join(self.text(n, pieces))) for n in self.docs}
            df: Counter[str] = Counter()
            for toks in self._fields[pieces].values():
                df.update(set(toks))
            average = sum(map(len, self._fields[pieces].values())) / len(self.docs) or 1.0
            self._stats[pieces] = (df, average)
        return self._fields[pieces]

    def bm25(self, words: list[str], pieces: tuple[str, ...]) -> dict[str, float]:
        fields = self.field_tokens(pieces)
        df, average = self._stats[pieces]
        n_docs = len(self.docs)
        scores: dict[str, float] = {}
        for nct_id, toks in fields.items():
            counts = Counter(toks)
            score = 0.0
            for word in set(words):
                tf = counts.get(word, 0)
                if tf:
                    idf = math.log(1 + (n_docs - df[word] + 0.5) / (df[word] + 0.5))
                    score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(toks) / average))
            if score:
                scores[nct_id] = score
        return scores

    def area_scores(self, area: str, words: list[str]) -> dict[str, float]:
        total: Counter[str] = Counter()
        for pieces, weight in self.areas[area]:
            for nct_id, score in self.bm25(words, tuple(pieces)).items():
                total[nct_id] += weight * score
        return dict(total)


class Mesh:
    """MeSH entry terms (2026, diseases and named groups) and the 2014 tree, for query expansion."""

    def __init__(self) -> None:
        self.by_term: dict[str, str] = {}
        for descriptor in json.loads(shared("vocab/mesh/mesh2026-entry-terms.json").read_text()):
            for term in [descriptor["name"], *descriptor["synonyms"]]:
                self.by_term.setdefault(" ".join(tokens(term)), descriptor["name"])
        self.trees: dict[str, list[str]] = {}
        for line in shared("vocab/mesh/mesh2014-trees.csv").read_text(encoding="utf-8").splitlines():
            name, _, number = line.rpartition(";")
            self.trees.setdefault(name, []).append(number)

    def descriptors(self, text: str) -> set[str]:
        """Greedy longest match of the words against entry terms; single words only if 4+ letters."""
        words, found, i = tokens(text), set(), 0
        while i < len(words):
            for j in range(len(words), i, -1):
                key = " ".join(words[i:j])
                if key in self.by_term and (j - i > 1 or len(key) >= 4):
                    found.add(self.by_term[key])
                    i = j
                    break
            else:
                i += 1
        return found

    def with_descendants(self, names: set[str]) -> set[str]:
        prefixes = tuple(number + "." for name in names for number in self.trees.get(name, []))
        if not prefixes:
            return set(names)
        return set(names) | {
            n for n, numbers in self.trees.items() if any(x.startswith(prefixes) for x in numbers)
        }


def ranked(scores: dict[str, float], tiebreak: dict[str, float], ids: Iterable[str], depth: int) -> list[str]:
    return sorted(ids, key=lambda n: (-scores.get(n, 0.0), -tiebreak.get(n, 0.0), n))[:depth]


def allowed(corpus: Corpus, params: dict[str, str]) -> set[str]:
    keep = set(corpus.docs)
    if "filter.overallStatus" in params:
        wanted = set(re.split(r"[|,]", params["filter.overallStatus"]))
        keep = {n for n in keep if corpus.status(n) in wanted}
    for pair in filter(None, re.split(r"[|,]", params.get("aggFilters", ""))):
        key, _, options = pair.partition(":")
        if key == "results":
            keep = {n for n in keep if corpus.docs[n].get("hasResults") == (options == "with")}
        elif key == "status":
            wanted = {STATUS_KEYS[o] for o in options.split()}
            keep = {n for n in keep if corpus.status(n) in wanted}
        else:
            sys.exit(f"build_pools: aggFilters {key!r} is not understood here; add it to allowed()")
    return keep


def pool(corpus: Corpus, mesh: Mesh, params: dict[str, str]) -> dict[str, list[str]]:
    """nct_id -> the methods that put it in the pool."""
    found: dict[str, list[str]] = {}
    keep = allowed(corpus, params)

    def add(method: str, ids: Iterable[str]) -> None:
        for nct_id in ids:
            if nct_id in keep:
                found.setdefault(nct_id, []).append(method)

    area: Counter[str] = Counter()
    text: Counter[str] = Counter()
    exprs = {p: Expression(v) for p, v in params.items() if p in PARAM_AREAS}
    for param, expr in exprs.items():
        area.update(corpus.area_scores(PARAM_AREAS[param], expr.words))
        if param in TOPICAL:
            text.update(corpus.bm25(expr.words, tuple(TEXT_PIECES)))
    area_d, text_d = dict(area), dict(text)
    add("area", ranked(area_d, text_d, area_d, AREA_DEPTH))
    add("text", ranked(text_d, area_d, text_d, TEXT_DEPTH))

    for param, expr in exprs.items():
        area_pieces = [p for ps, _ in corpus.areas[PARAM_AREAS[param]] for p in ps]
        pieces = PHRASE_PIECES if param in TOPICAL else tuple(area_pieces)
        phrases = [" ".join(tokens(p)) for p in (expr.phrases or [expr.positive])]
        hits = [n for n in keep if any(f" {p} " in corpus.padded_words(n, pieces) for p in phrases if p)]
        add("phrase", ranked(area_d, text_d, hits, PHRASE_DEPTH))
        if param not in TOPICAL:
            continue
        names = mesh.with_descendants(mesh.descriptors(expr.positive))
        if names:
            hits = [n for n in keep if names & set(corpus.text(n, MESH_PIECES))]
            add("mesh", ranked(area_d, text_d, hits, MESH_DEPTH))
        every = set(expr.words)
        all_text = (*TEXT_PIECES, "EligibilityCriteria", *MESH_PIECES)
        hits = [n for n in keep if every and every <= set(tokens(" ".join(corpus.text(n, all_text))))]
        add("alltok", ranked(area_d, text_d, hits, ALLTOK_DEPTH))

    if any(p in exprs for p in ("query.intr", "query.term")):
        top = ranked(area_d, text_d, area_d, 3)
        names = {v for n in top for v in corpus.text(n, FEEDBACK_PIECES) if "placebo" not in v.lower()}
        words = sorted({t for v in names for t in content_tokens(v)})
        scores = corpus.bm25(words, FEEDBACK_PIECES)
        add("feedback", ranked(scores, area_d, scores, FEEDBACK_DEPTH))
    return found


def describe(corpus: Corpus, nct_id: str) -> str:
    doc = corpus.docs[nct_id]

    def joined(piece: str, limit: int = 8) -> str:
        return "; ".join(corpus.text(nct_id, [piece])[:limit])

    interventions = [
        f"{i['name']}" + (f" ({', '.join(i['otherNames'][:4])})" if i.get("otherNames") else "")
        for i in doc["protocolSection"].get("armsInterventionsModule", {}).get("interventions", [])
    ]
    summary = " ".join(joined("BriefSummary").split())[:400]
    return "\n".join(
        [
            f"  title: {joined('BriefTitle')}  [{joined('OverallStatus')}] acronym: {joined('Acronym')}",
            f"  conditions: {joined('Condition')} | keywords: {joined('Keyword')}",
            f"  mesh: {joined('ConditionMeshTerm')} | interventions: {'; '.join(interventions[:6])}",
            f"  sponsor: {joined('LeadSponsorName')} | collaborators: {joined('CollaboratorName', 4)}",
            f"  summary: {summary}",
        ]
    )


def read_queries() -> list[dict[str, Any]]:
    lines = (HERE / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_judged() -> set[tuple[str, str]]:
    path = HERE / "qrels.tsv"
    if not path.exists():
        return set()
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return {(row[0], row[1]) for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--query", action="append", help="only this query id (repeatable)")
    parser.add_argument(
        "--unjudged", action="store_true", help="leave out candidates qrels.tsv already grades"
    )
    parser.add_argument("--tsv", type=Path, help="write query_id, nct_id, methods to this file instead")
    args = parser.parse_args()

    corpus, mesh = Corpus(), Mesh()
    judged = read_judged() if args.unjudged else set()
    rows: list[str] = []
    for query in read_queries():
        if args.query and query["id"] not in args.query:
            continue
        candidates = pool(corpus, mesh, query["params"])
        fresh = {n: m for n, m in sorted(candidates.items()) if (query["id"], n) not in judged}
        if args.tsv:
            rows += [f"{query['id']}\t{n}\t{','.join(m)}" for n, m in fresh.items()]
            continue
        print(f"=== {query['id']} [{query['kind']}] {json.dumps(query['params'])}")
        print(f"    need: {query['need']}  (pool {len(candidates)}, shown {len(fresh)})")
        for nct_id, methods in fresh.items():
            print(f"{nct_id}  <{','.join(methods)}>")
            print(describe(corpus, nct_id))
    if args.tsv:
        args.tsv.write_text("query_id\tnct_id\tmethods\n" + "".join(r + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
