"""HTTP benchmark: the API under load over real sockets, and the website's server time per page.

    python -m bench.http_bench --count 600000            # reuses bench/out/search-index-600000
    python -m bench.http_bench --count 20000 --duration 5 --warmup 2 --pages 100
    python -m bench.http_bench --data-dir var            # any data folder with trialbase.sqlite

The data folder holds a store (``trialbase.sqlite``) and its index: the one the search benchmark
leaves with ``--keep`` (``bench/out/search-index-<count>``, which ``python -m bench`` passes), or
one built here from the first ``--count`` studies of the corpus the same way (the import
pipeline, then ``build_index``) and removed afterwards unless ``--keep``.

1. Server time, in this process: the application (``create_app``) over the same folder, called
   through httpx's ASGI transport one request at a time, so the time is the server's own (routing,
   middleware, store, index, rendering), without sockets or HTTP parsing. ``--pages`` different
   record pages (``/study/{nctId}``) and search result pages (``/search?cond=...``), and beside
   them, as peers, the raw store read (``store.current_json_many``) and the API's record and search
   endpoints for the same ids and conditions. p50 / p95 / p99 / max after a short warm-up.
2. Load: ``trialbase serve --workers 2`` (``--workers``) on 127.0.0.1 in a subprocess, then
   ``wrk --latency`` (Debian's package; ``scripts/ensure_wrk.sh`` installs it) with
   ``bench/wrk/rotate.lua`` rotating over the request paths, for ``--duration`` seconds after a
   ``--warmup`` run whose figures are dropped: a static file served by the same server (the
   ceiling, as the peer), ``GET /api/v2/studies/{nctId}`` over ``--ids`` different studies and
   ``GET /api/v2/studies?query.cond=...&pageSize=10`` over up to 300 conditions, at
   ``--connections`` and, for the search, also at ``--search-connections`` (by Little's law the
   mean latency is connections / throughput, so p99 at 32 connections is mostly queueing).
   Without wrk, a bounded Python (asyncio + httpx) load generator stands in, and says so: it is
   slower than the server and caps the figures.

NCT ids are a seeded sample of the store's; conditions are the most frequent short conditions of
the sampled studies. Rate limiting does not apply: the load comes from 127.0.0.1, which is exempt
(``TRIALBASE_RATE_LIMIT_LOCALHOST=false`` is set for the server to make sure). The targets of the
API and website issues are printed beside the figures for reading; nothing is asserted. Every
figure goes to ``bench/out/http-bench-<count>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from bench.cpu_share import BUSY_OTHER_CORES, CpuShare, wait_until_idle
from bench.http_load import percentile, run_python_load, run_wrk, write_paths
from bench.search_queries import essie_text

OUT = Path(__file__).resolve().parent / "out"
REPOSITORY = Path(__file__).resolve().parents[1]
STATIC_PATH = "/static/favicon.svg"
SEED = 20240419
MAX_CONDITION_WORDS = 4
TARGETS = {
    "study": ">= 1,500 req/s",
    "search": ">= 300 req/s, p99 <= 100 ms",
    "record_page": "p50 <= 20 ms",
    "search_page": "p50 <= 30 ms",
}


# ---------------------------------------------------------------------------------------------
# The request mix


def sample_nct_ids(all_ids: Sequence[str], k: int, seed: int = SEED) -> list[str]:
    """``k`` different NCT ids drawn from ``all_ids`` (all of them when there are fewer)."""
    return random.Random(seed).sample(list(all_ids), min(k, len(all_ids)))


def frequent_conditions(documents: Sequence[dict[str, Any]], k: int) -> list[str]:
    """The ``k`` most frequent conditions of ``documents`` of at most four words, as plain Essie
    words (no operators or brackets), most frequent first, ties in alphabetical order."""
    counts: Counter[str] = Counter()
    for document in documents:
        conditions = document.get("protocolSection", {}).get("conditionsModule", {}).get("conditions", [])
        counts.update({essie_text(c) for c in conditions if 0 < len(c.split()) <= MAX_CONDITION_WORDS})
    counts.pop("", None)
    return [text for text, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]]


def study_paths(nct_ids: Sequence[str]) -> list[str]:
    return [f"/api/v2/studies/{nct_id}" for nct_id in nct_ids]


def api_search_paths(conditions: Sequence[str]) -> list[str]:
    return [
        f"/api/v2/studies?{urlencode({'query.cond': c, 'pageSize': '10'}, quote_via=quote)}"
        for c in conditions
    ]


def record_page_paths(nct_ids: Sequence[str]) -> list[str]:
    return [f"/study/{nct_id}" for nct_id in nct_ids]


def search_page_paths(conditions: Sequence[str]) -> list[str]:
    return [f"/search?{urlencode({'cond': c}, quote_via=quote)}" for c in conditions]


# ---------------------------------------------------------------------------------------------
# The server under load


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Server:
    base_url: str
    pid: int  # of ``trialbase serve``; its workers are its children


@contextmanager
def serving(data_dir: Path, workers: int, log: Path) -> Iterator[Server]:
    """``trialbase serve --workers N`` over ``data_dir`` on a free port of 127.0.0.1, until the
    block ends; yields it once /health answers."""
    port = _free_port()
    env = {**os.environ, "TRIALBASE_DATA_DIR": str(data_dir), "TRIALBASE_RATE_LIMIT_LOCALHOST": "false"}
    env.pop("TRIALBASE_DATABASE_URL", None)
    command = [sys.executable, "-m", "trialbase", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)], env=env, stdout=output, stderr=output, cwd=REPOSITORY
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 600  # a missing index is built first
            while True:
                try:
                    if httpx.get(f"{base_url}/health", timeout=30).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start (exit {process.poll()}); see {log}")
                time.sleep(0.2)
            waited = wait_until_idle(process.pid)  # every worker started, not only the first
            print(f"server ready after {waited:.1f} s more for its workers", file=sys.stderr)
            yield Server(base_url, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def load_runs(server: Server, mixes: dict[str, list[str]], args: argparse.Namespace) -> dict[str, Any]:
    """Each mix at its connection counts: a warm-up run (dropped), then the measured run, with the
    CPU other processes took meanwhile (``other_cores``)."""
    base_url = server.base_url
    use_wrk = shutil.which("wrk") is not None and not args.python_load
    runs: dict[str, Any] = {}
    plan = [("static", args.connections), ("study", args.connections), ("search", args.connections)]
    if args.search_connections != args.connections:
        plan.append(("search", args.search_connections))
    for name, connections in plan:
        key = f"{name}@{connections}"
        print(
            f"load: {key}, {args.warmup:g} s warm-up then {args.duration:g} s...", file=sys.stderr, flush=True
        )
        paths = mixes[name]
        share = CpuShare(server.pid)
        try:
            if use_wrk:
                listed = write_paths(paths, OUT / f"http-bench-paths-{name}.txt")
                try:
                    run_wrk(base_url, listed, args.warmup, connections, args.threads)
                    with share:
                        load = run_wrk(base_url, listed, args.duration, connections, args.threads)
                finally:
                    listed.unlink()
            else:
                run_python_load(base_url, paths, args.warmup, connections)
                with share:
                    load = run_python_load(base_url, paths, args.duration, connections)
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
            runs[key] = str(error)
            continue
        runs[key] = {**asdict(load), "other_cores": share.other_cores}
    return runs


# ---------------------------------------------------------------------------------------------
# Server time, in process


def _summary(times: Sequence[float], statuses: Counter[int]) -> dict[str, Any]:
    return {
        "requests": len(times),
        "p50_ms": round(percentile(times, 0.50), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "p99_ms": round(percentile(times, 0.99), 2),
        "max_ms": round(max(times), 2),
        "statuses": {str(code): n for code, n in sorted(statuses.items())},
    }


def server_times(
    services: Any, mixes: dict[str, list[str]], nct_ids: list[str], warmup: int
) -> dict[str, Any]:
    """Each page kind, one request at a time through the ASGI app; the first ``warmup`` of each
    mix are sent once untimed, the rest timed."""
    from trialbase.api.protection import ProtectionSettings
    from trialbase.server import create_app

    app = create_app(services, ProtectionSettings())
    times: dict[str, Any] = {}

    store_ms: list[float] = []
    found: Counter[int] = Counter()
    for position, nct_id in enumerate(nct_ids):
        started = time.perf_counter()
        document = services.store.current_json_many([nct_id]).get(nct_id)
        if position >= warmup:
            store_ms.append((time.perf_counter() - started) * 1000)
            found[200 if document is not None else 404] += 1
    times["store_read"] = _summary(store_ms, found)

    async def timed(paths: list[str]) -> dict[str, Any]:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for path in paths[:warmup]:
                await client.get(path)
            spent: list[float] = []
            statuses: Counter[int] = Counter()
            for path in paths[warmup:]:
                started = time.perf_counter()
                response = await client.get(path)
                spent.append((time.perf_counter() - started) * 1000)
                statuses[response.status_code] += 1
        return _summary(spent, statuses)

    for name, mix in (("study", "page_study"), ("record_page", "record_page"), ("search", "page_search")):
        print(f"server time: {name}, {len(mixes[mix]) - warmup} requests...", file=sys.stderr, flush=True)
        times[name] = asyncio.run(timed(mixes[mix]))
    print(f"server time: search_page, {len(mixes['search_page']) - warmup} requests...", file=sys.stderr)
    times["search_page"] = asyncio.run(timed(mixes["search_page"]))
    return times


# ---------------------------------------------------------------------------------------------
# The data folder


def prepare_data_dir(args: argparse.Namespace) -> tuple[Path, bool]:
    """The data folder to serve, and whether this run built it (and so removes it)."""
    from bench.search_bench import TrialbaseEngine, location

    data_dir = args.data_dir or Path(location("trialbase", str(args.count)))
    if (data_dir / "trialbase.sqlite").exists():
        print(f"data: {data_dir}", file=sys.stderr)
        return data_dir, False
    if args.data_dir is not None:
        raise SystemExit(f"no store at {data_dir / 'trialbase.sqlite'}")
    if not args.corpus.exists():
        raise SystemExit(f"no corpus at {args.corpus}: build it with `python -m bench.corpus`")
    from bench.peers import read_documents

    print(f"data: building {data_dir} from {args.count:,} studies of {args.corpus}...", file=sys.stderr)
    report = TrialbaseEngine.build(read_documents(args.corpus, args.count), str(data_dir))
    print(f"data: {json.dumps(report)}", file=sys.stderr)
    return data_dir, True


def request_mixes(store: Any, args: argparse.Namespace) -> tuple[dict[str, list[str]], list[str]]:
    """Request paths per kind, and the NCT ids the record mixes use (seeded, from the store)."""
    nct_ids = sample_nct_ids(store.current_id_marks(1), max(args.ids, args.pages + args.page_warmup))
    sampled = store.current_many(nct_ids[:2000])
    conditions = frequent_conditions(list(sampled.values()), 300)
    if not conditions:
        raise SystemExit("the sampled studies name no conditions to search for")
    timed = args.pages + args.page_warmup
    page_conditions = [conditions[n % len(conditions)] for n in range(timed)]
    page_ids = nct_ids[:timed]
    mixes = {
        "static": [STATIC_PATH],
        "study": study_paths(nct_ids[: args.ids]),
        "search": api_search_paths(conditions),
        "record_page": record_page_paths(page_ids),
        "search_page": search_page_paths(page_conditions),
        "page_study": study_paths(page_ids),
        "page_search": api_search_paths(page_conditions),
    }
    return mixes, page_ids


# ---------------------------------------------------------------------------------------------
# The report


def _cell(value: Any, width: int, digits: int = 1) -> str:
    if not isinstance(value, int | float):
        return f"{'-':>{width}}"
    return f"{value:>{width},.{digits}f}" if isinstance(value, float) else f"{value:>{width},}"


LOAD_ROWS = {
    "static": f"static file {STATIC_PATH} (peer)",
    "study": "GET /api/v2/studies/{nctId}",
    "search": "GET /api/v2/studies?query.cond=&pageSize=10",
}
TIME_ROWS = {
    "store_read": ("store.current_json_many([nctId]) (peer)", ""),
    "study": ("GET /api/v2/studies/{nctId}", ""),
    "record_page": ("record page /study/{nctId}", TARGETS["record_page"]),
    "search": ("GET /api/v2/studies?query.cond=&pageSize=10", ""),
    "search_page": ("search page /search?cond=", TARGETS["search_page"]),
}


def report(results: dict[str, Any]) -> None:
    args = results["settings"]
    times, runs = results["server_time"], results["load"]
    print()
    print(
        f"Website and API server time over {results['studies']:,} studies: in process, one request at a "
        f"time, {args['pages']} different pages each after {args['page_warmup']} untimed (ms)"
    )
    print(f"{'request':<46}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}{'non-200':>9}  target, for reading")
    for key, (label, target) in TIME_ROWS.items():
        row = times[key]
        other = sum(n for code, n in row["statuses"].items() if code != "200")
        print(
            f"{label:<46}{_cell(row['p50_ms'], 8, 2)}{_cell(row['p95_ms'], 8, 2)}{_cell(row['p99_ms'], 8, 2)}"
            f"{_cell(row['max_ms'], 8, 1)}{other:>9}  {target}"
        )

    def ratio(top: str, bottom: str) -> str:
        return f"{times[top]['p50_ms'] / max(times[bottom]['p50_ms'], 1e-9):.1f}x"

    print(
        f"p50 ratios: record page / store read {ratio('record_page', 'store_read')}, record page / API "
        f"record {ratio('record_page', 'study')}, search page / API search {ratio('search_page', 'search')}"
    )
    print()
    generator = (
        "wrk" if any(isinstance(r, dict) and r["generator"] == "wrk" for r in runs.values()) else "python"
    )
    print(
        f"API under load: trialbase serve --workers {args['workers']} on 127.0.0.1, load from {generator} "
        f"on the same machine, {args['duration']:g} s after a "
        f"{args['warmup']:g} s warm-up"
    )
    if generator == "python":
        why = "--python-load was given" if args["python_load"] else "wrk is not installed"
        print(
            f"  {why}: the Python load generator stands in; it is slower than the server, so these "
            "figures are its ceiling, not the server's (scripts/ensure_wrk.sh installs wrk)"
        )
    print(
        f"{'request':<46}{'conns':>6}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}  target"
    )
    for key, run in runs.items():
        name, connections = key.split("@")
        label = LOAD_ROWS[name]
        if not isinstance(run, dict):
            print(f"{label:<46}{connections:>6}  failed: {run}")
            continue
        print(
            f"{label:<46}{run['connections']:>6}{_cell(run['requests_per_second'], 10, 0)}"
            f"{_cell(run['p50_ms'], 9, 2)}{_cell(run['p90_ms'], 9, 2)}{_cell(run['p99_ms'], 9, 2)}"
            f"{run['errors'] + run['failed']:>8}  {TARGETS.get(name, '')}"
        )
        others = run.get("other_cores")
        if others is not None and others > BUSY_OTHER_CORES:
            print(
                f"  other processes took {others} of the {os.cpu_count()} cores during the run: "
                "figures are deflated"
            )
    measured = {key: run for key, run in runs.items() if isinstance(run, dict)}
    connections = f"@{args['connections']}"
    if f"static{connections}" in measured:
        ceiling = measured[f"static{connections}"]["requests_per_second"]
        for name in ("study", "search"):
            if f"{name}{connections}" in measured:
                share = measured[f"{name}{connections}"]["requests_per_second"] / max(ceiling, 1e-9)
                print(f"throughput ratio {name} / static file: {share:.2f}")
    print(
        "mean latency ~ connections / throughput (Little's law): p99 at many connections is mostly queueing"
    )


# ---------------------------------------------------------------------------------------------
# The run


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    from bench.search_queries import DEFAULT_CORPUS

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=600_000, help="studies (names the default folders)")
    parser.add_argument("--data-dir", type=Path, help="data folder with trialbase.sqlite and its index")
    parser.add_argument("--corpus", type=Path, help="corpus to build a data folder from, when there is none")
    parser.add_argument("--keep", action="store_true", help="keep a data folder this run built")
    parser.add_argument("--workers", type=int, default=2, help="server processes (trialbase serve --workers)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of each measured load run")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load before each measured run")
    parser.add_argument("--connections", type=int, default=32, help="open connections of each load run")
    parser.add_argument(
        "--search-connections", type=int, default=8, help="connections of a second search run"
    )
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (they share the cores)")
    parser.add_argument(
        "--ids", type=int, default=5000, help="different NCT ids the record load rotates over"
    )
    parser.add_argument("--pages", type=int, default=300, help="pages of each kind timed in process")
    parser.add_argument("--page-warmup", type=int, default=30, help="pages of each kind sent untimed first")
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator, not wrk")
    args = parser.parse_args(argv)
    if args.corpus is None:
        own = OUT / f"corpus-{args.count}.jsonl"
        args.corpus = own if own.exists() else DEFAULT_CORPUS
    for name in ("workers", "connections", "search_connections", "threads", "ids", "pages"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.duration <= 0 or args.warmup <= 0:
        parser.error("--duration and --warmup must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    data_dir, built = prepare_data_dir(args)
    from trialbase.services import Services
    from trialbase.store import Store

    try:
        store = Store.open(f"sqlite:///{data_dir / 'trialbase.sqlite'}")
        services = Services.open(store, data_dir, follow=False)
        try:
            studies = store.count()
            mixes, page_ids = request_mixes(store, args)
            times = server_times(services, mixes, page_ids, args.page_warmup)
        finally:
            services.close()
            store.close()
        with serving(data_dir, args.workers, OUT / "http-bench-server.log") as server:
            runs = load_runs(server, mixes, args)
    finally:
        if built and not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    results = {"studies": studies, "settings": settings, "server_time": times, "load": runs}
    report(results)
    saved = OUT / f"http-bench-{args.count}.json"
    saved.write_text(json.dumps(results, indent=1))
    print(f"\nEvery figure: {saved}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
