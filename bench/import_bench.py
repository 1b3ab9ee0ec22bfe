"""Import throughput: the benchmark corpus into a fresh SQLite file and a fresh PostgreSQL database.

    python -m bench.import_bench --engine sqlite --corpus bench/out/corpus-600000.jsonl

Runs the same pipeline `trialbase import` runs and prints one JSON line: studies, seconds,
studies per second and the peak memory of this process. `python -m bench` runs it once per engine,
each in its own process so the memory figures do not mix.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from trialbase.ingest.pipeline import import_records
from trialbase.ingest.progress import Progress
from trialbase.ingest.sources import ReadProgress, read_paths
from trialbase.store import Store

POSTGRES_ADMIN_URL = os.environ.get(
    "TRIALBASE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _database(engine: str, workdir: Path) -> tuple[str, object]:
    if engine == "sqlite":
        path = workdir / "import-bench.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", None
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"trialbase_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    return url, (admin, name)


def _drop(handle: object) -> None:
    if handle is None:
        return
    admin, name = handle  # type: ignore[misc]
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run(engine: str, corpus: Path, workdir: Path) -> dict[str, object]:
    url, handle = _database(engine, workdir)
    try:
        store = Store.open(url)
        reading = ReadProgress()
        progress = Progress(f"import into {engine}", interval=10)
        started = time.perf_counter()
        summary = import_records(
            store,
            read_paths([corpus], reading),
            on_progress=lambda s: progress.update(reading.done_bytes, reading.total_bytes, s.counters()),
        )
        seconds = time.perf_counter() - started
        progress.finish()
        store.close()
    finally:
        _drop(handle)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "engine": engine,
        "studies": summary.new,
        "rejected": summary.rejected,
        "seconds": round(seconds, 1),
        "studies_per_second": round(summary.new / seconds),
        "peak_memory_mib": round(peak_mib),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--workdir", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: run `python -m bench.corpus` first", file=sys.stderr)
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(json.dumps(run(args.engine, args.corpus, args.workdir)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
