"""The index directory: generations built whole, one ``current`` pointer, readers that follow it.

Layout under ``<data_dir>/index/``::

    current                  the name of the generation in use ("gen-3"), replaced atomically
    gen-3/                   a complete tantivy index ...
    gen-3/trialbase-index.json   ... and its manifest: schema version, the store's last applied
                             change-log sequence number, vocabulary version, build and update times
    .build.lock              held while a generation is being built

``build_index`` writes a new generation from the store and, once it is committed, points
``current`` at it; readers (``OpenIndex``) switch at their next search, and old generations
are removed after a grace period. Nothing here assumes one process: any number of processes
may read, builds are serialised by a file lock, and tantivy's own lock keeps one writer per
generation (see ``follower.py``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import tantivy

from trialbase.index.parallel_build import index_payloads
from trialbase.index.schema import SCHEMA_VERSION, open_tantivy
from trialbase.store import Store

INDEX_DIR = "index"
CURRENT = "current"
MANIFEST = "trialbase-index.json"
GENERATION_PREFIX = "gen-"
BUILD_LOCK = ".build.lock"

DEFAULT_HEAP_SIZE = 400_000_000  # bytes, shared by the writer threads (peak RSS ~1.2 GB at 600k studies)
DEFAULT_THREADS = max(1, min(os.cpu_count() or 2, 8))  # indexing threads: one per core
OLD_GENERATION_GRACE_SECONDS = 300.0

ProgressCallback = Callable[[int, int], None]  # (studies done, studies in all)


class IndexMissing(LookupError):
    """There is no index yet under the data folder (``trialbase reindex`` builds one)."""


class IndexOutOfDate(RuntimeError):
    """The index was built by another version of Trialbase (another schema); it needs a rebuild."""


@dataclass(frozen=True, slots=True)
class Manifest:
    schema_version: int
    applied_seq: int
    vocabulary_version: str | None
    built_at: str
    updated_at: str
    store_id: str | None = None  # the database it was built from (None: an index made before ids)

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "applied_seq": self.applied_seq,
            "vocabulary_version": self.vocabulary_version,
            "built_at": self.built_at,
            "updated_at": self.updated_at,
            "store_id": self.store_id,
        }


@dataclass(frozen=True, slots=True)
class IndexInfo:
    generation: str
    path: Path
    studies: int
    applied_seq: int
    seconds: float
    size_bytes: int


def index_root(data_dir: Path) -> Path:
    return Path(data_dir) / INDEX_DIR


def current_generation(data_dir: Path) -> str | None:
    """The name of the generation in use, or None when no index was built yet."""
    try:
        name = (index_root(data_dir) / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    return name or None


def index_exists(data_dir: Path) -> bool:
    name = current_generation(data_dir)
    return name is not None and (index_root(data_dir) / name / MANIFEST).exists()


def read_manifest(generation_path: Path) -> Manifest:
    try:
        raw = orjson.loads((generation_path / MANIFEST).read_bytes())
    except FileNotFoundError:
        raise IndexMissing(f"{generation_path} has no {MANIFEST}: it is not a complete index") from None
    return Manifest(
        schema_version=int(raw["schema_version"]),
        applied_seq=int(raw["applied_seq"]),
        vocabulary_version=raw.get("vocabulary_version"),
        built_at=str(raw["built_at"]),
        updated_at=str(raw.get("updated_at", raw["built_at"])),
        store_id=raw.get("store_id"),
    )


def write_manifest(generation_path: Path, manifest: Manifest) -> None:
    _replace_file(generation_path / MANIFEST, orjson.dumps(manifest.as_dict(), option=orjson.OPT_INDENT_2))


def utc_timestamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def build_index(
    store: Store,
    data_dir: Path,
    *,
    progress: ProgressCallback | None = None,
    heap_size: int = DEFAULT_HEAP_SIZE,
    threads: int = DEFAULT_THREADS,
    grace_seconds: float = OLD_GENERATION_GRACE_SECONDS,
) -> IndexInfo:
    """Build a new generation from the store's current versions and make it current.

    The change-log position is read *before* the studies, so a study changed during the build
    is applied again by the follower (re-applying is harmless), never missed.
    """
    started = time.monotonic()
    root = index_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    with build_lock(root):
        generation, path = _new_generation(root)
        try:
            store_id = store.identity()
            applied_seq = store.last_seq()
            total = store.count()
            done = _write_studies(store, path, heap_size, threads, total, progress)
            now = utc_timestamp()
            write_manifest(path, Manifest(SCHEMA_VERSION, applied_seq, None, now, now, store_id))
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        _replace_file(root / CURRENT, f"{generation}\n".encode())
    remove_old_generations(data_dir, grace_seconds=grace_seconds)
    return IndexInfo(generation, path, done, applied_seq, time.monotonic() - started, _size(path))


def _write_studies(
    store: Store, path: Path, heap_size: int, threads: int, total: int, progress: ProgressCallback | None
) -> int:
    index = open_tantivy(path, create=True)
    writer = index.writer(heap_size=heap_size, num_threads=threads)
    try:
        done = 0
        for payloads in index_payloads(store):
            for payload in payloads:
                writer.add_json(payload)
            done += len(payloads)
            if progress is not None:
                progress(done, total)
        writer.commit()
        writer.wait_merging_threads()  # merges finish before the generation goes live; frees the lock
    except BaseException:
        with contextlib.suppress(Exception):  # the first error is the one to report
            writer.rollback()  # stop the writer's threads before the caller removes the folder
        raise
    finally:
        del writer, index  # a traceback keeps the frame: drop the writer (and its files) now
    if progress is not None and done == 0:
        progress(done, total)
    return done


def _new_generation(root: Path) -> tuple[str, Path]:
    number = max((_generation_number(path.name) or 0 for path in root.iterdir()), default=0)
    while True:
        number += 1
        name = f"{GENERATION_PREFIX}{number}"
        try:
            (root / name).mkdir()
        except FileExistsError:
            continue
        return name, root / name


def _generation_number(name: str) -> int | None:
    if name.startswith(GENERATION_PREFIX) and name[len(GENERATION_PREFIX) :].isdigit():
        return int(name[len(GENERATION_PREFIX) :])
    return None


@contextlib.contextmanager
def build_lock(root: Path, *, blocking: bool = True) -> Iterator[bool]:
    """Hold the build lock of an index folder; yields False (not held) if busy and not blocking."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / BUILD_LOCK, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_old_generations(
    data_dir: Path, *, grace_seconds: float = OLD_GENERATION_GRACE_SECONDS
) -> list[str]:
    """Remove generations that are no longer current (once ``current`` is older than the grace
    period, so readers have switched) and unfinished ones no build is working on."""
    root = index_root(data_dir)
    current = current_generation(data_dir)
    if current is None or not root.exists():
        return []
    swapped_at = (root / CURRENT).stat().st_mtime
    settled = time.time() - swapped_at >= grace_seconds
    removed = []
    with build_lock(root, blocking=False) as no_build_running:
        for path in sorted(root.iterdir()):
            if path.name == current or _generation_number(path.name) is None:
                continue
            complete = (path / MANIFEST).exists()
            if (complete and settled) or (not complete and no_build_running):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
    return removed


