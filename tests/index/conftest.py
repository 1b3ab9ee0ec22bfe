"""Fixtures for the index tests: an SQLite store, a data folder, and a way to ask the index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tantivy

from tests.conftest import FakeClock
from trialbase.store import Store, prepare_study


@pytest.fixture
def index_store(sqlite_url: str, clock: FakeClock) -> Iterator[Store]:
    opened = Store.open(sqlite_url, clock=clock)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def write(store: Store, *documents: dict[str, Any]) -> list[str]:
    return [
        outcome.kind for outcome in store.write_batch([prepare_study(document) for document in documents])
    ]


def matching(searcher: tantivy.Searcher, schema: tantivy.Schema, field: str, value: Any) -> list[str]:
    """The NCT ids of the documents holding ``value`` (an exact term) in ``field``."""
    query = tantivy.Query.term_query(schema, field, value)
    hits = searcher.search(query, limit=1000).hits
    return sorted(searcher.doc(address)["nct_id"][0] for _, address in hits)
