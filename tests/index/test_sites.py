"""Packed sites: one record per location, in order, coordinates as float32 and a status byte."""

from __future__ import annotations

import math
from typing import Any

import pytest

from trialbase.index.sites import SITE_SIZE, Site, document_sites, pack_sites, unpack_sites


def test_sites_round_trip_in_location_order() -> None:
    locations: list[dict[str, Any]] = [
        {"city": "Lyon", "status": "RECRUITING", "geoPoint": {"lat": 45.74846, "lon": 4.84671}},
        {"city": "Nowhere"},
        {"city": "Boston", "status": "COMPLETED", "geoPoint": {"lat": 42.35843, "lon": -71.05977}},
    ]
    packed = pack_sites(document_sites(locations))
    assert len(packed) == 3 * SITE_SIZE == 27
    lyon, nowhere, boston = unpack_sites(packed)
    assert lyon.lat == pytest.approx(45.74846, abs=1e-5)
    assert lyon.lon == pytest.approx(4.84671, abs=1e-5)
    assert lyon.status == "RECRUITING"
    assert lyon.has_point
    assert math.isnan(nowhere.lat)
    assert nowhere.status is None
    assert not nowhere.has_point
    assert boston.status == "COMPLETED"
    assert boston.lon == pytest.approx(-71.05977, abs=1e-5)


def test_layout_is_little_endian_float32_and_a_byte() -> None:
    assert pack_sites([Site(1.0, -2.0, None)]) == b"\x00\x00\x80\x3f" + b"\x00\x00\x00\xc0" + b"\x00"


def test_damaged_bytes_are_refused() -> None:
    with pytest.raises(ValueError, match="9 bytes each"):
        unpack_sites(b"\x00" * 10)
