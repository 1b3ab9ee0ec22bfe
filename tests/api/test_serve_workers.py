"""``trialbase serve --workers N`` and the application factory its worker processes call."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tests.factories import full_study, minimal_study
from tests.live_server import free_port
from trialbase.cli import cli
from trialbase.server import app_from_environment
from trialbase.store import SchemaOutOfDate, Store, prepare_study


def _data_dir_with_studies(tmp_path: Path, *nct_ids: str) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = Store.open(f"sqlite:///{data_dir / 'trialbase.sqlite'}")
    store.write_batch([prepare_study(full_study()), *(prepare_study(minimal_study(n)) for n in nct_ids)])
    store.close()
    return data_dir


def test_the_factory_serves_the_store_the_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = _data_dir_with_studies(tmp_path, "NCT90000003")
    monkeypatch.setenv("TRIALBASE_DATA_DIR", str(data_dir))
    monkeypatch.delenv("TRIALBASE_DATABASE_URL", raising=False)
    app = app_from_environment()

    async def requests() -> list[httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
                return [
                    await http.get("/health"),
                    await http.get("/api/v2/studies/NCT90000002"),
                    await http.get("/api/v2/studies", params={"query.term": "NCT90000003"}),
                ]

    health, study, found = asyncio.run(requests())
    assert health.json()["studies"] == 2
    assert study.status_code == 200
    assert study.json() == full_study()
    listed = [s["protocolSection"]["identificationModule"]["nctId"] for s in found.json()["studies"]]
    assert listed == ["NCT90000003"]


def test_the_factory_refuses_a_store_whose_schema_is_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers never migrate (they would race); an empty database names the command that does."""
    monkeypatch.setenv("TRIALBASE_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    monkeypatch.setenv("TRIALBASE_DATA_DIR", str(tmp_path))
    with pytest.raises(SchemaOutOfDate, match="trialbase db upgrade"):
        app_from_environment()


def test_workers_must_be_at_least_one() -> None:
    result = CliRunner().invoke(cli, ["serve", "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output
    assert "0 is not in the range x>=1" in result.output


def _spawned_workers(pid: int) -> list[int]:
    """Child processes of ``pid`` started by multiprocessing's spawn (uvicorn's workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
    ]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from /proc (Linux)")
def test_serve_with_two_workers_answers_from_two_processes(tmp_path: Path) -> None:
    data_dir = _data_dir_with_studies(tmp_path, "NCT90000003")
    port = free_port()
    env = {**os.environ, "TRIALBASE_DATA_DIR": str(data_dir)}
    env.pop("TRIALBASE_DATABASE_URL", None)
    command = [sys.executable, "-m", "trialbase", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
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
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            for _ in range(20):
                assert http.get("/api/v2/studies/NCT90000003").status_code == 200
        assert len(_spawned_workers(process.pid)) == 2
    finally:
        process.terminate()
        stdout, _ = process.communicate(timeout=30)
    assert b"with 2 worker processes" in stdout
