"""Distance filters as tantivy queries over one open index, with their exact checks cached.

A ``DISTANCE[...]`` (or ``filter.geo``) first selects studies by the geohash cells that cover
the circle (``geo.cover``): cells wholly inside it match outright; a study found only through
cells on the circle's edge is checked site by site, and those with no site inside are excluded.
The checks read each candidate's packed sites from the document store, so their result is
cached per circle, index generation and change-log position. ``SEARCH[Location](DISTANCE[...]
AND AREA[LocationStatus]...)`` needs one site that is both near and of that status.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import tantivy

from trialbase.index.index_dir import OpenIndex
from trialbase.index.index_dir import count_matches as _count
from trialbase.index.sites import unpack_sites
from trialbase.search import geo
from trialbase.search.essie import Distance, DistanceUnit

GEO_CACHE = 64
Occur = tantivy.Occur


class GeoQueries:
    def __init__(self, index: OpenIndex) -> None:
        self.index = index
        self._edge_failures = lru_cache(maxsize=GEO_CACHE)(self._edge_failures_uncached)
        self._site_matches = lru_cache(maxsize=GEO_CACHE)(self._site_matches_uncached)
        self._distance = lru_cache(maxsize=GEO_CACHE)(self._distance_uncached)

    def distance(self, node: Distance) -> tantivy.Query:
        """Studies with a site within the distance (the query is kept per circle and index state:
        a circle of 200 km is some 8,000 cell terms, 2 ms to hand to tantivy each time)."""
        applied = self.index.manifest.applied_seq if self.index.manifest else 0
        return self._distance(geo.Circle.from_distance(node), self.index.generation, applied)

    def _distance_uncached(self, circle: geo.Circle, generation: str, applied: int) -> tantivy.Query:
        covering = geo.cover(circle)
        terms = list(covering.inside + covering.edge)
        if not terms:
            return tantivy.Query.empty_query()
        candidates = tantivy.Query.term_set_query(self.index.schema, "geo_cell", terms)
        failures = self._edge_failures(circle, generation, applied)
        if not failures:
            return candidates
        excluded = tantivy.Query.term_set_query(self.index.schema, "nct_number", list(failures))
        return tantivy.Query.boolean_query([(Occur.Must, candidates), (Occur.MustNot, excluded)])

    def _edge_failures_uncached(self, circle: geo.Circle, _generation: str, _seq: int) -> frozenset[int]:
        """Studies found only through edge cells whose sites are all outside the circle."""
        covering = geo.cover(circle)
        if not covering.edge:
            return frozenset()
        schema, searcher = self.index.schema, self.index.searcher()
        edge_only = tantivy.Query.boolean_query(
            [(Occur.Must, tantivy.Query.term_set_query(schema, "geo_cell", list(covering.edge)))]
            + (
                [(Occur.MustNot, tantivy.Query.term_set_query(schema, "geo_cell", list(covering.inside)))]
                if covering.inside
                else []
            )
        )
        count = _count(searcher, edge_only)
        if not count:
            return frozenset()
        result = searcher.search(edge_only, count, count=False)
        addresses = [address for _, address in result.hits]
        numbers = searcher.fast_field_values("nct_number", addresses)
        failures: set[int] = set()
        for address, number in zip(addresses, numbers, strict=True):
            packed = searcher.doc(address).get_first("sites")
            if isinstance(number, int) and (not packed or not geo.within_packed(packed, circle)):
                failures.add(number)
        return frozenset(failures)

    def site_distance(self, node: Distance, statuses: frozenset[str] | None) -> tantivy.Query:
        """Studies with a site within the distance whose status (a v2 value) is one of ``statuses``."""
        if statuses is None:
            return self.distance(node)
        applied = self.index.manifest.applied_seq if self.index.manifest else 0
        matches = self._site_matches(geo.Circle.from_distance(node), statuses, self.index.generation, applied)
        if not matches:
            return tantivy.Query.empty_query()
        return tantivy.Query.term_set_query(self.index.schema, "nct_number", list(matches))

    def _site_matches_uncached(
        self, circle: geo.Circle, statuses: frozenset[str], _generation: str, _seq: int
    ) -> frozenset[int]:
        searcher = self.index.searcher()
        candidates = self.distance(
            Distance(
                Decimal(circle.lat), Decimal(circle.lon), Decimal(circle.radius_km), DistanceUnit.KILOMETRES
            )
        )
        count = _count(searcher, candidates)
        if not count:
            return frozenset()
        hits = searcher.search(candidates, count, count=False).hits
        addresses = [address for _, address in hits]
        numbers = searcher.fast_field_values("nct_number", addresses)
        found: set[int] = set()
        for address, number in zip(addresses, numbers, strict=True):
            packed = searcher.doc(address).get_first("sites")
            if not isinstance(number, int) or not packed:
                continue
            for site in unpack_sites(packed):
                if (
                    site.status in statuses
                    and site.has_point
                    and circle.distance_km(site.lat, site.lon) <= circle.radius_km
                ):
                    found.add(number)
                    break
        return frozenset(found)

    def nearest_site(
        self, searcher: tantivy.Searcher, address: tantivy.DocAddress, circle: geo.Circle
    ) -> geo.NearestSite | None:
        """The site of the study at ``address`` nearest the circle's centre, if any is located."""
        packed = searcher.doc(address).get_first("sites")
        return geo.nearest_packed(packed, circle) if packed else None
