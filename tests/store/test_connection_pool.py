"""A server's worker threads reuse the store's connections instead of opening one per request."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event

from tests.factories import full_study
from trialbase.store import Store, prepare_study

THREADS = 20  # more than SQLAlchemy's default pool (5 kept, 10 more opened and closed again)


def test_concurrent_readers_reuse_their_connections(store: Store) -> None:
    store.write_batch([prepare_study(full_study())])
    opened: list[Any] = []
    event.listen(store.engine, "connect", lambda connection, _record: opened.append(connection))
    barrier = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def read_together() -> None:
        try:
            with store.engine.connect():  # hold a connection while the others take theirs
                barrier.wait(timeout=30)
                assert store.current_json_many(["NCT90000002"])
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    for _ in range(3):
        threads = [threading.Thread(target=read_together) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    # Each reader held two connections at once at most; none was opened again in later rounds.
    assert 0 < len(opened) <= 2 * THREADS
    rounds_after_first = len(opened)
    threads = [threading.Thread(target=read_together) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(opened) == rounds_after_first
