"""Following the change log: imports show up in the index, in this process and in others."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from tests.factories import changed, full_study, minimal_study
from tests.index.conftest import matching, write
from trialbase.index.follower import IndexFollower
from trialbase.index.index_dir import MANIFEST, build_index, index_root, open_index, read_manifest
from trialbase.index.schema import SCHEMA_VERSION, open_tantivy
from trialbase.ingest.pipeline import import_records
from trialbase.ingest.record import RecordLocation, SourceRecord
from trialbase.store import Store

ROOT = Path(__file__).resolve().parents[2]


def records(*documents: dict[str, object]) -> list[SourceRecord]:
    return [
        SourceRecord(RecordLocation("<test>", record=n), dict(d), None, (), {})
        for n, d in enumerate(documents)
    ]


def test_catch_up_applies_new_and_updated_studies(index_store: Store, data_dir: Path) -> None:
    write(index_store, full_study("NCT90000002"))
    build_index(index_store, data_dir)
    reader = open_index(data_dir)
    follower = IndexFollower(index_store, data_dir)
    assert follower.catch_up() == 0
    write(index_store, changed(full_study("NCT90000002"), last_update="2024-10-10"), minimal_study())
    assert follower.catch_up() == 2
    searcher = reader.searcher()
    assert searcher.num_docs == 2  # the updated study replaced, not added twice
    assert matching(searcher, reader.schema, "f_status", "COMPLETED") == ["NCT90000002"]
    assert matching(searcher, reader.schema, "f_status", "RECRUITING") == ["NCT90000001"]
    manifest = read_manifest(index_root(data_dir) / "gen-1")
    assert manifest.applied_seq == index_store.last_seq() == 3
    assert follower.catch_up() == 0


def test_an_import_batch_hook_keeps_the_index_current(index_store: Store, data_dir: Path) -> None:
    build_index(index_store, data_dir)
    follower = IndexFollower(index_store, data_dir)
    reader = open_index(data_dir)
    seen: list[int] = []

    def on_batch(_ids: list[str]) -> None:
        follower.catch_up()
        seen.append(reader.searcher().num_docs)

    studies = [minimal_study(f"NCT9000000{n}") for n in range(1, 6)]
    import_records(index_store, records(*studies), batch_size=2, on_batch=on_batch)
    assert seen == [2, 4, 5]


def test_a_missing_index_is_built_and_then_followed(index_store: Store, data_dir: Path) -> None:
    write(index_store, minimal_study())
    follower = IndexFollower(index_store, data_dir)
    assert follower.catch_up() == 0
    assert follower.last_build is not None
    assert follower.last_build.studies == 1
    write(index_store, full_study())
    assert follower.catch_up() == 1
    assert open_index(data_dir).searcher().num_docs == 2


def test_a_follower_that_may_not_build_waits_for_an_index(index_store: Store, data_dir: Path) -> None:
    write(index_store, minimal_study())
    assert IndexFollower(index_store, data_dir, build_missing=False).catch_up() == 0
    assert not index_root(data_dir).exists()


def test_an_index_of_another_schema_version_is_rebuilt(index_store: Store, data_dir: Path) -> None:
    write(index_store, minimal_study())
    build_index(index_store, data_dir)
    manifest_path = index_root(data_dir) / "gen-1" / MANIFEST
    raw = orjson.loads(manifest_path.read_bytes())
    manifest_path.write_bytes(orjson.dumps({**raw, "schema_version": SCHEMA_VERSION + 1}))
    follower = IndexFollower(index_store, data_dir)
    follower.catch_up()
    assert follower.last_build is not None
    assert follower.last_build.generation == "gen-2"
    assert open_index(data_dir).searcher().num_docs == 1


def test_an_index_of_another_database_is_rebuilt(index_store: Store, data_dir: Path, tmp_path: Path) -> None:
    """A data folder's index built from one database is not served for another (a database
    replaced beside an old index): the manifest's database id differs, so it is rebuilt."""
    write(index_store, minimal_study(), full_study("NCT90000002"))
    build_index(index_store, data_dir)
    other = Store.open(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        write(other, minimal_study("NCT90000007"))
        assert other.identity() != index_store.identity()
        follower = IndexFollower(other, data_dir)
        follower.catch_up()
        assert follower.last_build is not None
        assert follower.last_build.generation == "gen-2"
        reader = open_index(data_dir)
        assert matching(reader.searcher(), reader.schema, "nct_id", "NCT90000007") == ["NCT90000007"]
        assert reader.searcher().num_docs == 1
        assert read_manifest(index_root(data_dir) / "gen-2").store_id == other.identity()
    finally:
        other.close()


def test_an_index_without_a_database_id_that_is_ahead_of_the_database_is_rebuilt(
    index_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    """Indexes built before the id was recorded: one that has applied more changes than the
    database holds cannot be this database's."""
    write(index_store, minimal_study(), full_study("NCT90000002"), minimal_study("NCT90000003"))
    build_index(index_store, data_dir)
    manifest_path = index_root(data_dir) / "gen-1" / MANIFEST
    raw = orjson.loads(manifest_path.read_bytes())
    manifest_path.write_bytes(orjson.dumps({key: value for key, value in raw.items() if key != "store_id"}))
    assert IndexFollower(index_store, data_dir).catch_up() == 0  # its own database: followed
    other = Store.open(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        write(other, minimal_study("NCT90000007"))
        follower = IndexFollower(other, data_dir)
        follower.catch_up()
        assert follower.last_build is not None
        assert open_index(data_dir).searcher().num_docs == 1
    finally:
        other.close()


def test_when_another_process_holds_the_writer_only_readers_move(index_store: Store, data_dir: Path) -> None:
    build_index(index_store, data_dir)
    follower = IndexFollower(index_store, data_dir)
    holder = open_tantivy(index_root(data_dir) / "gen-1")
    writer = holder.writer(heap_size=15_000_000, num_threads=1)  # as if another process wrote
    write(index_store, minimal_study())
    assert follower.catch_up() == 0
    assert read_manifest(index_root(data_dir) / "gen-1").applied_seq == 0
    writer.wait_merging_threads()
    assert follower.catch_up() == 1


def test_a_follower_switches_to_a_new_generation(index_store: Store, data_dir: Path) -> None:
    build_index(index_store, data_dir)
    follower = IndexFollower(index_store, data_dir)
    follower.catch_up()
    build_index(index_store, data_dir)  # `trialbase reindex` elsewhere
    write(index_store, minimal_study())
    assert follower.catch_up() == 1
    reader = open_index(data_dir)
    assert reader.generation == "gen-2"
    assert reader.searcher().num_docs == 1


def test_the_background_thread_follows_by_polling(index_store: Store, data_dir: Path) -> None:
    build_index(index_store, data_dir)
    reader = open_index(data_dir)
    with IndexFollower(index_store, data_dir, poll_seconds=0.05):
        write(index_store, minimal_study())
        assert _eventually(lambda: reader.searcher().num_docs == 1)


@pytest.mark.slow
def test_a_second_process_sees_a_change_within_seconds(sqlite_url: str, data_dir: Path) -> None:
    store = Store.open(sqlite_url)
    try:
        build_index(store, data_dir)
        command = [sys.executable, "-m", "tests.index.follow_in_subprocess", sqlite_url, str(data_dir)]
        with subprocess.Popen(
            [*command, "NCT90000001"], cwd=ROOT, stdout=subprocess.PIPE, text=True
        ) as process:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
            write(store, minimal_study())  # this process writes the store and nothing else
            report = process.stdout.readline().strip()
            process.wait(timeout=30)
        assert report.startswith("seen "), report
        assert float(report.split()[1]) < 5
        # The other process applied it; this process's reader sees its commit too.
        reader = open_index(data_dir)
        assert matching(reader.searcher(), reader.schema, "nct_id", "NCT90000001") == ["NCT90000001"]
    finally:
        store.close()


def _eventually(check: object, timeout: float = 10.0) -> bool:
    assert callable(check)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False
