"""Simple charts drawn on the server as inline SVG: no scripts, nothing fetched, text escaped.

One kind of chart covers what the results pages need: horizontal bars, grouped by category, one
bar per series (a group of participants, or "serious"/"other"), each bar labelled with its value so
colour is never the only cue. Negative values (a change from baseline) grow left of a zero line.
The numbers are always also in a table next to the chart, which is the accessible equivalent; the
SVG carries a title and a short description pointing to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
LABEL_WIDTH = 220
VALUE_WIDTH = 90
BAR_HEIGHT = 16
BAR_GAP = 4
CATEGORY_GAP = 14
LEGEND_HEIGHT = 26
SERIES_CLASSES = 6
_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")


@dataclass(frozen=True, slots=True)
class BarChart:
    title: str
    categories: list[str]
    series: list[str]
    values: list[list[float | None]]  # values[category][series]
    texts: list[list[str]]  # how each value is written beside its bar
    unit: str = ""


def number(text: str | None) -> float | None:
    """A record's numeric text as a number (``"12.5"``), or None (``"NA"``, ``"<0.001"``)."""
    if text is None or _NUMBER.match(text) is None:
        return None
    return float(text)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render(chart: BarChart) -> Markup | None:
    """The chart as SVG markup, or None when it has nothing to draw."""
    present = [value for row in chart.values for value in row if value is not None]
    if not present or not chart.categories or not chart.series:
        return None
    low, high = min(0.0, *present), max(0.0, *present)
    span = (high - low) or 1.0
    # Room for the value written beside a bar: left of the plot when a bar grows left, right of it
    # when one grows right (a little anyway, for the dash of a missing value at the zero line).
    plot_left = LABEL_WIDTH + (VALUE_WIDTH if low < 0 else 0)
    plot_width = WIDTH - plot_left - (VALUE_WIDTH if high > 0 else 16)
    zero_x = plot_left + (0 - low) / span * plot_width
    legend = LEGEND_HEIGHT if len(chart.series) > 1 else 0
    parts: list[str] = []
    y = legend + 6
    for index, name in enumerate(chart.categories):
        rows = len(chart.series)
        block = rows * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + block / 2 + 4:.1f}" text-anchor="end">'
            f"<title>{escape(name)}</title>{escape(_short(name))}</text>"
        )
        for series in range(rows):
            value = chart.values[index][series]
            text = chart.texts[index][series]
            bar_y = y + series * (BAR_HEIGHT + BAR_GAP)
            if value is not None:
                start = plot_left + (min(value, 0) - low) / span * plot_width
                width = max(abs(value) / span * plot_width, 1.0)
                parts.append(
                    f'<rect class="bar s{series % SERIES_CLASSES}" x="{start:.1f}" y="{bar_y}" '
                    f'width="{width:.1f}" height="{BAR_HEIGHT}"><title>{escape(name)}, '
                    f"{escape(chart.series[series])}: {escape(text)}</title></rect>"
                )
                text_x = start + width + 4 if value >= 0 else start - 4
                anchor = "start" if value >= 0 else "end"
            else:
                text_x, anchor = zero_x + 4, "start"
            parts.append(
                f'<text class="chart-value" x="{text_x:.1f}" y="{bar_y + BAR_HEIGHT - 4}" '
                f'text-anchor="{anchor}">{escape(text or "–")}</text>'
            )
        y += block + CATEGORY_GAP
    height = y - CATEGORY_GAP + 8
    axis = f'<line class="axis" x1="{zero_x:.1f}" y1="{legend}" x2="{zero_x:.1f}" y2="{height}"/>'
    legend_parts = []
    if legend:
        x = LABEL_WIDTH
        for series, name in enumerate(chart.series):
            legend_parts.append(
                f'<rect class="bar s{series % SERIES_CLASSES}" x="{x}" y="6" width="12" height="12"/>'
                f'<text class="chart-legend" x="{x + 16}" y="16">{escape(_short(name, 28))}</text>'
            )
            x += 24 + min(len(name), 28) * 7
    unit = f" ({chart.unit})" if chart.unit else ""
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(chart.title + unit)}. The same numbers are in the table.">'
        f"{''.join(legend_parts)}{axis}{''.join(parts)}</svg>"
    )
