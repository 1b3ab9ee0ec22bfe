"""Opening the search engine over a store: the index brought up to date, the vocabulary loaded.

Every face (CLI, API, website) opens its engine here, so they all search the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trialbase.index.follower import IndexFollower
from trialbase.search.concepts import ConceptIndex
from trialbase.search.engine import SearchEngine
from trialbase.store import Store


def open_engine(store: Store, data_dir: Path) -> SearchEngine:
    """An engine over the index under ``data_dir``, built first if there is none, with every
    change the store has seen applied (when this process can take the index writer)."""
    IndexFollower(store, data_dir).catch_up()

    def documents(nct_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        found = {}
        for nct_id in nct_ids:
            stored = store.current(nct_id)
            if stored is not None:
                found[nct_id] = stored.document
        return found

    return SearchEngine.open(data_dir, concepts=ConceptIndex.load(store), documents=documents)
