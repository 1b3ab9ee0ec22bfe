"""The study store: every published version kept whole, a current pointer, and a change log.

Writes come in batches; each batch is one transaction that lands whole or not at all. Writers are
serialised (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), and change-log sequence
numbers are assigned under that lock, so they increase in commit order and a follower that has
seen sequence *n* has seen everything before it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import orjson
from sqlalchemy import Engine, Select, bindparam, delete, func, insert, select, update

from trialbase.domain.study_facts import StudyFacts, study_facts
from trialbase.store import codec
from trialbase.store.engine import WRITE_OPTION, create_store_engine, lock_for_write
from trialbase.store.migrate import current_revision, head_revision, upgrade
from trialbase.store.schema import change_log, store_meta, study, study_alias, study_version

STORE_ID = "store_id"  # store_meta key of the database's own id

Clock = Callable[[], dt.datetime]
ChangeKind = Literal["new", "updated"]
WriteKind = Literal["new", "updated", "unchanged", "older", "partial"]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class PreparedStudy:
    """A validated document made ready for writing (the CPU-heavy part, done outside the lock)."""

    facts: StudyFacts
    content_hash: bytes
    blob: bytes
    provenance_json: str
    aliases: tuple[str, ...]
    synthetic: bool
    partial: bool

    @property
    def nct_id(self) -> str:
        return self.facts.nct_id


def prepare_study(document: dict[str, Any], provenance: dict[str, Any] | None = None) -> PreparedStudy:
    """Compress and hash a document that has passed ``validate_document``."""
    provenance = provenance or {}
    json_bytes = codec.to_json(document)
    facts = study_facts(document)
    aliases = document["protocolSection"]["identificationModule"].get("nctIdAliases") or ()
    return PreparedStudy(
        facts=facts,
        content_hash=codec.content_hash(document, json_bytes),
        blob=codec.compress(json_bytes),
        provenance_json=orjson.dumps(provenance).decode(),
        aliases=tuple(alias for alias in aliases if alias != facts.nct_id),
        synthetic=bool(provenance.get("synthetic")),
        partial=bool(provenance.get("partial")),
    )


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    nct_id: str
    kind: WriteKind
    version: int
    seq: int | None


@dataclass(frozen=True, slots=True)
class StoredVersion:
    nct_id: str
    version: int
    document: dict[str, Any]
    recorded_at: dt.datetime
    provenance: dict[str, Any]
    is_current: bool


@dataclass(frozen=True, slots=True)
class VersionSummary:
    version: int
    last_update_post_date: str | None
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StudyListing:
    """A line in a list of studies, from the derived columns only (no document decoding)."""

    nct_id: str
    brief_title: str | None
    overall_status: str | None
    last_update_post_date: str | None
    synthetic: bool


@dataclass(frozen=True, slots=True)
class Change:
    seq: int
    nct_id: str
    version: int
    kind: ChangeKind
    recorded_at: dt.datetime


class SchemaOutOfDate(RuntimeError):
    """The database was made by another version of Trialbase; run ``trialbase db upgrade``."""


class Store:
    """Studies and their versions in an SQL database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self.engine = engine
        self._clock = clock

    @classmethod
    def open(cls, url: str, *, migrate: bool = True, clock: Clock = utc_now) -> Store:
        """Open the store at ``url``; bring its schema up to date unless ``migrate`` is false."""
        engine = create_store_engine(url)
        if migrate:
            upgrade(engine)
        elif current_revision(engine) != head_revision():
            engine.dispose()
            shown = engine.url.render_as_string(hide_password=True)
            raise SchemaOutOfDate(f"the database at {shown} needs `trialbase db upgrade`")
        return cls(engine, clock=clock)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def clock(self) -> Clock:
        """The clock the store stamps writes with (the registry uses the same one)."""
        return self._clock

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # --- writing ------------------------------------------------------------------------------

    def write_batch(self, batch: Sequence[PreparedStudy]) -> list[WriteOutcome]:
        """Store a batch of studies in one transaction.

        A study not yet stored becomes version 1; a changed document becomes the next version; an
        identical one is a no-op ("unchanged"); one last updated before the current version is not
        made current ("older": loading an old snapshot never rolls a study back); a partial record
        (AACT tables) does not replace a complete one ("partial").
        """
        ids = [item.nct_id for item in batch]
        if len(set(ids)) != len(ids):
            raise ValueError("a batch may hold each NCT id only once")
        if not batch:
            return []
        now = self._clock()
        writer = self.engine.connect().execution_options(**{WRITE_OPTION: True})
        with writer as connection, connection.begin():
            lock_for_write(connection)
            existing = {
                row.nct_id: _Existing(
                    bytes(row.content_hash), row.current_version, row.last_update_post_date, row.partial
                )
                for row in connection.execute(
                    select(
                        study.c.nct_id,
                        study.c.content_hash,
                        study.c.current_version,
                        study.c.last_update_post_date,
                        study.c.partial,
                    ).where(study.c.nct_id.in_(ids))
                )
            }
            seq = connection.execute(select(func.coalesce(func.max(change_log.c.seq), 0))).scalar_one()
            outcomes = _classify(batch, existing, seq)
            new_rows = [item for item, outcome in zip(batch, outcomes, strict=True) if outcome.kind == "new"]
            updated_rows = [
                (item, outcome.version)
                for item, outcome in zip(batch, outcomes, strict=True)
                if outcome.kind == "updated"
            ]
            self._insert(connection, outcomes, new_rows, updated_rows, now)
        return outcomes

    def _insert(
        self,
        connection: Any,
        outcomes: list[WriteOutcome],
        new_rows: list[PreparedStudy],
        updated_rows: list[tuple[PreparedStudy, int]],
        now: dt.datetime,
    ) -> None:
        seqs = {outcome.nct_id: outcome.seq for outcome in outcomes if outcome.seq is not None}
        if new_rows:
            connection.execute(
                insert(study),
                [
                    {
                        **item.facts.as_columns(),
                        "current_version": 1,
                        "content_hash": item.content_hash,
                        "synthetic": item.synthetic,
                        "partial": item.partial,
                        "first_recorded_at": now,
                        "updated_at": now,
                        "last_seq": seqs[item.nct_id],
                    }
                    for item in new_rows
                ],
            )
        versions = [(item, 1) for item in new_rows] + updated_rows
        if not versions:
            return
        connection.execute(
            insert(study_version),
            [
                {
                    "nct_id": item.nct_id,
                    "version": version,
                    "content_hash": item.content_hash,
                    "document": item.blob,
                    "last_update_post_date": item.facts.last_update_post_date,
                    "recorded_at": now,
                    "provenance": item.provenance_json,
                }
                for item, version in versions
            ],
        )
        if updated_rows:
            columns = [name for name in StudyFacts.__slots__ if name != "nct_id"]
            connection.execute(
                update(study)
                .where(study.c.nct_id == bindparam("b_nct_id"))
                .values(
                    current_version=bindparam("b_version"),
                    content_hash=bindparam("b_hash"),
                    synthetic=bindparam("b_synthetic"),
                    partial=bindparam("b_partial"),
                    updated_at=bindparam("b_now"),
                    last_seq=bindparam("b_seq"),
                    **{name: bindparam(f"b_{name}") for name in columns},
                ),
                [
                    {
                        "b_nct_id": item.nct_id,
                        "b_version": version,
                        "b_hash": item.content_hash,
                        "b_synthetic": item.synthetic,
                        "b_partial": item.partial,
                        "b_now": now,
                        "b_seq": seqs[item.nct_id],
                        **{f"b_{name}": getattr(item.facts, name) for name in columns},
                    }
                    for item, version in updated_rows
                ],
            )
            connection.execute(
                delete(study_alias).where(study_alias.c.nct_id.in_([item.nct_id for item, _ in updated_rows]))
            )
        connection.execute(
            insert(change_log),
            [
                {
                    "seq": seqs[item.nct_id],
                    "nct_id": item.nct_id,
                    "version": version,
                    "kind": "new" if version == 1 else "updated",
                    "recorded_at": now,
                }
                for item, version in sorted(versions, key=lambda pair: seqs[pair[0].nct_id])
            ],
        )
        self._write_aliases(connection, [item for item, _ in versions if item.aliases])

    def _write_aliases(self, connection: Any, items: list[PreparedStudy]) -> None:
        if not items:
            return
        wanted = {alias: item.nct_id for item in items for alias in item.aliases}
        taken = {
            row.alias
            for row in connection.execute(
                select(study_alias.c.alias).where(study_alias.c.alias.in_(list(wanted)))
            )
        }
        rows = [{"alias": alias, "nct_id": nct_id} for alias, nct_id in wanted.items() if alias not in taken]
        if rows:
            connection.execute(insert(study_alias), rows)

    # --- reading ------------------------------------------------------------------------------

    def current(self, nct_id: str) -> StoredVersion | None:
        query = _current_versions(select(study_version)).where(study.c.nct_id == nct_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else _stored(row, is_current=True)

    def current_json_many(self, nct_ids: Sequence[str]) -> dict[str, bytes]:
        """The current documents of these studies as compact JSON bytes, in one query and without
        decoding them (the API re-encodes them straight from bytes); absent ids are left out."""
        if not nct_ids:
            return {}
        query = _current_versions(select(study_version.c.nct_id, study_version.c.document)).where(
            study.c.nct_id.in_(list(dict.fromkeys(nct_ids)))
        )
        with self.engine.connect() as connection:
            return {row.nct_id: codec.decompress(row.document) for row in connection.execute(query)}

    def current_many(self, nct_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The current documents of these studies in one query (absent ids are left out)."""
        return {nct_id: codec.from_json(raw) for nct_id, raw in self.current_json_many(nct_ids).items()}

    def version(self, nct_id: str, version: int) -> StoredVersion | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(study_version).where(
                    (study_version.c.nct_id == nct_id) & (study_version.c.version == version)
                )
            ).first()
            if row is None:
                return None
            current = connection.execute(
                select(study.c.current_version).where(study.c.nct_id == nct_id)
            ).scalar_one()
        return _stored(row, is_current=current == version)

    def history(self, nct_id: str) -> list[VersionSummary]:
        query = (
            select(
                study_version.c.version, study_version.c.last_update_post_date, study_version.c.recorded_at
            )
            .where(study_version.c.nct_id == nct_id)
            .order_by(study_version.c.version)
        )
        with self.engine.connect() as connection:
            return [
                VersionSummary(row.version, row.last_update_post_date, _aware(row.recorded_at))
                for row in connection.execute(query)
            ]

    def resolve_alias(self, alias: str) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(study_alias.c.nct_id).where(study_alias.c.alias == alias)
            ).scalar_one_or_none()

    def recently_updated(self, limit: int = 50) -> list[StudyListing]:
        query = (
            select(
                study.c.nct_id,
                study.c.brief_title,
                study.c.overall_status,
                study.c.last_update_post_date,
                study.c.synthetic,
            )
            .order_by(study.c.last_update_post_date.desc().nulls_last(), study.c.nct_id)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [StudyListing(*row) for row in connection.execute(query)]

    def listings(self, nct_ids: Sequence[str]) -> dict[str, StudyListing]:
        """The listing lines of these studies (absent ids are left out)."""
        if not nct_ids:
            return {}
        query = select(
            study.c.nct_id,
            study.c.brief_title,
            study.c.overall_status,
            study.c.last_update_post_date,
            study.c.synthetic,
        ).where(study.c.nct_id.in_(list(nct_ids)))
        with self.engine.connect() as connection:
            return {row.nct_id: StudyListing(*row) for row in connection.execute(query)}

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(study)).scalar_one())

    def count_versions(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(study_version)).scalar_one())

    def last_seq(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.coalesce(func.max(change_log.c.seq), 0))).scalar_one())

    def changes(self, after_seq: int = 0, limit: int = 1000) -> list[Change]:
        """Changes with a sequence number above ``after_seq``, oldest first."""
        query = select(change_log).where(change_log.c.seq > after_seq).order_by(change_log.c.seq).limit(limit)
        with self.engine.connect() as connection:
            return [
                Change(row.seq, row.nct_id, row.version, row.kind, _aware(row.recorded_at))
                for row in connection.execute(query)
            ]

    def last_seq_before(self, moment: dt.datetime) -> int:
        """The last sequence number recorded before ``moment`` (0 if none): ``changes(after_seq=``
        that ``)`` are the changes since ``moment`` (a naive moment is taken as UTC)."""
        utc = _aware(moment).astimezone(dt.UTC)  # SQLite compares the stored UTC text
        query = select(func.coalesce(func.max(change_log.c.seq), 0)).where(change_log.c.recorded_at < utc)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def iter_current(
        self, batch_size: int = 1000, *, after: str = "", until: str | None = None
    ) -> Iterator[StoredVersion]:
        """Every study's current version, in NCT id order, read in batches (for rebuilds);
        with ``after``/``until``, only the NCT ids in ``(after, until]``."""
        while True:
            query = (
                _current_versions(select(study_version))
                .where(study.c.nct_id > after)
                .order_by(study.c.nct_id)
                .limit(batch_size)
            )
            if until is not None:
                query = query.where(study.c.nct_id <= until)
            with self.engine.connect() as connection:
                rows = connection.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield _stored(row, is_current=True)
            after = rows[-1].nct_id

    def current_id_marks(self, step: int) -> list[str]:
        """Every ``step``-th NCT id of the studies, and the last one: the bounds that cut
        ``iter_current`` into ranges of ``step`` studies."""
        query = select(study.c.nct_id).order_by(study.c.nct_id)
        with self.engine.connect() as connection:
            ids = connection.execute(query).scalars().all()
        marks = list(ids[step - 1 :: step])
        if ids and (not marks or marks[-1] != ids[-1]):
            marks.append(ids[-1])
        return marks

    @property
    def url(self) -> str:
        """The database URL, password included (for worker processes that open it again)."""
        return self.engine.url.render_as_string(hide_password=False)

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(store_meta.c.value).where(store_meta.c.key == key)
            ).scalar_one_or_none()

    def identity(self) -> str:
        """This database's own id, made on first use. A search index records the id of the
        database it was built from, so that an index of another database is never followed."""
        found = self.get_meta(STORE_ID)
        if found is not None:
            return found
        writer = self.engine.connect().execution_options(**{WRITE_OPTION: True})
        with writer as connection, connection.begin():
            lock_for_write(connection)
            found = connection.execute(
                select(store_meta.c.value).where(store_meta.c.key == STORE_ID)
            ).scalar_one_or_none()
            if found is None:  # not made by another process meanwhile
                found = uuid.uuid4().hex
                connection.execute(insert(store_meta).values(key=STORE_ID, value=found))
        return found

    def set_meta(self, key: str, value: str) -> None:
        writer = self.engine.connect().execution_options(**{WRITE_OPTION: True})
        with writer as connection, connection.begin():
            lock_for_write(connection)
            connection.execute(delete(store_meta).where(store_meta.c.key == key))
            connection.execute(insert(store_meta).values(key=key, value=value))


@dataclass(frozen=True, slots=True)
class _Existing:
    content_hash: bytes
    version: int
    last_update_post_date: str | None
    partial: bool


def _classify(batch: Sequence[PreparedStudy], existing: dict[str, _Existing], seq: int) -> list[WriteOutcome]:
    """Decide for each study whether it is new, a new version, unchanged or older than stored."""
    outcomes = []
    for item in batch:
        known = existing.get(item.nct_id)
        if known is None:
            seq += 1
            outcomes.append(WriteOutcome(item.nct_id, "new", 1, seq))
        elif known.content_hash == item.content_hash:
            outcomes.append(WriteOutcome(item.nct_id, "unchanged", known.version, None))
        elif _is_older(item.facts.last_update_post_date, known.last_update_post_date):
            outcomes.append(WriteOutcome(item.nct_id, "older", known.version, None))
        elif item.partial and not known.partial:
            outcomes.append(WriteOutcome(item.nct_id, "partial", known.version, None))
        else:
            seq += 1
            outcomes.append(WriteOutcome(item.nct_id, "updated", known.version + 1, seq))
    return outcomes


def _current_versions(query: Select[Any]) -> Select[Any]:
    """Join a query on study_version to the study table, keeping only current versions."""
    return query.join(
        study,
        (study.c.nct_id == study_version.c.nct_id) & (study.c.current_version == study_version.c.version),
    )


def _is_older(incoming: str | None, current: str | None) -> bool:
    return incoming is not None and current is not None and incoming < current


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every time the store writes is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _stored(row: Any, *, is_current: bool) -> StoredVersion:
    return StoredVersion(
        nct_id=row.nct_id,
        version=row.version,
        document=codec.from_blob(row.document),
        recorded_at=_aware(row.recorded_at),
        provenance=orjson.loads(row.provenance),
        is_current=is_current,
    )
