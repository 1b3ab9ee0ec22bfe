"""The store's tables.

``study_version`` holds every published version of every study, whole and never changed; ``study``
points at the current one and carries derived columns for filtering and sorting; ``change_log``
records every write with a monotonic sequence number that the search index, the change feed and
RSS follow. The Alembic migrations in ``migrations/`` create exactly these tables (a test compares).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)

metadata = MetaData()

NCT_ID = String(11)
PARTIAL_DATE = String(10)

study = Table(
    "study",
    metadata,
    Column("nct_id", NCT_ID, primary_key=True),
    Column("current_version", Integer, nullable=False),
    Column("content_hash", LargeBinary(32), nullable=False),
    Column("synthetic", Boolean, nullable=False, default=False),
    # The current version holds only part of the record (AACT tables): a partial record never
    # replaces a complete one (docs/decisions/0002-content-hash-and-versions.md).
    Column("partial", Boolean, nullable=False, default=False, server_default=false()),
    Column("first_recorded_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    # Derived from the current version's document (rebuilt with it).
    Column("brief_title", Text),
    Column("overall_status", String(32)),
    Column("study_type", String(32)),
    Column("phases", String(64)),
    Column("lead_sponsor_name", Text),
    Column("lead_sponsor_class", String(16)),
    Column("enrollment", Integer),
    Column("start_date", PARTIAL_DATE),
    Column("primary_completion_date", PARTIAL_DATE),
    Column("completion_date", PARTIAL_DATE),
    Column("first_post_date", PARTIAL_DATE),
    Column("last_update_post_date", PARTIAL_DATE),
    Column("results_first_post_date", PARTIAL_DATE),
    Column("status_verified_date", PARTIAL_DATE),
    Column("has_results", Boolean, nullable=False, default=False),
    Column("sex", String(8)),
    Column("minimum_age_days", Float),
    Column("maximum_age_days", Float),
    Column("healthy_volunteers", Boolean),
    Index("ix_study_overall_status", "overall_status"),
    Index("ix_study_last_update_post_date", "last_update_post_date"),
    Index("ix_study_first_post_date", "first_post_date"),
)

study_version = Table(
    "study_version",
    metadata,
    Column("nct_id", NCT_ID, ForeignKey("study.nct_id", name="fk_study_version_study"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("content_hash", LargeBinary(32), nullable=False),
    Column("document", LargeBinary, nullable=False),  # zstd-compressed compact JSON, see codec.py
    Column("last_update_post_date", PARTIAL_DATE),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("provenance", Text, nullable=False),  # JSON object, see ingest/record.py
)

change_log = Table(
    "change_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),  # assigned under the write lock
    Column("nct_id", NCT_ID, nullable=False),
    Column("version", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # "new" | "updated"
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(
        ["nct_id", "version"],
        ["study_version.nct_id", "study_version.version"],
        name="fk_change_log_study_version",
    ),
    Index("ix_change_log_nct_id", "nct_id"),
)

study_alias = Table(
    "study_alias",
    metadata,
    Column("alias", NCT_ID, primary_key=True),
    Column("nct_id", NCT_ID, ForeignKey("study.nct_id", name="fk_study_alias_study"), nullable=False),
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
