"""Build a ClinicalTrials.gov-sized benchmark corpus by recombining real studies.

    python -m bench.corpus --count 600000 --out bench/out/corpus-600000.jsonl

Reads the real API v2 studies in ``../shared/data/ctgov-v2/studies.jsonl.gz`` (never copied into
the repository) and writes JSON Lines, one v2 study document a line (``--gzip`` to compress).
Each output study takes its parts from several different real studies, chosen so the parts fit:

* topic (titles, summary, conditions and their MeSH terms, keywords, references) from study A;
* conduct (design, arms and interventions with their MeSH terms, outcomes, and the results and
  documents that belong to those arms and outcomes) from study B of the same study type, and of
  the same condition branch when there are enough such studies;
* eligibility from study C (same study type, and branch when possible);
* status and dates from study F, which has posted results exactly when B has;
* sites, contacts and officials from study D whose overall status is F's, so site statuses fit;
* sponsor, organization, oversight and data-sharing statement from study E.

A is never B or C, so no output repeats a real study; NCT ids run from NCT80000000 upward (far
above any real one) and ``orgStudyIdInfo.id`` gets a suffix. Enrollment is made ACTUAL or
ESTIMATED to fit F's status, and WITHDRAWN studies enroll 0. About the same share of studies
has results as in the real data. Deterministic for a given ``--seed``.

It is fast (one core, over ten thousand studies a second: the parts are shared, not copied,
and serialized with orjson), holds only the real studies in memory, and reports progress on
stderr: a line every few seconds, or one line kept up to date on a terminal.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import orjson

REPOSITORY = Path(__file__).resolve().parents[1]
V2_STUDIES = "data/ctgov-v2/studies.jsonl.gz"
FIRST_NCT_NUMBER = 80_000_000
MAX_COUNT = 9_999_999
DEFAULT_COUNT = 600_000
_MIN_BUCKET = 4
_ACTUAL_ENROLLMENT = frozenset({"COMPLETED", "TERMINATED", "ACTIVE_NOT_RECRUITING"})
_ESTIMATED_ENROLLMENT = frozenset({"NOT_YET_RECRUITING", "RECRUITING", "ENROLLING_BY_INVITATION"})
_GENERIC_BRANCHES = frozenset({"All", "Rare"})
_NO_BRANCH = "none"  # no condition MeSH terms: nothing to match on

Document = dict[str, Any]


class SourceMissing(FileNotFoundError):
    """The shared real studies are not on this machine."""


def default_source() -> Path:
    shared = Path(os.environ.get("TRIALBASE_SHARED_DIR", REPOSITORY.parent / "shared"))
    return shared / V2_STUDIES


@dataclass(frozen=True, slots=True)
class Donor:
    """The reusable parts of one real study, grouped by what must stay together."""

    nct_id: str
    study_type: str
    branch: str
    overall_status: str | None
    has_results: bool
    titles: Document
    description: Document | None
    conditions: Document | None
    references: Document | None
    condition_browse: Document | None
    design: Document | None
    arms: Document | None
    outcomes: Document | None
    results: Document | None
    documents: Document | None
    intervention_browse: Document | None
    eligibility: Document | None
    contacts: Document | None
    org_study_id: Document | None
    secondary_ids: list[Any] | None
    organization: Document | None
    sponsors: Document | None
    oversight: Document | None
    ipd: Document | None
    status: Document | None
    version_holder: str | None


def _branch(document: Document) -> str:
    branches = document.get("derivedSection", {}).get("conditionBrowseModule", {}).get("browseBranches", [])
    for branch in branches:
        if branch.get("abbrev") not in _GENERIC_BRANCHES:
            return str(branch["abbrev"])
    return _NO_BRANCH


def _status_module(status: Document | None) -> Document | None:
    """The status module without pointers to other real records (expanded-access NCT ids)."""
    if status is None:
        return None
    access = status.get("expandedAccessInfo")
    if access and "nctId" in access:
        return {**status, "expandedAccessInfo": {"hasExpandedAccess": bool(access.get("hasExpandedAccess"))}}
    return status


def donor(document: Document) -> Donor:
    protocol = document.get("protocolSection", {})
    identification = protocol.get("identificationModule", {})
    design = protocol.get("designModule")
    derived = document.get("derivedSection", {})
    status = protocol.get("statusModule")
    results = document.get("resultsSection")
    titles = {
        key: identification[key]
        for key in ("briefTitle", "officialTitle", "acronym")
        if key in identification
    }
    return Donor(
        nct_id=identification.get("nctId", ""),
        study_type=design.get("studyType", "") if design else "",
        branch=_branch(document),
        overall_status=status.get("overallStatus") if status else None,
        has_results=results is not None and status is not None and "resultsFirstPostDateStruct" in status,
        titles=titles,
        description=protocol.get("descriptionModule"),
        conditions=protocol.get("conditionsModule"),
        references=protocol.get("referencesModule"),
        condition_browse=derived.get("conditionBrowseModule"),
        design=design,
        arms=protocol.get("armsInterventionsModule"),
        outcomes=protocol.get("outcomesModule"),
        results=results,
        documents=document.get("documentSection"),
        intervention_browse=derived.get("interventionBrowseModule"),
        eligibility=protocol.get("eligibilityModule"),
        contacts=protocol.get("contactsLocationsModule"),
        org_study_id=identification.get("orgStudyIdInfo"),
        secondary_ids=identification.get("secondaryIdInfos"),
        organization=identification.get("organization"),
        sponsors=protocol.get("sponsorCollaboratorsModule"),
        oversight=protocol.get("oversightModule"),
        ipd=protocol.get("ipdSharingStatementModule"),
        status=_status_module(status),
        version_holder=derived.get("miscInfoModule", {}).get("versionHolder"),
    )


def read_documents(source: Path) -> Iterator[Document]:
    if not source.exists():
        raise SourceMissing(str(source))
    with gzip.open(source, "rb") as handle:
        for line in handle:
            if line.strip():
                yield orjson.loads(line)


class Recombiner:
    """Pools of real-study parts and the rules for combining them into new studies."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.donors = [donor(document) for document in documents]
        usable = [i for i, d in enumerate(self.donors) if d.status is not None and d.study_type]
        self.topics = [
            i for i in usable if self.donors[i].titles.get("briefTitle") and self.donors[i].conditions
        ]
        conduct = [i for i in usable if self.donors[i].design and self.donors[i].arms]
        eligibility = [i for i in usable if self.donors[i].eligibility]
        self.with_results = [i for i in usable if self.donors[i].has_results]
        status_module = "resultsFirstPostDateStruct"
        self.without_results = [i for i in usable if status_module not in (self.donors[i].status or {})]
        self.sites: dict[str, list[int]] = defaultdict(list)
        for i in usable:
            self.sites[self.donors[i].overall_status or ""].append(i)
        self.sponsors = [i for i in usable if self.donors[i].sponsors and self.donors[i].organization]
        if not (self.topics and conduct and eligibility and self.with_results and self.without_results):
            raise ValueError("the source has too few complete studies to recombine")
        # For each topic, the studies its conduct and eligibility may come from (computed once).
        self.conduct_pools = self._pools(conduct)
        self.eligibility_pools = self._pools(eligibility)

    def _keys(self, d: Donor) -> list[str]:
        """From the narrowest to the widest: same condition MeSH term, same branch, same type."""
        meshes = [m.get("id") for m in (d.condition_browse or {}).get("meshes", [])]
        keys = [f"{d.study_type}/mesh:{mesh}" for mesh in meshes if mesh]
        if d.branch != _NO_BRANCH:
            keys.append(f"{d.study_type}/branch:{d.branch}")
        return [*keys, d.study_type]

    def _pools(self, indexes: list[int]) -> dict[int, list[int]]:
        buckets: dict[str, list[int]] = defaultdict(list)
        for i in indexes:
            for key in self._keys(self.donors[i]):
                buckets[key].append(i)
        pools: dict[int, list[int]] = {}
        for a in self.topics:
            pool = indexes
            for key in self._keys(self.donors[a]):
                candidates = [i for i in buckets.get(key, []) if i != a]
                if len(candidates) >= _MIN_BUCKET:
                    pool = candidates
                    break
            pools[a] = pool if len(pool) > 1 else indexes
        return pools

    @staticmethod
    def _pick(rng: random.Random, pool: list[int], avoid: int) -> int:
        for _ in range(8):
            chosen = pool[int(rng.random() * len(pool))]
            if chosen != avoid:
                return chosen
        return next(i for i in pool if i != avoid)

    def study(self, index: int, rng: random.Random) -> Document:
        """The ``index``-th corpus study (NCT80000000 + index)."""
        a = self.topics[int(rng.random() * len(self.topics))]
        topic = self.donors[a]
        conduct = self.donors[self._pick(rng, self.conduct_pools[a], a)]
        eligibility = self.donors[self._pick(rng, self.eligibility_pools[a], a)]
        timing_pool = self.with_results if conduct.has_results else self.without_results
        timing = self.donors[timing_pool[int(rng.random() * len(timing_pool))]]
        site_pool = self.sites.get(timing.overall_status or "") or self.topics
        sites = self.donors[self._pick(rng, site_pool, a)]
        sponsor = self.donors[self._pick(rng, self.sponsors, a)]

        identification: Document = {"nctId": f"NCT{FIRST_NCT_NUMBER + index:08d}"}
        org_id = sponsor.org_study_id or {"id": sponsor.nct_id}
        identification["orgStudyIdInfo"] = {**org_id, "id": f"{org_id.get('id', '')}-C{index:07d}"}
        if sponsor.secondary_ids:
            identification["secondaryIdInfos"] = sponsor.secondary_ids
        identification["organization"] = sponsor.organization
        identification.update(topic.titles)
        parts = (
            ("identificationModule", identification),
            ("statusModule", timing.status),
            ("sponsorCollaboratorsModule", sponsor.sponsors),
            ("oversightModule", sponsor.oversight),
            ("descriptionModule", topic.description),
            ("conditionsModule", topic.conditions),
            ("designModule", _fit_enrollment(conduct.design, timing.overall_status)),
            ("armsInterventionsModule", conduct.arms),
            ("outcomesModule", conduct.outcomes),
            ("eligibilityModule", eligibility.eligibility),
            ("contactsLocationsModule", sites.contacts),
            ("referencesModule", topic.references),
            ("ipdSharingStatementModule", sponsor.ipd),
        )
        document: Document = {"protocolSection": {name: part for name, part in parts if part is not None}}
        if conduct.has_results:
            document["resultsSection"] = conduct.results
        if conduct.documents is not None:
            document["documentSection"] = conduct.documents
        derived: Document = {}
        if timing.version_holder:
            derived["miscInfoModule"] = {"versionHolder": timing.version_holder}
        if topic.condition_browse is not None:
            derived["conditionBrowseModule"] = topic.condition_browse
        if conduct.intervention_browse is not None:
            derived["interventionBrowseModule"] = conduct.intervention_browse
        document["derivedSection"] = derived
        document["hasResults"] = conduct.has_results
        return document


