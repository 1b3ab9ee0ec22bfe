"""Geohash cells: the grid that lets a distance search start from a few index terms.

A geohash names a cell of a grid by interleaving the bits of longitude and latitude (longitude
first) and writing them five at a time in base 32; each extra character splits a cell into 32.
The index stores every site's cell at precisions 2 to 6 as terms such as ``4:dr5r`` (precision
4: cells of about 39 km by 20 km; precision 6: about 1.2 km by 0.6 km), so ``DISTANCE[...]``
can first select the studies with a site in the cells covering the circle, then measure exactly.

Encoding quantises each coordinate once and interleaves the bits arithmetically, which gives
the same cells as the textbook bisection (a test checks both) at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Iterable

ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz"
MAX_PRECISION = 12
GEO_PRECISIONS = (2, 3, 4, 5, 6)

_BITS = 30  # per coordinate at precision 12 (60 bits in all)
_SCALE = 1 << _BITS
_DECODE = {char: index for index, char in enumerate(ALPHABET)}


def _spread(value: int) -> int:
    """Put the low 32 bits of ``value`` on the even bit positions of a 64-bit number."""
    value &= 0xFFFFFFFF
    value = (value | (value << 16)) & 0x0000FFFF0000FFFF
    value = (value | (value << 8)) & 0x00FF00FF00FF00FF
    value = (value | (value << 4)) & 0x0F0F0F0F0F0F0F0F
    value = (value | (value << 2)) & 0x3333333333333333
    return (value | (value << 1)) & 0x5555555555555555


def _quantise(value: float, low: float, span: float) -> int:
    step = int((value - low) / span * _SCALE)
    return 0 if step < 0 else _SCALE - 1 if step >= _SCALE else step


def encode(lat: float, lon: float, precision: int = MAX_PRECISION) -> str:
    """The geohash of a point, ``precision`` characters long (1 to 12)."""
    if not 1 <= precision <= MAX_PRECISION:
        raise ValueError(f"precision must be between 1 and {MAX_PRECISION}, not {precision}")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"({lat}, {lon}) is not a latitude and longitude")
    code = (_spread(_quantise(lon, -180.0, 360.0)) << 1) | _spread(_quantise(lat, -90.0, 180.0))
    return "".join(ALPHABET[(code >> (55 - 5 * index)) & 31] for index in range(precision))


def cell_terms(lat: float, lon: float, precisions: Iterable[int] = GEO_PRECISIONS) -> list[str]:
    """The index terms of the cells holding a point: ``["2:dr", "3:dr5", ...]``."""
    wanted = tuple(precisions)
    full = encode(lat, lon, max(wanted))
    return [f"{precision}:{full[:precision]}" for precision in wanted]


def bounds(cell: str) -> tuple[float, float, float, float]:
    """The cell's ``(lat_min, lat_max, lon_min, lon_max)``."""
    lat_low, lat_high, lon_low, lon_high = -90.0, 90.0, -180.0, 180.0
    even = True
    for char in cell:
        try:
            bits = _DECODE[char]
        except KeyError:
            raise ValueError(f"{cell!r} is not a geohash (it has {char!r})") from None
        for shift in range(4, -1, -1):
            bit = (bits >> shift) & 1
            if even:
                middle = (lon_low + lon_high) / 2
                lon_low, lon_high = (middle, lon_high) if bit else (lon_low, middle)
            else:
                middle = (lat_low + lat_high) / 2
                lat_low, lat_high = (middle, lat_high) if bit else (lat_low, middle)
            even = not even
    return lat_low, lat_high, lon_low, lon_high
