"""``trialbase serve --workers N`` and the application factory its worker processes call."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tests.factories import full_study, minimal_study
from tests.live_server import free_port
from trialbase import server_processes
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


LINUX_PROC = pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="reads worker processes from /proc (Linux)"
)


@contextlib.contextmanager
def _serving(data_dir: Path, workers: int) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``trialbase serve --workers N`` over ``data_dir`` on a free port, once it answers."""
    port = free_port()
    env = {**os.environ, "TRIALBASE_DATA_DIR": str(data_dir)}
    env.pop("TRIALBASE_DATABASE_URL", None)
    command = [sys.executable, "-m", "trialbase", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_until_answering(process, port)
        yield process, port
    finally:
        if process.poll() is None:
            process.terminate()
        process.communicate(timeout=60)


def _wait_until_answering(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.2)


def _listening_sockets(port: int) -> set[str]:
    """Inodes of the IPv4 sockets listening on ``port`` (/proc/net/tcp, state 0A)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return {
        fields[9]
        for fields in (row.split() for row in rows)
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A"
    }


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(descriptor)
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    return inodes


@LINUX_PROC
def test_serve_with_two_workers_answers_from_two_processes(tmp_path: Path) -> None:
    data_dir = _data_dir_with_studies(tmp_path, "NCT90000003")
    with _serving(data_dir, 2) as (process, port):
        response = httpx.get(f"http://127.0.0.1:{port}/api/v2/studies/NCT90000002", timeout=10)
        assert response.status_code == 200
        assert json.loads(response.content) == full_study()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            for _ in range(20):
                assert http.get("/api/v2/studies/NCT90000003").status_code == 200
        assert len(_spawned_workers(process.pid)) == 2
        process.terminate()
        stdout, _ = process.communicate(timeout=60)
    assert b"with 2 worker processes" in stdout


@LINUX_PROC
def test_each_worker_listens_on_a_socket_of_its_own(tmp_path: Path) -> None:
    """So the kernel spreads connections over the workers, rather than the first to wake taking
    every connection that arrives together (trialbase.server_processes)."""
    data_dir = _data_dir_with_studies(tmp_path)
    with _serving(data_dir, 2) as (process, port):
        workers = _spawned_workers(process.pid)
        assert len(workers) == 2
        deadline = time.monotonic() + 60  # /health answers once the first worker listens
        while len(listening := _listening_sockets(port)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(listening) == 2
        owned = [_socket_inodes(worker) & listening for worker in workers]
        assert all(len(inodes) == 1 for inodes in owned)
        assert owned[0] != owned[1]
        assert not _socket_inodes(process.pid) & listening  # the parent takes no connections


@LINUX_PROC
def test_a_worker_that_dies_is_replaced(tmp_path: Path) -> None:
    data_dir = _data_dir_with_studies(tmp_path)
    with _serving(data_dir, 2) as (process, port):
        first, second = _spawned_workers(process.pid)
        time.sleep(server_processes.STARTUP_SECONDS)  # a worker dying sooner is a failed start
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while set(workers := _spawned_workers(process.pid)) in ({first, second}, {second}):
            assert time.monotonic() < deadline, "no new worker"
            time.sleep(0.2)
        assert second in workers
        assert len(workers) == 2
        _wait_until_answering(process, port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            assert all(http.get("/health").status_code == 200 for _ in range(10))


def test_a_port_in_use_is_refused_with_the_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = _data_dir_with_studies(tmp_path)
    monkeypatch.setenv("TRIALBASE_DATA_DIR", str(data_dir))
    monkeypatch.delenv("TRIALBASE_DATABASE_URL", raising=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--workers", "2"])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
