"""``geoDecay``: how relevance falls off with the distance to a study's nearest site.

ClinicalTrials.gov's parameter (``func:exp,scale:300mi,offset:0mi,decay:0.5`` by default) follows
the usual decay functions of search engines: within ``offset`` of the ``filter.geo`` centre a
study keeps its score; at ``offset + scale`` the score is multiplied by ``decay``; further out it
keeps falling, linearly (down to zero at twice the scale), exponentially or as a Gaussian.
A study with no located site gets the factor of an infinitely distant one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from trialbase.search.query_error import QueryError

KM_PER_MILE = 1.609344
DEFAULT = "func:exp,scale:300mi,offset:0mi,decay:0.5"
MAX_STUDIES = 10_000  # upstream: ignored when the search finds more studies than this
RERANKED = 200  # the most relevant studies re-ranked by distance; the rest follow by relevance
_PATTERN = re.compile(
    r"^func:(gauss|exp|linear),scale:(\d+(?:\.\d+)?)(km|mi),offset:(\d+(?:\.\d+)?)(km|mi),decay:(\d+(?:\.\d+)?)$"
)


@dataclass(frozen=True, slots=True)
class GeoDecay:
    function: str  # gauss | exp | linear
    scale_km: float
    offset_km: float
    decay: float

    def factor(self, distance_km: float | None) -> float:
        """The multiplier of a study's score whose nearest site is ``distance_km`` away."""
        if distance_km is None or math.isinf(distance_km):
            return 0.0
        beyond = max(0.0, distance_km - self.offset_km)
        if beyond == 0.0:
            return 1.0
        if self.scale_km == 0.0 or self.decay <= 0.0:
            return 0.0
        if self.function == "linear":
            return max(0.0, 1.0 - (1.0 - self.decay) * beyond / self.scale_km)
        if self.function == "exp":
            return float(self.decay ** (beyond / self.scale_km))
        return float(self.decay ** ((beyond / self.scale_km) ** 2))  # gauss


def parse_geo_decay(text: str) -> GeoDecay:
    match = _PATTERN.match(text.strip())
    if match is None:
        raise QueryError(
            f"`{text}` is not a decay function (expected e.g. {DEFAULT}; func is gauss, exp or linear, "
            "distances in km or mi)",
            column=None,
            code="bad-geo-decay",
            parameter="geoDecay",
        )
    function, scale, scale_unit, offset, offset_unit, decay = match.groups()
    decay_value = float(decay)
    if decay_value > 1.0:
        raise QueryError(
            f"the decay must be between 0 and 1, not {decay}",
            column=None,
            code="bad-geo-decay",
            parameter="geoDecay",
        )
    return GeoDecay(function, _km(scale, scale_unit), _km(offset, offset_unit), decay_value)


def _km(value: str, unit: str) -> float:
    return float(value) * (KM_PER_MILE if unit == "mi" else 1.0)
