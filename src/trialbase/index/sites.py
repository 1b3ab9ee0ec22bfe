"""A study's sites packed into a few bytes per site, stored in the index beside each study.

Distance search and "nearest site" read them without decoding the document: per location, in
the document's order, little-endian float32 latitude and longitude (NaN when the location has
no geoPoint) and one status byte (0 when missing, else 1 + the position of the value in
``SITE_STATUSES``). Position *i* in the packed bytes is always ``locations[i]``.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np

from trialbase.domain.enums import RecruitmentStatus

SITE_STATUSES: tuple[str, ...] = tuple(member.value for member in RecruitmentStatus)
_CODES = {status: code for code, status in enumerate(SITE_STATUSES, start=1)}
_SITE = struct.Struct("<ffB")
SITE_SIZE = _SITE.size  # 9 bytes
SITE_DTYPE = np.dtype([("lat", "<f4"), ("lon", "<f4"), ("status", "u1")])  # the same layout, for arrays
assert SITE_DTYPE.itemsize == SITE_SIZE


class Site(NamedTuple):
    lat: float  # NaN when the location has no coordinates
    lon: float
    status: str | None

    @property
    def has_point(self) -> bool:
        return not math.isnan(self.lat)


def pack_sites(sites: Iterable[Site]) -> bytes:
    pack = _SITE.pack
    return b"".join(pack(site.lat, site.lon, _CODES.get(site.status or "", 0)) for site in sites)


def unpack_sites(data: bytes) -> list[Site]:
    site_count(data)
    return [
        Site(lat, lon, SITE_STATUSES[code - 1] if 0 < code <= len(SITE_STATUSES) else None)
        for lat, lon, code in _SITE.iter_unpack(data)
    ]


def site_points(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes (float64, NaN where a location has no coordinates) of packed sites."""
    site_count(data)
    sites = np.frombuffer(data, dtype=SITE_DTYPE)
    return sites["lat"].astype(np.float64), sites["lon"].astype(np.float64)


def site_count(data: bytes) -> int:
    """How many sites ``data`` packs (ValueError if it is not whole sites)."""
    count, rest = divmod(len(data), SITE_SIZE)
    if rest:
        raise ValueError(f"packed sites are {SITE_SIZE} bytes each, not {len(data)} bytes in all")
    return count


def document_sites(locations: Iterable[dict[str, Any]]) -> list[Site]:
    """The sites of a study's ``contactsLocationsModule.locations``, in order."""
    sites = []
    for location in locations:
        point = location.get("geoPoint")
        if isinstance(point, dict) and _is_point(point.get("lat"), point.get("lon")):
            sites.append(Site(float(point["lat"]), float(point["lon"]), location.get("status")))
        else:
            sites.append(Site(math.nan, math.nan, location.get("status")))
    return sites


def _is_point(lat: Any, lon: Any) -> bool:
    return (
        isinstance(lat, int | float)
        and isinstance(lon, int | float)
        and -90.0 <= lat <= 90.0
        and -180.0 <= lon <= 180.0
    )
