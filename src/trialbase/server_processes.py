"""``trialbase serve --workers N``: N server processes, each listening on a socket of its own.

uvicorn's own multi-process mode shares one listening socket, and the worker that wakes first
accepts every connection waiting. A client that opens its connections together (a proxy filling
its pool, a load generator) gets them all on one worker while the other idles, for as long as
they are kept alive. With 8 connections, the HTTP benchmark's searches ran at about 250 requests
a second whenever all 8 landed on one worker, and at 340 to 380 when both had some. Here each
worker binds its own socket to the address with ``SO_REUSEPORT``, and the kernel spreads new
connections over the workers' sockets (Linux). Elsewhere uvicorn's own mode is used
(``balanced()``); decision 0021.

The parent process only supervises: it holds the port with a socket bound but never listening
(so it is given no connections, and a second server on the same port fails at once, as with
uvicorn), starts a new worker when one dies, and stops them all on SIGINT or SIGTERM.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from multiprocessing.process import BaseProcess
from types import FrameType

APP = "trialbase.server:app_from_environment"
STARTUP_FAILURE = 3  # uvicorn's exit code for a worker that could not start serving
STARTUP_SECONDS = 5.0  # a worker dying sooner than this after its start failed to start
CHECK_SECONDS = 0.5
STOP_SECONDS = 30.0


class AddressInUse(OSError):
    """The address is taken by another server."""


def balanced() -> bool:
    """Whether the kernel spreads connections over sockets sharing a port (Linux's SO_REUSEPORT)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def serve_workers(workers: int, host: str, port: int, log_level: str = "warning") -> int:
    """Run ``workers`` server processes until SIGINT or SIGTERM; the exit code for the command."""
    with _holding(host, port):
        stop = threading.Event()
        context = multiprocessing.get_context("spawn")

        def start() -> tuple[BaseProcess, float]:
            process = context.Process(target=_worker, args=(host, port, log_level), name="trialbase-worker")
            process.start()
            return process, time.monotonic()

        def on_signal(_signum: int, _frame: FrameType | None) -> None:
            stop.set()

        previous = {number: signal.signal(number, on_signal) for number in (signal.SIGINT, signal.SIGTERM)}
        running = [start() for _ in range(workers)]
        exit_code = 0
        try:
            while not stop.wait(CHECK_SECONDS):
                for position, (process, started_at) in enumerate(running):
                    if process.is_alive():
                        continue
                    process.join()
                    if process.exitcode == STARTUP_FAILURE or time.monotonic() - started_at < STARTUP_SECONDS:
                        # It would fail the same way again: stop rather than restart it forever.
                        exit_code = STARTUP_FAILURE
                        stop.set()
                        break
                    running[position] = start()
        finally:
            _stop_all([process for process, _ in running])
            for number, handler in previous.items():
                signal.signal(number, handler)
        return exit_code


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to the address with SO_REUSEPORT (a worker's own; uvicorn listens on it)."""
    sock = _bindable(host)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


@contextlib.contextmanager
def _holding(host: str, port: int) -> Iterator[None]:
    # Bound without SO_REUSEPORT first: this fails if anything at all has the port, where a
    # SO_REUSEPORT bind would succeed beside another server of the same user and share its
    # connections with it.
    probe = _bindable(host)
    try:
        probe.bind((host, port))
    except OSError as error:
        raise AddressInUse(error.errno, f"cannot listen on {host}:{port}: {error.strerror}") from None
    finally:
        probe.close()
    holder = listening_socket(host, port)
    try:
        yield
    finally:
        holder.close()


def _bindable(host: str) -> socket.socket:
    """A TCP socket for ``host`` (IPv6 when it holds a colon) that may rebind a port in TIME_WAIT."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    return sock


def _stop_all(processes: list[BaseProcess]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM: uvicorn finishes the requests under way, then exits
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def _worker(host: str, port: int, log_level: str) -> None:
    import uvicorn

    sock = listening_socket(host, port)
    config = uvicorn.Config(APP, factory=True, host=host, port=port, log_level=log_level)
    uvicorn.Server(config).run(sockets=[sock])