class OpenIndex:
    """The current generation, opened for searching; follows swaps and commits.

    ``searcher()`` checks (two ``stat`` calls) whether ``current`` or the generation's manifest
    changed since it last looked: a new generation is opened, a commit by a follower (in this
    process or another) is picked up by reloading the reader. Safe to share between threads.
    """

    def __init__(self, data_dir: Path) -> None:
        self.root = index_root(data_dir)
        self._lock = threading.Lock()
        self._current_stamp: tuple[int, int] | None = None
        self._manifest_stamp: tuple[int, int] | None = None
        self._index: tantivy.Index | None = None
        self.generation = ""
        self.path = self.root
        self.manifest: Manifest | None = None
        self.refresh()

    @property
    def index(self) -> tantivy.Index:
        self.refresh()
        assert self._index is not None
        return self._index

    @property
    def schema(self) -> tantivy.Schema:
        return self.index.schema

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()

    def refresh(self) -> None:
        """Re-open or reload if the index changed on disk since the last look."""
        with self._lock:
            current_stamp = _stamp(self.root / CURRENT)
            if current_stamp is None:
                raise IndexMissing(f"no search index in {self.root} yet: run `trialbase reindex`")
            if current_stamp != self._current_stamp:
                name = (self.root / CURRENT).read_text().strip()
                if name != self.generation or self._index is None:
                    self._open(name)
                self._current_stamp = current_stamp
            manifest_stamp = _stamp(self.path / MANIFEST)
            if manifest_stamp != self._manifest_stamp:
                self.manifest = read_manifest(self.path)
                assert self._index is not None
                self._index.reload()
                self._manifest_stamp = manifest_stamp

    def _open(self, name: str) -> None:
        path = self.root / name
        manifest = read_manifest(path)
        if manifest.schema_version != SCHEMA_VERSION:
            raise IndexOutOfDate(
                f"the search index in {path} has schema version {manifest.schema_version}, this version "
                f"of Trialbase needs {SCHEMA_VERSION}: run `trialbase reindex`"
            )
        index = open_tantivy(path)
        index.config_reader("manual")
        self._index, self.generation, self.path = index, name, path
        self._manifest_stamp = None


def open_index(data_dir: Path) -> OpenIndex:
    """The index under ``data_dir`` opened for searching (``IndexMissing`` if none was built)."""
    return OpenIndex(data_dir)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns


def _replace_file(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically: readers see the old file or the new, never half."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def count_matches(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    """How many documents match ``query`` (the type stubs omit ``SearchResult.count``)."""
    result: Any = searcher.search(query, 1, count=True)
    return int(result.count)
