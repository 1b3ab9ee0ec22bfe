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
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from trialbase.index.geohash import ALPHABET, GEO_PRECISIONS, bounds, encode
from trialbase.index.sites import Site
from trialbase.search.essie import Distance, DistanceUnit

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
FINEST = max(GEO_PRECISIONS)
COARSEST = min(GEO_PRECISIONS)
MAX_CELLS = 4000


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
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=256)
def cover(circle: Circle) -> Covering:
    """Cells covering the circle: coarse inside, finest along the edge (cached: a covering
    costs thousands of distance computations, and searches around a place repeat)."""
    inside: list[str] = []
    edge: list[str] = []
    start = _start_precision(circle.radius_km)
    pending = list(_cells_over_box(circle, start))
    while pending:
        cell = pending.pop()
        near, far = _distance_range(circle, cell)
        if near > circle.radius_km:
            continue
        if far <= circle.radius_km:
            inside.append(f"{len(cell)}:{cell}")
        elif len(cell) >= FINEST or len(inside) + len(edge) + len(pending) > MAX_CELLS:
            edge.append(f"{len(cell)}:{cell}")
        else:
            pending.extend(cell + char for char in ALPHABET)
    return Covering(tuple(sorted(inside)), tuple(sorted(edge)))


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


def _distance_range(circle: Circle, cell: str) -> tuple[float, float]:
    """The nearest and farthest distances from the circle's centre to any point of the cell."""
    lat_low, lat_high, lon_low, lon_high = bounds(cell)
    nearest_lat = min(max(circle.lat, lat_low), lat_high)
    nearest_lon = min(max(circle.lon, lon_low), lon_high)
    near = circle.distance_km(nearest_lat, nearest_lon)
    far = max(circle.distance_km(lat, lon) for lat in (lat_low, lat_high) for lon in (lon_low, lon_high))
    return near, far


def within(sites: Iterable[Site], circle: Circle) -> bool:
    return any(
        site.has_point and circle.distance_km(site.lat, site.lon) <= circle.radius_km for site in sites
    )


def nearest(sites: list[Site], circle: Circle) -> NearestSite | None:
    best: NearestSite | None = None
    for index, site in enumerate(sites):
        if site.has_point:
            distance = circle.distance_km(site.lat, site.lon)
            if best is None or distance < best.distance_km:
                best = NearestSite(index, distance)
    return best


def parse_radius(value: str) -> float:
    """``50mi`` / ``80km`` / ``50`` (miles) → kilometres."""
    text = value.strip().lower()
    if text.endswith("km"):
        return float(Decimal(text[:-2]))
    if text.endswith("mi"):
        return float(Decimal(text[:-2])) * KM_PER_MILE
    return float(Decimal(text)) * KM_PER_MILE
