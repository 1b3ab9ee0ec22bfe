"""The per-client rate limit (429 with Retry-After), CORS for the read-only API, and gzip."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from contextlib import AbstractContextManager

import httpx
import pytest

from tests.factories import full_study
from tests.live_server import live_server
from trialbase.api.protection import ProtectionSettings
from trialbase.api.protection.rate_limit import TokenBuckets
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study

Serve = Callable[[ProtectionSettings], AbstractContextManager[str]]


@pytest.fixture
def serve(store: Store, services: Services) -> Serve:
    """Start the application with these protection settings (a context manager giving its URL)."""
    store.write_batch([prepare_study(full_study())])

    def start(settings: ProtectionSettings) -> AbstractContextManager[str]:
        return live_server(create_app(services, settings))

    return start


def test_the_rate_limit_refuses_a_client_past_its_burst(serve: Serve) -> None:
    # One token per 1,000 minutes: nothing refills while the test runs.
    settings = ProtectionSettings(rate_limit_per_minute=0.001, rate_limit_burst=2, rate_limit_localhost=True)
    with serve(settings) as base_url, httpx.Client(base_url=base_url) as http:
        assert [http.get("/api/ext/changes").status_code for _ in range(2)] == [200, 200]
        refused = http.get("/api/ext/changes")
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "text/plain; charset=utf-8"
        assert int(refused.headers["retry-after"]) >= 59_000
        assert "Too many requests from 127.0.0.1" in refused.text
        assert refused.headers["access-control-allow-origin"] == "*"  # a browser page can read why
        assert http.get("/api/v2/studies/NCT90000002").status_code == 429  # per client, not per path
        assert http.get("/health").status_code == 200  # never counted
        assert http.get("/static/site.css").status_code == 200


def test_this_machine_is_not_rate_limited_by_default(serve: Serve) -> None:
    settings = ProtectionSettings(rate_limit_per_minute=0.001, rate_limit_burst=1)
    with serve(settings) as base_url, httpx.Client(base_url=base_url) as http:
        assert {http.get("/api/ext/changes").status_code for _ in range(5)} == {200}


def test_token_buckets_refill_at_the_rate_and_say_when_to_retry() -> None:
    now = [0.0]
    buckets = TokenBuckets(per_minute=60, burst=3, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(1.0)
    assert buckets.take("b") == 0.0  # another client has its own bucket
    now[0] = 0.5
    assert buckets.take("a") == pytest.approx(0.5)
    now[0] = 1.0
    assert buckets.take("a") == 0.0
    now[0] = 100.0  # refilled, but never past the burst
    assert [buckets.take("a") for _ in range(4)][-1] == pytest.approx(1.0)


def test_cors_lets_any_page_read_the_api(serve: Serve) -> None:
    with serve(ProtectionSettings()) as base_url, httpx.Client(base_url=base_url) as http:
        origin = {"Origin": "https://example.org"}
        for path in (
            "/api/ext/changes",
            "/api/v2/studies/NCT90000002",
            "/api/ext/studies/NCT12345678/history",
        ):
            assert http.get(path, headers=origin).headers["access-control-allow-origin"] == "*", path
        assert http.head("/api/ext/changes", headers=origin).headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-origin" not in http.get("/", headers=origin).headers
        preflight = http.options(
            "/api/ext/changes", headers={**origin, "Access-Control-Request-Method": "GET"}
        )
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == "*"
        assert preflight.headers["access-control-allow-methods"] == "GET, HEAD"
        assert "access-control-allow-credentials" not in preflight.headers


def test_cors_grants_nothing_for_writes(serve: Serve) -> None:
    with serve(ProtectionSettings()) as base_url, httpx.Client(base_url=base_url) as http:
        origin = {"Origin": "https://example.org"}
        preflight = http.options(
            "/api/ext/changes", headers={**origin, "Access-Control-Request-Method": "POST"}
        )
        assert preflight.status_code == 403
        assert "access-control-allow-origin" not in preflight.headers
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = http.request(method, "/api/ext/changes", headers=origin)
            assert "access-control-allow-origin" not in response.headers, method


def test_answers_are_gzipped_for_clients_that_accept_it(serve: Serve) -> None:
    with serve(ProtectionSettings()) as base_url, httpx.Client(base_url=base_url) as http:
        path = "/api/ext/studies/NCT90000002/history/1"
        with http.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as response:
            assert response.headers["content-encoding"] == "gzip"
            compressed = b"".join(response.iter_raw())
        assert httpx.Response(200, content=gzip.decompress(compressed)).json() == full_study()
        plain = http.get(path, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.json() == full_study()
