"""Exit 0 when the benchmark PostgreSQL server answers (used by ``python -m bench``)."""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from bench.import_bench import POSTGRES_ADMIN_URL

try:
    engine = create_engine(POSTGRES_ADMIN_URL)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    engine.dispose()
except OperationalError:
    sys.exit(1)
