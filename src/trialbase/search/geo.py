"""Distance search: studies with a site within a radius, and each hit's nearest site.

The index holds, for every site with coordinates, the geohash cells containing it at
precisions 2 to 6 (``geo_cell``), plus the packed site coordinates (``sites``). A circle is
covered by cells: coarse cells wholly inside it, and along its edge cells refined down to
precision 6 (about 1.2 × 0.6 km). A study in an inside cell certainly matches; one only in
edge cells is checked exactly against its sites' coordinates. Totals are therefore exact,
and the exact checks concern only the thin band along the edge.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np

from trialbase.index.geohash import ALPHABET, GEO_PRECISIONS, bounds, encode
from trialbase.index.sites import Site, site_count, site_points
from trialbase.search.essie import Distance, DistanceUnit

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
FINEST = max(GEO_PRECISIONS)
COARSEST = min(GEO_PRECISIONS)
MAX_CELLS = 12_000


@dataclass(frozen=True, slots=True)
class Circle:
    lat: float
    lon: float
    radius_km: float

    @classmethod
    def from_distance(cls, node: Distance) -> Circle:
        miles = node.unit is None or node.unit is DistanceUnit.MILES
        radius = float(node.radius) * (KM_PER_MILE if miles else 1.0)
        return cls(float(node.latitude), float(node.longitude), radius)

    def distance_km(self, lat: float, lon: float) -> float:
        return haversine_km(self.lat, self.lon, lat, lon)


@dataclass(frozen=True, slots=True)
class Covering:
    inside: tuple[str, ...]  # index terms ("4:dr5r") of cells wholly inside the circle
    edge: tuple[str, ...]  # finest cells the edge crosses: their studies need an exact check


@dataclass(frozen=True, slots=True)
class NearestSite:
    index: int  # position in contactsLocationsModule.locations
    distance_km: float

    @property
    def distance_mi(self) -> float:
        return self.distance_km / KM_PER_MILE


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1 = math.radians(lat1)
    return _km(_haversine(phi1, math.cos(phi1), math.radians(lat2), math.radians(lon2 - lon1)))


def _haversine(
    phi0: float, cos_phi0: float, phi: Any, dlambda: Any, *, sin: Any = math.sin, cos: Any = math.cos
) -> Any:
    """``sin²(d / 2R)`` between two points (radians): ordered like the distance ``d`` itself, so
    comparisons can skip the square root and arc sine (``_km`` takes them). Over arrays of points
    with ``sin=np.sin, cos=np.cos``."""
    return sin((phi - phi0) / 2) ** 2 + cos_phi0 * cos(phi) * sin(dlambda / 2) ** 2


def _limit(km: float) -> float:
    """The haversine of a distance: ``_haversine(...) <= _limit(r)`` means within ``r`` km."""
    return math.sin(km / EARTH_RADIUS_KM / 2) ** 2


def _km(haversine: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(haversine)))


@lru_cache(maxsize=256)
def cover(circle: Circle) -> Covering:
    """Cells covering the circle: coarse inside, finest along the edge (cached: a covering
    costs tens of thousands of distance tests, and searches around a place repeat).

    The edge is refined one precision at a time, all of it together, while the covering stays
    within ``MAX_CELLS``: a uniformly fine edge keeps the studies that need an exact check few
    (a radius of 200 km needs about 8,000 cells to reach the finest precision). A wider circle
    stops at a coarser edge: still exact, with more studies to check once.
    """
    test = _CellTest(circle)
    start = _start_precision(circle.radius_km)
    inside, edge = test.split([(cell, bounds(cell)) for cell in _cells_over_box(circle, start)])
    precision = start
    while edge and precision < FINEST:
        finer_inside, finer_edge = test.split([child for cell, box in edge for child in _children(cell, box)])
        if len(inside) + len(finer_inside) + len(finer_edge) > MAX_CELLS:
            break
        inside += finer_inside
        edge = finer_edge
        precision += 1
    return Covering(
        tuple(sorted(f"{len(cell)}:{cell}" for cell, _ in inside)),
        tuple(sorted(f"{len(cell)}:{cell}" for cell, _ in edge)),
    )


_Box = tuple[float, float, float, float]  # lat_low, lat_high, lon_low, lon_high, as ``bounds``


class _CellTest:
    """Whether a cell lies wholly inside the circle, partly, or not at all.

    Compares haversines (``sin²(d / 2R)``) rather than distances. The farthest point of a
    latitude-longitude box from the centre is one of its corners; the nearest is taken by
    clamping the centre into the box, which can be a few metres off on a sphere, so a cell
    counts as outside only beyond a small margin.
    """

    MARGIN_KM = 0.05

    def __init__(self, circle: Circle) -> None:
        self.lat = math.radians(circle.lat)
        self.lon = circle.lon
        self.cos_lat = math.cos(self.lat)
        self.within = _limit(circle.radius_km)
        self.beyond = _limit(circle.radius_km + self.MARGIN_KM)

    def split(
        self, cells: Iterable[tuple[str, _Box]]
    ) -> tuple[list[tuple[str, _Box]], list[tuple[str, _Box]]]:
        """The cells wholly inside, and the cells the edge crosses (the rest are dropped)."""
        inside: list[tuple[str, _Box]] = []
        edge: list[tuple[str, _Box]] = []
        lat0, cos0, within, beyond = self.lat, self.cos_lat, self.within, self.beyond
        radians = math.radians
        for item in cells:
            lat_low, lat_high, lon_low, lon_high = item[1]
            # Longitudes relative to the centre's, wrapped into [-180, 180).
            middle = (lon_low + lon_high) / 2
            half = (lon_high - lon_low) / 2
            offset = ((middle - self.lon + 180.0) % 360.0) - 180.0
            near_lon = 0.0 if abs(offset) <= half else abs(offset) - half
            near_lat = min(max(lat0, radians(lat_low)), radians(lat_high))
            if _haversine(lat0, cos0, near_lat, radians(near_lon)) > beyond:
                continue
            far_lon = radians(min(abs(offset) + half, 180.0))
            far = max(_haversine(lat0, cos0, radians(lat), far_lon) for lat in (lat_low, lat_high))
            (inside if far <= within else edge).append(item)
        return inside, edge


def _child_steps(lon_first: bool) -> list[tuple[int, int]]:
    """For each base-32 character, the (lat, lon) step of the child cell it names."""
    steps = []
    for value in range(32):
        bits = [(value >> shift) & 1 for shift in range(4, -1, -1)]
        first, second = bits[0::2], bits[1::2]  # bits 1, 3, 5 and bits 2, 4
        lon_bits, lat_bits = (first, second) if lon_first else (second, first)
        steps.append((_number(lat_bits), _number(lon_bits)))
    return steps


def _number(bits: list[int]) -> int:
    value = 0
    for bit in bits:
        value = value * 2 + bit
    return value


# A geohash character alternates longitude and latitude bits, starting with longitude when the
# cell's length is even (5 × length bits before it): 8 × 4 children then, 4 × 8 after an odd length.
_CHILD_STEPS = {True: _child_steps(lon_first=True), False: _child_steps(lon_first=False)}


def _children(cell: str, box: _Box) -> Iterator[tuple[str, _Box]]:
    """The 32 cells one character finer, each with its box (as ``bounds`` gives it)."""
    lat_low, lat_high, lon_low, lon_high = box
    lon_first = len(cell) % 2 == 0
    lat_parts, lon_parts = (4, 8) if lon_first else (8, 4)
    lat_step = (lat_high - lat_low) / lat_parts
    lon_step = (lon_high - lon_low) / lon_parts
    for char, (lat_index, lon_index) in zip(ALPHABET, _CHILD_STEPS[lon_first], strict=True):
        south = lat_low + lat_index * lat_step
        west = lon_low + lon_index * lon_step
        yield cell + char, (south, south + lat_step, west, west + lon_step)


def _start_precision(radius_km: float) -> int:
    # The coarsest precision whose cells are not much larger than the circle.
    heights = {2: 625.0, 3: 156.0, 4: 19.5, 5: 4.9, 6: 0.61}
    for precision in sorted(heights):
        if precision >= COARSEST and heights[precision] <= radius_km * 2:
            return precision
    return FINEST


def _cells_over_box(circle: Circle, precision: int) -> Iterable[str]:
    lat_span = math.degrees(circle.radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(circle.lat)), 0.01)
    lon_span = min(180.0, lat_span / cos_lat)
    south, north = max(-90.0, circle.lat - lat_span), min(90.0, circle.lat + lat_span)
    lat_low, lat_high, lon_low, lon_high = bounds(encode(circle.lat, circle.lon, precision))
    step_lat, step_lon = (lat_high - lat_low) * 0.999, (lon_high - lon_low) * 0.999
    seen: set[str] = set()
    lat = south
    while lat <= north + step_lat:
        lon = circle.lon - lon_span
        while lon <= circle.lon + lon_span + step_lon:
            wrapped = ((lon + 180.0) % 360.0) - 180.0
            cell = encode(max(-90.0, min(90.0, lat)), wrapped, precision)
            if cell not in seen:
                seen.add(cell)
                yield cell
            lon += step_lon
        lat += step_lat


def within(sites: Sequence[Site], circle: Circle) -> bool:
    return _within(*_points(sites), circle)


def within_packed(packed: bytes, circle: Circle) -> bool:
    """``within`` for the packed sites the index stores (``index/sites.py``)."""
    return _within(*site_points(packed), circle)


def nearest(sites: Sequence[Site], circle: Circle) -> NearestSite | None:
    """The located site nearest the circle's centre (the first of equals), and its distance."""
    return _nearest(_haversines(*_points(sites), circle))


