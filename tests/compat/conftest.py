"""One server for the whole compatibility suite: the app over the corpus, on 127.0.0.1.

The corpus is written once per session to a SQLite store in a temporary directory and indexed
before the server starts; every client test in ``tests/compat`` talks to that server over HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.compat.corpus import corpus
from tests.live_server import live_server
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study


@dataclass(frozen=True)
class CompatServer:
    base_url: str  # e.g. http://127.0.0.1:41234 (the API is under /api/v2)
    documents: list[dict[str, Any]]

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v2"


@pytest.fixture(scope="session")
def compat_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CompatServer]:
    data_dir = tmp_path_factory.mktemp("compat")
    documents = corpus()
    store = Store.open(f"sqlite:///{data_dir / 'studies.sqlite'}")
    store.write_batch([prepare_study(document) for document in documents])
    services = Services.open(store, data_dir / "data", follow=False)
    try:
        with live_server(create_app(services)) as base_url:
            yield CompatServer(base_url=base_url, documents=documents)
    finally:
        services.close()
        store.close()
