"""Index documents for a rebuild, made by worker processes when the store is large.

Building a study's index document is Python work (about half a millisecond a study), so a
rebuild of 600,000 studies spends minutes in one interpreter while tantivy's threads wait. Here
worker processes each open the store, read a range of NCT ids and return the documents as
JSON; the building process only hands them to the index writer. Ranges come back in NCT id
order, so the index is the same whichever way it was built. Small stores, in-memory
databases and ``workers=1`` take the serial path: starting processes costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult

from trialbase.index.documents import document_json
from trialbase.store import Store

# Studies per task: enough to amortise the round trip. Each range in flight holds its documents'
# JSON (some 40 MB per 1,000 studies): at 2,000 a 600,000-study build peaked at 2,072 MiB, at
# 1,000 at 1,913 MiB, in the same time (483 s against 486 s).
RANGE_SIZE = 1000
PARALLEL_FROM = 20_000  # studies; below this the serial path is quicker
DEFAULT_WORKERS = max(1, min(os.cpu_count() or 1, 8))
IN_FLIGHT = 2  # ranges per worker queued or being built while the writer indexes

_worker_store: Store | None = None


def index_payloads(store: Store, *, workers: int = DEFAULT_WORKERS) -> Iterator[list[str]]:
    """Every current study's index document as JSON, in NCT id order, in batches."""
    if workers <= 1 or not _reopenable(store) or store.count() < PARALLEL_FROM:
        yield from _serial(store)
        return
    marks = store.current_id_marks(RANGE_SIZE)
    ranges = iter(zip(["", *marks[:-1]], marks, strict=True))
    context = multiprocessing.get_context("spawn")  # no fork: the caller may hold threads
    with context.Pool(workers, initializer=_open_store, initargs=(store.url,)) as pool:
        # A bounded window of ranges in flight: Pool.imap would run ahead of the index writer
        # and pile finished batches up in memory (gigabytes at 600,000 studies).
        pending: deque[AsyncResult[list[str]]] = deque(
            pool.apply_async(_build_range, (bounds,)) for bounds in islice(ranges, IN_FLIGHT * workers)
        )
        while pending:
            batch = pending.popleft().get()
            following = next(ranges, None)
            if following is not None:
                pending.append(pool.apply_async(_build_range, (following,)))
            yield batch


def _serial(store: Store) -> Iterator[list[str]]:
    batch: list[str] = []
    for stored in store.iter_current():
        batch.append(document_json(stored.document, nct_id=stored.nct_id))
        if len(batch) == RANGE_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _reopenable(store: Store) -> bool:
    """Whether another process can open the same database (not an in-memory SQLite one)."""
    url = store.engine.url
    return not (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"))


def _open_store(url: str) -> None:
    global _worker_store
    _worker_store = Store.open(url, migrate=False)


def _build_range(bounds: tuple[str, str]) -> list[str]:
    assert _worker_store is not None, "the worker's store is opened by the pool initializer"
    after, until = bounds
    return [
        document_json(stored.document, nct_id=stored.nct_id)
        for stored in _worker_store.iter_current(after=after, until=until)
    ]
