"""Alembic environment: runs migrations on the connection Trialbase hands over."""

from __future__ import annotations

from alembic import context

from trialbase.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `trialbase db upgrade` (trialbase.store.migrate)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
