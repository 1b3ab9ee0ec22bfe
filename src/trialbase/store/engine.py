"""Opening a database: an SQLite file by default, PostgreSQL by URL.

SQLite runs in WAL mode (readers never wait for the writer) with one writer at a time: write
transactions start with ``BEGIN IMMEDIATE`` so a batch takes the write lock before it reads what
it will change. PostgreSQL write transactions take a transaction-level advisory lock for the same
reason, which also makes change-log sequence numbers commit in order (docs/decisions/0003).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

WRITE_OPTION = "trialbase_write"
# Connections kept open per process. A server answers from a pool of 40 threads (anyio's
# default): with SQLAlchemy's default of 5 (+10 overflow), every request beyond them opened a
# connection and closed it again (for PostgreSQL, a new server process each time).
POOL_SIZE = 40
POOL_OVERFLOW = 10
# Any constant works; it only has to be the same for every Trialbase writer of one database.
_PG_WRITE_LOCK = 7_347_221


def create_store_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            url, pool_pre_ping=True, future=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW
        )
    raise ValueError(
        f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}: use sqlite or postgresql"
    )


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    in_memory = parsed.database in (None, "", ":memory:")
    if not in_memory:
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
    # An in-memory database lives in one connection per thread (SQLAlchemy's SingletonThreadPool).
    pool = {} if in_memory else {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    engine = create_engine(url, future=True, connect_args={"timeout": 60}, **pool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def lock_for_write(connection: Connection) -> None:
    """Serialise writers on PostgreSQL (SQLite already did, with BEGIN IMMEDIATE)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
