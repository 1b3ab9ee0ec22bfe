"""SQLite FTS5 as a peer: one contentless FTS5 table with a column per kind of text, bm25 weights.

``study_text`` (FTS5, ``porter unicode61 remove_diacritics 2``, ``content=''``) has the columns
title, condition, intervention, summary, outcome, sponsor and location, ranked by
``bm25(study_text, 10, 8, 6, 2, 2, 2, 1)`` (titles first, as ClinicalTrials.gov's area weights
order them). ``query.cond`` is the FTS5 column filter ``{title condition} : (...)``,
``query.intr`` ``{title intervention}``, ``query.spons`` ``{sponsor}`` and so on; Essie's AND / OR
map to FTS5's, ``a AND NOT b`` to ``a NOT b``, phrases to quoted strings. FTS5 has no stop words,
so common English words are left out of unquoted terms (a phrase keeps them). A NOT without a
positive partner, and words below an OR beside a field predicate, become ``id [NOT] IN (SELECT
rowid ... MATCH ...)``.

The values filters need sit in ``study`` (b-tree indexes on the usual filter columns), phases and
conditions in side tables, sites in an R*Tree with the exact coordinates beside it: a bounding
box from the index, then the haversine distance. A query fills an in-memory temporary table with
the matching set (id, rank and the single-valued facet columns), then reads the first page, the
total and every facet from it.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.peers import (
    EVERYWHERE,
    FACETS,
    PAGE_SIZE,
    TEXT_COLUMNS,
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
    Words,
    bounding_box,
    conjuncts,
    is_text,
    plan_query,
    study_row,
)

BM25_WEIGHTS = {"title": 10.0, "condition": 8.0, "intervention": 6.0, "summary": 2.0, "outcome": 2.0}
BM25_WEIGHTS.update(sponsor=2.0, location=1.0)
BATCH = 2000
# FTS5 has no stop words; these would otherwise have to appear in every match (PostgreSQL drops them).
_STOP_WORDS_TEXT = (
    "a an and are as at be but by for from had has have in into is it its me my of on or our so "
    "that the their this to was we were what when which who will with you your"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_POSSESSIVE = re.compile(r"['’]s$")
_FACT_COLUMNS = (
    "nct_id",
    "overall_status",
    "study_type",
    "funder_type",
    "sex",
    "healthy_volunteers",
    "has_results",
    "start_date",
    "primary_completion_date",
    "completion_date",
    "first_post_date",
    "last_update_date",
    "results_first_post_date",
    "enrollment",
    "minimum_age_days",
    "maximum_age_days",
)
SCHEMA = f"""
CREATE TABLE study (id INTEGER PRIMARY KEY, nct_id TEXT NOT NULL UNIQUE, overall_status TEXT,
    study_type TEXT, funder_type TEXT, sex TEXT, healthy_volunteers INTEGER, has_results INTEGER NOT NULL,
    start_date TEXT, primary_completion_date TEXT, completion_date TEXT, first_post_date TEXT,
    last_update_date TEXT, results_first_post_date TEXT, enrollment INTEGER, minimum_age_days REAL,
    maximum_age_days REAL);
CREATE TABLE study_phase (study_id INTEGER NOT NULL, phase TEXT NOT NULL);
CREATE TABLE study_condition (study_id INTEGER NOT NULL, condition TEXT NOT NULL);
CREATE VIRTUAL TABLE site USING rtree(id, min_lat, max_lat, min_lon, max_lon,
    +study_id INTEGER, +latitude REAL, +longitude REAL);
CREATE VIRTUAL TABLE study_text USING fts5({", ".join(TEXT_COLUMNS)}, content='',
    tokenize='porter unicode61 remove_diacritics 2');
