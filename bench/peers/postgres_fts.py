"""PostgreSQL full-text search as a peer, built the way people search an AACT database.

One ``study`` row per study with the text columns and the values filters and facets need, and
three generated tsvectors (english configuration):

* ``document``: A = titles and acronym, B = conditions, keywords and condition MeSH terms,
  C = interventions, other names and intervention MeSH terms, D = summary, outcome measures,
  sponsors and site places, with one GIN index. ``query.cond`` searches A and B (the query's
  lexemes are restricted to those weights, ``'erectil':AB``), ``query.intr`` A and C,
  ``query.titles`` A, ``query.outc`` D, ``query.term`` everything;
* ``sponsor_document`` and ``location_document`` (GIN each) for ``query.spons`` and ``query.locn``.

Words become ``plainto_tsquery`` (every word, stop words dropped, stemmed; the same as
``websearch_to_tsquery`` for words without operators), quoted phrases ``phraseto_tsquery``, and
Essie's AND / OR / NOT ``&&`` / ``||`` / ``!!`` (Essie's operators are not websearch syntax, so
the query goes through the Essie parser rather than straight into ``websearch_to_tsquery``).
Ranking is ``ts_rank_cd`` with the default weights; dates, numbers and enums are SQL predicates
(b-tree indexes on the usual filter columns, GIN on ``phases``). Sites are a side table with a GiST
index on ``ll_to_earth`` (earthdistance) when the extension can be created, otherwise a b-tree on
latitude and longitude and the haversine formula behind a bounding box.

One round trip a query: the matching set is a MATERIALIZED CTE, and the first page, the total and
every facet are aggregates over it in one UNION ALL. Query sessions set ``work_mem = 64MB`` and
``jit = off`` (the settings an engineer tuning this workload would choose; ``jit`` only adds
compile time to these queries).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from bench.peers import (
    FACETS,
    PAGE_SIZE,
    TOP_CONDITIONS,
    AllOf,
    Answer,
    AnyOf,
    Clause,
    Document,
    Everything,
    FieldIn,
    FieldMissing,
    FieldRange,
    Near,
    NoneOf,
    QueryPlan,
    StudyRow,
    Words,
    bounding_box,
    conjuncts,
    is_text,
    plan_query,
    study_row,
)

DEFAULT_DATABASE = "trialbase_peer_fts"
QUERY_SETTINGS = {"work_mem": "64MB", "jit": "off"}
BUILD_SETTINGS = {"maintenance_work_mem": "1GB", "work_mem": "64MB"}
WEIGHTS = {"title": "A", "condition": "B", "intervention": "C", "summary": "D", "outcome": "D"}
WEIGHTS.update(sponsor="D", location="D")
METERS_PER_MILE = 1609.344
EARTH_RADIUS_MILES = 3958.8

# The study table's columns in COPY order: a row number, then StudyRow's fields except the sites.
_COLUMNS = ("id", *(field.name for field in fields(StudyRow) if field.name != "sites"))

SCHEMA = """
CREATE FUNCTION tb_join(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_to_string($1, ' ; '), '') $$;
-- Restrict every lexeme of a query to some weights: 'erectil' & 'dysfunct' -> 'erectil':AB & ...
CREATE FUNCTION tb_weighted(tsquery, text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT regexp_replace($1::text, '(''(?:[^'']|'''')+'')', '\\1:' || $2, 'g')::tsquery $$;
CREATE TABLE peer_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE study (
    id integer PRIMARY KEY,
    nct_id text NOT NULL UNIQUE,
    title text NOT NULL,
    conditions text[] NOT NULL,
    condition_text text[] NOT NULL,
    intervention_text text[] NOT NULL,
    summary text NOT NULL,
    outcome_text text[] NOT NULL,
    sponsor_text text[] NOT NULL,
    location_text text[] NOT NULL,
    overall_status text,
    phases text[] NOT NULL,
    study_type text,
    funder_type text,
    sex text,
    healthy_volunteers boolean,
    has_results boolean NOT NULL,
    start_date date,
    primary_completion_date date,
    completion_date date,
    first_post_date date,
    last_update_date date,
    results_first_post_date date,
    enrollment integer,
    minimum_age_days double precision,
    maximum_age_days double precision,
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', tb_join(condition_text)), 'B')
        || setweight(to_tsvector('english', tb_join(intervention_text)), 'C')
        || setweight(to_tsvector('english', summary || ' ; ' || tb_join(outcome_text) || ' ; '
                                 || tb_join(sponsor_text) || ' ; ' || tb_join(location_text)), 'D')
    ) STORED,
    sponsor_document tsvector GENERATED ALWAYS AS (to_tsvector('english', tb_join(sponsor_text))) STORED,
    location_document tsvector GENERATED ALWAYS AS (to_tsvector('english', tb_join(location_text))) STORED
);
CREATE TABLE site (study_id integer NOT NULL, latitude double precision NOT NULL,
                   longitude double precision NOT NULL);
"""
INDEXES = """
CREATE INDEX study_document ON study USING gin (document);
CREATE INDEX study_sponsor_document ON study USING gin (sponsor_document);
CREATE INDEX study_location_document ON study USING gin (location_document);
CREATE INDEX study_phases ON study USING gin (phases);
CREATE INDEX study_overall_status ON study (overall_status);
CREATE INDEX study_study_type ON study (study_type);
CREATE INDEX study_funder_type ON study (funder_type);
CREATE INDEX study_start_date ON study (start_date);
CREATE INDEX study_last_update_date ON study (last_update_date);
CREATE INDEX study_enrollment ON study (enrollment);
"""
GEO_INDEXES = {  # besides site_study, so the planner can also check a few studies' own sites
    "earthdistance": "CREATE INDEX site_point ON site USING gist (ll_to_earth(latitude, longitude))",
    "haversine": "CREATE INDEX site_point ON site (latitude, longitude)",
}


_DROP = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def conninfo(location: str) -> str:
    """A libpq connection string from a URL (SQLAlchemy's ``postgresql+psycopg://`` too)."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", location)


def _admin(location: str) -> tuple[str, str]:
    """(connection string of the server's ``postgres`` database, name of the location's database)."""
    parts = conninfo_to_dict(conninfo(location))
    name = str(parts.get("dbname") or DEFAULT_DATABASE)
    return make_conninfo(**{**parts, "dbname": "postgres"}), name


def reachable(location: str) -> str | None:
    """None when the server answers, otherwise why not (first line of the error)."""
    admin, _ = _admin(location)
    try:
        with psycopg.connect(admin, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]
    return None


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _row(number: int, document: Document) -> tuple[tuple[Any, ...], list[tuple[float, float]]]:
    row = study_row(document)
    values = {"id": number, **{name: getattr(row, name) for name in _COLUMNS if name != "id"}}
    return tuple(values[name] for name in _COLUMNS), row.sites


class PostgresFts:
    """The PostgreSQL peer: ``location`` is the URL of its own database (created fresh by ``build``)."""

    name = "postgres"

    def __init__(self, connection: psycopg.Connection[Any], geo: str) -> None:
        self.connection = connection
        self.geo = geo
        row = connection.execute("SELECT pg_backend_pid()").fetchone()
        self.backend_pid = int(row[0]) if row else 0

    # -- building ---------------------------------------------------------------------------------

    @classmethod
    def build(cls, documents: Iterable[Document], location: str) -> dict[str, Any]:
        admin, name = _admin(location)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        started = time.perf_counter()
        with (
            psycopg.connect(conninfo(location), autocommit=True) as connection,
            psycopg.connect(conninfo(location)) as sites,
        ):
            geo = _geo_support(connection)
            connection.execute(SCHEMA)
            connection.execute("INSERT INTO peer_meta VALUES ('geo', %s)", (geo,))
            studies = _load(connection, sites, documents)
            loaded = time.perf_counter()
            for setting, value in BUILD_SETTINGS.items():
                connection.execute(sql.SQL("SET {} = {}").format(sql.Identifier(setting), sql.Literal(value)))
            connection.execute(INDEXES)
            connection.execute(GEO_INDEXES[geo])
            connection.execute("CREATE INDEX site_study ON site (study_id)")
            connection.execute("VACUUM ANALYZE study")
            connection.execute("VACUUM ANALYZE site")
            finished = time.perf_counter()
            sizes = connection.execute(
                "SELECT pg_database_size(current_database()), pg_total_relation_size('study'),"
                " pg_relation_size('study_document') + pg_relation_size('study_sponsor_document')"
                " + pg_relation_size('study_location_document')"
            ).fetchone()
        assert sizes is not None
        return {
            "studies": studies,
            "seconds": round(finished - started, 1),
            "load_seconds": round(loaded - started, 1),
            "index_seconds": round(finished - loaded, 1),
            "bytes": int(sizes[0]),
            "table_bytes": int(sizes[1]),
            "fts_index_bytes": int(sizes[2]),
            "geo": geo,
        }

    @classmethod
    def open(cls, location: str) -> PostgresFts:
        connection = psycopg.connect(conninfo(location), autocommit=True)
        for setting, value in QUERY_SETTINGS.items():
            connection.execute(sql.SQL("SET {} = {}").format(sql.Identifier(setting), sql.Literal(value)))
        row = connection.execute("SELECT value FROM peer_meta WHERE key = 'geo'").fetchone()
        return cls(connection, str(row[0]) if row else "haversine")

    @classmethod
    def drop(cls, location: str) -> None:
        admin, name = _admin(location)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def close(self) -> None:
        self.connection.close()

    def server_memory(self) -> dict[str, float]:
        """Peak and current resident memory of this session's server process (MiB), if readable."""
        try:
            status = Path(f"/proc/{self.backend_pid}/status").read_text()
        except OSError:
            return {}
        found = dict(re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB", status, re.MULTILINE))
        return {key: round(int(value) / 1024, 1) for key, value in found.items()}

    # -- searching --------------------------------------------------------------------------------

    def search(self, params: dict[str, str]) -> Answer:
        query, arguments = _statement(plan_query(params), self.geo)
        rows = self.connection.execute(query, arguments).fetchall()
        hits: list[str] = []
        total = 0
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
        for kind, key, count in rows:
            if kind == "hits":
                hits = key.split(",") if key else []
            elif kind == "total":
                total = int(count)
            elif key is not None:
                facets[kind].append((key, int(count)))
        for name in FACETS:
            facets[name].sort(key=lambda item: (-item[1], item[0]))
        return hits, total, facets


def _geo_support(connection: psycopg.Connection[Any]) -> str:
    try:
        with connection.transaction():
            connection.execute("CREATE EXTENSION IF NOT EXISTS cube")
            connection.execute("CREATE EXTENSION IF NOT EXISTS earthdistance")
    except psycopg.Error:
        return "haversine"
    return "earthdistance"


def _load(
    connection: psycopg.Connection[Any], sites: psycopg.Connection[Any], documents: Iterable[Document]
) -> int:
    """COPY the studies (and, on a second connection, their sites) in one transaction each."""
    started = last = time.perf_counter()
    count = 0
    columns = sql.SQL(", ").join(sql.Identifier(name) for name in _COLUMNS)
    with (
        connection.transaction(),
        connection.cursor().copy(sql.SQL("COPY study ({}) FROM STDIN").format(columns)) as study_copy,
        sites.cursor().copy("COPY site (study_id, latitude, longitude) FROM STDIN") as site_copy,
    ):
        for count, document in enumerate(documents, start=1):
            values, points = _row(count, document)
            study_copy.write_row(values)
            for latitude, longitude in points:
                site_copy.write_row((count, latitude, longitude))
            if time.perf_counter() - last > 10:
                last = time.perf_counter()
                _progress(f"postgres: {count:,} studies copied, {count / (last - started):,.0f}/s")
    sites.commit()
    return count


# -- query translation ---------------------------------------------------------------------------


def _target(columns: frozenset[str]) -> tuple[str, str]:
    """(tsvector column, weights to restrict to, '' for all) for words searched in ``columns``."""
    if columns == {"sponsor"}:
        return "sponsor_document", ""
    if columns == {"location"}:
        return "location_document", ""
    weights = "".join(sorted({WEIGHTS[column] for column in columns}))
    return "document", "" if weights == "ABCD" else weights


def _targets(clause: Clause) -> set[str]:
    if isinstance(clause, Words):
        return {_target(clause.columns)[0]}
    if isinstance(clause, AllOf | AnyOf):
        return set().union(*(_targets(item) for item in clause.items))
    if isinstance(clause, NoneOf):
        return _targets(clause.item)
    return set()


def _tsquery(clause: Clause, arguments: list[Any]) -> str:
    """A tsquery expression for a clause of words that all search the same tsvector."""
    if isinstance(clause, Words):
        function = "phraseto_tsquery" if clause.phrase else "plainto_tsquery"
        arguments.append(" ".join(clause.words))
        expression = f"{function}('english', %s)"
        weights = _target(clause.columns)[1]
        if weights:
            arguments.append(weights)
            expression = f"tb_weighted({expression}, %s)"
        return expression
    if isinstance(clause, AllOf | AnyOf):
        operator = " && " if isinstance(clause, AllOf) else " || "
        return "(" + operator.join(_tsquery(item, arguments) for item in clause.items) + ")"
    assert isinstance(clause, NoneOf), clause
    return f"(!! {_tsquery(clause.item, arguments)})"


def _geo(near: Near, geo: str, arguments: list[Any]) -> str:
    if geo == "earthdistance":
        meters = near.miles * METERS_PER_MILE
        arguments.extend([near.latitude, near.longitude, meters] * 2)
        return (
            "s.id IN (SELECT study_id FROM site WHERE"
            " earth_box(ll_to_earth(%s, %s), %s) @> ll_to_earth(latitude, longitude)"
            " AND earth_distance(ll_to_earth(%s, %s), ll_to_earth(latitude, longitude)) <= %s)"
        )
    south, north, west, east = bounding_box(near)
    arguments.extend([south, north, west, east, near.latitude, near.latitude, near.longitude])
    arguments.append(near.miles)
    return (
        "s.id IN (SELECT study_id FROM site WHERE latitude BETWEEN %s AND %s"
        " AND longitude BETWEEN %s AND %s AND 2 * 3958.8 * asin(sqrt("
        "sin(radians(latitude - %s) / 2) ^ 2 + cos(radians(%s)) * cos(radians(latitude))"
        " * sin(radians(longitude - %s) / 2) ^ 2)) <= %s)"
    )


def _predicate(clause: Clause, geo: str, arguments: list[Any]) -> str:
    """A SQL condition on ``study s`` for any clause."""
    if is_text(clause) and len(_targets(clause)) == 1:
        column = _targets(clause).pop()
        return f"s.{column} @@ {_tsquery(clause, arguments)}"
    if isinstance(clause, AllOf | AnyOf):
        operator = " AND " if isinstance(clause, AllOf) else " OR "
        return "(" + operator.join(_predicate(item, geo, arguments) for item in clause.items) + ")"
    if isinstance(clause, NoneOf):
        return f"NOT coalesce({_predicate(clause.item, geo, arguments)}, false)"
    if isinstance(clause, FieldRange):
        parts = []
        if clause.low is not None:
            arguments.append(clause.low)
            parts.append(f"s.{clause.column} >= %s")
        if clause.high is not None:
            arguments.append(clause.high)
            parts.append(f"s.{clause.column} <= %s")
        return "(" + " AND ".join(parts) + ")" if parts else f"s.{clause.column} IS NOT NULL"
    if isinstance(clause, FieldIn):
        arguments.append(list(clause.values))
        if clause.column == "phases":
            return "s.phases && %s::text[]"
        return f"s.{clause.column} = ANY(%s)"
    if isinstance(clause, FieldMissing):
        return f"s.{clause.column} IS NULL"
    if isinstance(clause, Near):
        return _geo(clause, geo, arguments)
    assert isinstance(clause, Everything), clause
    return "TRUE"


def _statement(plan: QueryPlan, geo: str) -> tuple[str, list[Any]]:
    """The one SQL statement that answers a query, and its arguments in order."""
    rank_arguments: list[Any] = []
    where_arguments: list[Any] = []
    by_column: dict[str, list[Clause]] = {}
    where: list[str] = []
    for clause in conjuncts(plan.match):
        targets = _targets(clause)
        if is_text(clause) and len(targets) == 1:
            by_column.setdefault(targets.pop(), []).append(clause)
        else:
            where.append(_predicate(clause, geo, where_arguments))
    ranks = []
    for column, clauses in by_column.items():
        combined = clauses[0] if len(clauses) == 1 else AllOf(tuple(clauses))
        where.append(f"s.{column} @@ {_tsquery(combined, where_arguments)}")
        if not plan.sort:
            ranks.append(f"ts_rank_cd(s.{column}, {_tsquery(combined, rank_arguments)})")
    for clause in plan.filters:
        where.append(_predicate(clause, geo, where_arguments))
    rank = " + ".join(ranks) or "0"
    if plan.sort:
        order = ", ".join(f"{column} {'DESC' if desc else 'ASC'} NULLS LAST" for column, desc in plan.sort)
        sort_columns = "".join(f", s.{column}" for column, _ in plan.sort if column not in {"nct_id"})
    else:
        order, sort_columns = "rank DESC", ""
    statement = f"""
        WITH m AS MATERIALIZED (
            SELECT s.id, s.nct_id, {rank} AS rank{sort_columns}, s.overall_status, s.phases,
                   s.study_type, s.funder_type, s.conditions
            FROM study s
            WHERE {" AND ".join(where) or "TRUE"}
        )
        SELECT 'hits', string_agg(nct_id, ',' ORDER BY {order}, id), NULL::bigint
            FROM (SELECT * FROM m ORDER BY {order}, id LIMIT {PAGE_SIZE}) page
        UNION ALL SELECT 'total', NULL, count(*) FROM m
        UNION ALL SELECT 'status', overall_status, count(*) FROM m GROUP BY overall_status
        UNION ALL SELECT 'phase', phase, count(*) FROM m, unnest(m.phases) phase GROUP BY phase
        UNION ALL SELECT 'studyType', study_type, count(*) FROM m GROUP BY study_type
        UNION ALL SELECT 'funderType', funder_type, count(*) FROM m GROUP BY funder_type
        UNION ALL (SELECT 'condition', condition, count(*) FROM m, unnest(m.conditions) condition
                   GROUP BY condition ORDER BY count(*) DESC, condition LIMIT {TOP_CONDITIONS})
    """
    return statement, rank_arguments + where_arguments
