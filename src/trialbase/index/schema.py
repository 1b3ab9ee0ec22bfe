"""The tantivy schema of the study index, exactly as docs/design/search.md lays it out.

One document per study. Field families:

* ``nct_id`` (raw, stored, fast) and ``nct_number`` (u64): identity, tie-breaking, paging;
* one ``tb_text`` field per search-area piece (``BriefTitle``, ``Condition``, ...), positions kept;
* ``t_<Piece>``: one ``tb_text`` field for every other leaf piece (results tables, browse
  branches, dates as written...), so any piece can be addressed with ``AREA[Piece]``;
* ``present`` and ``sizes``: raw terms for ``MISSING`` and ``AREA[Piece:size]``;
* ``<DatePiece>_lo`` / ``_hi`` (i64 days since 1970-01-01) for every date piece, numbers, ages;
* ``sort_<Key>_asc`` / ``_desc``: composite i64 sort keys;
* ``f_*`` facets (raw, fast), with ``f_*_set`` beside the multi-valued ones with few values
  (``SET_FACET_FIELDS``), ``geo_cell`` (raw) and ``sites`` (bytes, stored).

``SCHEMA_VERSION`` goes up whenever the fields or what fills them change; an index built with
another version is rebuilt rather than followed. Tantivy does not store analyzers with an
index, so ``register_analyzers`` must run on every ``tantivy.Index`` opened (``open_tantivy``
does it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import tantivy

from trialbase.index.areas import AREA_PIECES
from trialbase.index.pieces import PIECES
from trialbase.index.site_text import GAP_WORD, SITE_ANALYZER

SCHEMA_VERSION = 7  # 2: site_text for SEARCH[Location]; 3: site_text as a whitespace-split string;
# 4: a t_<Piece> text field per other leaf piece instead of the ``doc`` JSON field; 5: NumArmGroups sort;
# 6: ``<facet>_set`` fields; 7: each distinct value of a ``t_<Piece>`` field once, site gaps not indexed
TEXT_ANALYZER = "tb_text"
RAW = "raw"

# Pieces by what the index keeps for them beyond their text.
DATE_PIECES: tuple[str, ...] = tuple(name for name, item in PIECES.items() if item.source_type == "DATE")
# Number fields for the NUMERIC pieces (EnrollmentCount, ...): the ones RANGE applies to. The
# counts inside results tables (sourceType TEXT, type integer) are reached through their ``t_`` field.
_NUMERIC = {name: item.type for name, item in PIECES.items() if item.source_type == "NUMERIC"}
INTEGER_PIECES: tuple[str, ...] = tuple(name for name, kind in _NUMERIC.items() if kind != "number")
FLOAT_PIECES: tuple[str, ...] = tuple(name for name, kind in _NUMERIC.items() if kind == "number")
# Every leaf piece without an area field of its own, except the bookkeeping of miscInfoModule.
EXCLUDED_PATH = "derivedSection.miscInfoModule"
OTHER_PIECES: tuple[str, ...] = tuple(
    name
    for name, item in PIECES.items()
    if not item.children and name not in AREA_PIECES and not item.path.startswith(EXCLUDED_PATH)
)
AGE_FIELDS = {"MinimumAge": "MinimumAge_days", "MaximumAge": "MaximumAge_days"}
MISSING_MINIMUM_AGE_DAYS = 0.0
MISSING_MAXIMUM_AGE_DAYS = 1e9  # open-ended: a study without a maximum age takes any age

SORT_KEYS = (
    "LastUpdatePostDate",
    "StudyFirstPostDate",
    "StartDate",
    "PrimaryCompletionDate",
    "CompletionDate",
    "ResultsFirstPostDate",
    "EnrollmentCount",
    "NumArmGroups",  # not a piece: the number of arm groups, as ClinicalTrials.gov sorts by it
    "NCTId",
)
FACET_FIELDS = (
    "f_status",
    "f_phase",
    "f_study_type",
    "f_sex",
    "f_std_age",
    "f_healthy",
    "f_funder_type",
    "f_results",
    "f_docs",
    "f_country",
    "f_condition",
    "f_intervention",
    "f_sponsor",
)
# Facets whose studies may have several of a few values (a study in phases 1 and 2) are counted
# on a second field holding each study's values as one ("PHASE1|PHASE2", "-" for none): counting
# a single-valued field is several times cheaper than a multi-valued one (about 4 ms less for
# the phase facet of a search matching 400,000 studies), and the combinations are few.
SET_FACET_FIELDS = ("f_phase", "f_std_age", "f_docs")
SET_SEPARATOR = "|"
EMPTY_SET = "-"


def text_analyzer() -> tantivy.TextAnalyzer:
    """``tb_text``: simple tokenizer, lower case, ASCII folding, English stemmer."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def site_analyzer() -> tantivy.TextAnalyzer:
    """``tb_site``: split on whitespace only; ``site_text`` arrives analysed and tagged. The gap
    words between sites are dropped after they are counted: they keep their positions (a
    tantivy filter leaves the next token's position as the tokenizer set it) but not a posting."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.custom_stopword([GAP_WORD]))
        .build()
    )


def other_field(piece_name: str) -> str:
    """The text field of a piece without an area field (``OTHER_PIECES``)."""
    return f"t_{piece_name}"


def set_field(facet_field: str) -> str:
    """The field holding a study's values of a facet in ``SET_FACET_FIELDS`` as one value."""
    return f"{facet_field}_set"


