"""Progress display: a redrawn bar on a terminal, plain lines every few seconds otherwise."""

from __future__ import annotations

import io

from trialbase.ingest.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_terminal_gets_one_redrawn_line_with_a_bar() -> None:
    stream, clock = Terminal(), Ticks()
    progress = Progress("importing", stream=stream, clock=clock)
    for step in range(1, 5):
        clock.now = step * 1.0
        progress.update(step * 25, 100, {"read": step * 10, "rejected": 0})
    progress.finish()
    text = stream.getvalue()
    assert text.count("\r") == 4
    assert "[############............]   50.0%" in text
    assert "read 40, rejected 0" in text
    assert "(10/s)" in text
    assert text.endswith("\n")


def test_a_log_gets_a_plain_line_every_interval() -> None:
    stream, clock = io.StringIO(), Ticks()
    progress = Progress("importing", stream=stream, clock=clock, interval=5)
    for second in range(1, 21):
        clock.now = float(second)
        progress.update(second, 20, {"read": second})
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4  # at 5, 10, 15 and 20 seconds
    assert "\r" not in stream.getvalue()
    assert lines[-1].startswith("importing  100.0%  read 20  (1/s)  20s elapsed")


def test_unknown_totals_show_counts_only_and_disabled_progress_prints_nothing() -> None:
    stream, clock = io.StringIO(), Ticks()
    progress = Progress("syncing", stream=stream, clock=clock, interval=1)
    clock.now = 2.0
    progress.update(7, None, {"read": 7})
    assert stream.getvalue() == "syncing  read 7  (4/s)  2s elapsed\n"
    silent = io.StringIO()
    off = Progress("x", stream=silent, clock=clock, enabled=False)
    off.update(1, 1, {"read": 1}, force=True)
    assert silent.getvalue() == ""