def nearest_packed(packed: bytes, circle: Circle) -> NearestSite | None:
    """``nearest`` for the packed sites the index stores."""
    return _nearest(_haversines(*site_points(packed), circle))


def nearest_each(packs: Sequence[bytes], circle: Circle) -> list[NearestSite | None]:
    """``nearest_packed`` for many studies at once: one array operation over all their sites (a
    geoDecay page measures some 30,000 sites; one by one in Python that took 20 ms)."""
    counts = [site_count(packed) for packed in packs]
    values = _haversines(*site_points(b"".join(packs)), circle)
    ends = np.cumsum(counts)
    return [_nearest(values[end - count : end]) for count, end in zip(counts, ends, strict=True)]


def _points(sites: Sequence[Site]) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.array([site.lat for site in sites], dtype=np.float64),
        np.array([site.lon for site in sites], dtype=np.float64),
    )


def _haversines(lat: np.ndarray, lon: np.ndarray, circle: Circle) -> np.ndarray:
    """The haversine (``_haversine``) of every site from the circle's centre; NaN where a site has
    no coordinates."""
    phi0 = math.radians(circle.lat)
    dlambda = np.radians(lon - circle.lon)
    values: np.ndarray = _haversine(phi0, math.cos(phi0), np.radians(lat), dlambda, sin=np.sin, cos=np.cos)
    return values


def _within(lat: np.ndarray, lon: np.ndarray, circle: Circle) -> bool:
    return bool(np.any(_haversines(lat, lon, circle) <= _limit(circle.radius_km)))  # NaN compares False


def _nearest(values: np.ndarray) -> NearestSite | None:
    located = np.where(np.isnan(values), np.inf, values)
    if not located.size:
        return None
    best = int(np.argmin(located))  # the first of equals
    if math.isinf(located[best]):
        return None
    return NearestSite(best, _km(float(located[best])))


def parse_radius(value: str) -> float:
    """``50mi`` / ``80km`` / ``50`` (miles) → kilometres."""
    text = value.strip().lower()
    if text.endswith("km"):
        return float(Decimal(text[:-2]))
    if text.endswith("mi"):
        return float(Decimal(text[:-2])) * KM_PER_MILE
    return float(Decimal(text)) * KM_PER_MILE
