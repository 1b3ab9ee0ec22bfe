"""Keeping an index current by following the store's change log.

``IndexFollower.catch_up()`` applies every change after the sequence number the index records
(``applied_seq`` in the generation's manifest): for each changed study, delete its document by
``nct_id`` and add its current version, then commit and record the new sequence number. It is
called in-process right after an import batch, and every second by a background thread in
long-running processes (``start()``/``stop()``).

Only one process at a time can hold tantivy's writer lock on a generation. A follower takes it
only when there is something to apply and lets go after committing; a process that cannot get
it leaves the work to the process that has it (its readers pick up that commit). Applying a
change twice is harmless, so the order "commit, then record the sequence number" never loses a
change: a crash in between only means the change is applied again.

A missing index is built, and so is one made with another schema version or from another
database (the manifest records the database's id; ``build_index`` makes a new generation and
swaps it in); each says so in the log.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from pathlib import Path

import tantivy

from trialbase.index.documents import document_json
from trialbase.index.index_dir import (
    OLD_GENERATION_GRACE_SECONDS,
    IndexInfo,
    build_index,
    build_lock,
    current_generation,
    index_root,
    read_manifest,
    remove_old_generations,
    utc_timestamp,
    write_manifest,
)
from trialbase.index.schema import SCHEMA_VERSION, open_tantivy
from trialbase.store import Store

log = logging.getLogger(__name__)

FOLLOWER_HEAP_SIZE = 100_000_000  # bytes; batches of changes are small
CHANGES_PER_COMMIT = 1000
CLEANUP_EVERY_SECONDS = 60.0


class IndexFollower:
    """Applies the store's changes to the current index generation under ``data_dir``."""

    def __init__(
        self,
        store: Store,
        data_dir: Path,
        *,
        poll_seconds: float = 1.0,
        build_missing: bool = True,
        grace_seconds: float = OLD_GENERATION_GRACE_SECONDS,
    ) -> None:
        self.store = store
        self.data_dir = Path(data_dir)
        self.poll_seconds = poll_seconds
        self.build_missing = build_missing
        self.grace_seconds = grace_seconds
        self._generation = ""
        self._index: tantivy.Index | None = None
        self._apply_lock = threading.Lock()  # one catch_up at a time in this process
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_cleanup = 0.0
        self._last_error = ""
        self._store_id: str | None = None
        self.last_build: IndexInfo | None = None

    # --- applying changes ---------------------------------------------------------------------

    def catch_up(self) -> int:
        """Apply every change not yet in the index; return how many studies changed.

        Returns 0 without waiting when another process holds the writer (it applies them) or
        is building the index.
        """
        with self._apply_lock:
            if not self._ensure_index():
                return 0
            path = index_root(self.data_dir) / self._generation
            if read_manifest(path).applied_seq >= self.store.last_seq():
                self._cleanup()
                return 0
            assert self._index is not None
            try:
                writer = self._index.writer(heap_size=FOLLOWER_HEAP_SIZE, num_threads=1)
            except ValueError as error:
                if "LockBusy" not in str(error):
                    raise
                log.debug("another process holds the index writer of %s; leaving the changes to it", path)
                return 0
            try:
                return self._apply(writer, path)
            except BaseException:
                writer.rollback()  # what was committed stays; the rest is applied next time
                raise
            finally:
                writer.wait_merging_threads()  # releases tantivy's writer lock

    def _apply(self, writer: tantivy.IndexWriter, path: Path) -> int:
        # Read the manifest only now, under the writer lock: another process may have moved it on.
        manifest = read_manifest(path)
        applied = manifest.applied_seq
        studies: set[str] = set()
        while True:
            changes = self.store.changes(applied, limit=CHANGES_PER_COMMIT)
            if not changes:
                return len(studies)
            batch = list(dict.fromkeys(change.nct_id for change in changes))
            for nct_id in batch:
                writer.delete_documents_by_term("nct_id", nct_id)
                stored = self.store.current(nct_id)
                if stored is not None:
                    writer.add_json(document_json(stored.document, nct_id=nct_id))
            writer.commit()
            applied = changes[-1].seq
            manifest = replace(manifest, applied_seq=applied, updated_at=utc_timestamp())
            write_manifest(path, manifest)
            studies.update(batch)

    def _ensure_index(self) -> bool:
        """Open the current generation (building one if needed); False if that has to wait."""
        name = current_generation(self.data_dir)
        if name is not None and name != self._generation:
            self._open(name)
        reason = "there is none yet" if name is None else self._unfit()
        if reason is None:
            return True
        if not self.build_missing:
            return False
        with build_lock(index_root(self.data_dir), blocking=False) as free:
            if not free:  # another process is building it: follow that one when it is done
                return False
            log.warning("building the search index under %s: %s", self.data_dir, reason)
        self._index = None
        self.last_build = build_index(self.store, self.data_dir, grace_seconds=self.grace_seconds)
        log.warning(
            "built search index %s: %d studies in %.1fs",
            self.last_build.generation,
            self.last_build.studies,
            self.last_build.seconds,
        )
        self._open(self.last_build.generation)
        return True

    def _unfit(self) -> str | None:
        """Why the current generation cannot be followed (None: it can)."""
        manifest = read_manifest(index_root(self.data_dir) / self._generation)
        if manifest.schema_version != SCHEMA_VERSION:
            return "it was built with another schema version"
        if self._store_id is None:
            self._store_id = self.store.identity()
        if manifest.store_id is not None and manifest.store_id != self._store_id:
            return "it was built from another database"
        if manifest.store_id is None and manifest.applied_seq > self.store.last_seq():
            # an index made before ids were recorded: one ahead of this database is not its own
            return "it holds changes this database does not have: it was built from another one"
        return None

    def _open(self, name: str) -> None:
        path = index_root(self.data_dir) / name
        self._index = open_tantivy(path)
        self._index.config_reader("manual")
        self._generation = name

    def _cleanup(self) -> None:
        now = time.monotonic()
        if now - self._last_cleanup >= CLEANUP_EVERY_SECONDS:
            self._last_cleanup = now
            remove_old_generations(self.data_dir, grace_seconds=self.grace_seconds)

    # --- following in the background --------------------------------------------------------

    def start(self) -> None:
        """Poll the change log every ``poll_seconds`` in a daemon thread until ``stop()``."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="index-follower", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> IndexFollower:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.catch_up()
                self._last_error = ""
            except Exception as error:  # keep following; say what went wrong, once per kind
                message = f"{type(error).__name__}: {error}"
                if message != self._last_error:
                    log.exception("the index follower could not apply changes under %s", self.data_dir)
                    self._last_error = message
            self._stop.wait(self.poll_seconds)
