"""Index documents made by worker processes are the ones the serial path makes, in order."""

from __future__ import annotations

import pytest

from tests.factories import full_study, minimal_study
from tests.index.conftest import write
from trialbase.index import parallel_build
from trialbase.index.parallel_build import index_payloads
from trialbase.store import Store


def test_worker_processes_make_the_same_documents_in_nct_order(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(store, full_study("NCT90000050"), *(minimal_study(f"NCT900000{n:02d}") for n in range(1, 30)))
    serial = [payload for batch in index_payloads(store, workers=1) for payload in batch]
    monkeypatch.setattr(parallel_build, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel_build, "RANGE_SIZE", 7)
    batches = list(index_payloads(store, workers=2))
    assert [len(batch) for batch in batches] == [7, 7, 7, 7, 2]
    assert [payload for batch in batches for payload in batch] == serial
    assert len(serial) == 30


def test_an_in_memory_store_is_built_serially(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open("sqlite://")
    try:
        write(store, minimal_study("NCT90000001"))
        monkeypatch.setattr(parallel_build, "PARALLEL_FROM", 0)
        assert [len(batch) for batch in index_payloads(store, workers=2)] == [1]
    finally:
        store.close()
