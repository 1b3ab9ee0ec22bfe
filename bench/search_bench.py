"""Search latency and relevance: Trialbase's engine beside two peers, same corpus, same queries, same run.

    python -m bench.search_bench                        # 600,000 studies, every system available
    python -m bench.search_bench --count 50000 --peers sqlite --engine none
    python -m bench.search_bench --keep                 # keep the databases; --reuse them next time

Systems: ``trialbase`` (``trialbase.search.engine``, through ``TrialbaseEngine`` below; skipped
with the reason while the engine cannot be imported), ``postgres`` (PostgreSQL full-text search,
``bench/peers/postgres_fts.py``; skipped when the server is unreachable) and ``sqlite`` (SQLite
FTS5, ``bench/peers/sqlite_fts5.py``). Each system is built, queried and judged in its own
subprocesses, one after the other, so memory figures are its own and nothing runs beside it:

1. build: the first ``--count`` studies of the corpus into a fresh index or database (seconds,
   size, peak memory of the building process), then ``os.sync()`` outside the timing, so the
   kernel is not still writing the build's files while the queries are timed;
2. query: the fixed mix (``bench/search_queries.py``, written to ``bench/out/search-queries.jsonl``)
   once to warm up, then once timed, query by query, with ``time.perf_counter`` around
   ``search(params)`` in the process that calls it (first page of 10, exact total, facets);
   p50 / p95 / p99 / max and queries per second; peak memory of that process (and, for
   PostgreSQL, of its server process);
3. relevance: nDCG@10 over the judged queries in ``tests/search/relevance/`` on a small database
   of the 1,027 real studies in ``../shared`` (skipped where they are absent).

Then the databases are dropped (``--keep`` keeps them). The figures go to stdout and, with every
query's latency, to ``bench/out/search-bench-<count>.json``. The targets the search issue names
for Trialbase are printed beside the figures for reading; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, Protocol, Self

from bench import search_queries
from bench.peers import FACETS, Answer, read_documents

OUT = Path(__file__).resolve().parent / "out"
REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRIALBASE_SHARED_DIR", REPOSITORY.parent / "shared"))
REAL_STUDIES = SHARED / "data/ctgov-v2/studies.jsonl.gz"
POSTGRES_URL = os.environ.get(
    "TRIALBASE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DEFAULT_COUNT = 600_000
# A 1-minute load average above this (more work than cores) while a system is measured means
# something else ran beside it, and its figures are inflated.
BUSY_LOAD = (os.cpu_count() or 1) + 0.5
SYSTEMS = ("trialbase", "postgres", "sqlite")
TARGETS = {"p50_ms": 5.0, "p99_ms": 30.0, "memory_mib": 2048, "build_seconds": 300, "speedup_vs_postgres": 10}


# ---------------------------------------------------------------------------------------------
# The adapter interface every system implements


class Engine(Protocol):
    """A search system as the harness drives it.

    ``build`` makes a fresh index or database at ``location`` (a directory, a file or a database
    URL, whatever the system uses) from v2 documents and reports at least ``seconds`` and
    ``bytes``; ``open`` opens it for searching; ``drop`` removes it. ``search`` takes ClinicalTrials.gov
    API v2 ``/studies`` parameters (strings, as on the wire) and returns the NCT ids of the first
    page of 10, best first, the exact total, and facet counts ``{facet: [(value, count), ...]}``
    for ``status``, ``phase``, ``studyType``, ``funderType`` (v2 enum values) and ``condition``
    (the 10 most frequent conditions), counted over the whole matching set.
    """

    name: ClassVar[str]

    @classmethod
    def build(cls, documents: Iterable[dict[str, Any]], location: str) -> dict[str, Any]: ...

    @classmethod
    def open(cls, location: str) -> Self: ...

    @classmethod
    def drop(cls, location: str) -> None: ...

    def search(self, params: dict[str, str]) -> Answer: ...

    def close(self) -> None: ...


class EngineUnavailable(RuntimeError):
    """The system cannot run here; the message says why."""


class TrialbaseEngine:
    """Trialbase's own engine behind ``Engine``: the one place that knows the engine's API.

    ``build`` does what ``trialbase import`` then ``trialbase reindex`` do: the documents go into
    a fresh SQLite store (``<location>/trialbase.sqlite``) through the import pipeline, then
    ``trialbase.index.index_dir.build_index`` builds the index from the store; ``seconds`` is the
    index build alone (the figure the issue's 5-minute target is about), ``store_seconds`` the
    import. ``search`` turns the API parameters into a ``SearchRequest`` (count and facets on; no
    face does that yet, so ``_request`` below does) for ``SearchEngine.open(data_dir).search``.
    The bench store has no MeSH vocabulary, so the engine runs without concept expansion.
    """

    name = "trialbase"

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    @staticmethod
    def api() -> Any:
        """The engine class, or EngineUnavailable saying what is missing."""
        try:
            from trialbase.search.engine import SearchEngine
        except ImportError as error:
            raise EngineUnavailable(f"trialbase.search.engine cannot be imported yet ({error})") from error
        if not hasattr(SearchEngine, "open") or not hasattr(SearchEngine, "search"):
            raise EngineUnavailable("SearchEngine lacks open() or search(); adapt TrialbaseEngine here")
        return SearchEngine

    @classmethod
    def build(cls, documents: Iterable[dict[str, Any]], location: str) -> dict[str, Any]:
        from trialbase.index.index_dir import build_index
        from trialbase.ingest.pipeline import import_records
        from trialbase.ingest.record import RecordLocation, SourceRecord
        from trialbase.store import Store

        cls.drop(location)
        data_dir = Path(location)
        data_dir.mkdir(parents=True)
        store = Store.open(f"sqlite:///{data_dir / 'trialbase.sqlite'}")
        try:
            started = time.perf_counter()
            records = (
                SourceRecord(
                    RecordLocation("corpus", line=number), document, provenance={"format": "v2-json"}
                )
                for number, document in enumerate(documents, start=1)
            )
            imported = import_records(store, records)
            stored = time.perf_counter()
            info = build_index(store, data_dir)
            finished = time.perf_counter()
        finally:
            store.close()
        return {
            "studies": info.studies,
            "rejected": imported.rejected,
            "seconds": round(finished - stored, 1),
            "bytes": info.size_bytes,
            "store_seconds": round(stored - started, 1),
        }

    @classmethod
    def open(cls, location: str) -> TrialbaseEngine:
        return cls(cls.api().open(Path(location)))

    @classmethod
    def drop(cls, location: str) -> None:
        shutil.rmtree(location, ignore_errors=True)

    def search(self, params: dict[str, str]) -> Answer:
        result = self.engine.search(_request(params))
        facets = {counts.facet.id: [(v.value, v.count) for v in counts.values] for counts in result.facets}
        return [hit.nct_id for hit in result.hits], int(result.total), facets

    def close(self) -> None:
        close = getattr(self.engine, "close", None)
        if close is not None:
            close()


def _request(params: dict[str, str]) -> Any:
    """API v2 parameters as the engine's ``SearchRequest``, total and facets always asked for."""
    from trialbase.search.request import SearchRequest, SortKey, SortOrder

    def listed(name: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in re.split(r"[,|]", params.get(name, "")) if v.strip())

    sort = []
    for item in listed("sort"):
        field, _, order = item.partition(":")
        default = "desc" if field.endswith("Date") or field == "@relevance" else "asc"
        sort.append(SortKey(field, SortOrder(order or default)))
    return SearchRequest(
        queries={
            name.removeprefix("query."): text for name, text in params.items() if name.startswith("query.")
        },
        overall_status=listed("filter.overallStatus"),
        ids=listed("filter.ids"),
        advanced=params.get("filter.advanced"),
        geo=params.get("filter.geo"),
        agg_filters=params.get("aggFilters"),
        sort=tuple(sort),
        page_size=int(params.get("pageSize", "10")),
        count_total=True,
        facets=True,
        facet_ids=FACETS,  # the ones every system counts (bench/peers: FACETS)
    )


def system(name: str) -> type[Engine]:
    if name == "trialbase":
        return TrialbaseEngine
    if name == "postgres":
        from bench.peers.postgres_fts import PostgresFts

        return PostgresFts
    if name == "sqlite":
        from bench.peers.sqlite_fts5 import SqliteFts5

        return SqliteFts5
    raise ValueError(f"unknown system {name!r}; expected one of {', '.join(SYSTEMS)}")


def location(name: str, tag: str) -> str:
    """Where a system keeps its index for ``tag`` (the study count, or ``relevance``)."""
    if name == "postgres":
        from bench.peers.postgres_fts import DEFAULT_DATABASE, conninfo

        base = conninfo(POSTGRES_URL).rsplit("/", 1)[0]
        return f"{base}/{DEFAULT_DATABASE}" + ("" if tag != "relevance" else "_relevance")
    if name == "sqlite":
        return str(OUT / f"search-peer-sqlite-{tag}.sqlite")
    return str(OUT / f"search-index-{tag}")


# ---------------------------------------------------------------------------------------------
# Workers: each phase of each system runs in its own process and prints one JSON line


def _peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def build_worker(name: str, where: str, corpus: Path, count: int | None) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    report = system(name).build(read_documents(corpus, count), where)
    # The build's files go to disk now, not during the query phase that follows: the kernel's
    # write-back of gigabytes of fresh index would otherwise run beside the timed queries.
    os.sync()
    load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return {**report, "peak_mib": _peak_mib(), "load_average": load}


def query_worker(name: str, where: str, queries_path: Path) -> dict[str, Any]:
    queries = search_queries.load(queries_path)
    load_before = os.getloadavg()[0]
    engine = system(name).open(where)
    errors: dict[str, str] = {}
    try:
        for query in queries:  # warm-up pass
            try:
                engine.search(query["params"])
            except Exception as error:  # reported per query, not fatal
                errors[query["id"]] = f"{type(error).__name__}: {error}"
        timings: dict[str, float] = {}
        totals: dict[str, int] = {}
        for query in queries:
            if query["id"] in errors:
                continue
            started = time.perf_counter()
            _, total, _ = engine.search(query["params"])
            timings[query["id"]] = (time.perf_counter() - started) * 1000
            totals[query["id"]] = total
        server = engine.server_memory() if hasattr(engine, "server_memory") else {}
    finally:
        engine.close()
    values = list(timings.values())
    if not values:
        return {"queries": 0, "errors": errors, "peak_mib": _peak_mib()}
    kinds = {q["id"]: q["kind"] for q in queries}
    by_kind: dict[str, list[float]] = {}
    for query_id, ms in timings.items():
        by_kind.setdefault(kinds[query_id], []).append(ms)
    return {
        "queries": len(values),
        "errors": errors,
        "p50_ms": round(_percentile(values, 0.50), 2),
        "p95_ms": round(_percentile(values, 0.95), 2),
        "p99_ms": round(_percentile(values, 0.99), 2),
        "max_ms": round(max(values), 2),
        "mean_ms": round(statistics.fmean(values), 2),
        "qps": round(len(values) / (sum(values) / 1000), 1),
        "p50_ms_by_kind": {kind: round(_percentile(ms, 0.5), 2) for kind, ms in sorted(by_kind.items())},
        "median_total": statistics.median(totals.values()),
        "peak_mib": _peak_mib(),
        "server_peak_mib": server.get("VmHWM"),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "latency_ms": {query_id: round(ms, 3) for query_id, ms in timings.items()},
        "totals": totals,
    }


def relevance_worker(name: str, where: str) -> dict[str, Any]:
    from tests.search.relevance.ndcg import load_qrels, load_queries, ndcg_at_k

    engine_type = system(name)
    engine_type.build(read_documents(REAL_STUDIES), where)
    engine = engine_type.open(where)
    qrels = load_qrels()
    scores: dict[str, float] = {}
    kinds: dict[str, list[float]] = {}
    errors: dict[str, str] = {}
    try:
        for query in load_queries():
            try:
                hits, _, _ = engine.search(query.params)
            except Exception as error:  # scores 0, and is reported
                errors[query.id] = f"{type(error).__name__}: {error}"
                hits = []
            scores[query.id] = ndcg_at_k(hits, qrels[query.id])
            kinds.setdefault(query.kind, []).append(scores[query.id])
    finally:
        engine.close()
        engine_type.drop(where)
    return {
        "ndcg10": round(statistics.fmean(scores.values()), 3),
        "ndcg10_by_kind": {kind: round(statistics.fmean(v), 3) for kind, v in sorted(kinds.items())},
        "by_query": {query_id: round(score, 3) for query_id, score in scores.items()},
        "errors": errors,
    }


def _worker(args: argparse.Namespace) -> int:
    if args.worker == "build":
        result = build_worker(args.system, args.location, args.corpus, args.count)
    elif args.worker == "query":
        result = query_worker(args.system, args.location, args.queries)
    elif args.worker == "relevance":
        result = relevance_worker(args.system, args.location)
    else:
        system(args.system).drop(args.location)
        result = {}
    print(json.dumps(result))
    return 0


# ---------------------------------------------------------------------------------------------
# The run: every system in turn, then the tables


def _spawn(phase: str, name: str, where: str, args: argparse.Namespace) -> dict[str, Any] | str:
    """Run one worker; its JSON result, or the reason it failed."""
    command = [sys.executable, "-m", "bench.search_bench", "--worker", phase, "--system", name]
    command += ["--location", where, "--corpus", str(args.corpus), "--queries", str(args.queries)]
    command += ["--count", str(args.count)]
    run = subprocess.run(command, text=True, stdout=subprocess.PIPE, check=False, cwd=REPOSITORY)
    lines = run.stdout.strip().splitlines()
    if run.returncode != 0 or not lines:
        return f"{phase} failed (exit {run.returncode}; see the messages above)"
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _available(name: str) -> str | None:
    """None when the system can run here, otherwise why not."""
    if name == "trialbase":
        try:
            TrialbaseEngine.api()
        except EngineUnavailable as error:
            return str(error)
        return None
    if name == "postgres":
        from bench.peers.postgres_fts import reachable

        problem = reachable(POSTGRES_URL)
        return None if problem is None else f"PostgreSQL is not reachable at {POSTGRES_URL}: {problem}"
    return None


def _measure(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Build (or reuse), query and judge one system; drop its databases unless --keep."""
    where = location(name, str(args.count))
    saved = OUT / f"search-build-{name}-{args.count}.json"
    result: dict[str, Any] = {"system": name}
    if args.reuse and saved.exists():
        print(f"{name}: reusing the index built earlier ({saved.name})", file=sys.stderr, flush=True)
        result["build"] = json.loads(saved.read_text())
    else:
        print(f"{name}: building from {args.count:,} studies...", file=sys.stderr, flush=True)
        result["build"] = _spawn("build", name, where, args)
        if isinstance(result["build"], dict):
            saved.write_text(json.dumps(result["build"]))
    if isinstance(result["build"], dict):
        print(f"{name}: querying...", file=sys.stderr, flush=True)
        result["query"] = _spawn("query", name, where, args)
    if not args.keep:
        _spawn("drop", name, where, args)
        saved.unlink(missing_ok=True)
    if args.relevance and REAL_STUDIES.exists():
        print(f"{name}: judging relevance...", file=sys.stderr, flush=True)
        result["relevance"] = _spawn("relevance", name, location(name, "relevance"), args)
    return result


def _cell(value: Any, width: int, digits: int = 1) -> str:
    if value is None or isinstance(value, str):
        return f"{'-':>{width}}"
    if isinstance(value, float):
        return f"{value:>{width},.{digits}f}"
    return f"{value:>{width},}"


def report(results: list[dict[str, Any]], skipped: dict[str, str], count: int, queries: int) -> None:
    print()
    print(
        f"Search over {count:,} studies, {queries} queries (first page of 10, total and facets each). "
        f"Targets for Trialbase, for reading: p50 <= {TARGETS['p50_ms']:g} ms, p99 <= "
        f"{TARGETS['p99_ms']:g} ms, memory <= {TARGETS['memory_mib']} MiB, build <= "
        f"{TARGETS['build_seconds']} s, >= {TARGETS['speedup_vs_postgres']}x PostgreSQL at p50."
    )
    header = (
        f"{'system':<11}{'build s':>9}{'size MB':>9}{'build MiB':>10}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}{'QPS':>8}{'query MiB':>10}{'server MiB':>11}{'errors':>7}{'nDCG@10':>9}"
    )
    print(header)
    for result in results:
        build = result["build"] if isinstance(result.get("build"), dict) else {}
        query = result["query"] if isinstance(result.get("query"), dict) else {}
        judged = result["relevance"] if isinstance(result.get("relevance"), dict) else {}
        size = build["bytes"] / 1e6 if "bytes" in build else None
        print(
            f"{result['system']:<11}{_cell(build.get('seconds'), 9)}{_cell(size, 9, 0)}"
            f"{_cell(build.get('peak_mib'), 10, 0)}{_cell(query.get('p50_ms'), 9, 2)}"
            f"{_cell(query.get('p95_ms'), 9, 2)}{_cell(query.get('p99_ms'), 9, 2)}"
            f"{_cell(query.get('max_ms'), 9, 1)}{_cell(query.get('qps'), 8)}"
            f"{_cell(query.get('peak_mib'), 10, 0)}{_cell(query.get('server_peak_mib'), 11, 0)}"
            f"{_cell(len(query['errors']) if query else None, 7)}{_cell(judged.get('ndcg10'), 9, 3)}"
        )
        for phase, figures in (("built", build), ("queried", query)):
            load = figures.get("load_average", [0.0, 0.0])
            if max(load) > BUSY_LOAD:
                print(
                    f"  {result['system']}: the machine was busy while it was {phase} (1-minute load "
                    f"average {load[0]} -> {load[1]} on {os.cpu_count()} cores): figures are inflated"
                )
        for phase in ("build", "query", "relevance"):
            if isinstance(result.get(phase), str):
                print(f"  {result['system']}: {result[phase]}")
        for query_id, error in sorted(query.get("errors", {}).items())[:5]:
            print(f"  {result['system']} {query_id}: {error}")
        for query_id, error in sorted(judged.get("errors", {}).items())[:5]:
            print(f"  {result['system']} judged {query_id} (scored 0): {error}")
    for name, reason in skipped.items():
        print(f"{name:<11}skipped: {reason}")
    measured = {r["system"]: r["query"] for r in results if isinstance(r.get("query"), dict)}
    _ratios(measured)
    _by_kind(measured, "p50_ms_by_kind", "p50 latency by kind of query (ms)", 2)
    judged = {r["system"]: r["relevance"] for r in results if isinstance(r.get("relevance"), dict)}
    _by_kind(judged, "ndcg10_by_kind", "nDCG@10 by kind of judged query (1,027 real studies)", 3)
    for result in results:
        build = result.get("build")
        if isinstance(build, dict):
            shown = {"seconds", "bytes", "peak_mib", "load_average"}
            details = {k: v for k, v in build.items() if k not in shown}
            print(f"{result['system']} build: {json.dumps(details)}")


def _ratios(measured: dict[str, dict[str, Any]]) -> None:
    print()
    if "trialbase" in measured:
        for peer in ("postgres", "sqlite"):
            if peer in measured:
                speedups = [
                    f"{figure} {measured[peer][figure] / max(measured['trialbase'][figure], 1e-9):.1f}x"
                    for figure in ("p50_ms", "p99_ms")
                ]
                print(f"Trialbase is faster than {peer} by: {', '.join(speedups)} (peer / Trialbase)")
    else:
        print("Trialbase / peer ratios: not available (the Trialbase engine was not measured)")
    if "postgres" in measured and "sqlite" in measured:
        p50 = measured["postgres"]["p50_ms"] / max(measured["sqlite"]["p50_ms"], 1e-9)
        p99 = measured["postgres"]["p99_ms"] / max(measured["sqlite"]["p99_ms"], 1e-9)
        print(f"PostgreSQL / SQLite latency: p50 {p50:.1f}x, p99 {p99:.1f}x")


def _by_kind(figures: dict[str, dict[str, Any]], key: str, title: str, digits: int) -> None:
    if not figures:
        return
    names = list(figures)
    kinds = sorted({kind for figure in figures.values() for kind in figure[key]})
    print()
    print(title)
    print(f"{'kind':<14}" + "".join(f"{name:>11}" for name in names))
    for kind in kinds:
        cells = "".join(_cell(figures[name][key].get(kind), 11, digits) for name in names)
        print(f"{kind:<14}{cells}")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="studies from the corpus's start")
    parser.add_argument("--corpus", type=Path, default=search_queries.DEFAULT_CORPUS)
    parser.add_argument("--queries", type=Path, default=search_queries.DEFAULT_QUERIES)
    parser.add_argument("--peers", default="postgres,sqlite", help="comma-separated: postgres, sqlite")
    parser.add_argument("--engine", default="trialbase", choices=["trialbase", "none"])
    parser.add_argument("--keep", action="store_true", help="keep the databases and indexes")
    parser.add_argument("--reuse", action="store_true", help="reuse databases kept by an earlier --keep")
    parser.add_argument("--no-relevance", dest="relevance", action="store_false")
    parser.add_argument("--worker", choices=["build", "query", "relevance", "drop"], help=argparse.SUPPRESS)
    parser.add_argument("--system", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--location", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.worker:
        return _worker(args)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: build it with `python -m bench.corpus`", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    queries = search_queries.generate(args.corpus)
    search_queries.write(queries, args.queries)
    print(f"query mix: {len(queries)} queries, {search_queries.shape(queries)}", file=sys.stderr)
    if not REAL_STUDIES.exists():
        print(f"relevance: skipped, no real studies at {REAL_STUDIES}", file=sys.stderr)
    wanted = ([args.engine] if args.engine != "none" else []) + [p for p in args.peers.split(",") if p]
    results, skipped = [], {}
    for name in wanted:
        problem = _available(name)
        if problem is not None:
            print(f"{name}: skipped: {problem}", file=sys.stderr)
            skipped[name] = problem
            continue
        results.append(_measure(name, args))
    report(results, skipped, args.count, len(queries))
    saved = OUT / f"search-bench-{args.count}.json"
    saved.write_text(json.dumps({"count": args.count, "results": results, "skipped": skipped}, indent=1))
    print(f"\nEvery figure, with each query's latency: {saved}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
