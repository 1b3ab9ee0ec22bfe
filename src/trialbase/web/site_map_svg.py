"""A study's sites on a map drawn offline: inline SVG over a vendored world outline, no tiles.

The outline is Natural Earth's 1:110m countries in an equirectangular projection (made by
``tools/world_outline.py``); a site at (lat, lon) is simply the point (lon, -lat) scaled. The view
is the box around the sites with a margin (at least a region, at most the world), so one site in
Shanghai shows eastern China rather than a dot on a globe. Each dot carries a ``<title>`` with the
site's name; the figure's text alternative says how many sites there are and where, and the full
list of sites beside the map is the accessible equivalent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup, escape

from trialbase.web.rendering import STATIC_DIR

OUTLINE = STATIC_DIR / "world-110m-outline.json"
MIN_WIDTH_DEGREES = 60.0
MIN_HEIGHT_DEGREES = 30.0
ASPECT = 2.0  # width : height of the drawn view


@dataclass(frozen=True, slots=True)
class MapPoint:
    lat: float
    lon: float
    label: str


@dataclass(frozen=True, slots=True)
class View:
    x: float
    y: float
    width: float
    height: float


@cache
def _outline() -> tuple[str, int]:
    asset = json.loads(OUTLINE.read_text())
    return str(asset["path"]), int(asset["units_per_degree"])


def view_box(points: list[MapPoint]) -> View:
    """The box (in degrees: x = lon, y = -lat) to show: the sites with a margin, shaped 2:1."""
    west, east = min(p.lon for p in points), max(p.lon for p in points)
    south, north = min(p.lat for p in points), max(p.lat for p in points)
    width = max((east - west) * 1.3, MIN_WIDTH_DEGREES)
    height = max((north - south) * 1.3, MIN_HEIGHT_DEGREES)
    width, height = max(width, height * ASPECT), max(height, width / ASPECT)
    width, height = min(width, 360.0), min(height, 180.0)
    centre_x, centre_y = (west + east) / 2, -(south + north) / 2
    x = min(max(centre_x - width / 2, -180.0), 180.0 - width)
    y = min(max(centre_y - height / 2, -90.0), 90.0 - height)
    return View(x, y, width, height)


def site_map(points: list[MapPoint], *, title: str) -> Markup | None:
    """The map as inline SVG markup (every record text escaped), or None when no site has a point."""
    usable = [p for p in points if -90 <= p.lat <= 90 and -180 <= p.lon <= 180]
    if not usable:
        return None
    path, scale = _outline()
    view = view_box(usable)
    radius = view.width * scale / 110
    dots = "".join(
        f'<circle cx="{p.lon * scale:.1f}" cy="{-p.lat * scale:.1f}" r="{radius:.1f}">'
        f"<title>{escape(p.label)}</title></circle>"
        for p in usable
    )
    box = f"{view.x * scale:.1f} {view.y * scale:.1f} {view.width * scale:.1f} {view.height * scale:.1f}"
    return Markup(
        f'<svg class="site-map" xmlns="http://www.w3.org/2000/svg" viewBox="{box}" '
        f'preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="site-map-title">'
        f'<title id="site-map-title">{escape(title)}</title>'
        f'<rect class="sea" x="{view.x * scale:.1f}" y="{view.y * scale:.1f}" '
        f'width="{view.width * scale:.1f}" height="{view.height * scale:.1f}"/>'
        f'<path class="land" d="{path}" vector-effect="non-scaling-stroke"/>'
        f'<g class="sites">{dots}</g></svg>'
    )
