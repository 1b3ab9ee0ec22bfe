"""Shared fixtures: a fresh store on every engine, a controllable clock, study factories.

Store tests run against SQLite always and against PostgreSQL whenever one is reachable
(``TRIALBASE_TEST_POSTGRES_URL``, default the local server). With ``TRIALBASE_REQUIRE_POSTGRES=1``
(set by ``.ci/run``) an unreachable PostgreSQL fails the run instead of skipping those tests.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests.ingest.fake_ctgov import FakeCtgov
from trialbase.store import Store

POSTGRES_ADMIN_URL = os.environ.get(
    "TRIALBASE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = os.environ.get("TRIALBASE_REQUIRE_POSTGRES") == "1"


CHECKOUT_DATA_DIR = Path(__file__).resolve().parents[1] / "var"  # the default data folder of a checkout


@pytest.fixture(scope="session", autouse=True)
def default_data_dir_outside_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A command or server that a test starts with a database but no data folder of its own
    would put its search index in the default, ``var/`` of the working directory: the checkout,
    where a later ``make run`` would find an index of a test database. Every test gets a
    temporary default instead, and the session fails if the checkout's ``var/`` appeared."""
    existed = CHECKOUT_DATA_DIR.exists()
    path = tmp_path_factory.mktemp("default-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRIALBASE_DATA_DIR", str(path))
        yield path
    assert existed or not CHECKOUT_DATA_DIR.exists(), f"the tests wrote into {CHECKOUT_DATA_DIR}"


class FakeClock:
    """A UTC clock that moves one second per reading, or to wherever a test sets it."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A scratch PostgreSQL database for this test session (dropped at the end)."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"trialbase_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        reason = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {str(error).splitlines()[0]}"
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _empty_postgres(url: str) -> str:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An empty database on each engine in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('store') / 'trialbase.sqlite'}"
    return _empty_postgres(request.getfixturevalue("postgres_server_url"))


@pytest.fixture
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('store') / 'trialbase.sqlite'}"


@pytest.fixture
def store(database_url: str, clock: FakeClock) -> Iterator[Store]:
    opened = Store.open(database_url, clock=clock)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def fake_ctgov() -> Iterator[FakeCtgov]:
    """A fake ClinicalTrials.gov API v2 server on 127.0.0.1, with no studies until a test adds some."""
    server = FakeCtgov()
    server.start()
    try:
        yield server
    finally:
        server.stop()