def _fit_enrollment(design: Document | None, status: str | None) -> Document | None:
    """The design with enrollment ACTUAL or ESTIMATED as the (borrowed) status requires."""
    if design is None or "enrollmentInfo" not in design:
        return design
    info = design["enrollmentInfo"]
    if status == "WITHDRAWN":
        wanted: Document = {"count": 0, "type": "ACTUAL"}
    elif status in _ACTUAL_ENROLLMENT and info.get("type") != "ACTUAL":
        wanted = {**info, "type": "ACTUAL"}
    elif status in _ESTIMATED_ENROLLMENT and info.get("type") != "ESTIMATED":
        wanted = {**info, "type": "ESTIMATED"}
    else:
        return design
    return {**design, "enrollmentInfo": wanted}


def build_corpus(source: Path, count: int, *, seed: int = 0) -> Iterator[Document]:
    """``count`` recombined studies from the real studies in ``source``."""
    if not 0 <= count <= MAX_COUNT:
        raise ValueError(f"count must be between 0 and {MAX_COUNT}, got {count}")
    recombiner = Recombiner(read_documents(source))
    rng = random.Random(seed)
    for index in range(count):
        yield recombiner.study(index, rng)


@dataclass(slots=True)
class CorpusStats:
    studies: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.studies / self.seconds if self.seconds else 0.0