"""
INDEXES = """
CREATE INDEX study_phase_study ON study_phase (study_id);
CREATE INDEX study_phase_phase ON study_phase (phase);
CREATE INDEX study_condition_study ON study_condition (study_id);
CREATE INDEX study_overall_status ON study (overall_status);
CREATE INDEX study_study_type ON study (study_type);
CREATE INDEX study_funder_type ON study (funder_type);
CREATE INDEX study_start_date ON study (start_date);
CREATE INDEX study_last_update_date ON study (last_update_date);
CREATE INDEX study_enrollment ON study (enrollment);
"""
MILES = (
    "2 * 3958.8 * asin(sqrt(pow(sin(radians(latitude - ?) / 2), 2)"
    " + cos(radians(?)) * cos(radians(latitude)) * pow(sin(radians(longitude - ?) / 2), 2)))"
)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("SELECT asin(sin(radians(1)))")
    except sqlite3.OperationalError:  # an SQLite built without its math functions
        import math

        connection.create_function("sin", 1, math.sin, deterministic=True)
        connection.create_function("cos", 1, math.cos, deterministic=True)
        connection.create_function("asin", 1, math.asin, deterministic=True)
        connection.create_function("sqrt", 1, math.sqrt, deterministic=True)
        connection.create_function("radians", 1, math.radians, deterministic=True)
        connection.create_function("pow", 2, math.pow, deterministic=True)
    return connection


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


class SqliteFts5:
    """The SQLite peer: ``location`` is the path of its database file (replaced by ``build``)."""

    name = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    @classmethod
    def build(cls, documents: Iterable[Document], location: str) -> dict[str, Any]:
        path = Path(location)
        cls.drop(location)
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        connection = _connect(path)
        try:
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -1048576"):
                connection.execute(f"PRAGMA {pragma}")
            connection.executescript(SCHEMA)
            studies = _load(connection, documents)
            loaded = time.perf_counter()
            connection.execute("INSERT INTO study_text(study_text) VALUES ('optimize')")
            connection.executescript(INDEXES)
            connection.execute("ANALYZE")
            finished = time.perf_counter()
            fts_bytes = connection.execute(
                "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'study_text%'"
            ).fetchone()[0]
        finally:
            connection.close()
        return {
            "studies": studies,
            "seconds": round(finished - started, 1),
            "load_seconds": round(loaded - started, 1),
            "index_seconds": round(finished - loaded, 1),
            "bytes": path.stat().st_size,
            "fts_index_bytes": int(fts_bytes),
        }

    @classmethod
    def open(cls, location: str) -> SqliteFts5:
        if not Path(location).exists():
            raise FileNotFoundError(f"no SQLite peer database at {location}: build it first")
        connection = _connect(Path(location))
        for pragma in ("temp_store = MEMORY", "cache_size = -262144"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute(
            "CREATE TEMP TABLE m (id INTEGER PRIMARY KEY, rank REAL, overall_status TEXT,"
            " study_type TEXT, funder_type TEXT)"
        )
        return cls(connection)

    @classmethod
    def drop(cls, location: str) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{location}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        self.connection.close()

    def search(self, params: dict[str, str]) -> Answer:
        plan = plan_query(params)
        fill, arguments = _fill(plan)
        run = self.connection.execute
        run("DELETE FROM temp.m")
        run(fill, arguments)
        # CROSS JOIN keeps temp.m (no statistics) as the outer loop: SQLite's way to fix join order.
        if plan.sort:
            order = ", ".join(
                f"s.{column} {'DESC' if desc else 'ASC'} NULLS LAST" for column, desc in plan.sort
            )
            page = f"SELECT s.nct_id FROM temp.m m CROSS JOIN study s ON s.id = m.id ORDER BY {order}, m.id"
        else:
            page = (
                f"SELECT s.nct_id FROM (SELECT id, rank FROM temp.m ORDER BY rank, id LIMIT {PAGE_SIZE}) m"
                " CROSS JOIN study s ON s.id = m.id ORDER BY m.rank, m.id"
            )
        hits = [nct_id for (nct_id,) in run(f"{page} LIMIT {PAGE_SIZE}")]
        total = run("SELECT count(*) FROM temp.m").fetchone()[0]
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
        for name, column in (
            ("status", "overall_status"),
            ("studyType", "study_type"),
            ("funderType", "funder_type"),
        ):
            facets[name] = run(
                f"SELECT {column}, count(*) FROM temp.m WHERE {column} IS NOT NULL GROUP BY {column}"
            ).fetchall()
        facets["phase"] = run(
            "SELECT p.phase, count(*) FROM temp.m m CROSS JOIN study_phase p ON p.study_id = m.id"
            " GROUP BY p.phase"
        ).fetchall()
        facets["condition"] = run(
            "SELECT c.condition, count(*) AS n"
            " FROM temp.m m CROSS JOIN study_condition c ON c.study_id = m.id"
            f" GROUP BY c.condition ORDER BY n DESC, c.condition LIMIT {TOP_CONDITIONS}"
        ).fetchall()
        for name in FACETS:
            facets[name] = sorted(((str(k), int(n)) for k, n in facets[name]), key=lambda kv: (-kv[1], kv[0]))
        return hits, int(total), facets


def _load(connection: sqlite3.Connection, documents: Iterable[Document]) -> int:
    """Insert every study in one transaction, in batches."""
    started = last = time.perf_counter()
    count = 0
    placeholders = ", ".join("?" * (len(_FACT_COLUMNS) + 1))
    rows: dict[str, list[tuple[Any, ...]]] = {
        "study": [],
        "text": [],
        "phase": [],
        "condition": [],
        "site": [],
    }
    statements = {
        "study": f"INSERT INTO study (id, {', '.join(_FACT_COLUMNS)}) VALUES ({placeholders})",
        "text": f"INSERT INTO study_text (rowid, {', '.join(TEXT_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        "phase": "INSERT INTO study_phase VALUES (?, ?)",
        "condition": "INSERT INTO study_condition VALUES (?, ?)",
        "site": "INSERT INTO site (min_lat, max_lat, min_lon, max_lon, study_id, latitude, longitude)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
    }

    def flush() -> None:
        for name, batch in rows.items():
            connection.executemany(statements[name], batch)
            batch.clear()

    connection.execute("BEGIN")
    for count, document in enumerate(documents, start=1):
        row = study_row(document)
        rows["study"].append((count, *(_plain(getattr(row, column)) for column in _FACT_COLUMNS)))
        rows["text"].append(
            (
                count,
                row.title,
                " ; ".join(row.condition_text),
                " ; ".join(row.intervention_text),
                row.summary,
                " ; ".join(row.outcome_text),
                " ; ".join(row.sponsor_text),
                " ; ".join(row.location_text),
            )
        )
        rows["phase"].extend((count, phase) for phase in row.phases)
        rows["condition"].extend((count, condition) for condition in row.conditions)
        rows["site"].extend((lat, lat, lon, lon, count, lat, lon) for lat, lon in row.sites)
        if count % BATCH == 0:
            flush()
            if time.perf_counter() - last > 10:
                last = time.perf_counter()
                _progress(f"sqlite: {count:,} studies inserted, {count / (last - started):,.0f}/s")
    flush()
    connection.execute("COMMIT")
    return count


# -- query translation ---------------------------------------------------------------------------


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _words(clause: Words) -> str:
    if clause.phrase:
        expression = _quote(" ".join(clause.words))
    else:
        words = [_POSSESSIVE.sub("", word) for word in clause.words]
        kept = [w for w in words if w.lower() not in STOP_WORDS] or words
        expression = "(" + " AND ".join(_quote(w) for w in kept) + ")"
    if clause.columns == EVERYWHERE:
        return expression
    columns = " ".join(c for c in TEXT_COLUMNS if c in clause.columns)
    return f"{{{columns}}} : {expression}"


def _fts(clause: Clause) -> str | None:
    """An FTS5 MATCH expression for a clause of words, or None when FTS5 cannot say it alone."""
    if isinstance(clause, Words):
        return _words(clause)
    if isinstance(clause, AnyOf):
        parts = [_fts(item) for item in clause.items]
        return None if None in parts else "(" + " OR ".join(p for p in parts if p) + ")"
    if isinstance(clause, AllOf):
        positive = [_fts(i) for i in clause.items if not isinstance(i, NoneOf)]
        negative = [_fts(i.item) for i in clause.items if isinstance(i, NoneOf)]
        if not positive or None in positive or None in negative:
            return None
        expression = "(" + " AND ".join(p for p in positive if p) + ")"
        if negative:
            expression += " NOT (" + " OR ".join(n for n in negative if n) + ")"
        return expression
    return None


def _predicate(clause: Clause, arguments: list[Any]) -> str:
    """A SQL condition on ``study s`` for any clause."""
    if is_text(clause):
        expression = _fts(clause)
        if expression is not None:
            arguments.append(expression)
            return "s.id IN (SELECT rowid FROM study_text WHERE study_text MATCH ?)"
    if isinstance(clause, AllOf | AnyOf):
        operator = " AND " if isinstance(clause, AllOf) else " OR "
        return "(" + operator.join(_predicate(item, arguments) for item in clause.items) + ")"
    if isinstance(clause, NoneOf):
        return f"NOT coalesce({_predicate(clause.item, arguments)}, 0)"
    if isinstance(clause, FieldRange):
        parts = []
        if clause.low is not None:
            arguments.append(_plain(clause.low))
            parts.append(f"s.{clause.column} >= ?")
        if clause.high is not None:
            arguments.append(_plain(clause.high))
            parts.append(f"s.{clause.column} <= ?")
        return "(" + " AND ".join(parts) + ")" if parts else f"s.{clause.column} IS NOT NULL"
    if isinstance(clause, FieldIn):
        arguments.extend(clause.values)
        marks = ", ".join("?" * len(clause.values))
        if clause.column == "phases":
            return f"EXISTS (SELECT 1 FROM study_phase p WHERE p.study_id = s.id AND p.phase IN ({marks}))"
        return f"s.{clause.column} IN ({marks})"
    if isinstance(clause, FieldMissing):
        return f"s.{clause.column} IS NULL"
    if isinstance(clause, Near):
        south, north, west, east = bounding_box(clause)
        arguments.extend([north, south, east, west, clause.latitude, clause.latitude, clause.longitude])
        arguments.append(clause.miles)
        return (
            "s.id IN (SELECT study_id FROM site WHERE min_lat <= ? AND max_lat >= ?"
            f" AND min_lon <= ? AND max_lon >= ? AND {MILES} <= ?)"
        )
    assert isinstance(clause, Everything), clause
    return "1"


def _fill(plan: QueryPlan) -> tuple[str, list[Any]]:
    """The INSERT that puts the matching set (id, rank, facet columns) into temp.m."""
    arguments: list[Any] = []
    parts = conjuncts(plan.match)
    text = [part for part in parts if is_text(part)]
    match = _fts(text[0] if len(text) == 1 else AllOf(tuple(text))) if text else None
    if match is None:
        text = []
    where = [_predicate(part, arguments) for part in parts if part not in text]
    where += [_predicate(clause, arguments) for clause in plan.filters]
    condition = " AND ".join(where) or "1"
    columns = "s.overall_status, s.study_type, s.funder_type"
    if match is None:
        return f"INSERT INTO temp.m SELECT s.id, 0, {columns} FROM study s WHERE {condition}", arguments
    weights = ", ".join(str(BM25_WEIGHTS[column]) for column in TEXT_COLUMNS)
    statement = (
        f"INSERT INTO temp.m SELECT s.id, bm25(study_text, {weights}), {columns}"
        f" FROM study_text JOIN study s ON s.id = study_text.rowid"
        f" WHERE study_text MATCH ? AND {condition}"
    )
    return statement, [match, *arguments]
