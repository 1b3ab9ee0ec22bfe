"""The MeSH vocabulary's tables (registered on the store's one ``metadata``).

``mesh_vocabulary`` holds one row: which vocabulary is loaded (a version derived from its
content, where it came from, when, and how big it is). ``mesh_descriptor`` holds each
descriptor's id (``D`` and nine digits, as ClinicalTrials.gov writes them) and preferred name,
``mesh_tree_number`` its places in the MeSH tree, and ``mesh_entry_term`` every term that names
it, in the vocabulary's order, with the normalised form lookups use. ``trialbase vocab import``
replaces all four in one transaction. Migration ``0003`` creates exactly these tables (a test compares).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from trialbase.store.schema import metadata

DESCRIPTOR_ID = String(10)

mesh_vocabulary = Table(
    "mesh_vocabulary",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1: one vocabulary at a time
    Column("version", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("descriptor_count", Integer, nullable=False),
    Column("term_count", Integer, nullable=False),
    Column("tree_number_count", Integer, nullable=False),
    # Which rules made mesh_entry_term.term_key (see vocabulary_store.TERM_KEY_VERSION).
    Column("term_key_version", Integer, nullable=False),
)

mesh_descriptor = Table(
    "mesh_descriptor",
    metadata,
    Column("descriptor_id", DESCRIPTOR_ID, primary_key=True),
    Column("name", Text, nullable=False),
)

mesh_tree_number = Table(
    "mesh_tree_number",
    metadata,
    Column("tree_number", String(64), primary_key=True),
    Column(
        "descriptor_id",
        DESCRIPTOR_ID,
        ForeignKey("mesh_descriptor.descriptor_id", name="fk_mesh_tree_number_descriptor"),
        nullable=False,
    ),
    Index("ix_mesh_tree_number_descriptor_id", "descriptor_id"),
)

mesh_entry_term = Table(
    "mesh_entry_term",
    metadata,
    Column(
        "descriptor_id",
        DESCRIPTOR_ID,
        ForeignKey("mesh_descriptor.descriptor_id", name="fk_mesh_entry_term_descriptor"),
        primary_key=True,
    ),
    Column("term", Text, primary_key=True),
    Column("position", Integer, nullable=False),  # the term's place in the vocabulary: 0 is the name
    Column("term_key", Text, nullable=False),
    Index("ix_mesh_entry_term_term_key", "term_key"),
)
