"""Transactions for the registry's tables, on the store's engine and under its write lock.

Every registry write is one transaction that also appends its audit event, so a change and its
record in the log land together or not at all. Writers take the store's write lock (SQLite
``BEGIN IMMEDIATE``, a PostgreSQL advisory lock) like study writes do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from trialbase.store.engine import WRITE_OPTION, lock_for_write


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    writer = engine.connect().execution_options(**{WRITE_OPTION: True})
    with writer as connection, connection.begin():
        lock_for_write(connection)
        yield connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        yield connection
