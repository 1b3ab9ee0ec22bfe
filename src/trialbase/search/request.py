"""A search as the engine takes it: typed, whatever face it came from.

The API builds one from ClinicalTrials.gov API v2 parameters (``query.cond=...``), the website
from its URL (``cond=...``), the CLI from its options; all of them end up here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# query.<param> -> the search area it searches (ClinicalTrials.gov API v2 names).
QUERY_AREAS: dict[str, str] = {
    "cond": "ConditionSearch",
    "term": "BasicSearch",
    "locn": "LocationSearch",
    "titles": "TitleSearch",
    "intr": "InterventionSearch",
    "outc": "OutcomeSearch",
    "spons": "SponsorSearch",
    "lead": "LeadSponsorName",  # a piece, not an area: the lead sponsor only
    "id": "IdSearch",
    "patient": "PatientSearch",
}
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 10


class SortOrder(enum.Enum):
    ASC = "asc"
    DESC = "desc"


@dataclass(frozen=True, slots=True)
class SortKey:
    field: str  # a sortable piece name (LastUpdatePostDate, ...) or "@relevance"
    order: SortOrder

    @property
    def is_relevance(self) -> bool:
        return self.field == "@relevance"


RELEVANCE = SortKey("@relevance", SortOrder.DESC)


@dataclass(frozen=True, slots=True)
class PostFilter:
    """``postFilter.*``: filters applied with (not instead of) the ``filter.*`` ones.

    ClinicalTrials.gov keeps them apart only for its facet counts; a study must pass both.
    """

    overall_status: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    advanced: str | None = None
    geo: str | None = None
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchRequest:
    queries: dict[str, str] = field(default_factory=dict)  # "cond" -> Essie text
    overall_status: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    advanced: str | None = None  # Essie, filters without affecting ranking
    geo: str | None = None  # "distance(lat,lon,radius)"
    synonyms: tuple[str, ...] = ()  # "ConditionSearch:D009203": an area matching a MeSH concept
    post_filter: PostFilter | None = None
    agg_filters: str | None = None  # "status:rec,phase:2"
    geo_decay: str | None = None
    sort: tuple[SortKey, ...] = ()
    page_size: int = DEFAULT_PAGE_SIZE
    page_token: str | None = None
    count_total: bool = False
    facets: bool = False
    facet_ids: tuple[str, ...] = ()  # which facets to count (ids of agg_filters.FACETS); () = all
    explain: bool = False
    facet_size: int = 10
