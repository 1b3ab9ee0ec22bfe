"""Load generators for bench/http_bench.py: ``wrk`` (parsed from its ``--latency`` output) and a
bounded Python stand-in (asyncio + httpx) for machines without wrk.

Both send GET requests for a list of paths in turn, over a fixed number of open connections, for a
fixed time, and stop by themselves; both report a ``Load``. wrk reads the paths from a file (one a
line) through ``bench/wrk/rotate.lua``.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

ROTATE_LUA = Path(__file__).resolve().parent / "wrk" / "rotate.lua"


def write_paths(paths: Sequence[str], file: Path) -> Path:
    """One path a line, for ``bench/wrk/rotate.lua``; a path can hold no line break."""
    for path in paths:
        if not path.startswith("/") or any(c in path for c in "\r\n \t"):
            raise ValueError(f"not a request path wrk can send: {path!r}")
    file.write_text("".join(f"{path}\n" for path in paths))
    return file


@dataclass(frozen=True, slots=True)
class Load:
    """One load run's figures; ``errors`` counts socket errors, ``failed`` non-2xx/3xx answers."""

    generator: str
    connections: int
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    errors: int
    failed: int


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output: str, connections: int) -> Load:
    """The figures in what ``wrk --latency`` prints; ValueError naming what is missing."""

    def find(pattern: str, what: str) -> re.Match[str]:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise ValueError(f"wrk's output has no {what}:\n{output}")
        return match

    percentiles = {
        share: _duration_ms(
            find(rf"^\s+{share}%\s+(\S+)$", f"{share}% latency line (run it with --latency)")[1]
        )
        for share in (50, 90, 99)
    }
    done = find(r"^\s+(\d+) requests in ([\d.]+)(us|ms|s|m|h),", "'N requests in T' line")
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output, re.MULTILINE
    )
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(
        generator="wrk",
        connections=connections,
        requests=int(done[1]),
        seconds=round(_duration_ms(done[2] + done[3]) / 1000, 2),
        requests_per_second=float(find(r"^Requests/sec:\s+([\d.]+)", "Requests/sec line")[1]),
        p50_ms=percentiles[50],
        p90_ms=percentiles[90],
        p99_ms=percentiles[99],
        errors=sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        failed=int(failed[1]) if failed else 0,
    )


def run_wrk(base_url: str, paths: Path, seconds: float, connections: int, threads: int) -> Load:
    command = ["wrk", "--latency", "-t", str(min(threads, connections)), "-c", str(connections)]
    command += ["-d", f"{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(ROTATE_LUA), base_url]
    run = subprocess.run(
        [*command, "--", str(paths)], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if run.returncode != 0:
        raise RuntimeError(f"wrk failed (exit {run.returncode}): {run.stderr.strip() or run.stdout.strip()}")
    return parse_wrk(run.stdout, connections)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (as bench/search_bench.py)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def run_python_load(base_url: str, paths: Sequence[str], seconds: float, connections: int) -> Load:
    """A bounded stand-in for wrk: ``connections`` loops, each sending one request after the other
    until ``seconds`` have passed (each request waits at most 10 s)."""
    latencies: list[float] = []
    errors = failed = 0

    async def run() -> float:
        nonlocal errors, failed
        started = time.perf_counter()
        deadline = started + seconds
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=10) as client:

            async def loop(offset: int) -> None:
                nonlocal errors, failed
                position = offset
                while time.perf_counter() < deadline:
                    path = paths[position % len(paths)]
                    position += 1
                    sent = time.perf_counter()
                    try:
                        response = await client.get(path)
                    except httpx.HTTPError:
                        errors += 1
                        continue
                    latencies.append((time.perf_counter() - sent) * 1000)
                    failed += response.status_code >= 400

            await asyncio.gather(*(loop(n * 7919) for n in range(connections)))
        return time.perf_counter() - started

    elapsed = asyncio.run(run())
    if not latencies:
        raise RuntimeError(f"no request was answered in {seconds:g} s ({errors} errors)")
    return Load(
        generator="python",
        connections=connections,
        requests=len(latencies),
        seconds=round(elapsed, 2),
        requests_per_second=round(len(latencies) / elapsed, 1),
        p50_ms=round(percentile(latencies, 0.50), 2),
        p90_ms=round(percentile(latencies, 0.90), 2),
        p99_ms=round(percentile(latencies, 0.99), 2),
        errors=errors,
        failed=failed,
    )
