"""Peer search systems for the search benchmark: PostgreSQL full-text search and SQLite FTS5.

Each peer is what a competent engineer would build on that database to answer ClinicalTrials.gov
API v2 searches, and it does the same work Trialbase's engine does for a query: the first page of
10 by relevance (or by the ``sort`` field), the exact total, and facet counts over the matching
set. Both follow the harness's ``Engine`` protocol (``bench/search_bench.py``):

    PeerClass.build(documents, location) -> {"seconds": ..., "bytes": ..., ...}   # fresh location
    peer = PeerClass.open(location); peer.search(params) -> (nct_ids, total, facets); peer.close()
    PeerClass.drop(location)

This package holds what the peers share (``rows.py``, ``plan.py``), so they differ only where
their databases differ:

* ``read_documents``: stream v2 documents from JSON Lines (``.gz`` too), optionally a prefix;
* ``study_row``: the columns a peer stores and indexes for one study;
* ``plan_query``: API v2 parameters to a ``QueryPlan``, a small tree of ``Words`` (a term or
  phrase in some text columns), ``FieldRange`` / ``FieldIn`` / ``FieldMissing`` predicates and
  ``Near`` (a site within a radius), combined with ``AllOf`` / ``AnyOf`` / ``NoneOf``. Every
  Essie expression goes through Trialbase's one Essie parser first; constructs a peer cannot
  express (EXPANSION, COVERAGE, TILT, SEARCH[Location] grouping) keep only their operand, and an
  ``AREA`` the peers do not store searches the plain words everywhere.

Facets (``FACETS``): ``status``, ``phase``, ``studyType``, ``funderType`` (the lead sponsor's
class) with every value, and ``condition`` (the 10 most frequent condition names as written), all
counted over the matching set after every filter.
"""

from bench.peers.plan import (
    EVERYWHERE,
    FACETS,
    PAGE_SIZE,
    TEXT_COLUMNS,
    TOP_CONDITIONS,
    AllOf,
    AnyOf,
    Clause,
    Everything,
    FieldIn,
    FieldMissing,
    FieldRange,
    Near,
    NoneOf,
    QueryError,
    QueryPlan,
    Words,
    bounding_box,
    conjuncts,
    is_text,
    plan_query,
)
from bench.peers.rows import Answer, Document, Facets, StudyRow, read_documents, study_row

__all__ = [
    "EVERYWHERE",
    "FACETS",
    "PAGE_SIZE",
    "TEXT_COLUMNS",
    "TOP_CONDITIONS",
    "AllOf",
    "Answer",
    "AnyOf",
    "Clause",
    "Document",
    "Everything",
    "Facets",
    "FieldIn",
    "FieldMissing",
    "FieldRange",
    "Near",
    "NoneOf",
    "QueryError",
    "QueryPlan",
    "StudyRow",
    "Words",
    "bounding_box",
    "conjuncts",
    "is_text",
    "plan_query",
    "read_documents",
    "study_row",
]
