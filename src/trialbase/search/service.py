"""Opening the search engine over a store: the index brought up to date, the vocabulary loaded.

Every face (CLI, API, website) opens its engine here, so they all search the same way.
``open_engine`` suits a command that searches once; ``SearchService`` a server: a follower
thread applies the store's change log to the index (so studies written by any process become
searchable within seconds) and the vocabulary is reloaded when a new one is imported.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from trialbase.index.follower import IndexFollower
from trialbase.search.concepts import ConceptIndex
from trialbase.search.engine import SearchEngine, SearchResult
from trialbase.search.request import SearchRequest
from trialbase.store import Store
from trialbase.store.vocabulary_store import VocabularyStore

VOCABULARY_CHECK_SECONDS = 10.0


def open_engine(store: Store, data_dir: Path) -> SearchEngine:
    """An engine over the index under ``data_dir``, built first if there is none, with every
    change the store has seen applied (when this process can take the index writer)."""
    IndexFollower(store, data_dir).catch_up()
    return SearchEngine.open(data_dir, concepts=ConceptIndex.load(store), documents=_documents(store))


def _documents(store: Store) -> Callable[[Sequence[str]], dict[str, dict[str, Any]]]:
    def documents(nct_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        found = {}
        for nct_id in nct_ids:
            stored = store.current(nct_id)
            if stored is not None:
                found[nct_id] = stored.document
        return found

    return documents


class SearchService:
    """A long-lived engine that follows the store (for servers)."""

    def __init__(
        self,
        store: Store,
        data_dir: Path,
        *,
        follow: bool = True,
        poll_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.follower = IndexFollower(store, data_dir, poll_seconds=poll_seconds)
        self.follower.catch_up()
        self._vocabulary = VocabularyStore(store)
        self._vocabulary_version = self._vocabulary.version()
        self.engine = SearchEngine.open(
            data_dir, concepts=ConceptIndex.load(store), documents=_documents(store)
        )
        self._clock = clock
        self._checked = clock()
        self._lock = threading.Lock()
        if follow:
            self.follower.start()

    def search(self, request: SearchRequest) -> SearchResult:
        self._reload_vocabulary_if_changed()
        return self.engine.search(request)

    def _reload_vocabulary_if_changed(self) -> None:
        now = self._clock()
        if now - self._checked < VOCABULARY_CHECK_SECONDS:
            return
        with self._lock:
            self._checked = now
            version = self._vocabulary.version()
            if version != self._vocabulary_version:
                self.engine.concepts = ConceptIndex.load(self.store)
                self._vocabulary_version = version

    def close(self) -> None:
        self.follower.stop()

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