class Progress:
    """Progress on stderr: one updated line on a terminal, a line every few seconds otherwise."""

    def __init__(self, total: int, stream: IO[str], *, interval: float | None = None) -> None:
        self.total = total
        self.stream = stream
        self.tty = stream.isatty()
        self.interval = interval if interval is not None else (0.5 if self.tty else 5.0)
        self.started = time.perf_counter()
        self.next_report = self.started + self.interval

    def update(self, stats: CorpusStats, *, final: bool = False) -> None:
        now = time.perf_counter()
        if not final and now < self.next_report:
            return
        self.next_report = now + self.interval
        elapsed = now - self.started
        rate = stats.studies / elapsed if elapsed else 0.0
        left = (self.total - stats.studies) / rate if rate else 0.0
        line = (
            f"corpus: {stats.studies:,}/{self.total:,} studies, {stats.bytes / 2**20:,.0f} MiB, "
            f"{rate:,.0f} studies/s, {elapsed:,.0f} s elapsed, about {left:,.0f} s left"
        )
        if self.tty:
            self.stream.write("\r" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _open_output(path: Path, *, compress: bool, level: int) -> IO[bytes]:
    if compress:
        return cast(IO[bytes], gzip.open(path, "wb", compresslevel=level))
    return open(path, "wb", buffering=1 << 20)


def write_corpus(
    documents: Iterable[Document],
    out: Path,
    *,
    compress: bool = False,
    level: int = 1,
    progress: Progress | None,
) -> CorpusStats:
    """Write ``documents`` as JSON Lines to ``out`` (gzip-compressed if asked)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stats = CorpusStats()
    started = time.perf_counter()
    temporary = out.with_name(out.name + ".partial")
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    with _open_output(temporary, compress=compress, level=level) as handle:
        write = handle.write
        for document in documents:
            line = dumps(document, option=newline)
            write(line)
            stats.studies += 1
            stats.bytes += len(line)
            if progress is not None and not stats.studies & 1023:
                progress.update(stats)
    temporary.replace(out)
    stats.seconds = time.perf_counter() - started
    if progress is not None:
        progress.update(stats, final=True)
    return stats


def peak_memory_mib() -> float:
    """Peak resident memory of this process (Linux reports kibibytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.corpus",
        description="Build a benchmark corpus of v2 studies by recombining the real studies in ../shared.",
    )
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="studies to write (default 600000)")
    parser.add_argument("--out", type=Path, help="output file (default bench/out/corpus-COUNT.jsonl[.gz])")
    parser.add_argument(
        "--seed", type=int, default=0, help="random seed; the same seed gives the same corpus"
    )
    parser.add_argument("--source", type=Path, help=f"real studies (default ../shared/{V2_STUDIES})")
    parser.add_argument("--gzip", action="store_true", help="gzip the output")
    parser.add_argument(
        "--gzip-level", type=int, default=1, choices=range(1, 10), help="gzip level (default 1)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    source = args.source or default_source()
    suffix = ".jsonl.gz" if args.gzip else ".jsonl"
    out = args.out or REPOSITORY / "bench" / "out" / f"corpus-{args.count}{suffix}"
    if not 0 <= args.count <= MAX_COUNT:
        print(f"corpus: --count must be between 0 and {MAX_COUNT:,}, got {args.count}", file=sys.stderr)
        return 2
    if not source.exists():
        print(
            f"corpus: the real studies are not at {source}. The corpus is built from ../shared/{V2_STUDIES};"
            " set TRIALBASE_SHARED_DIR to the shared folder or pass --source.",
            file=sys.stderr,
        )
        return 2
    loading = time.perf_counter()
    documents = build_corpus(source, args.count, seed=args.seed)
    progress = None if args.quiet else Progress(args.count, sys.stderr)
    stats = write_corpus(documents, out, compress=args.gzip, level=args.gzip_level, progress=progress)
    total = time.perf_counter() - loading
    size = out.stat().st_size
    print(
        f"corpus: wrote {stats.studies:,} studies to {out} ({size / 2**20:,.1f} MiB on disk) "
        f"in {total:,.1f} s: {stats.rate:,.0f} studies/s written, peak memory {peak_memory_mib():,.0f} MiB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
