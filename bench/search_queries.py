"""The search benchmark's fixed query mix, drawn from the corpus's own vocabulary.

    python -m bench.search_queries [--corpus bench/out/corpus-600000.jsonl] [--out PATH]

Reads the first 20,000 studies of the corpus (its conditions and condition MeSH terms,
intervention names and other names, sponsors, site countries, cities and coordinates, titles and
acronyms), draws the queries with a fixed seed, and writes one JSON object a line: ``id``,
``kind`` and ``params``, the ClinicalTrials.gov API v2 ``/studies`` parameters exactly as the
engine receives them (strings, as on the wire). Same corpus prefix and seed, same file. Every query
asks for the first page of 10 with the total (``pageSize=10``, ``countTotal=true``); the facets are
always computed (the harness's ``Engine.search`` contract). Values are drawn without repeats,
weighted by the square root of their frequency, so both broad and narrow queries appear.

The mix (seed 20240611; 220 queries):

    kind          queries  parameters
    condition          66  query.cond: a condition as written (2/3) or a condition MeSH term (1/3)
    intervention       44  query.intr: an intervention name (3/4) or other name (1/4)
    free_text          33  query.term: 2-5 words, from a title or an intervention + a condition
    essie              33  query.term / query.cond: phrases, AND, OR, NOT, (..), AREA[...],
                           RANGE on StartDate and EnrollmentCount (11 templates, 3 each)
    geo                22  filter.geo=distance(lat,lon,R) at a real site, R in 25mi..200km,
                           with query.cond (2/3) or alone with filter.overallStatus (1/3)
    sponsor             8  query.spons: a lead sponsor or collaborator name, legal suffixes cut
    title               7  query.titles: an acronym or 1-3 title words
    location            7  query.locn: a country or city, with query.cond for half of them

    filters: 128 queries carry one or two of filter.overallStatus, aggFilters (status, phase,
    studyType, funderType, results, sex, healthy) and filter.advanced (RANGE on StartDate,
    LastUpdatePostDate, EnrollmentCount, MinimumAge), besides filter.geo; 26 carry a sort
    (LastUpdatePostDate, StartDate, EnrollmentCount, StudyFirstPostDate).

aggFilters option keys are space-separated as the API specifies (``phase:2 3``), pairs separated by
commas (``phase:2 3,status:rec``).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.peers import QueryError, plan_query, read_documents

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_CORPUS = OUT / "corpus-600000.jsonl"
DEFAULT_QUERIES = OUT / "search-queries.jsonl"
VOCABULARY_STUDIES = 20_000
SEED = 20240611
MIX = {
    "condition": 66,
    "intervention": 44,
    "free_text": 33,
    "essie": 33,
    "geo": 22,
    "sponsor": 8,
    "title": 7,
    "location": 7,
}
MAX_WORDS = 6  # longer condition "names" in the data are sentences nobody would type
FILTER_SHARE = 0.5
SORT_SHARE = 0.1
FIRST_PAGE = {"pageSize": "10", "countTotal": "true"}

STATUS_FILTERS = (
    "RECRUITING",
    "RECRUITING|NOT_YET_RECRUITING",
    "COMPLETED",
    "ACTIVE_NOT_RECRUITING|COMPLETED",
)
AGG_FILTERS = (
    "status:rec",
    "status:rec not",
    "phase:2 3",
    "phase:3",
    "phase:1 2",
    "results:with",
    "studyType:int",
    "studyType:obs",
    "funderType:industry",
    "funderType:other",
    "sex:f",
    "healthy:y",
    "phase:2,status:com",
)
ADVANCED_FILTERS = (
    "AREA[StartDate]RANGE[2015-01-01,MAX]",
    "AREA[StartDate]RANGE[2010-01-01,2019-12-31]",
    "AREA[LastUpdatePostDate]RANGE[2020-01-01,MAX]",
    "AREA[EnrollmentCount]RANGE[100,MAX]",
    "AREA[MinimumAge]RANGE[MIN,18 years]",
)
SORTS = ("LastUpdatePostDate", "StartDate:desc", "EnrollmentCount:desc", "StudyFirstPostDate")
RADII = ("25mi", "50mi", "100mi", "100km", "200km")
INTERVENTION_TYPES = {
    "DRUG",
    "BIOLOGICAL",
    "DEVICE",
    "PROCEDURE",
    "BEHAVIORAL",
    "DIETARY_SUPPLEMENT",
    "RADIATION",
    "GENETIC",
    "COMBINATION_PRODUCT",
}
_NOT_AN_INTERVENTION = re.compile(r"placebo|sham|control|standard|usual care|no intervention", re.IGNORECASE)
_LEGAL_SUFFIX = re.compile(
    r"[,.]?\s+(inc|llc|ltd|limited|co|company|corporation|corp|gmbh|ag|s\.?a|plc|b\.?v)\.?$", re.IGNORECASE
)
_DOSE = re.compile(r"\b\d+(\.\d+)?\s*(mg|mcg|µg|ml|g|iu|%)\b.*$", re.IGNORECASE)
_TITLE_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "without",
        "versus",
        "vs",
        "study",
        "trial",
        "patients",
        "participants",
        "subjects",
        "effect",
        "effects",
        "evaluate",
        "evaluation",
        "efficacy",
        "safety",
    ]
)
_ESSIE_KEYWORDS = {"AND", "OR", "NOT", "ALL", "MISSING"}

Query = dict[str, Any]


def essie_text(text: str) -> str:
    """Text safe to put in an Essie query as plain words (no brackets, quotes or operators)."""
    words = re.sub(r'[()\[\]"\\]', " ", text).split()
    return " ".join(w.lower() if w in _ESSIE_KEYWORDS else w for w in words)


class Vocabulary:
    """What the first studies of the corpus say, counted."""

    def __init__(self, documents: Iterable[dict[str, Any]]) -> None:
        self.conditions: Counter[str] = Counter()
        self.condition_mesh: Counter[str] = Counter()
        self.interventions: Counter[str] = Counter()
        self.other_names: Counter[str] = Counter()
        self.sponsors: Counter[str] = Counter()
        self.countries: Counter[str] = Counter()
        self.cities: Counter[str] = Counter()
        self.points: Counter[tuple[float, float]] = Counter()
        self.acronyms: Counter[str] = Counter()
        self.titles: Counter[str] = Counter()
        for document in documents:
            self._count(document)

    def _count(self, document: dict[str, Any]) -> None:
        protocol = document.get("protocolSection", {})
        ident = protocol.get("identificationModule", {})
        self.conditions.update(set(protocol.get("conditionsModule", {}).get("conditions", [])))
        meshes = document.get("derivedSection", {}).get("conditionBrowseModule", {}).get("meshes", [])
        self.condition_mesh.update({m["term"] for m in meshes if "term" in m})
        for intervention in protocol.get("armsInterventionsModule", {}).get("interventions", []):
            if intervention.get("type") in INTERVENTION_TYPES:
                self.interventions[_intervention(intervention.get("name", ""))] += 1
                self.other_names.update(_intervention(n) for n in intervention.get("otherNames", []))
        sponsors = protocol.get("sponsorCollaboratorsModule", {})
        names = [sponsors.get("leadSponsor", {}).get("name", "")]
        names += [c.get("name", "") for c in sponsors.get("collaborators", [])]
        self.sponsors.update({_sponsor(name) for name in names})
        for site in protocol.get("contactsLocationsModule", {}).get("locations", []):
            self.countries[site.get("country", "")] += 1
            self.cities[site.get("city", "")] += 1
            point = site.get("geoPoint")
            if point and "lat" in point and "lon" in point:
                self.points[(round(float(point["lat"]), 4), round(float(point["lon"]), 4))] += 1
        self.acronyms[ident.get("acronym", "")] += 1
        self.titles[ident.get("briefTitle", "")] += 1


def _intervention(name: str) -> str:
    name = _DOSE.sub("", re.sub(r"\(.*?\)|\[.*?\]", " ", name)).strip(" ,;:-")
    words = name.split()
    if not 1 <= len(words) <= 4 or _NOT_AN_INTERVENTION.search(name) or not re.search("[A-Za-z]{3}", name):
        return ""
    return " ".join(words)


def _sponsor(name: str) -> str:
    name = re.split(r"[(,]", name)[0].strip()
    while _LEGAL_SUFFIX.search(name):
        name = _LEGAL_SUFFIX.sub("", name).strip()
    return " ".join(name.split()[:5])


def _draw(counts: Counter[Any], k: int, rng: random.Random) -> list[Any]:
    """``k`` distinct values, weighted by the square root of their counts (no repeats)."""
    items = sorted((value, n) for value, n in counts.items() if value)
    keyed = sorted(((rng.random() ** (1 / math.sqrt(n)), value) for value, n in items), reverse=True)
    return [value for _, value in keyed[:k]]


class _Pool:
    """Values of one kind handed out in a fixed random order, cycling if a kind runs out."""

    def __init__(self, values: list[Any]) -> None:
        self.values = values or ["trial"]
        self.position = 0

    def next(self) -> Any:
        value = self.values[self.position % len(self.values)]
        self.position += 1
        return value


def _title_words(title: str, rng: random.Random, low: int, high: int) -> str:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", title) if w.lower() not in _TITLE_STOP]
    if not words:
        return ""
    size = min(len(words), rng.randint(low, high))
    start = rng.randint(0, len(words) - size)
    return " ".join(words[start : start + size]).lower()


class Generator:
    def __init__(self, vocabulary: Vocabulary, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        short = Counter({c: n for c, n in vocabulary.conditions.items() if len(c.split()) <= MAX_WORDS})
        self.conditions = _Pool(_draw(short, 200, rng))
        self.mesh = _Pool(_draw(vocabulary.condition_mesh, 100, rng))
        self.interventions = _Pool(_draw(vocabulary.interventions, 200, rng))
        self.other_names = _Pool(_draw(vocabulary.other_names, 60, rng))
        self.sponsors = _Pool(_draw(vocabulary.sponsors, 60, rng))
        self.countries = _Pool(_draw(vocabulary.countries, 30, rng))
        self.cities = _Pool(_draw(vocabulary.cities, 30, rng))
        self.points = _Pool(_draw(vocabulary.points, 60, rng))
        self.acronyms = _Pool(_draw(vocabulary.acronyms, 30, rng))
        self.titles = _Pool(_draw(vocabulary.titles, 300, rng))

    def condition(self) -> str:
        return essie_text(self.conditions.next())

    def intervention(self) -> str:
        return essie_text(self.interventions.next())

    def query(self, kind: str, index: int) -> dict[str, str]:
        rng = self.rng
        if kind == "condition":
            return {"query.cond": essie_text(self.mesh.next()) if index % 3 == 2 else self.condition()}
        if kind == "intervention":
            source = self.other_names if index % 4 == 3 else self.interventions
            return {"query.intr": essie_text(source.next())}
        if kind == "free_text":
            if index % 2 == 0:
                return {"query.term": _title_words(self.titles.next(), rng, 2, 5) or self.condition()}
            words = f"{self.intervention()} {self.condition()}".lower().split()
            return {"query.term": " ".join(words[:5])}
        if kind == "essie":
            return self.essie(index)
        if kind == "geo":
            latitude, longitude = self.points.next()
            params = {"filter.geo": f"distance({latitude},{longitude},{rng.choice(RADII)})"}
            if index % 3 == 2:
                params["filter.overallStatus"] = "RECRUITING"
            else:
                params["query.cond"] = self.condition()
            return params
        if kind == "sponsor":
            return {"query.spons": essie_text(self.sponsors.next())}
        if kind == "title":
            if index % 2 == 0:
                return {"query.titles": essie_text(self.acronyms.next())}
            return {"query.titles": _title_words(self.titles.next(), rng, 1, 3) or "trial"}
        assert kind == "location", kind
        place = self.countries.next() if index % 2 == 0 else self.cities.next()
        params = {"query.locn": essie_text(place)}
        if index % 4 < 2:
            params["query.cond"] = self.condition()
        return params

    def essie(self, index: int) -> dict[str, str]:
        """Eleven templates in turn: the Essie constructs people actually write."""
        rng = self.rng
        cond, other, intr = self.condition(), self.condition(), self.intervention()
        first_word = cond.split()[0] if cond else "cancer"
        year = rng.choice((2010, 2015, 2018, 2020))
        templates = (
            ("query.term", f'"{cond}"'),
            ("query.cond", f"{cond} OR {other}"),
            ("query.term", f"{cond} AND {intr}"),
            ("query.cond", f"{first_word} AND NOT {rng.choice(('acute', 'chronic', 'cancer', 'pain'))}"),
            ("query.term", f'AREA[Condition]"{cond}" AND AREA[InterventionName]{intr}'),
            ("query.term", f"{cond} AND AREA[StartDate]RANGE[{year}-01-01,MAX]"),
            ("query.term", f"({cond} OR {other}) AND {intr}"),
            ("query.term", f"AREA[EnrollmentCount]RANGE[{rng.choice((50, 100, 500))},MAX] AND {cond}"),
            ("query.term", f"{intr} AND NOT (placebo OR sham)"),
            ("query.term", f'AREA[LeadSponsorName]"{essie_text(self.sponsors.next())}" AND {first_word}'),
            ("query.term", f"AREA[LocationCountry]{essie_text(self.countries.next())} AND AREA[Phase]PHASE3"),
        )
        name, text = templates[index % len(templates)]
        return {name: text}

    def filters(self, params: dict[str, str]) -> None:
        """With FILTER_SHARE, one (70%) or two filters of different parameters; sometimes a sort."""
        rng = self.rng
        if rng.random() < FILTER_SHARE:
            kinds = ["filter.overallStatus", "aggFilters", "filter.advanced"]
            kinds = [k for k in kinds if k not in params]
            for kind in rng.sample(kinds, 1 if rng.random() < 0.7 else min(2, len(kinds))):
                choices = {"filter.overallStatus": STATUS_FILTERS, "aggFilters": AGG_FILTERS}
                params[kind] = rng.choice(choices.get(kind, ADVANCED_FILTERS))
            if "filter.overallStatus" in params and "status:" in params.get("aggFilters", ""):
                params["aggFilters"] = rng.choice([f for f in AGG_FILTERS if "status:" not in f])
        if rng.random() < SORT_SHARE:
            params["sort"] = rng.choice(SORTS)

    def generate(self) -> list[Query]:
        queries: list[Query] = []
        counters: Counter[str] = Counter()
        kinds = [kind for kind, count in MIX.items() for _ in range(count)]
        self.rng.shuffle(kinds)
        for number, kind in enumerate(kinds, start=1):
            params = self.query(kind, counters[kind])
            counters[kind] += 1
            self.filters(params)
            params.update(FIRST_PAGE)
            try:
                plan_query(params)
            except QueryError as error:
                raise AssertionError(f"generated an invalid query {params}: {error}") from error
            queries.append({"id": f"s{number:03d}", "kind": kind, "params": params})
        return queries


def generate(corpus: Path, *, studies: int = VOCABULARY_STUDIES, seed: int = SEED) -> list[Query]:
    return Generator(Vocabulary(read_documents(corpus, studies)), seed).generate()


def shape(queries: list[Query]) -> dict[str, int]:
    """Kinds and counts, and how many queries carry filters (besides filter.geo) and a sort."""
    kinds = Counter(query["kind"] for query in queries)
    filtered = sum(
        any(name in q["params"] for name in ("filter.overallStatus", "aggFilters", "filter.advanced"))
        for q in queries
    )
    return {**dict(kinds), "with_filters": filtered, "with_sort": sum("sort" in q["params"] for q in queries)}


def write(queries: list[Query], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(query, ensure_ascii=False) + "\n" for query in queries), encoding="utf-8"
    )


def load(path: Path) -> list[Query]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"no corpus at {args.corpus}: build it with `python -m bench.corpus` first")
    queries = generate(args.corpus, seed=args.seed)
    write(queries, args.out)
    print(f"{len(queries)} queries written to {args.out}: {shape(queries)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
