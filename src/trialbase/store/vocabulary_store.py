"""The MeSH vocabulary in the store: replaced whole in one transaction, read as one snapshot.

A vocabulary is a set of ``Descriptor`` records (id, preferred name, tree numbers, entry terms).
``VocabularyStore.replace`` swaps the loaded vocabulary for another in a single transaction, so a
failed import leaves the previous one intact and readers see either the old or the new one,
never a mixture. ``snapshot()`` reads the descriptors, tree numbers and terms consistently for
building the in-memory concept index (``trialbase.search.concepts``).

Descriptor ids are kept in the form ClinicalTrials.gov writes them in ``derivedSection``
(``D`` and nine digits: ``D000009203``); NLM's files write older ids with six (``D009203``).
``descriptor_id()`` accepts either and returns the stored form.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from trialbase.store.engine import WRITE_OPTION
from trialbase.store.study_store import Clock, Store, utc_now
from trialbase.store.vocabulary_schema import (
    mesh_descriptor,
    mesh_entry_term,
    mesh_tree_number,
    mesh_vocabulary,
)

# Bump when term_key() changes. The version that made mesh_entry_term.term_key is recorded with the
# vocabulary; the in-memory concept index recomputes its keys from the terms themselves, so only
# SQL lookups by term_key depend on it (re-import to refresh them).
TERM_KEY_VERSION = 1

WriteProgress = Callable[[int, int], None]  # (rows written, rows in all)

_ID = re.compile(r"D(\d{6}|\d{9})")
_TREE_NUMBER = re.compile(r"[A-Z]\d{2}(\.\d{3})*")
_BATCH = 5000


class InvalidDescriptorId(ValueError):
    """Text that is not a MeSH descriptor id."""


def descriptor_id(text: str) -> str:
    """``D009203`` or ``D000009203`` (any case, surrounding space) -> ``D000009203``."""
    cleaned = text.strip().upper()
    if not _ID.fullmatch(cleaned):
        raise InvalidDescriptorId(
            f"{text!r} is not a MeSH descriptor id (D and six or nine digits, e.g. D009203 or D000009203)"
        )
    return "D" + cleaned[1:].rjust(9, "0")


def is_tree_number(text: str) -> bool:
    """``C06.552.308`` is a MeSH tree number: a letter, two digits, then groups of three."""
    return _TREE_NUMBER.fullmatch(text) is not None


_GREEK = str.maketrans({"α": " alpha ", "β": " beta ", "γ": " gamma ", "δ": " delta ", "κ": " kappa "})
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b|(?<=s)['’](?=\s|$)")
_NOT_WORD = re.compile(r"[\W_]+")


def term_key(text: str) -> str:
    """The form a term is filed and looked up under: case, accents, punctuation and possessives
    do not matter (``Alzheimer's Disease`` and ``alzheimer disease`` share ``alzheimer disease``).
    """
    if not text.isascii():
        folded = unicodedata.normalize("NFKD", text.translate(_GREEK))
        text = "".join(char for char in folded if not unicodedata.combining(char))
    text = text.casefold()
    if "'" in text or "’" in text:
        text = _POSSESSIVE.sub("", text)
    return _NOT_WORD.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Descriptor:
    """A MeSH descriptor: ``entry_terms`` are the other terms that name it (not the name itself)."""

    id: str
    name: str
    tree_numbers: tuple[str, ...] = ()
    entry_terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VocabularyInfo:
    version: str
    source: str
    imported_at: dt.datetime
    descriptor_count: int
    term_count: int
    tree_number_count: int
    term_key_version: int


class VocabularySnapshot:
    """The loaded vocabulary as of one moment, read through one transaction."""

    def __init__(self, connection: Connection, info: VocabularyInfo | None) -> None:
        self._connection = connection
        self.info = info

    def descriptors(self) -> Iterator[tuple[str, str]]:
        """``(id, name)`` of every descriptor, in id order."""
        query = select(mesh_descriptor.c.descriptor_id, mesh_descriptor.c.name).order_by(
            mesh_descriptor.c.descriptor_id
        )
        for row in self._connection.execute(query):
            yield row.descriptor_id, row.name

    def tree_numbers(self) -> Iterator[tuple[str, str]]:
        """``(tree number, descriptor id)``, in tree number order."""
        query = select(mesh_tree_number.c.tree_number, mesh_tree_number.c.descriptor_id).order_by(
            mesh_tree_number.c.tree_number
        )
        for row in self._connection.execute(query):
            yield row.tree_number, row.descriptor_id

    def terms(self) -> Iterator[tuple[str, str, str]]:
        """``(descriptor id, term, term key)`` of every term, the preferred name included, each
        descriptor's terms in the vocabulary's order."""
        query = select(
            mesh_entry_term.c.descriptor_id, mesh_entry_term.c.term, mesh_entry_term.c.term_key
        ).order_by(mesh_entry_term.c.descriptor_id, mesh_entry_term.c.position)
        for row in self._connection.execute(query):
            yield row.descriptor_id, row.term, row.term_key


class VocabularyStore:
    """Reads and replaces the MeSH vocabulary held in a ``Store``'s database."""

    def __init__(self, store: Store, *, clock: Clock = utc_now) -> None:
        self._store = store
        self._clock = clock

    def replace(
        self,
        descriptors: Iterable[Descriptor],
        *,
        source: str,
        version: str,
        progress: WriteProgress | None = None,
    ) -> VocabularyInfo:
        """Make ``descriptors`` the vocabulary, in one transaction (all or nothing).

        Raises ``ValueError`` (and changes nothing) for an invalid id or tree number, a
        descriptor listed twice, or a tree number given to two descriptors.
        """
        items = list(descriptors)
        _check(items)
        terms = _term_rows(items)
        trees = [
            {"tree_number": tree, "descriptor_id": item.id} for item in items for tree in item.tree_numbers
        ]
        info = VocabularyInfo(
            version=version,
            source=source,
            imported_at=self._clock(),
            descriptor_count=len(items),
            term_count=len(terms),
            tree_number_count=len(trees),
            term_key_version=TERM_KEY_VERSION,
        )
        writer = self._store.engine.connect().execution_options(**{WRITE_OPTION: True})
        with writer as connection, connection.begin():
            _lock_vocabulary(connection)
            for table in (mesh_entry_term, mesh_tree_number, mesh_descriptor, mesh_vocabulary):
                connection.execute(delete(table))
            written, total = 0, len(items) + len(trees) + len(terms)
            batches = (
                (mesh_descriptor, [{"descriptor_id": item.id, "name": item.name} for item in items]),
                (mesh_tree_number, trees),
                (mesh_entry_term, terms),
            )
            for table, rows in batches:
                for start in range(0, len(rows), _BATCH):
                    chunk = rows[start : start + _BATCH]
                    connection.execute(insert(table), chunk)
                    written += len(chunk)
                    if progress is not None:
                        progress(written, total)
            connection.execute(insert(mesh_vocabulary).values(id=1, **_info_columns(info)))
        return info

    def info(self) -> VocabularyInfo | None:
        """Which vocabulary is loaded (None when none was ever imported)."""
        with self._store.engine.connect() as connection:
            return _read_info(connection)

    def version(self) -> str | None:
        """The loaded vocabulary's version: cheap enough to poll for a change."""
        with self._store.engine.connect() as connection:
            return connection.execute(select(mesh_vocabulary.c.version)).scalar_one_or_none()

    @contextmanager
    def snapshot(self) -> Iterator[VocabularySnapshot]:
        """Read the whole vocabulary consistently, even while another process replaces it."""
        connection = self._store.engine.connect()
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection, connection.begin():
            yield VocabularySnapshot(connection, _read_info(connection))


def _check(items: list[Descriptor]) -> None:
    seen: set[str] = set()
    owners: dict[str, str] = {}
    for item in items:
        if descriptor_id(item.id) != item.id:
            raise ValueError(f"descriptor id {item.id!r} is not in the stored form (D and nine digits)")
        if item.id in seen:
            raise ValueError(f"descriptor {item.id} is listed twice")
        seen.add(item.id)
        if not item.name.strip():
            raise ValueError(f"descriptor {item.id} has no name")
        for tree in item.tree_numbers:
            if not is_tree_number(tree):
                raise ValueError(f"descriptor {item.id} has an invalid tree number {tree!r}")
            owner = owners.setdefault(tree, item.id)
            if owner != item.id:
                raise ValueError(f"tree number {tree} is given to both {owner} and {item.id}")


def _term_rows(items: list[Descriptor]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        terms = dict.fromkeys(" ".join(term.split()) for term in (item.name, *item.entry_terms))
        rows += [
            {"descriptor_id": item.id, "term": text, "position": position, "term_key": term_key(text)}
            for position, text in enumerate(term for term in terms if term)
        ]
    return rows


def _lock_vocabulary(connection: Connection) -> None:
    """One vocabulary import at a time; readers see the old vocabulary until the commit.

    SQLite already serialised writers with ``BEGIN IMMEDIATE`` (study writes wait for the few
    seconds the import takes); on PostgreSQL a self-conflicting table lock does it, and study
    writers are not held up.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("LOCK TABLE mesh_vocabulary IN SHARE ROW EXCLUSIVE MODE")


def _info_columns(info: VocabularyInfo) -> dict[str, Any]:
    return {name: getattr(info, name) for name in VocabularyInfo.__slots__}


def _read_info(connection: Connection) -> VocabularyInfo | None:
    row = connection.execute(select(mesh_vocabulary).where(mesh_vocabulary.c.id == 1)).first()
    if row is None:
        return None
    imported_at = row.imported_at
    if imported_at.tzinfo is None:  # SQLite hands back naive datetimes; the store writes UTC
        imported_at = imported_at.replace(tzinfo=dt.UTC)
    return VocabularyInfo(
        version=row.version,
        source=row.source,
        imported_at=imported_at,
        descriptor_count=row.descriptor_count,
        term_count=row.term_count,
        tree_number_count=row.tree_number_count,
        term_key_version=row.term_key_version,
    )
