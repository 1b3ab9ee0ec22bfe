from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ingest.fake_ctgov import FakeCtgov


@pytest.fixture
def fake_ctgov() -> Iterator[FakeCtgov]:
    """A fake ClinicalTrials.gov API v2 server on 127.0.0.1, with no studies until a test adds some."""
    server = FakeCtgov()
    server.start()
    try:
        yield server
    finally:
        server.stop()
