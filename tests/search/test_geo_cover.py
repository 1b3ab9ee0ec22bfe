"""The cells covering a distance circle, and the nearest-site measure, against brute force."""

from __future__ import annotations

import math
import random

import pytest

from trialbase.index.geohash import bounds, encode
from trialbase.index.sites import Site, pack_sites
from trialbase.search import geo

CIRCLES = [
    geo.Circle(34.1867, -118.449, 200.0),  # Los Angeles
    geo.Circle(52.2298, 21.0118, 100.0),  # Warsaw
    geo.Circle(0.0, 179.9, 300.0),  # across the antimeridian
    geo.Circle(-33.87, 151.21, 5.0),  # small: starts at the finest precision
    geo.Circle(42.36, -71.06, 1000.0),  # wide: the edge stays coarser
]


def test_child_cells_have_the_boxes_bounds_gives_them() -> None:
    rng = random.Random(1)
    for _ in range(300):
        cell = encode(rng.uniform(-89, 89), rng.uniform(-179, 179), rng.randint(1, 5))
        children = list(geo._children(cell, bounds(cell)))
        assert sorted(child for child, _ in children) == sorted(
            cell + char for char in "0123456789bcdefghjkmnpqrstuvwxyz"
        )
        for child, box in children:
            assert box == pytest.approx(bounds(child), abs=1e-9)


@pytest.mark.parametrize("circle", CIRCLES, ids=lambda c: f"{c.lat},{c.lon},{c.radius_km}km")
def test_every_point_within_is_covered_and_inside_cells_are_wholly_inside(circle: geo.Circle) -> None:
    covering = geo.cover(circle)
    assert len(covering.inside) + len(covering.edge) <= geo.MAX_CELLS
    cells = {term.split(":")[1] for term in covering.inside + covering.edge}
    inside = {term.split(":")[1] for term in covering.inside}
    rng = random.Random(2)
    lat_span = math.degrees(circle.radius_km / geo.EARTH_RADIUS_KM) * 1.2
    lon_span = lat_span / max(math.cos(math.radians(circle.lat)), 0.01)
    for _ in range(20_000):
        lat = max(-89.9, min(89.9, circle.lat + rng.uniform(-lat_span, lat_span)))
        lon = ((circle.lon + rng.uniform(-lon_span, lon_span) + 180.0) % 360.0) - 180.0
        prefixes = {encode(lat, lon, 6)[:precision] for precision in range(2, 7)}
        distance = circle.distance_km(lat, lon)
        if distance <= circle.radius_km:
            assert prefixes & cells, (lat, lon, distance)
        if prefixes & inside:
            assert distance <= circle.radius_km, (lat, lon, distance)


def test_a_city_sized_circle_is_edged_with_the_finest_cells() -> None:
    covering = geo.cover(geo.Circle(34.1867, -118.449, 200.0))
    assert {int(term.split(":")[0]) for term in covering.edge} == {geo.FINEST}


def test_nearest_and_within_agree_with_haversine_distances() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        circle = geo.Circle(rng.uniform(-80, 80), rng.uniform(-180, 180), rng.uniform(1, 500))
        sites = [
            Site(math.nan, math.nan, None)
            if rng.random() < 0.2
            else Site(
                circle.lat + rng.uniform(-5, 5), ((circle.lon + rng.uniform(-5, 5) + 180) % 360) - 180, None
            )
            for _ in range(rng.randint(0, 8))
        ]
        distances = {i: circle.distance_km(s.lat, s.lon) for i, s in enumerate(sites) if s.has_point}
        found = geo.nearest(sites, circle)
        if not distances:
            assert found is None
            assert not geo.within(sites, circle)
            continue
        best = min(distances, key=lambda i: (distances[i], i))
        assert found is not None
        assert found.index == best
        assert found.distance_km == pytest.approx(distances[best], abs=1e-9)
        assert geo.within(sites, circle) == (distances[best] <= circle.radius_km)


def test_nearest_each_measures_every_study_of_a_batch_on_its_own() -> None:
    rng = random.Random(5)
    circle = geo.Circle(48.85, 2.35, 100.0)
    studies = [
        [
            Site(math.nan, math.nan, None)
            if rng.random() < 0.3
            else Site(48.85 + rng.uniform(-3, 3), 2.35 + rng.uniform(-3, 3), None)
            for _ in range(rng.randint(0, 6))
        ]
        for _ in range(300)
    ]
    packs = [pack_sites(sites) for sites in studies]
    each = geo.nearest_each(packs, circle)
    assert each == [geo.nearest_packed(packed, circle) for packed in packs]
    # The packed sites are float32: the same sites as float64 agree to within a few metres.
    for sites, found in zip(studies, each, strict=True):
        exact = geo.nearest(sites, circle)
        assert (found is None) == (exact is None)
        if found is not None and exact is not None:
            assert found.distance_km == pytest.approx(exact.distance_km, abs=0.01)
    assert any(found is None for found in each)
    assert any(found is not None for found in each)
