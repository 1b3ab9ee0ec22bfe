"""How much CPU other processes took while a load run was measured (Linux ``/proc``).

A load run keeps the machine busy by itself (the server's workers and the load generator), so
the load average says nothing about interference: it is high in every run. What matters is the
CPU time taken by everything else, which is the machine's busy time minus the server's process
tree and this process with its finished children (the load generator). ``CpuShare`` measures
that over a block; ``other_cores`` is None where ``/proc`` is missing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

PROC = Path("/proc")
_CLOCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
BUSY_OTHER_CORES = 0.25  # other processes taking a quarter of a core deflate the figures


def machine_seconds() -> float | None:
    """CPU seconds all cores have spent busy since boot (steal time left out), or None."""
    try:
        fields = (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(value) for value in fields[:7])
    return (user + nice + system + irq + softirq) / _CLOCK


def tree_seconds(root: int) -> float:
    """CPU seconds of process ``root`` and every process below it that is still running."""
    parents: dict[int, int] = {}
    spent: dict[int, float] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (command) "
        parents[int(entry.name)] = int(fields[1])
        spent[int(entry.name)] = (int(fields[11]) + int(fields[12])) / _CLOCK  # utime, stime
    total, pending = 0.0, [root]
    while pending:
        pid = pending.pop()
        total += spent.get(pid, 0.0)
        pending.extend(child for child, parent in parents.items() if parent == pid)
    return total


def own_seconds() -> float:
    """This process's CPU seconds with its finished children's (``os.times``)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class CpuShare:
    """``with CpuShare(server_pid) as share: ...`` then ``share.other_cores``."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.other_cores: float | None = None

    def _snapshot(self) -> tuple[float | None, float, float, float]:
        return machine_seconds(), tree_seconds(self.server_pid), own_seconds(), time.monotonic()

    def __enter__(self) -> CpuShare:
        self._start = self._snapshot()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        machine, server, own, now = self._snapshot()
        machine_before, server_before, own_before, started = self._start
        if machine is None or machine_before is None or now <= started:
            return
        others = (machine - machine_before) - (server - server_before) - (own - own_before)
        self.other_cores = round(max(0.0, others) / (now - started), 2)


def wait_until_idle(
    root: int, *, quiet_seconds: float = 0.05, window: float = 0.5, limit: float = 300.0
) -> float:
    """Wait until process ``root`` and its children use less than ``quiet_seconds`` of CPU in a
    ``window`` (a server's workers done starting: each loads the index and the vocabulary, and
    the first one up already answers /health); returns the seconds waited."""
    started = time.monotonic()
    before = tree_seconds(root)
    while time.monotonic() - started < limit:
        time.sleep(window)
        now = tree_seconds(root)
        if now - before < quiet_seconds:
            break
        before = now
    return time.monotonic() - started
