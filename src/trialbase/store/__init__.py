"""Storage: studies and their versions in SQL (SQLite by default, PostgreSQL by URL)."""

from trialbase.store import (
    registry_schema,  # noqa: F401  (registers the registration tables)
    vocabulary_schema,  # noqa: F401  (registers the MeSH tables on the metadata)
)
from trialbase.store.study_store import (
    Change,
    PreparedStudy,
    SchemaOutOfDate,
    Store,
    StoredVersion,
    StudyListing,
    VersionSummary,
    WriteOutcome,
    prepare_study,
)

__all__ = [
    "Change",
    "PreparedStudy",
    "SchemaOutOfDate",
    "Store",
    "StoredVersion",
    "StudyListing",
    "VersionSummary",
    "WriteOutcome",
    "prepare_study",
]
