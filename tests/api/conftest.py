"""HTTP fixtures: the whole application over a fresh store and index, served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trialbase.services import Services
from trialbase.store import Store


@pytest.fixture
def services(store: Store, tmp_path: Path) -> Iterator[Services]:
    """Services over the ``store`` fixture (SQLite and PostgreSQL) with an index in ``tmp_path``.

    The follower thread is off: tests call ``services.search.follower.catch_up()`` after writing,
    so what a request sees never depends on timing.
    """
    opened = Services.open(store, tmp_path / "data", follow=False)
    yield opened
    opened.close()
