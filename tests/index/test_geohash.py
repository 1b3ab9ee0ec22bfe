"""Geohash cells: known values, and agreement with the textbook bisection everywhere."""

from __future__ import annotations

import random

import pytest

from trialbase.index.geohash import ALPHABET, bounds, cell_terms, encode


def bisection(lat: float, lon: float, precision: int) -> str:
    """The reference algorithm, one bit at a time."""
    lat_range, lon_range = [-90.0, 90.0], [-180.0, 180.0]
    bits: list[int] = []
    text: list[str] = []
    even = True
    while len(text) < precision:
        value, span = (lon, lon_range) if even else (lat, lat_range)
        middle = (span[0] + span[1]) / 2
        if value >= middle:
            bits.append(1)
            span[0] = middle
        else:
            bits.append(0)
            span[1] = middle
        even = not even
        if len(bits) == 5:
            text.append(ALPHABET[int("".join(map(str, bits)), 2)])
            bits = []
    return "".join(text)


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (57.64911, 10.40744, "u4pruydqqvj"),  # the example on the geohash.org page
        (42.6, -5.6, "ezs42"),
        (40.7128, -74.0060, "dr5regw3p"),  # New York City Hall
        (0.0, 0.0, "s0000"),
        (-90.0, -180.0, "00000"),
        (90.0, 180.0, "zzzzz"),
    ],
)
def test_known_cells(lat: float, lon: float, expected: str) -> None:
    assert encode(lat, lon, len(expected)) == expected


def test_agrees_with_bisection_on_random_points() -> None:
    rng = random.Random(20260101)
    for _ in range(3000):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        assert encode(lat, lon, 12) == bisection(lat, lon, 12), (lat, lon)


def test_cell_terms_name_each_precision_and_nest() -> None:
    terms = cell_terms(40.7128, -74.0060)
    assert terms == ["2:dr", "3:dr5", "4:dr5r", "5:dr5re", "6:dr5reg"]


def test_bounds_contain_the_point() -> None:
    lat_min, lat_max, lon_min, lon_max = bounds("dr5reg")
    assert lat_min <= 40.7128 <= lat_max
    assert lon_min <= -74.0060 <= lon_max
    assert lat_max - lat_min == pytest.approx(180 / 2**15)
    assert lon_max - lon_min == pytest.approx(360 / 2**15)


def test_bad_input_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="not a latitude"):
        encode(91.0, 0.0)
    with pytest.raises(ValueError, match="precision"):
        encode(0.0, 0.0, 13)
    with pytest.raises(ValueError, match="not a geohash"):
        bounds("dra")
