"""An HTTP client on the whole application over the ``services`` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.live_server import live_server
from trialbase.server import create_app
from trialbase.services import Services


@pytest.fixture
def http(services: Services) -> Iterator[httpx.Client]:
    """A client on a live server; write studies (and catch the index up) before requesting."""
    with live_server(create_app(services)) as base_url, httpx.Client(base_url=base_url) as client:
        yield client
