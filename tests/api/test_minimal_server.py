"""The minimal server: health, a study's v2 JSON, aliases, errors, and the home page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.factories import full_study, minimal_study
from tests.live_server import free_port, live_server
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study


@pytest.fixture
def client(store: Store, services: Services) -> Iterator[httpx.Client]:
    hostile = minimal_study("NCT90000003")
    hostile["protocolSection"]["identificationModule"]["briefTitle"] = "<script>alert('x')</script> & co"
    store.write_batch([prepare_study(full_study()), prepare_study(hostile, {"synthetic": True})])
    services.search.follower.catch_up()
    with live_server(create_app(services)) as base_url, httpx.Client(base_url=base_url) as http:
        yield http


def test_health_reports_the_study_count(client: httpx.Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["studies"] == 2


def test_a_study_is_served_as_its_stored_v2_json(client: httpx.Client) -> None:
    response = client.get("/api/v2/studies/NCT90000002")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert list(response.json()) == list(full_study())
    assert response.json() == full_study()


def test_nct_ids_are_read_leniently(client: httpx.Client) -> None:
    assert client.get("/api/v2/studies/nct90000002").status_code == 200


def test_an_alias_redirects_permanently(client: httpx.Client) -> None:
    response = client.get("/api/v2/studies/NCT90009999", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"{str(client.base_url).rstrip('/')}/api/v2/studies/NCT90000002"


def test_unknown_and_invalid_ids(client: httpx.Client) -> None:
    missing = client.get("/api/v2/studies/NCT12345678")
    assert missing.status_code == 404
    assert missing.text == "Study NCT12345678 not found"
    invalid = client.get("/api/v2/studies/hello")
    assert invalid.status_code == 400
    assert "is not a valid NCT number" in invalid.text


def test_the_home_page_escapes_record_text_and_labels_synthetic_studies(client: httpx.Client) -> None:
    page = client.get("/").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
    assert "&lt;/script&gt; &amp; co" in page
    assert "synthetic demo data" in page


def test_trialbase_serve_answers_over_http(tmp_path: Path) -> None:
    """The real command, in its own process, on 127.0.0.1."""
    url = f"sqlite:///{tmp_path / 'serve.sqlite'}"
    store = Store.open(url)
    store.write_batch([prepare_study(full_study())])
    store.close()
    port = free_port()
    env = {**os.environ, "TRIALBASE_DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "trialbase", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v2/studies/NCT90000002", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        assert response.status_code == 200
        assert json.loads(response.content) == full_study()
    finally:
        process.terminate()
        process.communicate(timeout=15)
