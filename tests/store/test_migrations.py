"""The Alembic migrations build exactly the tables the code uses, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from trialbase.store import migrate
from trialbase.store.engine import create_store_engine
from trialbase.store.schema import metadata


def test_migrated_schema_matches_the_table_definitions(database_url: str) -> None:
    engine = create_store_engine(database_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
        assert differences == []
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_upgrade_is_idempotent_and_downgrade_removes_everything(database_url: str) -> None:
    engine = create_store_engine(database_url)
    try:
        migrate.upgrade(engine)
        migrate.upgrade(engine)
        migrate.downgrade(engine, "base")
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        migrate.upgrade(engine)
        assert {"study", "study_version", "change_log", "study_alias", "store_meta"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()
