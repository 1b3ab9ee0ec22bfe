"""``trialbase db``: the store's schema."""

from __future__ import annotations

import click

from trialbase.cli.context import AppContext, pass_app
from trialbase.store import migrate
from trialbase.store.engine import create_store_engine


@click.group()
def db() -> None:
    """Create or upgrade the database schema."""


@db.command()
@pass_app
def upgrade(app: AppContext) -> None:
    """Apply every migration not yet applied (safe to run again)."""
    engine = create_store_engine(app.settings.database_url)
    try:
        before = migrate.current_revision(engine)
        migrate.upgrade(engine)
        after = migrate.current_revision(engine)
    finally:
        engine.dispose()
    if before == after:
        click.echo(f"schema already at {after}")
    else:
        click.echo(f"schema upgraded from {before or 'empty'} to {after}")


@db.command()
@pass_app
def current(app: AppContext) -> None:
    """Print the schema revision of the database and the newest one this version knows."""
    engine = create_store_engine(app.settings.database_url)
    try:
        click.echo(
            f"database: {migrate.current_revision(engine) or 'empty'}; newest: {migrate.head_revision()}"
        )
    finally:
        engine.dispose()