def date_fields(piece_name: str) -> tuple[str, str]:
    return f"{piece_name}_lo", f"{piece_name}_hi"


def sort_fields(key: str) -> tuple[str, str]:
    """``(ascending, descending)`` field names of a sort key."""
    return f"sort_{key}_asc", f"sort_{key}_desc"


@cache
def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("nct_id", stored=True, fast=True, tokenizer_name=RAW, index_option="basic")
    builder.add_unsigned_field("nct_number", indexed=True, fast=True)
    for name in AREA_PIECES:
        builder.add_text_field(name, tokenizer_name=TEXT_ANALYZER, index_option="position")
    for name in OTHER_PIECES:
        builder.add_text_field(other_field(name), tokenizer_name=TEXT_ANALYZER, index_option="position")
    builder.add_text_field("present", tokenizer_name=RAW, index_option="basic")
    builder.add_text_field("sizes", tokenizer_name=RAW, index_option="basic")
    for name in DATE_PIECES:
        for field in date_fields(name):
            builder.add_integer_field(field, indexed=True, fast=True)
    for name in INTEGER_PIECES:
        builder.add_integer_field(name, indexed=True, fast=True)
    for name in FLOAT_PIECES:
        builder.add_float_field(name, indexed=True, fast=True)
    for field in AGE_FIELDS.values():
        builder.add_float_field(field, indexed=True, fast=True)
    for key in SORT_KEYS:
        for field in sort_fields(key):
            builder.add_integer_field(field, fast=True)
    for field in FACET_FIELDS:
        builder.add_text_field(field, fast=True, tokenizer_name=RAW, index_option="basic")
    for field in SET_FACET_FIELDS:
        builder.add_text_field(set_field(field), fast=True, tokenizer_name=RAW, index_option="basic")
    builder.add_text_field("geo_cell", tokenizer_name=RAW, index_option="basic")
    builder.add_text_field("site_text", tokenizer_name=SITE_ANALYZER, index_option="position")
    builder.add_bytes_field("sites", stored=True)
    return builder.build()


def register_analyzers(index: tantivy.Index) -> None:
    index.register_tokenizer(TEXT_ANALYZER, text_analyzer())
    index.register_tokenizer(SITE_ANALYZER, site_analyzer())


def open_tantivy(path: Path | None = None, *, create: bool = False) -> tantivy.Index:
    """A tantivy index with our analyzers registered: in memory (no path), new, or existing."""
    if path is None:
        index = tantivy.Index(build_schema())
    elif create:
        index = tantivy.Index(build_schema(), path=str(path), reuse=False)
    else:
        index = tantivy.Index.open(str(path))
    register_analyzers(index)
    return index
