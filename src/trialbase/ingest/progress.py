"""Showing how a long job is going: a bar on a terminal, a plain line now and then otherwise."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO

Clock = Callable[[], float]


class Progress:
    """Reports ``done`` of ``total`` (if known) plus named counters.

    On a terminal it redraws one line with a bar at most ten times a second; elsewhere (CI logs,
    pipes) it prints a full line every ``interval`` seconds, so logs stay readable.
    """

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        unit: str = "",
        interval: float = 5.0,
        clock: Clock = time.monotonic,
        enabled: bool = True,
    ) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.unit = unit
        self.enabled = enabled
        self.tty = self.stream.isatty()
        self.interval = 0.1 if self.tty else interval
        self._clock = clock
        self._started = clock()
        self._last = self._started
        self._drawn = False

    def update(
        self, done: float, total: float | None, counters: dict[str, int], *, force: bool = False
    ) -> None:
        now = self._clock()
        if not self.enabled or (not force and now - self._last < self.interval):
            return
        self._last = now
        text = self._line(done, total, counters, now)
        if self.tty:
            width = shutil.get_terminal_size((100, 20)).columns
            self.stream.write("\r" + text[: width - 1].ljust(width - 1))
            self._drawn = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.tty and self._drawn:
            self.stream.write("\n")
            self.stream.flush()

    def _line(self, done: float, total: float | None, counters: dict[str, int], now: float) -> str:
        elapsed = max(now - self._started, 1e-9)
        parts = [self.label]
        if total:
            fraction = min(done / total, 1.0)
            if self.tty:
                filled = int(fraction * 24)
                parts.append("[" + "#" * filled + "." * (24 - filled) + "]")
            parts.append(f"{fraction:6.1%}")
            if 0 < fraction < 1:
                parts.append(f"eta {_duration(elapsed * (1 - fraction) / fraction)}")
        parts.append(", ".join(f"{name} {value:,}" for name, value in counters.items()))
        read = counters.get("read")
        if read:
            parts.append(f"({read / elapsed:,.0f}/s)")
        parts.append(f"{_duration(elapsed)} elapsed")
        return "  ".join(part for part in parts if part)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
