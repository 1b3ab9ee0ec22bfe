"""The HTTP benchmark's interference measure: CPU taken by processes other than the server's
and the benchmark's own, over a block."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from bench.cpu_share import PROC, CpuShare, tree_seconds, wait_until_idle

pytestmark = pytest.mark.skipif(not (PROC / "stat").exists(), reason="needs Linux /proc")

BUSY = [sys.executable, "-c", "while True: pass"]
IDLE = [sys.executable, "-c", "import time; time.sleep(60)"]
BUSY_PARENT = [sys.executable, "-c", f"import subprocess; subprocess.run({BUSY!r})"]


@contextmanager
def running(command: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    """The command in a session of its own, killed with everything it started."""
    process = subprocess.Popen(command, start_new_session=True)
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_a_busy_process_counts_as_other_unless_it_is_in_the_servers_tree() -> None:
    with running(IDLE) as server, running(BUSY), CpuShare(server.pid) as beside:
        time.sleep(1.5)
    with running(BUSY_PARENT) as server:
        time.sleep(0.3)  # its busy child has started
        before = tree_seconds(server.pid)
        with CpuShare(server.pid) as inside:
            time.sleep(1.5)
        assert tree_seconds(server.pid) - before > 0.5  # the child's time is the server's
    assert beside.other_cores is not None
    assert inside.other_cores is not None
    # Whatever else the machine is doing shows in both; the busy loop only beside the server.
    assert beside.other_cores - inside.other_cores > 0.4


def test_waiting_for_a_server_to_settle_waits_out_its_busy_start() -> None:
    starting = [
        sys.executable,
        "-c",
        "import time\nend = time.monotonic() + 1.5\nwhile time.monotonic() < end: pass\ntime.sleep(60)",
    ]
    with running(starting) as server:
        waited = wait_until_idle(server.pid)
        assert waited >= 1.0  # it waited for the busy start to end
    with running(IDLE) as server:
        assert wait_until_idle(server.pid) < 3.0  # an idle server is ready after a window or two
