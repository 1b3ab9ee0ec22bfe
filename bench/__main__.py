"""``make bench``: every benchmark, figures printed, nothing asserted.

    python -m bench                   # 600,000 studies (BENCH_STUDIES to change)
    BENCH_STUDIES=50000 python -m bench

Steps: build the corpus if it is not there yet (bench/out/corpus-N.jsonl, reused between runs),
then import it into a fresh SQLite file and a fresh PostgreSQL database, each in its own process
so the memory figures are the import's own. Then the search benchmark (``bench/search_bench.py``):
Trialbase's engine, PostgreSQL full-text search and SQLite FTS5 over the same corpus and query
mix, with latency ratios and nDCG@10, run with ``--keep`` so that the HTTP benchmark
(``bench/http_bench.py``) serves the very store and index Trialbase's engine was measured on:
server time per website page and API request, then ``trialbase serve --workers 2`` under wrk.
After it, every database the search benchmark kept is dropped. The targets named by the
Foundation, search, API and website issues are shown beside the figures for reading; they are
not pass/fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
TARGETS = {"sqlite": 2000, "postgresql": 1000}  # studies per second, from the Foundation issue
MEMORY_TARGET_MIB = 2048


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], text=True, stdout=subprocess.PIPE, check=False)


def _corpus(count: int) -> Path:
    path = OUT / f"corpus-{count}.jsonl"
    if path.exists():
        print(f"corpus: reusing {path} ({path.stat().st_size / 1e9:.1f} GB)")
        return path
    print(f"corpus: building {count:,} studies into {path}")
    result = subprocess.run(
        [sys.executable, "-m", "bench.corpus", "--count", str(count), "--out", str(path)], check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"the corpus could not be built (exit {result.returncode}); see above")
    return path


def _postgres_reachable() -> bool:
    probe = _run("bench.postgres_probe")
    return probe.returncode == 0


def main() -> int:
    count = int(os.environ.get("BENCH_STUDIES", "600000"))
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = _corpus(count)
    engines = ["sqlite"] + (["postgresql"] if _postgres_reachable() else [])
    if "postgresql" not in engines:
        print("postgresql: not reachable, skipped (start it, or set TRIALBASE_BENCH_POSTGRES_URL)")
    results = []
    for engine in engines:
        print(f"import into {engine}: running...", flush=True)
        run = _run("bench.import_bench", "--engine", engine, "--corpus", str(corpus), "--workdir", str(OUT))
        if run.returncode != 0:
            print(f"import into {engine}: failed (exit {run.returncode})")
            continue
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    print()
    print(f"Import of {count:,} studies (targets from the Foundation issue, for reading, not asserted)")
    header = ("engine", "studies", "seconds", "studies/s", "target", "peak MiB", "target")
    widths = (12, 10, 10, 12, 9, 10, 8)
    print(
        "".join(
            f"{name:<{width}}" if i == 0 else f"{name:>{width}}"
            for i, (name, width) in enumerate(zip(header, widths, strict=True))
        )
    )
    for result in results:
        print(
            f"{result['engine']:<12}{result['studies']:>10,}{result['seconds']:>10}"
            f"{result['studies_per_second']:>12,}{'>= ' + str(TARGETS[result['engine']]):>9}"
            f"{result['peak_memory_mib']:>10,}{'<= ' + str(MEMORY_TARGET_MIB):>8}"
        )
    if len(results) == 2:
        ratio = results[0]["studies_per_second"] / max(results[1]["studies_per_second"], 1)
        print(f"SQLite / PostgreSQL throughput ratio: {ratio:.2f}")
    print()
    print("search: running python -m bench.search_bench (it skips what is not available)", flush=True)
    command = [sys.executable, "-m", "bench.search_bench", "--count", str(count), "--corpus", str(corpus)]
    search = subprocess.run([*command, "--keep"], check=False)
    if search.returncode != 0:
        print(f"search: failed (exit {search.returncode}); see above")
    print()
    print("http: running python -m bench.http_bench over the search benchmark's store and index", flush=True)
    try:
        command = [sys.executable, "-m", "bench.http_bench", "--count", str(count), "--corpus", str(corpus)]
        http = subprocess.run(command, check=False)
        if http.returncode != 0:
            print(f"http: failed (exit {http.returncode}); see above")
    finally:
        _drop_search_databases(count)
    return 0


def _drop_search_databases(count: int) -> None:
    """Remove what the search benchmark kept (``--keep``) for the HTTP benchmark to reuse."""
    from bench.search_bench import SYSTEMS, location, system

    for name in SYSTEMS:
        saved = OUT / f"search-build-{name}-{count}.json"
        if saved.exists() or (name == "trialbase" and Path(location(name, str(count))).exists()):
            try:
                system(name).drop(location(name, str(count)))
            except Exception as error:  # reported; the next run builds afresh anyway
                print(f"search: could not drop the {name} database kept for the HTTP benchmark: {error}")
            saved.unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())
