"""``Store.current_many``: a page of current documents in one query, on every engine."""

from __future__ import annotations

from tests.factories import changed, full_study, minimal_study
from trialbase.store import Store, prepare_study


def test_current_many_returns_each_current_document_once(store: Store) -> None:
    first = full_study("NCT90000002", last_update="2024-05-02")
    store.write_batch([prepare_study(first), prepare_study(minimal_study("NCT90000001"))])
    newer = changed(first, last_update="2024-06-01")
    store.write_batch([prepare_study(newer)])

    found = store.current_many(["NCT90000002", "NCT90000001", "NCT90000002", "NCT99999999"])

    assert set(found) == {"NCT90000001", "NCT90000002"}
    assert found["NCT90000002"] == newer  # the current version, not the first
    assert list(found["NCT90000002"]) == list(newer)  # key order kept
    assert found["NCT90000001"] == minimal_study("NCT90000001")


def test_current_many_of_nothing_is_empty(store: Store) -> None:
    assert store.current_many([]) == {}
    assert store.current_many(["NCT99999999"]) == {}
