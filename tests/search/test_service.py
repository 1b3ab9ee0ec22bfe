"""A long-lived search service sees what other processes write, and new vocabularies."""

from __future__ import annotations

import time
from pathlib import Path

from tests.search.conftest import STUDIES, VOCABULARY, study
from trialbase.search.request import SearchRequest
from trialbase.search.service import SearchService
from trialbase.store import Store, prepare_study
from trialbase.store.vocabulary_store import Descriptor, VocabularyStore


def wait_for(predicate, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_study_written_elsewhere_becomes_searchable_within_seconds(
    database_url: str, tmp_path: Path
) -> None:
    store = Store.open(database_url)
    store.write_batch([prepare_study(document) for document in STUDIES])
    writer = Store.open(database_url)  # another process's connection to the same database
    with SearchService(store, tmp_path, poll_seconds=0.2) as service:
        query = SearchRequest(queries={"cond": "gout"})
        assert service.search(query).hits == []
        writer.write_batch([prepare_study(study(7, title="Colchicine for Gout", conditions=["Gout"]))])
        started = time.monotonic()
        assert wait_for(lambda: [hit.nct_id for hit in service.search(query).hits] == ["NCT90000007"])
        assert time.monotonic() - started < 5
    writer.close()
    store.close()


def test_a_new_vocabulary_is_picked_up(database_url: str, tmp_path: Path) -> None:
    store = Store.open(database_url)
    store.write_batch([prepare_study(document) for document in STUDIES])
    now = [0.0]
    with SearchService(store, tmp_path, follow=False, clock=lambda: now[0]) as service:
        request = SearchRequest(queries={"cond": "sleeplessness"})
        assert service.search(request).hits == []
        insomnia = Descriptor(
            "D000007319",
            "Sleep Initiation and Maintenance Disorders",
            ("F03.870.400",),
            ("Insomnia", "Sleeplessness"),
        )
        VocabularyStore(store).replace([*VOCABULARY, insomnia], source="test", version="test-2")
        now[0] = 60.0
        assert [hit.nct_id for hit in service.search(request).hits] == ["NCT90000005"]
    store.close()
